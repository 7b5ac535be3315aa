"""Write one Whoosh segment in bulk, from analysed batches and from documents of existing indexes.

Whoosh's `SegmentWriter.add_document` sends every posting through a pool that
is sorted at commit, looking each document's field length up again per
posting. Here postings arrive already grouped by term (`inversion.Batch`, or
read block by block from an index for `index update`), are merged with numpy
and encoded term by term, in blocks, possibly in worker processes, then
written through the W3 codec's own files. The result is a standard Whoosh 2.7
segment (`whoosh.index.open_dir` reads it normally) with the very documents,
postings, lengths and statistics that `add_document` would give. Differences
in bytes only: each block's pickles (its info and its data: ids, weights,
encoded positions) are written by numpy for all blocks of a part at once,
with protocol 3 opcodes (byte strings, which Whoosh unpickles seven times
faster than its protocol 2's) and without memo entries (the unpickler needs
them only for shared objects); blocks are compressed with zlib's fastest
level (`BLOCK_LEVEL`); blocks too small to gain from zlib are left
uncompressed, as the block header allows.

Documents copied from an index keep their exact field lengths: Whoosh's own
merge (`add_reader`) takes them from their one-byte approximation, so totals,
and BM25's average lengths with them, would drift from a fresh build's. Here
they are recounted from the postings (a field's length is the sum of its term
frequencies; documents carry no boosts, so a frequency is its weight divided
by the field's boost).

Per-document data and the term index are written in bulk too, not through
Whoosh's calls for each document or term: stored fields and column values
batch by batch, lengths (their one-byte columns and the segment's totals) in
`finish`, each column in one write where Whoosh's would write value by value;
the term index's records a part of `finish` at a time. The bytes are those
Whoosh writes.

This drives internals of Whoosh's `SegmentWriter` (per-document writer, its
column writers and growable arrays, field writer's files, document counter),
of the W3 codec (block layout, term info, length columns) and of the term
index (`OrderedHashWriter`: records, positions, hash buckets), like
`add_reader` does; Whoosh is pinned to 2.7.
"""

from __future__ import annotations

import pickle
import struct
from array import array
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from itertools import accumulate, repeat
from zlib import compress, decompress

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield
from whoosh.system import pack_ushort, unpack_int
from whoosh.util.numeric import byte_to_length

from . import pickles
from .inversion import Batch, Postings

BLOCK_PROTOCOL = 3  # pickle protocol of posting blocks' opcodes (see the module's docstring)
MIN_COMPRESSED = 64  # bytes: smaller blocks are stored as they are (zlib would only add to them)
# zlib level of posting blocks (Whoosh reads any): on the 69k-article bench corpus, level 1 instead
# of the codec's 3 writes the postings in 4.3 s instead of 6.4 s for an index 1.4 % larger.
BLOCK_LEVEL = 1
TASK_POSTINGS = 200_000  # encoded per task of `finish`: bounds memory, spreads the work over processes
_LENGTH_BYTES = np.array([byte_to_length(n) for n in range(256)], dtype=np.int64)


@dataclass
class Run:
    """Postings of consecutive documents for one field, by term, as `inversion.Postings`, with
    each term as its number in the builder's vocabulary of the field (its rank in `finish`)."""

    terms: np.ndarray  # int64 term numbers, in the terms' byte order
    counts: np.ndarray  # postings of each term
    docs: np.ndarray  # int32 document numbers (ours)
    weights: np.ndarray | None  # float32; None when all are 1.0
    values: bytes | None  # the encoded values, concatenated; None when the format stores none
    ends: np.ndarray | None  # end offset of each value in `values`


