"""The indexing worker processes: parse, build and analyse runs of corpus items into batches.

`process(items, …)` parses and builds the articles of consecutive corpus
items and analyses them into a `codec.batches.Batch`; it returns one `Entry`
per item, in corpus order. `Workers` runs it in a pool of processes (or in
this one), which also encodes the postings of `SegmentBuilder.finish`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..codec.batches import Batch, invert_documents
from ..ingest.articles import ArticleError, build
from ..ingest.corpus import Problem, Raw
from ..schema import build_quote_schema, build_schema, quote_documents, to_document

if TYPE_CHECKING:
    from multiprocessing.pool import Pool


@dataclass(frozen=True)
class Entry:
    """A parsed article of a batch: where it was read and either why it could not be built
    (`error`), or its document number in the live generation when that holds it unchanged
    (`copy`: it stays there), or neither: it was analysed into the batch."""

    id: str
    path: str
    line: int | None
    copy: int | None = None
    error: str | None = None
    digest: str | None = None  # of its source, once read
    quotes: int = 0  # analysed: its quotations' documents in the batch of quotations

    @property
    def key(self) -> tuple[str, str]:
        """What identifies an article across corpus versions: its file path and its id."""
        return self.path, self.id

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Unread:
    """The articles of a corpus file left unread by an update: kept where they are in the live
    generation (`docnums`), never sent to a worker."""

    path: str
    ids: list[str]
    docnums: list[int]


def process(items: list[Raw | Problem], schemas, known: dict) -> tuple[list[Entry | Problem], Batch, Batch]:
    """Parse, build and analyse `items`, passing their problems and entries on in place, into a
    batch of articles and one of their quotations (`schemas`: the two schemas); `known` maps
    the source key of each article of the live generation to its (document number, digest), for
    `index update`: an article with the same key and digest is not analysed again."""
    entries: list[Entry | Problem] = []
    documents = []
    quotations = []
    for item in items:
        source = item.parse() if isinstance(item, Raw) else item
        if isinstance(source, Problem):
            entries.append(source)
            continue
        docnum, digest = known.get((source.path, source.id), (None, None))
        if digest is not None and digest == source.digest:
            entries.append(Entry(source.id, source.path, source.line, docnum, digest=source.digest))
            continue
        try:
            article = build(source)
        except ArticleError as error:
            entries.append(Entry(source.id, source.path, source.line, error=str(error)))
            continue
        documents.append(to_document(article, source.digest))
        quotations += quote_documents(article)
        entries.append(Entry(source.id, source.path, source.line, digest=source.digest, quotes=len(article.quotes)))
    return entries, invert_documents(schemas[0], documents), invert_documents(schemas[1], quotations)


class Workers:
    """`jobs` worker processes (none for one job) that analyse runs of corpus items
    (`process`) and encode postings (`SegmentBuilder.finish`)."""

    pool: Pool | None

    def __init__(self, jobs: int, known: dict):
        self.jobs, self.known, self.pool = jobs, known, None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            context = multiprocessing.get_context("spawn")  # no inherited writer lock, as on every platform
            self.pool = context.Pool(self.jobs, start_worker, (self.known,))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def analyse(self, runs: Iterator[list]) -> Iterator[tuple[list, Batch, Batch]]:
        """Each run's entries and batches (its articles', its quotations'), in order; at most two runs
        per process are read ahead. A run of an `Unread` file is passed on as it is, with empty batches."""
        schemas = build_schema(), build_quote_schema()
        waiting: deque = deque()
        for items in runs:
            if len(items) == 1 and isinstance(items[0], Unread):
                waiting.append(_Ready((items, Batch(), Batch())))
            elif self.pool is None:
                waiting.append(_Ready(process(items, schemas, self.known)))
            else:
                waiting.append(self.pool.apply_async(process_in_worker, (items,)))
            if len(waiting) > (2 * self.jobs if self.pool is not None else 0):
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()


class _Ready:
    """A run's result at hand, waiting in line with those the pool computes."""

    def __init__(self, result: tuple):
        self.result = result

    def get(self) -> tuple:
        return self.result


def start_worker(known: dict) -> None:
    """Pool initializer: build the schema and keep the live generation's digests; leave Ctrl-C to
    the parent, which stops the pool; exit if the parent dies without stopping it (killed)."""
    _context.update(schemas=(build_schema(), build_quote_schema()), known=known)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def process_in_worker(items: list[Raw | Problem]) -> tuple[list[Entry | Problem], Batch, Batch]:
    return process(items, _context["schemas"], _context["known"])


_context: dict = {}


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
