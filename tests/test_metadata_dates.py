"""Dates: parsing French and English shapes, and choosing the publication date."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata import dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mai 25, 2019", ["2019-05-25"]),
        ("date 2018-08", ["2018-08"]),
        ("le 11 décembre 2019, à Washington", ["2019-12-11"]),
        ("Publié le 3 mars 2021 à 14h05", ["2021-03-03"]),
        ("Publié le 1er mars 2021", ["2021-03-01"]),
        ("Mis à jour le 12/06/2020", ["2020-06-12"]),
        ("Publié le 05/11/23 à 12h34", ["2023-11-05"]),
        (
            "Publié le 28 févr. 2024 à 18:30, le 3 janv. 2024, le 9 juil. 2023",
            ["2024-02-28", "2024-01-03", "2023-07-09"],
        ),
        ("les rangs 1/2/3 et 4/5/678", []),
        ("04.06.2019 à 17:32", ["2019-06-04"]),
        ("Wednesday, Feb. 15, 2017", ["2017-02-15"]),
        ("Updated: March 4, 2024", ["2024-03-04"]),
        ("2021-03-03T14:05:00+01:00", ["2021-03-03"]),
        ("Moscou, 15 janvier 2023 -", ["2023-01-15"]),
        ("la présidentielle de 2020", []),
        ("le 45/13/2020 ou le 31/02/2020", []),
        ("MARS 2021", ["2021-03"]),
        ("du 2 au 4 mai 2021 puis le 5 juin 2021", ["2021-05-04", "2021-06-05"]),
    ],
)
def test_find_dates(text, expected):
    assert [iso for _, _, iso in dates.find_dates(text)] == expected


@pytest.mark.parametrize(
    "header, captions, expected",
    [
        (("Publié le 13 février 2023 à 18h42 - Mis à jour le 14 février 2023",), (), "2023-02-13"),
        (("Mis à jour le 14 février 2023", "Publié le samedi 11 février 2023"), (), "2023-02-11"),
        (("Mis à jour le 12/06/2020 à 10h30",), ("Photo du 3 mai 2019",), "2020-06-12"),
        (("27 février 2023",), (), "2023-02-27"),
        (("MOSCOU, 15 janvier 2023 (AFP)",), (), "2023-01-15"),
        ((), ("WASHINGTON, DC - FEBRUARY 15: ... on Wednesday, Feb. 15, 2017.",), "2017-02-15"),
        ((), ("Légende sans date",), None),
        ((), (), None),
    ],
)
def test_publication_date(header, captions, expected):
    assert dates.publication_date(header, captions)[0] == expected


@pytest.mark.parametrize(
    "header, captions, events, expected",
    [
        # "Publié le" and header dates are strong; an update date alone is a guess
        (("Publié le 6 mars 2025 à 06h00",), (), (), ("2025-03-06", True)),
        (("MOSCOU, 15 janvier 2023 (AFP)",), (), (), ("2023-01-15", True)),
        (("Mis à jour le 14 février 2023",), (), (), ("2023-02-14", False)),
        # a live blog: only the dates of its event banner, a guess; before the captions
        ((), ("Photo du 3 mai 2019",), ("COP21 – Paris, 30 novembre – 12 décembre 2015",), ("2015-12-12", False)),
        ((), (), ("Sommet de l'Union africaine, du 9 au 11 février 2024",), ("2024-02-11", False)),
        ((), ("Photo du 3 mai 2019",), (), ("2019-05-03", False)),
        ((), (), (), (None, False)),
    ],
)
def test_publication_date_and_how_sure_it_is(header, captions, events, expected):
    date, _, sure = dates.publication_date(header, captions, events)
    assert (date, sure) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("COP21 – Paris, 30 novembre – 12 décembre 2015", True),
        ("du 9 au 11 février 2024", True),
        ("Jeux olympiques | 26 juillet - 11 août 2024", True),
        ("28 décembre 2015 – 3 janvier 2016", True),
        ("Publié le 6 mars 2025 - 06:00", False),
        ("Le 6 mars 2025 à 06h00", False),
        ("entre 2 et 3 millions, le 4 mars 2021", False),
        ("12 - 14 trucs 2020", False),
    ],
)
def test_date_ranges(text, expected):
    assert dates.has_range(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-05-25", "2019-05-25"),
        ("2019-05-25T10:00:00Z", "2019-05-25"),
        ("2018-08", "2018-08"),
        ("2018", None),
        ("hier", None),
        ("2019-13-01", None),
    ],
)
def test_normalise(value, expected):
    assert dates.normalise(value) == expected
