"""The highlighting matcher: where in a text the words of given index terms stand.

Each distinct token is analysed once (`french.token_term`), cached process-wide
apart from the indexing's `TokenTable`, which never pays for this reverse map.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .french import APOSTROPHES, TOKEN, token_term

# Tokens remembered for highlighting (some 200 bytes each), emptied beyond: the tokens of the
# articles of many result pages, bounded whatever the size of the corpus's vocabulary.
MAX_TOKENS = 200_000

_WORD_CHAR = re.compile(r"[^\W_]").match


class _SpanTerms:
    """`token_term` of each token, and the tokens seen so far of each index term, for `term_spans`.

    Emptied beyond `MAX_TOKENS` tokens, but only between texts.
    """

    def __init__(self):
        self.terms: dict[str, tuple[int, str] | None] = {}  # a plain dict: set operations take it as is
        self.tokens: dict[str, set[str]] = {}

    def matching(self, text: str, wanted: Collection[str]) -> set[str]:
        """The distinct tokens of `text` whose index term is in `wanted`, found with set operations."""
        tokens = self._tokens(text)
        new = tokens.difference(self.terms)
        if len(self.terms) + len(new) >= MAX_TOKENS:
            self.terms.clear()
            self.tokens.clear()
            new = tokens
        for token in new:
            found = self.terms[token] = token_term(token)
            if found is not None:
                self.tokens.setdefault(found[1], set()).add(token)
        return set().union(*(tokens.intersection(self.tokens.get(term, ())) for term in wanted))

    def _tokens(self, text: str) -> set[str]:
        """The distinct tokens of `text`. No token spans a space: the text's distinct space-separated
        chunks already known as tokens are tokens, and only the other chunks are cut, in one pass."""
        chunks = set(text.split())
        unknown = chunks.difference(self.terms)
        tokens = chunks.difference(unknown)
        tokens.update(TOKEN.findall(" ".join(unknown)))
        return tokens


_span_terms = _SpanTerms()


def term_spans(text: str, wanted: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, index term) of every word of `text` whose index term is in `wanted`, with the
    offsets `french_analyzer` gives, in text order. For highlighting.

    Fast on long texts: only the space-separated chunks not known as tokens are cut
    into tokens, each distinct token is analysed once (cached process-wide), the
    tokens with a wanted term are found by set intersections, and only they are
    looked for, with `str.find`, each occurrence kept when it is a whole token.

    >>> term_spans("L'Ingérence des États-Unis : l'ingérence", {"ingerent", "unis"})
    [(2, 11, 'ingerent'), (22, 26, 'unis'), (31, 40, 'ingerent')]
    """
    found = []
    for token in _span_terms.matching(text, wanted) if wanted else ():
        kept, index_term = _span_terms.terms[token]  # type: ignore[misc]  # a matching token has a term
        at = text.find(token)
        while at >= 0:
            end = at + len(token)
            if _starts_token(text, at) and _ends_token(text, end):
                found.append((end - kept, end, index_term))
            at = text.find(token, at + 1)
    found.sort()
    return found


def _starts_token(text: str, at: int) -> bool:
    """No token of `TOKEN` runs on into `at` from the left."""
    return at == 0 or not (
        _WORD_CHAR(text, at - 1) or (text[at - 1] in APOSTROPHES and at > 1 and _WORD_CHAR(text, at - 2))
    )


def _ends_token(text: str, end: int) -> bool:
    """A token of `TOKEN` ending at `end` could not go on."""
    return end == len(text) or not (_WORD_CHAR(text, end) or (text[end] in APOSTROPHES and _WORD_CHAR(text, end + 1)))
