"""Run a SearchRequest against a Catalog: ranked hits with snippets, facet counts, pages.

Facets are disjunctive: values of one facet combine with OR, facets with
AND, and each facet's counts apply every filter except its own, so that
selecting one speaker still shows the others with their counts.

A ranged facet (the year) also has a range: it narrows the facet's integer
values, the selected values choose among those in the range, and the
missing bucket (`year=none`, "Date inconnue") adds the documents without
value. The facet's own counts apply its range but not its selected values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, reduce
from urllib.parse import urlencode

import numpy as np
from markupsafe import Markup
from whoosh import query as wq

from . import scoring
from .catalog import Catalog, FacetTable
from .facets import FACETS, MISSING, Facet, fold
from .highlight import highlight, snippet
from .query import MAX_PAGE, FacetRequest, SearchRequest

TEXT_FIELDS = ("title", "body")
PAGE_WINDOW = 3  # page links shown on each side of the current page
MAX_LISTED = 500  # values listed on a facet's own page


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
    """A facet value as listed for a search."""

    facet: Facet
    value: str
    count: int
    selected: bool
    request: SearchRequest  # the search it is listed for
    bar: int = 0  # histogram facets: the count in percent of the largest, in steps of 5

    @property
    def label(self) -> str:
        return self.facet.label_of(self.value)

    @property
    def toggled(self) -> SearchRequest:
        """The search after clicking this value."""
        return self.request.toggled(self.facet.key, self.value)


@dataclass(frozen=True)
class FacetCounts:
    """One facet's values for a search: every value with documents and every selected value."""

    facet: Facet
    request: SearchRequest
    ranked: tuple[tuple[str, int, str], ...]  # (value, count, folded label), in listing order
    bounds: tuple[int, int] | None = None  # ranged facets: lowest and highest value in the index

    @cached_property
    def values(self) -> tuple[FacetValue, ...]:
        return self._values(self.ranked)

    @cached_property
    def shown(self) -> tuple[FacetValue, ...]:
        """The values listed with the results: the first `limit`, then any selected one."""
        limit = self.facet.limit
        if limit is None or len(self.ranked) <= limit:
            return self.values
        chosen = self.request.selected(self.facet.key)
        return self._values(self.ranked[:limit] + tuple(i for i in self.ranked[limit:] if i[0] in chosen))

    @property
    def hidden(self) -> int:
        """How many values "Plus…" would add."""
        return len(self.ranked) - len(self.shown)

    def matching(self, text: str) -> tuple[FacetValue, ...]:
        """The values containing `text` (ignoring accents, case, punctuation), and the selected ones."""
        needle, chosen = fold(text), self.request.selected(self.facet.key)
        return self._values(tuple(i for i in self.ranked if needle in i[2] or i[0] in chosen))

    @property
    def browse(self) -> FacetRequest:
        """The request of this facet's own page."""
        return FacetRequest(self.request, self.facet)

    @property
    def range(self) -> tuple[int | None, int | None]:
        return self.request.range(self.facet.key)

    def _values(self, items) -> tuple[FacetValue, ...]:
        chosen = self.request.selected(self.facet.key)
        peak = max((count for _, count, _ in self.ranked), default=0) if self.facet.histogram else 0
        return tuple(
            FacetValue(self.facet, value, count, value in chosen, self.request, _bar(count, peak) if peak else 0)
            for value, count, _ in items
        )


