"""`searchapp bench`: indexing and full result pages on a JSONL corpus, beside Tantivy and plain Whoosh.

Each engine indexes the corpus in its own fresh process (so that its peak
memory is its own: the resident size of the process and its children,
sampled), then serves the fixed query mix (`data/bench-queries.tsv`) from
this process. A page is what the search page shows: the total, the top 10,
the counts of every facet and ten highlighted snippets. Our pages are timed
through `search.engine.run` and through `/api/search` (Flask's test client, so with
JSON); the first pass, with empty caches, is reported apart from the
`repeat` passes after it. Plain Whoosh is so slow that it runs the mix once.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from .. import generations
from ..display import number
from ..facets import FACETS, Facet
from ..indexing import rebuild
from ..search import engine as search_engine
from ..search import quotations
from ..search.catalog import Catalog
from ..search.request import SearchRequest
from . import loadtest, procstat, reference
from .loadtest import LoadReport

QUERY_MIX = Path(__file__).resolve().parent / "data" / "bench-queries.tsv"
FACET_KEYS = tuple(facet.key for facet in FACETS)
PLAIN_WHOOSH_PROCS = 2
MB = 1_000_000


@dataclass(frozen=True)
class QueryCase:
    """One line of the query mix: a query, facet filters, a page."""

    text: str
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    page: int

    @property
    def request(self) -> SearchRequest:
        return SearchRequest.from_params({"q": [self.text], "page": [str(self.page)], **dict(self.filters)})

    @property
    def url(self) -> str:
        return "/api/search?" + urlencode(self.request.to_params())


def load_query_mix(path: Path = QUERY_MIX) -> list[QueryCase]:
    """`query<TAB>facet=value;facet=value<TAB>page` lines; `#` starts a comment line."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, filters, page = line.split("\t")
            chosen: dict[str, list[str]] = {}
            for item in filter(None, filters.split(";")):
                key, value = item.split("=", 1)
                chosen.setdefault(key, []).append(value)
            cases.append(QueryCase(text, tuple((k, tuple(v)) for k, v in chosen.items()), int(page)))
    return cases


@dataclass(frozen=True)
class Corpus:
    name: str  # of the corpus file given
    path: Path  # the JSONL file the engines index (the first `limit` lines when limited)
    documents: int
    text_bytes: int  # UTF-8 bytes of the titles and texts


@dataclass(frozen=True)
class Build:
    engine: str
    seconds: float
    index_bytes: int
    peak_rss: int  # bytes, the indexing process and its children

    def documents_per_second(self, corpus: Corpus) -> float:
        return corpus.documents / self.seconds

    def megabytes_per_second(self, corpus: Corpus) -> float:
        return corpus.text_bytes / MB / self.seconds


@dataclass
class Timings:
    """Milliseconds per page."""

    name: str
    samples: list[float] = field(default_factory=list)

    def percentiles(self) -> tuple[float, float, float]:
        p50, p95, p99 = np.percentile(self.samples, [50, 95, 99])
        return float(p50), float(p95), float(p99)


@dataclass
class Report:
    corpus: Corpus
    queries: int
    repeat: int
    builds: dict[str, Build] = field(default_factory=dict)
    timings: dict[str, Timings] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    quotations: int = 0  # in our index


def run(
    corpus_path: Path, workdir: Path, limit: int | None = None, repeat: int = 5, echo: Callable[[str], None] = print
) -> Report:
    """Index the corpus with every engine in `workdir` and time the query mix on each."""
    corpus = _prepare(corpus_path, workdir, limit)
    cases = load_query_mix()
    report = Report(corpus, len(cases), repeat)
    echo(f"Corpus : {number(corpus.documents)} documents, {corpus.text_bytes / MB:.1f} Mo de texte")
    engines = ["searchapp", "Tantivy", "plain Whoosh"]
    if not _has_tantivy():
        engines.remove("Tantivy")
        report.skipped.append("Tantivy ignoré : paquet « tantivy » absent (pip install -e '.[bench]')")
        echo(report.skipped[-1])
    for engine in engines:
        echo(f"Indexation : {engine}…")
        report.builds[engine] = _build(engine, corpus, workdir)
    echo("Requêtes…")
    _time_ours(report, cases, workdir / "index")
    if "Tantivy" in engines:
        tantivy = reference.TantivyEngine(workdir / "tantivy", FACET_KEYS)
        time_pages(
            report, "Tantivy", cases, lambda case: tantivy.page(case.text, case.filters, case.page), repeat, "apart"
        )
    plain = reference.WhooshEngine(reference.WhooshEngine.open(workdir / "whoosh"), facets=FACET_KEYS)
    time_pages(
        report, "plain Whoosh", cases, lambda case: plain.page(case.text, case.filters, case.page), repeat, "only"
    )
    return report


