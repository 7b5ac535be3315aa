"""Taking results away: CSV and JSONL exports of articles and of quotations, the Atom feed, the
OpenSearch description, `search --all` (and `--citations --all`)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urlencode

import feedparser
import pytest
from livesite import write_rows
from markupsafe import Markup

from searchapp import generations, indexing, settings
from searchapp.cli import main
from searchapp.display import number
from searchapp.search import engine, export
from searchapp.search.catalog import Catalog
from searchapp.search.request import SearchRequest
from searchapp.web.app import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
HEADER = ["id", "title", "date", "source", "author", "url", "speakers", "countries", "topics", "snippet"]
QUOTE_HEADER = ["id", "text", "speaker", "article", "title", "date", "source", "url", "link", "countries", "topics"]
# search states of the browse corpus: a word, filters, a range, each sort, none at all, a prefix (Whoosh scores it)
STATES = [
    {"q": "ingerence"},
    {"q": "ingerence", "speaker": ["Sergueï Lavrov", "Mike Pompeo"]},
    {"q": "ingerence", "year_from": "2017", "year_to": "2020", "sort": "oldest"},
    {"q": "ingérence russe", "country": "Russie", "sort": "newest"},
    {"topic": "Défense", "year": ["2018", "none"]},
    {},
    {"q": "ingér*"},
    {"q": "climat"},
    {"q": "motintrouvable"},
]


# search states among the quotations of the generated press corpus (`press_quotes`)
QUOTE_STATES = [
    {"q": "ingérence"},
    {"q": "dette publique", "country": ["France", "Russie"]},
    {"speaker": ["Li Faure", "Greta Rey"]},
    {"q": "sanctions", "year_from": "2013", "year_to": "2019", "sort": "oldest"},
    {"topic": "Économie", "year": ["2012", "2015"], "sort": "newest"},
    {},
    {"q": "motintrouvable"},
]


def query(state: dict) -> str:
    return urlencode(state, doseq=True)


def link(path: str, state: dict) -> str:
    """An absolute URL of the test client to `path` with `state`, its parameters in our order."""
    params = SearchRequest.from_params(state).to_params()
    return f"http://localhost{path}" + (f"?{urlencode(params)}" if params else "")


def api_hits(client, state: dict, api: str = "/api/search") -> tuple[int, list[dict]]:
    """The total and every hit of a search, page after page, from `/api/search` (or `api`)."""
    hits, page = [], 1
    while True:
        data = client.get(f"{api}?{query(state)}&per_page=100&page={page}").get_json()
        hits += data["hits"]
        if page >= data["pages"]:
            return data["total"], hits
        page += 1


def csv_rows(body: bytes) -> list[dict]:
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def expected_row(hit: dict, author=None, url=None) -> dict:
    """The export row of an API hit: the same values, the snippet without its marks."""
    return dict(
        id=hit["id"],
        title=hit["title"],
        date=hit["date"],
        source=hit["source"],
        author=author,
        url=url,
        speakers=hit["speakers"],
        countries=hit["countries"],
        topics=hit["topics"],
        snippet=Markup(hit["snippet"]).striptags(),
    )


def expected_quote_row(hit: dict, record: dict) -> dict:
    """The export row of an `/api/citations` hit: the same values, the text without its marks,
    an absolute link, and its article's address, countries and topics (`record`)."""
    return dict(
        id=hit["id"],
        text=html.unescape(re.sub("</?mark>", "", hit["text"])),
        speaker=hit["speaker"],
        article=hit["article"],
        title=hit["title"],
        date=hit["date"],
        source=hit["source"],
        url=record.get("url"),
        link=f"http://localhost{hit['url']}",
        countries=record["countries"],
        topics=record["topics"],
    )


def as_csv(row: dict) -> dict:
    return {key: " ; ".join(value) if isinstance(value, list) else value or "" for key, value in row.items()}


@pytest.mark.parametrize("state", STATES, ids=query)
def test_exports_hold_every_hit_of_the_api_in_its_order(browse_client, state):
    total, hits = api_hits(browse_client, state)
    expected = [expected_row(hit) for hit in hits]
    assert len(expected) == total
    check_exports(browse_client, "/export", state, expected)


