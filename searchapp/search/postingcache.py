"""A term's postings as numpy arrays (document numbers, weights, positions), cached per catalog.

Reading whole posting blocks (`codec.blocks.leaf_blocks`), instead of stepping
a matcher one posting at a time, is what lets `scoring` score every document
at once. Document numbers are global: each segment is read at its offset,
and postings of deleted documents are kept (the catalog's `live` mask drops
them, `statistics` leaves them out of the document frequencies).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..codec.blocks import leaf_blocks
from ..codec.positions import position_keys

BUDGET_BYTES = 96 * 1024 * 1024  # per catalog; the bench corpus's common terms take 0.5–2 MB each


@dataclass(frozen=True)
class TermPostings:
    docs: np.ndarray  # int32 global document numbers, increasing
    weights: np.ndarray  # float64 weights (the term's frequency in the document, times the field boost)

    @property
    def nbytes(self) -> int:
        return self.docs.nbytes + self.weights.nbytes


@dataclass(frozen=True)
class TermPositions:
    keys: np.ndarray  # int64 (global document number << 32) + position, of every position: increasing

    @property
    def nbytes(self) -> int:
        return self.keys.nbytes


_EMPTY = np.zeros(0, dtype=np.int32)


class PostingCache:
    """The postings of the terms asked for, kept until `budget` bytes are exceeded (least recently used first)."""

    def __init__(self, reader, budget: int = BUDGET_BYTES):
        self._leaves = list(reader.leaf_readers())
        self.budget = budget
        self._entries: OrderedDict[tuple, TermPostings | TermPositions] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    @property
    def used(self) -> int:
        """Bytes held."""
        return self._used

    def keys(self) -> list[tuple[str, bytes, bool]]:
        """What is held: (field, term, whether its positions), the least recently used first."""
        with self._lock:
            return list(self._entries)

    def warm(self, keys: list[tuple[str, bytes, bool]]) -> None:
        """Read the postings (or positions) of `keys`, as `keys()` of another cache gives them."""
        for fieldname, text, positions in keys:
            (self.positions if positions else self.postings)(fieldname, text)

    def postings(self, fieldname: str, text: bytes) -> TermPostings:
        """Document numbers and weights of the term `text` (bytes, as indexed) of `fieldname`."""
        return self._cached((fieldname, text, False), lambda: self._read(fieldname, text, positions=False))

    def positions(self, fieldname: str, text: bytes) -> TermPositions:
        """Document numbers and positions of a term of a field indexed with positions."""
        return self._cached((fieldname, text, True), lambda: self._read(fieldname, text, positions=True))

    def _cached(self, key: tuple, read):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entries = read()
        with self._lock:
            for entry_key, entry in zip((key, (*key[:2], not key[2])), entries):
                if entry is not None and entry_key not in self._entries:
                    self._entries[entry_key] = entry
                    self._used += entry.nbytes
            while self._used > self.budget and len(self._entries) > 1:
                _, old = self._entries.popitem(last=False)
                self._used -= old.nbytes
        return entries[0]

    def _read(self, fieldname: str, text: bytes, positions: bool):
        """The term's postings, and its positions when asked (first, then the postings, read on the way)."""
        blocks: list[np.ndarray] = []
        weights: list[np.ndarray] = []
        values: list[bytes] = []
        for leaf, offset in self._leaves:
            for ids, block_weights, block_values in leaf_blocks(leaf, fieldname, text, positions):
                blocks.append(ids + offset)
                weights.append(block_weights)
                values.extend(block_values)
        docs = np.concatenate(blocks).astype(np.int32) if blocks else _EMPTY
        postings = TermPostings(docs, np.concatenate(weights) if weights else np.zeros(0))
        if not positions:
            return postings, None
        return TermPositions(position_keys(docs, values)), postings
