"""The views through Flask's test client: HTML pages, JSON API, errors, headers."""

import re

import pytest

from searchapp.app import create_app


def test_api_search_shape(client):
    data = client.get("/api/search?q=ingerence&speaker=Mike+Pompeo").get_json()
    assert set(data) == {"query", "total", "page", "per_page", "pages", "sort", "ranges", "hits", "facets"}
    assert (data["query"], data["total"], data["page"], data["sort"]) == ("ingerence", 2, 1, "relevance")
    assert set(data["hits"][0]) == {"id", "title", "date", "year", "source", "speakers", "countries",
                                    "topics", "snippet", "url"}
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


@pytest.mark.parametrize("path, status", [
    ("/article/nope", 404), ("/article/..%2F..%2Fetc%2Fpasswd", 404), ("/nowhere", 404),
    ("/?page=0", 400), ("/?per_page=1000", 400), ("/?sort=random", 400),
])
def test_errors_are_pages_not_tracebacks(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert "Traceback" not in html and "Revenir à la recherche" in html


def test_api_errors_are_json(client):
    response = client.get("/api/search?page=abc")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Requête invalide", "status": 400,
                                   "message": "« page » doit être un nombre entier (reçu « abc »)."}


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
