"""Topics: 1–3 topics from the editable taxonomy, with scores and matched words."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata.topics import find_topics


@pytest.mark.parametrize(
    "title, paragraphs, expected",
    [
        (
            "Pompeo met en garde contre l'ingérence électorale",
            ["Les États-Unis ne toléreront aucune ingérence dans les élections.", "L'ingérence russe en 2016."],
            ("Ingérence étrangère", "Élections"),
        ),
        (
            "Le Maroc file en demi-finales",
            ["Les joueurs et l'entraîneur ont célébré la victoire du match."],
            ("Sport",),
        ),
        ("La BCE relève ses taux", ["L'inflation atteint 10 % et la récession menace l'économie."], ("Économie",)),
        ("Une journée ordinaire", ["Il faisait beau."], ()),
    ],
)
def test_topics(title, paragraphs, expected):
    assert find_topics(title, tuple(paragraphs)).values == expected


def test_at_most_three_topics_and_reasons_with_scores():
    found = find_topics(
        "Guerre, sanctions, gaz et élections", ("La guerre et les sanctions pèsent sur le gaz avant les élections.",)
    )
    assert (len(found.values), found.reasons[0].split(" — ")[0]) == (3, "Guerre et conflits : retenu, score 5")
