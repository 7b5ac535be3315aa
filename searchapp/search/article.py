"""The article page: one article with the query's words and its quotations marked, its facet values as
searches, similar articles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..facets import FACETS, MISSING, SPOKEN, Facet
from .catalog import Catalog
from .engine import query_terms
from .highlight import highlight
from .request import SearchRequest
from .results import anchor

_CLOSING = re.compile('[ \u00a0\u202f]*[»”"]')
SIMILAR = 5  # similar articles listed
KEY_TERMS = 12  # characteristic terms of the article searched for them


@dataclass(frozen=True)
class Related:
    """A similar article, as linked from the page."""

    id: str
    title: str
    date: str | None


@dataclass(frozen=True)
class FacetLinks:
    """An article's values of one facet, each with the search it starts."""

    facet: Facet
    links: tuple[tuple[str, SearchRequest], ...]  # (label, search for that value)


@dataclass(frozen=True)
class Quoted:
    """A quotation in the article page: its anchor, who said it, the search of all their quotations."""

    anchor: str
    speaker: str | None
    speaker_search: SearchRequest | None


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph: plain text, or a quotation (`quote`), its query words marked."""

    text: Markup
    quote: Quoted | None = None
    closing: str = ""  # a quotation's closing mark, shown before its speaker


@dataclass(frozen=True)
class ArticlePage:
    request: SearchRequest  # the search the reader came from
    id: str
    title: Markup
    date: str | None
    source: str | None
    author: str | None
    link: str | None  # the original web address, when it is one
    paragraphs: tuple[tuple[Piece, ...], ...]
    facets: tuple[FacetLinks, ...]
    similar: tuple[Related, ...]


def load(catalog: Catalog, article_id: str, request: SearchRequest) -> ArticlePage | None:
    """The page of `article_id` for a reader coming from `request`; None if there is no such article."""
    found = catalog.document(article_id)
    if found is None:
        return None
    docnum, stored = found
    terms = query_terms(catalog, request.q)
    url = stored.get("url")
    return ArticlePage(
        request=request,
        id=article_id,
        title=highlight(stored["title"], terms),
        date=stored.get("date"),
        source=stored.get("source"),
        author=stored.get("author"),
        link=url if isinstance(url, str) and url.lower().startswith(("https://", "http://")) else None,
        paragraphs=_paragraphs(stored["body"], stored.get("quotes") or (), terms),
        facets=tuple(links for facet in FACETS if (links := _facet_links(facet, stored, request)).links),
        similar=similar(catalog, docnum),
    )


def _paragraphs(body: str, quotes, terms: frozenset[str]) -> tuple[tuple[Piece, ...], ...]:
    """The body's paragraphs in pieces, each quotation (`[speaker, start, end]`) one piece."""
    paragraphs = []
    start = 0
    numbered = list(enumerate(quotes, 1))
    for paragraph in body.split("\n\n"):
        end = start + len(paragraph)
        pieces, at = [], start
        for number, (speaker, first, last) in numbered:
            if start <= first and last <= end:
                if first > at:
                    pieces.append(Piece(highlight(body[at:first], terms)))
                search = SearchRequest().with_values(SPOKEN.key, [speaker]) if speaker else None
                closing = _CLOSING.match(body, last, end)
                quoted = Quoted(anchor(number), speaker, search)
                pieces.append(Piece(highlight(body[first:last], terms), quoted, closing.group() if closing else ""))
                at = closing.end() if closing else last
        if at < end or not pieces:
            pieces.append(Piece(highlight(body[at:end], terms)))
        paragraphs.append(tuple(pieces))
        start = end + 2
    return tuple(paragraphs)


def similar(catalog: Catalog, docnum: int, limit: int = SIMILAR) -> tuple[Related, ...]:
    """The articles sharing most of the characteristic terms of the body of `docnum`."""
    results = catalog.searcher.more_like(docnum, "body", top=limit, numterms=KEY_TERMS)
    return tuple(Related(hit["id"], hit["title"], hit.get("date")) for hit in results)


def _facet_links(facet: Facet, stored: dict, request: SearchRequest) -> FacetLinks:
    values = stored.get(facet.key) or ([MISSING] if facet.missing else [])
    start = request.without_filters()
    return FacetLinks(facet, tuple((facet.label_of(value), start.with_values(facet.key, [value])) for value in values))
