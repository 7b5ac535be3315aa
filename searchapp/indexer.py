"""Build a new index generation from a corpus, afresh or as an update of the live one, and publish it."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import generations, segments
from .articles import Article, ArticleError, build
from .corpus import Problem, Source, find_files, read_sources
from .schema import build_schema, to_document

MANIFEST = "manifest.json"
WRITER_MB = 256  # Whoosh's in-memory posting buffer before spilling to disk


class NothingIndexed(RuntimeError):
    """The corpus gave no article; the live index is kept."""


@dataclass
class Report:
    """What a rebuild or an update did."""

    indexed: int = 0  # articles in the new generation
    added: int = 0  # analysed: every article of a rebuild; new articles of an update
    changed: int = 0  # re-analysed by an update because their source changed
    unchanged: int = 0  # copied by an update from the live generation
    removed: int = 0  # dropped by an update: their source is gone or unusable
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None  # None when an update found nothing to change
    recovered_lock: dict | None = None  # the dead process whose lock was taken over


def rebuild(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    on_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Index every article under `paths` into a new generation and publish it.

    `on_progress(done_bytes, total_bytes)` is called as the corpus is read.
    Raises `generations.IndexBusy` when another rebuild or update runs, and
    `NothingIndexed` (publishing nothing) when no article could be read.
    """
    return _publish(paths, index_dir, on_progress, incremental=False)


def update(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    on_progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Publish the generation a rebuild would give, analysing only new and changed articles.

    An article is unchanged when the live generation holds its source key
    (file path and id) with the same content digest, and was built by the
    same code (`code_version`); it is then copied, not analysed again. With no
    usable live generation this is a rebuild. Nothing is published when
    nothing changed. Raises like `rebuild`.
    """
    return _publish(paths, index_dir, on_progress, incremental=True)


def code_version() -> str:
    """A hash of the package's code and data files, which decide what gets indexed."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        parts = path.relative_to(package).parts
        if path.is_file() and parts[0] != "static" and "__pycache__" not in parts:
            digest.update("/".join(parts).encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _publish(paths, index_dir, on_progress, incremental: bool) -> Report:
    started = time.monotonic()
    index_dir = Path(index_dir)
    paths = list(paths)
    files, problems = find_files(paths)
    report = Report(problems=problems)
    advance = _progress_counter(files, on_progress)
    version = code_version()
    with generations.WriterLock(index_dir) as lock:
        report.recovered_lock = lock.stale
        generations.prune(index_dir)
        live = generations.current(index_dir) if incremental else None
        base = live if live is not None and _manifest(live).get("code") == version else None
        build_dir = generations.start(index_dir)
        try:
            if base is None:
                _write_fresh(build_dir, files, advance, report)
                changed = True
            else:
                changed = _write_update(build_dir, base, files, advance, report)
            report.seconds = time.monotonic() - started
            if changed:
                _write_manifest(build_dir, paths, report, version)
                report.generation = generations.publish(index_dir, build_dir)
        finally:
            if report.generation is None:
                generations.discard(build_dir)
        generations.prune(index_dir)
    return report


def _write_fresh(build_dir: Path, files, advance, report: Report) -> None:
    """Analyse every article into a new index in `build_dir`."""
    writer = whoosh_index.create_in(str(build_dir), build_schema()).writer(limitmb=WRITER_MB)
    for source, article in _articles(files, advance, report.problems, known={}):
        writer.add_document(**to_document(article, source.digest))
        report.added += 1
    report.indexed = report.added
    if not report.indexed:
        writer.cancel()
        raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
    writer.commit(optimize=True)


def _write_update(build_dir: Path, live: Path, files, advance, report: Report) -> bool:
    """Write into `build_dir` the live generation's unchanged articles and the new ones, in corpus order.

    New and changed articles are first analysed into a scratch index; then
    both indexes are copied, document by document in corpus order, into one
    segment, so that the result and its statistics equal a rebuild's.
    Returns False, writing nothing, when the result would equal the live one.
    """
    schema = build_schema()
    scratch = build_dir / "additions"
    scratch.mkdir()
    with whoosh_index.open_dir(str(live)).reader() as old:
        known = {(stored["path"], stored["id"]): (docnum, stored.get("digest")) for docnum, stored in old.iter_docs()}
        additions = whoosh_index.create_in(str(scratch), schema)
        writer = additions.writer(limitmb=WRITER_MB)
        order: list[tuple[int, int]] = []  # (0, live document number) or (1, scratch document number)
        for source, entry in _articles(files, advance, report.problems, known):
            if isinstance(entry, int):
                order.append((0, entry))
                report.unchanged += 1
                continue
            writer.add_document(**to_document(entry, source.digest))
            order.append((1, report.added + report.changed))
            if _key(source) in known:
                report.changed += 1
            else:
                report.added += 1
        writer.commit(optimize=True)
        report.indexed = len(order)
        report.removed = old.doc_count() - report.unchanged - report.changed
        if not report.indexed:
            raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
        if order == [(0, n) for n in range(old.doc_count())]:
            return False
        with additions.reader() as new:
            writer = whoosh_index.create_in(str(build_dir), schema).writer(limitmb=WRITER_MB)
            segments.copy_documents(writer, [old, new], order)
            writer.commit(optimize=True)
    shutil.rmtree(scratch)
    return True


def _articles(files, advance, problems: list[Problem], known: dict) -> Iterator[tuple[Source, Article | int]]:
    """Each indexable source in corpus order, with its article, or with its document number in
    the live generation when `known` (source key → document number, digest) shows it unchanged.

    Problems, unusable sources and repeated ids (the first usable one wins) go to `problems`.
    """
    seen: dict[str, str] = {}
    for item in read_sources(files, advance):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        where = f"{item.path}:{item.line}" if item.line else item.path
        if item.id in seen:
            problems.append(Problem(item.path, f"identifiant « {item.id} » en double (déjà lu dans {seen[item.id]})", item.line))
            continue
        docnum, digest = known.get(_key(item), (None, None))
        if digest == item.digest:
            entry = docnum
        else:
            try:
                entry = build(item)
            except ArticleError as error:
                problems.append(Problem(item.path, str(error), item.line))
                continue
        seen[item.id] = where
        yield item, entry


def _key(source: Source) -> tuple[str, str]:
    """What identifies an article across corpus versions: its file path and its id."""
    return source.path, source.id


def _progress_counter(files: list[Path], on_progress) -> Callable[[int], None]:
    total = sum(path.stat().st_size for path in files)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if on_progress:
            on_progress(done, total)

    return advance


def _manifest(generation: Path) -> dict:
    try:
        return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(build_dir: Path, paths, report: Report, version: str) -> None:
    manifest = {
        "articles": report.indexed,
        "skipped": len(report.problems),
        "corpus": [str(p) for p in paths],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(report.seconds, 3),
        "code": version,
    }
    (build_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
