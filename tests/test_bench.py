"""`searchapp bench`: the query mix, the reference engines' pages, process memory, the command and the HTTP load."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLES

from searchapp import generations, indexing
from searchapp.bench import engines, exports, loadtest, procstat, publishing, reference, scale, soak
from searchapp.cli import main
from searchapp.search.request import SearchRequest

pytestmark = pytest.mark.slow

FACET_KEYS = engines.FACET_KEYS
ROWS = [
    dict(
        id=f"d{i}",
        title=title,
        date=f"{2015 + i % 3}-0{1 + i % 9}-1{i % 10}",
        source="legi",
        text=text,
        speakers=speakers,
        countries=countries,
        topics=["droit du travail"],
    )
    for i, (title, text, speakers, countries) in enumerate(
        [
            (
                "Code du travail — Article 1",
                "Le contrat de travail est conclu entre le salarié et l'employeur.",
                ["Camille Bernard"],
                ["France"],
            ),
            (
                "Code du travail — Article 2",
                "La durée du travail effectif est de trente-cinq heures par semaine.",
                [],
                ["France", "Russie"],
            ),
            (
                "Convention collective — Article 3",
                "La période d'essai du salarié peut être renouvelée une fois.",
                ["Léa Blanchard", "Camille Bernard"],
                ["Chine"],
            ),
            (
                "Code rural — Article 4",
                "L'exploitation agricole cotise à la mutualité sociale agricole.",
                ["Léa Blanchard"],
                ["France"],
            ),
        ]
        * 3
    )
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "corpus.jsonl"
    path.write_text(
        "".join(json.dumps(dict(row, id=f"{row['id']}-{n}"), ensure_ascii=False) + "\n" for n, row in enumerate(ROWS)),
        encoding="utf-8",
    )
    return path


def test_the_committed_query_mix_is_valid_and_varied():
    cases = engines.load_query_mix()
    assert len(cases) == 30
    assert {case.page for case in cases} == {1, 2, 3}
    assert {len(case.filters) for case in cases} == {0, 1, 2}
    assert any(case.text.startswith(('"', "«")) for case in cases)
    case = next(case for case in cases if case.text == "travail de nuit majoration")
    assert case.filters == (("country", ("Chine",)), ("topic", ("sanctions",)))
    assert case.request == SearchRequest.from_params(
        {"q": ["travail de nuit majoration"], "country": ["Chine"], "topic": ["sanctions"]}
    )
    assert case.url == "/api/search?q=travail+de+nuit+majoration&country=Chine&topic=sanctions"


@pytest.mark.parametrize("engine", ["Tantivy", "plain Whoosh"])
def test_reference_pages_count_facets_under_the_filters_and_mark_snippets(corpus, tmp_path, engine):
    documents = [engines.reference_document(record) for record in engines.documents(corpus)]
    if engine == "Tantivy":
        pytest.importorskip("tantivy")
        reference.build_tantivy(documents, tmp_path / "ix", FACET_KEYS)
        pages = reference.TantivyEngine(tmp_path / "ix", FACET_KEYS)
    else:
        reference.build_whoosh(documents, tmp_path / "ix", FACET_KEYS)
        pages = reference.WhooshEngine(reference.WhooshEngine.open(tmp_path / "ix"), facets=FACET_KEYS)
    page = pages.page("salarié", [("country", ["France", "Chine"])], 1, per_page=4)
    assert page.total == 6 and len(page.ids) == len(page.snippets) == 4
    assert page.facets["speaker"] == {"Camille Bernard": 6, "Léa Blanchard": 3}
    assert page.facets["country"] == {"France": 3, "Chine": 3}
    assert all("salarié</" in snippet for snippet in page.snippets)
    assert pages.page("salarié", [], 2, per_page=4).total == 6


def test_tree_rss_adds_up_a_process_and_its_children():
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(60_000_000); time.sleep(30)"])
    try:
        for _ in range(100):
            if procstat.rss(child.pid) > 60_000_000:
                break
            __import__("time").sleep(0.05)
        assert child.pid in procstat.children(os.getpid())
        assert procstat.tree_rss(os.getpid()) >= procstat.rss(os.getpid()) + procstat.rss(child.pid) > 60_000_000
    finally:
        child.kill()
        child.wait()
    assert procstat.rss(child.pid) == 0
    assert "CPU" in procstat.machine() and "Python" in procstat.machine()


def test_bench_command_prints_indexing_pages_and_ratios(runner, corpus):
    result = runner.invoke(main, ["bench", "--corpus", str(corpus), "--limit", "10", "--repeat", "1"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Corpus : corpus.jsonl, 10 documents" in out
    names = [line.split("  ")[0] for line in out.splitlines()]
    assert {
        "searchapp",
        "plain Whoosh (2 processus)",
        "searchapp (1er passage)",
        "searchapp /api/search",
        "plain Whoosh",
        "plain Whoosh / searchapp",
    } <= set(names)
    assert ("Tantivy" in names and "searchapp / Tantivy" in names) != ("Tantivy ignoré" in out)


def test_bench_needs_a_corpus_or_a_subcommand(runner):
    result = runner.invoke(main, ["bench"])
    assert result.exit_code == 2 and "--corpus" in result.output
    assert runner.invoke(main, ["bench", "extract", "--help"]).exit_code == 0


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk absent")
def test_load_test_serves_the_mix_with_two_workers(corpus, tmp_path):
    indexing.rebuild([corpus], tmp_path / "index")
    assert generations.current(tmp_path / "index")
    urls = [case.url for case in engines.load_query_mix()[:5]]
    report = loadtest.run(tmp_path / "index", urls, tmp_path, duration=1, warmup=1)
    assert report.requests > 0 and sum(report.errors.values()) == 0
    assert len(report.workers) == loadtest.WORKERS and all(peak >= now > 0 for now, peak in report.workers)
    assert report.p50_ms <= report.p99_ms <= report.max_ms


def test_soak_queries_are_distinct_three_word_queries_and_reproducible():
    words = ["ingérence", "russie", "élection"]
    first = list(soak.queries(words, 2_000, seed=3))
    assert len(set(first)) == 2_000 and all(len(q.split()) == 3 for q in first)
    assert first == list(soak.queries(words, 2_000, seed=3)) != list(soak.queries(words, 2_000, seed=4))
    assert any(word in q.split() for q in first for word in words)


def test_soak_command_prints_the_memory_curve_and_its_growth(runner):
    result = runner.invoke(
        main, ["bench", "soak", "--corpus", str(SAMPLES), "--queries", "300", "--every", "100", "--warm", "100"]
    )
    assert result.exit_code == 0, result.output
    assert "300 requêtes distinctes de 3 mots aléatoires" in result.stdout and ", 0 échec(s)" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if len(line.split()) == 2]
    assert [row[0] for row in rows] == ["0", "100", "200", "300"]
    assert "Croissance après les 100 premières requêtes : " in result.stdout


def test_publish_bench_loads_the_server_while_updates_are_published(corpus, tmp_path):
    report = publishing.run(corpus, tmp_path, limit=50, duration=7, every=2, echo=lambda _: None, steady=1, warmup=1)
    assert report.articles == len(ROWS)
    assert len(report.updates) >= 2 and len(report.lags) == len(report.updates)
    assert report.loaded.requests > 0 and sum(report.loaded.errors.values()) == 0 and report.probe_errors == 0
    assert all(0 <= lag <= publishing.PROBE_SECONDS for lag in report.lags)
    assert len(list((tmp_path / "corpus").glob("new-*.jsonl"))) == len(report.updates)
    text = publishing.table(report, 1)
    assert f"{len(report.updates)} mises à jour publiées" in text and "bascule de tous les workers" in text


def test_export_bench_streams_every_row_from_one_worker(runner, corpus):
    result = runner.invoke(main, ["bench", "export", "--corpus", str(corpus), "--query", "travail", "--query", ""])
    assert result.exit_code == 0, result.output
    lines = result.stdout.replace("\u202f", "").splitlines()  # thousands separated by narrow spaces
    rows = [line.split() for line in lines if line.startswith(("« ", "(tout)"))]
    # requête, format, attendues, lignes, Mo, 1er octet, s, lignes/s, RSS avant, RSS pic
    assert [(row[:-8], row[-8], row[-7]) for row in rows] == [
        (["«", "travail", "»", "csv"], "6", "6"),
        (["«", "travail", "»", "jsonl"], "6", "6"),
        (["(tout)", "csv"], "12", "12"),
        (["(tout)", "jsonl"], "12", "12"),
    ]
    assert all(float(row[-1]) >= float(row[-2]) > 0 for row in rows)  # the peak is at least the size before
    assert "RSS maximal du worker (le dernier, VmHWM) : " in result.stdout and "interrompu" not in result.stdout


@pytest.mark.parametrize(
    ("form", "text", "rows"),
    [
        ("csv", '\ufeffid,title\r\na,"deux\r\nlignes"\r\nb,x\r\n', 2),
        ("csv", "\ufeffid,title\r\na,x\r\nb,coup", 1),  # cut in a row
        ("csv", "\ufeffid,title\r\na,x\r\n# Export tronqué : …,\r\n", 1),
        ("jsonl", '{"id": "a"}\n{"id": "b"}\n{"truncated": true}\n', 2),
        ("jsonl", '{"id": "a"}\n{"id": "b', 1),
    ],
)
def test_export_bench_counts_whole_rows_only(tmp_path, form, text, rows):
    path = tmp_path / f"export.{form}"
    path.write_bytes(text.encode())
    assert exports._rows(path, form) == rows


def test_replicated_copies_are_new_articles_and_reproducible(corpus, tmp_path):
    assert scale.replicate(corpus, 3, tmp_path / "a") == 3 * len(ROWS)
    scale.replicate(corpus, 3, tmp_path / "b")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == ["part-00.jsonl", "part-01.jsonl", "part-02.jsonl"]
    assert all((tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() for name in files)
    ids = [record["id"] for name in files for record in engines.documents(tmp_path / "a" / name)]
    assert len(set(ids)) == len(ids)
    batches = scale.new_articles(corpus, 3)
    added = [record["id"] for batch in batches for record in batch]
    assert [len(batch) for batch in batches] == [scale.BATCH] * (scale.UPDATES + 2)
    assert len(set(added)) == len(added) and not set(added) & set(ids)


def test_scale_bench_prints_updates_pages_and_tantivy(runner, corpus):
    result = runner.invoke(main, ["bench", "--corpus", str(corpus), "--replicate", "2", "--repeat", "1"])
    assert result.exit_code == 0, result.output
    names = {line[:52].strip() for line in result.output.splitlines()}
    assert {
        "reconstruction",
        "mise à jour : +100 articles (un fichier)",
        "mise à jour : rien de changé",
        "mise à jour : fichier de 100 articles retiré",
        "mise à jour 20/20 : +100 articles",
        "mise à jour pendant le service : +100 articles",
    } <= names
    assert "searchapp, après 20 mises à jour (1er passage après bascule)" in result.output
    assert ("Tantivy : +100 articles, commit" in result.output) == scale.reference_available()
