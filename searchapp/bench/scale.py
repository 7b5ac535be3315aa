"""`searchapp bench --corpus … --replicate K`: a living archive K times the corpus, beside Tantivy.

The corpus is replicated K times (`replicate`: copy k has new ids, its
paragraphs rotated by k and its dates k years earlier, so that it is neither
a duplicate for the analysis nor for the ranking; deterministic), one JSONL
file per copy. Then, each step in a fresh process whose peak memory (the
process and its children) is sampled: a rebuild; an update adding a file of
100 new articles; an update with nothing changed; an update removing that
file; 20 successive updates adding 100 articles each. Pages (the query mix of
`engines`) are timed on the rebuilt index and after the 20 updates, the first
pass apart, and once more right after a switch: a live catalog serving warm,
an update published meanwhile, the first pass on the new generation. The
worker's resident size is taken after its queries. Tantivy indexes the same
files, then adds 100 articles and commits, deletes them and commits, and
serves the same pages (first pass after its commit, then warm).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import generations
from ..display import number
from ..facets import FACETS
from ..indexing import rebuild, update
from ..search import engine as search_engine
from ..search.catalog import Catalog, LiveCatalog
from . import procstat, reference
from .engines import FACET_KEYS, MB, QueryCase, Timings, documents, load_query_mix, reference_document

BATCH = 100  # articles per update
UPDATES = 20  # successive updates
SWITCH_WAIT = 60.0  # seconds a live catalog may take to open a new generation


@dataclass(frozen=True)
class Step:
    """One measured step: its duration and the peak resident size of its process tree."""

    name: str
    seconds: float
    peak_rss: int
    note: str = ""


@dataclass
class ScaleReport:
    documents: int
    copies: int
    rebuild_seconds: dict[str, float] = field(default_factory=dict)  # by engine
    index_bytes: dict[str, int] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    timings: list[Timings] = field(default_factory=list)
    worker_rss: dict[str, int] = field(default_factory=dict)  # after the queries, by pages measured


def replicated(record: dict, copy: int) -> dict:
    """Copy `copy` of a corpus record (0: the record itself): new id, paragraphs rotated, dates
    `copy` years earlier.

    >>> replicated({"id": "a", "text": "un\\n\\ndeux\\n\\ntrois", "date": "2020-02-29"}, 1)
    {'id': 'a~1', 'text': 'deux\\n\\ntrois\\n\\nun', 'date': '2019-02-29'}
    """
    if not copy:
        return record
    paragraphs = record.get("text", "").split("\n\n")
    turn = copy % len(paragraphs)
    shifted = dict(record, id=f"{record['id']}~{copy}", text="\n\n".join(paragraphs[turn:] + paragraphs[:turn]))
    date = record.get("date")
    if date and date[:4].isdigit():
        shifted["date"] = f"{int(date[:4]) - copy:04d}{date[4:]}"
    return shifted


def replicate(source: Path, copies: int, folder: Path) -> int:
    """Write `copies` copies of the corpus into `folder` (`part-00.jsonl`…); returns the documents written."""
    folder.mkdir(parents=True)
    count = 0
    with contextlib.ExitStack() as stack:
        handles = [
            stack.enter_context(open(folder / f"part-{k:02d}.jsonl", "w", encoding="utf-8")) for k in range(copies)
        ]
        for record in documents(source):
            for k, handle in enumerate(handles):
                handle.write(json.dumps(replicated(record, k), ensure_ascii=False) + "\n")
            count += copies
    return count


def new_articles(source: Path, copies: int) -> list[list[dict]]:
    """The articles of each update (`UPDATES + 2` batches of `BATCH`): copies of the first corpus
    records that the archive's copies do not hold, cycling through them on a small corpus."""
    wanted = (UPDATES + 2) * BATCH
    pool = list(itertools.islice(documents(source), wanted))
    made = [replicated(pool[n % len(pool)], copies + 1 + n // len(pool)) for n in range(wanted)]
    return [made[start : start + BATCH] for start in range(0, wanted, BATCH)]


def run(source: Path, workdir: Path, copies: int, repeat: int, echo: Callable[[str], None] = print) -> ScaleReport:
    """Replicate the corpus in `workdir`, then measure both engines on it."""
    archive, index_dir, cases = workdir / "archive", workdir / "index", load_query_mix()
    echo(f"Réplication ×{copies}…")
    report = ScaleReport(replicate(source, copies, archive), copies)
    batches = new_articles(source, copies)
    echo("searchapp : reconstruction…")
    step = _in_process("reconstruction", _rebuild, archive, index_dir)
    report.steps.append(step)
    report.rebuild_seconds["searchapp"] = step.seconds
    report.index_bytes["searchapp"] = _size(generations.current(index_dir))
    echo("searchapp : pages sur l'index reconstruit…")
    _pages(report, "searchapp, index reconstruit", _serve_fresh, index_dir, cases, repeat)
    extra = archive / "new-00.jsonl"
    _write(extra, batches[0])
    echo("searchapp : mises à jour…")
    report.steps.append(_in_process(f"mise à jour : +{BATCH} articles (un fichier)", _update, archive, index_dir))
    report.steps.append(_in_process("mise à jour : rien de changé", _update, archive, index_dir))
    extra.unlink()
    report.steps.append(_in_process(f"mise à jour : fichier de {BATCH} articles retiré", _update, archive, index_dir))
    for n in range(1, UPDATES + 1):
        _write(archive / f"new-{n:02d}.jsonl", batches[n])
        report.steps.append(_in_process(f"mise à jour {n}/{UPDATES} : +{BATCH} articles", _update, archive, index_dir))
    _write(workdir / "switch.jsonl", batches[UPDATES + 1])
    echo("searchapp : pages après les mises à jour, et après une bascule…")
    _pages(report, f"searchapp, après {UPDATES} mises à jour", _serve_switched, index_dir, cases, repeat, archive)
    if reference_available():
        echo("Tantivy…")
        step = _in_process("Tantivy : indexation", _tantivy_build, archive, workdir / "tantivy")
        report.rebuild_seconds["Tantivy"] = step.seconds
        report.index_bytes["Tantivy"] = _size(workdir / "tantivy")
        report.steps.append(step)
        _pages(report, "Tantivy", _serve_tantivy, workdir / "tantivy", cases, repeat, batches[UPDATES + 1])
    return report


def reference_available() -> bool:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def _write(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")


def _size(folder: Path | None) -> int:
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file()) if folder else 0


def _in_process(name: str, target: Callable, *args) -> Step:
    """Run `target(*args, results)` in a fresh process, sampling its tree's memory; it puts its
    (seconds, note) in `results`."""
    context = multiprocessing.get_context("spawn")
    results = context.SimpleQueue()
    process = context.Process(target=target, args=(*args, results))
    process.start()
    assert process.pid is not None  # started
    with procstat.PeakRss(process.pid, every=0.05) as peak:
        process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"« {name} » a échoué (code {process.exitcode})")
    seconds, note = results.get()
    return Step(name, seconds, peak.peak, note)


def _rebuild(archive: Path, index_dir: Path, results) -> None:
    started = time.perf_counter()
    report = rebuild([archive], index_dir)
    results.put((time.perf_counter() - started, f"{number(report.indexed)} articles"))


def _update(archive: Path, index_dir: Path, results) -> None:
    started = time.perf_counter()
    report = update([archive], index_dir)
    note = f"+{report.added} −{report.removed}, {report.segments or '='} segment(s)"
    results.put((time.perf_counter() - started, note))


def _tantivy_build(archive: Path, folder: Path, results) -> None:
    started = time.perf_counter()
    records = (record for path in sorted(archive.glob("*.jsonl")) for record in documents(path))
    reference.build_tantivy(map(reference_document, records), folder, FACET_KEYS, threads=0)
    results.put((time.perf_counter() - started, ""))


def _pages(report: ScaleReport, name: str, serve: Callable, *args) -> None:
    """Time pages in a fresh process (`serve(*args, results)` puts its timings, its resident size
    after the queries and its steps)."""
    context = multiprocessing.get_context("spawn")
    results = context.SimpleQueue()
    process = context.Process(target=serve, args=(*args, results))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"les pages « {name} » ont échoué (code {process.exitcode})")
    timings, resident, steps = results.get()
    report.timings += [Timings(f"{name}{label}", samples) for label, samples in timings]
    report.worker_rss[name] = resident
    report.steps += steps


