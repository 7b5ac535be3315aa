"""Faults on disk and in the corpus: each reported with its reason, nothing else lost, the live index kept serving.

The full and read-only disks are real: a small tmpfs mounted for the test (root
only; CI runs as root, where a refused mount fails the test instead of skipping it).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PRESS, SAMPLES, eventually

from searchapp import generations, indexing
from searchapp.cli import main
from searchapp.search import engine
from searchapp.search.catalog import Catalog, LiveCatalog
from searchapp.search.request import SearchRequest
from searchapp.web.app import create_app

WORDS = (
    "gouvernement ministre réforme élection sénat assemblée budget impôt europe sommet accord crise "
    "guerre paix frontière énergie climat tribunal procès enquête police syndicat grève école hôpital"
).split()


@pytest.fixture
def runner():
    return CliRunner()


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A real file system of `size` (tmpfs) at `path`, unmounted at the end."""
    if os.geteuid() != 0:
        pytest.skip("monter un tmpfs demande root")
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode:
        message = f"mount refusé : {mounted.stderr.decode(errors='replace').strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def big_corpus(path: Path, articles: int) -> Path:
    """A JSONL corpus of `articles` articles of about 4 KB, with a vocabulary of their own."""
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(articles):
            words = [rng.choice(WORDS) if rng.random() < 0.7 else f"mot{rng.randrange(50_000)}" for _ in range(500)]
            handle.write(json.dumps({"id": f"big-{n}", "title": f"Article {n}", "text": " ".join(words)}) + "\n")
    return path


def serves(index_dir: Path, total: int) -> bool:
    """The live generation opens and answers a search with `total` articles."""
    catalog = Catalog(generations.current(index_dir))
    try:
        return engine.run(catalog, SearchRequest()).total == total
    finally:
        catalog.close()


def test_a_full_disk_keeps_the_live_index_and_says_how_much_space_is_needed(tmp_path, runner):
    big = big_corpus(tmp_path / "big.jsonl", 600)  # about 2.4 MB of text
    with tmpfs(tmp_path / "disk", "1m") as disk:
        index_dir = disk / "index"
        indexing.rebuild([PRESS], index_dir)
        live = generations.current(index_dir)
        for command in ("rebuild", "update"):
            result = runner.invoke(
                main, ["index", command, "--corpus", str(PRESS), "--corpus", str(big), "--index-dir", str(index_dir)]
            )
            assert result.exit_code == 1, result.output
            assert (
                f"espace disque insuffisant dans {index_dir} : la nouvelle génération demande environ" in result.output
            )
            assert (
                "Mo étaient libres ; la génération en cours a été effacée, l'index actuel est conservé" in result.output
            )
            assert generations.current(index_dir) == live
            assert sorted(p.name for p in index_dir.iterdir()) == ["CURRENT", live.name]
            assert serves(index_dir, 8)
        assert runner.invoke(main, ["index", "check", "--index-dir", str(index_dir)]).exit_code == 0


def test_a_read_only_index_folder_is_reported_and_still_serves(tmp_path, runner):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        index_dir = disk / "index"
        indexing.rebuild([PRESS], index_dir)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = runner.invoke(main, ["index", "rebuild", "--corpus", str(SAMPLES), "--index-dir", str(index_dir)])
        assert result.exit_code == 1
        assert f"impossible d'écrire dans {index_dir} (Read-only file system)" in result.output
        client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
        assert client.get("/api/search").get_json()["total"] == 8


def only_file(generation: Path, suffix: str) -> Path:
    """The article index's file of that suffix (the quotations' index has its own)."""
    (found,) = generation.glob(f"*MAIN_*{suffix}")
    return found


DAMAGES = [
    (lambda generation: (generation / generations.MANIFEST).write_text("{pas du json"), "manifest.json illisible"),
    (lambda generation: os.truncate(only_file(generation, ".seg"), 100), "octets au lieu de"),
    (lambda generation: only_file(generation, ".toc").unlink(), "manquant"),
]
DAMAGE_IDS = ["manifest", "truncated segment", "missing table of contents"]


@pytest.mark.parametrize("damage, reason", DAMAGES, ids=DAMAGE_IDS)
def test_a_damaged_new_generation_is_refused_while_the_previous_one_serves(tmp_path, runner, caplog, damage, reason):
    indexing.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    assert live.get().doc_count == 8
    damaged = indexing.rebuild([SAMPLES], tmp_path).generation
    damage(damaged)
    eventually(lambda: live.get().doc_count == 8 and "index generation unreadable" in caplog.text)
    for _ in range(3):
        assert live.get().doc_count == 8
        time.sleep(0.05)
    assert caplog.text.count("index generation unreadable") == 1
    check = runner.invoke(main, ["index", "check", "--index-dir", str(tmp_path)])
    assert check.exit_code == 1 and reason in check.stderr
    assert f"la génération {damaged.name} est endommagée" in check.stderr
    indexing.rebuild([SAMPLES], tmp_path)
    eventually(lambda: live.get().doc_count == 5)
    live.close()


