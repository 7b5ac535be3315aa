"""The views through Flask's test client: HTML pages, JSON API, errors, headers."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.web.app import create_app


def test_api_search_shape(client):
    data = client.get("/api/search?q=ingerence&speaker=Mike+Pompeo").get_json()
    assert set(data) == {
        "query",
        "total",
        "page",
        "per_page",
        "pages",
        "sort",
        "ranges",
        "hits",
        "facets",
        "suggestion",
    }
    assert (data["query"], data["total"], data["page"], data["sort"]) == ("ingerence", 2, 1, "relevance")
    assert data["suggestion"] is None
    assert set(data["hits"][0]) == {
        "id",
        "title",
        "date",
        "year",
        "source",
        "speakers",
        "countries",
        "topics",
        "snippet",
        "url",
        "quote",
    }
    assert set(data["facets"]) == {"speaker", "country", "year", "topic"}
    assert {"value": "Mike Pompeo", "label": "Mike Pompeo", "count": 2, "selected": True} in data["facets"]["speaker"]
    assert all(hit["url"] == f"/article/{hit['id']}" for hit in data["hits"])


def test_search_page_shows_hits_marks_facets_and_chips(client):
    html = client.get("/?q=ingerence&country=Chine").get_data(as_text=True)
    assert "1 résultat pour « ingerence »" in html
    assert "Pékin accuse Washington d&#39;<mark>ingérence</mark> à Hong Kong" in html
    for label in ("Orateur", "Pays", "Année", "Thème"):
        assert f">{label}</h3>" in html
    assert 'aria-label="Retirer le filtre Pays : Chine"' in html
    assert "Tout effacer" in html
    assert '<time datetime="2019-11-28">28 novembre 2019</time>' in html


def test_facet_links_toggle_values_and_keep_the_query(client):
    html = client.get("/?q=ingerence").get_data(as_text=True)
    assert 'href="/?q=ingerence&amp;speaker=Wang+Yi"' in html
    html = client.get("/?q=ingerence&speaker=Wang+Yi&page=1").get_data(as_text=True)
    assert 'href="/?q=ingerence"' in html  # removing the only filter


def test_empty_query_browses_newest_first(client):
    html = client.get("/").get_data(as_text=True)
    assert "8 articles" in html
    titles = re.findall(r'<h2><a href="/article/(\w+)', html)
    assert titles[:2] == ["a8", "a5"]


def test_article_page_highlights_and_links_back(client):
    html = client.get("/article/a6?q=ingerence&country=Chine").get_data(as_text=True)
    assert "<h1>Pékin accuse Washington d&#39;<mark>ingérence</mark> à Hong Kong</h1>" in html
    assert "C&#39;est une <mark>ingérence</mark> flagrante" in html
    assert 'href="/?q=ingerence&amp;country=Chine">← Retour aux résultats' in html
    assert 'href="/?q=ingerence&amp;speaker=Wang+Yi">Wang Yi</a>' in html
    assert 'href="/?q=ingerence&amp;year=2019">2019</a>' in html
    assert '<h2 id="similar-heading">Articles similaires</h2>' in html
    assert 'href="/article/a8?q=ingerence&amp;country=Chine">Les relations franco-américaines à l&#39;épreuve' in html


@pytest.mark.parametrize(
    "path, status",
    [
        ("/article/nope", 404),
        ("/article/..%2F..%2Fetc%2Fpasswd", 404),
        ("/nowhere", 404),
        ("/?page=0", 400),
        ("/?per_page=1000", 400),
        ("/?sort=random", 400),
    ],
)
def test_errors_are_pages_not_tracebacks(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "Traceback" not in html and "Revenir à la recherche" in html


def test_api_errors_are_json(client):
    response = client.get("/api/search?page=abc")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "Requête invalide",
        "status": 400,
        "message": "« page » doit être un nombre entier (reçu « abc »).",
    }


def test_missing_index_is_a_503_with_advice(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/search?q=x")
    assert response.status_code == 503
    assert "searchapp index rebuild" in response.get_json()["message"]


def test_queries_are_escaped(client):
    html = client.get("/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_api_year_range_and_undated_bucket(client):
    data = client.get("/api/search?year=none&year=2021&year_from=2019&year_to=2021&sort=oldest").get_json()
    assert [hit["id"] for hit in data["hits"]] == ["a8", "a7"]  # 2021, then undated last
    assert (data["total"], data["sort"], data["ranges"]) == (2, "oldest", {"year": {"from": 2019, "to": 2021}})
    assert data["facets"]["year"] == [
        {"value": "2021", "label": "2021", "count": 1, "selected": True},
        {"value": "2020", "label": "2020", "count": 1, "selected": False},
        {"value": "2019", "label": "2019", "count": 4, "selected": False},
        {"value": "none", "label": "Date inconnue", "count": 1, "selected": True},
    ]
    assert client.get("/api/search?year_to=2018").get_json()["ranges"] == {"year": {"from": None, "to": 2018}}


@pytest.mark.parametrize(
    "query, message",
    [
        ("year_from=abc", "« year_from » doit être un nombre entier (reçu « abc »)."),
        ("year_to=1e5", "« year_to » doit être un nombre entier (reçu « 1e5 »)."),
        ("year_from=10000", "« year_from » doit être compris entre 0 et 9999."),
    ],
)
def test_bad_year_range_is_a_400_page_and_json(client, query, message):
    response = client.get("/api/search?" + query)
    assert (response.status_code, response.get_json()["message"]) == (400, message)
    response = client.get("/?" + query)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message.replace("«", "&laquo;") in html.replace("«", "&laquo;")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(low=st.text(max_size=12) | st.integers().map(str), high=st.text(max_size=12) | st.just("9" * 5000))
def test_any_year_range_text_is_answered_or_refused_never_a_crash(client, low, high):
    response = client.get("/api/search", query_string={"year_from": low, "year_to": high})
    assert response.status_code in (200, 400)


def test_search_page_range_form_histogram_and_chips(client):
    html = client.get("/?topic=Europe&year_from=2019&year_to=2020&sort=newest").get_data(as_text=True)
    assert "1 article" in html
    # The range form keeps every other parameter and shows the range and the corpus' years.
    form = html[html.index('<form class="range"') : html.index("</form>", html.index('<form class="range"'))]
    assert re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form) == [("topic", "Europe"), ("sort", "newest")]
    assert re.search(r'id="year_from" name="year_from"[^>]*value="2019"[^>]*placeholder="2018"', form)
    assert re.search(r'id="year_to" name="year_to"[^>]*value="2020"[^>]*placeholder="2021"', form)
    # Histogram rows: year, a bar, the count; undated articles in their bucket.
    assert re.findall(
        r'<span class="name">([^<]+)</span>\s*<span class="bar" aria-hidden="true">'
        r'<span class="fill w-(\d+)"></span></span>\s*<span class="count">(\d+)</span>',
        html,
    ) == [("2020", "100", "1"), ("Date inconnue", "100", "1")]  # Europe: a5 (2020), a7 (undated)
    assert 'href="/?year=none&amp;topic=Europe&amp;year_from=2019&amp;year_to=2020&amp;sort=newest"' in html
    assert 'aria-label="Retirer le filtre Année : de 2019 à 2020"' in html
    assert 'href="/?sort=newest">Tout effacer' in html


def test_every_link_and_form_keeps_the_state_and_changes_return_to_page_1(browse_client):
    state = "year_from=2016&year_to=2021&sort=oldest&per_page=20"
    html = browse_client.get(f"/?{state}&page=2").get_data(as_text=True)
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"]*)"', html)]
    assert f"/?{state}" in links and f"/?{state}&page=3" in links  # previous (page 1) and next
    toggles = [link for link in links if link.startswith("/?") and "&page=" not in link]
    assert all("sort=oldest&per_page=20" in link for link in toggles)  # values, chips, "Tout effacer": page 1
    assert sum("year_from=2016&year_to=2021" in link for link in toggles) > 20
    forms = {
        name: re.findall(r'type="hidden" name="(\w+)"', form)
        for name, form in re.findall(r'<form class="([\w-]+)"(.*?)</form>', html, re.S)
    }
    assert forms == {  # forms that change the search go back to page 1; the facet filter keeps the page
        "searchbox": ["year_from", "year_to", "sort", "per_page"],
        "sort": ["year_from", "year_to"],
        "range": ["sort", "per_page"],
        "facet-filter": ["year_from", "year_to", "sort", "per_page", "page"],
    }


def test_selected_values_stay_visible_beyond_the_top_ten(browse_client):
    html = browse_client.get("/?speaker=Josep+Borrell").get_data(as_text=True)
    speakers = html[html.index('id="values-speaker"') : html.index("</ul>", html.index('id="values-speaker"'))]
    assert speakers.count("<li>") == 11 and 'aria-current="true"' in speakers and "Josep Borrell" in speakers
    assert re.search(r'href="/facet/speaker\?speaker=Josep\+Borrell" data-expand="values-speaker"', html)
    assert 'Plus… <span class="count">(5)</span>' in html
    assert 'action="/facet/speaker"' in html and 'name="contains"' in html


def test_facet_page_lists_every_value_filtered_without_accents(browse_client):
    html = browse_client.get("/facet/speaker?q=ingerence&contains=SERGUE&page=3").get_data(as_text=True)
    assert "1 orateur contenant « SERGUE »." in html and "<h1>Orateurs — « ingerence »</h1>" in html
    values = re.findall(
        r'<a class="facet-value" href="([^"]+)">\s*<span class="box" aria-hidden="true"></span>\s*'
        r'<span class="name">([^<]+)</span>',
        html,
    )
    assert values == [("/?q=ingerence&amp;speaker=Sergue%C3%AF+Lavrov", "Sergueï Lavrov")]
    assert 'href="/?q=ingerence&amp;page=3">← Retour aux résultats' in html
    assert 'value="SERGUE"' in html
    all_values = browse_client.get("/facet/speaker").get_data(as_text=True)
    assert all_values.count('<a class="facet-value') == 16


def test_api_facet_and_unknown_facets(browse_client):
    data = browse_client.get("/api/facet/speaker?contains=jean-yves").get_json()
    assert [(v["value"], v["selected"]) for v in data["values"]] == [("Jean-Yves Le Drian", False)]
    assert (data["facet"], data["contains"], data["total"]) == ("speaker", "jean-yves", 1)
    assert browse_client.get("/facet/nope").status_code == 404
    assert browse_client.get("/api/facet/nope").status_code == 404
    assert browse_client.get("/api/facet/speaker?contains=" + "x" * 101).status_code == 400


def test_undated_article_links_to_undated_articles(client):
    assert 'href="/?year=none">Date inconnue</a>' in client.get("/article/a7").get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/?q=ingerence&speaker=Wang+Yi&year_from=2019",
        "/facet/speaker?contains=a",
        "/article/a1?q=ingerence",
        "/nowhere",
    ],
)
def test_pages_need_no_inline_script_or_style(browse_client, client, path):
    html = client.get(path).get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert re.findall(r"\s(?:style|on[a-z]+)=", html) == []
    assert '<script src="/static/search.js" defer></script>' in html


def test_static_script_is_served(client):
    response = client.get("/static/search.js")
    assert response.status_code == 200 and "data-autosubmit" in response.get_data(as_text=True)


def test_misspelled_query_offers_the_accented_correction(client):
    html = client.get("/?q=ingerance").get_data(as_text=True)
    assert 'Vouliez-vous dire : <a href="/?q=ing%C3%A9rence">ingérence</a> ?' in html
    assert "<mark>ingérence</mark>" in html
    data = client.get("/api/search?q=ingerance&country=Chine").get_json()
    assert data["suggestion"] == {"q": "ingérence", "url": "/?q=ing%C3%A9rence&country=Chine"}
    assert [hit["id"] for hit in data["hits"]] == ["a6"]
