"""SearchRequest and FacetRequest: parsing and validating URL parameters, immutable changes, round trip."""

from dataclasses import replace

import pytest
from werkzeug.datastructures import MultiDict

from searchapp.facets import BY_KEY
from searchapp.search.request import FacetRequest, InvalidRequest, SearchRequest


def parse(pairs):
    return SearchRequest.from_params(MultiDict(pairs))


def test_parse_full_request():
    request = parse(
        [
            ("q", "  ingérence   russe "),
            ("topic", "Élections"),
            ("speaker", "Mike Pompeo"),
            ("speaker", "Sergueï Lavrov"),
            ("speaker", "Mike Pompeo"),
            ("speaker", " "),
            ("sort", "newest"),
            ("page", "3"),
            ("per_page", "20"),
            ("utm_source", "x"),
        ]
    )
    assert request == SearchRequest(
        q="ingérence russe",
        filters=(("speaker", ("Mike Pompeo", "Sergueï Lavrov")), ("topic", ("Élections",))),
        sort="newest",
        page=3,
        per_page=20,
    )


def test_defaults_and_effective_sort():
    assert parse([]) == SearchRequest()
    assert parse([]).effective_sort == "newest"
    assert parse([("q", "x")]).effective_sort == "relevance"
    assert parse([("q", "x"), ("sort", "oldest")]).effective_sort == "oldest"


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("page", "0")], "« page » doit être compris entre 1 et 1000."),
        ([("page", "1000000000")], "« page » doit être compris entre 1 et 1000."),
        ([("page", "deux")], "« page » doit être un nombre entier (reçu « deux »)."),
        ([("per_page", "7")], "per_page doit valoir 10, 20, 50, 100."),
        ([("sort", "random")], "Tri inconnu « random » : choisissez parmi relevance, newest, oldest."),
        ([("q", "x" * 501)], "La recherche est trop longue (501 caractères, au plus 500)."),
        ([("speaker", "x" * 201)], "Trop de valeurs ou valeur trop longue pour le filtre « Orateur »."),
    ],
)
def test_invalid_parameters_raise_with_a_french_message(pairs, message):
    with pytest.raises(InvalidRequest) as raised:
        parse(pairs)
    assert str(raised.value) == message


def test_repeated_single_parameters_take_the_last_value():
    assert parse([("q", "a"), ("q", "b"), ("page", "2"), ("page", "4")]) == SearchRequest(q="b", page=4)


def test_toggling_filters_resets_the_page_and_keeps_facet_order():
    request = SearchRequest(q="x", page=4, sort="oldest")
    added = request.toggled("topic", "Climat").toggled("speaker", "Wang Yi").toggled("speaker", "Mike Pompeo")
    assert added == SearchRequest(
        q="x", sort="oldest", page=1, filters=(("speaker", ("Wang Yi", "Mike Pompeo")), ("topic", ("Climat",)))
    )
    assert added.toggled("speaker", "Wang Yi").selected("speaker") == ("Mike Pompeo",)
    assert added.toggled("topic", "Climat").filters == (("speaker", ("Wang Yi", "Mike Pompeo")),)
    assert added.with_page(2).without_filters() == SearchRequest(q="x", sort="oldest")


def test_params_round_trip():
    request = SearchRequest(
        q="l'ingérence", filters=(("speaker", ("A", "B")), ("year", ("2019",))), sort="oldest", page=2, per_page=50
    )
    assert request.to_params() == [
        ("q", "l'ingérence"),
        ("speaker", "A"),
        ("speaker", "B"),
        ("year", "2019"),
        ("sort", "oldest"),
        ("per_page", "50"),
        ("page", "2"),
    ]
    assert parse(request.to_params()) == request
    assert SearchRequest().to_params() == []


def test_plain_dict_of_lists_is_accepted():
    assert SearchRequest.from_params({"q": ["x"], "year": ("2019",), "page": "2"}) == SearchRequest(
        q="x", filters=(("year", ("2019",)),), page=2
    )


def test_year_range_is_parsed_validated_and_round_trips():
    request = parse([("q", "x"), ("year", "none"), ("year_from", " 2017 "), ("year_to", "2020"), ("page", "3")])
    assert request == SearchRequest(q="x", filters=(("year", ("none",)),), ranges=(("year", 2017, 2020),), page=3)
    assert request.range("year") == (2017, 2020) and request.range("speaker") == (None, None)
    assert request.to_params() == [
        ("q", "x"),
        ("year", "none"),
        ("year_from", "2017"),
        ("year_to", "2020"),
        ("page", "3"),
    ]
    assert parse(request.to_params()) == request


@pytest.mark.parametrize(
    "pairs, expected",
    [
        ([("year_from", "2020"), ("year_to", "2017")], (("year", 2017, 2020),)),  # swapped, not refused
        ([("year_from", "2019")], (("year", 2019, None),)),
        ([("year_to", "2019"), ("year_from", "")], (("year", None, 2019),)),
        ([("year_from", " "), ("year_to", "")], ()),
    ],
)
def test_open_and_reversed_ranges(pairs, expected):
    assert parse(pairs).ranges == expected


@pytest.mark.parametrize(
    "pairs, message",
    [
        ([("year_from", "deux mille")], "« year_from » doit être un nombre entier (reçu « deux mille »)."),
        ([("year_to", "2019.5")], "« year_to » doit être un nombre entier (reçu « 2019.5 »)."),
        ([("year_to", "99999")], "« year_to » doit être compris entre 0 et 9999."),
        ([("year_from", "-1")], "« year_from » doit être compris entre 0 et 9999."),
    ],
)
def test_invalid_ranges_raise_with_a_french_message(pairs, message):
    with pytest.raises(InvalidRequest) as raised:
        parse(pairs)
    assert str(raised.value) == message


def test_range_changes_reset_the_page_and_clearing_filters_clears_ranges():
    request = SearchRequest(q="x", page=4, filters=(("speaker", ("A",)),))
    ranged = request.with_range("year", 2017, None)
    assert ranged == SearchRequest(q="x", filters=(("speaker", ("A",)),), ranges=(("year", 2017, None),))
    assert ranged.has_filters and not SearchRequest(q="x").has_filters
    assert ranged.with_range("year", None, None) == replace(request, page=1)
    assert ranged.with_page(2).without_filters() == SearchRequest(q="x")
    assert ranged.with_page(3).toggled("year", "none").page == 1


def test_facet_request_keeps_the_search_and_its_filter_text():
    request = FacetRequest.from_params(
        BY_KEY["speaker"], MultiDict([("q", "x"), ("speaker", "A"), ("page", "4"), ("contains", "  sergue  ")])
    )
    assert request == FacetRequest(
        SearchRequest(q="x", filters=(("speaker", ("A",)),), page=4), BY_KEY["speaker"], "sergue"
    )
    assert request.to_params() == [("q", "x"), ("speaker", "A"), ("page", "4"), ("contains", "sergue")]
    with pytest.raises(InvalidRequest):
        FacetRequest.from_params(BY_KEY["speaker"], {"contains": ["x" * 101]})
