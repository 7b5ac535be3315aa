"""The French analyzer: one table of text → index terms, and its building blocks."""

import doctest

import pytest

from searchapp import analysis
from searchapp.analysis import french_analyzer, stem, terms


@pytest.mark.parametrize("text, expected", [
    # accents, plural and case all reach the same term
    ("ingérence", ["ingerent"]),
    ("ingerence", ["ingerent"]),
    ("ingérences", ["ingerent"]),
    ("INGÉRENCE", ["ingerent"]),
    # elision with every apostrophe and case
    ("l'ingérence", ["ingerent"]),
    ("l’ingérence", ["ingerent"]),
    ("Lʼingérence", ["ingerent"]),
    ("L‘INGÉRENCE", ["ingerent"]),
    ("d'ingérence", ["ingerent"]),
    ("qu'ingérence", ["ingerent"]),
    ("jusqu'à Moscou", ["moscou"]),
    ("lorsqu'il parle", ["parl"]),
    ("presqu'île", ["ile"]),
    ("entr'ouvert", ["ouvert"]),
    ("s'ingérer", ["inger"]),
    ("quoiqu'il arrive", ["arriv"]),
    ("aujourd'hui", ["aujourd'hui"]),
    ("d'aujourd'hui", ["aujourd'hui"]),
    # stop words go, content words stay
    ("les États et la Russie", ["etat", "russ"]),
    # hyphenated compounds become consecutive parts
    ("États-Unis", ["etat", "unis"]),
    # non-breaking spaces are spaces
    ("Russie\u00a0: ingérence", ["russ", "ingerent"]),
    # folding happens after stemming
    ("ingérée", ["inger"]),
    ("cœur", ["coeur"]),
    # overrides of Snowball's collisions
    ("Amérique amer", ["ameriqu", "amer"]),
    ("français francs", ["francais", "franc"]),
    ("élu élus", ["elu", "elu"]),
    ("jeu jeux", ["jeu", "jeu"]),
    ("relations relatif", ["relation", "relatif"]),
])
def test_terms(text, expected):
    assert terms(text) == expected


def test_elision_keeps_character_offsets_on_the_word():
    text = "Contre l'ingérence"
    token = [t for t in french_analyzer()(text, chars=True)][-1]
    assert text[token.startchar:token.endchar] == "ingérence"


def test_stem_is_cached():
    stem("ingérences")
    assert analysis._stem_cache["ingérences"] == "ingérent"


def test_doctests():
    assert doctest.testmod(analysis).failed == 0
