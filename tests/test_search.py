"""search.run: matching, ranking order, facet counts (disjunctive), sorting and pages."""

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from livesite import COUNTRIES, SPEAKERS, TOPICS, YEARS, Oracle, browse_rows

from searchapp import generations, indexing
from searchapp.facets import BY_KEY, MISSING, value_key
from searchapp.schema import tie_key
from searchapp.search import engine
from searchapp.search.catalog import Catalog
from searchapp.search.request import FacetRequest, SearchRequest

SAMPLE_IDS = {
    "000_f5a7a88a07f8b747",
    "001_ff719ec247732616",
    "002_d061371e0262257c",
    "003_b82150e53d160eea",
    "004_e9a9a0d95044f727",
}


def run(catalog, **params):
    return engine.run(
        catalog, SearchRequest.from_params({k: v if isinstance(v, list) else [v] for k, v in params.items()})
    )


def ids(page):
    return [hit.id for hit in page.hits]


def facet(page, key):
    return {v.value: (v.count, v.selected) for c in page.facets if c.facet.key == key for v in c.values}


@pytest.fixture(scope="module")
def samples(samples_index):
    catalog = Catalog(generations.current(samples_index))
    yield catalog
    catalog.close()


@pytest.mark.parametrize("q", ["ingerence", "ingérence", "ingérences", "INGÉRENCE", "l'ingérence", "l’ingérence"])
def test_every_form_of_ingerence_finds_all_samples_with_the_accented_word_marked(samples, q):
    page = run(samples, q=q)
    assert set(ids(page)) == SAMPLE_IDS and page.total == 5
    for hit in page.hits:
        assert "<mark>ingérence</mark>" in hit.snippet.lower() or "<mark>ingérences</mark>" in hit.snippet


def test_year_filter_keeps_only_that_year_and_other_facets_count_the_hits(samples):
    page = run(samples, q="ingerence", year="2019", per_page="100")
    assert page.total == len(page.hits) == 2
    assert {hit.year for hit in page.hits} == {2019}
    for counts in page.facets:
        key = counts.facet.key
        carried = Counter(v for hit in page.hits for v in search_values(hit, key))
        for value in counts.values:
            if key != "year" or value.selected:
                assert value.count == carried[value.value], (key, value)


def search_values(hit, key):
    return {
        "speaker": hit.speakers,
        "country": hit.countries,
        "topic": hit.topics,
        "year": (str(hit.year),) if hit.year else (),
    }[key]


def test_plain_counts_without_filters(press_catalog):
    page = run(press_catalog, q="ingérence")
    assert page.total == 7  # every article but the climate one
    assert facet(page, "speaker") == {
        "Mike Pompeo": (2, False),
        "Sergueï Lavrov": (2, False),
        "Jean-Yves Le Drian": (1, False),
        "John Bolton": (1, False),
        "Michel Barnier": (1, False),
        "Wang Yi": (1, False),
    }
    assert list(facet(page, "year")) == ["2021", "2020", "2019", "2018"]  # newest first


def test_disjunctive_counts_differ_from_plain_counts(press_catalog):
    page = run(press_catalog, q="ingérence", speaker="Mike Pompeo", country="Russie")
    assert sorted(ids(page)) == ["a1", "a3"]
    # Speakers are counted with the country filter only: ticking Pompeo keeps the others.
    assert facet(page, "speaker") == {"Mike Pompeo": (2, True), "Sergueï Lavrov": (2, False), "John Bolton": (1, False)}
    # Countries are counted with the speaker filter only.
    assert facet(page, "country") == {"États-Unis": (2, False), "Russie": (2, True)}
    # Topics are counted with both filters: they equal the hits.
    assert facet(page, "topic") == {"Élections": (2, False), "Diplomatie": (1, False)}


def test_values_of_one_facet_combine_with_or_and_facets_with_and(press_catalog):
    either = run(press_catalog, speaker=["Wang Yi", "John Bolton"])
    assert sorted(ids(either)) == ["a4", "a6"]
    both = run(press_catalog, speaker=["Wang Yi", "John Bolton"], topic="Élections")
    assert ids(both) == ["a4"]


def test_selected_value_with_no_hit_stays_visible(press_catalog):
    page = run(press_catalog, q="climat", speaker="Wang Yi")
    assert page.total == 0
    assert facet(page, "speaker")["Wang Yi"] == (0, True)


