"""Reference engines with their usual French set-up, to measure ourselves against.

Each engine indexes documents (dicts: `id`, `text`, and for the benchmark
`title` and facet values) and answers a query text with ranked ids
(`search`, for `searchapp eval`) or with a full result page (`page`, for
`searchapp bench`: total, top hits, facet counts under the filters, and
highlighted snippets). Tantivy needs the optional `bench` or `eval` extra;
when a package is missing, `reference_engines` names the engine it skipped
and why.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from whoosh import fields, highlight, qparser, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import LanguageAnalyzer

from ..search.parser import normalise

_WORD = re.compile(r"\w+")
SNIPPET_CHARS = 260
TITLE_BOOST = 2.0


class Engine(Protocol):
    name: str

    def search(self, text: str, limit: int) -> list[str]:
        """The ids of the best `limit` documents for a query text, best first."""


@dataclass(frozen=True)
class Page:
    """A result page of a reference engine."""

    total: int
    ids: list[str]
    facets: dict[str, dict[str, int]]  # facet → value → documents, under every filter
    snippets: list[str]


Filters = Sequence[tuple[str, Sequence[str]]]  # (facet, values): values of a facet OR, facets AND


def words(text: str) -> list[str]:
    """The query's words, for engines queried as an OR of words."""
    return _WORD.findall(text)


def build_tantivy(docs: Iterable[dict], path: Path, facets: Sequence[str] = (), threads: int = 1) -> None:
    """Index `docs` with Tantivy in `path` (`threads` 0: one per core)."""
    writer = _tantivy_index(path, facets).writer(heap_size=100_000_000, num_threads=threads)
    for doc in docs:
        writer.add_document(tantivy_document(doc, facets))
    writer.commit()
    writer.wait_merging_threads()


def tantivy_document(doc: dict, facets: Sequence[str] = ()):
    """The Tantivy document of a reference document (id, title, text, facet values)."""
    import tantivy

    return tantivy.Document(
        id=doc["id"], title=doc.get("title", ""), body=doc["text"], **{key: list(doc.get(key, ())) for key in facets}
    )