def check_exports(client, path: str, state: dict, expected: list[dict]) -> None:
    """`path`.jsonl and `path`.csv for `state` stream the `expected` rows, read back by the json and csv modules."""
    jsonl = client.get(f"{path}.jsonl?{query(state)}")
    assert jsonl.status_code == 200 and jsonl.is_streamed
    assert [json.loads(line) for line in jsonl.get_data(as_text=True).splitlines()] == expected

    response = client.get(f"{path}.csv?{query(state)}")
    assert response.status_code == 200 and response.is_streamed
    assert csv_rows(response.get_data()) == [as_csv(row) for row in expected]


@pytest.fixture()
def quotes_client(press_quotes):
    return create_app({"TESTING": True, "INDEX_DIR": str(press_quotes[1])}).test_client()


@pytest.mark.parametrize("state", QUOTE_STATES, ids=query)
def test_quotation_exports_hold_every_quotation_of_the_api_in_its_order(quotes_client, press_quotes, state):
    articles = {record["id"]: record for record in press_quotes[0]}
    total, hits = api_hits(quotes_client, state, "/api/citations")
    expected = [expected_quote_row(hit, articles[hit["article"]]) for hit in hits]
    assert len(expected) == total
    check_exports(quotes_client, "/citations/export", state, expected)


def test_csv_is_made_for_spreadsheets(client):
    response = client.get("/export.csv?q=ingerence&speaker=Mike+Pompeo&page=2&per_page=20")
    body = response.get_data()
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    today = date.today().isoformat()
    disposition = f'attachment; filename="presse-recherche-ingerence-mike-pompeo-{today}.csv"'
    assert response.headers["Content-Disposition"] == disposition
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(HEADER)
    assert lines[-1] == "" and all("\n" not in line for line in lines)  # CRLF rows, nothing else
    assert lines[1:-1] == [
        "a1,Ingérence russe : Washington hausse le ton,2019-05-14,AFP,,,Mike Pompeo,États-Unis ; Russie,Élections,"
        "\"Le secrétaire d'État a dénoncé mardi l'ingérence russe dans les élections américaines. … « Nous ne "
        'tolérerons aucune ingérence », a déclaré Mike Pompeo devant la presse."',
        "a3,Rencontre à Sotchi entre Pompeo et Lavrov,2019-05-14,Reuters,,,Mike Pompeo ; Sergueï Lavrov,"
        "États-Unis ; Russie,Diplomatie ; Élections,Mike Pompeo et Sergueï Lavrov se sont rencontrés à Sotchi pour "
        "évoquer les ingérences électorales et le contrôle des armements.",
    ]


def test_quotation_csv_is_made_for_spreadsheets(client):
    response = client.get("/citations/export.csv?q=ingerence&speaker=Mike+Pompeo&page=2&per_page=20")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = f'attachment; filename="presse-recherche-citations-ingerence-mike-pompeo-{date.today()}.csv"'
    assert response.headers["Content-Disposition"] == disposition
    assert response.get_data().decode("utf-8-sig").split("\r\n") == [
        ",".join(QUOTE_HEADER),
        "a1#1,Nous ne tolérerons aucune ingérence,Mike Pompeo,a1,Ingérence russe : Washington hausse le ton,"
        "2019-05-14,AFP,,http://localhost/article/a1#citation-1,États-Unis ; Russie,Élections",
        "",
    ]
    jsonl = client.get("/citations/export.jsonl?q=ingerence&speaker=Mike+Pompeo")
    assert jsonl.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert jsonl.headers["Content-Disposition"].endswith(f'-citations-ingerence-mike-pompeo-{date.today()}.jsonl"')


DANGEROUS = [
    ('=HYPERLINK("http://x","clic")', '\'=HYPERLINK("http://x","clic")'),
    ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("Paris = capitale", "Paris = capitale"),
    ("'déjà cité'", "'déjà cité'"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "cell"), DANGEROUS)