class SegmentBuilder:
    """Collects documents in order, then writes them into the segment of a fresh Whoosh writer.

    Documents come from analysed batches (`add_batch`, then `add` for each
    document kept) or from index readers (`copy_from`, then `add_copy`);
    `finish` writes what is left, after which the writer is committed as
    usual. Stored fields and column values are written batch by batch;
    lengths in `finish`, as a copy's are only known once its source's
    postings are read. Analysed postings wait in memory for `finish`, which
    reads the copied ones field by field.
    """

    def __init__(self, writer):
        if writer.docnum or any(
            f.vector or f.separate_spelling() or (f.format and (f.format.fixed_value_size() or 0) > 0)
            for _, f in writer.schema.items()
        ):
            raise NotImplementedError("an empty writer, without term vectors, spelling fields or fixed-size values")
        self.writer = writer
        self.schema = writer.schema
        self.count = 0  # documents added
        self._batch: tuple[Batch, np.ndarray] | None = None  # with our number of each document (int32, -1: left out)
        self._sources: list = []  # readers documents are copied from
        self._copies: list[dict[int, int]] = []  # per source: its document number → ours
        self._copied: list[_CopiedDocuments] = []  # per source: its documents' stored fields and column values
        self._columns = [(name, f.column_type) for name, f in self.schema.items() if f.column_type]
        self._vocabulary: dict[str, dict[bytes, int]] = defaultdict(dict)  # per field: term → its number
        self._runs: dict[str, list[Run]] = defaultdict(list)
        self._lengths = {name: [] for name, f in self.schema.items() if f.scorable}  # exact, by our number
        self._pending: list[tuple[bytes, dict]] = []  # stored fields and column values not written yet

    def add_batch(self, batch: Batch) -> None:
        """Register an analysed batch, whose documents `add` then appends (the previous batch is done)."""
        self._take_postings()
        self._write_pending()
        self._batch = (batch, np.full(len(batch), -1, dtype=np.int32))

    def add(self, n: int) -> None:
        """Append document `n` of the last batch registered."""
        documents, numbers = self._batch
        numbers[n] = self.count
        for name, lengths in documents.lengths.items():
            self._lengths[name].append(lengths[n])
        self._append((documents.stored[n], {name: values[n] for name, values in documents.columns.items()}))

    def copy_from(self, reader) -> int:
        """Register an index reader to copy documents from; returns its number for `add_copy`."""
        if not reader.is_atomic() or reader.has_deletions():
            raise NotImplementedError("documents are copied from single-segment indexes without deletions")
        self._sources.append(reader)
        self._copies.append({})
        self._copied.append(_CopiedDocuments(reader, self.schema))
        return len(self._sources) - 1

    def add_copy(self, source: int, docnum: int) -> None:
        """Append document `docnum` of the reader registered as `source`."""
        self._copies[source][docnum] = self.count
        for lengths in self._lengths.values():
            lengths.append(0)  # counted in `finish`
        self._append(self._copied[source][docnum])

    def finish(self, pool=None) -> None:
        """Write the postings (encoded by `pool`'s processes when given) and the documents; the
        writer is then ready to commit."""
        self._take_postings()
        self._write_pending()
        self._lengths = {name: np.array(lengths, dtype=np.int64) for name, lengths in self._lengths.items()}
        fieldwriter = self.writer.fieldwriter
        postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
        field = None
        for (name, terms), (encoded, infos) in _in_order(self._tasks(), pool):
            if name != field:
                if field is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(name, self.schema[name])
                field, prefix = name, pack_ushort(fieldwriter._fieldid)
            base = postfile.tell()
            postfile.write(encoded)
            _add_terms(tindex, [prefix + term for term in terms], _moved(infos, base))
        if field is not None:
            fieldwriter.finish_field()
        self._write_lengths()
        self.writer.perdocwriter._doccount = self.count  # its `close` finishes each column with it
        self.writer._added = True

    def _tasks(self) -> Iterator[tuple[tuple[str, list[bytes]], tuple]]:
        """The postings to encode (`encode_postings`), field by field, in parts of about
        `TASK_POSTINGS` postings, in term order; each with its field and terms."""
        codec = self.writer.codec
        names = set(self._runs).union(*(reader.indexed_field_names() for reader in self._sources))
        for name in sorted(names & set(self.schema.names())):
            self._read_sources(name)
            if not self._runs[name]:
                continue
            lengths = self._lengths.get(name)
            lengthbytes = _length_bytes(lengths if lengths is not None else np.zeros(self.count, dtype=np.int64))
            vocabulary = self._vocabulary.pop(name)
            terms = sorted(vocabulary)
            rank = np.empty(len(terms), dtype=np.int64)
            rank[np.fromiter(map(vocabulary.__getitem__, terms), dtype=np.int64, count=len(terms))] = np.arange(
                len(terms)
            )
            runs = [_ranked(run, rank) for run in self._runs.pop(name)]
            with_values = self.schema[name].format.fixed_value_size() != 0
            for low, high, part in _parts(runs, len(terms)):
                yield (
                    (name, terms[low:high]),
                    (part, high - low, lengthbytes, with_values, codec._blocklimit, BLOCK_LEVEL),
                )

    def _read_sources(self, name: str) -> None:
        """Keep the postings of field `name` of the copied documents, and count their lengths."""
        for reader, copies in zip(self._sources, self._copies):
            if not copies or name not in reader.indexed_field_names():
                continue
            numbers = np.full(reader.doc_count_all(), -1, dtype=np.int64)
            numbers[list(copies)] = list(copies.values())
            postings = _read_postings(reader, name, self.schema[name], numbers)
            self._keep(name, postings)
            if name in self._lengths and postings.terms:
                boost = self.schema[name].format.field_boost
                weights = postings.weights if postings.weights is not None else np.ones(len(postings.docs))
                counted = np.rint(np.bincount(postings.docs, weights / boost, self.count)).astype(np.int64)
                ours = list(copies.values())
                self._lengths[name][ours] = counted[ours]

    def _take_postings(self) -> None:
        """Keep the postings of the last batch's documents, by our document numbers."""
        if self._batch is not None:
            documents, numbers = self._batch
            for name, postings in documents.postings.items():
                self._keep(name, _renumbered(postings, numbers))
            self._batch = None

    def _keep(self, name: str, postings: Postings) -> None:
        if postings.terms:
            terms = _numbered(self._vocabulary[name], postings.terms)
            self._runs[name].append(
                Run(terms, postings.counts, postings.docs, postings.weights, postings.values, postings.ends)
            )

    def _append(self, document: tuple[bytes, dict]) -> None:
        self._pending.append(document)
        self.count += 1

    def _write_pending(self) -> None:
        """Write the waiting documents' stored fields (the stored column's compressed bytes) and
        column values, each column at once."""
        if not self._pending:
            return
        perdoc, first = self.writer.perdocwriter, self.writer.docnum
        stored_column = perdoc._colwriters["_stored"]._child  # compressed bytes, under the pickling
        _add_bytes(stored_column, [stored for stored, _ in self._pending])
        for name, column in self._columns:
            _add_column_values(perdoc, name, column, first, [values.get(name) for _, values in self._pending])
        self.writer.docnum += len(self._pending)
        self._pending = []

    def _write_lengths(self) -> None:
        """Write the length column of each scorable field (Whoosh's one-byte approximations) and add
        the field's total to the segment's, fields in the order the per-document writer meets them
        (the segment's totals are pickled in that order)."""
        perdoc = self.writer.perdocwriter
        found = [(int(np.argmax(lengths > 0)), name) for name, lengths in self._lengths.items() if lengths.any()]
        for _, name in sorted(found, key=lambda item: item[0]):
            lengths = self._lengths[name]
            _add_column_values(perdoc, _lenfield(name), LENGTHS_COLUMN, 0, _length_bytes(lengths).tolist())
            perdoc._fieldlengths[name] += int(lengths.sum())


