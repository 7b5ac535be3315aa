"""Quotation search: the article search run over a generation's quotations (`Catalog.quotes`):
the same parser, scoring, facets and highlighting, one hit per quotation (`QuoteHit`).

`search` answers a page (`Quotations.page`) and iterates over the whole ranked result set,
building each hit only when it is reached, for exports that stream.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import engine
from .catalog import Catalog
from .request import SearchRequest
from .results import QuoteHit, SearchPage


class NoQuotations(RuntimeError):
    """The live generation has no index of quotations (built by an earlier version)."""


@dataclass(frozen=True)
class Quotations:
    """The quotations matching a search: one page of them, and all of them by iteration."""

    catalog: Catalog  # the quotations' catalog
    page: SearchPage  # of `QuoteHit`

    @property
    def total(self) -> int:
        return self.page.total

    def __iter__(self) -> Iterator[QuoteHit]:
        """Every matching quotation, in the request's order."""
        docnums, terms = engine.ranked_all(self.catalog, self.page.request)
        for docnum in docnums:
            yield engine.quote_hit(self.catalog, docnum, terms)


def search(catalog: Catalog, request: SearchRequest) -> Quotations:
    """The quotations of `catalog`'s generation matching `request`."""
    quotes = catalog_of(catalog)
    return Quotations(quotes, engine.run(quotes, request, engine.quote_hit))


def count(catalog: Catalog, request: SearchRequest) -> int | None:
    """How many quotations match `request` (None: the generation has none indexed)."""
    return engine.count(catalog.quotes, request) if catalog.quotes is not None else None


def catalog_of(catalog: Catalog) -> Catalog:
    """The quotations' catalog of a generation's (raises `NoQuotations` when it has none)."""
    if catalog.quotes is None:
        raise NoQuotations(
            f"la génération {catalog.path.name} n'a pas d'index des citations : lancez « searchapp index rebuild »"
        )
    return catalog.quotes