@dataclass(frozen=True)
class Chip:
    """An active filter, shown with a link that removes it."""

    label: str  # the facet's label
    text: str  # the value's label, or the range in words
    removed: SearchRequest


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

    @property
    def last_page(self) -> int:
        """The last page that can be asked for."""
        return min(self.pages, MAX_PAGE)

    @property
    def page_numbers(self) -> range:
        """The page links around the current page."""
        current = self.request.page
        return range(max(1, current - PAGE_WINDOW), min(self.last_page, current + PAGE_WINDOW) + 1)

    @property
    def chips(self) -> tuple[Chip, ...]:
        """The active filters, in FACETS order, each value's then the range."""
        request, chips = self.request, []
        for facet in FACETS:
            chips += [
                Chip(facet.label, facet.label_of(value), request.toggled(facet.key, value))
                for value in request.selected(facet.key)
            ]
            low, high = request.range(facet.key)
            if low is not None or high is not None:
                chips.append(Chip(facet.label, range_text(low, high), request.with_range(facet.key, None, None)))
        return tuple(chips)

    def to_dict(
        self, article_url: Callable[[str], str], search_url: Callable[[SearchRequest], str] | None = None
    ) -> dict:
        """The JSON form served by `/api/search` and `searchapp search --json`; `search_url`
        makes the suggestion's link (default: a relative query string)."""
        request = self.request
        suggestion = self.suggestion
        return dict(
            query=request.q,
            total=self.total,
            page=request.page,
            per_page=request.per_page,
            pages=self.pages,
            sort=request.effective_sort,
            ranges={key: {"from": low, "to": high} for key, low, high in request.ranges},
            hits=[
                dict(
                    id=hit.id,
                    title=hit.title,
                    date=hit.date,
                    year=hit.year,
                    source=hit.source,
                    speakers=list(hit.speakers),
                    countries=list(hit.countries),
                    topics=list(hit.topics),
                    snippet=str(hit.snippet),
                    url=article_url(hit.id),
                )
                for hit in self.hits
            ],
            facets={counts.facet.key: values_to_dicts(counts.values) for counts in self.facets},
            suggestion=dict(
                q=suggestion.q, url=search_url(suggestion) if search_url else "?" + urlencode(suggestion.to_params())
            )
            if suggestion
            else None,
        )


@dataclass(frozen=True)
class FacetPage:
    """A facet's own page: its values for a search, those containing a text if given."""

    request: FacetRequest
    counts: FacetCounts
    matching: tuple[FacetValue, ...]

    @property
    def listed(self) -> tuple[FacetValue, ...]:
        return self.matching[:MAX_LISTED]

    def to_dict(self) -> dict:
        """The JSON form served by `/api/facet/<key>`."""
        return dict(
            facet=self.counts.facet.key,
            contains=self.request.contains,
            total=len(self.matching),
            values=values_to_dicts(self.listed),
        )


def values_to_dicts(values) -> list[dict]:
    return [dict(value=v.value, label=v.label, count=v.count, selected=v.selected) for v in values]


def range_text(low: int | None, high: int | None) -> str:
    """A range in French words.

    >>> range_text(2018, 2020), range_text(2019, 2019), range_text(2018, None), range_text(None, 2020)
    ('de 2018 à 2020', '2019', 'à partir de 2018', "jusqu'en 2020")
    """
    if low is None:
        return f"jusqu'en {high}"
    if high is None:
        return f"à partir de {low}"
    return str(low) if low == high else f"de {low} à {high}"


def run(catalog: Catalog, request: SearchRequest) -> SearchPage:
    """Search `catalog` for `request`."""
    parsed = catalog.parser.parse(request.q) if request.q else None
    scores = _scores(catalog, parsed)
    matched, filters = _matched(catalog, request, parsed, scores)
    selected = reduce(np.logical_and, filters.values(), matched)
    terms = _terms(catalog, parsed)
    corrected = catalog.parser.suggest(request.q) if request.q else None
    docnums = _ranked(catalog, request, parsed, scores, selected)
    return SearchPage(
        request=request,
        total=int(selected.sum()),
        hits=tuple(_hit(catalog, docnum, terms) for docnum in docnums),
        facets=tuple(_facet_counts(catalog, request, facet, matched, filters) for facet in FACETS),
        terms=terms,
        suggestion=request.with_q(corrected) if corrected else None,
    )


def browse_facet(catalog: Catalog, request: FacetRequest) -> FacetPage:
    """The values of one facet for a search, filtered by `request.contains`."""
    search = request.search
    parsed = catalog.parser.parse(search.q) if search.q else None
    matched, filters = _matched(catalog, search, parsed, _scores(catalog, parsed))
    counts = _facet_counts(catalog, search, request.facet, matched, filters)
    return FacetPage(request, counts, counts.matching(request.contains))


