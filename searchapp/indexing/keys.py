"""Which article each document of a segment is: its source file, its id and its content digest.

Saved in each segment (`<segment id>.keys.json`, through `codec.toc.write_file`)
when the segment is written, so that an update knows the live generation's
articles, file by file, without reading their stored fields: it compares the
digests of the files it reads again, and keeps the articles of the others
where they are. A segment of the quotations' index saves the keys of the
articles its quotations come from: they are kept, or deleted, with them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..codec import toc

SUFFIX = ".keys.json"


@dataclass
class FileKeys:
    """The live articles of one corpus file."""

    docnums: list[int]  # in the index, increasing
    ids: list[str]
    digests: list[str]


def write(directory: Path, segment_id: str, keys: list[tuple[str, str, str]]) -> None:
    """Save the (path, id, digest) of each document of a segment being written, in document order."""
    paths = sorted({path for path, _, _ in keys})
    number = {path: n for n, path in enumerate(paths)}
    table = dict(
        paths=paths,
        path=[number[path] for path, _, _ in keys],
        id=[article_id for _, article_id, _ in keys],
        digest=[digest for _, _, digest in keys],
    )
    # escaped to ASCII: a path may hold bytes that are not UTF-8
    toc.write_file(directory, segment_id, SUFFIX, json.dumps(table).encode("ascii"))


def segment_keys(leaf) -> list[tuple[str, str, str]]:
    """The (path, id, digest) of every document of a segment, deleted ones too, by its own numbers."""
    table = json.loads(toc.read_file(leaf, SUFFIX))
    paths = table["paths"]
    return [(paths[n], found, digest) for n, found, digest in zip(table["path"], table["id"], table["digest"])]


def live_keys(reader) -> dict[str, FileKeys]:
    """The live articles of an index, by corpus file."""
    found: dict[str, FileKeys] = {}
    for (leaf, _), segment in zip(reader.leaf_readers(), toc.segments(reader)):
        table = json.loads(toc.read_file(leaf, SUFFIX))
        live = np.ones(segment.size, dtype=bool)
        live[segment.deleted] = False
        paths, path_of, ids, digests = table["paths"], table["path"], table["id"], table["digest"]
        for n in np.flatnonzero(live).tolist():
            keys = found.get(paths[path_of[n]])
            if keys is None:
                keys = found[paths[path_of[n]]] = FileKeys([], [], [])
            keys.docnums.append(segment.offset + n)
            keys.ids.append(ids[n])
            keys.digests.append(digests[n])
    return found
