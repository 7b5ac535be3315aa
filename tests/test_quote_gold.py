"""Quotations scored against hand-made gold (`gold/quotes/NAME.json` annotates `fixtures/NAME/`), and
the scorer's matching rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchapp.bench import quotescore

HERE = Path(__file__).parent
GOLDS = sorted((HERE / "gold" / "quotes").glob("*.json"))
MIN_RECALL, MIN_ATTRIBUTION = 0.90, 0.95
# blind5 to blind7 were scored blind before any fix for them: their own floors, below the targets, guard what they give
FLOORS = {"blind5": (0.90, 0.95), "blind6": (0.94, 0.94), "blind7": (0.92, 0.87)}


@pytest.mark.parametrize("gold", GOLDS, ids=[path.stem for path in GOLDS])
def test_quotations_against_gold(gold):
    score = quotescore.score_folder(gold, HERE / "fixtures" / gold.stem)
    assert score.gold > 40
    least_recall, least_attribution = FLOORS.get(gold.stem, (MIN_RECALL, MIN_ATTRIBUTION))
    assert (score.recall >= least_recall, score.attribution >= least_attribution) == (True, True), list(
        quotescore.report(score)
    )


@pytest.mark.parametrize(
    ("extracted", "expected"),
    [
        # the same words, another case, accents, apostrophe and punctuation: found and right
        ([("Mike Pompeo", "Nous ne tolérerons AUCUNE ingerence dans nos elections.")], (1, 1, 1, 1)),
        # two parts split by the attribution cover it together; the larger part gives the speaker
        ([("Mike Pompeo", "Nous ne tolérerons"), ("Mike Pompeo", "aucune ingérence dans nos élections")], (1, 1, 2, 2)),
        # most words but a wrong speaker: found, misattributed
        ([(None, "nous ne tolérerons aucune ingérence dans nos")], (1, 0, 1, 1)),
        # under 70 % of the words: missed; the extracted one is spurious (under half of it is gold)
        ([("Mike Pompeo", "aucune ingérence, jamais, sous aucun prétexte, ni aujourd'hui ni demain")], (0, 0, 1, 0)),
        ([], (0, 0, 0, 0)),
    ],
)
def test_matching(extracted, expected):
    gold = {"a.txt": [{"speaker": "Mike Pompeo", "text": "« Nous ne tolérerons aucune ingérence dans nos élections »"}]}
    score = quotescore.score(gold, {"a.txt": extracted})
    assert (score.found, score.attributed, score.extracted, score.correct) == expected