def test_empty_query_browses_everything_newest_first_undated_last(press_catalog):
    page = run(press_catalog)
    assert tie_key("a3") < tie_key("a1")  # the same date: in the order of their tie keys, whatever the sort
    assert ids(page) == ["a8", "a5", "a6", "a2", "a3", "a1", "a4", "a7"]
    assert ids(run(press_catalog, sort="oldest")) == ["a4", "a3", "a1", "a2", "a6", "a5", "a8", "a7"]


def test_relevance_ranks_title_and_more_words_first(press_catalog):
    assert ids(run(press_catalog, q="Lavrov accusations"))[0] == "a2"
    assert ids(run(press_catalog, q="climat transition"))[0] == "a7"


@pytest.mark.parametrize(
    "q, expected",
    [
        ('"contrôle des armements"', ["a3"]),
        ("« contrôle des armements »", ["a3"]),
        ("ingérence -russe -américaines -chine -relations -bruxelles", ["a3", "a4"]),
        ("ingér*", ["a1", "a2", "a3", "a4", "a5", "a6", "a8"]),
        ("titre:climat", ["a7"]),
        ("etats-unis", ["a4", "a6", "a8"]),
    ],
)
def test_query_syntax(press_catalog, q, expected):
    assert sorted(ids(run(press_catalog, q=q, per_page="100"))) == expected


def test_a_dash_between_spaces_is_punctuation_not_an_exclusion(press_catalog):
    both = ids(run(press_catalog, q="ingérence russe", per_page="100"))
    assert ids(run(press_catalog, q="ingérence - russe", per_page="100")) == both
    assert ids(run(press_catalog, q="ingérence + russe", per_page="100")) == both
    assert set(ids(run(press_catalog, q="ingérence -russe", per_page="100"))) < set(both)


@pytest.mark.parametrize("q", ["le la les", '"', "((", "AND", "titre:", "*", "ingérence)", ":::"])
def test_odd_queries_never_fail(press_catalog, q):
    page = run(press_catalog, q=q)
    assert page.total >= 0


def test_only_stop_words_match_nothing(press_catalog):
    assert run(press_catalog, q="le la les").total == 0


def test_pages_follow_the_order(tmp_path):
    rows = [
        {"id": f"d{i:02d}", "title": f"Dépêche {i}", "text": f"Ingérence numéro {i}.", "date": f"2020-01-{i + 1:02d}"}
        for i in range(25)
    ]
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    indexing.rebuild([corpus], tmp_path / "index")
    catalog = Catalog(generations.current(tmp_path / "index"))
    pages = [run(catalog, q="ingérence", sort="newest", page=str(n)) for n in (1, 2, 3)]
    assert [p.pages for p in pages] == [3, 3, 3]
    assert [len(p.hits) for p in pages] == [10, 10, 5]
    assert [i for p in pages for i in ids(p)] == [f"d{i:02d}" for i in range(24, -1, -1)]
    relevance = [run(catalog, q="ingérence", page=str(n)) for n in (1, 2, 3)]
    assert sorted(i for p in relevance for i in ids(p)) == sorted(r["id"] for r in rows)
    catalog.close()


# Year ranges and the undated bucket (press.jsonl: 2018 a4; 2019 a1 a2 a3 a6; 2020 a5; 2021 a8; undated a7).


@pytest.mark.parametrize(
    "params, expected",
    [
        (dict(year_from="2019", year_to="2020"), ["a1", "a2", "a3", "a5", "a6"]),
        (dict(year_from="2020"), ["a5", "a8"]),
        (dict(year_to="2018"), ["a4"]),
        (dict(year="none"), ["a7"]),
        # the range narrows the dated articles, ticked years choose among them...
        (dict(year="2019", year_from="2019", year_to="2020"), ["a1", "a2", "a3", "a6"]),
        (dict(year="2018", year_from="2019", year_to="2020"), []),
        # ...and "Date inconnue" adds the undated ones
        (dict(year="none", year_from="2019", year_to="2020"), ["a1", "a2", "a3", "a5", "a6", "a7"]),
        (dict(year=["none", "2018"]), ["a4", "a7"]),
    ],
)
def test_year_range_and_undated_bucket(press_catalog, params, expected):
    assert sorted(ids(run(press_catalog, per_page="100", **params))) == expected


