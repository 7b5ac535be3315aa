"""Run a SearchRequest against a Catalog: ranked hits with snippets, facet counts, pages.

Facets are disjunctive: values of one facet combine with OR, facets with
AND, and each facet's counts apply every filter except its own, so that
selecting one speaker still shows the others with their counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Callable

import numpy as np
from markupsafe import Markup
from whoosh import query as wq
from unidecode import unidecode

from .catalog import Catalog
from .facets import FACETS, Facet
from .highlight import highlight, snippet
from .query import SearchRequest

TEXT_FIELDS = ("title", "body")


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    title_marked: Markup
    date: str | None
    year: int | None
    source: str | None
    speakers: tuple[str, ...]
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    snippet: Markup


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool
    toggled: SearchRequest  # the request after clicking this value


@dataclass(frozen=True)
class FacetCounts:
    facet: Facet
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class SearchPage:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: tuple[FacetCounts, ...]
    terms: frozenset[str]  # index terms of the query, for highlighting elsewhere
    suggestion: SearchRequest | None = None  # the query with its unknown words corrected

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_dict(self, article_url: Callable[[str], str], search_url: Callable[[SearchRequest], str]) -> dict:
        """The JSON form served by `/api/search` and `searchapp search --json`."""
        request = self.request
        suggestion = self.suggestion
        return dict(
            query=request.q, total=self.total, page=request.page, per_page=request.per_page,
            pages=self.pages, sort=request.effective_sort,
            hits=[dict(id=hit.id, title=hit.title, date=hit.date, year=hit.year, source=hit.source,
                       speakers=list(hit.speakers), countries=list(hit.countries),
                       topics=list(hit.topics), snippet=str(hit.snippet), url=article_url(hit.id))
                  for hit in self.hits],
            facets={counts.facet.key: [dict(value=v.value, count=v.count, selected=v.selected)
                                       for v in counts.values]
                    for counts in self.facets},
            suggestion=dict(q=suggestion.q, url=search_url(suggestion)) if suggestion else None,
        )


def run(catalog: Catalog, request: SearchRequest) -> SearchPage:
    """Search `catalog` for `request`."""
    parsed = catalog.parser.parse(request.q) if request.q else None
    matched = catalog.live.copy()
    if parsed is not None:
        matched &= _mask(catalog, parsed)
    filters = {key: catalog.facets[key].having(values, catalog.size) for key, values in request.filters}
    selected = reduce(np.logical_and, filters.values(), matched)
    terms = _terms(catalog, parsed)
    corrected = catalog.parser.suggest(request.q) if request.q else None
    docnums = _ranked(catalog, request, parsed, selected)
    return SearchPage(
        request=request,
        total=int(selected.sum()),
        hits=tuple(_hit(catalog, docnum, terms) for docnum in docnums),
        facets=tuple(_facet_counts(catalog, request, facet, matched, filters) for facet in FACETS),
        terms=terms,
        suggestion=request.with_q(corrected) if corrected else None,
    )


def _mask(catalog: Catalog, parsed: wq.Query) -> np.ndarray:
    mask = np.zeros(catalog.size, dtype=bool)
    if parsed is not wq.NullQuery:
        mask[np.fromiter(catalog.searcher.docs_for_query(parsed), dtype=np.int64)] = True
    return mask


def _ranked(catalog: Catalog, request: SearchRequest, parsed, selected: np.ndarray) -> list[int]:
    """Document numbers of the requested page, in the requested order."""
    start = (request.page - 1) * request.per_page
    stop = start + request.per_page
    if request.effective_sort == "relevance" and parsed is not None:
        allowed = None if not request.filters else set(np.flatnonzero(selected).tolist())
        results = catalog.searcher.search(parsed, limit=stop, filter=allowed)
        return [hit.docnum for hit in results[start:stop]]
    docnums = np.flatnonzero(selected)
    keys = catalog.date_keys[docnums]
    if request.effective_sort == "oldest":
        keys = np.where(keys == 0, np.iinfo(np.int64).max, keys)
    else:
        keys = -keys
    order = np.lexsort((docnums, keys))
    return docnums[order[start:stop]].tolist()


def query_terms(catalog: Catalog, text: str) -> frozenset[str]:
    """The index terms a query text matches in the title and body, for highlighting."""
    return _terms(catalog, catalog.parser.parse(text) if text else None)


def _terms(catalog: Catalog, parsed) -> frozenset[str]:
    if parsed is None:
        return frozenset()
    reader = catalog.searcher.reader()
    # leaf by leaf: Whoosh's `existing_terms` on a tree skips the leaves after one of another field
    found = {term for leaf in parsed.leaves() for term in leaf.existing_terms(reader, phrases=True, expand=True)}
    return frozenset(text.decode("utf-8") if isinstance(text, bytes) else text
                     for field, text in found if field in TEXT_FIELDS)


def _hit(catalog: Catalog, docnum: int, terms: frozenset[str]) -> Hit:
    stored = catalog.searcher.stored_fields(docnum)
    year = stored.get("year") or []
    return Hit(
        id=stored["id"],
        title=stored["title"],
        title_marked=highlight(stored["title"], terms),
        date=stored.get("date"),
        year=int(year[0]) if year else None,
        source=stored.get("source"),
        speakers=tuple(stored.get("speaker") or ()),
        countries=tuple(stored.get("country") or ()),
        topics=tuple(stored.get("topic") or ()),
        snippet=snippet(stored["body"], terms),
    )


def _facet_counts(catalog: Catalog, request: SearchRequest, facet: Facet,
                  matched: np.ndarray, filters: dict[str, np.ndarray]) -> FacetCounts:
    table = catalog.facets[facet.key]
    others = [mask for key, mask in filters.items() if key != facet.key]
    counts = table.counts(reduce(np.logical_and, others, matched))
    chosen = request.selected(facet.key)
    shown = [(table.values[i], int(counts[i])) for i in np.flatnonzero(counts)]
    present = {value for value, _ in shown}
    shown += [(value, 0) for value in chosen if value not in present]
    if facet.order == "value_desc":
        shown.sort(key=lambda item: item[0], reverse=True)
    else:
        shown.sort(key=lambda item: (-item[1], unidecode(item[0]).lower(), item[0]))
    return FacetCounts(facet, tuple(
        FacetValue(value, count, value in chosen, request.toggled(facet.key, value))
        for value, count in shown))
