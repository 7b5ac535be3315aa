"""An open, read-only view of the live index generation, reopened when it changes.

A `Catalog` holds what every search needs and is costly to rebuild: the
Whoosh searcher, the query parser, the numpy scorer with its posting cache,
the term table with its answers cached, and per-document facet ordinals and
date keys as numpy arrays, so that matching, ranking, facet counts and date
sorting are array arithmetic instead of per-document Python work.

The segment files are read through the file, not memory-mapped: Whoosh 2.7.4
copies each part of a mapped segment (postings, term index, stored fields)
into a `BytesIO`, some 200 MB per worker at 69,000 articles, whereas read
through the file the bytes stay once in the kernel's page cache for all.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh.filedb.filestore import FileStorage

from . import generations
from .facets import FACETS, MISSING, Facet, fold
from .lexicon import Lexicon
from .parser import WEIGHTING, QueryParser
from .postings import PostingCache
from .scoring import Scorer
from .termtable import TermTable


class NoIndex(RuntimeError):
    """No index generation has been published yet."""


@dataclass(frozen=True)
class FacetTable:
    """One facet's values and, for every (document, value) pair, the value's ordinal.

    A facet declared with `missing` has one more value, `MISSING`, carried by
    every document without a value of its own. The pairs are grouped by value,
    so that a value's count is a difference of a running count. A facet with
    few values also keeps each value's documents as a bitset, counted faster
    than the pairs when the bitsets are smaller.
    """

    values: tuple[str, ...]
    docs: np.ndarray  # int32 document numbers
    ords: np.ndarray  # int32 ordinals into `values`, aligned with `docs`, increasing
    starts: np.ndarray  # int64: the pairs of value i are docs[starts[i]:starts[i + 1]]
    folded: tuple[str, ...]  # `fold` of each value's label, for filtering
    ranks: np.ndarray  # int32 rank of each value in accent-insensitive name order
    index: dict[str, int]  # value → ordinal
    bits: np.ndarray | None = None  # little-endian uint64 (values × words): document n is bit n % 64 of word n // 64

    @classmethod
    def load(cls, reader, facet: Facet, size: int) -> FacetTable:
        values, docs, ords = [], [], []
        for ordinal, term in enumerate(reader.lexicon(facet.key)):
            values.append(term.decode("utf-8"))
            ids = np.fromiter(reader.postings(facet.key, term).all_ids(), dtype=np.int32)
            docs.append(ids)
            ords.append(np.full(len(ids), ordinal, dtype=np.int32))
        if facet.missing:
            covered = np.zeros(size, dtype=bool)
            covered[np.concatenate(docs) if docs else []] = True
            docs.append(np.flatnonzero(~covered).astype(np.int32))
            ords.append(np.full(len(docs[-1]), len(values), dtype=np.int32))
            values.append(MISSING)
        folded = tuple(fold(facet.label_of(value)) for value in values)
        order = sorted(range(len(values)), key=lambda i: (folded[i], values[i]))
        ranks = np.empty(len(values), dtype=np.int32)
        ranks[order] = np.arange(len(values), dtype=np.int32)
        empty = np.zeros(0, dtype=np.int32)
        docs, ords = (np.concatenate(docs), np.concatenate(ords)) if docs else (empty, empty)
        words = (size + 63) // 64
        bits = None
        if len(values) * words <= len(docs):
            bits = np.zeros((len(values), words), dtype="<u8")
            np.bitwise_or.at(bits, (ords, docs >> 6), np.left_shift(np.uint64(1), (docs & 63).astype("<u8")))
        starts = np.searchsorted(ords, np.arange(len(values) + 1))
        return cls(
            tuple(values),
            docs,
            ords,
            starts,
            folded,
            ranks,
            {value: ordinal for ordinal, value in enumerate(values)},
            bits,
        )

    def ordinals(self, selected) -> np.ndarray:
        return np.array([self.index[v] for v in selected if v in self.index], dtype=np.int32)

    def having(self, selected, size: int) -> np.ndarray:
        """Boolean mask of the documents carrying any of the `selected` values."""
        wanted = np.zeros(len(self.values), dtype=bool)
        wanted[self.ordinals(selected)] = True
        mask = np.zeros(size, dtype=bool)
        mask[self.docs[wanted[self.ords]]] = True
        return mask

    def between(self, low: int | None, high: int | None) -> list[str]:
        """The integer values from `low` to `high` (None: unbounded), both included."""
        return [
            value
            for value in self.values
            if value.isdigit() and (low is None or low <= int(value)) and (high is None or int(value) <= high)
        ]

    @cached_property
    def bounds(self) -> tuple[int, int] | None:
        """The lowest and highest integer value, None without any."""
        numbers = [int(value) for value in self.values if value.isdigit()]
        return (min(numbers), max(numbers)) if numbers else None

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """How many documents of `mask` carry each value."""
        if self.bits is None:  # a running count over the pairs: no gather of the ordinals of a mask
            running = np.zeros(len(self.docs) + 1, dtype=np.int64)
            np.cumsum(np.take(mask, self.docs), out=running[1:])
            return running[self.starts[1:]] - running[self.starts[:-1]]
        packed = np.zeros(self.bits.shape[1] * 8, dtype=np.uint8)
        packed[: (len(mask) + 7) // 8] = np.packbits(mask, bitorder="little")
        return np.bitwise_count(self.bits & packed.view("<u8")).sum(axis=1, dtype=np.int64)


class Catalog:
    """One published generation, opened for searching."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.index = FileStorage(str(self.path), supports_mmap=False, readonly=True).open_index()
        self.searcher = self.index.searcher(weighting=WEIGHTING)
        reader = self.searcher.reader()
        self.terms = TermTable(reader)
        self.scorer = Scorer(self.searcher, WEIGHTING, PostingCache(reader), self.terms)
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            self.live[[n for n in range(self.size) if reader.is_deleted(n)]] = False
        self.date_keys = np.fromiter(reader.column_reader("date_key"), dtype=np.int64, count=self.size)
        self.facets = {facet.key: FacetTable.load(reader, facet, self.size) for facet in FACETS}
        self.lexicon = Lexicon.load(self.path, reader)
        self.parser = QueryParser(
            self.index.schema,
            self.lexicon,
            reader,
            {
                key: [(value, folded) for value, folded in zip(table.values, table.folded) if value != MISSING]
                for key, table in self.facets.items()
            },
        )
        manifest = self.path / "manifest.json"
        self.manifest = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}

    @property
    def doc_count(self) -> int:
        return int(self.live.sum())

    def document(self, article_id: str) -> tuple[int, dict] | None:
        """The document number and stored fields of an article id, or None."""
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        return docnum, self.searcher.stored_fields(docnum)

    def close(self) -> None:
        self.searcher.close()


class LiveCatalog:
    """Hands out the catalog of the live generation, switching when CURRENT changes.

    The CURRENT pointer is read at most every `check_every` seconds; the
    previous catalog is closed once the new one is open. A generation that
    cannot be opened is logged and the previous one kept (tried again at the
    next check).
    """

    def __init__(self, index_dir: str | Path, check_every: float = 1.0):
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self._catalog: Catalog | None = None
        self._name: str | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> Catalog:
        now = time.monotonic()
        if self._catalog is None or now - self._checked >= self.check_every:
            with self._lock:
                self._refresh(now)
        if self._catalog is None:
            raise NoIndex(f"aucun index dans {self.index_dir} : lancez « searchapp index rebuild »")
        return self._catalog

    def _refresh(self, now: float) -> None:
        self._checked = now
        try:
            name = generations.pointer(self.index_dir)
            if name == self._name and self._catalog is not None:
                return
            path = generations.current(self.index_dir)
            if path is None:
                return
            catalog = Catalog(path)
        except Exception:  # serving the previous generation beats failing every request
            logging.getLogger(__name__).exception("index generation unreadable in %s", self.index_dir)
            return
        old, self._catalog, self._name = self._catalog, catalog, name
        if old is not None:
            old.close()

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None
