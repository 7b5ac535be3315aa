"""The Whoosh schema, built from the French analyzer and FACETS, and the article → document mapping."""

from __future__ import annotations

from whoosh import fields, formats
from whoosh.analysis import IDAnalyzer

from .analysis import french_analyzer, surface_words
from .articles import Article
from .facets import FACETS
from .lexicon import FIELD as WORDS_FIELD


class ValuesField(fields.FieldType):
    """A stored, multi-valued field of exact values (one term per value)."""

    def __init__(self):
        self.format = formats.Existence()
        self.analyzer = IDAnalyzer()
        self.stored = True
        self.scorable = False
        self.unique = False
        self.vector = None
        self.column_type = None

    def index(self, value, **kwargs):
        for term in sorted(set(value)):
            yield term.encode("utf-8"), 1, 1.0, b""


class WordsField(ValuesField):
    """The distinct surface words of a text (for the lexicon): indexed, not stored."""

    def __init__(self):
        super().__init__()
        self.stored = False

    def index(self, value, **kwargs):
        return super().index(surface_words(value))


def build_schema() -> fields.Schema:
    analyzer = french_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, stored=True, multitoken_query="phrase"),
        body=fields.TEXT(analyzer=analyzer, stored=True, multitoken_query="phrase"),
        date=fields.STORED(),
        date_key=fields.NUMERIC(numtype=int, bits=32, sortable=True),
        source=fields.STORED(),
        url=fields.STORED(),
        author=fields.STORED(),
        path=fields.STORED(),
        digest=fields.STORED(),  # of the source, so that `index update` can tell what changed
        **{facet.key: ValuesField() for facet in FACETS},
        **{WORDS_FIELD: WordsField()},
    )


def date_key(iso: str | None) -> int:
    """A sortable integer for an ISO date (missing parts as zero; undated is 0).

    >>> date_key("2019-05-25"), date_key("2018-08"), date_key(None)
    (20190525, 20180800, 0)
    """
    if not iso:
        return 0
    parts = [int(p) for p in iso.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def to_document(article: Article, digest: str | None = None) -> dict:
    """The Whoosh document for an article (`digest`: its source's content hash)."""
    return dict(
        id=article.id,
        title=article.title,
        body=article.text,
        date=article.date,
        date_key=date_key(article.date),
        source=article.source,
        url=article.url,
        author=article.author,
        path=article.path,
        digest=digest,
        **{facet.key: list(facet.values(article)) for facet in FACETS},
        **{WORDS_FIELD: f"{article.title}\n{article.text}"},
    )
