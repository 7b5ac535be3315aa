"""The watched folder: new, changed and vanished articles are published within seconds; a file still being
written is waited for; a bad file is reported and the watch goes on; the watch stops cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, eventually

from searchapp import generations, indexing
from searchapp.search import engine
from searchapp.search.catalog import Catalog
from searchapp.search.request import SearchRequest

ARTICLES = sorted(SAMPLES.glob("*.txt"))
WITHIN = 5.0  # seconds for a saved article to be searchable


def indexed(index_dir: Path) -> set[str]:
    """The ids of the live generation's articles."""
    live = generations.current(index_dir)
    if live is None:
        return set()
    catalog = Catalog(live)
    try:
        return {catalog.searcher.stored_fields(n)["id"] for n in range(catalog.size) if catalog.live[n]}
    finally:
        catalog.close()


class Watching:
    """A watcher running in a thread over `corpus`, its updates and problems recorded."""

    def __init__(self, corpus: Path, index_dir: Path, poll: bool = False):
        self.updates: list[indexing.Report] = []
        self.problems: list[str] = []
        self.watcher = indexing.Watcher(
            [corpus], index_dir, quiet=0.3, poll=poll, on_update=self.updates.append, on_problem=self.problems.append
        )
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watcher.run, args=(self.stop,))

    def __enter__(self) -> Watching:
        self.thread.start()
        time.sleep(0.3)  # the observer is scheduled
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(ARTICLES[0], folder)
    indexing.rebuild([folder], tmp_path / "index")
    return folder


@pytest.mark.parametrize("poll", [False, True], ids=["inotify", "polling"])
def test_new_changed_and_vanished_articles_are_published(corpus, tmp_path, poll):
    index_dir = tmp_path / "index"
    first, second = ARTICLES[0].stem, ARTICLES[1].stem
    with Watching(corpus, index_dir, poll=poll) as watching:
        shutil.copy(ARTICLES[1], corpus)
        eventually(lambda: indexed(index_dir) == {first, second})
        (corpus / ARTICLES[1].name).write_bytes(ARTICLES[2].read_bytes())  # same file, another article
        eventually(lambda: len(watching.updates) == 2)
        catalog = Catalog(generations.current(index_dir))
        assert engine.run(catalog, SearchRequest(q="Trump")).total >= 1
        catalog.close()
        (corpus / ARTICLES[0].name).unlink()
        eventually(lambda: indexed(index_dir) == {second})
    assert [(r.added, r.changed, r.removed) for r in watching.updates] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]


def test_a_saved_correction_file_is_published(corpus, tmp_path):
    index_dir = tmp_path / "index"
    sidecar = corpus / (ARTICLES[0].stem + ".meta.json")

    def title() -> str:
        catalog = Catalog(generations.current(index_dir))
        try:
            return catalog.searcher.stored_fields(0)["title"]
        finally:
            catalog.close()

    with Watching(corpus, index_dir) as watching:
        sidecar.write_text('{"title": "Titre corrigé"}', encoding="utf-8")
        eventually(lambda: title() == "Titre corrigé")
        sidecar.unlink()
        eventually(lambda: len(watching.updates) == 2)
    assert [(r.added, r.changed, r.removed) for r in watching.updates] == [(0, 1, 0), (0, 1, 0)]
    assert title() != "Titre corrigé"


def test_a_file_still_being_written_is_waited_for(corpus, tmp_path):
    index_dir = tmp_path / "index"
    data = ARTICLES[1].read_bytes()
    with Watching(corpus, index_dir) as watching, open(corpus / "slow.txt", "wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        time.sleep(1.5)  # five quiet periods: still open, not published
        assert watching.updates == [] and indexed(index_dir) == {ARTICLES[0].stem}
        handle.write(data[len(data) // 2 :])
        handle.close()
        eventually(lambda: indexed(index_dir) == {ARTICLES[0].stem, "slow"})
    assert len(watching.updates) == 1


def test_a_bad_file_is_reported_and_the_watch_goes_on(corpus, tmp_path):
    index_dir = tmp_path / "index"
    with Watching(corpus, index_dir) as watching:
        (corpus / "vide.txt").write_bytes(b"")
        (corpus / "binaire.txt").write_bytes(b"\x00\x01\x02" * 100)
        shutil.copy(ARTICLES[3], corpus)
        eventually(lambda: indexed(index_dir) == {ARTICLES[0].stem, ARTICLES[3].stem})
    reasons = sorted(Path(p.path).name for p in watching.updates[-1].problems)
    assert reasons == ["binaire.txt", "vide.txt"]


def test_a_held_lock_is_waited_for(corpus, tmp_path):
    index_dir = tmp_path / "index"
    with Watching(corpus, index_dir) as watching:
        with generations.WriterLock(index_dir):
            shutil.copy(ARTICLES[1], corpus)
            eventually(lambda: any("une reconstruction est déjà en cours" in p for p in watching.problems))
            assert indexed(index_dir) == {ARTICLES[0].stem}
        eventually(lambda: indexed(index_dir) == {ARTICLES[0].stem, ARTICLES[1].stem})


def test_the_command_publishes_and_stops_cleanly_on_sigterm(corpus, tmp_path):
    index_dir = tmp_path / "index"
    command = Path(sys.executable).with_name("searchapp")
    watch = subprocess.Popen(
        [command, "index", "watch", "--corpus", str(corpus), "--index-dir", str(index_dir), "--quiet", "0.3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.5)
        saved = time.monotonic()
        shutil.copy(ARTICLES[4], corpus)
        eventually(lambda: ARTICLES[4].stem in indexed(index_dir))
        assert time.monotonic() - saved < WITHIN
    finally:
        watch.send_signal(signal.SIGTERM)
        out, err = watch.communicate(timeout=15)
    assert watch.returncode == 0, err
    assert "Surveillance de" in out and "1 ajouté(s)" in out and out.rstrip().endswith("Surveillance arrêtée.")
    with generations.WriterLock(index_dir):  # released
        pass
    assert not [p for p in index_dir.iterdir() if p.name.startswith(".build")]
    os.sync()
