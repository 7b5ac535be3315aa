"""`searchapp bench publish`: gunicorn under wrk while updates are published every few seconds.

A corpus (the first `limit` articles of a JSONL file) is indexed, then served by
our gunicorn set-up and loaded by wrk twice: at rest, then while this process
adds a small file of new articles to the corpus and runs `searchapp index update`
every `every` seconds, at the CPU priority `nice`. Each new file carries a word of its own; after each
publication a prober asks for it until both workers have answered with the new
articles: the switch lag is the time from the publication to the last answer
still from the previous generation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ..display import number
from ..indexing import rebuild
from . import loadtest, procstat
from .engines import documents, load_query_mix

NEW_ARTICLES = 10  # per publication
PROBE_SECONDS = 2.5  # how long after a publication the prober looks for stale answers


@dataclass
class PublishReport:
    articles: int
    nice: int = 0
    steady: loadtest.LoadReport | None = None
    loaded: loadtest.LoadReport | None = None
    updates: list[float] = field(default_factory=list)  # seconds each update took
    lags: list[float] = field(default_factory=list)  # seconds from each publication to its last stale answer
    probe_errors: int = 0


def run(
    corpus: Path,
    workdir: Path,
    limit: int,
    duration: int,
    every: float,
    echo: Callable[[str], None],
    steady: int = 20,
    warmup: int = 5,
    nice: int = 0,
) -> PublishReport:
    """Index the first `limit` articles of `corpus`, load them `steady` seconds at rest, then `duration`
    seconds while an update (at CPU priority `nice`) is published every `every` seconds (each load after a
    `warmup`)."""
    folder = workdir / "corpus"
    folder.mkdir()
    count = 0
    with open(folder / "base.jsonl", "w", encoding="utf-8") as handle:
        for document in islice(documents(corpus), limit):
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
            count += 1
    index_dir = workdir / "index"
    echo(f"Indexation de {number(count)} articles…")
    rebuild([folder], index_dir)
    report = PublishReport(count, nice)
    urls = [case.url for case in load_query_mix()]
    echo("Charge au repos…")
    report.steady = loadtest.run(index_dir, urls, workdir, duration=steady, warmup=warmup)
    echo(f"Charge pendant les publications ({duration} s, une toutes les {every:g} s)…")
    publisher = _Publisher(folder, index_dir, every, nice, report)
    report.loaded = loadtest.run(index_dir, urls, workdir, duration=duration, warmup=warmup, meanwhile=publisher)
    return report


class _Publisher:
    """Adds a file of new articles and publishes an update every `every` seconds, then probes the switch."""

    def __init__(self, folder: Path, index_dir: Path, every: float, nice: int, report: PublishReport):
        self.folder, self.index_dir, self.every, self.nice, self.report = folder, index_dir, every, nice, report
        self.probes: list[threading.Thread] = []

    def __call__(self, base: str, stop: threading.Event) -> None:
        """Publish at fixed times, `every` seconds apart, probing between publications."""
        start, n = time.monotonic(), 0
        while not stop.wait(max(0.0, start + (n + 1) * self.every - time.monotonic())):
            n += 1
            word = f"veille{n:04d}x"
            with open(self.folder / f"new-{n:04d}.jsonl", "w", encoding="utf-8") as handle:
                for k in range(NEW_ARTICLES):
                    text = f"Dépêche {k} sur la {word} de la rédaction, publiée pendant la charge."
                    handle.write(json.dumps({"id": f"{word}-{k}", "title": f"Nouvel article {k}", "text": text}) + "\n")
            started = time.monotonic()
            subprocess.run(
                [
                    Path(sys.executable).with_name("searchapp"),
                    "index",
                    "update",
                    "--corpus",
                    str(self.folder),
                    "--index-dir",
                    str(self.index_dir),
                    "--jobs",
                    "1",
                ],
                check=True,
                capture_output=True,
                preexec_fn=lambda: os.nice(self.nice),
            )
            published = time.monotonic()
            self.report.updates.append(published - started)
            probe = threading.Thread(target=self._probe, args=(f"{base}/api/search?q={word}", published))
            probe.start()  # beside the next publications, which keep their times
            self.probes.append(probe)
        for probe in self.probes:
            probe.join()

    def _probe(self, url: str, published: float) -> None:
        """Ask for the new word for `PROBE_SECONDS`; record the time from the publication to the last
        answer without the new articles."""
        last_stale = published
        while time.monotonic() < published + PROBE_SECONDS:
            asked = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    total = json.loads(response.read())["total"]
            except OSError:
                self.report.probe_errors += 1
                continue
            if total != NEW_ARTICLES:
                last_stale = asked
        self.report.lags.append(last_stale - published)


def table(report: PublishReport, every: float) -> str:
    steady, loaded = report.steady, report.loaded
    assert steady is not None and loaded is not None

    def line(label: str, load: loadtest.LoadReport) -> str:
        errors = sum(load.errors.values())
        return (
            f"  {label:<28}{load.requests_per_second:>6.0f} req/s, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms, "
            f"max {load.max_ms:.0f} ms, {number(load.requests)} requêtes, {number(errors)} erreur(s)"
        )

    lags = report.lags or [0.0]
    return "\n".join(
        [
            f"Machine : {procstat.machine()}",
            f"Publication sous charge : gunicorn {loadtest.WORKERS} workers, wrk 1 thread × {loadtest.CONNECTIONS} "
            f"connexions, corpus de {number(report.articles)} articles",
            line("au repos", steady),
            line("pendant les publications", loaded),
            f"  p99 pendant / au repos : {loaded.p99_ms / steady.p99_ms:.2f}×",
            f"  {len(report.updates)} mises à jour publiées (une toutes les {every:g} s, {NEW_ARTICLES} articles "
            f"chacune, nice {report.nice}, {sum(report.updates) / max(len(report.updates), 1):.1f} s en moyenne), "
            f"{report.probe_errors} erreur(s) de la sonde",
            f"  bascule de tous les workers après une publication : au plus {max(lags):.2f} s "
            f"(médiane {sorted(lags)[len(lags) // 2]:.2f} s)",
        ]
    )
