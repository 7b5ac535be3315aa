"""Under load and faults: a live gunicorn server through three rebuilds, and a rebuild killed half-way."""

import contextlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PRESS, ROOT, SAMPLES, eventually

from searchapp import generations, indexing
from searchapp.cli import main
from searchapp.web.app import create_app

pytestmark = pytest.mark.slow

SWITCH_SECONDS = 2.0  # every worker answers from a new generation this long after its publication
CLIENTS = 4
MAX_REQUESTS = 20_000
URLS = ["/api/search", "/api/search?q=ingerence&sort=oldest", "/?q=russie", "/api/search?country=Russie"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, url: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture()
def gunicorn(tmp_path):
    """A gunicorn server (2 workers, default catalog check interval) on a free loopback port; yields (port, index)."""
    with serving(tmp_path) as server:
        yield server


@contextlib.contextmanager
def serving(tmp_path, **settings: str):
    """gunicorn with our configuration and `settings` in its environment; yields (port, index)."""
    index_dir = tmp_path / "index"
    indexing.rebuild([PRESS], index_dir)
    port = free_port()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="2", SEARCHAPP_INDEX_DIR=str(index_dir))
    env.update(settings)
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "python:searchapp.web.gunicorn_conf", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if get(port, "/api/search")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.1)
        yield port, index_dir
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


def load(port: int, stop: threading.Event, seen: list) -> None:
    """Query until told to stop: (started, url, status or error, total) per request."""
    rng = random.Random()
    while not stop.is_set() and len(seen) < MAX_REQUESTS:
        url = rng.choice(URLS)
        started = time.monotonic()
        try:
            status, body = get(port, url)
        except OSError as error:
            seen.append((started, url, repr(error), None))
            continue
        total = json.loads(body)["total"] if status == 200 and url.startswith("/api/") else None
        seen.append((started, url, status, total))


def test_three_rebuilds_under_load_fail_no_request_and_switch_within_two_seconds(gunicorn):
    port, index_dir = gunicorn
    seen: list = []
    stop = threading.Event()
    clients = [threading.Thread(target=load, args=(port, stop, seen)) for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    phases = [(0.0, 0.0, 8)]  # (rebuild started, published, articles): press.jsonl, then samples, press, samples
    try:
        time.sleep(1.0)
        for corpus, articles in [(SAMPLES, 5), (PRESS, 8), (SAMPLES, 5)]:
            started = time.monotonic()
            indexing.rebuild([corpus], index_dir)
            phases.append((started, time.monotonic(), articles))
            time.sleep(SWITCH_SECONDS + 1.0)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=30)

    assert [s for s in seen if s[2] != 200] == []
    ends = [started for started, _, _ in phases[1:]] + [float("inf")]
    for (_, published, articles), end in zip(phases, ends):
        settled = published + SWITCH_SECONDS if published else 0.0
        totals = {total for started, url, _, total in seen if url == "/api/search" and settled <= started < end}
        assert totals == {articles}, (published, articles, totals)
    assert len(seen) > 200
    assert len(list(index_dir.glob("gen-*"))) <= 1 + generations.MAX_SUPERSEDED


