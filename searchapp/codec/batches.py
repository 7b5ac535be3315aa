"""Analysed documents as the segment writer takes them: a `Batch` of stored fields, lengths,
column values and postings grouped by field and term.

`invert_documents(schema, documents)` analyses documents the way Whoosh's
`SegmentWriter.add_document` would: each field gives its terms, frequencies,
weights and encoded values (through its `postings()` when it has one, else
Whoosh's `index()`); stored fields are pickled and compressed as Whoosh's
stored column holds them. The postings are flat numpy arrays, cheap to send
between processes and to merge (`segments.SegmentBuilder`).
"""

from __future__ import annotations

import operator
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pickle import dumps, loads
from typing import cast

import numpy as np

from ..analysis.tokens import TOKENS

STORED_LEVEL = 3  # zlib level of Whoosh's stored-fields column (CompressedBytesColumn's default)


@dataclass
class BatchPostings:
    """One field's postings in a batch, grouped by term (in byte order), then by document."""

    terms: list[bytes]
    counts: np.ndarray  # postings of each term
    docs: np.ndarray  # int32 document numbers
    weights: np.ndarray | None  # float32; None when all are 1.0
    values: bytes | None  # the encoded values, concatenated; None when the format stores none
    ends: np.ndarray | None  # end offset of each value in `values` (a batch's values stay far below 4 GB)


@dataclass
class Batch:
    """Analysed documents, numbered from 0 in corpus order."""

    stored: list[bytes] = field(default_factory=list)  # pickled, compressed stored fields
    lengths: dict[str, list[int]] = field(default_factory=dict)  # scorable field → exact lengths
    columns: dict[str, list] = field(default_factory=dict)  # column field → values (None: absent)
    postings: dict[str, BatchPostings] = field(default_factory=dict)
    words: Counter = field(default_factory=Counter)  # lexicon word → documents of the batch that have it

    def __len__(self) -> int:
        return len(self.stored)

    def stored_fields(self, n: int) -> dict:
        """The stored fields of document `n`."""
        return loads(zlib.decompress(self.stored[n])) if self.stored[n] else {}


def invert_documents(schema, documents: list[dict]) -> Batch:
    """The batch of `documents` (field name → value, as for Whoosh's `add_document`).

    A text field with `tokens(value)` (token numbers of `analysis.tokens.TOKENS`) is
    inverted for all documents at once by its `inverted`, and its words make
    the batch's lexicon counts. Another field's postings come from its
    `postings(value)` (terms as str, frequencies, weights and encoded values as
    four lists; values None when its format stores none) when it has one, else
    from Whoosh's `index(value)` (terms as bytes).
    """
    if any(f.vector or f.separate_spelling() for _, f in schema.items()):
        raise NotImplementedError("term vectors and spelling fields are not written")
    TOKENS.trim()
    batch = Batch(
        lengths={name: [0] * len(documents) for name, f in schema.items() if f.scorable},
        columns={name: [None] * len(documents) for name, f in schema.items() if f.column_type},
    )
    found: dict[str, _Found] = {}
    texts = {
        name: (array("i"), np.zeros(len(documents), dtype=np.int64))
        for name, f in schema.items()
        if getattr(f, "tokens", None)
    }
    fields = [
        (name, f, f.indexed, f.scorable, f.stored, f.column_type, getattr(f, "postings", None))
        for name, f in sorted(schema.items())
    ]
    for docnum, document in enumerate(documents):
        stored = {}
        for name, fieldobj, indexed, scorable, keep, column, postings in fields:
            value = document.get(name)
            if value is None:
                continue
            if name in texts:
                tokens, counts = texts[name]
                numbers = fieldobj.tokens(value)
                tokens.extend(numbers)
                counts[docnum] = len(numbers)
            elif indexed:
                terms, freqs, weights, values = postings(value) if postings else _postings(fieldobj, value)
                if terms:
                    (found.get(name) or found.setdefault(name, _Found())).add(docnum, terms, weights, values)
                    if scorable:
                        batch.lengths[name][docnum] = sum(freqs)
            if keep:
                stored[name] = value
            if column:
                batch.columns[name][docnum] = fieldobj.to_column_value(value)
        batch.stored.append(zlib.compress(dumps(stored, 2), STORED_LEVEL) if stored else b"")
    batch.postings = {name: lists.grouped() for name, lists in found.items()}
    for name, (tokens, counts) in texts.items():
        terms, postings, docs, freqs, values, ends, lengths = schema[name].inverted(tokens, counts)
        if terms:
            weights = (freqs * schema[name].format.field_boost).astype(np.float32)
            batch.postings[name] = BatchPostings(
                [term.encode("utf-8") for term in terms],
                postings,
                docs,
                None if (weights == 1.0).all() else weights,
                values,
                ends.astype(np.uint32),
            )
        if schema[name].scorable:
            batch.lengths[name] = lengths.tolist()
    batch.words = _word_counts(list(texts.values()))
    return batch