def _passes(serve: Callable[[QueryCase], object], cases: list[QueryCase], count: int) -> list[float]:
    """Milliseconds per page over `count` passes of the query mix."""
    samples = []
    for _ in range(count):
        for case in cases:
            started = time.perf_counter()
            serve(case)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _serve_fresh(index_dir: Path, cases: list[QueryCase], repeat: int, results) -> None:
    generation = generations.current(index_dir)
    assert generation is not None  # rebuilt by `run`
    catalog = Catalog(generation)
    serve = lambda case: search_engine.run(catalog, case.request)
    first = _passes(serve, cases, 1)
    warm = _passes(serve, cases, repeat)
    results.put(([(" (1er passage)", first), ("", warm)], procstat.rss(os.getpid()), []))


def _serve_switched(index_dir: Path, cases: list[QueryCase], repeat: int, archive: Path, results) -> None:
    """Warm pages on the live generation; then an update published by another process while the
    catalog serves on, and the first pass once it has switched to the new generation."""
    live = LiveCatalog(index_dir)
    live.get()  # opened before the first pass, as `_serve_fresh` opens its catalog
    serve = lambda case: search_engine.run(live.get(), case.request)
    first = _passes(serve, cases, 1)
    warm = _passes(serve, cases, repeat)
    resident = procstat.rss(os.getpid())
    before = generations.pointer(index_dir)
    (archive / "switch.jsonl").write_bytes((archive.parent / "switch.jsonl").read_bytes())
    step = _in_process(f"mise à jour pendant le service : +{BATCH} articles", _update, archive, index_dir)
    deadline = time.monotonic() + SWITCH_WAIT
    while live.get().path.name == before and time.monotonic() < deadline:
        time.sleep(0.01)
    switched = _passes(serve, cases, 1)
    timings = [(" (1er passage)", first), ("", warm), (" (1er passage après bascule)", switched)]
    results.put((timings, resident, [step]))


