"""Searching quotations: counts and facets equal to a brute-force count over the corpus's own
quotations, the JSON API, the pages, the command line, the order of ties (their exports are
tested with the articles', in `test_takeaway`)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from livesite import write_rows

from searchapp import generations, indexing
from searchapp.analysis.french import french_analyzer
from searchapp.bench import presscorpus
from searchapp.cli import main
from searchapp.facets import FACETS
from searchapp.ingest.articles import ArticleError, build
from searchapp.ingest.corpus import QUOTES_EXPECTED, Problem, read_sources
from searchapp.schema import date_key, tie_key
from searchapp.search import engine, quotations
from searchapp.search.catalog import Catalog
from searchapp.search.request import SearchRequest
from searchapp.web.app import create_app

# searches whose quotations rank alike: by one date, one score, one score and date
TIED = [{}, {"q": ["ingérence"]}, {"q": ["ingérence"], "sort": ["oldest"]}]


@pytest.fixture(scope="module")
def corpus(press_quotes):
    records, index_dir = press_quotes
    catalog = Catalog(generations.current(index_dir))
    yield records, catalog, index_dir
    catalog.close()


def rows(records) -> list[dict]:
    """Every quotation with its facet values, as the quotations' index should hold it."""
    found = []
    for record in records:
        for quote in record["quotes"]:
            found.append(
                dict(
                    text=quote["text"],
                    speaker=[quote["speaker"]] if quote["speaker"] else [],
                    country=record["countries"],
                    topic=record["topics"],
                    year=[record["date"][:4]],
                )
            )
    return found


def terms(text: str) -> set[str]:
    return {token.text for token in french_analyzer()(text)}


def brute(records, q: str, filters: dict[str, list[str]], years: tuple[int, int] | None = None):
    """(total, {facet: {value: count}}) counted by hand: every facet with all filters but its own."""
    wanted = terms(q)
    matched = [row for row in rows(records) if wanted <= terms(row["text"])]

    def passes(row, key):
        ok = all(set(row[k]) & set(v) for k, v in filters.items() if k != key)
        if years and key != "year-values":
            ok = ok and years[0] <= int(row["year"][0]) <= years[1]
        return ok

    total = sum(1 for row in matched if passes(row, None) and all(set(row[k]) & set(filters[k]) for k in filters))
    counts = {}
    for facet in FACETS:
        tally: dict[str, int] = {}
        for row in matched:
            if passes(row, facet.key):
                for value in row[facet.key]:
                    tally[value] = tally.get(value, 0) + 1
        counts[facet.key] = tally
    return total, counts


CASES = [
    ("", {}, None),
    ("ingérence", {}, None),
    ("dette publique", {}, None),
    ("sanctions", {"country": ["France", "Russie"]}, None),
    ("", {"speaker": ["Li Faure", "Greta Rey"]}, None),
    ("engagements", {"topic": ["Économie", "Santé"], "year": ["2012", "2015", "2020"]}, None),
    ("citoyens", {}, (2013, 2019)),
]


@pytest.mark.parametrize(("q", "filters", "years"), CASES)
def test_total_and_disjunctive_facets_equal_a_brute_force_count(corpus, q, filters, years):
    records, catalog, _ = corpus
    params = {"q": [q], **filters}
    if years:
        params.update(year_from=[str(years[0])], year_to=[str(years[1])])
    page = quotations.search(catalog, SearchRequest.from_params(params))
    total, counts = brute(records, q, filters, years)
    assert page.total == total and total > 0
    for facet_counts in page.facets:
        key = facet_counts.facet.key
        got = {v.value: v.count for v in facet_counts.values if v.count}
        expected = counts[key]
        if key == "year" and years:  # the year facet is counted within its range
            expected = {y: c for y, c in expected.items() if years[0] <= int(y) <= years[1]}
        assert got == expected, key


