"""The fence: everything that reads or writes Whoosh 2.7.4's private on-disk formats.

Modules: `segments` (the bulk segment writer), `batches` (analysed documents
as it takes them), `blocks` (posting lists of the W3 codec, written and read),
`positions` (the `Positions` format, written and read), `lengths` (the
one-byte field lengths, one table both ways), `pickles` (many small pickles
written at once). Nothing outside this package touches a private attribute or
a private format of Whoosh (`tests/test_fence.py` parses the package and
fails otherwise); Whoosh's public API (schema, reader, searcher, queries) is
used everywhere.

Why Whoosh's writer and searcher are bypassed: `SegmentWriter.add_document`
sends every posting through a pool sorted at commit, in Python (199 s for the
69k-article bench corpus in one process, against about 17 s here with two
worker processes), and Whoosh's searcher scores document by document through
a tree of matchers (a full result page with four facets: 0.5 s at p50, against
2.4 ms here).

What is guaranteed, and how it is tested:
- The writer's output is a standard Whoosh 2.7 segment that `whoosh.index.open_dir`
  reads normally, with the very documents, postings, positions, field lengths
  and statistics that `add_document` writes (tests/test_segments.py compares an
  index built both ways term by term, in one part or many, in one process or
  several; tests/test_analysis.py checks the bulk inversion against the
  analyzer chain). Bytes differ only inside posting blocks: pickles written with
  protocol 3 opcodes and no memo entries, zlib at level 1, small blocks
  uncompressed, all of which Whoosh's reader accepts.
- Scores: `search.scoring` computes BM25F over the posting arrays read here with
  Whoosh's arithmetic, operation for operation: every score equals Whoosh's to
  the last bit, and so does the ranking (tests/test_scoring.py). Query shapes it
  does not vectorise are scored by Whoosh's own searcher.

Falling back to Whoosh's own writer (if a Whoosh release changed these
formats): in `indexing.build`, give each document of `schema.to_document` to
`writer.add_document(**document)` instead of a `SegmentBuilder`, then commit, as
`tests/test_segments.py:whoosh_build` does; the result is the same index,
written about ten times slower. The read side (`blocks.leaf_blocks`,
`lengths.field_lengths`) would then need Whoosh's matchers and
`doc_field_length` instead.

May import: Whoosh (public and private), numpy, analysis.
"""

from __future__ import annotations

import whoosh

WHOOSH_VERSION = (2, 7, 4)


def require_whoosh(installed: tuple = whoosh.__version__) -> None:
    """Refuse to run on a Whoosh whose private formats this package was not written for."""
    if tuple(installed) != WHOOSH_VERSION:
        wanted = ".".join(map(str, WHOOSH_VERSION))
        raise ImportError(
            f"searchapp reads and writes Whoosh {wanted}'s private file formats, but Whoosh "
            f"{'.'.join(map(str, installed))} is installed: run `pip install 'whoosh=={wanted}'` "
            f"(or `make clean run`, which installs the pinned versions)."
        )


require_whoosh()
