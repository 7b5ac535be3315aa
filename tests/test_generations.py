"""Index generations: atomic publication, pruning, the writer lock and its recovery."""

import json
import os
import socket

import pytest

from searchapp import generations, indexer
from searchapp.catalog import LiveCatalog

from conftest import PRESS, SAMPLES


def test_rebuild_publishes_a_new_generation_and_prunes_old_ones(tmp_path):
    names = []
    for _ in range(4):
        indexer.rebuild([PRESS], tmp_path)
        names.append(generations.pointer(tmp_path))
    assert len(set(names)) == 4
    kept = sorted(p.name for p in tmp_path.glob("gen-*"))
    assert kept == sorted(names[-1 - generations.KEEP_PREVIOUS:])
    assert not list(tmp_path.glob(".build-*"))


def test_live_catalog_switches_to_the_new_generation(tmp_path):
    indexer.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    assert live.get().doc_count == 8
    indexer.rebuild([SAMPLES], tmp_path)
    assert live.get().doc_count == 5
    live.close()


def test_a_running_rebuild_blocks_another_one(tmp_path):
    with generations.WriterLock(tmp_path):
        with pytest.raises(generations.IndexBusy) as busy:
            indexer.rebuild([PRESS], tmp_path)
    assert f"processus {os.getpid()} sur {socket.gethostname()}" in str(busy.value)
    assert generations.current(tmp_path) is None
    indexer.rebuild([PRESS], tmp_path)  # the lock was released


def test_a_stale_lock_is_taken_over(tmp_path):
    (tmp_path / generations.LOCK).write_text(json.dumps(
        {"pid": 2 ** 22 + 12345, "host": socket.gethostname(), "started": "2020-01-01T00:00:00+00:00"}))
    indexer.rebuild([PRESS], tmp_path)
    assert generations.current(tmp_path) is not None
    assert not (tmp_path / generations.LOCK).exists()


def test_a_failed_build_leaves_the_live_index_and_no_debris(tmp_path, monkeypatch):
    indexer.rebuild([PRESS], tmp_path)
    live = generations.current(tmp_path)

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexer, "to_document", explode)
    with pytest.raises(RuntimeError):
        indexer.rebuild([SAMPLES], tmp_path)
    assert generations.current(tmp_path) == live
    assert not list(tmp_path.glob(".build-*"))
    assert not (tmp_path / generations.LOCK).exists()
