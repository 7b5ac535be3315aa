"""Quotation search: the article search run over a generation's quotations (`Catalog.quotes`):
the same parser, scoring, facets and highlighting, one hit per quotation (`QuoteHit`).

`search` answers a page; `export.quote_table` gives the whole ranked set.
"""

from __future__ import annotations

from . import engine
from .catalog import Catalog
from .request import SearchRequest
from .results import SearchPage


class NoQuotations(RuntimeError):
    """The live generation has no index of quotations (built by an earlier version)."""


def search(catalog: Catalog, request: SearchRequest) -> SearchPage:
    """The page of `request` among the quotations of `catalog`'s generation (hits: `QuoteHit`)."""
    return engine.run(catalog_of(catalog), request, engine.quote_hit)


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
