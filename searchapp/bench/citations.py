"""`searchapp bench citations`: the page of quotations beside the page of articles, on a generated
press corpus (`presscorpus`) of some 200,000 quotations.

Both pages answer the same query mix (`data/citation-queries.tsv`) on the same
generation: a page of articles (total, top 10, four facets, ten snippets) and a
page of quotations (total, top 10, four facets, ten quotations marked), through
`search.engine` and through `/api/search` and `/api/citations` (Flask's test
client); the first pass, with empty caches, is reported apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from .. import generations
from ..display import number
from ..indexing import rebuild
from ..search import engine, quotations
from ..search.catalog import Catalog
from . import engines, presscorpus

CITATION_MIX = Path(__file__).resolve().parent / "data" / "citation-queries.tsv"
ARTICLES = 24_000  # about 220,000 quotations


@dataclass
class CitationReport:
    articles: int
    quotations: int
    indexing_seconds: float
    pages: engines.Report


def run(
    workdir: Path, articles: int = ARTICLES, repeat: int = 5, echo: Callable[[str], None] = print
) -> CitationReport:
    """Generate the corpus in `workdir`, index it, and time both pages on the query mix."""
    corpus = workdir / "press.jsonl"
    count, quoted = presscorpus.write(corpus, articles)
    echo(f"Corpus généré : {number(count)} articles, {number(quoted)} citations ; indexation…")
    started = time.perf_counter()
    rebuild([corpus], workdir / "index")
    seconds = time.perf_counter() - started
    cases = engines.load_query_mix(CITATION_MIX)
    size = corpus.stat().st_size
    report = engines.Report(engines.Corpus(corpus.name, corpus, count, size), len(cases), repeat)
    generation = generations.current(workdir / "index")
    assert generation is not None  # just built
    catalog = Catalog(generation)
    assert catalog.quotes is not None  # built by this code
    echo("Requêtes…")
    engines.time_pages(report, "articles", cases, lambda case: engine.run(catalog, case.request), repeat, "apart")
    engines.time_pages(
        report, "citations", cases, lambda case: quotations.search(catalog, case.request), repeat, "apart"
    )
    indexed = catalog.quotes.doc_count
    catalog.close()
    _time_api(report, workdir / "index", cases, repeat)
    return CitationReport(count, indexed, seconds, report)


def _time_api(report: engines.Report, index_dir: Path, cases: list, repeat: int) -> None:
    from ..web.app import create_app

    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    for name, path in (("/api/search", "/api/search"), ("/api/citations", "/api/citations")):

        def serve(case, path=path) -> None:
            url = f"{path}?{urlencode(case.request.to_params())}"
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} : HTTP {response.status_code}")

        engines.time_pages(report, name, cases, serve, repeat, "warm-up")


def table(result: CitationReport) -> str:
    """The report as plain text (milliseconds)."""
    report = result.pages
    lines = [
        f"Corpus de presse généré : {number(result.articles)} articles, {number(result.quotations)} citations "
        f"indexées, {report.corpus.text_bytes / engines.MB:.1f} Mo",
        f"Indexation (articles et citations) : {result.indexing_seconds:.1f} s, "
        f"{number(round(result.articles / result.indexing_seconds))} articles/s",
        "",
        f"Pages (total, 10 premiers, 4 facettes, mots marqués), {report.queries} requêtes × "
        f"{report.repeat} passages, ms",
        *engines.timing_lines(report),
    ]
    ratios = [
        a / b for a, b in zip(report.timings["citations"].percentiles(), report.timings["articles"].percentiles())
    ]
    lines += ["", f"{'citations / articles':<36}" + "".join(f"{ratio:>8.2f}×" for ratio in ratios)]
    return "\n".join(lines)
