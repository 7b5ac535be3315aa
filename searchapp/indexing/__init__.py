"""Indexing: build a generation from a corpus, afresh or as an update of the live one, in
worker processes, and publish it (`build`); which code decides what is indexed (`codeversion`).

May import: ingest, analysis, codec, schema, facets, generations.
"""

from .build import NothingIndexed, Report, WriteFailed, rebuild, update

__all__ = ["NothingIndexed", "Report", "WriteFailed", "rebuild", "update"]
