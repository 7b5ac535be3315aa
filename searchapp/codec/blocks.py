"""Posting lists in the W3 codec's layout: encoded for many terms at once, and read back.

A term's posting list is a tag, then blocks of up to the codec's block limit
of postings: each block its length (negative for the last), a pickled info
tuple and the pickled, maybe compressed data (delta-coded ids, weights,
encoded values). `encode_postings` writes the lists of a whole part of the
vocabulary with numpy (see the fence's docstring for how the bytes may
differ from Whoosh's own writer's); `read_blocks` reads a list from its raw
bytes (for copying documents); `leaf_blocks` reads a term of an open
segment for the search's posting arrays.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import cast
from zlib import compress, decompress

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.system import unpack_int

from . import pickles

BLOCK_PROTOCOL = 3  # pickle protocol of posting blocks' opcodes (see the fence's docstring)
MIN_COMPRESSED = 64  # bytes: smaller blocks are stored as they are (zlib would only add to them)
# zlib level of posting blocks (Whoosh reads any): on the 69k-article bench corpus, level 1 instead
# of the codec's 3 writes the postings in 4.3 s instead of 6.4 s for an index 1.4 % larger.
BLOCK_LEVEL = 1


@dataclass
class Run:
    """Postings of consecutive documents for one field, by term, as `batches.BatchPostings`, with
    each term as its number in the builder's vocabulary of the field (its rank in `finish`)."""

    terms: np.ndarray  # int64 term numbers, in the terms' byte order
    counts: np.ndarray  # postings of each term
    docs: np.ndarray  # int32 document numbers (ours)
    weights: np.ndarray | None  # float32; None when all are 1.0
    values: bytes | None  # the encoded values, concatenated; None when the format stores none
    ends: np.ndarray | None  # end offset of each value in `values`

    @property
    def nbytes(self) -> int:
        """The bytes it holds."""
        parts = (self.terms, self.counts, self.docs, self.weights, self.values, self.ends)
        return sum(len(part) if isinstance(part, bytes) else part.nbytes for part in parts if part is not None)