def test_formula_cells_are_neutralised(value, cell):
    assert export.neutralised(value) == cell


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """An index of articles and quotations whose every field would be a formula, and text with control characters."""
    folder = tmp_path_factory.mktemp("hostile")
    rows = [
        dict(
            id="h1",
            title="=1+1 titre piégé",
            text="-1 point de croissance selon l'Insee, une ingérence dans les chiffres.\x0b Suite\x0c.",
            date="2024-02-03",
            source="+Source",
            author="@auteur",
            url="-http://example.org/a",
            speakers=["=Orateur"],
            countries=["France"],
            topics=["\tThème", "@Autre"],
            quotes=[{"speaker": "=Orateur", "text": "-1 point de croissance"}],
        ),
        dict(id="h2", title="Un titre \x01 ordinaire", text="Une ingérence sans date.", source="AFP"),
        dict(
            id="h3",
            title="Au tableau",
            text="« =SOMME(A1:A9) », a écrit un élève au tableau.",
            date="2024-01-05",
            source="AFP",
            topics=["Éducation"],
            quotes=[{"speaker": None, "text": "=SOMME(A1:A9)"}],
        ),
    ]
    indexing.rebuild([write_rows(rows, folder / "hostile.jsonl")], folder / "index")
    return create_app({"TESTING": True, "INDEX_DIR": str(folder / "index")}).test_client()


def test_every_exported_cell_is_neutralised_and_jsonl_keeps_the_values(hostile_client):
    (row, _) = csv_rows(hostile_client.get("/export.csv?q=ingerence&sort=newest").get_data())
    assert row == {
        "id": "h1",
        "title": "'=1+1 titre piégé",
        "date": "2024-02-03",
        "source": "'+Source",
        "author": "'@auteur",
        "url": "'-http://example.org/a",
        "speakers": "'=Orateur",
        "countries": "France",
        "topics": "'\tThème ; @Autre",
        "snippet": "'-1 point de croissance selon l'Insee, une ingérence dans les chiffres.",
    }
    first = json.loads(
        hostile_client.get("/export.jsonl?q=ingerence&sort=newest").get_data(as_text=True).split("\n")[0]
    )
    assert (first["title"], first["author"], first["topics"]) == ("=1+1 titre piégé", "@auteur", ["\tThème", "@Autre"])


def test_every_exported_quotation_cell_is_neutralised_and_jsonl_keeps_the_values(hostile_client):
    rows = csv_rows(hostile_client.get("/citations/export.csv?sort=oldest").get_data())
    assert rows == [
        {
            "id": "h3#1",
            "text": "'=SOMME(A1:A9)",
            "speaker": "",
            "article": "h3",
            "title": "Au tableau",
            "date": "2024-01-05",
            "source": "AFP",
            "url": "",
            "link": "http://localhost/article/h3#citation-1",
            "countries": "",
            "topics": "Éducation",
        },
        {
            "id": "h1#1",
            "text": "'-1 point de croissance",
            "speaker": "'=Orateur",
            "article": "h1",
            "title": "'=1+1 titre piégé",
            "date": "2024-02-03",
            "source": "'+Source",
            "url": "'-http://example.org/a",
            "link": "http://localhost/article/h1#citation-1",
            "countries": "France",
            "topics": "'\tThème ; @Autre",
        },
    ]
    lines = hostile_client.get("/citations/export.jsonl?sort=oldest").get_data(as_text=True).splitlines()
    assert [(row["text"], row["speaker"], row["url"]) for row in map(json.loads, lines)] == [
        ("=SOMME(A1:A9)", None, None),
        ("-1 point de croissance", "=Orateur", "-http://example.org/a"),
    ]


