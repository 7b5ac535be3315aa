"""An index of several segments, as Whoosh's table of contents lists them: each segment's place,
size and deleted documents, files of our own kept in it (its exact field lengths), and segments
merged away.

A segment is immutable once written: a new generation links the live one's
segment files, marks the documents it drops as deleted (Whoosh's per-segment
deleted sets, saved in the TOC), adds a segment for the documents it adds,
and may merge segments into one, which drops their deleted documents. The
exact length of each document in each scorable field is saved in its
segment (`<segment id>.lengths.npz`, which Whoosh's commit puts into the
segment's compound file with the others: Whoosh keeps only one-byte
approximations), so that BM25F's average lengths over the live documents
equal those of an index built afresh from them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np

LENGTHS_SUFFIX = ".lengths.npz"


@dataclass(frozen=True)
class Segment:
    """One segment of an open index."""

    id: str  # Whoosh's segment id, the prefix of its files' names
    offset: int  # the index's number of its first document
    size: int  # its documents, deleted ones included
    deleted: np.ndarray  # int64 numbers (its own) of its deleted documents, increasing

    @property
    def live(self) -> int:
        return self.size - len(self.deleted)


def segments(reader) -> list[Segment]:
    """The segments of an open index's reader, in document order."""
    found = []
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment()
        deleted = np.array(sorted(segment.deleted_docs()), dtype=np.int64)
        found.append(Segment(segment.segment_id(), offset, leaf.doc_count_all(), deleted))
    return found


def live_mask(reader) -> np.ndarray:
    """Boolean mask of the documents of `reader` that are not deleted."""
    live = np.ones(reader.doc_count_all(), dtype=bool)
    for segment in segments(reader):
        live[segment.offset + segment.deleted] = False
    return live


def write_file(directory: Path, segment_id: str, suffix: str, data: bytes) -> None:
    """Save a file of our own in a segment being written (the writer's commit then puts it into the
    segment's compound file with Whoosh's, and Whoosh removes it with the segment)."""
    (Path(directory) / f"{segment_id}{suffix}").write_bytes(data)


def read_file(leaf, suffix: str) -> bytes:
    """A file saved in a segment by `write_file`, from the segment's reader."""
    return leaf.storage().open_file(f"{leaf.segment().segment_id()}{suffix}").read()


def write_lengths(directory: Path, segment_id: str, lengths: dict[str, np.ndarray]) -> None:
    """Save the exact lengths of the documents of a segment being written, by scorable field."""
    arrays: dict[str, Any] = {name: values.astype(np.int32) for name, values in lengths.items()}
    saved = BytesIO()
    np.savez(saved, **arrays)
    write_file(directory, segment_id, LENGTHS_SUFFIX, saved.getvalue())


def read_lengths(leaf) -> dict[str, np.ndarray]:
    """The exact lengths saved in a segment (int64, by field), from its reader."""
    with np.load(BytesIO(read_file(leaf, LENGTHS_SUFFIX))) as arrays:
        return {name: arrays[name].astype(np.int64) for name in arrays.files}


def live_lengths(reader) -> dict[str, int]:
    """The sum of the exact lengths of the live documents in each scorable field."""
    totals: dict[str, int] = {}
    for (leaf, _), segment in zip(reader.leaf_readers(), segments(reader)):
        for name, lengths in read_lengths(leaf).items():
            totals[name] = totals.get(name, 0) + int(lengths.sum() - lengths[segment.deleted].sum())
    return totals


def without(segment_ids: set[str]) -> Callable:
    """A merge function for Whoosh's `writer.commit(mergetype=…)`: the segments, less those of
    `segment_ids` (merged by the writer into its new segment)."""
    return lambda writer, current: [segment for segment in current if segment.segment_id() not in segment_ids]
