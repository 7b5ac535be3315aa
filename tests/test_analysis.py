"""The French analyzer: one table of text → index terms, and its building blocks."""

import json
import pickle
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from conftest import PRESS, RELEVANCE, SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields

from searchapp.analysis import french, spans
from searchapp.analysis.french import ELISIONS, french_analyzer, stem, terms, word_analyzer
from searchapp.analysis.spans import term_spans
from searchapp.analysis.tokens import surface_words
from searchapp.schema import FrenchText, build_schema

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text, expected",
    [
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
    ],
)
def test_terms(text, expected):
    assert terms(text) == expected


@pytest.mark.parametrize("elided", sorted(ELISIONS))
@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "‘"])
def test_every_elision_with_every_apostrophe_in_any_case(elided, apostrophe):
    for text in (
        f"{elided}{apostrophe}ingérence",
        f"{elided.upper()}{apostrophe}INGÉRENCE",
        f"{elided.capitalize()}{apostrophe}Ingérence",
    ):
        assert terms(text) == ["ingerent"], text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("aujourd’hui", ["aujourd'hui"]),
        ("AUJOURD'HUI", ["aujourd'hui"]),
        ("jusqu'aujourd'hui", ["aujourd'hui"]),
        ("qu'aujourd’hui", ["aujourd'hui"]),
        # non-breaking and narrow non-breaking spaces, French typography around punctuation
        ("«\u202fingérence\u202f» russe\u00a0?", ["ingerent", "russ"]),
        # compounds: their parts, in order, as consecutive positions
        ("Royaume-Uni", ["royaum", "uni"]),
        ("pro-russe", ["pro", "russ"]),
        # stop words typed without accents are stop words too
        ("etait ete etaient", []),
    ],
)
def test_more_terms(text, expected):
    assert terms(text) == expected


def test_compound_parts_are_consecutive_positions():
    tokens = [(t.text, t.pos) for t in french_analyzer()("les États-Unis", positions=True)]
    assert tokens == [("etat", 1), ("unis", 2)]


@pytest.mark.parametrize(
    "text",
    [
        "L'ingérence des États-Unis, aujourd’hui, jusqu'à 2019 : Royaume-Uni, pro-russe ; x ÉTÉ était",
        "Qu’il s’ingère lorsqu'il parle, quoiqu'il arrive, presqu'île entr'ouvert",
        "İstanbul ΣΥΡΙΖΑΣ.Α x_y ﬁn",  # lowercase after cutting, as word_analyzer does
    ],
)
def test_surface_words_are_the_analysed_words_without_numbers_and_single_letters(text):
    expected = {t.text for t in word_analyzer()(text) if (len(t.text) > 1 and t.text.isalpha()) or "'" in t.text}
    assert surface_words(text) == expected


def chain_positions(text: str) -> dict[str, list[int]]:
    """Each term of `french_analyzer` with its positions: what the bulk inversion must give."""
    found = defaultdict(list)
    for token in french_analyzer()(text, positions=True, mode="index"):
        found[token.text].append(token.pos)
    return dict(found)


def corpus_texts() -> list[str]:
    """The titles and texts of the test corpora: the sample articles and the JSONL fixtures."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    for path in (PRESS, RELEVANCE):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts += [row.get("title") or "", row["text"]]
    return texts


TRICKY = [
    "",
    "   ",
    "2019 ; 1er",
    "les le la",
    "les États-Unis",
    "Les États-Unis et l'État",
    "l'",
    "'ingérence'",
    "L'ingérence jusqu’à aujourd'hui",
    "qu’aujourd’hui JUSQU'À",
    "l'l'l'ingérence",
    "d'l'",
    "Lʼami d‘eux",
    "«\u202fingérence\u202f» russe\u00a0?",
    "snake_case x_y",
    "x² ½ ﬁn Straße",
    "İstanbul ΟΔΟΣ.Α ΣΥΡΙΖΑΣ",
    "Amérique amer français francs élus jeux",
    "a b c d e f g",
    "à À ÉTÉ était",
    "co-opération pro-russe",
]


def bulk_positions(texts: list[str]) -> tuple[list[dict], list[int]]:
    """Each text's terms with their positions, and its length, from one bulk inversion of them all."""
    field = FrenchText()
    numbers = [field.tokens(text) for text in texts]
    terms, counts, docs, _, values, ends, lengths = field.inverted(
        [n for each in numbers for n in each], np.array([len(each) for each in numbers])
    )
    found = [{} for _ in texts]
    for term, doc, start, end in zip(np.repeat(terms, counts), docs, np.append(0, ends[:-1]), ends):
        found[doc][term] = field.format.decode_positions(values[start:end])
    return found, lengths.tolist()


