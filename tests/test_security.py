"""Nothing injected: hostile text in queries, articles, facet values, ids and URLs stays inert;
every response carries the security headers; no debugger, no traceback."""

import json
from html.parser import HTMLParser

import pytest

from searchapp import indexing
from searchapp.cli import main
from searchapp.search import engine
from searchapp.web.app import SECURITY_HEADERS, create_app

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>"
ESCAPED = (
    "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&#39;&gt;&lt;svg onload=alert(3)&gt;"
)
TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "span",
    "form",
    "label",
    "input",
    "button",
    "main",
    "div",
    "aside",
    "h1",
    "h2",
    "h3",
    "section",
    "ul",
    "li",
    "p",
    "select",
    "option",
    "ol",
    "mark",
    "time",
    "nav",
    "article",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "fieldset",
    "legend",
}
SCRIPTS = {"/static/search.js"}  # the only scripts a page may load, from the templates


class Elements(HTMLParser):
    """Every element and attribute of a page, and the text of its scripts, as a browser's tokenizer sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, list]] = []
        self.script_text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_data(self, data):
        if self.lasttag == "script" and self.cdata_elem:
            self.script_text += data


def assert_inert(html: str) -> None:
    page = Elements(html)
    assert page.script_text.strip() == ""  # no inline script
    for tag, attrs in page.found:
        if tag == "script":
            assert dict(attrs).get("src") in SCRIPTS, attrs
        else:
            assert tag in TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:text")), (tag, name, value)


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    rows = [
        dict(
            id="x<script>1",
            title=f"Titre {PAYLOAD} ingérence",
            source=PAYLOAD,
            author=PAYLOAD,
            text=f"Texte {PAYLOAD} sur l'ingérence.\n\n<b>ingérence</b> &amp; <mark>ingérence</mark>",
            speakers=[PAYLOAD],
            countries=[f"Pays{PAYLOAD}"],
            topics=["</textarea>" + PAYLOAD],
            url="javascript:alert(6)",
            date="2020-01-01",
        ),
        dict(
            id="x2",
            title="Lien piégé",
            text="Un article sur l'ingérence avec un lien.",
            url=f"https://example.org/{PAYLOAD}",
        ),
    ]
    (root / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    indexing.rebuild([root / "hostile.jsonl"], root / "index")
    return create_app({"TESTING": True, "INDEX_DIR": str(root / "index")}).test_client()


@pytest.mark.parametrize(
    "url",
    [
        f"/?q={PAYLOAD}",
        "/?q=ingérence",
        "/?q=script+alert+onerror+svg",
        f"/?speaker={PAYLOAD}&country=Pays{PAYLOAD}",
        f"/?topic=</textarea>{PAYLOAD}&q=ingérence&sort=oldest",
        "/article/x-script-1?q=ingérence+script",
        f"/article/x-script-1?q={PAYLOAD}&speaker={PAYLOAD}",
        "/article/x2",
        f"/article/{PAYLOAD}",
        f"/nowhere/{PAYLOAD}",
        f"/?page={PAYLOAD}",
        f"/?sort={PAYLOAD}",
        "/facet/speaker",
        f"/facet/topic?contains={PAYLOAD}",
        f"/facet/country?contains=pays&speaker={PAYLOAD}",
        f"/facet/{PAYLOAD}",
        f"/?year_from={PAYLOAD}",
    ],
)
def test_hostile_text_is_escaped_everywhere_in_html(hostile_client, url):
    response = hostile_client.get(url)
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert_inert(html)
    assert html.count("<script") == len(SCRIPTS) and "<img" not in html and "<svg" not in html


def test_the_escaped_payload_is_shown_as_text(hostile_client):
    results = hostile_client.get("/?q=ingérence").get_data(as_text=True)
    assert f"Titre {ESCAPED} <mark>ingérence</mark>" in results  # title, highlighted
    assert f'<span class="name">{ESCAPED}</span>' in results  # facet value
    facet_page = hostile_client.get("/facet/speaker").get_data(as_text=True)
    assert f'<span class="name">{ESCAPED}</span>' in facet_page
    assert "&lt;b&gt;<mark>ingérence</mark>&lt;/b&gt; &amp;amp; &lt;mark&gt;<mark>ingérence</mark>" in results
    query = hostile_client.get(f"/?q={PAYLOAD}").get_data(as_text=True)
    assert f"« {ESCAPED} »" in query and f'value="{ESCAPED}"' in query
    article = hostile_client.get("/article/x-script-1?q=ingérence").get_data(as_text=True)
    assert f"<dd>{ESCAPED}</dd>" in article  # source, author
    assert f">{ESCAPED}</a>" in article  # speaker link
    assert "javascript:" not in article  # a javascript: URL is not linked at all
    linked = hostile_client.get("/article/x2").get_data(as_text=True)
    assert f'href="https://example.org/{ESCAPED}"' in linked


def test_json_answers_are_json(hostile_client):
    for url in [
        "/api/search?q=ingérence",
        f"/api/search?q={PAYLOAD}",
        f"/api/search?page={PAYLOAD}",
        "/api/x",
        "/api/facet/speaker",
        f"/api/facet/topic?contains={PAYLOAD}",
        f"/api/facet/{PAYLOAD}",
    ]:
        response = hostile_client.get(url)
        assert response.mimetype == "application/json"
        assert isinstance(response.get_json(), dict)
    hit = hostile_client.get("/api/search?q=ingérence&sort=newest").get_json()["hits"][0]
    assert hit["title"] == f"Titre {PAYLOAD} ingérence"  # data, not markup
    assert hit["speakers"] == [PAYLOAD]
    assert hit["snippet"].startswith(f"Texte {ESCAPED} sur l&#39;<mark>ingérence</mark>.")


def test_article_urls_reach_only_indexed_articles(hostile_client, tmp_path):
    for url in [
        "/article/x<script>1",
        "/article/..%2F..%2Fetc%2Fpasswd",
        "/article/%2Fetc%2Fpasswd",
        "/article/hostile.jsonl",
        "/article/x2%00",
        "/article/" + "a" * 5000,
        "/article/",
        "/article/x2/",
    ]:
        assert hostile_client.get(url).status_code == 404, url
    article = hostile_client.get("/article/x2").get_data(as_text=True)
    assert "hostile.jsonl" not in article  # the source file's path is never shown


@pytest.fixture()
def production_client(press_index, monkeypatch):
    """The app as gunicorn runs it: no TESTING, no debug; `boom` makes searches fail."""
    monkeypatch.setenv("SEARCHAPP_INDEX_DIR", str(press_index))
    app = create_app()
    assert not app.debug and not app.testing
    return app.test_client()


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("GET", "/", 200),
        ("GET", "/api/search?q=x", 200),
        ("GET", "/article/a1", 200),
        ("GET", "/static/style.css", 200),
        ("GET", "/static/nope.css", 404),
        ("GET", "/nowhere", 404),
        ("GET", "/?page=0", 400),
        ("GET", "/api/search?page=0", 400),
        ("POST", "/", 405),
        ("HEAD", "/", 200),
        ("GET", "/static/../app.py", 404),
        ("POST", "/api/search", 405),
    ],
)
def test_every_response_carries_the_security_headers(production_client, method, url, status):
    response = production_client.open(url, method=method)
    assert response.status_code == status
    for header, value in SECURITY_HEADERS.items():
        assert response.headers[header] == value
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp


def test_an_unexpected_error_is_a_french_500_without_traceback(production_client, monkeypatch):
    def boom(*args):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(engine, "run", boom)
    page = production_client.get("/?q=x")
    assert page.status_code == 500
    html = page.get_data(as_text=True)
    assert "Erreur interne" in html and "Revenir à la recherche" in html
    assert "Traceback" not in html and "secret internal detail" not in html
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    api = production_client.get("/api/search?q=x")
    assert (api.status_code, api.get_json()["error"]) == (500, "Erreur interne")


def test_serve_never_starts_the_debugger(runner, press_index, monkeypatch):
    calls = []
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr("flask.Flask.run", lambda self, **kwargs: calls.append(kwargs))
    runner.invoke(main, ["serve", "--index-dir", str(press_index)])
    assert calls and calls[0]["debug"] is False
