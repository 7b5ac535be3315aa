"""BM25F's collection statistics over the live documents only: those of an index built afresh from them.

Whoosh counts a deleted document in the document count, the document
frequencies and the field lengths until a merge drops it, so that a
generation updated in place (`codec.toc`) would rank otherwise than a
rebuild. Here the document count is that of the live documents, a term's
document frequency counts its live postings, and the average field length is
the live documents' exact lengths summed (saved in each segment) over
their number: the very numbers a rebuild gives, so that every score equals
the rebuild's to the last bit. Without deletions these are Whoosh's own.
`LiveBM25F` is BM25F over them, for the query shapes Whoosh scores itself.
"""

from __future__ import annotations

from math import log

import numpy as np
from whoosh.scoring import BM25F, BM25FScorer

from ..codec.lengths import field_b
from ..codec.toc import live_lengths
from .postingcache import PostingCache


class Statistics:
    """Document count, document frequencies and average lengths of an open generation's live documents."""

    def __init__(self, reader, live: np.ndarray, postings: PostingCache):
        self.reader = reader
        self.live = live
        self.doc_count = int(live.sum())
        self.deletions = self.doc_count < len(live)
        self.postings = postings
        self.schema = reader.schema
        if self.deletions:
            self._lengths = live_lengths(reader)
        else:
            self._lengths = {name: reader.field_length(name) for name, f in self.schema.items() if f.scorable}

    def doc_frequency(self, fieldname: str, text) -> int:
        """In how many live documents the term is (`text`: as indexed, or as the field parses it)."""
        if not self.deletions:
            return self.reader.doc_frequency(fieldname, text)
        if isinstance(text, str):
            text = self.schema[fieldname].to_bytes(text)
        if (fieldname, text) not in self.reader:
            return 0
        return int(np.count_nonzero(self.live[self.postings.postings(fieldname, text).docs]))

    def avg_field_length(self, fieldname: str) -> float:
        """The live documents' average length in a scorable field (Whoosh's division)."""
        return self._lengths.get(fieldname, 0) / (self.doc_count or 1)

    def idf(self, fieldname: str, text) -> float:
        """Whoosh's inverse document frequency (`WeightingModel.idf`), over the live documents."""
        return log(self.doc_count / (self.doc_frequency(fieldname, text) + 1)) + 1


class LiveBM25F(BM25F):
    """A BM25F weighting whose idf and average lengths are those of `statistics`."""

    def __init__(self, weighting: BM25F, statistics: Statistics):
        scorable = [name for name, f in statistics.schema.items() if f.scorable]
        super().__init__(B=weighting.B, K1=weighting.K1, **{f"{n}_B": field_b(weighting, n) for n in scorable})
        self.statistics = statistics

    def idf(self, searcher, fieldname, text):
        return self.statistics.idf(fieldname, text)

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, BM25FScorer):
            scorer.avgfl = self.statistics.avg_field_length(fieldname) or 1
        return scorer