class _CopiedDocuments:
    """A copied document's stored fields (the compressed bytes of the stored column) and column
    values, by its number in its source."""

    def __init__(self, reader, schema):
        self.stored = reader._perdoc.column_reader("_stored", STORED_COLUMN)._child  # under the pickling
        self.values = _column_readers(schema, reader)

    def __getitem__(self, docnum: int) -> tuple[bytes, dict]:
        return (
            columns.VarBytesColumn.Reader.__getitem__(self.stored, docnum),
            {name: reader[docnum] for name, reader in self.values.items()},
        )


def _add_bytes(writer, values: list[bytes]) -> None:
    """Whoosh's `VarBytesColumn.Writer.add` of each value for the next documents in turn (each
    document has one, maybe empty), in one write."""
    lengths = list(map(len, values))
    offsets = list(accumulate(lengths[:-1], initial=writer._offset_base))
    writer._dbfile.write(b"".join(values))
    _extend(writer._lengths, lengths)
    _extend(writer._offsets, offsets)
    writer._offset_base += sum(lengths)
    writer._count += len(values)


def _add_column_values(perdoc, name: str, column, first: int, values: list) -> None:
    """The per-document writer's `add_column_value(name, column, value)` for documents `first`,
    `first + 1`… (a value of None: none): the column is created by the first value; a numeric
    column's values are written at once."""
    present = [n for n, value in enumerate(values) if value is not None]
    if not present:
        return
    if not perdoc._has_column(name):
        perdoc._create_column(name, column)
    writer = perdoc._get_column(name)
    if isinstance(column, columns.NumericColumn):
        _add_numbers(writer, column, first, values)
    else:
        for n in present:
            writer.add(first + n, values[n])