def test_a_cut_export_says_so_in_its_last_line_and_on_the_page(browse_client, monkeypatch, runner, browse_index):
    monkeypatch.setattr(settings, "EXPORT_LIMIT", 5)
    total, hits = api_hits(browse_client, {"q": "ingerence"})
    notice = f"Export tronqué : les 5 premiers résultats sur {total} ; affinez la recherche pour les autres."

    rows = csv_rows(browse_client.get("/export.csv?q=ingerence").get_data())
    assert [row["id"] for row in rows[:5]] == [hit["id"] for hit in hits[:5]]
    assert rows[5:] == [{**dict.fromkeys(HEADER, ""), "id": f"# {notice}"}]

    lines = browse_client.get("/export.jsonl?q=ingerence").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines[:5]] == [hit["id"] for hit in hits[:5]]
    assert json.loads(lines[5]) == {"truncated": True, "exported": 5, "total": total, "message": notice}
    assert len(lines) == 6

    html = browse_client.get("/?q=ingerence").get_data(as_text=True)
    assert "Télécharger les 5 premiers articles :" in html
    assert f"Le téléchargement est limité à 5 articles sur {total}, dans l'ordre affiché" in html
    few = {"q": "ingerence", "speaker": "Catherine Colonna"}
    assert 0 < api_hits(browse_client, few)[0] <= 5
    assert "limité à" not in browse_client.get(f"/?{query(few)}").get_data(as_text=True)

    result = runner.invoke(
        main, ["search", "ingerence", "--all", "--format", "jsonl", "--index-dir", str(browse_index)]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == lines and result.stderr == notice + "\n"


def test_a_cut_quotation_export_says_so_on_the_page_and_on_the_command_line(
    quotes_client, press_quotes, monkeypatch, runner
):
    monkeypatch.setattr(settings, "EXPORT_LIMIT", 5)
    data = quotes_client.get("/api/citations?q=ingérence").get_json()
    total, first = data["total"], [hit["id"] for hit in data["hits"][:5]]
    notice = f"Export tronqué : les 5 premiers résultats sur {number(total)} ; affinez la recherche pour les autres."

    rows = csv_rows(quotes_client.get("/citations/export.csv?q=ingérence").get_data())
    assert [row["id"] for row in rows[:5]] == first
    assert rows[5:] == [{**dict.fromkeys(QUOTE_HEADER, ""), "id": f"# {notice}"}]

    lines = quotes_client.get("/citations/export.jsonl?q=ingérence").get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines[:5]] == first
    assert json.loads(lines[5]) == {"truncated": True, "exported": 5, "total": total, "message": notice}
    assert len(lines) == 6

    page = quotes_client.get("/citations?q=ingérence").get_data(as_text=True)
    assert "Télécharger les 5 premières citations :" in page
    assert f"Le téléchargement est limité à 5 citations sur {number(total)}, dans l'ordre affiché" in page

    args = ["search", "ingérence", "--citations", "--all", "--format", "jsonl", "--index-dir", str(press_quotes[1])]
    result = runner.invoke(main, args)
    assert result.exit_code == 0 and result.stderr == notice + "\n"
    assert result.stdout.splitlines() == [line.replace("http://localhost/article/", "/article/") for line in lines]


@pytest.fixture(scope="module")
def quotes_catalog(press_quotes):
    catalog = Catalog(generations.current(press_quotes[1]))
    yield catalog
    catalog.close()


@pytest.mark.parametrize(
    ("catalog", "table_of", "index_of"),
    [
        ("browse_catalog", lambda c, r: export.article_table(c, r, 1000), lambda c: c.index),
        ("quotes_catalog", lambda c, r: export.quote_table(c, r, 1000, str), lambda c: c.quotes.index),
    ],
    ids=["articles", "quotations"],
)
def test_rows_are_read_a_batch_at_a_time(request, monkeypatch, catalog, table_of, index_of):
    catalog = request.getfixturevalue(catalog)
    monkeypatch.setattr(export, "BATCH", 10)
    read = []
    with index_of(catalog).reader() as reader:
        reader_class = type(reader)
    original = reader_class.stored_fields
    monkeypatch.setattr(reader_class, "stored_fields", lambda self, n: read.append(n) or original(self, n))
    table = table_of(catalog, SearchRequest(q="ingerence"))
    chunks = export.csv_chunks(table)
    assert read == []  # ranked, nothing read yet
    first = next(chunks)
    assert len(read) == 10 and first.count(b"\r\n") == 11  # the header and one batch
    assert len(b"".join(chunks).split(b"\r\n")) - 1 == table.total - 10 > 10
    assert len(read) == table.total


