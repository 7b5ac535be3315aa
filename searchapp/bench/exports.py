"""`searchapp bench export`: a whole result set streamed by gunicorn — rows per second, and the
worker's memory while it streams.

One sync worker (our gunicorn set-up) serves the index. Each export
(`/export.csv` or `/export.jsonl` of a search) is read by this process in
64 KB pieces and saved to a file, while the worker's resident size is
sampled every 50 ms; the file is then parsed back with the csv or json
module to count its rows. A large export beside a small one shows whether
the worker's memory grows with the number of rows streamed.
"""

from __future__ import annotations

import csv
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
        (worker,) = procstat.children(server.pid)
        for query, form in cases:
            echo(f"Export « {query} » en {form}…")
            runs.append(_export(base, worker, query, form, workdir / f"export.{form}"))
        peak = procstat.rss(worker, "VmHWM")
    return runs, peak


def _export(base: str, worker: int, query: str, form: str, path: Path) -> ExportRun:
    params = urlencode({"q": query} if query else {})
    with urllib.request.urlopen(f"{base}/api/search?{params}") as response:
        expected = json.load(response)["total"]
    before = procstat.rss(worker)
    with procstat.PeakRss(worker, every=0.05) as peak, open(path, "wb") as out:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/export.{form}?{params}", timeout=600) as response:
            first = response.read(PIECE)
            first_byte = time.perf_counter() - started
            out.write(first)
            while piece := response.read(PIECE):
                out.write(piece)
        seconds = time.perf_counter() - started
    return ExportRun(
        query, form, expected, _rows(path, form), path.stat().st_size, first_byte, seconds, before, peak.peak
    )


def _rows(path: Path, form: str) -> int:
    """Rows of an exported file, parsed back (header and truncation notice not counted)."""
    text = path.read_text(encoding="utf-8-sig")
    if form == "csv":
        return sum(1 for row in list(csv.reader(io.StringIO(text)))[1:] if not row[0].startswith("# "))
    return sum(1 for line in text.splitlines() if "truncated" not in json.loads(line))


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
        )
    lines += ["", f"RSS maximal du worker sur toute la session (VmHWM) : {peak / MB:.0f} Mo"]
    return "\n".join(lines)
