"""Turn the text a user typed into a Whoosh query, and say how it is scored.

Words combine with OR (documents matching more words score higher); the
question words of a natural-language question (`comment`, `quelles`,
`peut`…) are dropped when other words remain. `"…"` and `« … »` are
phrases, `-mot` excludes, `ingér*` is a prefix, `titre:` scopes a word to
the title and `orateur:`, `pays:`, `annee:`, `theme:` to a facet, whose
values match ignoring case and accents (`pays:russie`, `orateur:lavrov`).
Text the query syntax cannot parse is searched as plain words.

Each word is looked up in the corpus lexicon: typed without accents it
searches the stems of its accented forms (`ingeree` → `ingérée`); unknown,
it searches its likeliest corrections one edit away (`ingerance` →
`ingérence`), which `suggest` offers as "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh import qparser, query, scoring

from ..analysis.french import QUESTION_WORDS, WORD, term, unaccent, word_analyzer
from ..facets import FACETS, value_key
from .lexicon import Lexicon

FIELD_BOOSTS = {"title": 2.0, "body": 1.0}
# BM25 tuned on the dev split of the known-item evaluation (`searchapp eval`):
# stronger length normalisation and later term-frequency saturation than the defaults.
WEIGHTING = scoring.BM25F(B=0.9, K1=3.0)
CORRECTION_BOOST = 0.8  # a corrected word weighs a little less than a typed one
UNKNOWN_STEM_BOOST = 0.4  # the stem of a word absent from the lexicon, searched beside its corrections
CORRECTION_SPREAD = 10  # corrections kept: at least 1/10 as frequent as the likeliest
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SYNTAX = re.compile(r'[():"*?\[\]{}^~+]')
_WORD = re.compile(WORD)
_words = word_analyzer()


def normalise(text: str) -> str:
    """Guillemets and curly quotes to `"`, every kind of space to one space.

    >>> normalise("« ingérence  russe »\u00a0!")
    '" ingérence russe " !'
    """
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


class QueryParser:
    """Parses user text into queries over the title and body fields."""

    def __init__(
        self,
        schema,
        lexicon: Lexicon | None = None,
        reader=None,
        facet_values: dict[str, Iterable[tuple[str, str]]] | None = None,
    ):
        """`reader` tells which terms the index has (without it, all); `facet_values` are
        the (value, folded value) pairs of each facet, for forgiving field scoping."""
        self.lexicon = lexicon or Lexicon({})
        self._known = (lambda field, text: (field, text) in reader) if reader is not None else (lambda *a: True)
        self.facets = {key: _ValueIndex(values) for key, values in (facet_values or {}).items()}
        # one parse per distinct text: paging and facet clicks repeat it (queries are never modified)
        self.parse = lru_cache(maxsize=1024)(self._parse)
        self.expansions = lru_cache(maxsize=4096)(self._expansions)
        self.corrections = lru_cache(maxsize=4096)(self._corrections)
        self._question = _Parser(self, schema, drop_questions=True)
        self._plain = _Parser(self, schema, drop_questions=False)

    def _parse(self, text: str) -> query.Query:
        """The query for `text`; `NullQuery` when nothing searchable is left (`parse`, cached)."""
        text = normalise(text)
        parsed = self._question.parse_safely(text)
        if parsed is query.NullQuery:  # only question words: search them
            parsed = self._plain.parse_safely(text)
        return parsed

    def suggest(self, text: str) -> str | None:
        """`text` with the words the lexicon lacks replaced by their likeliest correction, or None."""
        changed = False

        def replace(match: re.Match) -> str:
            nonlocal changed
            word = match.group()
            corrections = self.corrections(word.lower())
            if not corrections:
                return word
            changed = True
            best = corrections[0][0]
            return best[0].upper() + best[1:] if word[0].isupper() else best

        suggestion = _WORD.sub(replace, text)
        return suggestion if changed else None

    def is_question_word(self, word: str) -> bool:
        """A question word, or a misspelling whose likeliest correction is one (`qels`)."""
        corrections = self.corrections(word)
        return word in QUESTION_WORDS or (bool(corrections) and corrections[0][0] in QUESTION_WORDS)

    def _expansions(self, word: str) -> tuple[tuple[str, float], ...]:
        """The index terms a lowercase word searches, with their boosts."""
        exact = term(word)
        variants = self.lexicon.variants(word)
        if variants:
            if word != unaccent(word) and any(surface == word for surface, _ in variants):
                return ((exact, 1.0),)  # typed with its accents: exact matches only
            return tuple((t, 1.0) for t in dict.fromkeys([exact, *(term(s) for s, _ in variants)]))
        # an unknown word: its corrections, and its own stem if the index has it (`ingerance` → `inger`)
        corrections = [term(surface) for surface, _ in self.corrections(word)]
        if not corrections:
            return ((exact, 1.0),)
        expanded = dict.fromkeys(corrections, CORRECTION_BOOST)
        if self._known("body", exact):
            expanded.setdefault(exact, UNKNOWN_STEM_BOOST)
        return tuple(expanded.items())

    def _corrections(self, word: str) -> tuple[tuple[str, int], ...]:
        """The likeliest corrections of a lowercase word absent from the lexicon, most frequent first:
        words one edit away, at least a tenth as frequent as the most frequent of them."""
        if not self.lexicon or self.lexicon.variants(word):
            return ()
        found = self.lexicon.corrections(word)
        return tuple(c for c in found if c[1] * CORRECTION_SPREAD >= found[0][1])

    def word_query(self, fieldname: str, word: str, boost: float) -> query.Query:
        expanded = [query.Term(fieldname, t, boost=boost * b) for t, b in self.expansions(word)]
        return expanded[0] if len(expanded) == 1 else query.DisjunctionMax(expanded)

    def best_term(self, fieldname: str, word: str) -> str:
        """The one term of a word inside a phrase: its own if the index has it, else its likeliest variant."""
        exact = term(word)
        if self._known(fieldname, exact):
            return exact
        return self.expansions(word)[0][0]

    def facet_query(self, key: str, text: str, boost: float) -> query.Query:
        values = self.facets[key].matching(text) or [text]
        terms = [query.Term(key, value, boost=boost) for value in values]
        return terms[0] if len(terms) == 1 else query.Or(terms)


class _Parser(qparser.QueryParser):
    """Whoosh's parser with French words expanded through the lexicon."""

    def __init__(self, owner: QueryParser, schema, drop_questions: bool):
        super().__init__(None, schema, group=qparser.OrGroup)
        self.add_plugin(qparser.MultifieldPlugin(list(FIELD_BOOSTS), fieldboosts=FIELD_BOOSTS))
        self.owner = owner
        self.drop_questions = drop_questions
        self.remove_plugin_class(qparser.SingleQuotePlugin)
        self.remove_plugin_class(qparser.WildcardPlugin)  # `?` ends questions: no wildcards
        self.add_plugin(qparser.PrefixPlugin())
        # `+`/`-` only at the start of a word: `États-Unis` is no exclusion, nor a dash between
        # spaces (`Impôts - ce qui change`).
        self.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=\S)", minusexpr=r"(?<![^\s(])-(?=\S)"))
        aliases = {"title": ["titre"], **{facet.key: [facet.alias] for facet in FACETS}}
        self.add_plugin(qparser.FieldAliasPlugin(aliases))

    def parse_safely(self, text: str) -> query.Query:
        try:
            parsed = self.parse(text)
        except Exception:  # the query syntax is best-effort: fall back to plain words
            parsed = self.parse(_SYNTAX.sub(" ", text))
        return parsed.accept(lambda node: self._fix_phrase(node, text))

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in self.owner.facets:
            return self.owner.facet_query(fieldname, text, boost)
        if fieldname not in FIELD_BOOSTS or termclass is not query.Term:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        words = [t.text for t in _words(text)]
        if self.drop_questions:
            words = [w for w in words if not self.owner.is_question_word(w)]
        if not words:
            return None
        if len(words) == 1:
            return self.owner.word_query(fieldname, words[0], boost)
        # a compound (`États-Unis`, `pro-russe`): its parts, next to each other
        return query.Phrase(fieldname, [self.owner.best_term(fieldname, w) for w in words], boost=boost)

    def _fix_phrase(self, node: query.Query, text: str) -> query.Query:
        """Quoted phrases: a word the index lacks is searched as its likeliest variant."""
        if isinstance(node, query.Phrase) and node.fieldname in FIELD_BOOSTS and node.char_ranges:
            words = [
                self.owner.best_term(node.fieldname, text[start:end].lower()) if start is not None else word
                for word, (start, end) in zip(node.words, node.char_ranges)
            ]
            node = query.Phrase(node.fieldname, words, slop=node.slop, boost=node.boost, char_ranges=node.char_ranges)
        return node


class _ValueIndex:
    """A facet's values, found by the words of their folded form (`facets.value_key`)."""

    def __init__(self, values: Iterable[tuple[str, str]]):
        self._values = [(set(folded.split()), value) for value, folded in values]

    def matching(self, text: str) -> list[str]:
        """The values containing every word of `text`, as whole words, any case or accent.

        >>> _ValueIndex([("Russie", "russie"), ("Sergueï Lavrov", "serguei lavrov")]).matching("LAVROV")
        ['Sergueï Lavrov']
        """
        wanted = value_key(text).split()
        return [value for words, value in self._values if wanted and all(w in words for w in wanted)]
