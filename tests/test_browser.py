"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a live server.

The scenario: type `ingerence`, tick two speakers, set a year range, sort by
date, open an article, come back with the browser and with the back link;
with JavaScript and without. Expected counts come from `livesite.Oracle`.
Without Chromium these tests skip, except under CI (`CI=true`) where they fail.
"""

from __future__ import annotations

import csv
import os
import re
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from livesite import CHROMIUM, CHROMIUM_ARGS, Oracle, browse_rows, serve

from searchapp.display import number
from searchapp.facets import BY_KEY
from searchapp.search.request import SearchRequest
from searchapp.web.app import create_app

pytestmark = pytest.mark.slow

ORACLE = Oracle(browse_rows())
TWO_SPEAKERS = ("Sergueï Lavrov", "Mike Pompeo")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _require_chromium() -> None:
    reason = None if CHROMIUM.exists() else f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[test]')"
    if reason and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"browser tests must run under CI: {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(browse_index):
    with serve(create_app({"INDEX_DIR": str(browse_index)})) as url:
        yield url


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(request, browser, base_url):
    """A desktop page, with JavaScript and without; fails the test on any script or CSP error."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, java_script_enabled=request.param)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []


def params(tab) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(tab.url).query)


def state(tab) -> SearchRequest:
    return SearchRequest.from_params({name: [v for n, v in params(tab) if n == name] for name, _ in params(tab)})


def navigate(tab, action) -> None:
    with tab.expect_navigation():
        action()


def listed(tab, key: str) -> dict[str, tuple[int, bool]]:
    """{label: (count, selected)} of a facet as shown in the sidebar, in order."""
    rows = tab.locator(f"#values-{key} .facet-value").evaluate_all(
        "links => links.map(a => [a.querySelector('.name').textContent, a.querySelector('.count').textContent,"
        " a.getAttribute('aria-current') === 'true'])"
    )
    return {name: (int(count.replace("\u202f", "")), selected) for name, count, selected in rows}


def expected_listing(request: SearchRequest, key: str) -> dict[str, tuple[int, bool]]:
    facet = BY_KEY[key]
    return {facet.label_of(value): counted for value, counted in ORACLE.counts(request, facet).items()}


def check_results(tab, chips: list[str]) -> int:
    """Check the heading, the chips and every facet against the oracle; return the total."""
    request = state(tab)
    total = len(ORACLE.hits(request))
    assert tab.locator("#results-heading").inner_text() == f"{total} résultats pour « ingerence »"
    assert [" ".join(t.split()) for t in tab.locator(".chip:not(.clear)").all_inner_texts()] == [
        f"{chip} ×" for chip in chips
    ]
    for key in BY_KEY:
        shown = listed(tab, key)
        assert shown.items() <= expected_listing(request, key).items(), key
    return total


def hit_dates(tab) -> list[str]:
    return tab.locator(".hit .meta").evaluate_all(
        "metas => metas.map(m => (m.querySelector('time') || {}).dateTime || '')"
    )


