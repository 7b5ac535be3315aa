"""A term's postings as numpy arrays (document numbers, weights, positions), cached per catalog.

Whoosh's codec stores a term's postings in blocks of up to 128, each block one
(compressed) pickle of delta-coded document numbers, weights and encoded
positions. Reading whole blocks, instead of stepping a matcher one
posting at a time, is what lets `scoring` score every document at once.
Document numbers are global: each segment is read at its offset, and postings
of deleted documents are kept (the catalog's `live` mask drops them), as they
still count in Whoosh's statistics.

Like `segments`, this reads the internals of Whoosh's W3 codec (block data of
`W3LeafMatcher`, the pickled positions of the `Positions` format); Whoosh is
pinned to 2.7.
"""

from __future__ import annotations

import itertools
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

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
            for entry_key, entry in zip((key, key[:2] + (not key[2],)), entries):
                if entry is not None and entry_key not in self._entries:
                    self._entries[entry_key] = entry
                    self._used += entry.nbytes
            while self._used > self.budget and len(self._entries) > 1:
                _, old = self._entries.popitem(last=False)
                self._used -= old.nbytes
        return entries[0]

    def _read(self, fieldname: str, text: bytes, positions: bool):
        """The term's postings, and its positions when asked (first, then the postings, read on the way)."""
        docs, weights, values = [], [], []
        for leaf, offset in self._leaves:
            if (fieldname, text) not in leaf:
                continue
            matcher = leaf.postings(fieldname, text)
            if isinstance(matcher, FilterMatcher):  # deleted documents: kept, see the module's docstring
                matcher = matcher.child
            for ids, block_weights, block_values in _blocks(matcher, positions):
                docs.append(ids + offset)
                weights.append(block_weights)
                values.extend(block_values)
        docs = np.concatenate(docs).astype(np.int32) if docs else _EMPTY
        postings = TermPostings(docs, np.concatenate(weights) if weights else np.zeros(0))
        if not positions:
            return postings, None
        return TermPositions(_position_keys(docs, values)), postings


def _blocks(matcher, positions: bool):
    """(document numbers, weights, values or ()) of each block of a leaf matcher."""
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term info
        ids, weights, values = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value() if positions else None)
            matcher.next()
        yield np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), values if positions else ()
        return
    while matcher.is_active():
        matcher._read_data()
        deltas, weights, values = matcher._data
        count = len(deltas)
        if weights is None:
            weights = np.ones(count)
        elif isinstance(weights, float):
            weights = np.full(count, weights)
        else:
            weights = np.array(weights, dtype=np.float64)
        yield np.cumsum(np.array(deltas, dtype=np.int64)), weights, values if positions else ()
        matcher._next_block()


def _position_keys(docs: np.ndarray, values: list[bytes]) -> np.ndarray:
    """(document << 32) + position of every position of `docs`, encoded by Whoosh's `Positions` format.

    Each value is a 4-byte count and a protocol-2 pickle of the list of position
    deltas (its final STOP sometimes stripped). The pickles' bodies are joined into
    one pickle of a list of lists, so that the unpickler runs once, not once per posting.
    """
    if not values:
        return np.zeros(0, dtype=np.int64)
    bodies = b"".join(value[6:-1] if value.endswith(b".") else value[6:] for value in values)
    lists = pickle.loads(b"\x80\x02(" + bodies + b"l.")
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    starts = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    running = np.cumsum(np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(starts[-1])))
    before = np.concatenate([[0], running])[starts[:-1]]  # the running sum before each document's first delta
    return np.repeat(docs.astype(np.int64) << 32, lengths) + (running - np.repeat(before, lengths))