@pytest.mark.parametrize("texts", [TRICKY, corpus_texts(), TRICKY[::-1] + corpus_texts()[:30]])
def test_bulk_inversion_gives_the_analyzers_terms_positions_and_lengths(texts):
    expected = [chain_positions(text) for text in texts]
    assert bulk_positions(texts) == (expected, [sum(map(len, terms.values())) for terms in expected])


@pytest.mark.parametrize("text", TRICKY[:-1] + corpus_texts()[:12])
def test_french_text_indexes_like_whooshs_text_field(text):
    ours, whoosh = FrenchText(), fields.TEXT(analyzer=french_analyzer())
    assert sorted(ours.index(text)) == sorted(whoosh.index(text))


def test_elision_keeps_character_offsets_on_the_word():
    text = "Contre l'ingérence"
    token = [t for t in french_analyzer()(text, chars=True)][-1]
    assert text[token.startchar : token.endchar] == "ingérence"


def test_stem_and_unaccent_are_cached_within_a_bound():
    for function in (stem, french.unaccent):
        function("ingérences")
        hits = function.cache_info().hits
        function("ingérences")
        assert function.cache_info().hits == hits + 1
        assert function.cache_info().maxsize == french.MAX_CACHED_WORDS


def analyzer_spans(text, wanted):
    return [
        (t.startchar, t.endchar, t.text) for t in french_analyzer()(text, chars=True, mode="index") if t.text in wanted
    ]


@pytest.mark.parametrize(
    "path", sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "data").glob("*.jsonl"))
)
def test_term_spans_are_the_analyzers_at_the_same_offsets(path):
    text = path.read_text(encoding="utf-8")
    every = {t.text for t in french_analyzer()(text)}
    for wanted in (every, set(sorted(every)[::3]), {"ingerent", "etat"}, set()):
        assert term_spans(text, wanted) == analyzer_spans(text, wanted)


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "L'",
                    "l’",
                    "JUSQU'",
                    "qu'",
                    "aujourd'hui",
                    "États-Unis",
                    "ingérées",
                    "Les",
                    "cœur",
                    " ",
                    "\u00a0",
                    "'",
                    "’",
                    "-",
                    "_",
                    "2019",
                    "ß",
                    "İ",
                    "ingérence",
                    "l'ingérence",
                    "ingérences",
                ]
            ),
            st.characters(codec="utf-8"),
        ),
        max_size=30,
    ).map("".join)
)
@settings(max_examples=400)
def test_term_spans_are_the_analyzers_for_any_text(text):
    every = {t.text for t in french_analyzer()(text)}
    for wanted in (every, set(sorted(every)[1::2]), {"ingerent"}):
        assert term_spans(text, wanted) == analyzer_spans(text, wanted)


def test_term_spans_are_right_when_the_token_cache_is_emptied(monkeypatch):
    monkeypatch.setattr(spans, "MAX_TOKENS", 8)
    texts = [
        "L'Ingérence des États-Unis : l'ingérence russe",
        "Les ingérences étrangères, l'État et les élus",
        "Ingérée, l'ingérence ; les États-Unis ingèrent",
    ] * 2
    for text in texts:
        wanted = {"ingerent", "inger", "etat", "unis"}
        assert term_spans(text, wanted) == analyzer_spans(text, wanted)
        assert len(spans._span_terms.terms) <= 8 + len(set(french.TOKEN.findall(text)))


def test_a_pickled_schema_names_no_analysis_module_and_analyses_alike():
    schema = build_schema()
    pickled = pickle.dumps(schema, 2)
    assert re.findall(rb"searchapp[\w.]*", pickled) == [b"searchapp.schema"] * len(re.findall(rb"searchapp", pickled))
    loaded = pickle.loads(pickled)
    text = "L'ingérence des États-Unis, aujourd'hui"
    for name in ("title", "body"):
        assert (
            [t.text for t in loaded[name].analyzer(text)]
            == [t.text for t in schema[name].analyzer(text)]
            == terms(text)
        )
