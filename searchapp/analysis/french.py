"""The French analyzer, the one chain used for indexing, querying and highlighting.

Order (Lucene's FrenchAnalyzer, with folding last): tokenize → elision →
lowercase → stop words → Snowball stem (with overrides) → accent fold.
Folding comes last because the French Snowball rules contain accented
suffixes: `ingérée` stems to `inger`, `ingeree` to `ingere`.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

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
TOKEN = re.compile(rf"[^\W_]++(?:[{APOSTROPHES}][^\W_]++)*+" if sys.version_info >= (3, 11) else WORD)
_stemmer = snowballstemmer.stemmer("french")
# Words remembered by `stem` and `unaccent`, least recently used dropped first: enough for the
# words of a batch of articles or of many queries, bounded against a crawler's endless new ones.
MAX_CACHED_WORDS = 1 << 15


@lru_cache(maxsize=MAX_CACHED_WORDS)
def stem(word: str) -> str:
    """The Snowball stem of a lowercase word, with overrides; cached process-wide.

    >>> stem("ingérences"), stem("amérique"), stem("élus")
    ('ingérent', 'amériqu', 'élu')
    """
    return STEM_OVERRIDES.get(word) or _stemmer.stemWord(word)


@lru_cache(maxsize=MAX_CACHED_WORDS)
def unaccent(text: str) -> str:
    """Strip accents and other marks (case is kept), cached process-wide.

    >>> unaccent("ingérent"), unaccent("Cœur")
    ('ingerent', 'Coeur')
    """
    return unidecode(text)


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


class UnaccentFilter(Filter):
    """Fold accents to ASCII, after stemming."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = unaccent(token.text)
            yield token


def word_analyzer():
    """The words of a text as written, lowercase, without elisions and stop words."""
    return RegexTokenizer(WORD) | ElisionFilter() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)


def french_analyzer():
    """The analysis chain shared by indexing, query parsing and highlighting."""
    return word_analyzer() | StemFilter() | UnaccentFilter()


def token_term(token: str) -> tuple[int, str] | None:
    """The length of a token as the tokenizer cuts it without its elision, and its index term
    (the filters of `french_analyzer` in its order); None for a stop word."""
    word = elide(token)
    lowered = word.lower()
    return None if lowered in STOP_WORDS else (len(word), term(lowered))


def surface_word(token: str) -> str:
    """The lexicon word of one token ("" for stop words, numbers and single letters): elision → lowercase."""
    word = elide(token).lower()
    return word if len(word) > 1 and word not in STOP_WORDS and word.replace("'", "").isalpha() else ""


def term(word: str) -> str:
    """The index term of one lowercase word.

    >>> term("ingérées"), term("ingeree")
    ('inger', 'ingere')
    """
    return unaccent(stem(word))


def terms(text: str) -> list[str]:
    """The index terms of `text`.

    >>> terms("L'ingérence des États-Unis")
    ['ingerent', 'etat', 'unis']
    """
    return [token.text for token in french_analyzer()(text)]
