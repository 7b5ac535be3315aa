"""SearchRequest: the parsed, validated search state (query, filters, ranges, sort, page).

It is immutable: every change returns a new request, and any change of
filters, ranges or sort returns to page 1. `from_params` parses URL
parameters and raises `InvalidRequest` (with a French message) on anything
invalid; `to_params` is its inverse. `FacetRequest` is the state of a
facet's page of values: a search, one facet, and a text to filter values by.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import overload

from ..facets import BY_KEY, FACETS, Facet

SORTS = {"relevance": "pertinence", "newest": "plus récents", "oldest": "plus anciens"}
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 10
MAX_QUERY_LENGTH = 500
MAX_PAGE = 1000
MAX_VALUE_LENGTH = 200
MAX_SELECTED = 50
MAX_RANGE_VALUE = 9999
MAX_CONTAINS_LENGTH = 100


class InvalidRequest(ValueError):
    """A parameter is invalid; the message says which and why, in French."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet key, values), FACETS order
    ranges: tuple[tuple[str, int | None, int | None], ...] = ()  # (facet key, from, to), FACETS order
    sort: str = ""  # "" is the default: relevance with a query, newest without
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_params(cls, params) -> SearchRequest:
        """Parse a multi-valued mapping (Werkzeug `MultiDict` or dict of lists)."""
        get_all, get_one = _getters(params)
        q = " ".join(get_one("q").split())
        if len(q) > MAX_QUERY_LENGTH:
            raise InvalidRequest(f"La recherche est trop longue ({len(q)} caractères, au plus {MAX_QUERY_LENGTH}).")
        filters = []
        for facet in FACETS:
            values = tuple(dict.fromkeys(v.strip() for v in get_all(facet.key) if v.strip()))
            if len(values) > MAX_SELECTED or any(len(v) > MAX_VALUE_LENGTH for v in values):
                raise InvalidRequest(f"Trop de valeurs ou valeur trop longue pour le filtre « {facet.label} ».")
            if values:
                filters.append((facet.key, values))
        ranges = []
        for facet in FACETS:
            if facet.ranged:
                low, high = (
                    _integer(get_one(name), name, 0, MAX_RANGE_VALUE, default=None) for name in facet.range_params
                )
                if low is not None and high is not None and low > high:
                    low, high = high, low
                if low is not None or high is not None:
                    ranges.append((facet.key, low, high))
        sort = get_one("sort")
        if sort and sort not in SORTS:
            raise InvalidRequest(f"Tri inconnu « {sort} » : choisissez parmi {', '.join(SORTS)}.")
        page = _integer(get_one("page"), "page", 1, MAX_PAGE, default=1)
        per_page = _integer(get_one("per_page"), "per_page", 1, max(PER_PAGE_CHOICES), default=DEFAULT_PER_PAGE)
        if per_page not in PER_PAGE_CHOICES:
            raise InvalidRequest(f"per_page doit valoir {', '.join(map(str, PER_PAGE_CHOICES))}.")
        return cls(q=q, filters=tuple(filters), ranges=tuple(ranges), sort=sort, page=page, per_page=per_page)

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "newest")

    def selected(self, key: str) -> tuple[str, ...]:
        return dict(self.filters).get(key, ())

    def range(self, key: str) -> tuple[int | None, int | None]:
        """The (from, to) range of facet `key`; (None, None) when it has none."""
        return next(((low, high) for k, low, high in self.ranges if k == key), (None, None))

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.ranges)

    def with_values(self, key: str, values) -> SearchRequest:
        """This request with facet `key` set to `values` (none: unfiltered), at page 1."""
        chosen = dict(self.filters)
        chosen[key] = tuple(dict.fromkeys(values))
        filters = tuple((f.key, chosen[f.key]) for f in FACETS if chosen.get(f.key))
        return replace(self, filters=filters, page=1)

    def toggled(self, key: str, value: str) -> SearchRequest:
        """Select `value` in facet `key`, or deselect it if it was selected."""
        current = self.selected(key)
        if value in current:
            return self.with_values(key, [v for v in current if v != value])
        return self.with_values(key, [*current, value])

    def with_q(self, q: str) -> SearchRequest:
        return replace(self, q=q, page=1)

    def with_range(self, key: str, low: int | None, high: int | None) -> SearchRequest:
        """This request with facet `key` limited from `low` to `high` (None: open), at page 1."""
        chosen = {k: (lo, hi) for k, lo, hi in self.ranges}
        chosen[key] = (low, high)
        ranges = tuple((f.key, *chosen[f.key]) for f in FACETS if chosen.get(f.key, (None, None)) != (None, None))
        return replace(self, ranges=ranges, page=1)

    def without_filters(self) -> SearchRequest:
        return replace(self, filters=(), ranges=(), page=1)

    def with_page(self, page: int) -> SearchRequest:
        return replace(self, page=page)

    def to_params(self) -> list[tuple[str, str]]:
        """URL parameters, defaults left out, in a stable order."""
        params = [("q", self.q)] if self.q else []
        params += [(key, value) for key, values in self.filters for value in values]
        for key, *bounds in self.ranges:
            params += [(name, str(bound)) for name, bound in zip(BY_KEY[key].range_params, bounds) if bound is not None]
        if self.sort:
            params.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            params.append(("per_page", str(self.per_page)))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params


@dataclass(frozen=True)
class FacetRequest:
    """All the values of one facet for a search, or those containing `contains`."""

    search: SearchRequest
    facet: Facet
    contains: str = ""

    @classmethod
    def from_params(cls, facet: Facet, params) -> FacetRequest:
        """Parse like `SearchRequest.from_params`, plus `contains`."""
        contains = " ".join(_getters(params)[1]("contains").split())
        if len(contains) > MAX_CONTAINS_LENGTH:
            raise InvalidRequest(f"Le filtre est trop long (au plus {MAX_CONTAINS_LENGTH} caractères).")
        return cls(SearchRequest.from_params(params), facet, contains)

    def to_params(self) -> list[tuple[str, str]]:
        return self.search.to_params() + ([("contains", self.contains)] if self.contains else [])


def _getters(params):
    """`get_all(name)` and `get_one(name)` (last non-blank value, stripped) over a mapping."""

    def get_all(name: str) -> list[str]:
        if hasattr(params, "getlist"):
            return params.getlist(name)
        value = params.get(name, [])
        return [value] if isinstance(value, str) else list(value)

    def get_one(name: str) -> str:
        values = [v for v in get_all(name) if v.strip()]
        return values[-1].strip() if values else ""

    return get_all, get_one


@overload
def _integer(text: str, name: str, low: int, high: int, default: int) -> int: ...
@overload
def _integer(text: str, name: str, low: int, high: int, default: None) -> int | None: ...
def _integer(text: str, name: str, low: int, high: int, default: int | None) -> int | None:
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise InvalidRequest(f"« {name} » doit être un nombre entier (reçu « {text[:20]} »).") from None
    if not low <= value <= high:
        raise InvalidRequest(f"« {name} » doit être compris entre {low} et {high}.")
    return value
