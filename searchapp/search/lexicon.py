"""The corpus's surface words by folded form: accent variants and typo corrections.

Each index generation holds (`generations.read_lexicon`) the document frequency of every
distinct lowercase word of its documents (counted at indexing, updated with
the documents an update adds and removes). At query time a word typed
without accents is looked up by its folded form (`ingeree` → `ingérée`),
and an unknown word is matched against the words one edit away (deletion,
insertion, substitution or transposition of two neighbours), searched with
numpy in the bucket of keys of each length.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from .. import generations
from ..analysis.french import unaccent

MIN_TYPO_LENGTH = 4  # shorter words have too many neighbours to guess from


class Lexicon:
    """Folded form → surface words with their document frequencies."""

    def __init__(self, frequencies: dict[str, int]):
        by_fold: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for word, df in frequencies.items():
            by_fold[unaccent(word)].append((word, df))
        self._by_fold = {key: tuple(sorted(words, key=lambda w: (-w[1], w[0]))) for key, words in by_fold.items()}
        self._buckets = _Buckets(self._by_fold)

    @classmethod
    def load(cls, directory: Path) -> Lexicon:
        """The lexicon saved in a generation's `directory` (empty when it has none)."""
        return cls(generations.read_lexicon(directory))

    def __len__(self) -> int:
        return len(self._by_fold)

    def variants(self, word: str) -> tuple[tuple[str, int], ...]:
        """The surface words that fold like `word`, most frequent first.

        >>> Lexicon({"ingérée": 3, "ingère": 1}).variants("ingeree")
        (('ingérée', 3),)
        """
        return self._by_fold.get(unaccent(word), ())

    def corrections(self, word: str, limit: int = 3) -> list[tuple[str, int]]:
        """The most frequent surface words one edit away from `word` (compared folded).

        >>> Lexicon({"ingérence": 5, "ingérences": 2, "référence": 9}).corrections("ingerance")
        [('ingérence', 5)]
        """
        key = unaccent(word)
        if len(key) < MIN_TYPO_LENGTH or not key.isascii():
            return []
        found = [surface for near in self._buckets.near(key) for surface in self._by_fold[near]]
        return sorted(found, key=lambda w: (-w[1], w[0]))[:limit]


class _Buckets:
    """Folded keys as byte matrices, one per length, for vectorised one-edit search."""

    def __init__(self, keys):
        by_length: dict[int, list[str]] = defaultdict(list)
        for key in keys:
            if key.isascii() and len(key) >= MIN_TYPO_LENGTH - 1:
                by_length[len(key)].append(key)
        self._keys = dict(by_length)
        self._rows = {
            n: np.frombuffer("".join(words).encode("ascii"), dtype=np.uint8).reshape(-1, n)
            for n, words in by_length.items()
        }

    def near(self, key: str) -> list[str]:
        """Keys at one edit from `key` (not `key` itself)."""
        word = np.frombuffer(key.encode("ascii"), dtype=np.uint8)
        n = len(word)
        found = []
        for length, test in ((n, _replaced), (n - 1, _shorter), (n + 1, _longer)):
            rows = self._rows.get(length)
            if rows is not None:
                found += [self._keys[length][i] for i in np.flatnonzero(test(rows, word))]
        return found


def _common_prefix(rows: np.ndarray, word: np.ndarray) -> np.ndarray:
    return np.cumprod(rows == word, axis=1).sum(axis=1)


def _common_suffix(rows: np.ndarray, word: np.ndarray) -> np.ndarray:
    return np.cumprod((rows == word)[:, ::-1], axis=1).sum(axis=1)


def _replaced(rows: np.ndarray, word: np.ndarray) -> np.ndarray:
    """Same length: one letter substituted, or two neighbours swapped."""
    differ = rows != word
    count = differ.sum(axis=1)
    first = differ.argmax(axis=1)
    swapped = np.zeros(len(rows), dtype=bool)
    pairs = np.flatnonzero((count == 2) & (first < len(word) - 1))
    if len(pairs):
        i = first[pairs]
        swapped[pairs] = (rows[pairs, i] == word[i + 1]) & (rows[pairs, i + 1] == word[i])
    return (count == 1) | swapped


def _shorter(rows: np.ndarray, word: np.ndarray) -> np.ndarray:
    """Rows one letter shorter: `word` has one letter too many."""
    return _common_prefix(rows, word[:-1]) + _common_suffix(rows, word[1:]) >= len(word) - 1


def _longer(rows: np.ndarray, word: np.ndarray) -> np.ndarray:
    """Rows one letter longer: `word` lacks one letter."""
    return _common_prefix(rows[:, :-1], word) + _common_suffix(rows[:, 1:], word) >= len(word)
