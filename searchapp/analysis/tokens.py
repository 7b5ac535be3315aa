"""The indexing fast path: every distinct token analysed once per process, and numbered.

Indexing reads a text's tokens as numbers (`TokenTable.tokens`) and turns them
into index terms and lexicon words with numpy; the analysis of each token is
`french.token_term` and `french.surface_word`, the chain of `french_analyzer`.
"""

from __future__ import annotations

from array import array

from .french import TOKEN, surface_word, token_term

MAX_CACHED_TOKENS = 500_000  # a token table is emptied beyond this


class TokenTable:
    """Every distinct token met, numbered, with the number of its index term and of its lexicon word.

    Each distinct token is analysed once (`token_term`, `surface_word`);
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
        tokens = TOKEN.findall(text)
        known = list(map(self.numbers.get, tokens))
        if None in known:
            return list(map(self._number, tokens))
        return known  # type: ignore[return-value]  # no None in it

    def trim(self) -> None:
        """Empty the table if it holds `MAX_CACHED_TOKENS` tokens or more."""
        if len(self.numbers) >= MAX_CACHED_TOKENS:
            self.__init__()  # type: ignore[misc]  # the same class: its own fields, emptied

    def _number(self, token: str) -> int:
        number = self.numbers.get(token)
        if number is None:
            number = self.numbers[token] = len(self.numbers)
            found = token_term(token)
            self.term_of.append(-1 if found is None else _numbered(found[1], self._term_numbers, self.terms))
            word = surface_word(token)
            self.word_of.append(_numbered(word, self._word_numbers, self.words) if word else -1)
        return number


def _numbered(text: str, numbers: dict[str, int], texts: list[str]) -> int:
    """The number of `text` in `texts`, appended if new."""
    number = numbers.get(text)
    if number is None:
        number = numbers[text] = len(texts)
        texts.append(text)
    return number


TOKENS = TokenTable()


def surface_words(*texts: str) -> set[str]:
    """The distinct words of `texts` as `word_analyzer` gives them, without numbers and single letters.

    >>> sorted(surface_words("L'Ingérence des États-Unis en 2019,", "aujourd'hui"))
    ["aujourd'hui", 'ingérence', 'unis', 'états']
    """
    TOKENS.trim()  # bounds the table where only this reads it (the indexer's parent process)
    numbers = set().union(*map(TOKENS.tokens, texts))
    return {TOKENS.words[word] for word in map(TOKENS.word_of.__getitem__, numbers) if word >= 0}