def _word_counts(texts) -> Counter:
    """How many documents have each lexicon word, from the (token numbers, tokens per document) of
    their text fields."""
    if not texts:
        return Counter()
    word_of = np.array(TOKENS.word_of, dtype=np.int64)
    words = np.concatenate([word_of[np.array(tokens, dtype=np.int64)] for tokens, _ in texts])
    docs = np.concatenate([np.repeat(np.arange(len(counts)), counts) for _, counts in texts])
    pairs = np.unique(docs[words >= 0] * len(word_of) + words[words >= 0])  # (document, word), once each
    present, per_word = np.unique(pairs % len(word_of), return_counts=True)
    return Counter(dict(zip(map(TOKENS.words.__getitem__, present.tolist()), per_word.tolist())))


def _postings(fieldobj, value) -> tuple[list, list, list, list | None]:
    """Whoosh's `index(value)` as columns (values None when the format stores none)."""
    items = list(fieldobj.index(value))
    if not items:
        return [], [], [], None
    terms, freqs, weights, values = map(list, zip(*items))
    return terms, freqs, weights, None if fieldobj.format.fixed_value_size() == 0 else values


class _Found:
    """A field's postings as they come, document after document."""

    def __init__(self):
        self.terms: list[str | bytes] = []  # str from our fields, bytes from Whoosh's
        self.docs: list[int] = []
        self.counts: list[int] = []
        self.weights: list[float] = []
        self.values: list[bytes] = []

    def add(self, docnum: int, terms: list, weights: list, values: list | None) -> None:
        self.terms += terms
        self.docs.append(docnum)
        self.counts.append(len(terms))
        self.weights += weights
        if values is not None:
            self.values += values

    def grouped(self) -> BatchPostings:
        """The postings sorted by term, then document (they came in document order); terms as
        UTF-8 bytes (str terms sort as their encoding does, and hash once: they are shared)."""
        vocabulary = sorted(set(self.terms))
        rank = dict(zip(vocabulary, range(len(vocabulary))))
        if vocabulary and isinstance(vocabulary[0], str):  # then all are str, else all bytes
            vocabulary = [term.encode("utf-8") for term in cast("list[str]", vocabulary)]
        ranks = np.fromiter(map(rank.__getitem__, self.terms), dtype=np.int32, count=len(self.terms))
        order = np.argsort(ranks, kind="stable")
        docs = np.repeat(np.array(self.docs, dtype=np.int32), self.counts)[order]
        weights: np.ndarray | None
        weights = np.array(self.weights, dtype=np.float32)
        weights = None if (weights == 1.0).all() else weights[order]
        values = ends = None
        if self.values:
            ordered = operator.itemgetter(*order.tolist())(self.values) if len(order) > 1 else tuple(self.values)
            values = b"".join(ordered)
            ends = np.cumsum(np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered))).astype(np.uint32)
        return BatchPostings(
            cast("list[bytes]", vocabulary), np.bincount(ranks, minlength=len(vocabulary)), docs, weights, values, ends
        )
