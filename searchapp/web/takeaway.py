"""Taking results away: the whole result set as a file (`/export.csv`, `/export.jsonl`, and
among quotations `/citations/export.csv`, `/citations/export.jsonl`), a search's newest articles
as an Atom feed (`/feed.atom`), and the OpenSearch description that adds the site to the
browser's search bar (`/opensearch.xml`).

Each takes the search state of the results page (or the citations page); a bad
one is a 400 page, before anything is sent. An export streams: ranked first,
its rows read and sent a batch at a time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response, abort, request, stream_with_context

from .. import settings
from ..search.export import FORMATS, Table, article_table, filename, quote_table
from ..search.feed import NAME, FeedLinks, atom, feed_request
from ..search.request import SearchRequest
from .views import absolute, article_url, feed_url, get_catalog, search_template, search_url

bp = Blueprint("takeaway", __name__)
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


@bp.get("/export.<extension>", endpoint="export")
def export(extension: str):
    return _download(
        extension, lambda search_request: article_table(get_catalog(), search_request, settings.EXPORT_LIMIT)
    )


@bp.get("/citations/export.<extension>", endpoint="citations_export")
def citations_export(extension: str):
    def link(article_id: str) -> str:
        return absolute(article_url(article_id))

    return _download(
        extension,
        lambda search_request: quote_table(get_catalog(), search_request, settings.EXPORT_LIMIT, link),
        kind="citations",
    )


def _download(extension: str, table_of: Callable[[SearchRequest], Table], kind: str = "") -> Response:
    """The table of the request's search as a file in the format `extension` (404 for another),
    named after the search (`kind`: what its rows are, when not articles); streamed within the
    request's context, where the rows' links are built."""
    if extension not in FORMATS:
        abort(404)
    form = FORMATS[extension]
    search_request = SearchRequest.from_params(request.args)
    table = table_of(search_request)
    response = Response(stream_with_context(form.chunks(table)), content_type=form.mimetype)
    name = filename(search_request, form.extension, date.today(), kind)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/feed.atom", endpoint="feed")
def feed():
    search_request = SearchRequest.from_params(request.args)
    links = FeedLinks(
        self_url=absolute(feed_url(search_request)),
        alternate_url=absolute(search_url(feed_request(search_request))),
        article_url=lambda article_id: absolute(article_url(article_id, feed_request(search_request))),
    )
    return Response(atom(get_catalog(), search_request, links), content_type="application/atom+xml; charset=utf-8")


@bp.get("/opensearch.xml", endpoint="opensearch")
def opensearch():
    root = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH)
    for tag, text in (
        ("ShortName", NAME),
        ("Description", "Rechercher dans les articles de presse"),
        ("InputEncoding", "UTF-8"),
        ("Language", "fr-fr"),
    ):
        ET.SubElement(root, tag).text = text
    ET.SubElement(root, "Url", type="text/html", method="get", template=search_template("web.search"))
    ET.SubElement(root, "Url", type="application/atom+xml", method="get", template=search_template("takeaway.feed"))
    ET.SubElement(
        root, "Url", type="application/opensearchdescription+xml", rel="self", template=absolute(request.path)
    )
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type="application/opensearchdescription+xml; charset=utf-8")
