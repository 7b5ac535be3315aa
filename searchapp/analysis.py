"""The French analyzer, the one chain used for indexing, querying and highlighting.

Order (Lucene's FrenchAnalyzer, with folding last): tokenize → elision →
lowercase → stop words → Snowball stem (with overrides) → accent fold.
Folding comes last because the French Snowball rules contain accented
suffixes: `ingérée` stems to `inger`, `ingeree` to `ingere`.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Collection

import snowballstemmer
from unidecode import unidecode
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stopwords_for_language

APOSTROPHES = "'’ʼ‘"
WORD = rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*"

ELISIONS = frozenset("l m t qu n s j d c jusqu quoiqu lorsqu puisqu quelqu presqu entr".split())

_STOP_WORDS = frozenset(stopwords_for_language("fr")) | frozenset(
    "a les cet cette ils elles dont ainsi donc car ni".split()
)
STOP_WORDS = _STOP_WORDS | {unidecode(word) for word in _STOP_WORDS}  # also typed without accents

# Words that make a question but say nothing of its subject (interrogatives,
# modal verbs, the auxiliaries' infinitives): dropped from a query that has
# other words. Rare in articles, they would otherwise weigh like rare terms.
QUESTION_WORDS = frozenset(
    "comment quel quelle quels quelles lequel laquelle lesquels lesquelles combien pourquoi "
    "quand où quoi peut peuvent peux pouvez puis doit doivent dois devez faut être etre avoir".split()
)

# Words Snowball merges with unrelated ones (Amérique → amer, français → franc)
# or fails to merge (élu/élus): their stem is fixed here.
STEM_OVERRIDES = {
    **dict.fromkeys(("amérique", "amériques"), "amériqu"),
    **dict.fromkeys(("français", "française", "françaises"), "français"),
    **dict.fromkeys(("relation", "relations"), "relation"),
    **dict.fromkeys(("relatif", "relative", "relatifs", "relatives"), "relatif"),
    **dict.fromkeys(("collectivité", "collectivités"), "collectivit"),
    **dict.fromkeys(("collection", "collections"), "collection"),
    **dict.fromkeys(("élu", "élus", "élue", "élues"), "élu"),
    **dict.fromkeys(("jeu", "jeux"), "jeu"),
}

_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")
# WORD for the fast paths, possessive where Python has it (3.11): letters and apostrophes never
# overlap, so the matches are the same, found a third faster.
_TOKEN = re.compile(rf"[^\W_]++(?:[{APOSTROPHES}][^\W_]++)*+" if sys.version_info >= (3, 11) else WORD)
_WORD_CHAR = re.compile(r"[^\W_]").match
_stemmer = snowballstemmer.stemmer("french")
_stem_cache: dict[str, str] = {}
_fold_cache: dict[str, str] = {}
MAX_CACHED_TOKENS = 500_000  # a token cache is emptied beyond this


def stem(word: str) -> str:
    """The Snowball stem of a lowercase word, with overrides; cached process-wide.

    >>> stem("ingérences"), stem("amérique"), stem("élus")
    ('ingérent', 'amériqu', 'élu')
    """
    cached = _stem_cache.get(word)
    if cached is None:
        cached = _stem_cache[word] = STEM_OVERRIDES.get(word) or _stemmer.stemWord(word)
    return cached


def fold(text: str) -> str:
    """Strip accents and other marks, cached process-wide.

    >>> fold("ingérent"), fold("cœur")
    ('ingerent', 'coeur')
    """
    cached = _fold_cache.get(text)
    if cached is None:
        cached = _fold_cache[text] = unidecode(text)
    return cached


def elide(word: str) -> str:
    """`word` without its elided articles and pronouns, apostrophes made straight.

    >>> elide("qu’aujourd’hui"), elide("JUSQU'À")
    ("aujourd'hui", 'À')
    """
    while True:
        parts = _APOSTROPHE.split(word, maxsplit=1)
        if len(parts) == 2 and parts[0].lower() in ELISIONS:
            word = parts[1]
        else:
            return _APOSTROPHE.sub("'", word)


class ElisionFilter(Filter):
    """Drop elided articles and pronouns: `l'ingérence` → `ingérence`.

    >>> [t.text for t in ElisionFilter()(RegexTokenizer(WORD)("L'ingérence jusqu’à aujourd'hui"))]
    ['ingérence', 'à', "aujourd'hui"]
    """

    def __call__(self, tokens):
        for token in tokens:
            text = elide(token.text)
            if token.chars:
                token.startchar = token.endchar - len(text)
            token.text = text
            yield token


class StemFilter(Filter):
    """Replace each token by its cached French stem."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


