"""Turn the text a user typed into a Whoosh query.

Words combine with OR (documents matching more words score higher);
`"…"` and `« … »` are phrases, `-mot` excludes, `ingér*` is a prefix, and
`titre:`, `orateur:`, `pays:`, `annee:`, `theme:` scope a word to a field.
Text the query syntax cannot parse is searched as plain words.
"""

from __future__ import annotations

import re

from whoosh import qparser, query

from .facets import FACETS

FIELD_BOOSTS = {"title": 2.0, "body": 1.0}
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SYNTAX = re.compile(r'[():"*?\[\]{}^~+]')


def normalise(text: str) -> str:
    """Guillemets and curly quotes to `"`, every kind of space to one space.

    >>> normalise("« ingérence  russe »\u00a0!")
    '" ingérence russe " !'
    """
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


class QueryParser:
    """Parses user text into queries over the title and body fields."""

    def __init__(self, schema):
        parser = qparser.MultifieldParser(
            list(FIELD_BOOSTS), schema, fieldboosts=FIELD_BOOSTS,
            group=qparser.OrGroup.factory(0.9),
        )
        parser.remove_plugin_class(qparser.SingleQuotePlugin)
        # `+`/`-` only at the start of a word: `États-Unis` is no exclusion.
        parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
        aliases = {"title": ["titre"], **{facet.key: [facet.alias] for facet in FACETS}}
        parser.add_plugin(qparser.FieldAliasPlugin(aliases))
        self._parser = parser

    def parse(self, text: str) -> query.Query:
        """The query for `text`; `NullQuery` when nothing searchable is left."""
        text = normalise(text)
        try:
            parsed = self._parser.parse(text)
        except Exception:  # the query syntax is best-effort: fall back to plain words
            parsed = self._parser.parse(_SYNTAX.sub(" ", text))
        return parsed