def _tantivy_index(path: Path, facets: Sequence[str]):
    """Tantivy's index in `path` (created if new): id; title and body with the simple tokenizer,
    lowercase, French Snowball stemmer, ASCII folding; each facet a raw, fast, multi-valued field."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="fr")
    builder.add_text_field("body", stored=True, tokenizer_name="fr")
    for key in facets:
        builder.add_text_field(key, stored=True, fast=True, tokenizer_name="raw")
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(builder.build(), path=str(path))
    index.register_tokenizer(
        "fr",
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("french"))
        .filter(tantivy.Filter.ascii_fold())
        .build(),
    )
    return index


class TantivyEngine:
    """Tantivy: `search` is an OR of the words over the body; `page` parses the query (leniently:
    `l'employeur` is a syntax error otherwise) over the title (boost 2) and body, counts facets with
    terms aggregations, and uses its snippet generator."""

    name = "Tantivy"

    def __init__(self, path: Path, facets: Sequence[str] = ()):
        self._index = _tantivy_index(path, facets)
        self._facets = tuple(facets)
        self._searcher = self._index.searcher()

    def writer(self):
        """A writer of this index, in one thread."""
        return self._index.writer(heap_size=100_000_000, num_threads=1)

    def reload(self) -> None:
        """Search what was committed last."""
        self._index.reload()
        self._searcher = self._index.searcher()

    def search(self, text: str, limit: int) -> list[str]:
        terms = words(text)
        if not terms:
            return []
        parsed = self._index.parse_query(" ".join(terms), ["body"])
        found = self._searcher.search(parsed, limit).hits
        return [self._searcher.doc(address)["id"][0] for _, address in found]

    def page(self, text: str, filters: Filters, page: int, per_page: int = 10) -> Page:
        import tantivy

        schema, searcher = self._index.schema, self._searcher
        parsed, _ = self._index.parse_query_lenient(
            normalise(text), ["title", "body"], field_boosts={"title": TITLE_BOOST}
        )
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, parsed)]
            + [
                (
                    tantivy.Occur.Must,
                    tantivy.Query.boolean_query(
                        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, key, value)) for value in values]
                    ),
                )
                for key, values in filters
            ]
        )
        found = searcher.search(query, limit=per_page, offset=(page - 1) * per_page, count=True)
        counts = searcher.aggregate(query, {key: {"terms": {"field": key, "size": 100_000}} for key in self._facets})
        snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        snippets.set_max_num_chars(SNIPPET_CHARS)
        docs = [searcher.doc(address) for _, address in found.hits]
        return Page(
            found.count,
            [doc["id"][0] for doc in docs],
            {key: {bucket["key"]: bucket["doc_count"] for bucket in counts[key]["buckets"]} for key in self._facets},
            [snippets.snippet_from_doc(doc).to_html() for doc in docs],
        )


class Fts5Engine:
    """SQLite FTS5: `unicode61 remove_diacritics 2`, OR of the quoted words, bm25 order."""

    name = "SQLite FTS5"

    def __init__(self, docs: Iterable[dict], path: Path):
        self._db = sqlite3.connect(str(path))
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        self._db.executemany("INSERT INTO docs (id, body) VALUES (?, ?)", ((d["id"], d["text"]) for d in docs))
        self._db.commit()

    def search(self, text: str, limit: int) -> list[str]:
        terms = words(text)
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = self._db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, limit))
        return [row[0] for row in rows]


def build_whoosh(docs: Iterable[dict], path: Path, facets: Sequence[str] = (), procs: int = 1) -> None:
    """Index `docs` with plain Whoosh in `path`: `LanguageAnalyzer('fr')` on the title and body, each
    facet a comma-separated KEYWORD field; `procs` writer processes."""
    schema = fields.Schema(
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=LanguageAnalyzer("fr"), stored=True),
        body=fields.TEXT(analyzer=LanguageAnalyzer("fr"), stored=True),
        **{key: fields.KEYWORD(stored=True, commas=True) for key in facets},
    )
    path.mkdir(parents=True, exist_ok=True)
    writer = whoosh_index.create_in(str(path), schema).writer(limitmb=256, procs=procs)
    for doc in docs:
        writer.add_document(
            id=doc["id"],
            title=doc.get("title", ""),
            body=doc["text"],
            **{key: ",".join(doc.get(key, ())) for key in facets},
        )
    writer.commit()


class WhooshEngine:
    """Plain Whoosh: `search` gives the words to the default query parser over the body, AND or OR;
    `page` parses the query over the title and body (OR), counts facets with `groupedby` FieldFacets
    (`allow_overlap`: multi-valued), and highlights with `highlights`."""

    GROUPS: ClassVar[dict] = {"AND": qparser.AndGroup, "OR": qparser.OrGroup}

    def __init__(self, searcher, group: str = "OR", facets: Sequence[str] = ()):
        self.name = f"Whoosh {group}"
        self._searcher = searcher
        self._facets = tuple(facets)
        self._parser = qparser.QueryParser("body", searcher.schema, group=self.GROUPS[group])
        self._pages = qparser.MultifieldParser(
            ["title", "body"], searcher.schema, group=self.GROUPS[group], fieldboosts={"title": TITLE_BOOST}
        )

    @staticmethod
    def open(path: Path):
        """A searcher of the index in `path`."""
        return whoosh_index.open_dir(str(path)).searcher()

    def search(self, text: str, limit: int) -> list[str]:
        parsed = self._parser.parse(" ".join(words(text)))
        return [hit["id"] for hit in self._searcher.search(parsed, limit=limit)]

    def page(self, text: str, filters: Filters, page: int, per_page: int = 10) -> Page:
        allowed = wq.And([wq.Or([wq.Term(key, value) for value in values]) for key, values in filters])
        results = self._searcher.search_page(
            self._pages.parse(normalise(text)),
            page,
            pagelen=per_page,
            filter=allowed if filters else None,
            groupedby={key: sorting.FieldFacet(key, allow_overlap=True) for key in self._facets},
            maptype=sorting.Count,
        )
        results.results.formatter = highlight.HtmlFormatter(tagname="mark")
        results.results.fragmenter.maxchars = SNIPPET_CHARS
        return Page(
            results.total,
            [hit["id"] for hit in results],
            {key: results.results.groups(key) for key in self._facets},
            [hit.highlights("body") for hit in results],
        )


def reference_engines(docs: list[tuple[str, str]], workdir: Path) -> tuple[list[Engine], list[str]]:
    """Build every reference engine over `(id, text)` pairs in `workdir`; also return why any was skipped."""
    records = [{"id": doc_id, "text": text} for doc_id, text in docs]
    engines: list[Engine] = []
    skipped: list[str] = []
    try:
        build_tantivy(records, workdir / "tantivy")
        engines.append(TantivyEngine(workdir / "tantivy"))
    except ImportError:
        skipped.append("Tantivy ignoré : paquet « tantivy » absent (pip install -e '.[eval]')")
    engines.append(Fts5Engine(records, workdir / "fts5.sqlite"))
    build_whoosh(records, workdir / "whoosh")
    searcher = WhooshEngine.open(workdir / "whoosh")
    engines += [WhooshEngine(searcher, "OR"), WhooshEngine(searcher, "AND")]
    return engines, skipped
