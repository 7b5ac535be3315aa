"""Reference engines with their usual French set-up, to measure ourselves against.

Each engine indexes `(id, text)` pairs and answers a query text with ranked
ids. Tantivy needs the optional `eval` extra; when a package is missing,
`reference_engines` names the engine it skipped and why.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Iterable, Protocol

from whoosh import fields, index as whoosh_index, qparser
from whoosh.analysis import LanguageAnalyzer

_WORD = re.compile(r"\w+")


class Engine(Protocol):
    name: str

    def search(self, text: str, limit: int) -> list[str]:
        """The ids of the best `limit` documents for a query text, best first."""


def words(text: str) -> list[str]:
    """The query's words, for engines queried as an OR of words."""
    return _WORD.findall(text)


class TantivyEngine:
    """Tantivy: simple tokenizer, lowercase, French Snowball stemmer, ASCII folding; OR query."""

    name = "Tantivy"

    def __init__(self, docs: Iterable[tuple[str, str]], path: Path):
        import tantivy

        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                    .filter(tantivy.Filter.remove_long(40))
                    .filter(tantivy.Filter.lowercase())
                    .filter(tantivy.Filter.stemmer("french"))
                    .filter(tantivy.Filter.ascii_fold())
                    .build())
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("body", tokenizer_name="fr")
        path.mkdir(parents=True, exist_ok=True)
        self._index = tantivy.Index(builder.build(), path=str(path))
        self._index.register_tokenizer("fr", analyzer)
        writer = self._index.writer(heap_size=100_000_000, num_threads=1)
        for doc_id, text in docs:
            writer.add_document(tantivy.Document(id=doc_id, body=text))
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()
        self._searcher = self._index.searcher()

    def search(self, text: str, limit: int) -> list[str]:
        terms = words(text)
        if not terms:
            return []
        parsed = self._index.parse_query(" ".join(terms), ["body"])
        found = self._searcher.search(parsed, limit).hits
        return [self._searcher.doc(address)["id"][0] for _, address in found]


class Fts5Engine:
    """SQLite FTS5: `unicode61 remove_diacritics 2`, OR of the quoted words, bm25 order."""

    name = "SQLite FTS5"

    def __init__(self, docs: Iterable[tuple[str, str]], path: Path):
        self._db = sqlite3.connect(str(path))
        self._db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, "
                         "tokenize = 'unicode61 remove_diacritics 2')")
        self._db.executemany("INSERT INTO docs (id, body) VALUES (?, ?)", docs)
        self._db.commit()

    def search(self, text: str, limit: int) -> list[str]:
        terms = words(text)
        if not terms:
            return []
        match = " OR ".join('"%s"' % term for term in terms)
        rows = self._db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                                (match, limit))
        return [row[0] for row in rows]


class WhooshEngine:
    """Plain Whoosh: `LanguageAnalyzer('fr')`, the default query parser given the words, AND or OR."""

    GROUPS = {"AND": qparser.AndGroup, "OR": qparser.OrGroup}

    def __init__(self, searcher, group: str):
        self.name = f"Whoosh {group}"
        self._searcher = searcher
        self._parser = qparser.QueryParser("body", searcher.schema, group=self.GROUPS[group])

    @staticmethod
    def open(docs: Iterable[tuple[str, str]], path: Path):
        """Index `docs` in `path` and return a searcher."""
        schema = fields.Schema(id=fields.ID(stored=True), body=fields.TEXT(analyzer=LanguageAnalyzer("fr")))
        path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(path), schema)
        writer = ix.writer(limitmb=256)
        for doc_id, text in docs:
            writer.add_document(id=doc_id, body=text)
        writer.commit()
        return ix.searcher()

    def search(self, text: str, limit: int) -> list[str]:
        parsed = self._parser.parse(" ".join(words(text)))
        return [hit["id"] for hit in self._searcher.search(parsed, limit=limit)]


def reference_engines(docs: list[tuple[str, str]], workdir: Path) -> tuple[list[Engine], list[str]]:
    """Build every reference engine over `docs` in `workdir`; also return why any was skipped."""
    engines: list[Engine] = []
    skipped: list[str] = []
    try:
        engines.append(TantivyEngine(docs, workdir / "tantivy"))
    except ImportError:
        skipped.append("Tantivy ignoré : paquet « tantivy » absent (pip install -e '.[eval]')")
    engines.append(Fts5Engine(docs, workdir / "fts5.sqlite"))
    searcher = WhooshEngine.open(docs, workdir / "whoosh")
    engines += [WhooshEngine(searcher, "OR"), WhooshEngine(searcher, "AND")]
    return engines, skipped
