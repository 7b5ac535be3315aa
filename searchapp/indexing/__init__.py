"""Indexing: build a generation from a corpus, afresh or as an update of the live one, in
worker processes, and publish it (`build`); watch the corpus and publish updates as it changes
(`watch`); which code decides what is indexed (`codeversion`).

May import: ingest, analysis, codec, schema, facets, generations.
"""

from .build import NothingIndexed, Report, WriteFailed, rebuild, update
from .watch import Watcher

__all__ = ["NothingIndexed", "Report", "Watcher", "WriteFailed", "rebuild", "update"]