RAW_REQUESTS = [  # (request, status, answered by the app rather than by gunicorn's parser)
    (b"GET /?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, False),
    (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(60)) + b"\r\n", 431, False),
    (b"GET /?q=\xff\x00 HTTP/1.1\r\nHost: x\r\n\r\n", 400, False),  # raw bytes: not HTTP
    (b"GET /?q=%ff%fe%00&page=%c3 HTTP/1.1\r\nHost: x\r\n\r\n", 400, True),
    (b"GET /?q=%ff%fe%00%0d%0a HTTP/1.1\r\nHost: x\r\n\r\n", 200, True),
    (b"GET /article/%ff%00 HTTP/1.1\r\nHost: x\r\n\r\n", 404, True),
    (b"GET /api/search?q=%00&q=&page=1&page=2&per_page=20 HTTP/1.1\r\nHost: x\r\n\r\n", 200, True),
    (b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", 405, True),
]


def test_workers_are_replaced_after_max_requests_without_a_failed_request(tmp_path):
    with serving(tmp_path, GUNICORN_MAX_REQUESTS="40", GUNICORN_MAX_REQUESTS_JITTER="5") as (port, _):
        statuses = [get(port, url)[0] for url in URLS * (300 // len(URLS))]
    log = (tmp_path / "gunicorn.log").read_text()
    assert statuses.count(200) == len(statuses)
    assert log.count("Autorestarting worker after current request") >= 4
    assert log.count("Booting worker with pid") >= 6


def test_raw_hostile_requests_get_4xx_from_the_real_stack(gunicorn):
    port, _ = gunicorn
    for raw, status, by_app in RAW_REQUESTS:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(raw)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        head = answer.split(b"\r\n\r\n", 1)[0]
        assert head.startswith(b"HTTP/1.1 %d " % status), (raw[:60], head)
        assert (b"\r\nContent-Security-Policy: " in head) == by_app
        assert b"Traceback" not in answer


def write_big_corpus(path: Path, articles: int = 3000) -> None:
    """A JSONL corpus that takes a few seconds to index."""
    words = (
        "ingérence russe élections ministre déclaration gouvernement sommet climat accord sanctions "
        "diplomatie président Washington Moscou Pékin Bruxelles européen négociations frontière armée "
        "économie commerce énergie pétrole gaz réfugiés parlement opposition réforme budget"
    ).split()
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(articles):
            paragraphs = ["Le " + " ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(4)]
            handle.write(
                json.dumps(
                    {"id": f"b{n}", "title": " ".join(rng.sample(words, 6)), "text": "\n\n".join(paragraphs)},
                    ensure_ascii=False,
                )
                + "\n"
            )


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


def start_rebuild(corpus: Path, index_dir: Path) -> tuple[subprocess.Popen, set[int]]:
    """A rebuild in two worker processes, in its own session, once it is well under way: (it, its workers)."""
    command = Path(sys.executable).with_name("searchapp")
    build = subprocess.Popen(
        [str(command), "index", "rebuild", "--corpus", str(corpus), "--index-dir", str(index_dir), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while not list(index_dir.glob(".build-*/*.toc")) or len(children(build.pid)) < 2:
        assert build.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)  # well into the build
    assert build.poll() is None
    return build, children(build.pid)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes")
def test_ctrl_c_stops_the_rebuild_and_its_workers_and_leaves_no_debris(tmp_path):
    index_dir = tmp_path / "index"
    indexing.rebuild([PRESS], index_dir)
    live = generations.pointer(index_dir)
    write_big_corpus(tmp_path / "big.jsonl")
    build, workers = start_rebuild(tmp_path / "big.jsonl", index_dir)
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C does in a terminal: the whole foreground group
    assert build.wait(timeout=10) == 1
    deadline = time.monotonic() + 5
    while alive(workers):
        assert time.monotonic() < deadline, alive(workers)
        time.sleep(0.05)
    assert generations.pointer(index_dir) == live
    assert not list(index_dir.glob(".build-*")) and not (index_dir / generations.LOCK).exists()


def test_a_rebuild_killed_half_way_leaves_the_live_index_and_the_next_rebuild_works(tmp_path, runner):
    index_dir = tmp_path / "index"
    indexing.rebuild([PRESS], index_dir)
    live = generations.pointer(index_dir)
    write_big_corpus(tmp_path / "big.jsonl")
    build, workers = start_rebuild(tmp_path / "big.jsonl", index_dir)
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 5
    while alive(workers):  # orphaned, they notice and exit
        assert time.monotonic() < deadline, alive(workers)
        time.sleep(0.05)

    assert generations.pointer(index_dir) == live
    assert list(index_dir.glob(".build-*")) and (index_dir / generations.LOCK).exists()  # debris
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CATALOG_CHECK_SECONDS": 0}).test_client()
    assert client.get("/api/search").get_json()["total"] == 8

    result = runner.invoke(main, ["index", "rebuild", "--corpus", str(SAMPLES), "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert f"verrou abandonné par le processus {build.pid} (depuis 20" in result.output
    assert not list(index_dir.glob(".build-*")) and not (index_dir / generations.LOCK).exists()
    eventually(lambda: client.get("/api/search").get_json()["total"] == 5)
