"""`searchapp bench --http`: our gunicorn set-up on a built index, loaded on loopback by wrk.

gunicorn runs with `searchapp/web/gunicorn_conf.py` (sync workers, access log) on
a free port of 127.0.0.1; wrk cycles through the query mix's `/api/search`
URLs from a few connections, first for a warm-up (every worker opens its
catalog and fills its caches), then for the measured run. Errors are non-2xx
answers and socket errors. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import procstat

WORKERS = 2
CONNECTIONS = 4  # two per sync worker: one request served while the next waits
LUA = """\
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %%d, "us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50": %%d, "p99": %%d, "max": %%d}\\n', summary.requests,
    summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


class LoadTestUnavailable(RuntimeError):
    """wrk is not installed."""


@dataclass(frozen=True)
class LoadReport:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]  # non-2xx ("status") and socket errors
    workers: list[tuple[int, int]]  # each worker's resident bytes after the run, and its peak

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds


def run(
    index_dir: Path,
    urls: list[str],
    workdir: Path,
    duration: int = 20,
    warmup: int = 5,
    meanwhile: Callable[[str, threading.Event], None] | None = None,
) -> LoadReport:
    """Serve `index_dir` with gunicorn and load it with wrk for `duration` seconds after a warm-up;
    `meanwhile(base_url, stop)` runs in a thread during the measured run, until `stop` is set."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise LoadTestUnavailable("HTTP ignoré : wrk absent (apt-get install wrk)")
    script = workdir / "mix.lua"
    script.write_text(LUA % ", ".join(json.dumps(url) for url in urls), encoding="utf-8")
    with gunicorn(index_dir, workdir, urls[0]) as (base, server):
        _wrk(wrk, script, base, warmup)
        stop = threading.Event()
        helper = threading.Thread(target=meanwhile, args=(base, stop)) if meanwhile else None
        if helper:
            helper.start()
        try:
            result = _wrk(wrk, script, base, duration)
        finally:
            stop.set()
            if helper:
                helper.join()
        workers = [(procstat.rss(pid), procstat.rss(pid, "VmHWM")) for pid in procstat.children(server.pid)]
    errors = {name: result[name] for name in ("status", "connect", "read", "write", "timeout")}
    return LoadReport(
        result["requests"],
        result["us"] / 1e6,
        result["p50"] / 1000,
        result["p99"] / 1000,
        result["max"] / 1000,
        errors,
        workers,
    )


@contextmanager
def gunicorn(
    index_dir: Path, workdir: Path, probe: str, workers: int = WORKERS
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Our gunicorn set-up serving `index_dir` on a free port, once `probe` (a path) answers;
    yields its base URL and process, and stops it at the end, whatever happens."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ, HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY=str(workers), SEARCHAPP_INDEX_DIR=str(index_dir)
    )
    with open(workdir / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:searchapp.web.gunicorn_conf",
                "searchapp.web.app:create_app()",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            _wait_until_ready(base + probe, server)
            yield base, server
        finally:
            server.terminate()
            server.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté (code {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn ne répond pas après {timeout:.0f} s")


def _wrk(wrk: str, script: Path, base: str, seconds: int) -> dict:
    """Run wrk (one thread, `CONNECTIONS` connections); the summary its Lua `done` writes."""
    output = subprocess.run(
        [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(script), base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))
