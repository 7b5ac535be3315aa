"""The Flask blueprint: thin HTML and JSON views over `search.engine` and `search.article`.

Every URL to a search, a facet's page, an article, an export or a feed is
built here, from a `SearchRequest` or a `FacetRequest` (the views of
exports and feeds are in `takeaway`).
"""

from __future__ import annotations

from urllib.parse import urlencode, urljoin

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from .. import settings
from ..facets import BY_KEY, FACETS, SPOKEN
from ..search import article as article_page
from ..search import engine, quotations
from ..search.catalog import Catalog
from ..search.request import PER_PAGE_CHOICES, SORTS, FacetRequest, InvalidRequest, SearchRequest

bp = Blueprint("web", __name__)
CATALOG = "searchapp.catalog"


def get_catalog() -> Catalog:
    """The catalog of the live index generation (raises `NoIndex` when none)."""
    return current_app.extensions[CATALOG].get()


def search_url(search_request: SearchRequest) -> str:
    return _url(url_for("web.search"), search_request.to_params())


def facet_url(facet_request: FacetRequest) -> str:
    return _url(url_for("web.facet", key=facet_request.facet.key), facet_request.to_params())


def citations_url(search_request: SearchRequest) -> str:
    return _url(url_for("web.citations"), search_request.to_params())


def citations_facet_url(facet_request: FacetRequest) -> str:
    return _url(url_for("web.citations_facet", key=facet_request.facet.key), facet_request.to_params())


def quote_url(hit, search_request: SearchRequest | None = None) -> str:
    """The article page of a quotation, scrolled to it."""
    return f"{article_url(hit.article, search_request)}#{hit.anchor}"


def article_url(article_id: str, search_request: SearchRequest | None = None) -> str:
    return _url(url_for("web.article", article_id=article_id), search_request.to_params() if search_request else [])


def export_url(search_request: SearchRequest, extension: str) -> str:
    """The download of the whole result set (no page) in a format of `search.export.FORMATS`."""
    return _url(url_for("takeaway.export", extension=extension), _whole(search_request))


def citations_export_url(search_request: SearchRequest, extension: str) -> str:
    """The download of every quotation matching the search, as `export_url`."""
    return _url(url_for("takeaway.citations_export", extension=extension), _whole(search_request))


def feed_url(search_request: SearchRequest) -> str:
    """The Atom feed following the search (newest first whatever its sort)."""
    return _url(url_for("takeaway.feed"), _whole(search_request, "sort"))


def search_template(endpoint: str) -> str:
    """An absolute OpenSearch URL template: the page at `endpoint`, searching `{searchTerms}`."""
    return absolute(url_for(endpoint)) + "?q={searchTerms}"


def absolute(url: str) -> str:
    """A URL of this site with its scheme and host, for documents read elsewhere (feeds)."""
    return urljoin(request.host_url, url)


def _whole(search_request: SearchRequest, *omit: str) -> list[tuple[str, str]]:
    """The parameters of the whole result set: no page, no page size, nor `omit`."""
    return [(name, value) for name, value in search_request.to_params() if name not in ("page", "per_page", *omit)]


def form_fields(search_request: SearchRequest, *omit: str) -> list[tuple[str, str]]:
    """The hidden fields of a form that changes `search_request` (so back to page 1), except `omit`."""
    return [(name, value) for name, value in search_request.with_page(1).to_params() if name not in omit]


def _url(path: str, params: list[tuple[str, str]]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def _scope(citations: bool = False) -> dict:
    """Where the forms and links of a page lead: among articles (the templates' defaults), or
    among quotations, where every search, filter, facet page and download stays."""
    facet_endpoint = "web.citations_facet" if citations else "web.facet"
    return dict(
        search_url=citations_url if citations else search_url,
        facet_url=citations_facet_url if citations else facet_url,
        search_path=url_for("web.citations" if citations else "web.search"),
        facet_path=lambda key: url_for(facet_endpoint, key=key),
        export_url=citations_export_url if citations else export_url,
        in_citations=citations,
    )


@bp.app_context_processor
def template_helpers() -> dict:
    return dict(
        **_scope(),
        article_url=article_url,
        articles_url=search_url,
        citations_url=citations_url,
        SPOKEN=SPOKEN,
        quote_url=quote_url,
        form_fields=form_fields,
        feed_url=feed_url,
        EXPORT_LIMIT=settings.EXPORT_LIMIT,
        FACETS=FACETS,
        SORTS=SORTS,
        PER_PAGE_CHOICES=PER_PAGE_CHOICES,
    )


@bp.get("/", endpoint="search")
def search_page():
    search_request = SearchRequest.from_params(request.args)
    catalog = get_catalog()
    page = engine.run(catalog, search_request)
    quoted = quotations.count(catalog, search_request)
    return render_template("search.html", page=page, state=search_request, quoted=quoted)


@bp.get("/citations", endpoint="citations")
def citations_page():
    search_request = SearchRequest.from_params(request.args)
    catalog = get_catalog()
    page = quotations.search(catalog, search_request)
    articles = engine.count(catalog, search_request)
    return render_template(
        "citations.html", page=page, state=search_request, articles=articles, **_scope(citations=True)
    )


@bp.get("/api/citations")
def api_citations():
    search_request = SearchRequest.from_params(request.args)
    page = quotations.search(get_catalog(), search_request)
    return jsonify(page.to_dict(article_url, citations_url))


@bp.get("/citations/facet/<key>", endpoint="citations_facet")
def citations_facet_page(key: str):
    page = engine.browse_facet(quotations.catalog_of(get_catalog()), _facet_request(key))
    return render_template("facet.html", page=page, state=page.request.search, **_scope(citations=True))


@bp.get("/api/citations/facet/<key>")
def api_citations_facet(key: str):
    return jsonify(engine.browse_facet(quotations.catalog_of(get_catalog()), _facet_request(key)).to_dict())


@bp.get("/api/search")
def api_search():
    search_request = SearchRequest.from_params(request.args)
    page = engine.run(get_catalog(), search_request)
    return jsonify(page.to_dict(article_url, search_url))


@bp.get("/facet/<key>", endpoint="facet")
def facet_page(key: str):
    page = engine.browse_facet(get_catalog(), _facet_request(key))
    return render_template("facet.html", page=page, state=page.request.search)


@bp.get("/api/facet/<key>")
def api_facet(key: str):
    return jsonify(engine.browse_facet(get_catalog(), _facet_request(key)).to_dict())


def _facet_request(key: str) -> FacetRequest:
    if key not in BY_KEY:
        abort(404)
    return FacetRequest.from_params(BY_KEY[key], request.args)


@bp.get("/article/<article_id>")
def article(article_id: str):
    try:
        state = SearchRequest.from_params(request.args)
    except InvalidRequest:
        state = SearchRequest()
    page = article_page.load(get_catalog(), article_id, state)
    if page is None:
        abort(404)
    return render_template("article.html", page=page, state=state)