def test_search_scenario(page):
    page.goto("/")
    page.fill("#q", "ingerence")
    navigate(page, lambda: page.press("#q", "Enter"))
    assert params(page) == [("q", "ingerence")]
    check_results(page, [])
    assert len(listed(page, "speaker")) == 10
    assert page.locator(".more a").inner_text() == "Plus… (6)"

    # Tick two speakers: each stays listed with the count it would add (disjunctive), the others too.
    for n, speaker in enumerate(TWO_SPEAKERS, 1):
        navigate(page, lambda speaker=speaker: page.locator("#values-speaker a", has_text=speaker).click())
        assert params(page) == [("q", "ingerence"), *(("speaker", s) for s in TWO_SPEAKERS[:n])]
        check_results(page, [f"Orateur : {s}" for s in TWO_SPEAKERS[:n]])
        assert len(listed(page, "speaker")) == 10
    assert {name for name, (_, selected) in listed(page, "speaker").items() if selected} == set(TWO_SPEAKERS)

    # A year range: the histogram keeps the years of the range and the undated bucket.
    page.fill("#year_from", "2017")
    page.fill("#year_to", "2020")
    navigate(page, lambda: page.press("#year_to", "Enter"))
    assert params(page)[-2:] == [("year_from", "2017"), ("year_to", "2020")]
    total = check_results(page, [*(f"Orateur : {s}" for s in TWO_SPEAKERS), "Année : de 2017 à 2020"])
    assert set(listed(page, "year")) <= {"2020", "2019", "2018", "2017", "Date inconnue"}
    assert page.input_value("#year_from") == "2017"

    # Sort by date, newest first: with JavaScript on change, without it with "Appliquer".
    if page.locator(".sort .apply").is_visible():
        page.select_option("#sort", "newest")
        navigate(page, lambda: page.click(".sort .apply"))
    else:
        navigate(page, lambda: page.select_option("#sort", "newest"))
    assert ("sort", "newest") in params(page)
    assert check_results(page, [*(f"Orateur : {s}" for s in TWO_SPEAKERS), "Année : de 2017 à 2020"]) == total
    dates = hit_dates(page)
    assert len(dates) == min(10, total) and dates == sorted(dates, reverse=True)
    assert all("2017" <= date[:4] <= "2020" for date in dates)
    results, results_url = state(page), page.url
    first_title = page.locator(".hit h2").first.inner_text()

    # Open the first article: the query's words are marked, metadata start searches, similar articles.
    navigate(page, lambda: page.locator(".hit h2 a").first.click())
    assert page.locator("h1").inner_text() == first_title
    assert page.locator(".article mark").count() >= 1
    assert (
        page.locator(".article-meta a", has_text=TWO_SPEAKERS[0]).count()
        + page.locator(".article-meta a", has_text=TWO_SPEAKERS[1]).count()
        >= 1
    )
    assert page.locator(".similar li").count() == 5

    # Back with the browser, then with the back link: the same results, in the same order.
    navigate(page, page.go_back)
    assert page.url == results_url and page.locator(".hit h2").first.inner_text() == first_title
    assert hit_dates(page) == dates
    navigate(page, lambda: page.locator(".hit h2 a").first.click())
    navigate(page, lambda: page.click("text=← Retour aux résultats"))
    assert state(page) == results and hit_dates(page) == dates

    # Pagination keeps everything; "Tout effacer" keeps the query only.
    if total > 10:
        navigate(page, lambda: page.click(".pagination a[rel=next]"))
        assert state(page) == results.with_page(2)
        navigate(page, page.go_back)
    navigate(page, lambda: page.click("text=Tout effacer"))
    assert params(page) == [("q", "ingerence"), ("sort", "newest")]


def test_long_facet_more_and_filter(page):
    from playwright.sync_api import expect

    page.goto("/?q=ingerence")
    speakers = page.locator("#values-speaker .facet-value")
    if page.evaluate("document.documentElement.classList.contains('js')"):
        # "Plus…" in place, then back; the URL does not change.
        page.click(".more a")
        expect(speakers).to_have_count(16)
        expect(page.locator(".more a")).to_have_text("Moins")
        page.click(".more a")
        expect(speakers).to_have_count(10)
        assert page.url.endswith("/?q=ingerence")
        # Filtering as you type, without accents.
        page.locator("#filter-speaker").press_sequentially("sergue")
        expect(speakers).to_have_count(1)
        assert list(listed(page, "speaker")) == ["Sergueï Lavrov"]
        expect(page.locator("#status-speaker")).to_have_text("1 orateur contenant « sergue ».")
        page.fill("#filter-speaker", "")
        expect(speakers).to_have_count(10)
        navigate(page, lambda: page.locator("#values-speaker a", has_text="Sergueï Lavrov").click())
    else:
        # "Plus…" opens the facet's page; its filter box is a GET form.
        navigate(page, lambda: page.click(".more a"))
        assert urlsplit(page.url).path == "/facet/speaker"
        assert page.locator(".facet-value").count() == 16
        page.fill("#filter-speaker", "sergue")
        navigate(page, lambda: page.click(".facet-filter button"))
        assert params(page) == [("q", "ingerence"), ("contains", "sergue")]
        assert [t.strip() for t in page.locator(".facet-value .name").all_inner_texts()] == ["Sergueï Lavrov"]
        navigate(page, lambda: page.click(".facet-value"))
    assert params(page) == [("q", "ingerence"), ("speaker", "Sergueï Lavrov")]