def _add_numbers(writer, column, first: int, values: list) -> None:
    """`NumericColumn.Writer.add(first + n, value)` for each value that is not None, in one write:
    the default value is not written after the last other one, and fills the gaps before it."""
    default = column.default_value()
    written = [n for n, value in enumerate(values) if value is not None and value != default]
    if not written:
        return
    end = written[-1] + 1
    numbers = [default] * (first - writer._count) + [default if value is None else value for value in values[:end]]
    writer._dbfile.write(struct.pack(f"!{len(numbers)}{column._typecode}", *numbers))
    writer._count = first + end


def _extend(growable, values: list[int]) -> None:
    """`growable.extend(values)` (Whoosh's `GrowableArray`, whose type widens to hold the largest
    number appended) in one step."""
    try:
        growable.array.extend(array(growable.typecode, values))
    except OverflowError:
        growable._retype(max(values))
        growable.array.extend(values)


def _numbered(vocabulary: dict[bytes, int], terms: list[bytes]) -> np.ndarray:
    """Each term's number in `vocabulary` (int64; the terms are distinct), new terms numbered on
    in their order."""
    numbers = np.fromiter(map(vocabulary.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))
    new = np.flatnonzero(numbers < 0)
    if len(new):
        numbers[new] = np.arange(len(vocabulary), len(vocabulary) + len(new))
        vocabulary.update(zip([terms[n] for n in new.tolist()], numbers[new].tolist()))
    return numbers


def _renumbered(postings: Postings, numbers: np.ndarray) -> Postings:
    """`postings` with document numbers mapped through `numbers` (int32; -1: dropped)."""
    docs = numbers[postings.docs]
    if numbers.min() >= 0:  # every document kept
        return Postings(postings.terms, postings.counts, docs, postings.weights, postings.values, postings.ends)
    keep = docs >= 0
    term_of = np.repeat(np.arange(len(postings.terms)), postings.counts)[keep]
    counts = np.bincount(term_of, minlength=len(postings.terms))
    present = np.flatnonzero(counts)
    values, ends = postings.values, postings.ends
    if values is not None:
        starts = ends - np.diff(ends, prepend=0)
        kept = [values[s:e] for s, e in zip(starts[keep].tolist(), ends[keep].tolist())]
        values, ends = b"".join(kept), np.cumsum([len(v) for v in kept], dtype=np.int64)
    weights = postings.weights[keep] if postings.weights is not None else None
    return Postings([postings.terms[n] for n in present.tolist()], counts[present], docs[keep], weights, values, ends)


