"""Many small pickles written at once by numpy, as `pickle.loads` reads them back.

Posting blocks (`segments`) and encoded positions (`positions`) are pickles
of ints, floats and byte strings, hundreds of thousands of them per batch:
their opcodes and arguments are written into one byte array at computed
offsets instead of pickling Python objects one by one, byte strings copied
in with `gather` (which the term index's records use too). Ints are written in
the opcode `pickle` itself chooses for them (BININT1, BININT2, BININT), so
that pickles of lists are the bytes `pickle.dumps` gives.
"""

from __future__ import annotations

import pickle

import numpy as np


def int_widths(numbers: np.ndarray) -> np.ndarray:
    """Bytes of each non-negative int below 2³¹ pickled: BININT1, BININT2 or BININT and its argument."""
    return np.where(numbers < 1 << 8, 2, np.where(numbers < 1 << 16, 3, 5))


def put(out: np.ndarray, at: np.ndarray, code: bytes) -> None:
    """Write the bytes `code` at each offset `at`."""
    for n, byte in enumerate(code):
        out[at + n] = byte


def put_little(out: np.ndarray, at: np.ndarray, numbers: np.ndarray, width: int) -> None:
    """Write each number at its offset as a little-endian integer of `width` bytes."""
    for n in range(width):
        out[at + n] = (numbers >> (8 * n)) & 0xFF


def put_ints(out: np.ndarray, at: np.ndarray, numbers: np.ndarray, widths: np.ndarray) -> None:
    """Pickle ints at their offsets, each in the opcode of its width (`int_widths`)."""
    for width, code in ((2, pickle.BININT1), (3, pickle.BININT2), (5, pickle.BININT)):
        chosen = widths == width
        put(out, at[chosen], code)
        put_little(out, at[chosen] + 1, numbers[chosen], width - 1)


def put_floats(out: np.ndarray, at: np.ndarray, numbers: np.ndarray) -> None:
    """Pickle floats at their offsets (BINFLOAT: a big-endian double)."""
    put(out, at, pickle.BINFLOAT)
    out[(at + 1)[:, None] + np.arange(8)] = numbers.astype(">f8").view(np.uint8).reshape(-1, 8)


def gather(out: np.ndarray, at: np.ndarray, source: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> None:
    """Copy `lengths[i]` bytes of `source` from `starts[i]` to `at[i]`, for every i (`at` increasing)."""
    index = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    index += np.arange(len(index))
    out[spans(len(out), at, lengths)] = source[index]


def spans(size: int, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A mask of `size` bytes, true in the spans of `lengths` bytes from `starts` (increasing,
    not overlapping): copying through two such masks keeps the spans' order."""
    nonempty = lengths > 0
    starts = starts[nonempty]
    marks = np.zeros(size + 1, dtype=np.int8)
    marks[starts] = 1
    marks[starts + lengths[nonempty]] -= 1  # where a span ends as the next begins: 0, still inside
    return np.cumsum(marks[:-1], dtype=np.int8).view(bool)