def test_year_range_counts_differ_from_plain_counts(press_catalog):
    page = run(press_catalog, year_from="2019", year_to="2020")
    # The histogram applies the range (years outside it are gone) but not the ticked years;
    # undated articles keep their bucket, which can be added to the range.
    assert facet(page, "year") == {"2020": (1, False), "2019": (4, False), "none": (1, False)}
    assert [v.label for c in page.facets if c.facet.key == "year" for v in c.values] == [
        "2020",
        "2019",
        "Date inconnue",
    ]
    # Other facets are counted within the range: Bolton (2018) and Le Drian (2021) are gone.
    assert facet(page, "speaker") == {
        "Mike Pompeo": (2, False),
        "Sergueï Lavrov": (2, False),
        "Michel Barnier": (1, False),
        "Wang Yi": (1, False),
    }


def test_ticked_year_counts_other_years_but_not_other_facets(press_catalog):
    page = run(press_catalog, country="Russie", year="2019")
    assert sorted(ids(page)) == ["a1", "a2", "a3"]
    # Plain counts over the hits would give {2019: 3}; disjunctive counts keep 2018 (a4, Russie).
    assert facet(page, "year") == {"2019": (3, True), "2018": (1, False)}
    # Countries are counted over 2019 only: a6 (Chine) is in, a4 (2018) is out.
    assert facet(page, "country") == {"États-Unis": (3, False), "Russie": (3, True), "Chine": (1, False)}


def test_ticked_year_outside_the_range_stays_visible_at_zero(press_catalog):
    page = run(press_catalog, year="2018", year_from="2019", year_to="2020")
    assert list(facet(page, "year").items()) == [
        ("2020", (1, False)),
        ("2019", (4, False)),
        ("2018", (0, True)),
        ("none", (1, False)),
    ]


def test_chips_list_values_then_range_and_remove_one_each(press_catalog):
    page = run(press_catalog, q="x", speaker=["Wang Yi", "Inconnu"], year=["none"], year_from="2019")
    assert [(chip.label, chip.text, chip.removed.to_params()) for chip in page.chips] == [
        ("Orateur", "Wang Yi", [("q", "x"), ("speaker", "Inconnu"), ("year", "none"), ("year_from", "2019")]),
        ("Orateur", "Inconnu", [("q", "x"), ("speaker", "Wang Yi"), ("year", "none"), ("year_from", "2019")]),
        ("Année", "Date inconnue", [("q", "x"), ("speaker", "Wang Yi"), ("speaker", "Inconnu"), ("year_from", "2019")]),
        ("Année", "à partir de 2019", [("q", "x"), ("speaker", "Wang Yi"), ("speaker", "Inconnu"), ("year", "none")]),
    ]
    assert facet(page, "speaker")["Inconnu"] == (0, True)  # a value the index lacks can still be removed


def test_year_bounds_and_histogram_bars(press_catalog):
    year = next(c for c in run(press_catalog).facets if c.facet.key == "year")
    assert year.bounds == (2018, 2021)
    assert [(v.value, v.bar) for v in year.values] == [
        ("2021", 25),
        ("2020", 25),
        ("2019", 100),
        ("2018", 25),
        ("none", 25),
    ]


# Disjunctive counts against an oracle, on a generated corpus with 16 speakers and 8 years.


def browse(catalog, **params):
    return engine.run(
        catalog,
        SearchRequest.from_params({k: v if isinstance(v, list) else [v] for k, v in params.items() if v is not None}),
    )


def test_disjunctive_speaker_counts_ignore_the_speaker_filter_only(browse_catalog):
    chosen = ["Sergueï Lavrov", "Mike Pompeo"]
    page = browse(browse_catalog, q="ingerence", speaker=chosen, year_from="2017", year_to="2020", per_page="100")
    unfiltered = browse(browse_catalog, q="ingerence", year_from="2017", year_to="2020")
    assert {value: count for value, (count, _) in facet(page, "speaker").items()} == {
        value: count for value, (count, _) in facet(unfiltered, "speaker").items()
    }
    plain = Counter(s for hit in page.hits for s in hit.speakers)
    assert {v: c for v, (c, _) in facet(page, "speaker").items()} != dict(plain)
    assert page.total == len(page.hits) == len({hit.id for hit in page.hits})
    assert all(set(hit.speakers) & set(chosen) and 2017 <= hit.year <= 2020 for hit in page.hits)


