"""Copy documents of existing Whoosh indexes into a new segment, in a chosen order, exactly.

An incremental update copies unchanged documents from the live generation
instead of analysing them again. Whoosh's own merge (`add_reader`) takes each
document's field lengths from their one-byte approximation, so the merged
index's total lengths, and BM25's average lengths with them, drift from a
fresh build's. Here lengths are recounted from the postings (a field's length
is the sum of its term frequencies), so copying documents in corpus order
gives the very index that adding them afresh would.

Like `add_reader`, this drives the internals of Whoosh's `SegmentWriter`
(posting pool, per-document writer, document counter); Whoosh is pinned to 2.7.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from whoosh import columns


def copy_documents(writer, readers: Sequence, order: Sequence[tuple[int, int]]) -> None:
    """Append to `writer` the documents `order` lists, as (reader number, document number) pairs."""
    schema = writer.schema
    if any(field.vector for _, field in schema.items()):
        raise NotImplementedError("term vectors are not copied")
    docmaps: list[dict[int, int]] = [{} for _ in readers]
    for offset, (which, docnum) in enumerate(order):
        docmaps[which][docnum] = writer.docnum + offset
    lengths = [_copy_postings(writer, reader, docmap) for reader, docmap in zip(readers, docmaps)]
    values = [_column_readers(schema, reader) for reader in readers]
    perdoc = writer.perdocwriter
    for which, docnum in order:
        stored = readers[which].stored_fields(docnum)
        perdoc.start_doc(writer.docnum)
        for name, field in schema.items():
            length = int(lengths[which][name][docnum]) if name in lengths[which] else 0
            perdoc.add_field(name, field, stored.get(name), length)
            if name in values[which]:
                perdoc.add_column_value(name, field.column_type, values[which][name][docnum])
        perdoc.finish_doc()
        writer.docnum += 1
    writer._added = True


def _copy_postings(writer, reader, docmap: dict[int, int]) -> dict[str, np.ndarray]:
    """Add the postings of the documents in `docmap` to the writer's pool, renumbered.

    Returns the exact length of every scorable field of every document of `reader`.
    """
    schema = writer.schema
    lengths = {name: np.zeros(reader.doc_count_all(), dtype=np.int64)
               for name, field in schema.items() if field.scorable}
    for fieldname, text, docnum, weight, value in reader.iter_postings():
        new = docmap.get(docnum)
        if new is None:
            continue
        writer.pool.add((fieldname, text, new, weight, value))
        if fieldname in lengths:
            lengths[fieldname][docnum] += schema[fieldname].format.decode_frequency(value)
    return lengths


def _column_readers(schema, reader) -> dict:
    """Raw column readers of the schema's columns (sortable fields), by field name."""
    found = {}
    for name, field in schema.items():
        if field.column_type and reader.has_column(name):
            column = reader.column_reader(name, field.column_type)
            found[name] = column.raw_column() if isinstance(column, columns.TranslatingColumnReader) else column
    return found