def documents(path: Path) -> Iterator[dict]:
    """The JSON objects of a JSONL file (gzip when its name ends in .gz)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _prepare(path: Path, workdir: Path, limit: int | None) -> Corpus:
    """Count the corpus (and copy its first `limit` documents)."""
    count = size = 0
    target = workdir / "corpus.jsonl" if limit else path
    with contextlib.ExitStack() as stack:
        copy = stack.enter_context(open(target, "w", encoding="utf-8")) if limit else None
        for record in documents(path):
            if limit and count == limit:
                break
            count += 1
            size += len(record.get("title", "").encode("utf-8")) + len(record.get("text", "").encode("utf-8"))
            if copy:
                copy.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Corpus(path.name, target, count, size)


def _has_tantivy() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def _build(engine: str, corpus: Corpus, workdir: Path) -> Build:
    """Index in a fresh process, sampling the memory of its process tree."""
    context = multiprocessing.get_context("spawn")
    results = context.SimpleQueue()
    process = context.Process(target=_index, args=(engine, corpus.path, workdir, results))
    process.start()
    assert process.pid is not None  # started
    with procstat.PeakRss(process.pid) as peak:
        process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"l'indexation {engine} a échoué (code {process.exitcode})")
    seconds, folder = results.get()
    size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
    return Build(engine, seconds, size, peak.peak)


def _index(engine: str, corpus: Path, workdir: Path, results) -> None:
    """In the indexing process: build `engine`'s index; report the seconds and the index folder."""
    started = time.perf_counter()
    if engine == "searchapp":
        rebuild([corpus], workdir / "index")
        folder = generations.current(workdir / "index")
    elif engine == "Tantivy":
        folder = workdir / "tantivy"
        reference.build_tantivy(map(reference_document, documents(corpus)), folder, FACET_KEYS, threads=0)
    else:
        folder = workdir / "whoosh"
        reference.build_whoosh(map(reference_document, documents(corpus)), folder, FACET_KEYS, procs=PLAIN_WHOOSH_PROCS)
    results.put((time.perf_counter() - started, str(folder)))


def reference_document(record: dict) -> dict:
    """A corpus record for the reference engines: facet values under the facets' keys."""
    return dict(
        id=record["id"],
        title=record.get("title", ""),
        text=record["text"],
        **{facet.key: _values(record, facet) for facet in FACETS},
    )


def _values(record: dict, facet: Facet) -> list[str]:
    if facet.key == "year":
        return [record["date"][:4]] if record.get("date") else []
    return list(record.get(facet.attribute) or [])


def _time_ours(report: Report, cases: list[QueryCase], index_dir: Path) -> None:
    from ..web.app import create_app

    generation = generations.current(index_dir)
    assert generation is not None  # built by `_index`
    catalog = Catalog(generation)
    time_pages(
        report, "searchapp", cases, lambda case: search_engine.run(catalog, case.request), report.repeat, "apart"
    )
    report.quotations = catalog.quotes.doc_count if catalog.quotes is not None else 0
    time_pages(
        report,
        "searchapp citations",
        cases,
        lambda case: quotations.search(catalog, case.request),
        report.repeat,
        "warm-up",
    )
    catalog.close()
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()

    def api(case: QueryCase) -> None:
        response = client.get(case.url)
        if response.status_code != 200:
            raise RuntimeError(f"{case.url} : HTTP {response.status_code}")

    time_pages(report, "searchapp /api/search", cases, api, report.repeat, "warm-up")


