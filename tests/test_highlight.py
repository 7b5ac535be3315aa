"""Highlighting: marks on original words, sentence-aligned snippets, escaping."""

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.analysis.french import terms
from searchapp.search.highlight import POSSESSIVE_SENTENCE, SENTENCE, highlight, snippet

TEXT = (
    "Le sommet s'est ouvert lundi à Bruxelles. Les dirigeants ont parlé de climat. "
    "La Russie a nié toute ingérence dans les élections, selon le Kremlin. "
    "Washington dénonce des ingérences répétées. Le prochain sommet aura lieu en juin."
)


def test_marks_the_original_accented_words_for_an_unaccented_query():
    assert highlight("L'ingérence et les Ingérences.", set(terms("ingerence"))) == (
        "L&#39;<mark>ingérence</mark> et les <mark>Ingérences</mark>."
    )


def test_snippet_prefers_sentences_with_the_most_query_words_in_text_order():
    result = snippet(TEXT, set(terms("ingérence Russie")), size=160)
    assert result == (
        "La <mark>Russie</mark> a nié toute <mark>ingérence</mark> dans les élections, "
        "selon le Kremlin. … Washington dénonce des <mark>ingérences</mark> répétées."
    )


def test_snippet_without_match_is_the_opening():
    assert snippet(TEXT, set(), size=60) == "Le sommet s&#39;est ouvert lundi à Bruxelles."


def test_long_sentence_is_cut_around_the_match_at_word_boundaries():
    text = "Début " + "mot " * 100 + "puis l'ingérence arrive " + "fin " * 100 + "."
    result = snippet(text, set(terms("ingérence")), size=80)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>ingérence</mark>" in result
    assert len(result.striptags()) <= 82


def test_article_text_is_escaped_around_marks():
    assert highlight("<b>ingérence</b> & co", {"ingerent"}) == "&lt;b&gt;<mark>ingérence</mark>&lt;/b&gt; &amp; co"


def test_snippet_prefers_a_sentence_to_a_heading_with_the_same_words():
    text = (
        "Congé de maternité\n\nLa salariée enceinte a droit à un congé de maternité payé, avant et après la naissance."
    )
    assert snippet(text, set(terms("congé maternité")), size=100) == (
        "La salariée enceinte a droit à un <mark>congé</mark> de <mark>maternité</mark> payé, "
        "avant et après la naissance."
    )


@pytest.mark.skipif(sys.version_info < (3, 11), reason="possessive quantifiers need Python 3.11")
@given(
    st.lists(
        st.sampled_from(["a", "b", " ", ".", "!", "?", "…", '"', "»", "”", "’", ")", "\n", "\t", "\u00a0", ","]),
        max_size=20,
    ).map("".join)
)
@settings(max_examples=2000)
def test_possessive_sentences_are_the_lazy_ones(text):
    lazy, possessive = re.compile(SENTENCE, re.MULTILINE), re.compile(POSSESSIVE_SENTENCE, re.MULTILINE)
    for start, end in ((0, len(text)), (len(text) // 3, len(text) - 2)):
        assert [m.span() for m in possessive.finditer(text, start, end)] == [
            m.span() for m in lazy.finditer(text, start, end)
        ]