def _serve_tantivy(folder: Path, cases: list[QueryCase], repeat: int, articles: list[dict], results) -> None:
    """Tantivy: 100 articles added and committed, the first pass on the reloaded searcher, warm
    passes, then the articles deleted and committed."""
    engine = reference.TantivyEngine(folder, FACET_KEYS)
    writer = engine.writer()
    started = time.perf_counter()
    for record in map(reference_document, articles):
        writer.add_document(reference.tantivy_document(record, FACET_KEYS))
    writer.commit()
    added = time.perf_counter() - started
    engine.reload()
    serve = lambda case: engine.page(case.text, case.filters, case.page)
    switched = _passes(serve, cases, 1)
    warm = _passes(serve, cases, repeat)
    resident = procstat.rss(os.getpid())
    started = time.perf_counter()
    for record in articles:
        writer.delete_documents("id", record["id"])
    writer.commit()
    deleted = time.perf_counter() - started
    steps = [
        Step(f"Tantivy : +{BATCH} articles, commit", added, 0),
        Step(f"Tantivy : −{BATCH} articles, commit", deleted, 0),
    ]
    results.put(([(" (1er passage après commit)", switched), ("", warm)], resident, steps))


def table(report: ScaleReport) -> str:
    """The report as plain-text tables (seconds, milliseconds, megabytes of 10^6 bytes)."""
    ours = report.rebuild_seconds.get("searchapp", 0.0)
    lines = [
        f"Machine : {procstat.machine()}",
        f"Corpus répliqué ×{report.copies} : {number(report.documents)} articles ; facettes : "
        + ", ".join(facet.key for facet in FACETS),
        "",
        f"{'Étape':<52}{'secondes':>10}{'% reconstr.':>12}{'RSS max Mo':>12}  détail",
    ]
    for step in report.steps:
        share = f"{100 * step.seconds / ours:.2f} %" if ours and not step.name.startswith("Tantivy") else ""
        rss = f"{step.peak_rss / MB:.0f}" if step.peak_rss else ""
        lines.append(f"{step.name:<52}{step.seconds:>10.2f}{share:>12}{rss:>12}  {step.note}")
    lines += ["", f"{'Indexation':<28}{'documents/s':>12}{'index Mo':>10}"]
    for engine, seconds in report.rebuild_seconds.items():
        lines.append(
            f"{engine:<28}{number(round(report.documents / seconds)):>12}{report.index_bytes[engine] / MB:>10.1f}"
        )
    if len(report.rebuild_seconds) == 2:
        ratio = report.rebuild_seconds["Tantivy"] / ours
        lines.append(f"searchapp / Tantivy (documents/s) : {100 * ratio:.0f} %")
    lines += ["", f"Pages complètes ({len(load_query_mix())} requêtes), ms", f"{'':<60}{'p50':>8}{'p95':>8}{'p99':>8}"]
    for timing in report.timings:
        lines.append(f"{timing.name:<60}" + "".join(f"{value:>8.1f}" for value in timing.percentiles()))
    lines += [""] + [
        f"RSS du processus de recherche ({name}) : {rss / MB:.0f} Mo" for name, rss in report.worker_rss.items()
    ]
    return "\n".join(lines)