@pytest.mark.parametrize("state", STATES, ids=query)
def test_ranked_is_every_page_in_order(browse_catalog, state):
    request = SearchRequest.from_params(state)
    pages = [engine.run(browse_catalog, request.with_page(page)) for page in range(1, 9)]
    total, docnums = engine.ranked(browse_catalog, request, 1000)
    assert total == pages[0].total
    assert [browse_catalog.searcher.stored_fields(n)["id"] for n in docnums] == [
        hit.id for page in pages for hit in page.hits
    ]
    assert engine.ranked(browse_catalog, request, 3) == (total, docnums[:3])


@pytest.mark.parametrize(
    ("state", "kind", "name"),
    [
        (SearchRequest(q="Ingérence « russe »"), "", "presse-recherche-ingerence-russe-2026-12-03.csv"),
        (SearchRequest(), "", "presse-recherche-2026-12-03.csv"),
        (SearchRequest(filters=(("country", ("États-Unis",)),)), "", "presse-recherche-etats-unis-2026-12-03.csv"),
        (SearchRequest(q="ingérence"), "citations", "presse-recherche-citations-ingerence-2026-12-03.csv"),
        (SearchRequest(q="a " * 40), "", f"presse-recherche-{'-'.join(['a'] * 30)}-2026-12-03.csv"),
        (SearchRequest(q="中国 ?"), "", "presse-recherche-zhong-guo-2026-12-03.csv"),
        (SearchRequest(q="« » !"), "", "presse-recherche-2026-12-03.csv"),
    ],
)
def test_file_names_say_what_was_searched(state, kind, name):
    assert export.filename(state, "csv", date(2026, 12, 3), kind) == name


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/export.csv?page=abc", 400, "« page » doit être un nombre entier (reçu « abc »)."),
        (
            "/export.jsonl?sort=pertinence",
            400,
            "Tri inconnu « pertinence » : choisissez parmi relevance, newest, oldest.",
        ),
        ("/export.csv?year_from=20000", 400, "« year_from » doit être compris entre 0 et 9999."),
        ("/export.csv?q=" + "x" * 501, 400, "La recherche est trop longue (501 caractères, au plus 500)."),
        ("/feed.atom?per_page=7", 400, "per_page doit valoir 10, 20, 50, 100."),
        ("/feed.atom?speaker=" + "x" * 201, 400, "Trop de valeurs ou valeur trop longue pour le filtre « Orateur »."),
        ("/export.xlsx?q=ingerence", 404, "Cette page ou cet article n&#39;existe pas."),
        ("/citations/export.csv?page=abc", 400, "« page » doit être un nombre entier (reçu « abc »)."),
        ("/citations/export.jsonl?year_to=x", 400, "« year_to » doit être un nombre entier (reçu « x »)."),
        ("/citations/export.xlsx?q=ingerence", 404, "Cette page ou cet article n&#39;existe pas."),
        ("/export.csv?q=%22", 200, None),
        ("/feed.atom?q=)(:*", 200, None),
    ],
)
def test_bad_parameters_give_a_french_400_page(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    if message:
        assert response.headers["Content-Type"].startswith("text/html")
        assert f"<p>{message}</p>" in response.get_data(as_text=True).replace("&#34;", '"')


def test_a_missing_index_is_a_503_not_a_500(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    urls = ("/export.csv", "/export.jsonl", "/citations/export.csv", "/citations/export.jsonl", "/feed.atom")
    assert [client.get(url).status_code for url in urls] == [503] * 5


def parsed_feed(client, state: dict, host: str = "localhost"):
    body = client.get(f"/feed.atom?{query(state)}", base_url=f"http://{host}").get_data()
    return ET.fromstring(body), feedparser.parse(body)


@pytest.mark.parametrize("state", STATES, ids=query)
def test_the_feed_lists_the_newest_matches(browse_client, state):
    root, feed = parsed_feed(browse_client, state)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    _, hits = api_hits(browse_client, {**state, "sort": "newest"})
    newest = [expected_row(hit) for hit in hits[:50]]
    assert [
        (entry.title, entry.link, entry.summary, [tag.term for tag in entry.get("tags", [])], entry.get("published"))
        for entry in feed.entries
    ] == [
        (
            row["title"],
            link(f"/article/{row['id']}", {**state, "sort": "newest"}),
            row["snippet"],
            row["topics"],
            f"{row['date']}T00:00:00Z" if row["date"] else None,
        )
        for row in newest
    ]
    unsorted = {name: value for name, value in state.items() if name != "sort"}
    assert {(each.rel, each.type, each.href) for each in feed.feed.links} == {
        ("self", "application/atom+xml", link("/feed.atom", unsorted)),
        ("alternate", "text/html", link("/", {**state, "sort": "newest"})),
    }
    # what RFC 4287 requires of a feed and of each entry
    assert [child.tag.removeprefix(ATOM) for child in root if child.tag != f"{ATOM}entry"] == [
        "id",
        "title",
        "subtitle",
        "updated",
        "link",
        "link",
        "author",
        "generator",
    ]
    for entry in root.iter(f"{ATOM}entry"):
        assert {"id", "title", "updated", "link", "summary"} <= {child.tag.removeprefix(ATOM) for child in entry}
    assert all(entry.updated == entry.published for entry in feed.entries if entry.get("published"))
    assert feed.feed.updated == max((entry.updated for entry in feed.entries), default=feed.feed.updated)


def test_feed_identifiers_are_stable_whatever_the_host(browse_client):
    _, here = parsed_feed(browse_client, {"q": "ingerence"})
    _, there = parsed_feed(browse_client, {"q": "ingerence", "sort": "oldest", "page": "2"}, host="presse.example")
    assert here.feed.id == there.feed.id and here.feed.id.startswith("urn:uuid:")
    assert [e.id for e in here.entries] == [e.id for e in there.entries]
    assert len({e.id for e in here.entries}) == len(here.entries) > 40
    assert all(e.id.startswith("urn:uuid:") for e in here.entries)
    _, other = parsed_feed(browse_client, {"q": "ingerence", "speaker": "Wang Yi"})
    assert other.feed.id != here.feed.id
    assert other.feed.title == "Presse·recherche : « ingerence » (Orateur : Wang Yi)"


def test_feed_of_hostile_text_is_well_formed_and_undated_articles_take_the_build_time(hostile_client):
    _, feed = parsed_feed(hostile_client, {"q": "ingerence"})
    assert feed.bozo == 0
    assert [(e.title, e.get("author"), e.get("published")) for e in feed.entries] == [
        ("=1+1 titre piégé", "@auteur", "2024-02-03T00:00:00Z"),
        ("Un titre  ordinaire", None, None),
    ]
    assert feed.entries[1].updated > "2026" and feed.feed.updated == feed.entries[1].updated
    _, empty = parsed_feed(hostile_client, {"q": "motintrouvable"})
    assert empty.bozo == 0 and empty.entries == [] and empty.feed.updated == feed.feed.updated


def test_opensearch_description(client):
    response = client.get("/opensearch.xml", base_url="https://presse.example")
    assert response.headers["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    assert {child.tag.removeprefix(OPENSEARCH): child.text for child in root if child.text} == {
        "ShortName": "Presse·recherche",
        "Description": "Rechercher dans les articles de presse",
        "InputEncoding": "UTF-8",
        "Language": "fr-fr",
    }
    assert len("Presse·recherche") <= 16  # OpenSearch's limit for a short name
    assert [(url.get("type"), url.get("template")) for url in root.iter(f"{OPENSEARCH}Url")] == [
        ("text/html", "https://presse.example/?q={searchTerms}"),
        ("application/atom+xml", "https://presse.example/feed.atom?q={searchTerms}"),
        ("application/opensearchdescription+xml", "https://presse.example/opensearch.xml"),
    ]


@pytest.mark.parametrize("url", ["/", "/?q=ingerence", "/article/a1", "/facet/speaker", "/nulle-part", "/?page=0"])
def test_every_page_links_the_opensearch_description(client, url):
    html = client.get(url).get_data(as_text=True)
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="Presse·recherche" '
        'href="/opensearch.xml">' in html
    )


def test_results_page_offers_downloads_and_the_feed_of_its_search(client):
    html = client.get("/?q=ingerence&country=Russie&year_from=2019&sort=oldest&per_page=20&page=1").get_data(
        as_text=True
    )
    state = "q=ingerence&amp;country=Russie&amp;year_from=2019"
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Suivre cette recherche (Atom)" '
        f'href="/feed.atom?{state}">' in html
    )
    assert "Télécharger les 3 articles :" in html
    assert f'href="/export.csv?{state}&amp;sort=oldest" download rel="nofollow" type="text/csv">CSV' in html
    assert (
        f'href="/export.jsonl?{state}&amp;sort=oldest" download rel="nofollow" type="application/x-ndjson">JSONL'
        in html
    )
    assert f'href="/feed.atom?{state}" type="application/atom+xml">Suivre cette recherche (Atom)</a>' in html
    empty = client.get("/?q=motintrouvable").get_data(as_text=True)
    assert "Télécharger" not in empty and "Suivre cette recherche (Atom)</a>" in empty


