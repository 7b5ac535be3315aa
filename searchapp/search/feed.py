"""Follow a search: its newest articles as an Atom 1.0 feed (RFC 4287), built with ElementTree.

Identifiers are `urn:uuid:` URIs derived from the article id (entries) and
from the search state (the feed), so that they stay the same whatever the
host name the feed was read from, and a feed reader shows each article once.
An article's date is its entry's `published` and `updated` (at midnight UTC);
an undated article, and a feed without entries, take the time the index
generation was built. The summary is the plain snippet of the results page.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from ..facets import FACETS
from .catalog import Catalog
from .export import article_table
from .request import DEFAULT_PER_PAGE, SearchRequest
from .results import range_text

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
NAME = "Presse·recherche"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:presse-recherche")  # of every identifier here
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0


@dataclass(frozen=True)
class FeedLinks:
    """The addresses a feed names, built by the web layer: itself, the results page, each article."""

    self_url: str
    alternate_url: str
    article_url: Callable[[str], str]


def feed_request(request: SearchRequest) -> SearchRequest:
    """The search a feed follows: `request`, newest first, its page and sort left out."""
    return replace(request, sort="newest", page=1, per_page=DEFAULT_PER_PAGE)


def atom(catalog: Catalog, request: SearchRequest, links: FeedLinks) -> bytes:
    """The feed of the `ENTRIES` newest articles matching `request`, as UTF-8 XML."""
    table = article_table(catalog, feed_request(request), ENTRIES)
    built = datetime.strptime(catalog.manifest["built_at"], "%Y-%m-%dT%H:%M:%S%z")
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "fr"})
    _add(root, "id", _urn("search?" + "&".join(f"{name}={value}" for name, value in feed_request(request).to_params())))
    _add(root, "title", f"{NAME} : {describe(request)}")
    _add(root, "subtitle", f"Les articles les plus récents qui correspondent à la recherche, {ENTRIES} au plus.")
    updated = _add(root, "updated", "")
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=links.self_url)
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=links.alternate_url)
    _add(ET.SubElement(root, "author"), "name", NAME)
    _add(root, "generator", NAME)
    moments = []
    for row in table.rows:
        entry = ET.SubElement(root, "entry")
        _add(entry, "id", _urn("article/" + row["id"]))
        _add(entry, "title", row["title"])
        dated = _datetime(row["date"])
        _add(entry, "updated", _rfc3339(dated or built))
        if dated:
            _add(entry, "published", _rfc3339(dated))
        moments.append(dated or built)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=links.article_url(row["id"]))
        if row["author"]:
            _add(ET.SubElement(entry, "author"), "name", row["author"])
        for topic in row["topics"]:
            ET.SubElement(entry, "category", term=_clean(topic))
        _add(entry, "summary", row["snippet"])
    updated.text = _rfc3339(max(moments, default=built))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def describe(request: SearchRequest) -> str:
    """The search in words, for the feed's title.

    >>> describe(SearchRequest(q="ingérence", filters=(("speaker", ("Wang Yi",)),), ranges=(("year", 2019, None),)))
    '« ingérence » (Orateur : Wang Yi ; Année : à partir de 2019)'
    """
    parts = []
    for facet in FACETS:
        labels = [facet.label_of(value) for value in request.selected(facet.key)]
        low, high = request.range(facet.key)
        if low is not None or high is not None:
            labels.append(range_text(low, high))
        if labels:
            parts.append(f"{facet.label} : {', '.join(labels)}")
    words = f"« {request.q} »" if request.q else "tous les articles"
    return f"{words} ({' ; '.join(parts)})" if parts else words


def _add(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (control characters of saved web pages)."""
    return _NOT_XML.sub("", text)


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _datetime(iso: str | None) -> datetime | None:
    """An ISO date (day, month or year) at midnight UTC, missing parts as the first.

    >>> _datetime("2018-08"), _datetime(None)
    (datetime.datetime(2018, 8, 1, 0, 0, tzinfo=datetime.timezone.utc), None)
    """
    if not iso:
        return None
    year, month, day = ([int(part) for part in iso.split("-")] + [1, 1])[:3]
    return datetime(year, month, day, tzinfo=timezone.utc)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
