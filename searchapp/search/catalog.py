"""An open, read-only view of the live index generation, reopened when it changes.

A `Catalog` holds what every search needs and is costly to rebuild: the
Whoosh searcher, the query parser, the numpy scorer with its posting cache,
the term table with its answers cached, and per-document facet ordinals
(`FacetTable`), date keys and tie keys (`schema.tie_key`) as numpy arrays, so
that matching, ranking, facet counts and date sorting are array arithmetic
instead of per-document Python work.

The segment files are read through the file, not memory-mapped: Whoosh 2.7.4
copies each part of a mapped segment (postings, term index, stored fields)
into a `BytesIO`, some 200 MB per worker at 69,000 articles, whereas read
through the file the bytes stay once in the kernel's page cache for all.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path

import numpy as np
from whoosh import scoring as whoosh_scoring
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from .. import generations
from ..codec.toc import live_mask, segments
from ..facets import FACETS, MISSING
from ..schema import QUOTES
from .facettables import FacetTable
from .lexicon import Lexicon
from .parser import WEIGHTING, QueryParser
from .postingcache import PostingCache
from .scoring import Scorer
from .statistics import LiveBM25F, Statistics
from .termtable import TermTable

# Quotations are ranked without length normalisation: BM25's would put the one-word fragments
# (« ingérence ») before the sentences that say something about it.
QUOTE_WEIGHTING = whoosh_scoring.BM25F(B=0.0, K1=WEIGHTING.K1)


class NoIndex(RuntimeError):
    """No index generation has been published yet."""


class Catalog:
    """One published generation, opened for searching: its articles, and its quotations as a
    catalog of their own (`quotes`, None for a generation without them), searched the same way.

    A generation whose manifest lists its files is refused (`generations.Damaged`)
    when one is missing or has another size, as a truncated segment would
    otherwise fail searches one by one; `searchapp index check` also compares
    their checksums.
    """

    def __init__(self, path: Path, quotations_of: Catalog | None = None):
        self.path = Path(path)
        storage = FileStorage(str(self.path), supports_mmap=False, readonly=True)
        if quotations_of is None:
            self.manifest = generations.read_manifest(self.path)
            if "files" in self.manifest and (damaged := generations.damage(self.path, checksums=False)):
                raise generations.Damaged(f"{self.path.name} : {'; '.join(damaged)}")
            self.index = storage.open_index()
            self.lexicon = Lexicon.load(self.path)
        else:
            self.manifest = quotations_of.manifest
            self.index = storage.open_index(QUOTES)
            self.lexicon = quotations_of.lexicon
        reader = self.index.reader()
        self.size = reader.doc_count_all()
        self.segments = segments(reader)
        self.live = live_mask(reader)
        postings = PostingCache(reader)
        self.statistics = Statistics(reader, self.live, postings)
        weighting = LiveBM25F(WEIGHTING if quotations_of is None else QUOTE_WEIGHTING, self.statistics)
        self.searcher = Searcher(reader, weighting=weighting, fromindex=self.index)
        self.terms = TermTable(reader, self.statistics)
        self.scorer = Scorer(self.searcher, weighting, postings, self.terms, self.statistics)
        self.date_keys = _numbers(reader, "date_key")
        self.tie_keys = _numbers(reader, "tie_key")
        self.facets = {facet.key: FacetTable.load(reader, facet, self.live) for facet in FACETS}
        self.parser = QueryParser(
            self.index.schema,
            self.lexicon,
            self.terms,
            {
                key: [(value, folded) for value, folded in zip(table.values, table.folded) if value != MISSING]
                for key, table in self.facets.items()
            },
        )
        self.quotes = Catalog(self.path, self) if quotations_of is None and storage.index_exists(QUOTES) else None

    @property
    def doc_count(self) -> int:
        return int(self.live.sum())

    def document(self, article_id: str) -> tuple[int, dict] | None:
        """The document number and stored fields of an article id, or None."""
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        return docnum, self.searcher.stored_fields(docnum)

    def warm(self, previous: Catalog) -> None:
        """Read ahead what `previous` (the generation this one replaces) held in its posting cache,
        and the length norms, so that the first searches after the switch are as fast as the last
        ones before it."""
        self.scorer.warm()
        self.scorer.postings.warm(previous.scorer.postings.keys())
        if self.quotes is not None and previous.quotes is not None:
            self.quotes.warm(previous.quotes)

    def close(self) -> None:
        self.searcher.close()
        if self.quotes is not None:
            self.quotes.close()


def _numbers(reader, column: str) -> np.ndarray:
    """A numeric column's value for every document (int64; 0 where a document has none)."""
    if not reader.has_column(column):
        return np.zeros(reader.doc_count_all(), dtype=np.int64)
    return np.fromiter(reader.column_reader(column), dtype=np.int64, count=reader.doc_count_all())


