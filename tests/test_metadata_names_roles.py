"""Names and role descriptions in a sentence: the spans of person names, and what a role says."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata import names, roles
from searchapp.ingest.metadata.sentences import split


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le ministre Jean-Marc Dufour a dit.", ["Jean-Marc Dufour"]),
        ("Koffi N'Guessan Brou et Khalil al-Hayya", ["Koffi N'Guessan Brou", "Khalil al-Hayya"]),
        ("Olivier de La Tour et Ursula von der Leyen", ["Olivier de La Tour", "Ursula von der Leyen"]),
        ("le président Donald J. Trump", ["Donald J. Trump"]),
        ("Mehdi B. a été condamné, Dylan M., lui, non", ["Mehdi B.", "Dylan M."]),
        ("Bruno Le Maire a répété", ["Bruno Le Maire"]),
        ("Le représentant du Texas Chip Roy", ["Chip Roy"]),
        ("M. Villeroy de Galhau", ["Villeroy de Galhau"]),
        ("Le Président et la Banque mondiale à Paris", []),
        ("Stéphane Israël, à Paris", ["Stéphane Israël"]),
        ("Jean d'Ormesson et Pierre-Yves d’Harcourt-Vial", ["Jean d'Ormesson", "Pierre-Yves d’Harcourt-Vial"]),
    ],
)
def test_name_spans(text, expected):
    s = split([text])[0]
    assert [names.join(s.tokens[a:b]) for a, b in names.spans(s)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("le chef de la diplomatie russe", ("diplomatie", "Russie", None, True)),
        ("la présidente de la Commission", ("president", None, "f", True)),
        ("l'ancien chef de l'Etat", ("ex-president", None, None, True)),
        ("l'ex-président philippin", ("ex-president", "Philippines", "m", True)),
        ("le secrétaire d'Etat", ("diplomatie", "États-Unis", None, True)),
        ("le secrétaire général de l'Otan", ("otan", None, None, True)),
        ("le Premier ministre et ministre des Affaires étrangères du Qatar", ("diplomatie", "Qatar", None, True)),
        ("sa fille", ("fille", None, "f", True)),
        ("un responsable américain", ("responsable", "États-Unis", None, False)),
        ("l'Italienne", ("nationalité", "Italie", "f", True)),
        ("la numéro un mondiale", ("numero", None, "f", True)),
    ],
)
def test_roles(text, expected):
    s = split([text])[0]
    assert [(r.start, r.end, r.function, r.country, r.gender, r.definite) for r in roles.in_sentence(s)] == [
        (0, len(s.tokens), *expected)
    ]
