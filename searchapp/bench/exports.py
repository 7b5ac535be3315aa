"""`searchapp bench export`: a whole result set streamed by gunicorn — rows per second, and the
worker's memory while it streams.

One sync worker (our gunicorn set-up) serves the index. Each export
(`/export.csv` or `/export.jsonl` of a search) is read by this process in
64 KB pieces and saved to a file, while the worker's resident size is
sampled every 50 ms; the file is then parsed back with the csv or json
module to count its rows. A large export beside a small one shows whether
the worker's memory grows with the number of rows streamed. An export cut
short (a worker killed by gunicorn's timeout) is counted as far as it came.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from ..display import number
from . import loadtest, procstat

MB = 1_000_000
PIECE = 64 * 1024
CASES = (("harcèlement", "csv"), ("article", "csv"), ("article", "jsonl"), ("", "csv"), ("harcèlement", "csv"))


@dataclass(frozen=True)
class ExportRun:
    query: str
    format: str
    expected: int  # rows `/api/search` counts
    rows: int  # rows in the file (a truncation notice not counted)
    size: int  # bytes
    first_byte: float  # seconds
    seconds: float
    rss_before: int  # the worker's resident bytes before the export
    rss_peak: int  # ... and its highest sample during it
    complete: bool  # the answer came whole (not cut by a worker's death)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def run(
    index_dir: Path, workdir: Path, cases=CASES, echo: Callable[[str], None] = print
) -> tuple[list[ExportRun], int]:
    """Each (query, format) of `cases` exported from one gunicorn worker; the runs and the
    worker's peak resident size over the whole session."""
    runs = []
    with loadtest.gunicorn(index_dir, workdir, "/api/search?q=article", workers=1) as (base, server):
        for query, form in cases:
            echo(f"Export « {query} » en {form}…")
            runs.append(_export(base, server.pid, query, form, workdir / f"export.{form}"))
        peak = procstat.rss(_worker(server.pid), "VmHWM")
    return runs, peak


def _worker(server: int) -> int:
    """The pid of gunicorn's one worker (a new one after a worker was killed)."""
    (worker,) = procstat.children(server)
    return worker


def _export(base: str, server: int, query: str, form: str, path: Path) -> ExportRun:
    params = urlencode({"q": query} if query else {})
    with urllib.request.urlopen(f"{base}/api/search?{params}") as response:  # served: a worker is up
        expected = json.load(response)["total"]
    worker = _worker(server)
    before = procstat.rss(worker)
    with procstat.PeakRss(worker, every=0.05) as peak, open(path, "wb") as out:
        started = time.perf_counter()
        first_byte, complete = 0.0, True
        with urllib.request.urlopen(f"{base}/export.{form}?{params}", timeout=600) as response:
            try:
                out.write(response.read(PIECE))
                first_byte = time.perf_counter() - started
                while piece := response.read(PIECE):
                    out.write(piece)
            except http.client.IncompleteRead as cut:
                out.write(cut.partial)
                complete = False
        seconds = time.perf_counter() - started
    rows = _rows(path, form)
    return ExportRun(query, form, expected, rows, path.stat().st_size, first_byte, seconds, before, peak.peak, complete)


def _rows(path: Path, form: str) -> int:
    """Whole rows of an exported file, parsed back (header, truncation notice and a row cut in the
    middle not counted)."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines.pop()  # cut in the middle
    if form == "csv":
        return sum(1 for row in list(csv.reader(io.StringIO("".join(lines))))[1:] if not row[0].startswith("# "))
    return sum(1 for line in lines if "truncated" not in json.loads(line))


def table(runs: list[ExportRun], peak: int, index: str) -> str:
    lines = [
        f"Machine : {procstat.machine()}",
        f"Index : {index}",
        "Export par gunicorn (1 worker sync), lu par morceaux de 64 Ko sur la boucle locale",
        "",
        f"{'requête':<16}{'format':<7}{'attendues':>10}{'lignes':>9}{'Mo':>7}{'1er octet s':>12}"
        f"{'s':>7}{'lignes/s':>10}{'RSS avant Mo':>14}{'RSS pic Mo':>12}",
    ]
    for r in runs:
        lines.append(
            f"{'« ' + r.query + ' »' if r.query else '(tout)':<16}{r.format:<7}{number(r.expected):>10}"
            f"{number(r.rows):>9}{r.size / MB:>7.1f}{r.first_byte:>12.2f}{r.seconds:>7.1f}"
            f"{number(round(r.rows_per_second)):>10}{r.rss_before / MB:>14.0f}{r.rss_peak / MB:>12.0f}"
            + ("" if r.complete else "  interrompu")
        )
    lines += ["", f"RSS maximal du worker (le dernier, VmHWM) : {peak / MB:.0f} Mo"]
    return "\n".join(lines)
