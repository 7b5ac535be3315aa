"""Build a new index generation from a corpus and switch to it atomically."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index

from . import generations
from .articles import ArticleError, build
from .corpus import Problem, Source, find_files, read_sources
from .schema import build_schema, to_document

MANIFEST = "manifest.json"


class NothingIndexed(RuntimeError):
    """The corpus gave no article; the live index is kept."""


@dataclass
class Report:
    """What a rebuild did."""

    indexed: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None


def rebuild(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    on_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Index every article under `paths` into a new generation and publish it.

    `on_progress(done_bytes, total_bytes)` is called as the corpus is read.
    Raises `generations.IndexBusy` when another rebuild runs, and
    `NothingIndexed` (publishing nothing) when no article could be read.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    files, problems = find_files(paths)
    report = Report(problems=problems)
    total = sum(path.stat().st_size for path in files)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if on_progress:
            on_progress(done, total)

    with generations.WriterLock(index_dir):
        build_dir = generations.start(index_dir)
        try:
            ix = whoosh_index.create_in(str(build_dir), build_schema())
            writer = ix.writer(limitmb=256)
            seen: dict[str, str] = {}
            for item in read_sources(files, advance):
                article = _article(item, seen, report.problems)
                if article is not None:
                    writer.add_document(**to_document(article))
                    report.indexed += 1
            if not report.indexed:
                writer.cancel()
                raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
            writer.commit(optimize=True)
            report.seconds = time.monotonic() - started
            _write_manifest(build_dir, paths, report)
            report.generation = generations.publish(index_dir, build_dir)
        except BaseException:
            generations.discard(build_dir)
            raise
        generations.prune(index_dir)
    return report


def _article(item: Source | Problem, seen: dict[str, str], problems: list[Problem]):
    """The article of a source, or None after recording why it was skipped."""
    if isinstance(item, Problem):
        problems.append(item)
        return None
    where = f"{item.path}:{item.line}" if item.line else item.path
    if item.id in seen:
        problems.append(Problem(item.path, f"identifiant « {item.id} » en double (déjà lu dans {seen[item.id]})", item.line))
        return None
    try:
        article = build(item)
    except ArticleError as error:
        problems.append(Problem(item.path, str(error), item.line))
        return None
    seen[item.id] = where
    return article


def _write_manifest(build_dir: Path, paths, report: Report) -> None:
    manifest = {
        "articles": report.indexed,
        "skipped": len(report.problems),
        "corpus": [str(p) for p in paths],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(report.seconds, 3),
    }
    (build_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