def _scores(catalog: Catalog, parsed) -> np.ndarray | None:
    """Every document's score for the query (0: not matched); None without a query, or for a
    query shape only Whoosh scores."""
    return catalog.scorer.scores(parsed) if parsed is not None else None


def _matched(
    catalog: Catalog, request: SearchRequest, parsed, scores: np.ndarray | None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The live documents matching the query, and each active facet filter's mask."""
    matched = catalog.live.copy()
    if parsed is not None:
        matched &= scores > 0 if scores is not None else _mask(catalog, parsed)
    filters = {}
    for facet in FACETS:
        passing = _passing(catalog.facets[facet.key], facet, request)
        if passing is not None:
            filters[facet.key] = catalog.facets[facet.key].having(passing, catalog.size)
    return matched, filters


def _passing(table: FacetTable, facet: Facet, request: SearchRequest) -> list[str] | None:
    """The values whose documents pass the facet's filter; None when it has no filter."""
    chosen = request.selected(facet.key)
    low, high = request.range(facet.key)
    if low is None and high is None:
        return list(chosen) or None
    in_range = table.between(low, high)
    narrowed = [value for value in chosen if value in in_range]
    picked = narrowed if any(value != MISSING for value in chosen) else in_range
    return picked + [MISSING] * (MISSING in chosen)


def _mask(catalog: Catalog, parsed: wq.Query) -> np.ndarray:
    mask = np.zeros(catalog.size, dtype=bool)
    if parsed is not wq.NullQuery:
        mask[np.fromiter(catalog.searcher.docs_for_query(parsed), dtype=np.int64)] = True
    return mask


def _ranked(
    catalog: Catalog, request: SearchRequest, parsed, scores: np.ndarray | None, selected: np.ndarray
) -> list[int]:
    """Document numbers of the requested page, in the requested order."""
    start = (request.page - 1) * request.per_page
    stop = start + request.per_page
    if request.effective_sort == "relevance" and parsed is not None:
        if scores is not None:
            return scoring.top(scores, selected, start, stop)
        if not selected.any():
            return []
        allowed = set(np.flatnonzero(selected).tolist()) if request.has_filters else None
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
    reader = catalog.terms
    # leaf by leaf: Whoosh's `existing_terms` on a tree skips the leaves after one of another field
    found = {term for leaf in parsed.leaves() for term in leaf.existing_terms(reader, phrases=True, expand=True)}
    return frozenset(
        text.decode("utf-8") if isinstance(text, bytes) else text for field, text in found if field in TEXT_FIELDS
    )


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


def _facet_counts(
    catalog: Catalog, request: SearchRequest, facet: Facet, matched: np.ndarray, filters: dict[str, np.ndarray]
) -> FacetCounts:
    table = catalog.facets[facet.key]
    base = reduce(np.logical_and, [mask for key, mask in filters.items() if key != facet.key], matched)
    low, high = request.range(facet.key)
    if low is not None or high is not None:
        base = base & table.having([*table.between(low, high), MISSING], catalog.size)
    counts = table.counts(base)
    chosen = request.selected(facet.key)
    listed = counts > 0
    listed[table.ordinals(chosen)] = True
    ordinals = np.flatnonzero(listed)
    missing = ordinals == table.index.get(MISSING, -1)
    ranks = table.ranks[ordinals]
    first = -ranks if facet.order == "value_desc" else -counts[ordinals]
    ordinals = ordinals[np.lexsort((ranks, first, missing))]
    counted = counts.tolist()
    ranked = [(table.values[i], counted[i], table.folded[i]) for i in ordinals.tolist()]
    ranked += [(value, 0, fold(value)) for value in chosen if value not in table.index]
    return FacetCounts(facet, request, tuple(ranked), table.bounds if facet.ranged else None)


def _bar(count: int, peak: int) -> int:
    """`count` in percent of `peak`, in steps of 5, at least 5 when not zero."""
    return 0 if not count else max(5, round(20 * count / peak) * 5)