class LiveCatalog:
    """Hands out the catalog of the live generation, switching when CURRENT changes.

    The CURRENT pointer is read at most every `check_every` seconds. A new
    generation is opened in a background thread while the previous one keeps
    answering, and warmed with what the previous one had cached (`Catalog.warm`),
    then swapped in at the next `get` (and the previous one closed there,
    between requests); only the first generation is opened in the
    request that needs it. A generation that cannot be opened is logged once
    and the previous one kept (tried again at each check); without a previous
    one, `get` says which generation fails.
    """

    def __init__(self, index_dir: str | Path, check_every: float = 1.0):
        self.index_dir = Path(index_dir)
        self.check_every = check_every
        self._catalog: Catalog | None = None
        self._name: str | None = None
        self._checked = 0.0
        self._failed: str | None = None  # the live generation, when it could not be opened
        self._opening: str | None = None  # the generation being opened in the background
        self._opened: tuple[str, Catalog] | None = None  # opened in the background, not swapped in yet
        self._lock = threading.Lock()

    def get(self) -> Catalog:
        now = time.monotonic()
        stale = self._catalog is None and self._failed is None
        if stale or self._opened is not None or now - self._checked >= self.check_every:
            with self._lock:
                self._refresh(now)
        if self._catalog is None:
            if self._failed is not None:
                raise NoIndex(
                    f"la génération {self._failed} de l'index {self.index_dir} ne peut pas être ouverte : "
                    "lancez « searchapp index rebuild »"
                )
            raise NoIndex(f"aucun index dans {self.index_dir} : lancez « searchapp index rebuild »")
        return self._catalog

    def _refresh(self, now: float) -> None:
        if self._opened is not None:
            self._swap(*self._opened)
            self._opened = None
        if now - self._checked < self.check_every and self._catalog is not None:
            return
        self._checked = now
        try:
            name = generations.pointer(self.index_dir)
        except OSError:
            self._fail(generations.CURRENT)
            return
        if name is None:  # nothing published (yet, or CURRENT removed): keep what is open
            self._failed = None
            return
        if (name == self._name and self._catalog is not None) or name == self._opening:
            return
        if self._catalog is None:
            self._open(name)
        else:
            self._opening = name
            threading.Thread(target=self._open, args=(name, True), daemon=True).start()

    def _open(self, name: str, background: bool = False) -> None:
        """Open generation `name`: swap it in now, or (`background`) leave it for the next `get`."""
        try:
            catalog = Catalog(self.index_dir / name)
            previous = self._catalog
            if background and previous is not None:
                catalog.warm(previous)
        except Exception:  # serving the previous generation beats failing every request
            with self._lock if background else contextlib.nullcontext():
                self._fail(name)
                if self._opening == name:
                    self._opening = None
            return
        if not background:
            self._swap(name, catalog)
            return
        with self._lock:
            replaced, self._opened = self._opened, (name, catalog)
            if self._opening == name:
                self._opening = None
        if replaced is not None:  # opened, not swapped in yet: replaced (a later check reopens the live one)
            replaced[1].close()

    def _fail(self, name: str) -> None:
        if self._failed != name:
            logging.getLogger(__name__).exception("index generation unreadable in %s", self.index_dir)
        self._failed = name

    def _swap(self, name: str, catalog: Catalog) -> None:
        self._failed = None
        old, self._catalog, self._name = self._catalog, catalog, name
        if old is not None:
            old.close()

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, None
        for catalog in (self._catalog, opened[1] if opened else None):
            if catalog is not None:
                catalog.close()
        self._catalog = None