def encode_postings(task: tuple) -> tuple[bytes, bytes]:
    """Encode postings as `W3FieldWriter` writes them: the posting lists of consecutive terms,
    concatenated, and the terms' W3 term infos, concatenated (all of one size: an extent, counted
    from the start of the part, never inlined postings).

    `task`: (runs with terms ranked from 0, the number of terms, the length byte of each
    document in the field, whether the format stores values, postings per block, zlib level).
    A posting list is a tag, then per block of up to `limit` postings its length (negative for
    the last), its pickled info and its pickled, maybe compressed data: all written by numpy
    at once, only the compression block by block.
    """
    runs, terms, lengthbytes, with_values, limit, level = task
    counts, docs, weights, values, starts, ends = _merge(runs, terms)
    term_starts = np.cumsum(counts) - counts
    in_term = np.arange(len(docs)) - np.repeat(term_starts, counts)
    block_starts = np.flatnonzero(in_term % limit == 0)
    sizes = np.diff(np.append(block_starts, len(docs)))
    deltas = np.diff(docs.astype(np.int64), prepend=0)
    deltas[block_starts] = docs[block_starts]  # the first id of a block is absolute
    if weights is None:
        low_weight = high_weight = np.ones(len(block_starts))
        weight_sums = sizes.astype(float)
    else:
        low_weight = np.minimum.reduceat(weights, block_starts).astype(float)
        high_weight = np.maximum.reduceat(weights, block_starts).astype(float)
        weight_sums = np.add.reduceat(weights.astype(np.float64), block_starts)
    data, data_ends = _pickled_blocks(
        block_starts, sizes, deltas, weights, low_weight, high_weight, (values, starts, ends) if with_values else None
    )
    packed = _compressed(data, data_ends, level)
    doc_lengths = lengthbytes[docs].astype(np.int64)
    low_length = np.minimum.reduceat(doc_lengths, block_starts)
    high_length = np.maximum.reduceat(doc_lengths, block_starts)
    last_docs = docs[block_starts + sizes - 1].astype(np.int64)
    infos, info_ends = _pickled_rows(
        sizes, last_docs, high_weight, np.where(packed[1] < 0, level, 0), low_length, high_length
    )
    blocks = -(-counts // limit)
    first_blocks = np.cumsum(blocks) - blocks
    lasts = np.zeros(len(sizes), dtype=bool)
    lasts[first_blocks + blocks - 1] = True
    out, extents = _posting_lists(blocks, (infos, info_ends), (data, data_ends), packed, lasts)
    terminfos = np.zeros(terms, dtype=TERM_INFO)
    terminfos["weight"] = np.add.reduceat(weight_sums, first_blocks)
    terminfos["postings"] = counts
    terminfos["shortest"] = np.minimum.reduceat(low_length, first_blocks)
    terminfos["longest"] = np.maximum.reduceat(high_length, first_blocks)
    terminfos["top"] = np.maximum.reduceat(high_weight, first_blocks)
    terminfos["first"] = docs[term_starts]
    terminfos["last"] = last_docs[first_blocks + blocks - 1]
    terminfos["offset"], terminfos["length"] = extents
    return out.tobytes(), terminfos.tobytes()


# `W3TermInfo.to_bytes` of a term whose postings are not inlined: its struct, offset and length.
TERM_INFO = np.dtype(
    [
        ("inlined", "u1"),
        ("weight", ">f4"),
        ("postings", ">u4"),
        ("shortest", "u1"),
        ("longest", "u1"),
        ("top", ">f4"),
        ("first", ">u4"),
        ("last", ">u4"),
        ("offset", ">i8"),
        ("length", ">i4"),
    ]
)


def _compressed(data: np.ndarray, ends: np.ndarray, level: int) -> tuple[np.ndarray, np.ndarray]:
    """The blocks of `data` (ending at `ends`) as stored: those of at least `MIN_COMPRESSED` bytes
    compressed with zlib at `level`. Returns the compressed ones, concatenated, and each block's
    stored length, negative for a compressed block."""
    lengths = np.diff(ends, prepend=0)
    chosen = lengths >= MIN_COMPRESSED
    view = memoryview(data)  # type: ignore[arg-type]  # numpy's stubs declare ndarray.__buffer__ for Python 3.12+ only
    packed = [
        compress(view[start:end], level) for start, end in zip((ends - lengths)[chosen].tolist(), ends[chosen].tolist())
    ]
    lengths[chosen] = -np.fromiter(map(len, packed), dtype=np.int64, count=len(packed))
    return np.frombuffer(b"".join(packed), dtype=np.uint8), lengths


def _posting_lists(
    blocks: np.ndarray, infos: tuple, data: tuple, packed: tuple, lasts: np.ndarray
) -> tuple[np.ndarray, tuple]:
    """The posting lists of terms of `blocks` blocks each: the W3 tag, then for each block its
    length (of info and data; negative when `lasts`), its info and its data. `infos`, `data`: the
    bytes of consecutive blocks and where each ends; `packed`: `_compressed(data)`. Returns the
    lists and each one's (offset, length)."""
    (info_bytes, info_ends), (data_bytes, data_ends), (packed_bytes, stored) = infos, data, packed
    info_lengths = np.diff(info_ends, prepend=0)
    kept, data_lengths = stored >= 0, np.abs(stored)
    records = 4 + info_lengths + data_lengths
    record_ends = np.cumsum(records)
    first_blocks = np.cumsum(blocks) - blocks
    list_lengths = len(WHOOSH3_HEADER_MAGIC) + np.add.reduceat(records, first_blocks)
    list_ends = np.cumsum(list_lengths)
    list_starts = list_ends - list_lengths
    record_starts = (
        np.repeat(list_starts + len(WHOOSH3_HEADER_MAGIC) - (record_ends - records)[first_blocks], blocks)
        + record_ends
        - records
    )
    out = np.empty(int(list_ends[-1]), dtype=np.uint8)
    pickles.put(out, list_starts, WHOOSH3_HEADER_MAGIC)
    signed = np.where(lasts, -1, 1) * (info_lengths + data_lengths)
    out[record_starts[:, None] + np.arange(4)] = signed.astype(">i4").view(np.uint8).reshape(-1, 4)
    out[pickles.spans(len(out), record_starts + 4, info_lengths)] = info_bytes
    data_at = record_starts + 4 + info_lengths
    raw_lengths = np.diff(data_ends, prepend=0)
    out[pickles.spans(len(out), data_at[kept], raw_lengths[kept])] = data_bytes[
        pickles.spans(len(data_bytes), (data_ends - raw_lengths)[kept], raw_lengths[kept])
    ]
    out[pickles.spans(len(out), data_at[~kept], data_lengths[~kept])] = packed_bytes
    return out, (list_starts, list_lengths)


def _pickled_rows(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row of `columns` pickled as a tuple (integer columns as ints, float ones as floats), as
    `pickle.loads` reads it back; the pickles concatenated, and where each ends."""
    widths = [np.full(len(column), 9) if column.dtype.kind == "f" else pickles.int_widths(column) for column in columns]
    lengths = 3 + sum(widths) + 2
    ends = np.cumsum(lengths)
    at = ends - lengths
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    pickles.put(out, at, pickle.PROTO + bytes([BLOCK_PROTOCOL]) + pickle.MARK)
    at = at + 3
    for column, width in zip(columns, widths):
        if column.dtype.kind == "f":
            pickles.put_floats(out, at, column)
        else:
            pickles.put_ints(out, at, column, width)
        at = at + width
    pickles.put(out, at, pickle.TUPLE + pickle.STOP)
    return out, ends


def _pickled_blocks(
    block_starts: np.ndarray,
    sizes: np.ndarray,
    deltas: np.ndarray,
    weights: np.ndarray | None,
    low_weight: np.ndarray,
    high_weight: np.ndarray,
    values: tuple | None,
) -> tuple[np.ndarray, np.ndarray]:
    """The data of each block, (delta-coded ids, weights, values), pickled as `W3PostingsWriter` has
    `pickle.loads` read it back, written by numpy for all blocks at once; and where each block ends.

    The tuple as Whoosh minifies it: ids as a tuple of ints; weights None when all are 1.0,
    one float when all are equal, else a tuple of floats; values a tuple of byte strings
    (`values`: the concatenated values, each one's start and end), or None without values.
    Written without memo entries, which the unpickler needs only for shared objects.
    """
    count = len(block_starts)
    block_of = np.repeat(np.arange(count), sizes)
    in_block = np.arange(len(deltas)) - np.repeat(block_starts, sizes)
    id_widths = pickles.int_widths(deltas)
    id_ends = np.cumsum(id_widths)
    id_lengths = np.add.reduceat(id_widths, block_starts)
    same = low_weight == high_weight
    weight_lengths = np.where(same & (low_weight == 1.0), 1, np.where(same, 9, 2 + 9 * sizes))
    if values is not None:
        blob, starts, ends = values
        value_lengths = ends - starts
        heads = np.where(value_lengths < 1 << 8, 2, 5)  # SHORT_BINBYTES, BINBYTES
        pieces = heads + value_lengths
        piece_ends = np.cumsum(pieces)
        values_lengths = 2 + np.add.reduceat(pieces, block_starts)
    else:
        values_lengths = np.ones(count, dtype=np.int64)
    lengths = 3 + id_lengths + 1 + weight_lengths + values_lengths + 2
    block_ends = np.cumsum(lengths)
    at = block_ends - lengths
    out = np.empty(int(block_ends[-1]), dtype=np.uint8)
    pickles.put(out, at, pickle.PROTO + bytes([BLOCK_PROTOCOL]) + pickle.MARK)
    ids_at = np.repeat(at + 3 - (id_ends - id_widths)[block_starts], sizes) + id_ends - id_widths
    pickles.put_ints(out, ids_at, deltas, id_widths)
    at = at + 3 + id_lengths
    pickles.put(out, at, pickle.TUPLE)
    at = at + 1
    pickles.put(out, at[weight_lengths == 1], pickle.NONE)
    pickles.put_floats(out, at[weight_lengths == 9], low_weight[weight_lengths == 9])
    several = weight_lengths > 9
    if several.any():
        pickles.put(out, at[several], pickle.MARK)
        each = several[block_of]
        assert weights is not None  # else all weights are 1.0: no block has several
        pickles.put_floats(out, (at[block_of] + 1 + 9 * in_block)[each], weights[each])
        pickles.put(out, at[several] + weight_lengths[several] - 1, pickle.TUPLE)
    at = at + weight_lengths
    if values is None:
        pickles.put(out, at, pickle.NONE)
    else:
        pickles.put(out, at, pickle.MARK)
        pieces_at = np.repeat(at + 1 - (piece_ends - pieces)[block_starts], sizes) + piece_ends - pieces
        short = heads == 2
        pickles.put(out, pieces_at[short], pickle.SHORT_BINBYTES)
        out[pieces_at[short] + 1] = value_lengths[short]
        pickles.put(out, pieces_at[~short], pickle.BINBYTES)
        pickles.put_little(out, pieces_at[~short] + 1, value_lengths[~short], 4)
        pickles.gather(out, pieces_at + heads, np.frombuffer(blob, dtype=np.uint8), starts, value_lengths)
        pickles.put(out, at + values_lengths - 1, pickle.TUPLE)
    pickles.put(out, block_ends - 2, pickle.TUPLE3 + pickle.STOP)
    return out, block_ends


def _merge(runs: list[Run], terms: int) -> tuple:
    """The runs' postings for each term in turn, by document: (postings per term, documents,
    weights or None, values or None, value starts, value ends)."""
    chunk_rank = np.concatenate([run.terms for run in runs])
    chunk_count = np.concatenate([run.counts for run in runs]).astype(np.int64)
    chunk_start = np.cumsum(chunk_count) - chunk_count  # in the runs' postings, concatenated
    chunk_run = np.concatenate([np.full(len(run.terms), n) for n, run in enumerate(runs)])
    order = np.lexsort((chunk_run, chunk_rank))
    counts = chunk_count[order]
    gather = np.repeat(chunk_start[order] - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    docs = np.concatenate([run.docs for run in runs])[gather]
    weights = None
    if any(run.weights is not None for run in runs):
        weights = np.concatenate(
            [run.weights if run.weights is not None else np.ones(len(run.docs), np.float32) for run in runs]
        )[gather]
    term_counts = np.bincount(chunk_rank, weights=chunk_count, minlength=terms).astype(np.int64)
    values = starts = ends = None
    if runs[0].values is not None:  # then every run of the field has values and ends
        bases = np.cumsum([0] + [len(cast(bytes, run.values)) for run in runs[:-1]])
        lengths = [np.diff(cast(np.ndarray, run.ends).astype(np.int64), prepend=0) for run in runs]
        ends = np.concatenate([cast(np.ndarray, run.ends).astype(np.int64) + base for run, base in zip(runs, bases)])
        starts = ends - np.concatenate(lengths)
        values = b"".join(cast(bytes, run.values) for run in runs)
        starts, ends = starts[gather], ends[gather]
    term_of = np.repeat(np.arange(terms), term_counts)
    if ((np.diff(docs) <= 0) & (term_of[1:] == term_of[:-1])).any():
        by_doc = np.lexsort((docs, term_of))  # documents copied in another order than they had
        docs = docs[by_doc]
        weights = weights[by_doc] if weights is not None else None
        if values is not None:
            assert starts is not None and ends is not None  # set with `values`
            starts, ends = starts[by_doc], ends[by_doc]
    return term_counts, docs, weights, values, starts, ends


def read_blocks(postings: bytes) -> Iterator[tuple[int, tuple]]:
    """(postings in the block, (ids delta-coded, weights, values)) for each block of a posting list
    written by `W3PostingsWriter` or `encode_postings`: a tag, then blocks of a length (negative
    for the last), a pickled info tuple and the pickled, maybe compressed data."""
    stream = BytesIO(postings)
    stream.seek(len(WHOOSH3_HEADER_MAGIC))
    while True:
        length = unpack_int(stream.read(4))[0]
        start = stream.tell()
        count, _, _, compressed, _, _ = pickle.load(stream)
        data = stream.read(abs(length) - (stream.tell() - start))
        yield count, pickle.loads(decompress(data) if compressed else data)
        if length < 0:
            return


def leaf_blocks(leaf, fieldname: str, text: bytes, positions: bool) -> Iterator[tuple]:
    """(document numbers, weights, values or ()) of each block of a term's postings in a segment,
    deleted documents included (none when the segment lacks the term)."""
    if (fieldname, text) not in leaf:
        return
    matcher = leaf.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # deleted documents: kept, they count in the statistics
        matcher = matcher.child
    weights: list[float] | np.ndarray  # a list for inlined postings, else each block's array
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
