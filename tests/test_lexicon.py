"""The corpus lexicon: accent variants by folded form and one-edit corrections."""

from collections import Counter

import pytest

from searchapp import generations
from searchapp.search.lexicon import Lexicon

WORDS = Lexicon(
    {
        "ingérence": 9,
        "ingérences": 3,
        "ingérée": 2,
        "pêche": 5,
        "péché": 2,
        "peche": 1,
        "référence": 4,
        "déclaration": 7,
        "congé": 6,
        "congés": 8,
        "mai": 3,
        "main": 9,
    }
)


@pytest.mark.parametrize(
    "word, expected",
    [
        ("ingeree", (("ingérée", 2),)),
        ("INGEREE".lower(), (("ingérée", 2),)),
        ("ingérée", (("ingérée", 2),)),
        ("peche", (("pêche", 5), ("péché", 2), ("peche", 1))),  # most frequent first
        ("conges", (("congés", 8),)),
        ("inconnu", ()),
    ],
)
def test_variants_by_folded_form(word, expected):
    assert WORDS.variants(word) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ingerance", [("ingérence", 9)]),  # substitution
        ("ingrence", [("ingérence", 9)]),  # deletion
        ("ingéreence", [("ingérence", 9)]),  # insertion
        ("ingréence", [("ingérence", 9)]),  # transposition of neighbours
        ("ignérences", [("ingérences", 3)]),  # transposition at the start
        ("declaratoin", [("déclaration", 7)]),
        ("congzs", [("congés", 8)]),
        ("conge", [("congés", 8)]),  # neighbours only, never the word itself
        ("maix", [("main", 9), ("mai", 3)]),  # several, most frequent first
        ("mau", []),  # too short to guess
        ("xyzwv", []),
    ],
)
def test_corrections_one_edit_away(typed, expected):
    assert WORDS.corrections(typed) == expected


def test_corrections_are_limited():
    many = Lexicon({f"mot{c}": 1 for c in "abcdefgh"})
    assert len(many.corrections("motz", limit=3)) == 3


def test_loaded_from_the_index_follows_its_words(press_catalog):
    assert press_catalog.lexicon.variants("ingerence") == (("ingérence", 6),)  # a3 has only « ingérences »
    assert press_catalog.lexicon.variants("etats") == (("états", 3),)  # a1 has « État »
    assert press_catalog.lexicon.variants("2019") == ()  # numbers are not words
    assert press_catalog.lexicon.variants("l") == ()


def test_an_incremental_update_keeps_the_lexicon_in_step(tmp_path):
    from searchapp import indexing
    from searchapp.search.catalog import Catalog

    corpus = tmp_path / "corpus.jsonl"
    rows = [
        '{"id": "p1", "text": "Une pêche miraculeuse au large."}',
        '{"id": "p2", "text": "La fiscalité des entreprises évolue."}',
    ]
    corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
    indexing.rebuild([corpus], tmp_path / "index")
    corpus.write_text(rows[1] + '\n{"id": "p3", "text": "Le péché véniel."}\n', encoding="utf-8")
    indexing.update([corpus], tmp_path / "index")
    catalog = Catalog(generations.current(tmp_path / "index"))
    assert catalog.lexicon.variants("peche") == (("péché", 1),)  # p1 is gone, p3 came
    assert catalog.lexicon.variants("fiscalite") == (("fiscalité", 1),)  # p2 was copied
    assert catalog.parser.suggest("miraculeuze") is None
    catalog.close()


def test_the_lexicon_counts_each_indexed_article_once(tmp_path):
    from searchapp import indexing

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        '{"id": "p1", "text": "Une pêche miraculeuse au large."}\n'
        '{"id": "p1", "text": "Un doublon ignoré : l\'ornithorynque."}\n'
        '{"id": "p2", "text": "La Pêche reprend, miraculeuse."}\n',
        encoding="utf-8",
    )
    indexing.rebuild([corpus], tmp_path / "index")
    assert generations.read_lexicon(generations.current(tmp_path / "index")) == {
        "pêche": 2,
        "miraculeuse": 2,
        "large": 1,
        "reprend": 1,
    }


def test_the_lexicon_counts_the_words_of_every_stored_article(press_catalog):
    from searchapp.schema import lexicon_words

    expected = Counter()
    for _, stored in press_catalog.searcher.reader().iter_docs():
        expected.update(lexicon_words(stored))
    assert generations.read_lexicon(press_catalog.path) == dict(expected)
    assert len(expected) > 50
