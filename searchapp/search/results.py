"""What a search answers: a `SearchPage` (hits, facet counts, chips, pages) and a facet's `FacetPage`.

Ready-made for the templates and the JSON API: each facet value knows its
label, count, whether it is selected and the search a click on it starts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from markupsafe import Markup

from ..facets import FACETS, Facet, value_key
from .request import MAX_PAGE, FacetRequest, SearchRequest

PAGE_WINDOW = 3  # page links shown on each side of the current page
MAX_LISTED = 500  # values listed on a facet's own page


def anchor(number: int) -> str:
    """The id of an article's quotation `number` (from 1) in the article page.

    >>> anchor(3)
    'citation-3'
    """
    return f"citation-{number}"


@dataclass(frozen=True)
class QuoteHit:
    """A quotation: its words (marked), who said it (None: anonymous), and its article."""

    id: str  # `<article id>#<number>`
    article: str
    number: int  # in its article, from 1 (`anchor`)
    speaker: str | None
    text: Markup
    title: str
    date: str | None
    year: int | None
    source: str | None

    @property
    def anchor(self) -> str:
        return anchor(self.number)

    def to_dict(self, article_url: Callable[[str], str]) -> dict:
        return dict(
            id=self.id,
            speaker=self.speaker,
            text=str(self.text),
            article=self.article,
            title=self.title,
            date=self.date,
            year=self.year,
            source=self.source,
            url=f"{article_url(self.article)}#{self.anchor}",
        )


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
    quote: QuoteHit | None = None  # the first quotation holding a word of the query

    def to_dict(self, article_url: Callable[[str], str]) -> dict:
        return dict(
            id=self.id,
            title=self.title,
            date=self.date,
            year=self.year,
            source=self.source,
            speakers=list(self.speakers),
            countries=list(self.countries),
            topics=list(self.topics),
            snippet=str(self.snippet),
            url=article_url(self.id),
            quote=self.quote.to_dict(article_url) if self.quote else None,
        )


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
        needle, chosen = value_key(text), self.request.selected(self.facet.key)
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
    hits: tuple  # of `Hit`, or `QuoteHit` for a search of quotations
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
            hits=[hit.to_dict(article_url) for hit in self.hits],
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


def _bar(count: int, peak: int) -> int:
    """`count` in percent of `peak`, in steps of 5, at least 5 when not zero."""
    return 0 if not count else max(5, round(20 * count / peak) * 5)