def test_citations_page_offers_the_downloads_of_its_quotations(client):
    html = client.get("/citations?q=ingerence&year_from=2019&sort=oldest&per_page=20&page=1").get_data(as_text=True)
    state = "q=ingerence&amp;year_from=2019&amp;sort=oldest"
    assert "Télécharger les 2 citations :" in html
    assert f'href="/citations/export.csv?{state}" download rel="nofollow" type="text/csv">CSV' in html
    assert f'href="/citations/export.jsonl?{state}" download rel="nofollow" type="application/x-ndjson">JSONL' in html
    assert 'href="/export.' not in html  # not the articles' files
    assert "Télécharger la citation :" in client.get("/citations?q=tolérerons").get_data(as_text=True)
    assert "Télécharger" not in client.get("/citations?q=motintrouvable").get_data(as_text=True)


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_search_all_prints_the_export_of_the_web(runner, press_index, client, form):
    args = ["search", "ingerence", "--country", "Russie", "--sort", "newest", "--all", "--format", form]
    result = runner.invoke(main, [*args, "--index-dir", str(press_index)])
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout_bytes == client.get(f"/export.{form}?q=ingerence&country=Russie&sort=newest").get_data()


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_search_citations_all_prints_the_export_of_the_web(runner, press_quotes, quotes_client, form):
    args = ["search", "ingérence", "--citations", "--country", "France", "--sort", "newest", "--all", "--format", form]
    result = runner.invoke(main, [*args, "--index-dir", str(press_quotes[1])])
    assert result.exit_code == 0 and result.stderr == ""
    web = quotes_client.get(f"/citations/export.{form}?q=ingérence&country=France&sort=newest").get_data()
    assert web.count(b"http://localhost/article/") > 10  # absolute links on the web, from the root here
    assert result.stdout_bytes == web.replace(b"http://localhost/article/", b"/article/")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--all"], 2, "--all va avec --format csv ou jsonl (et sans --json)"),
        (["--citations", "--all"], 2, "--all va avec --format csv ou jsonl (et sans --json)"),
        (["--citations", "--format", "jsonl"], 2, "--all va avec --format csv ou jsonl (et sans --json)"),
        (
            ["--citations", "--all", "--format", "csv", "--json"],
            2,
            "--all va avec --format csv ou jsonl (et sans --json)",
        ),
        (["--citations", "--all", "--format", "xls"], 2, "'xls' is not one of 'csv', 'jsonl'"),
        (["--format", "csv"], 2, "--all va avec --format csv ou jsonl (et sans --json)"),
        (["--all", "--format", "csv", "--json"], 2, "--all va avec --format csv ou jsonl (et sans --json)"),
        (["--all", "--format", "xlsx"], 2, "'xlsx' is not one of 'csv', 'jsonl'"),
        (["--all", "--format", "csv", "--year-from", "x"], 1, "« year_from » doit être un nombre entier (reçu « x »)."),
    ],
)
def test_search_all_refuses_bad_options(runner, press_index, args, code, message):
    result = runner.invoke(main, ["search", "ingerence", *args, "--index-dir", str(press_index)])
    assert result.exit_code == code and message in result.output and result.stdout_bytes.count(b"\r\n") == 0
