"""Index generations: atomic publication, pruning, the writer lock and its recovery."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest
from conftest import PRESS, SAMPLES, eventually

from searchapp import generations, indexing
from searchapp.indexing import workers
from searchapp.search import engine
from searchapp.search.catalog import Catalog, LiveCatalog, NoIndex
from searchapp.search.request import SearchRequest


def test_rebuild_publishes_a_new_generation_and_prunes_old_ones(tmp_path):
    names = []
    for _ in range(4):
        indexing.rebuild([PRESS], tmp_path)
        names.append(generations.pointer(tmp_path))
    assert len(set(names)) == 4
    kept = sorted(p.name for p in tmp_path.glob("gen-*"))
    assert kept == sorted(names[-1 - generations.MAX_SUPERSEDED :])
    assert not list(tmp_path.glob(".build-*"))


def test_superseded_generations_go_after_the_grace_period_and_debris_at_once(tmp_path):
    for _ in range(2):
        indexing.rebuild([PRESS], tmp_path)
    live = generations.pointer(tmp_path)
    debris = [tmp_path / ".build-20200101T000000000000Z-1", tmp_path / "gen-29991231T000000000000Z"]
    for path in [*debris, tmp_path / "gen-manual"]:
        path.mkdir()
    generations.prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted(
        [p.name for p in tmp_path.glob("gen-2*") if p.name < "gen-2999"] + ["gen-manual"]
    )
    later = datetime.now(timezone.utc) + timedelta(seconds=generations.GRACE_SECONDS + 1)
    generations.prune(tmp_path, now=later)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted([live, "gen-manual"])


def test_an_open_catalog_survives_the_removal_of_its_generation(tmp_path):
    """What makes pruning safe: Whoosh maps the whole segment when the searcher opens."""
    indexing.rebuild([PRESS], tmp_path)
    catalog = Catalog(generations.current(tmp_path))
    requests = [SearchRequest(q="ingerence", filters=(("country", ("Russie",)),)), SearchRequest(sort="oldest")]
    before = [engine.run(catalog, request).to_dict(str) for request in requests]
    shutil.rmtree(tmp_path)
    assert [engine.run(catalog, request).to_dict(str) for request in requests] == before
    assert before[0]["total"] == 4 and before[1]["total"] == 8
    assert catalog.document("a7")[1]["title"] == "Le climat au cœur du sommet européen"
    catalog.close()


def test_live_catalog_keeps_serving_when_the_new_generation_is_unreadable(tmp_path, caplog):
    indexing.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    assert live.get().doc_count == 8
    (tmp_path / "gen-broken").mkdir()
    (tmp_path / generations.CURRENT).write_text("gen-broken\n")
    eventually(lambda: live.get().doc_count == 8 and "index generation unreadable" in caplog.text)
    indexing.rebuild([SAMPLES], tmp_path)
    eventually(lambda: live.get().doc_count == 5)
    live.close()


def test_an_unreadable_only_generation_is_a_clear_no_index_until_a_good_one_comes(tmp_path, caplog):
    (tmp_path / "gen-broken").mkdir()
    (tmp_path / generations.CURRENT).write_text("gen-broken\n")
    live = LiveCatalog(tmp_path, check_every=60)
    for _ in range(3):
        with pytest.raises(NoIndex, match=r"la génération gen-broken de l'index .* ne peut pas être ouverte"):
            live.get()
    assert caplog.text.count("index generation unreadable") == 1  # logged once, not at every request
    live.check_every = 0
    indexing.rebuild([SAMPLES], tmp_path)
    assert live.get().doc_count == 5
    live.close()


def test_live_catalog_switches_to_the_new_generation_opened_in_the_background(tmp_path, monkeypatch):
    indexing.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    old = live.get()
    assert old.doc_count == 8
    opening, opened = threading.Event(), threading.Event()
    real_init = Catalog.__init__

    def slow_init(self, path, *quotations_of):
        opening.set()
        assert opened.wait(5)  # held until the test lets it finish
        real_init(self, path, *quotations_of)

    monkeypatch.setattr(Catalog, "__init__", slow_init)
    indexing.rebuild([SAMPLES], tmp_path)
    assert live.get() is old  # the new generation opens in the background: the old one answers
    assert opening.wait(5)
    assert live.get() is old and old.searcher.doc_count() == 8
    opened.set()
    eventually(lambda: live.get().doc_count == 5)
    live.close()


def test_a_running_rebuild_blocks_another_one(tmp_path):
    with generations.WriterLock(tmp_path), pytest.raises(generations.IndexBusy) as busy:
        indexing.rebuild([PRESS], tmp_path)
    assert f"processus {os.getpid()} sur {socket.gethostname()}" in str(busy.value)
    assert generations.current(tmp_path) is None
    indexing.rebuild([PRESS], tmp_path)  # the lock was released


def test_a_stale_lock_is_taken_over(tmp_path):
    stale = {"pid": 2**22 + 12345, "host": socket.gethostname(), "started": "2020-01-01T00:00:00+00:00"}
    (tmp_path / generations.LOCK).write_text(json.dumps(stale))
    report = indexing.rebuild([PRESS], tmp_path)
    assert report.recovered_lock == stale
    assert generations.current(tmp_path) is not None
    assert not (tmp_path / generations.LOCK).exists()


HOLD_LOCK = """
import sys, time
from searchapp.generations import WriterLock
with WriterLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_of_another_process_blocks_until_it_is_killed(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(generations.IndexBusy) as busy:
            indexing.update([PRESS], tmp_path)
        assert f"(processus {holder.pid} sur {socket.gethostname()}, depuis 20" in str(busy.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    report = indexing.rebuild([PRESS], tmp_path)
    assert report.recovered_lock["pid"] == holder.pid
    assert report.indexed == 8


def test_a_failed_build_leaves_the_live_index_and_no_debris(tmp_path, monkeypatch):
    indexing.rebuild([PRESS], tmp_path)
    live = generations.current(tmp_path)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workers, "to_document", explode)
    with pytest.raises(RuntimeError):
        indexing.rebuild([SAMPLES], tmp_path)
    assert generations.current(tmp_path) == live
    assert not list(tmp_path.glob(".build-*"))
    assert not (tmp_path / generations.LOCK).exists()


def test_a_new_generation_parses_queries_with_its_own_lexicon(tmp_path):
    indexing.rebuild([SAMPLES], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    assert "body:preuv" in str(live.get().parser.parse("épreuve"))  # unknown to the samples: corrected
    indexing.rebuild([PRESS], tmp_path)
    eventually(lambda: live.get().doc_count == 8)
    assert "body:epreuv" in str(live.get().parser.parse("épreuve"))
    assert engine.run(live.get(), SearchRequest(q="épreuve")).total == 1
    live.close()


def test_a_new_generation_looks_up_terms_in_its_own_term_table(tmp_path):
    indexing.rebuild([SAMPLES], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    request = SearchRequest(q="brexit")  # in the press articles only, searched as its own stem in both
    assert engine.run(live.get(), request).total == 0
    assert ("body", b"brex") not in live.get().terms
    indexing.rebuild([PRESS], tmp_path)
    eventually(lambda: live.get().doc_count == 8)
    page = engine.run(live.get(), request)
    assert page.total == 1 and page.terms == {"brex"}
    live.close()


def test_a_new_generation_is_warmed_with_the_postings_the_previous_one_read(tmp_path):
    indexing.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    old = live.get()
    engine.run(old, SearchRequest.from_params({"q": ["ingérence russe"]}))
    read = old.scorer.postings.keys()
    assert read
    indexing.rebuild([PRESS, SAMPLES], tmp_path)
    eventually(lambda: live.get() is not old)
    assert live.get().scorer.postings.keys() == read  # read before the switch, not at the first search
    live.close()