def test_api_answer(corpus):
    _, _, index_dir = corpus
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    data = client.get("/api/citations?q=ingerence&speaker=Li+Faure").get_json()
    assert set(data) == set(client.get("/api/search?q=ingerence").get_json())  # the shape of /api/search
    hit = data["hits"][0]
    assert set(hit) == {"id", "speaker", "text", "article", "title", "date", "year", "source", "url"}
    assert hit["speaker"] == "Li Faure" and "<mark>ingérence</mark>" in hit["text"]
    assert hit["url"] == f"/article/{hit['article']}#citation-{hit['id'].split('#')[1]}"
    assert {"value": "Li Faure", "label": "Li Faure", "count": data["total"], "selected": True} in data["facets"][
        "speaker"
    ]
    bad = client.get("/api/citations?page=0")
    assert bad.status_code == 400 and bad.get_json()["message"] == "« page » doit être compris entre 1 et 1000."
    assert client.get("/api/citations/facet/speaker?q=ingerence&contains=faure").get_json()["values"][0]["value"] == (
        "Li Faure"
    )


def test_command_line_gives_the_api_answer(corpus):
    _, _, index_dir = corpus
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    result = CliRunner().invoke(main, ["search", "retraites", "--citations", "--json", "--index-dir", str(index_dir)])
    assert json.loads(result.output) == client.get("/api/citations?q=retraites").get_json()
    text = CliRunner().invoke(main, ["search", "retraites", "--citations", "--index-dir", str(index_dir)]).output
    assert re.match(r"\d+ citation\(s\)\n\n« .*retraites.* »\n  — ", text)


def test_citations_page_links_stay_among_quotations(press_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(press_index)}).test_client()
    html = client.get("/citations?q=ingerence").get_data(as_text=True)
    assert "2 citations pour « ingerence »" in " ".join(html.split())
    assert "« Nous ne tolérerons aucune <mark>ingérence</mark> »" in html
    assert '<a class="speaker" href="/citations?q=ingerence&amp;speaker=Mike+Pompeo">Mike Pompeo</a>' in html
    assert 'href="/article/a1?q=ingerence#citation-1"' in html
    assert 'action="/citations"' in html and 'action="/citations/facet/speaker"' not in html  # no « Plus… » here
    assert 'href="/citations?q=ingerence&amp;country=Russie"' in html  # facet values toggle among quotations
    assert '<p class="switch"><a href="/?q=ingerence">← Voir les 7 articles</a></p>' in html  # back to the articles
    assert client.get("/citations?page=0").status_code == 400


def test_results_page_links_to_the_quotations_and_shows_the_matching_one(press_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(press_index)}).test_client()
    html = client.get("/?q=ingerence").get_data(as_text=True)
    assert '<p class="switch"><a href="/citations?q=ingerence">Voir les 2 citations →</a></p>' in html
    assert re.search(
        r'<blockquote class="hit-quote"><a href="/article/a1\?q=ingerence#citation-1">« Nous ne tolérerons aucune '
        r"<mark>ingérence</mark> »</a>\s*<footer>— Mike Pompeo</footer>",
        html,
    )


def test_article_page_marks_each_quotation_and_its_speaker(press_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(press_index)}).test_client()
    html = client.get("/article/a1").get_data(as_text=True)
    assert (
        '« <span class="quote" id="citation-1">Nous ne tolérerons aucune ingérence</span> »<span class="quote-speaker">'
        'Mike Pompeo · <a href="/citations?speaker=Mike+Pompeo" aria-label="Toutes les citations de Mike Pompeo">'
        "toutes ses citations</a></span>, a déclaré Mike Pompeo devant la presse."
    ) in html


