"""The Whoosh schemas, built from the French analyzer and FACETS: articles, and their quotations
(a second index of each generation, `QUOTES`); the article → documents mappings."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from whoosh import columns, fields, formats
from whoosh.analysis import IDAnalyzer

from .analysis.french import french_analyzer
from .analysis.tokens import TOKENS, surface_words
from .codec.positions import invert_tokens
from .facets import FACETS
from .ingest.articles import Article

QUOTES = "quotes"
"""The name of each generation's second index, one document per quotation."""
QUOTE_NUMBERS = 0xFFFF  # the low bits of a quotation's tie key: its number in its article


class FrenchText(fields.TEXT):
    """Text analysed by `french_analyzer`, indexed in bulk: each document's tokens are numbered
    (`tokens`), then a batch of documents is inverted at once (`inverted`), with the same terms,
    frequencies, weights and encoded positions as Whoosh's `TEXT` would give.

    Pickled (in each generation's schema) without its analyzer, which is built
    anew when the schema is loaded: a generation names this class only, not
    the analysis modules, which can move without making it unreadable."""

    def __init__(self, **kwargs):
        super().__init__(analyzer=french_analyzer(), **kwargs)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["analyzer"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, analyzer=french_analyzer())

    @staticmethod
    def tokens(value: str) -> list[int]:
        """The numbers of the tokens of `value` in `analysis.tokens.TOKENS`."""
        return TOKENS.tokens(value)

    @staticmethod
    def inverted(tokens: Sequence[int], per_doc: np.ndarray) -> tuple:
        """`invert_tokens` of documents of `per_doc[i]` tokens each (`tokens`, concatenated)."""
        numbers = np.array(TOKENS.term_of, dtype=np.int64)[np.array(tokens, dtype=np.int64)]
        return invert_tokens(numbers, per_doc, TOKENS.terms)

    def index(self, value, **kwargs):
        """Whoosh's `index`, for `add_document` and `more_like` (similar articles): the table is
        trimmed first, as it would otherwise grow with every article a web worker reads."""
        TOKENS.trim()
        numbers = self.tokens(value)
        terms, _, _, freqs, values, ends, _ = self.inverted(numbers, np.array([len(numbers)]))
        boost = self.format.field_boost
        starts = np.append(0, ends[:-1]).tolist()
        return zip(
            [term.encode("utf-8") for term in terms],
            freqs.tolist(),
            (freqs * boost).tolist(),
            [values[start:end] for start, end in zip(starts, ends.tolist())],
        )


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

    def postings(self, value) -> tuple[list[str], list[int], list[float], None]:
        """What `index()` yields, as columns, terms not yet encoded: terms, frequencies, weights
        (no encoded values)."""
        terms = list(set(value))
        return terms, [1] * len(terms), [1.0] * len(terms), None

    def index(self, value, **kwargs):
        terms, freqs, weights, _ = self.postings(value)
        return _encoded(terms, freqs, weights, [b""] * len(terms))


def _encoded(terms: list[str], *columns: list):
    """`postings()` columns as Whoosh's `index()` yields them: rows, terms in UTF-8."""
    return zip([term.encode("utf-8") for term in terms], *columns)


def build_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=FrenchText(stored=True, multitoken_query="phrase"),
        body=FrenchText(stored=True, multitoken_query="phrase"),
        date=fields.STORED(),
        date_key=fields.NUMERIC(numtype=int, bits=32, sortable=True),
        tie_key=fields.COLUMN(columns.NumericColumn("q")),
        source=fields.STORED(),
        url=fields.STORED(),
        author=fields.STORED(),
        path=fields.STORED(),
        digest=fields.STORED(),  # of the source, so that `index update` can tell what changed
        guessed=ValuesField(),  # "title", "date": what no strong signal gave (`searchapp index stats`)
        quotes=fields.STORED(),  # [[speaker, start, end], …]: the quotations, in the body
        **{facet.key: ValuesField() for facet in FACETS},
    )


def build_quote_schema() -> fields.Schema:
    """The article schema, for documents that are quotations: the body is the quotation, the
    title empty (the article's is `article_title`), the facets the article's but the speaker,
    who is the quotation's; `article` and `start`, `end` place it in its article."""
    schema = build_schema()
    for name in ("article", "article_title", "start", "end"):
        schema.add(name, fields.STORED())
    return schema


def date_key(iso: str | None) -> int:
    """A sortable integer for an ISO date (missing parts as zero; undated is 0).

    >>> date_key("2019-05-25"), date_key("2018-08"), date_key(None)
    (20190525, 20180800, 0)
    """
    if not iso:
        return 0
    parts = [int(p) for p in iso.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def tie_key(article_id: str) -> int:
    """The order of articles that rank alike (same score, same date): a hash of the id, as a signed
    64-bit number, so that it depends neither on the corpus order nor on the index's history of
    updates and merges (which renumber documents).

    >>> tie_key("a1") == tie_key("a1") != tie_key("a2")
    True
    """
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big", signed=True)


def quote_tie_key(article_id: str, number: int) -> int:
    """The order of quotations that rank alike: their articles' (by `tie_key`, its low 16 bits
    aside), then their order in the article, so that it does not depend on document numbers either.

    >>> [quote_tie_key("a1", number) - quote_tie_key("a1", 1) for number in (1, 2, 3)]
    [0, 1, 2]
    >>> quote_tie_key("a1", 9) < quote_tie_key("a2", 1)  # as tie_key("a1") < tie_key("a2")
    True
    """
    return (tie_key(article_id) & ~QUOTE_NUMBERS) | min(number, QUOTE_NUMBERS)


def to_document(article: Article, digest: str | None = None) -> dict:
    """The Whoosh document for an article (`digest`: its source's content hash)."""
    return dict(
        id=article.id,
        title=article.title,
        body=article.text,
        **_published(article),
        tie_key=tie_key(article.id),
        author=article.author,
        path=article.path,
        digest=digest,
        guessed=list(article.guessed),
        quotes=[[quote.speaker, quote.start, quote.end] for quote in article.quotes],
        **{facet.key: list(facet.values(article)) for facet in FACETS},
    )


def quote_documents(article: Article) -> list[dict]:
    """The Whoosh documents of an article's quotations (`build_quote_schema`), numbered from 1."""
    return [
        dict(
            id=f"{article.id}#{number}",
            title="",
            body=quote.text,
            **_published(article),
            tie_key=quote_tie_key(article.id, number),
            article=article.id,
            article_title=article.title,
            start=quote.start,
            end=quote.end,
            **{facet.key: list(facet.quote_values(article, quote)) for facet in FACETS},
        )
        for number, quote in enumerate(article.quotes, 1)
    ]


def quote_number(quote_id: str) -> int:
    """A quotation's number in its article, from its id (`quote_documents`).

    >>> quote_number("a#1#12")
    12
    """
    return int(quote_id.rsplit("#", 1)[1])


def _published(article: Article) -> dict:
    """The fields of an article's publication, for its document and its quotations'."""
    return dict(date=article.date, date_key=date_key(article.date), source=article.source, url=article.url)


def lexicon_words(document: dict) -> set[str]:
    """The lexicon's words of a document (from `to_document`, or its stored fields): the distinct
    surface words of its title and text."""
    return surface_words(document["title"], document["body"])