def _read_postings(reader, name: str, fieldobj, numbers: np.ndarray) -> Postings:
    """The postings of field `name` of the documents `numbers` maps (to our numbers), read block
    by block from the reader's W3 files (their postings stay in their order within a term)."""
    with_values = fieldobj.format.fixed_value_size() != 0
    terms, counts, ids, sizes, weights, values, lengths = [], [], [], [], [], [], []
    terms_reader = reader._terms
    for (field, term), terminfo in terms_reader.items_from(name, b""):
        if field != name:
            break
        offset, (length,) = terminfo.extent()  # Whoosh 2.7 reads the length back as a 1-tuple
        total = 0
        for count, (deltas, block_weights, block_values) in _blocks(terms_reader._postfile.get(offset, length)):
            ids.append(np.array(deltas, dtype=np.int64))
            sizes.append(count)
            weights.append(
                np.full(count, 1.0 if block_weights is None else block_weights, dtype=np.float32)
                if not isinstance(block_weights, tuple)
                else np.array(block_weights, dtype=np.float32)
            )
            if with_values:
                values.append(b"".join(block_values))
                lengths.append(np.fromiter(map(len, block_values), dtype=np.int64, count=count))
            total += count
        terms.append(term)
        counts.append(total)
    if not terms:
        return Postings([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), None, None, None)
    deltas = np.concatenate(ids)
    sizes = np.array(sizes)
    first = np.cumsum(sizes) - sizes
    docs = np.cumsum(deltas)
    docs -= np.repeat(docs[first] - deltas[first], sizes)  # ids are delta-coded within each block
    ours = numbers[docs]
    keep = ours >= 0
    kept = np.bincount(np.repeat(np.arange(len(terms)), counts)[keep], minlength=len(terms))
    weights = np.concatenate(weights)[keep]
    blob = ends = None
    if values:
        lengths = np.concatenate(lengths)
        blob = np.frombuffer(b"".join(values), dtype=np.uint8)[np.repeat(keep, lengths)].tobytes()
        ends = np.cumsum(lengths[keep])
    return Postings(
        [term for term, n in zip(terms, kept.tolist()) if n],
        kept[kept > 0],
        ours[keep].astype(np.int32),
        None if (weights == 1.0).all() else weights,
        blob,
        ends,
    )


def _blocks(postings: bytes) -> Iterator[tuple[int, tuple]]:
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


def _column_readers(schema, reader) -> dict:
    """Raw column readers of the schema's columns (sortable fields), by field name."""
    found = {}
    for name, fieldobj in schema.items():
        if fieldobj.column_type and reader.has_column(name):
            column = reader.column_reader(name, fieldobj.column_type)
            found[name] = column.raw_column() if isinstance(column, columns.TranslatingColumnReader) else column
    return found


def _ranked(run: Run, rank: np.ndarray) -> Run:
    """`run` with its terms as their ranks in byte order."""
    return Run(rank[run.terms], run.counts, run.docs, run.weights, run.values, run.ends)


def _parts(runs: list[Run], terms: int) -> Iterator[tuple[int, int, list[Run]]]:
    """`runs` (terms ranked) cut into consecutive term ranges of about `TASK_POSTINGS` postings:
    (first rank, rank after the last, the runs' postings in that range, ranks counted from the first)."""
    per_term = np.zeros(terms, dtype=np.int64)
    for run in runs:
        per_term[run.terms] += run.counts
    reached = np.cumsum(per_term)
    cuts = np.searchsorted(reached, np.arange(TASK_POSTINGS, int(reached[-1]), TASK_POSTINGS), "right")
    bounds = np.unique(np.concatenate([[0], cuts, [terms]]))  # 0 is a cut when the first term has more postings
    term_cuts = [np.searchsorted(run.terms, bounds).tolist() for run in runs]  # where each range starts in each run
    posting_cuts = [np.concatenate([[0], np.cumsum(run.counts)])[cut].tolist() for run, cut in zip(runs, term_cuts)]
    for n, (low, high) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
        part = [
            _between(run, low, t[n], t[n + 1], p[n], p[n + 1])
            for run, t, p in zip(runs, term_cuts, posting_cuts)
            if t[n] < t[n + 1]
        ]
        yield low, high, part