def test_a_truncated_segment_is_named_with_its_sizes(tmp_path, runner, caplog):
    indexing.rebuild([PRESS], tmp_path)
    live = LiveCatalog(tmp_path, check_every=0)
    live.get()
    damaged = indexing.rebuild([SAMPLES], tmp_path).generation
    segment = only_file(damaged, ".seg")
    size = segment.stat().st_size
    os.truncate(segment, size // 2)
    eventually(
        lambda: live.get() and f"{damaged.name} : {segment.name} : {size // 2} octets au lieu de {size}" in caplog.text
    )
    assert live.get().doc_count == 8
    check = runner.invoke(main, ["index", "check", "--index-dir", str(tmp_path)])
    assert f"altéré : {segment.name} : {size // 2} octets au lieu de {size}" in check.stderr
    live.close()


def test_index_check_tells_altered_contents_from_intact_ones(tmp_path, runner):
    generation = indexing.rebuild([PRESS], tmp_path).generation
    intact = runner.invoke(main, ["index", "check", "--index-dir", str(tmp_path)])
    assert intact.exit_code == 0 and "État : intacte" in intact.output
    segment = only_file(generation, ".seg")
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, one byte flipped
    segment.write_bytes(bytes(data))
    altered = runner.invoke(main, ["index", "check", "--index-dir", str(tmp_path)])
    assert altered.exit_code == 1
    assert f"altéré : {segment.name} : contenu altéré (somme de contrôle différente)" in altered.stderr


@pytest.mark.parametrize("damage, reason", DAMAGES, ids=DAMAGE_IDS)
def test_a_lone_damaged_generation_is_a_french_503_until_a_good_one_comes(tmp_path, runner, damage, reason):
    damage(indexing.rebuild([PRESS], tmp_path).generation)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path), "CATALOG_CHECK_SECONDS": 0}).test_client()
    for _ in range(3):
        page = client.get("/?q=russie")
        assert page.status_code == 503
        assert "ne peut pas être ouverte" in page.get_data(as_text=True)
        api = client.get("/api/search?q=russie")
        assert api.status_code == 503 and api.get_json()["error"] == "Index indisponible"
    check = runner.invoke(main, ["index", "check", "--index-dir", str(tmp_path)])
    assert check.exit_code == 1 and reason in check.stderr
    indexing.rebuild([PRESS], tmp_path)
    assert client.get("/api/search?q=russie").status_code == 200


def test_a_generation_without_quotations_serves_articles_and_says_why_not_quotations(tmp_path, runner):
    generation = indexing.rebuild([PRESS], tmp_path).generation
    manifest = generations.read_manifest(generation)  # as an earlier version built it: no quotations' index
    quoted = [name for name in manifest["files"] if name.startswith(("quotes_", "_quotes_"))]
    assert quoted
    for name in quoted:
        (generation / name).unlink()
        del manifest["files"][name]
    generations.write_manifest(generation, manifest)
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    assert client.get("/?q=russie").status_code == 200
    assert client.get("/api/search?q=russie").get_json()["total"] > 0
    why = "index des citations : lancez « searchapp index rebuild »"
    for url in ("/citations?q=russie", "/citations/export.csv?q=russie"):
        page = client.get(url)
        assert page.status_code == 503 and why in page.get_data(as_text=True)
    api = client.get("/api/citations?q=russie")
    assert api.status_code == 503 and api.get_json()["error"] == "Citations indisponibles"
    for options in ([], ["--all", "--format", "csv"]):
        result = runner.invoke(main, ["search", "russie", "--citations", *options, "--index-dir", str(tmp_path)])
        assert result.exit_code == 1 and why in result.output


def test_a_current_pointing_nowhere_is_a_503_naming_it(tmp_path):
    indexing.rebuild([PRESS], tmp_path)
    (tmp_path / generations.CURRENT).write_text("gen-20990101T000000000000Z\n", encoding="utf-8")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503
    assert "la génération gen-20990101T000000000000Z" in response.get_json()["message"]


def test_odd_file_names_are_indexed_and_printed_on_one_line_of_utf8(tmp_path, runner):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    articles = sorted(SAMPLES.glob("*.txt"))
    names = ["saut\nde ligne.txt", os.fsdecode(b"caf\xe9-latin1.txt"), "tab\tulation.txt"]
    for name, article in zip(names, articles):
        (corpus / name).write_bytes(article.read_bytes())
    (corpus / "vide\n.txt").write_bytes(b"")
    index_dir = tmp_path / "index"
    result = runner.invoke(main, ["index", "rebuild", "--corpus", str(corpus), "--index-dir", str(index_dir)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [f"ignoré : {corpus}/vide\\n.txt: fichier vide"]
    assert serves(index_dir, 3)
    extracted = runner.invoke(main, ["extract", "--json", str(corpus)])
    records = [json.loads(line.decode("utf-8")) for line in extracted.stdout_bytes.splitlines()]
    assert sorted(Path(record["path"]).name for record in records) == [
        "caf\\xe9-latin1.txt",
        "saut\\nde ligne.txt",
        "tab\\tulation.txt",
    ]


def test_a_file_vanishing_or_forbidden_while_read_is_reported_and_the_rest_indexed(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in sorted(SAMPLES.glob("*.txt")):
        (corpus / article.name).write_bytes(article.read_bytes())
    _, vanishing, forbidden, *_ = sorted(corpus.iterdir())
    read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        if path == forbidden:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)  # root reads any file: refuse one as a user's chmod would
    report = indexing.rebuild([corpus], tmp_path / "index", on_progress=lambda done, total: vanishing.unlink(True))
    assert sorted((Path(p.path).name, p.reason) for p in report.problems) == [
        (vanishing.name, "illisible (No such file or directory)"),
        (forbidden.name, "illisible (Permission denied)"),
    ]
    assert report.indexed == 3


def test_an_update_while_a_rebuild_holds_the_lock_stops_and_publishes_nothing(tmp_path, runner):
    indexing.rebuild([PRESS], tmp_path)
    live = generations.current(tmp_path)
    with generations.WriterLock(tmp_path):
        for command in ("update", "rebuild"):
            result = runner.invoke(main, ["index", command, "--corpus", str(SAMPLES), "--index-dir", str(tmp_path)])
            assert result.exit_code == 1 and "une reconstruction est déjà en cours (processus" in result.output
    assert generations.current(tmp_path) == live
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CURRENT", live.name]
