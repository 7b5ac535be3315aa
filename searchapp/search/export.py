"""Whole result sets to take away: rows of a search, written as CSV or JSON Lines, streamed.

A `Table` is any kind of row (articles, quotations): its columns, the rows (an
iterator, read once) and how many matched. The formats take any table:
`FORMATS[name].chunks(table)` yields the file's bytes a batch of rows at a time,
so that a set of any size streams in bounded memory; `article_table` and
`quote_table` rank a search's documents (numbers only) and read their stored
fields in batches as the rows are asked for.

CSV is made for spreadsheets (LibreOffice, Excel): UTF-8 with a byte order
mark, CRLF rows, the csv module's quoting, multi-valued cells joined with
« ; », and any cell that a spreadsheet would take for a formula (starting
with = + - @, a tab or a carriage return) prefixed with a single quote
(OWASP's advice). JSON Lines keeps the values as they are, lists as lists.
A table cut at its limit says so in its last line: in CSV a row whose first
cell starts with « # », in JSON Lines an object `{"truncated": true, …}`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from unidecode import unidecode

from ..facets import FACETS, SPOKEN
from ..schema import quote_number
from .catalog import Catalog
from .engine import query_terms, ranked
from .highlight import snippet
from .quotations import catalog_of
from .request import SearchRequest
from .results import anchor

BATCH = 256  # rows read and written at a time
SEPARATOR = " ; "  # between the values of a multi-valued cell (CSV)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "presse-recherche"  # of every file name
MAX_SLUG = 60  # characters of the search in a file name
LISTED = tuple(facet for facet in FACETS if not facet.ranged)  # a column each (the year is in the date)
ARTICLE_COLUMNS = ("id", "title", "date", "source", "author", "url", *(f.attribute for f in LISTED), "snippet")
# the article's values, a column each (the speaker is the quotation's)
QUOTED = tuple(facet for facet in LISTED if facet is not SPOKEN)
# `title`, `date`, `source`, `url`: the article's; `link`: the article page at the quotation
QUOTE_COLUMNS = (
    "id",
    "text",
    "speaker",
    "article",
    "title",
    "date",
    "source",
    "url",
    "link",
    *(f.attribute for f in QUOTED),
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Table:
    """Rows to take away: the columns, the rows, how many matched and how many are given at most."""

    columns: tuple[str, ...]
    rows: Iterable[dict]  # each with every column; read once
    total: int  # rows matching
    limit: int  # rows given at most

    @property
    def truncated(self) -> bool:
        return self.total > self.limit

    @property
    def notice(self) -> str:
        """What a cut table says in its last line (French)."""
        limit, total = (f"{count:,}".replace(",", "\u202f") for count in (self.limit, self.total))
        return f"Export tronqué : les {limit} premiers résultats sur {total} ; affinez la recherche pour les autres."


def article_table(catalog: Catalog, request: SearchRequest, limit: int) -> Table:
    """The articles matching `request` in its order (its page ignored), `limit` at most; the
    ranking is done now (a bad query fails here), the rows are read as they are iterated. Each
    row's snippet is the results page's, without the marks."""
    total, docnums = ranked(catalog, request, limit)
    terms = query_terms(catalog, request.q)
    rows = (
        dict(
            id=fields["id"],
            title=fields["title"],
            date=fields.get("date"),
            source=fields.get("source"),
            author=fields.get("author"),
            url=fields.get("url"),
            **_listed(fields, LISTED),
            snippet=snippet(fields["body"], terms).striptags(),
        )
        for fields in _stored(catalog, docnums)
    )
    return Table(ARTICLE_COLUMNS, rows, total, limit)


def quote_table(catalog: Catalog, request: SearchRequest, limit: int, article_url: Callable[[str], str]) -> Table:
    """The quotations of `catalog`'s generation matching `request`, as `article_table` gives
    articles (raises `NoQuotations` for a generation without them); each row's `link` is
    `article_url(its article's id)` with the quotation's anchor."""
    quotes = catalog_of(catalog)
    total, docnums = ranked(quotes, request, limit)
    rows = (
        dict(
            id=fields["id"],
            text=fields["body"],
            speaker=next(iter(fields.get(SPOKEN.key) or ()), None),
            article=fields["article"],
            title=fields["article_title"],
            date=fields.get("date"),
            source=fields.get("source"),
            url=fields.get("url"),
            link=f"{article_url(fields['article'])}#{anchor(quote_number(fields['id']))}",
            **_listed(fields, QUOTED),
        )
        for fields in _stored(quotes, docnums)
    )
    return Table(QUOTE_COLUMNS, rows, total, limit)


def _stored(catalog: Catalog, docnums: list[int]) -> Iterator[dict]:
    """The stored fields of `docnums`, in their order, read a batch at a time in document order
    through a reader of its own (a stream outlives the request's use of the catalog, which a
    new generation may close), opened when the first is asked for."""
    with catalog.index.reader() as reader:
        for start in range(0, len(docnums), BATCH):
            batch = docnums[start : start + BATCH]
            stored = {docnum: reader.stored_fields(docnum) for docnum in sorted(batch)}
            yield from (stored[docnum] for docnum in batch)


def _listed(fields: dict, facets: tuple) -> dict[str, list[str]]:
    """The values of `facets` in a document's stored fields, a column each."""
    return {facet.attribute: list(fields.get(facet.key) or ()) for facet in facets}


def neutralised(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula.

    >>> neutralised("=1+1"), neutralised("-5 %"), neutralised("Paris")
    ("'=1+1", "'-5 %", 'Paris')
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = SEPARATOR.join(map(str, value))
    return neutralised(str(value))


def csv_chunks(table: Table) -> Iterator[bytes]:
    """The table as CSV for spreadsheets, a batch of rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(table.columns)
    for batch in _batches(table.rows):
        writer.writerows([_cell(row[column]) for column in table.columns] for row in batch)
        yield _drain(buffer)
    if table.truncated:
        writer.writerow(["# " + table.notice] + [""] * (len(table.columns) - 1))
    yield _drain(buffer)


def jsonl_chunks(table: Table) -> Iterator[bytes]:
    """The table as JSON Lines, one object per row, a batch of rows per chunk."""
    for batch in _batches(table.rows):
        yield "".join(_json_line({column: row[column] for column in table.columns}) for row in batch).encode()
    if table.truncated:
        yield _json_line(dict(truncated=True, exported=table.limit, total=table.total, message=table.notice)).encode()


def _json_line(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False) + "\n"


def _batches(rows: Iterable[dict]) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _drain(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    return data


@dataclass(frozen=True)
class Format:
    extension: str
    mimetype: str
    chunks: Callable[[Table], Iterator[bytes]]


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8", csv_chunks),
    "jsonl": Format("jsonl", "application/x-ndjson; charset=utf-8", jsonl_chunks),
}


def filename(request: SearchRequest, extension: str, today: date, kind: str = "") -> str:
    """A file name saying what was searched and when (ASCII, for every system).

    >>> filename(SearchRequest(q="l'ingérence", filters=(("speaker", ("Sergueï Lavrov",)),)), "csv", date(2026, 12, 3))
    'presse-recherche-l-ingerence-serguei-lavrov-2026-12-03.csv'
    >>> filename(SearchRequest(), "jsonl", date(2026, 12, 3), kind="citations")
    'presse-recherche-citations-2026-12-03.jsonl'
    """
    words = [request.q, *(value for _, values in request.filters for value in values)]
    slug = _NOT_SLUG.sub("-", unidecode(" ".join(words)).lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return "-".join(part for part in (PREFIX, kind, slug, today.isoformat()) if part) + "." + extension