def _between(run: Run, low: int, first: int, last: int, start: int, end: int) -> Run:
    """Terms `first` to `last` (excluded) of `run`, postings `start` to `end`, ranked from `low`."""
    values, ends = run.values, run.ends
    if values is not None:
        offset = int(ends[start - 1]) if start else 0
        values, ends = values[offset : int(ends[end - 1])], ends[start:end] - offset
    weights = run.weights[start:end] if run.weights is not None else None
    return Run(run.terms[first:last] - low, run.counts[first:last], run.docs[start:end], weights, values, ends)


def _in_order(tasks: Iterator[tuple], pool) -> Iterator[tuple]:
    """(label, `encode_postings(task)`) for each (label, task), in order, encoded by `pool` when given."""
    labels: deque = deque()

    def feed():
        for label, task in tasks:
            labels.append(label)
            yield task

    for result in (pool.imap if pool is not None else map)(encode_postings, feed()):
        yield labels.popleft(), result


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
    terminfos = np.zeros(terms, dtype=_TERM_INFO)
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
_TERM_INFO = np.dtype(
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
    view = memoryview(data)
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
    if runs[0].values is not None:
        bases = np.cumsum([0] + [len(run.values) for run in runs[:-1]])
        lengths = [np.diff(run.ends.astype(np.int64), prepend=0) for run in runs]
        ends = np.concatenate([run.ends.astype(np.int64) + base for run, base in zip(runs, bases)])
        starts = ends - np.concatenate(lengths)
        values = b"".join(run.values for run in runs)
        starts, ends = starts[gather], ends[gather]
    term_of = np.repeat(np.arange(terms), term_counts)
    if ((np.diff(docs) <= 0) & (term_of[1:] == term_of[:-1])).any():
        by_doc = np.lexsort((docs, term_of))  # documents copied in another order than they had
        docs = docs[by_doc]
        weights = weights[by_doc] if weights is not None else None
        if values is not None:
            starts, ends = starts[by_doc], ends[by_doc]
    return term_counts, docs, weights, values, starts, ends


def _moved(infos: bytes, base: int) -> np.ndarray:
    """The term infos of `encode_postings`, as rows of bytes, their extents moved by `base`."""
    rows = np.frombuffer(infos, dtype=_TERM_INFO).copy()
    rows["offset"] += base
    return rows.view(np.uint8).reshape(len(rows), -1)


def _add_terms(tindex, keys: list[bytes], values: np.ndarray) -> None:
    """Whoosh's `OrderedHashWriter.add` of each key (in increasing order) with its row of `values`:
    the same records, positions and hash buckets, the records in one write."""
    count, size = values.shape
    key_lengths = np.fromiter(map(len, keys), dtype=np.int64, count=count)
    heads = np.empty((count, 2), dtype=">i4")  # a record: key length, value length, key, value
    heads[:, 0], heads[:, 1] = key_lengths, size
    ends = np.cumsum(8 + key_lengths + size)
    starts = ends - (8 + key_lengths + size)
    records = np.empty(int(ends[-1]), dtype=np.uint8)
    records[starts[:, None] + np.arange(8)] = heads.view(np.uint8)
    pickles.gather(
        records,
        starts + 8,
        np.frombuffer(b"".join(keys), dtype=np.uint8),
        np.cumsum(key_lengths) - key_lengths,
        key_lengths,
    )
    records[(ends - size)[:, None] + np.arange(size)] = values
    positions = (starts + tindex.dbfile.tell()).tolist()
    tindex.dbfile.write(records.tobytes())
    _extend(tindex.index, positions)
    for key_hash, position in zip(map(tindex.hashfn, keys), positions):
        tindex.buckets[key_hash & 255].append((key_hash, position))
    tindex.lastkey = keys[-1]


def _length_bytes(lengths) -> np.ndarray:
    """Whoosh's one-byte approximation of each length (`length_to_byte`)."""
    return np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255).astype(np.uint8)
