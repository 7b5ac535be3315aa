"""Field lengths as Whoosh stores them: one byte per document and field, a rounded length.

One table (`LENGTHS`: byte → length) serves both ways: the writer turns exact
lengths into bytes (`length_bytes`), the scorer reads a segment's column of
bytes back into lengths (`field_lengths`), as Whoosh's `doc_field_length` does;
BM25F normalises them with its `B` for the field (`field_b`).
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

LENGTHS = np.array([byte_to_length(n) for n in range(256)], dtype=np.int64)


def length_bytes(lengths) -> np.ndarray:
    """Whoosh's one-byte approximation of each length (`length_to_byte`)."""
    return np.minimum(np.searchsorted(LENGTHS, lengths, side="left"), 255).astype(np.uint8)


def column_name(fieldname: str) -> str:
    """The per-document column holding a field's length bytes."""
    return _lenfield(fieldname)


def field_lengths(leaf, fieldname: str) -> np.ndarray:
    """The lengths of a segment's first documents in `fieldname` as its `doc_field_length` gives
    them (the one-byte approximations, as floats), decoded from the lengths column at once; the
    documents after them have none (length 0)."""
    column = leaf._perdoc._cached_reader(column_name(fieldname), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(0)
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    return LENGTHS[np.frombuffer(raw, dtype=np.uint8)].astype(np.float64)


def field_b(weighting, fieldname: str) -> float:
    """The `B` a `BM25F` weighting uses for `fieldname` (its `<field>_B` argument, else `B`)."""
    return weighting._field_B.get(fieldname, weighting.B)
