"""Sentences: split paragraphs into sentences of word tokens, marking quoted words.

Quotation marks « » “ ” and straight quotes (opening or closing told apart by the
characters around them) delimit quotations; a sentence never ends inside one, so
`« Nous… Nous… », a déclaré X.` stays one sentence with its attribution. Elided
words are their own tokens (`l'`, `qu'`, but not in `N'Guessan`), hyphenated words stay
whole (`a-t-il`, `Jean-Pierre`), and `M.` does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteers import ascii_lower

_TOKEN = re.compile(
    r"[NO]['’][A-Z][^\W\d_]+(?:-[^\W\d_]+)*"  # names: N'Guessan, O'Neill
    r"|[^\W\d_]+['’](?=[^\W\d_])"  # elision: l' qu' d' s'
    r"|[^\W\d_]+(?:-[^\W\d_]+)*"  # word, hyphenated or not
    r"|\d+(?:[.,]\d+)*"
    r"|\.\.\.|[«»“”\"]|[^\w\s]"
)
_OPEN = frozenset("«“")
_CLOSE = frozenset("»”")
_ENDS = frozenset({".", "!", "?", "…", "..."})
_ABBREVIATIONS = frozenset({"m", "mm", "mme", "mlle", "dr", "me", "mgr", "pr", "st", "ste", "av", "etc", "cf"})


@dataclass(frozen=True)
class Sentence:
    """Tokens of one sentence: surface form, folded form (`à` kept), inside a quotation or not."""

    paragraph: int
    tokens: tuple[str, ...]
    folded: tuple[str, ...]
    quoted: tuple[bool, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def split(paragraphs: list[str] | tuple[str, ...]) -> list[Sentence]:
    """The sentences of every paragraph, in order."""
    found: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        tokens, quoted = _tokens(paragraph)
        start = 0
        for index, token in enumerate(tokens):
            if token in _ENDS and not quoted[index] and _ends_sentence(tokens, index):
                found.append(_sentence(number, tokens, quoted, start, index + 1))
                start = index + 1
        if start < len(tokens):
            found.append(_sentence(number, tokens, quoted, start, len(tokens)))
    return found


@lru_cache(maxsize=8)  # asked for each paragraph by its quotations and by those of the one before
def token_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The character span of each token of a paragraph, in the order `split` numbers them."""
    return tuple(map(re.Match.span, _TOKEN.finditer(paragraph)))


def _tokens(paragraph: str) -> tuple[list[str], list[bool]]:
    if not any(mark in paragraph for mark in '«“"'):
        tokens = _TOKEN.findall(paragraph)
        return tokens, [False] * len(tokens)
    tokens = _TOKEN.findall(paragraph)
    if '"' in paragraph:
        inside = _straight_quotations(paragraph, list(_TOKEN.finditer(paragraph)))
    else:
        inside = [False] * len(tokens)
    quoted: list[bool] = []
    depth = 0
    for index, token in enumerate(tokens):
        if token in _OPEN:
            depth += 1
        quoted.append(depth > 0 or token in _CLOSE or inside[index])
        if token in _CLOSE:
            depth = max(0, depth - 1)
    return tokens, quoted


def _straight_quotations(text: str, matches: list[re.Match]) -> list[bool]:
    """Which tokens lie between a matched pair of straight quotes.

    A quote after a space opens, a quote before a space or punctuation closes;
    an opening quote never closed (a second one opens first) is ignored.
    """
    marks = []
    for index, match in enumerate(matches):
        if match.group() == '"':
            at = match.start()
            before = text[at - 1] if at else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            closes = not (before.isspace() or before in "(:[—–-'’") and (after.isspace() or after in ".,;:!?)")
            marks.append((index, not closes))
    inside = [False] * len(matches)
    opened = None
    for index, opens in marks:
        if opens:
            opened = index
        elif opened is not None:
            for position in range(opened, index + 1):
                inside[position] = True
            opened = None
    return inside


def _ends_sentence(tokens: list[str], index: int) -> bool:
    if index + 1 >= len(tokens):
        return True
    previous = tokens[index - 1] if index else ""
    if tokens[index] == "." and (previous.lower() in _ABBREVIATIONS or (len(previous) == 1 and previous.isupper())):
        return False
    following = tokens[index + 1]
    return following[0].isupper() or following in _OPEN or following in {'"', "—", "–", "-"}


def _sentence(number: int, tokens: list[str], quoted: list[bool], start: int, end: int) -> Sentence:
    part = tokens[start:end]
    return Sentence(number, tuple(part), tuple(map(_token_key, part)), tuple(quoted[start:end]))


@lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> str:
    """Folded token; `à` keeps its accent, to stay apart from the verb `a`."""
    return "à" if token in ("à", "À") else ascii_lower(token)
