"""The Flask blueprint: thin HTML and JSON views over `search.run`.

Every search URL is built by `search_url`, from a `SearchRequest`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for

from . import search
from .catalog import Catalog
from .facets import FACETS
from .highlight import highlight
from .query import PER_PAGE_CHOICES, SORTS, InvalidRequest, SearchRequest

bp = Blueprint("web", __name__)
CATALOG = "searchapp.catalog"


def get_catalog() -> Catalog:
    """The catalog of the live index generation (raises `NoIndex` when none)."""
    return current_app.extensions[CATALOG].get()


def search_url(search_request: SearchRequest, endpoint: str = "web.search") -> str:
    params = search_request.to_params()
    return url_for(endpoint) + ("?" + urlencode(params) if params else "")


def article_url(article_id: str, search_request: SearchRequest | None = None) -> str:
    params = search_request.to_params() if search_request else []
    return url_for("web.article", article_id=article_id) + ("?" + urlencode(params) if params else "")


@bp.app_context_processor
def template_helpers() -> dict:
    return dict(search_url=search_url, article_url=article_url, FACETS=FACETS,
                SORTS=SORTS, PER_PAGE_CHOICES=PER_PAGE_CHOICES)


@bp.get("/", endpoint="search")
def search_page():
    search_request = SearchRequest.from_params(request.args)
    page = search.run(get_catalog(), search_request)
    return render_template("search.html", page=page)


@bp.get("/api/search")
def api_search():
    search_request = SearchRequest.from_params(request.args)
    page = search.run(get_catalog(), search_request)
    return jsonify(page.to_dict(article_url, search_url))


@bp.get("/article/<article_id>")
def article(article_id: str):
    catalog = get_catalog()
    found = catalog.document(article_id)
    if found is None:
        abort(404)
    _, stored = found
    try:
        state = SearchRequest.from_params(request.args)
    except InvalidRequest:
        state = SearchRequest()
    terms = search.query_terms(catalog, state.q)
    paragraphs = [highlight(p, terms) for p in stored["body"].split("\n\n")]
    link = stored.get("url") if _is_web_link(stored.get("url")) else None
    return render_template("article.html", article=stored, title=highlight(stored["title"], terms),
                           paragraphs=paragraphs, link=link, state=state)


def _is_web_link(url) -> bool:
    return isinstance(url, str) and url.lower().startswith(("https://", "http://"))