def test_keyboard_reaches_and_toggles_facets(page):
    page.goto("/?q=ingerence")
    page.focus("#q")
    order = []
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    no_js = page.locator(".sort .apply").is_visible()  # with JavaScript, forms apply without buttons
    first_value = page.locator("#values-speaker a").first.evaluate("a => a.textContent.trim()")
    switch = page.locator(".switch a").all_inner_texts()  # « Voir les N citations → », when some match
    expected = [
        "Rechercher",
        *switch,
        "sort",
        "per_page",
        *["Appliquer"] * no_js,
        "filter-speaker",
        *["Filtrer"] * no_js,
        first_value,
    ]
    assert order[: len(expected)] == expected
    page.focus("#values-speaker a >> nth=0")
    navigate(page, lambda: page.keyboard.press("Enter"))
    assert [name for name, _ in params(page)] == ["q", "speaker"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_are_a_disclosure_on_phones_only(browser, base_url, javascript):
    for viewport, disclosed in ((PHONE, True), (DESKTOP, False)):
        context = browser.new_context(viewport=viewport, base_url=base_url, java_script_enabled=javascript)
        tab = context.new_page()
        tab.goto("/?q=ingerence&speaker=Wang+Yi")
        summary = tab.locator("details.filters > summary")
        facets = tab.locator("#values-speaker")
        if disclosed:
            assert summary.is_visible() and not facets.is_visible()
            assert re.fullmatch(r"Filtres\s*1", summary.inner_text())
            # The disclosure comes before the results.
            assert tab.evaluate(
                "document.querySelector('.filters').compareDocumentPosition("
                "document.querySelector('.hits')) & Node.DOCUMENT_POSITION_FOLLOWING"
            )
            summary.click()
            assert facets.is_visible()
            assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        else:
            assert not summary.is_visible() and facets.is_visible()
        context.close()


def test_download_control_saves_the_rows_of_the_page(page):
    page.goto("/?q=ingerence&speaker=Sergue%C3%AF+Lavrov&speaker=Mike+Pompeo&year_from=2016&sort=newest&per_page=20")
    request = state(page)
    heading = page.locator("#results-heading").inner_text()
    total = len(ORACLE.hits(request))
    assert heading == f"{total} résultats pour « ingerence »"
    assert page.locator(".takeaway-label").inner_text() == f"Télécharger les {total} articles :"
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV (tableur)").click()
    download = info.value
    today = date.today().isoformat()
    assert download.suggested_filename == f"presse-recherche-ingerence-serguei-lavrov-mike-pompeo-{today}.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as saved:
        rows = list(csv.DictReader(saved))
    assert len(rows) == total > 20  # every row, not one page
    shown = page.locator(".hit").evaluate_all(
        "hits => hits.map(h => [h.querySelector('h2').textContent.trim(), h.querySelector('.snippet').textContent])"
    )
    assert [[row["title"], row["snippet"]] for row in rows[:20]] == shown
    assert {row["id"] for row in rows} == ORACLE.hits(request)
    feed = page.get_by_role("link", name="Suivre cette recherche (Atom)").get_attribute("href")
    assert page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href") == feed
    assert feed == "/feed.atom?q=ingerence&speaker=Sergue%C3%AF+Lavrov&speaker=Mike+Pompeo&year_from=2016"


@pytest.fixture(scope="module")
def press_url(tmp_path_factory):
    """A live server over the generated press corpus of `bench citations` (some 1,800 quotations)."""
    from searchapp import indexing
    from searchapp.bench import presscorpus

    folder = tmp_path_factory.mktemp("press")
    presscorpus.write(folder / "press.jsonl", 200)
    indexing.rebuild([folder / "press.jsonl"], folder / "index")
    with serve(create_app({"INDEX_DIR": str(folder / "index")})) as url:
        yield url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_from_results_to_a_quotation_in_its_article(browser, press_url, javascript, viewport):
    """Search → « N citations » → a quotation → its article, scrolled to the quotation, marked."""
    context = browser.new_context(viewport=viewport, base_url=press_url, java_script_enabled=javascript)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto("/?q=ingerence")
    switch = tab.locator(".switch a")
    count = int(re.sub(r"\D", "", switch.inner_text()))
    navigate(tab, lambda: switch.click())
    assert urlsplit(tab.url).path == "/citations" and params(tab) == [("q", "ingerence")]
    heading = " ".join(tab.locator("h1").inner_text().split())
    assert heading == f"{count:,} citations pour « ingerence »".replace(",", "\u202f")
    hit = tab.locator(".quote-hit").nth(6)
    words, speaker = hit.locator("blockquote").inner_text(), hit.locator(".speaker").inner_text()
    assert hit.locator("mark").first.inner_text().lower() == "ingérence"
    navigate(tab, lambda: hit.locator("a.in-article").click())
    anchor = urlsplit(tab.url).fragment
    assert urlsplit(tab.url).path.startswith("/article/") and anchor.startswith("citation-")
    quote = tab.locator(f"#{anchor}")
    assert f"« {quote.inner_text()} »" == words
    assert quote.evaluate("e => e.matches(':target')")
    assert quote.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 229, 138)"  # --mark
    box, height = quote.bounding_box(), viewport["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height  # scrolled into view
    label = tab.locator(f"#{anchor} + .quote-speaker")
    assert label.inner_text() == f"{speaker} · toutes ses citations"
    navigate(tab, lambda: label.locator("a").click())
    assert urlsplit(tab.url).path == "/citations" and params(tab) == [("speaker", speaker)]
    assert tab.locator(".quote-hit .speaker").all_inner_texts() == [speaker] * len(tab.locator(".quote-hit").all())
    context.close()
    assert errors == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_download_control_saves_the_quotations_of_the_page(browser, press_url, javascript):
    """The citations page's « Télécharger » gives every quotation, in the page's order, each with
    a link to its article scrolled to it."""
    context = browser.new_context(viewport=DESKTOP, base_url=press_url, java_script_enabled=javascript)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto("/citations?q=ingerence&sort=newest&per_page=20")
    total = int(re.sub(r"\D", "", tab.locator("#results-heading").inner_text()))
    assert tab.locator(".takeaway-label").inner_text() == f"Télécharger les {number(total)} citations :"
    with tab.expect_download() as info:
        tab.get_by_role("link", name="CSV (tableur)").click()
    download = info.value
    assert download.suggested_filename == f"presse-recherche-citations-ingerence-{date.today().isoformat()}.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as saved:
        rows = list(csv.DictReader(saved))
    assert len(rows) == total > 20  # every quotation, not one page
    words, speakers = (tab.locator(f".quote-hit {part}").all_inner_texts() for part in ("blockquote", ".speaker"))
    assert [(f"« {row['text']} »", row["speaker"] or "Source non nommée") for row in rows[:20]] == list(
        zip(words, speakers)
    )
    row = rows[12]
    tab.goto(row["link"])
    quote = tab.locator(f"#{urlsplit(row['link']).fragment}")
    assert quote.inner_text() == row["text"] and quote.evaluate("e => e.matches(':target')")
    assert urlsplit(tab.url).path == f"/article/{row['article']}"
    context.close()
    assert errors == []
