"""Facet tables: for one facet, every (document, value) pair as numpy arrays, and counts over a mask.

Built once when a generation is opened (`Catalog`), so that filtering by a
facet and counting its values for a set of documents are array arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..facets import MISSING, Facet, value_key


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
    folded: tuple[str, ...]  # `value_key` of each value's label, for filtering
    ranks: np.ndarray  # int32 rank of each value in accent-insensitive name order
    index: dict[str, int]  # value → ordinal
    bits: np.ndarray | None = None  # little-endian uint64 (values × words): document n is bit n % 64 of word n // 64

    @classmethod
    def load(cls, reader, facet: Facet, live: np.ndarray) -> FacetTable:
        """The table of the `live` documents (a mask over the reader's): a value only deleted
        documents carry is not listed, nor is a deleted document missing a value."""
        size = len(live)
        values: list[str] = []
        docs: list[np.ndarray] = []
        ords: list[np.ndarray] = []
        for term in reader.lexicon(facet.key):
            ids = np.fromiter(reader.postings(facet.key, term).all_ids(), dtype=np.int32)  # live only
            if not len(ids):
                continue
            ords.append(np.full(len(ids), len(values), dtype=np.int32))
            values.append(term.decode("utf-8"))
            docs.append(ids)
        if facet.missing:
            covered = ~live
            covered[np.concatenate(docs) if docs else []] = True
            docs.append(np.flatnonzero(~covered).astype(np.int32))
            ords.append(np.full(len(docs[-1]), len(values), dtype=np.int32))
            values.append(MISSING)
        folded = tuple(value_key(facet.label_of(value)) for value in values)
        order = sorted(range(len(values)), key=lambda i: (folded[i], values[i]))
        ranks = np.empty(len(values), dtype=np.int32)
        ranks[order] = np.arange(len(values), dtype=np.int32)
        empty = np.zeros(0, dtype=np.int32)
        all_docs, all_ords = (np.concatenate(docs), np.concatenate(ords)) if docs else (empty, empty)
        words = (size + 63) // 64
        bits = None
        if len(values) * words <= len(all_docs):
            bits = np.zeros((len(values), words), dtype="<u8")
            shifts = (all_docs & 63).astype("<u8")
            np.bitwise_or.at(bits, (all_ords, all_docs >> 6), np.left_shift(np.uint64(1), shifts))
        starts = np.searchsorted(all_ords, np.arange(len(values) + 1))
        return cls(
            tuple(values),
            all_docs,
            all_ords,
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
