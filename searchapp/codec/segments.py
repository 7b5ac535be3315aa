"""Write one Whoosh segment in bulk, from analysed batches and from documents of existing segments.

Postings arrive already grouped by term (`batches.Batch`, or read block by
block from the segments a merge copies), are merged with numpy and encoded
term by term, in blocks (`blocks.encode_postings`), possibly in worker
processes, then written through the W3 codec's own files.

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
of the W3 codec (term info, length columns) and of the term index
(`OrderedHashWriter`: records, positions, hash buckets), like `add_reader` does.
"""

from __future__ import annotations

import struct
from array import array
from collections import defaultdict, deque
from collections.abc import Iterator
from itertools import accumulate, repeat
from typing import Any

import numpy as np
from whoosh import columns
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN
from whoosh.system import pack_ushort

from . import pickles, toc
from .batches import Batch, BatchPostings
from .blocks import BLOCK_LEVEL, TERM_INFO, Run, encode_postings, read_blocks
from .lengths import column_name, length_bytes

TASK_POSTINGS = 200_000  # encoded per task of `finish`: bounds memory, spreads the work over processes


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
        self.held = 0  # bytes of the analysed postings waiting in memory for `finish`
        # exact, by our number: a list[int] per field while documents are added, an int64 array from `finish` on
        self._lengths: dict[str, Any] = {name: [] for name, f in self.schema.items() if f.scorable}
        self._pending: list[tuple[bytes, dict]] = []  # stored fields and column values not written yet

    def add_batch(self, batch: Batch) -> None:
        """Register an analysed batch, whose documents `add` then appends (the previous batch is done)."""
        self.take()
        self._write_pending()
        self._batch = (batch, np.full(len(batch), -1, dtype=np.int32))

    def add(self, n: int) -> None:
        """Append document `n` of the last batch registered."""
        assert self._batch is not None  # `add_batch` came first
        documents, numbers = self._batch
        numbers[n] = self.count
        for name, lengths in documents.lengths.items():
            self._lengths[name].append(lengths[n])
        self._append((documents.stored[n], {name: values[n] for name, values in documents.columns.items()}))

    def copy_from(self, reader) -> int:
        """Register a segment's reader to copy documents from (its deleted ones are simply not
        copied: a merge); returns its number for `add_copy`."""
        if not reader.is_atomic():
            raise NotImplementedError("documents are copied from one segment at a time")
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

    @property
    def segment_id(self) -> str:
        """The id of the segment written (the prefix of its files' names)."""
        return self.writer.newsegment.segment_id()

    def finish(self, pool=None) -> None:
        """Write the postings (encoded by `pool`'s processes when given), the documents and their
        exact lengths (`toc.write_lengths`); the writer is then ready to commit."""
        self.take()
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
        toc.write_lengths(self.writer.storage.folder, self.segment_id, self._lengths)
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
            lengthbytes = length_bytes(lengths if lengths is not None else np.zeros(self.count, dtype=np.int64))
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

    def take(self) -> None:
        """Keep the postings of the last batch's documents (all added), by our document numbers:
        `held` counts them from then on (`add_batch` and `finish` take them too)."""
        if self._batch is not None:
            documents, numbers = self._batch
            for name, postings in documents.postings.items():
                run = self._keep(name, _renumbered(postings, numbers))
                if run is not None:
                    self.held += run.nbytes
            self._batch = None

    def _keep(self, name: str, postings: BatchPostings) -> Run | None:
        if not postings.terms:
            return None
        terms = _numbered(self._vocabulary[name], postings.terms)
        run = Run(terms, postings.counts, postings.docs, postings.weights, postings.values, postings.ends)
        self._runs[name].append(run)
        return run

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
            _add_column_values(perdoc, column_name(name), LENGTHS_COLUMN, 0, length_bytes(lengths).tolist())
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


def _renumbered(postings: BatchPostings, numbers: np.ndarray) -> BatchPostings:
    """`postings` with document numbers mapped through `numbers` (int32; -1: dropped)."""
    docs = numbers[postings.docs]
    if numbers.min() >= 0:  # every document kept
        return BatchPostings(postings.terms, postings.counts, docs, postings.weights, postings.values, postings.ends)
    keep = docs >= 0
    term_of = np.repeat(np.arange(len(postings.terms)), postings.counts)[keep]
    counts = np.bincount(term_of, minlength=len(postings.terms))
    present = np.flatnonzero(counts)
    values, ends = postings.values, postings.ends
    if values is not None:
        assert ends is not None  # values come with their ends
        starts = ends - np.diff(ends, prepend=0)
        kept = [values[s:e] for s, e in zip(starts[keep].tolist(), ends[keep].tolist())]
        values, ends = b"".join(kept), np.cumsum([len(v) for v in kept], dtype=np.int64)
    weights = postings.weights[keep] if postings.weights is not None else None
    return BatchPostings(
        [postings.terms[n] for n in present.tolist()], counts[present], docs[keep], weights, values, ends
    )


def _read_postings(reader, name: str, fieldobj, numbers: np.ndarray) -> BatchPostings:
    """The postings of field `name` of the documents `numbers` maps (to our numbers), read block
    by block from the reader's W3 files (their postings stay in their order within a term)."""
    with_values = fieldobj.format.fixed_value_size() != 0
    sizes: list[int] | np.ndarray  # per block, then as an array
    lengths: list[np.ndarray] | np.ndarray  # of the values, per block, then concatenated
    terms, counts, ids, sizes, weights, values, lengths = [], [], [], [], [], [], []
    terms_reader = reader._terms
    for (field, term), terminfo in terms_reader.items_from(name, b""):
        if field != name:
            break
        offset, (length,) = terminfo.extent()  # Whoosh 2.7 reads the length back as a 1-tuple
        total = 0
        for count, (deltas, block_weights, block_values) in read_blocks(terms_reader._postfile.get(offset, length)):
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
        return BatchPostings([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), None, None, None)
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
    return BatchPostings(
        [term for term, n in zip(terms, kept.tolist()) if n],
        kept[kept > 0],
        ours[keep].astype(np.int32),
        None if (weights == 1.0).all() else weights,
        blob,
        ends,
    )


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
        assert ends is not None  # values come with their ends
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


def _moved(infos: bytes, base: int) -> np.ndarray:
    """The term infos of `encode_postings`, as rows of bytes, their extents moved by `base`."""
    rows = np.frombuffer(infos, dtype=TERM_INFO).copy()
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