class FoldFilter(Filter):
    """Fold accents to ASCII, after stemming."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def word_analyzer():
    """The words of a text as written, lowercase, without elisions and stop words."""
    return RegexTokenizer(WORD) | ElisionFilter() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)


def french_analyzer():
    """The analysis chain shared by indexing, query parsing and highlighting."""
    return word_analyzer() | StemFilter() | FoldFilter()


def _token_term(token: str) -> tuple[int, str] | None:
    """The length of a token as the tokenizer cuts it without its elision, and its index term
    (the filters of `french_analyzer` in its order); None for a stop word."""
    word = elide(token)
    lowered = word.lower()
    return None if lowered in STOP_WORDS else (len(word), term(lowered))


def _surface_word(token: str) -> str:
    """The lexicon word of one token ("" for stop words, numbers and single letters): elision → lowercase."""
    word = elide(token).lower()
    return word if len(word) > 1 and word not in STOP_WORDS and word.replace("'", "").isalpha() else ""


class _SpanTerms:
    """`_token_term` of each token, and the tokens seen so far of each index term, for `term_spans`.

    Apart from `TokenTable`: indexing, which never highlights, does not pay for the reverse
    map. Emptied, like the `TokenTable`, beyond `MAX_CACHED_TOKENS` tokens, but only between texts.
    """

    def __init__(self):
        self.terms: dict[str, tuple[int, str] | None] = {}  # a plain dict: set operations take it as is
        self.tokens: dict[str, set[str]] = {}

    def matching(self, text: str, wanted: Collection[str]) -> set[str]:
        """The distinct tokens of `text` whose index term is in `wanted`, found with set operations."""
        tokens = self._tokens(text)
        new = tokens.difference(self.terms)
        if len(self.terms) + len(new) >= MAX_CACHED_TOKENS:
            self.terms.clear()
            self.tokens.clear()
            new = tokens
        for token in new:
            found = self.terms[token] = _token_term(token)
            if found is not None:
                self.tokens.setdefault(found[1], set()).add(token)
        return set().union(*(tokens.intersection(self.tokens.get(term, ())) for term in wanted))

    def _tokens(self, text: str) -> set[str]:
        """The distinct tokens of `text`. No token spans a space: the text's distinct space-separated
        chunks already known as tokens are tokens, and only the other chunks are cut, in one pass."""
        chunks = set(text.split())
        unknown = chunks.difference(self.terms)
        tokens = chunks.difference(unknown)
        tokens.update(_TOKEN.findall(" ".join(unknown)))
        return tokens


class TokenTable:
    """Every distinct token met, numbered, with the number of its index term and of its lexicon word.

    Each distinct token is analysed once (`_token_term`, `_surface_word`);
    indexing reads a text's tokens as numbers and turns them into terms and
    words with numpy. Process-wide; `trim` empties it beyond `MAX_CACHED_TOKENS`
    tokens, which renumbers everything: only between batches.
    """

    def __init__(self):
        self.numbers: dict[str, int] = {}  # token → its number
        self.term_of = array("i")  # token number → term number, -1 for a stop word
        self.word_of = array("i")  # token number → word number, -1 when not a lexicon word
        self.terms: list[str] = []
        self.words: list[str] = []
        self._term_numbers: dict[str, int] = {}
        self._word_numbers: dict[str, int] = {}

    def tokens(self, text: str) -> list[int]:
        """The numbers of the tokens of `text`, in order."""
        tokens = _TOKEN.findall(text)
        numbers = list(map(self.numbers.get, tokens))
        if None in numbers:
            numbers = list(map(self._number, tokens))
        return numbers

    def trim(self) -> None:
        """Empty the table if it holds `MAX_CACHED_TOKENS` tokens or more."""
        if len(self.numbers) >= MAX_CACHED_TOKENS:
            self.__init__()

    def _number(self, token: str) -> int:
        number = self.numbers.get(token)
        if number is None:
            number = self.numbers[token] = len(self.numbers)
            found = _token_term(token)
            self.term_of.append(-1 if found is None else _numbered(found[1], self._term_numbers, self.terms))
            word = _surface_word(token)
            self.word_of.append(_numbered(word, self._word_numbers, self.words) if word else -1)
        return number


def _numbered(text: str, numbers: dict[str, int], texts: list[str]) -> int:
    """The number of `text` in `texts`, appended if new."""
    number = numbers.get(text)
    if number is None:
        number = numbers[text] = len(texts)
        texts.append(text)
    return number


_span_terms = _SpanTerms()
TOKENS = TokenTable()


def surface_words(*texts: str) -> set[str]:
    """The distinct words of `texts` as `word_analyzer` gives them, without numbers and single letters.

    >>> sorted(surface_words("L'Ingérence des États-Unis en 2019,", "aujourd'hui"))
    ["aujourd'hui", 'ingérence', 'unis', 'états']
    """
    TOKENS.trim()  # bounds the table where only this reads it (the indexer's parent process)
    numbers = set().union(*map(TOKENS.tokens, texts))
    return {TOKENS.words[word] for word in map(TOKENS.word_of.__getitem__, numbers) if word >= 0}


def term(word: str) -> str:
    """The index term of one lowercase word.

    >>> term("ingérées"), term("ingeree")
    ('inger', 'ingere')
    """
    return fold(stem(word))


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
        kept, index_term = _span_terms.terms[token]
        at = text.find(token)
        while at >= 0:
            end = at + len(token)
            if _starts_token(text, at) and _ends_token(text, end):
                found.append((end - kept, end, index_term))
            at = text.find(token, at + 1)
    found.sort()
    return found


def _starts_token(text: str, at: int) -> bool:
    """No token of `_TOKEN` runs on into `at` from the left."""
    return at == 0 or not (
        _WORD_CHAR(text, at - 1) or (text[at - 1] in APOSTROPHES and at > 1 and _WORD_CHAR(text, at - 2))
    )


def _ends_token(text: str, end: int) -> bool:
    """A token of `_TOKEN` ending at `end` could not go on."""
    return end == len(text) or not (_WORD_CHAR(text, end) or (text[end] in APOSTROPHES and _WORD_CHAR(text, end + 1)))


def terms(text: str) -> list[str]:
    """The index terms of `text`.

    >>> terms("L'ingérence des États-Unis")
    ['ingerent', 'etat', 'unis']
    """
    return [token.text for token in french_analyzer()(text)]
