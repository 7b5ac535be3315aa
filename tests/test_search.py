"""search.run: matching, ranking order, facet counts (disjunctive), sorting and pages."""

import json
from collections import Counter

import pytest

from searchapp import generations, indexer, search
from searchapp.catalog import Catalog
from searchapp.query import SearchRequest

SAMPLE_IDS = {"000_f5a7a88a07f8b747", "001_ff719ec247732616", "002_d061371e0262257c",
              "003_b82150e53d160eea", "004_e9a9a0d95044f727"}


def run(catalog, **params):
    return search.run(catalog, SearchRequest.from_params({k: v if isinstance(v, list) else [v] for k, v in params.items()}))


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
    return {"speaker": hit.speakers, "country": hit.countries, "topic": hit.topics,
            "year": (str(hit.year),) if hit.year else ()}[key]


def test_plain_counts_without_filters(press_catalog):
    page = run(press_catalog, q="ingérence")
    assert page.total == 7  # every article but the climate one
    assert facet(page, "speaker") == {
        "Mike Pompeo": (2, False), "Sergueï Lavrov": (2, False), "Jean-Yves Le Drian": (1, False),
        "John Bolton": (1, False), "Michel Barnier": (1, False), "Wang Yi": (1, False)}
    assert list(facet(page, "year")) == ["2021", "2020", "2019", "2018"]  # newest first


def test_disjunctive_counts_differ_from_plain_counts(press_catalog):
    page = run(press_catalog, q="ingérence", speaker="Mike Pompeo", country="Russie")
    assert sorted(ids(page)) == ["a1", "a3"]
    # Speakers are counted with the country filter only: ticking Pompeo keeps the others.
    assert facet(page, "speaker") == {
        "Mike Pompeo": (2, True), "Sergueï Lavrov": (2, False), "John Bolton": (1, False)}
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
    assert ids(page) == ["a8", "a5", "a6", "a2", "a1", "a3", "a4", "a7"]
    assert ids(run(press_catalog, sort="oldest")) == ["a4", "a1", "a3", "a2", "a6", "a5", "a8", "a7"]


def test_relevance_ranks_title_and_more_words_first(press_catalog):
    assert ids(run(press_catalog, q="Lavrov accusations"))[0] == "a2"
    assert ids(run(press_catalog, q="climat transition"))[0] == "a7"


@pytest.mark.parametrize("q, expected", [
    ('"contrôle des armements"', ["a3"]),
    ("« contrôle des armements »", ["a3"]),
    ("ingérence -russe -américaines -chine -relations -bruxelles", ["a3", "a4"]),
    ("ingér*", ["a1", "a2", "a3", "a4", "a5", "a6", "a8"]),
    ("titre:climat", ["a7"]),
    ("etats-unis", ["a4", "a6", "a8"]),
])
def test_query_syntax(press_catalog, q, expected):
    assert sorted(ids(run(press_catalog, q=q, per_page="100"))) == expected


@pytest.mark.parametrize("q", ["le la les", '"', "((", "AND", "titre:", "*", "ingérence)", ":::"])
def test_odd_queries_never_fail(press_catalog, q):
    page = run(press_catalog, q=q)
    assert page.total >= 0


def test_only_stop_words_match_nothing(press_catalog):
    assert run(press_catalog, q="le la les").total == 0


def test_pages_follow_the_order(tmp_path):
    rows = [{"id": f"d{i:02d}", "title": f"Dépêche {i}", "text": f"Ingérence numéro {i}.", "date": f"2020-01-{i + 1:02d}"}
            for i in range(25)]
    corpus = tmp_path / "many.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    indexer.rebuild([corpus], tmp_path / "index")
    catalog = Catalog(generations.current(tmp_path / "index"))
    pages = [run(catalog, q="ingérence", sort="newest", page=str(n)) for n in (1, 2, 3)]
    assert [p.pages for p in pages] == [3, 3, 3]
    assert [len(p.hits) for p in pages] == [10, 10, 5]
    assert sum((ids(p) for p in pages), []) == [f"d{i:02d}" for i in range(24, -1, -1)]
    relevance = [run(catalog, q="ingérence", page=str(n)) for n in (1, 2, 3)]
    assert sorted(sum((ids(p) for p in relevance), [])) == sorted(r["id"] for r in rows)
    catalog.close()