def test_counts_match_the_oracle_with_listing_order(browse_catalog):
    oracle = Oracle(browse_rows())
    for params in (
        {},
        dict(q="ingerence"),
        dict(q="ingerence", speaker=["Wang Yi", "Xi Jinping"], country="Chine", year=["none", "2016"], year_to="2019"),
    ):
        page = browse(browse_catalog, per_page="100", **params)
        assert {hit.id for hit in page.hits} == oracle.hits(page.request)
        for counts in page.facets:
            assert facet(page, counts.facet.key) == oracle.counts(page.request, counts.facet)
            if counts.facet.order == "count":
                assert [v.value for v in counts.values] == [
                    v.value for v in sorted(counts.values, key=lambda v: (-v.count, value_key(v.label)))
                ]
            else:
                assert [v.value for v in counts.values] == sorted(
                    (v.value for v in counts.values if v.value != MISSING), reverse=True
                ) + ([MISSING] if MISSING in facet(page, "year") else [])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.sampled_from(["", "ingerence"]),
    speaker=st.lists(st.sampled_from(SPEAKERS), max_size=3, unique=True),
    country=st.lists(st.sampled_from(sorted(COUNTRIES)), max_size=2, unique=True),
    topic=st.lists(st.sampled_from(TOPICS), max_size=2, unique=True),
    year=st.lists(st.sampled_from([*map(str, YEARS), MISSING, "1999"]), max_size=3, unique=True),
    year_from=st.one_of(st.none(), st.integers(2014, 2023).map(str)),
    year_to=st.one_of(st.none(), st.integers(2014, 2023).map(str)),
)
def test_any_request_matches_the_oracle(browse_catalog, q, speaker, country, topic, year, year_from, year_to):
    page = browse(
        browse_catalog,
        q=q,
        speaker=speaker,
        country=country,
        topic=topic,
        year=year,
        year_from=year_from,
        year_to=year_to,
        per_page="100",
    )
    oracle = Oracle(browse_rows())
    assert {hit.id for hit in page.hits} == oracle.hits(page.request)
    assert page.total == len(page.hits)
    for counts in page.facets:
        assert facet(page, counts.facet.key) == oracle.counts(page.request, counts.facet), counts.facet.key


def test_long_facets_show_ten_values_then_selected_ones(browse_catalog):
    rarest = facet_counts(browse(browse_catalog), "speaker").values[-1].value
    speakers = facet_counts(browse(browse_catalog, speaker=rarest), "speaker")
    assert len(speakers.values) == len(SPEAKERS) == 16
    assert [v.value for v in speakers.shown] == [v.value for v in speakers.values[:10]] + [rarest]
    assert speakers.hidden == 5
    assert [v.value for v in speakers.matching("sergue")] == ["Sergueï Lavrov", rarest]
    assert [v.value for v in speakers.matching("JEAN YVES")] == ["Jean-Yves Le Drian", rarest]
    years = facet_counts(browse(browse_catalog), "year")
    assert years.shown == years.values and years.hidden == 0 and len(years.values) == 9  # every year


def facet_counts(page, key):
    return next(c for c in page.facets if c.facet.key == key)


def test_browse_facet_filters_values_without_accents(browse_catalog):
    listing = engine.browse_facet(
        browse_catalog, FacetRequest(SearchRequest(q="ingerence"), BY_KEY["speaker"], "sergue")
    )
    assert [(v.value, v.selected) for v in listing.listed] == [("Sergueï Lavrov", False)]
    assert listing.to_dict() == {
        "facet": "speaker",
        "contains": "sergue",
        "total": 1,
        "values": [
            {"value": "Sergueï Lavrov", "label": "Sergueï Lavrov", "count": listing.listed[0].count, "selected": False}
        ],
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        (dict(q="ingérence", year_from="2021"), ["a8"]),  # a range alone filters relevance order too
        (dict(q="ingérence", year="none"), []),
        (dict(q="climat", speaker="Wang Yi"), []),  # filters matching nothing give no hit, not every hit
    ],
)
def test_filters_apply_to_relevance_order(press_catalog, params, expected):
    page = run(press_catalog, **params)
    assert ids(page) == expected and page.total == len(expected)
