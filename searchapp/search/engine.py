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
from functools import reduce

import numpy as np
from whoosh import query as wq

from ..facets import FACETS, MISSING, Facet, value_key
from ..schema import quote_number
from . import scoring
from .catalog import Catalog
from .facettables import FacetTable
from .highlight import highlight, snippet
from .request import FacetRequest, SearchRequest
from .results import FacetCounts, FacetPage, Hit, QuoteHit, SearchPage

TEXT_FIELDS = ("title", "body")


HitMaker = Callable[[Catalog, int, frozenset], object]


def run(catalog: Catalog, request: SearchRequest, hit: HitMaker | None = None) -> SearchPage:
    """Search `catalog` for `request`; `hit(catalog, docnum, terms)` makes each hit of the page
    (default: an article's `Hit`)."""
    parsed, scores, matched, filters, selected = _select(catalog, request)
    terms = _terms(catalog, parsed)
    corrected = catalog.parser.suggest(request.q) if request.q else None
    start = (request.page - 1) * request.per_page
    docnums = _ranked(catalog, request, parsed, scores, selected, start, start + request.per_page)
    return SearchPage(
        request=request,
        total=int(selected.sum()),
        hits=tuple((hit or _hit)(catalog, docnum, terms) for docnum in docnums),
        facets=tuple(_facet_counts(catalog, request, facet, matched, filters) for facet in FACETS),
        terms=terms,
        suggestion=request.with_q(corrected) if corrected else None,
    )


def ranked(catalog: Catalog, request: SearchRequest, limit: int) -> tuple[int, list[int]]:
    """How many documents match `request`, and the numbers of the first `limit` of them in its
    order (its page ignored): a whole result set, for an export or a feed."""
    parsed, scores, _, _, selected = _select(catalog, request)
    return int(selected.sum()), _ranked(catalog, request, parsed, scores, selected, 0, limit)


def count(catalog: Catalog, request: SearchRequest) -> int:
    """How many documents match `request` (without ranking, facets or hits)."""
    return int(_select(catalog, request)[-1].sum())


def browse_facet(catalog: Catalog, request: FacetRequest) -> FacetPage:
    """The values of one facet for a search, filtered by `request.contains`."""
    search = request.search
    parsed = catalog.parser.parse(search.q) if search.q else None
    matched, filters = _matched(catalog, search, parsed, _scores(catalog, parsed))
    counts = _facet_counts(catalog, search, request.facet, matched, filters)
    return FacetPage(request, counts, counts.matching(request.contains))


def _select(catalog: Catalog, request: SearchRequest):
    """The parsed query, its scores, the matching documents, each filter's mask and the documents
    passing them all."""
    parsed = catalog.parser.parse(request.q) if request.q else None
    scores = _scores(catalog, parsed)
    matched, filters = _matched(catalog, request, parsed, scores)
    return parsed, scores, matched, filters, reduce(np.logical_and, filters.values(), matched)


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
    catalog: Catalog,
    request: SearchRequest,
    parsed,
    scores: np.ndarray | None,
    selected: np.ndarray,
    start: int,
    stop: int,
) -> list[int]:
    """Document numbers ranked `start` to `stop`, in the requested order."""
    if request.effective_sort == "relevance" and parsed is not None:
        if scores is not None:
            return scoring.top(scores, selected, start, stop, catalog.tie_keys)
        if not selected.any():
            return []
        allowed = set(np.flatnonzero(selected).tolist()) if request.has_filters else None
        results = catalog.searcher.search(parsed, limit=stop, filter=allowed)
        return [hit.docnum for hit in results[start:stop]]
    docnums = np.flatnonzero(selected)
    keys = catalog.date_keys[docnums]
    # oldest: undated (0) last; newest: the keys reversed, undated last too
    keys = np.where(keys == 0, np.iinfo(np.int64).max, keys) if request.effective_sort == "oldest" else -keys
    order = np.lexsort((docnums, catalog.tie_keys[docnums], keys))
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
    quote = next(
        (
            QuoteHit(
                f"{stored['id']}#{number}",
                stored["id"],
                number,
                speaker,
                marked,
                stored["title"],
                stored.get("date"),
                int(year[0]) if year else None,
                stored.get("source"),
            )
            for number, (speaker, start, end) in enumerate(stored.get("quotes") or (), 1)
            if terms and "<mark>" in (marked := highlight(stored["body"][start:end], terms))
        ),
        None,
    )
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
        quote=quote,
    )


def quote_hit(catalog: Catalog, docnum: int, terms: frozenset[str]) -> QuoteHit:
    """A document of the quotations' catalog as a hit."""
    stored = catalog.searcher.stored_fields(docnum)
    year = stored.get("year") or []
    speaker = stored.get("speaker") or []
    return QuoteHit(
        id=stored["id"],
        article=stored["article"],
        number=quote_number(stored["id"]),
        speaker=speaker[0] if speaker else None,
        text=highlight(stored["body"], terms),
        title=stored["article_title"],
        date=stored.get("date"),
        year=int(year[0]) if year else None,
        source=stored.get("source"),
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
    ranked += [(value, 0, value_key(value)) for value in chosen if value not in table.index]
    return FacetCounts(facet, request, tuple(ranked), table.bounds if facet.ranged else None)