def test_an_update_gives_the_quotations_of_a_rebuild(tmp_path):
    """Unchanged articles' quotations stay where they are, changed and new ones are analysed,
    vanished ones deleted: the live ones are a rebuild's."""
    records = list(presscorpus.articles(40))
    corpus = tmp_path / "press.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    indexing.rebuild([corpus], tmp_path / "updated")
    edited = records[:10] + records[12:] + list(presscorpus.articles(43))[40:]  # two dropped, three new
    ending = "\n\n« Une phrase ajoutée au texte », a dit Li Faure."
    edited[3] = {**edited[3], "text": edited[3]["text"] + ending, "quotes": None}
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in edited), encoding="utf-8")
    report = indexing.update([corpus], tmp_path / "updated")
    assert (report.unchanged, report.changed, report.added, report.removed) == (37, 1, 3, 2)
    indexing.rebuild([corpus], tmp_path / "rebuilt")

    def stored(index_dir):
        catalog = Catalog(generations.current(index_dir))
        reader = catalog.quotes.searcher.reader()
        found = sorted((reader.stored_fields(n) for n in reader.all_doc_ids()), key=lambda fields: fields["id"])
        catalog.close()
        return found

    rebuilt = stored(tmp_path / "rebuilt")
    assert stored(tmp_path / "updated") == rebuilt
    extracted = [q["body"] for q in rebuilt if q["article"] == edited[3]["id"]]  # its quotes no longer given
    assert len(rebuilt) == sum(len(r["quotes"] or ()) for r in edited) + len(extracted)
    assert "Une phrase ajoutée au texte" in extracted


def test_quotations_that_rank_alike_keep_their_order_whatever_the_corpus_order(tmp_path):
    """Ties (equal scores, equal dates) go by the articles' tie keys, then the article's order:
    not by document numbers, which follow the corpus order."""
    records = list(presscorpus.articles(60))
    ranked = []
    for name, ordered in (("forward", records), ("reversed", records[::-1])):
        indexing.rebuild([write_rows(ordered, tmp_path / f"{name}.jsonl")], tmp_path / name)
        catalog = Catalog(generations.current(tmp_path / name))
        quotes = catalog.quotes
        ranked.append(
            [
                [quotes.searcher.stored_fields(n)["id"] for n in engine.ranked(quotes, request, 10_000)[1]]
                for request in map(SearchRequest.from_params, TIED)
            ]
        )
        catalog.close()
    forward, backward = ranked
    assert forward == backward and all(len(ids) > 20 for ids in forward)
    dates = {record["id"]: date_key(record["date"]) for record in records}
    newest = [(article, int(number)) for article, number in (i.split("#") for i in forward[0])]
    assert newest == sorted(newest, key=lambda quote: (-dates[quote[0]], tie_key(quote[0]), quote[1]))


@pytest.mark.parametrize(
    ("quotes", "outcome"),
    [
        ([{"speaker": "Mike Pompeo", "text": "aucune  ingérence"}], [("Mike Pompeo", "aucune ingérence", 19, 35)]),
        ([{"speaker": None, "text": "ingérence"}], [(None, "ingérence", 26, 35)]),
        ([], []),
        ([{"speaker": "X", "text": "absente du texte"}], "champ « quotes » : une citation ne figure pas dans le texte"),
        ("Mike Pompeo", QUOTES_EXPECTED),
        ([{"speaker": "X"}], QUOTES_EXPECTED),
        ([{"speaker": 3, "text": "ingérence"}], QUOTES_EXPECTED),
        ([{"speaker": "X", "text": "  "}], QUOTES_EXPECTED),
    ],
)
def test_quotes_given_by_a_jsonl_source(tmp_path, quotes, outcome):
    """Given quotations win over extraction, placed in the text; bad values are reported clearly."""
    line = {"id": "q", "title": "T", "text": "Nous ne tolérerons aucune ingérence, dit-il.", "quotes": quotes}
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    (source,) = read_sources([path])
    if isinstance(source, Problem):
        assert source.reason == outcome
        return
    try:
        found = [(q.speaker, q.text, q.start, q.end) for q in build(source).quotes]
    except ArticleError as error:
        found = str(error)
    assert found == outcome
