"""The index's term table, with its answers remembered: whether a term is indexed, and in how many documents.

Whoosh 2.7 reads its term table from the file at every such question (a hash
table walked in Python, some 10 µs), and a search asks each of its terms
several times: the scorer to read it and weigh the parts of a query, the
highlighter to know which terms exist. A `TermTable` stands in for the reader
where these questions are asked, and passes everything else on to it.
"""

from __future__ import annotations

from functools import lru_cache

from .statistics import Statistics

MAX_TERMS = 1 << 14  # remembered answers per question, least recently used dropped first


class TermTable:
    """A Whoosh reader whose `in` and `doc_frequency` answers are cached (one catalog's, never shared)
    and count the live documents only (`statistics`): a term only deleted documents hold is not in it."""

    def __init__(self, reader, statistics: Statistics):
        self._reader = reader
        self.doc_frequency = lru_cache(maxsize=MAX_TERMS)(statistics.doc_frequency)
        if statistics.deletions:
            self._has = lru_cache(maxsize=MAX_TERMS)(lambda fieldname, text: self.doc_frequency(fieldname, text) > 0)
        else:
            self._has = lru_cache(maxsize=MAX_TERMS)(lambda fieldname, text: (fieldname, text) in reader)

    def __contains__(self, term: tuple) -> bool:
        return self._has(*term)

    def __getattr__(self, name: str):
        return getattr(self._reader, name)