def time_pages(
    report: Report, name: str, cases: list[QueryCase], serve: Callable[[QueryCase], object], repeat: int, first: str
) -> None:
    """Time `serve` on every case in a first pass, then `repeat` more passes (none when `first` is
    "only"). The first pass is reported apart ("apart") or not at all ("warm-up")."""
    passes = [Timings(f"{name} (1er passage)"), Timings(name)]
    for run_number in range(1 if first == "only" else 1 + repeat):
        timings = passes[1] if run_number or first == "only" else passes[0]
        for case in cases:
            started = time.perf_counter()
            serve(case)
            timings.samples.append((time.perf_counter() - started) * 1000)
    if first == "apart":
        report.timings[passes[0].name] = passes[0]
    report.timings[name] = passes[1]


def timing_lines(report: Report) -> list[str]:
    """The p50, p95 and p99 of every timing of the report, one line each, under their header."""
    lines = [f"{'':<36}{'p50':>9}{'p95':>9}{'p99':>9}"]
    for name, timing in report.timings.items():
        lines.append(f"{name:<36}" + "".join(f"{value:>9.1f}" for value in timing.percentiles()))
    return lines


def table(report: Report, load: LoadReport | None = None) -> str:
    """The report as plain-text tables (milliseconds, megabytes of 10^6 bytes)."""
    corpus = report.corpus
    lines = [
        f"Machine : {procstat.machine()}",
        f"Corpus : {corpus.name}, {number(corpus.documents)} documents, {corpus.text_bytes / MB:.1f} Mo de texte"
        + (f", {number(report.quotations)} citations indexées" if report.quotations else ""),
        "",
        f"{'Indexation':<28}{'documents/s':>12}{'Mo/s':>8}{'secondes':>10}{'index Mo':>10}{'RSS max Mo':>12}",
    ]
    for name, build in report.builds.items():
        label = f"{name} ({PLAIN_WHOOSH_PROCS} processus)" if name == "plain Whoosh" else name
        lines.append(
            f"{label:<28}{number(round(build.documents_per_second(corpus))):>12}"
            f"{build.megabytes_per_second(corpus):>8.2f}{build.seconds:>10.1f}"
            f"{build.index_bytes / MB:>10.1f}{build.peak_rss / MB:>12.0f}"
        )
    lines += [
        "",
        f"Page complète (total, 10 premiers, 4 facettes, 10 extraits), {report.queries} requêtes × "
        f"{report.repeat} passages (plain Whoosh : 1 passage), ms",
    ]
    lines += timing_lines(report)
    lines += ["", f"{'Rapports (durées)':<36}{'p50':>9}{'p95':>9}{'p99':>9}{'indexation':>12}"]
    for slow, fast in (("searchapp", "Tantivy"), ("plain Whoosh", "searchapp")):
        if slow in report.timings and fast in report.timings:
            ratios = [a / b for a, b in zip(report.timings[slow].percentiles(), report.timings[fast].percentiles())]
            indexing = report.builds[slow].seconds / report.builds[fast].seconds
            lines.append(
                f"{slow + ' / ' + fast:<36}" + "".join(f"{ratio:>8.1f}×" for ratio in ratios) + f"{indexing:>11.2f}×"
            )
    lines += report.skipped
    if load is not None:
        errors = sum(load.errors.values())
        lines += [
            "",
            f"HTTP : gunicorn {loadtest.WORKERS} workers, wrk 1 thread × {loadtest.CONNECTIONS} connexions, "
            f"{load.seconds:.0f} s sur la boucle locale",
            f"  {load.requests_per_second:.0f} requêtes/s, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, "
            f"max {load.max_ms:.0f} ms, {load.requests} requêtes, {errors} erreur(s) "
            f"(non-2xx {load.errors['status']}, socket {errors - load.errors['status']})",
            "  RSS par worker : " + ", ".join(f"{now / MB:.0f} Mo (pic {peak / MB:.0f})" for now, peak in load.workers),
        ]
    return "\n".join(lines)
