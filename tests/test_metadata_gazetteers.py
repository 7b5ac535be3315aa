"""Gazetteers: folding text the way every gazetteer is matched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from searchapp.ingest.metadata.gazetteers import ascii_lower


def _fold_each_character(text: str) -> str:
    """The definition of `ascii_lower`: each character lowercased, non-ASCII ones transliterated first."""
    return "".join(unidecode(char).lower() if ord(char) > 127 else char.lower() for char in text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Paris", "paris"),
        ("États-Unis, Œuvre", "etats-unis, oeuvre"),
        ("Sergueï Choïgou à Pékin", "serguei choigou a pekin"),
        ("« Déjà » – 15 °C, 3 €", "<< deja >> - 15 degc, 3 eur"),
        ("ΣΟΦΙΑ İstanbul Straße", "sophia istanbul strasse"),
    ],
)
def test_fold(text, expected):
    assert ascii_lower(text) == expected


@given(st.text(alphabet=st.sampled_from("aZ 1.éàèêôÉÀ«»’–") | st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fold_is_the_fold_of_each_character(text):
    assert ascii_lower(text) == _fold_each_character(text)
