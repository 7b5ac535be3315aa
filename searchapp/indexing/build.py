"""Build a new index generation from a corpus, afresh or as an update of the live one, and publish it."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from .. import generations
from ..codec.segments import SegmentBuilder
from ..ingest.corpus import Problem, Raw, find_files, read_raw, size_or_zero
from ..schema import QUOTES, build_quote_schema, build_schema, lexicon_words
from .codeversion import code_version
from .workers import Entry, Workers

# The errors of a folder that cannot take the new generation: full disk or quota, read-only or forbidden
WRITE_ERRORS = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM))
BATCH_BYTES = 1_000_000  # of raw articles handed to a worker process at a time
PARALLEL_BYTES = 4_000_000  # by default, a smaller corpus is indexed in-process: starting workers costs more


class NothingIndexed(RuntimeError):
    """The corpus gave no article; the live index is kept."""


class WriteFailed(RuntimeError):
    """The new generation could not be written (disk full, read-only or forbidden folder, damaged
    files); what was written is removed and the live index kept."""


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
    jobs: int | None = None,
) -> Report:
    """Index every article under `paths` into a new generation and publish it.

    `on_progress(done_bytes, total_bytes)` is called as the corpus is read.
    `jobs` worker processes (default: one per core, none under `PARALLEL_BYTES`)
    parse and analyse it; they are spawned, so a script calling this needs
    Python's `if __name__ == "__main__":` guard. Raises `generations.IndexBusy`
    when another rebuild or update runs, and `NothingIndexed` (publishing
    nothing) when no article could be read.
    """
    return _publish(paths, index_dir, on_progress, jobs, incremental=False, verify=True)


def update(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    on_progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    verify: bool = False,
) -> Report:
    """Publish the generation a rebuild would give, analysing only new and changed articles.

    An article is unchanged when the live generation holds its source key
    (file path and id) with the same content digest, and was built by the
    same code (`code_version`); it is then copied, not analysed again. A file
    whose size, modification time and inode are those the live generation
    recorded, and which gave no problem then, is not even opened: its articles
    are copied (`verify` reads and compares every file all the same). With no
    usable live generation this is a rebuild. Nothing is published when
    nothing changed. Raises like `rebuild`.
    """
    return _publish(paths, index_dir, on_progress, jobs, incremental=True, verify=verify)


def _publish(paths, index_dir, on_progress, jobs: int | None, incremental: bool, verify: bool) -> Report:
    started = time.monotonic()
    index_dir = Path(index_dir)
    paths = list(paths)
    files, problems = find_files(paths)
    report = Report(problems=problems)
    total = sum(map(size_or_zero, files))
    advance = _progress_counter(total, on_progress)
    jobs = jobs or (1 if total < PARALLEL_BYTES else os.cpu_count() or 1)
    version = code_version()
    free = _free_bytes(index_dir)
    try:
        with generations.WriterLock(index_dir) as lock:
            report.recovered_lock = lock.stale
            generations.prune(index_dir)
            live = generations.current(index_dir) if incremental else None
            base = live if live is not None and _built_by(live) == version else None
            build_dir = generations.start(index_dir)
            stats: dict[str, list[int]] = {}
            try:
                if base is None:
                    _write_fresh(build_dir, _items(files, advance, stats), report, jobs)
                    changed = True
                else:
                    changed = _write_update(build_dir, base, files, advance, stats, report, jobs, verify)
                report.seconds = time.monotonic() - started
                if changed:
                    troubled = {problem.path for problem in report.problems}
                    generations.write_sources(build_dir, {p: s for p, s in stats.items() if p not in troubled})
                    _write_manifest(build_dir, _manifest(paths, report, version))
                    report.generation = generations.publish(index_dir, build_dir)
            finally:
                if report.generation is None:
                    generations.discard(build_dir)
            generations.prune(index_dir)
    except OSError as error:
        if error.errno not in WRITE_ERRORS:
            raise
        raise WriteFailed(_write_failure(error, index_dir, files, free)) from error
    return report


def _write_manifest(build_dir: Path, manifest: dict) -> None:
    """The manifest with the checksums of the generation's files, checked before it is published."""
    manifest["files"] = generations.file_checksums(build_dir)
    generations.write_manifest(build_dir, manifest)
    damaged = generations.damage(build_dir)
    if damaged:
        raise WriteFailed(f"la génération écrite est altérée ({'; '.join(damaged)}) : l'index actuel est conservé")


def _write_fresh(build_dir: Path, items: Iterator[Raw | Problem | Entry], report: Report, jobs: int) -> None:
    """Analyse every article of `items` into a new index, its quotations' index and its lexicon
    in `build_dir`."""
    words: Counter[str] = Counter()
    with _segment_writer(build_dir) as writer, _segment_writer(build_dir, QUOTES) as quote_writer:
        builders = SegmentBuilder(writer), SegmentBuilder(quote_writer)
        with Workers(jobs, {}) as workers:
            for _ in _entries(items, report.problems, workers, builders, words):
                report.added += 1
            report.indexed = report.added
            if not report.indexed:
                raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
            for builder in builders:
                builder.finish(workers.pool)
        writer.commit()
        quote_writer.commit()
    generations.write_lexicon(build_dir, words)


@contextlib.contextmanager
def _segment_writer(build_dir: Path, name: str | None = None) -> Iterator:
    """A Whoosh writer of a new index in `build_dir` (the articles', or the quotations' when `name`
    is `QUOTES`), cancelled if anything fails before its commit (which also closes its files: on
    a full disk, a removed file still open would keep its space)."""
    if name is None:
        created = whoosh_index.create_in(str(build_dir), build_schema())
    else:
        created = whoosh_index.create_in(str(build_dir), build_quote_schema(), indexname=name)
    writer = created.writer()
    try:
        yield writer
    except BaseException:
        if not writer.is_closed:
            with contextlib.suppress(Exception):
                writer.cancel()
        raise


def _write_update(
    build_dir: Path, live: Path, files, advance, stats: dict, report: Report, jobs: int, verify: bool
) -> bool:
    """Write into `build_dir` the live generation's unchanged articles and the new ones, in corpus order.

    Unchanged articles are copied from the live generation, with their exact
    lengths, new and changed ones analysed, all in corpus order into one
    segment, so that the result and its statistics equal a rebuild's. The
    lexicon is the live one's, less the words of the live articles not copied,
    plus those of the articles analysed. Files left unread (`_items`) are those
    whose stats the live generation recorded, unless `verify`.
    Returns False, writing nothing, when the result would equal the live one.
    """
    with (
        whoosh_index.open_dir(str(live)).reader() as old,
        whoosh_index.open_dir(str(live), indexname=QUOTES).reader() as old_quotes,
    ):
        known = {}
        unread: dict[str, list[Entry]] = {}
        first_quote = [0]  # of each live article, in the live quotations' index
        for docnum, stored in old.iter_docs():
            known[(stored["path"], stored["id"])] = (docnum, stored.get("digest"))
            first_quote.append(first_quote[-1] + len(stored.get("quotes") or ()))
        for (path, article_id), (docnum, _) in sorted(known.items(), key=lambda item: item[1][0]):
            unread.setdefault(path, []).append(Entry(article_id, path, None, docnum))
        recorded = {} if verify else generations.read_sources(live)
        words = Counter(generations.read_lexicon(live))
        copied = set()
        in_place = True  # every article so far is the live one with the same number
        with _segment_writer(build_dir) as writer, _segment_writer(build_dir, QUOTES) as quote_writer:
            builders = SegmentBuilder(writer), SegmentBuilder(quote_writer)
            sources = builders[0].copy_from(old), builders[1].copy_from(old_quotes)
            with Workers(jobs, known) as workers:
                items = _items(files, advance, stats, recorded, unread)
                for entry in _entries(items, report.problems, workers, builders, words, sources, first_quote):
                    in_place = in_place and entry.copy == report.indexed
                    report.indexed += 1
                    if entry.copy is not None:
                        copied.add(entry.copy)
                        report.unchanged += 1
                    elif entry.key in known:
                        report.changed += 1
                    else:
                        report.added += 1
                report.removed = old.doc_count() - report.unchanged - report.changed
                if not report.indexed:
                    raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
                if in_place and report.indexed == old.doc_count():
                    writer.cancel()
                    quote_writer.cancel()
                    return False
                for builder in builders:
                    builder.finish(workers.pool)
            writer.commit()
            quote_writer.commit()
        for docnum in set(range(old.doc_count_all())) - copied:
            words.subtract(lexicon_words(old.stored_fields(docnum)))
    generations.write_lexicon(build_dir, words)
    return True


def _items(
    files: list[Path],
    advance: Callable[[int], None],
    stats: dict[str, list[int]],
    recorded: dict[str, list[int]] | None = None,
    unread: dict[str, list[Entry]] | None = None,
) -> Iterator[Raw | Problem | Entry]:
    """The corpus items of `files`, in order, each file's [size, modification time, inode] put in `stats`.
    A file whose stats are those `recorded` is not opened: its articles are given as the copies of
    `unread` (by path)."""
    recorded, unread = recorded or {}, unread or {}
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            yield from read_raw([path], advance)  # which says why
            continue
        stats[str(path)] = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        copies = unread.get(str(path))
        if copies and recorded.get(str(path)) == stats[str(path)]:
            advance(stat.st_size)
            yield from copies
        else:
            yield from read_raw([path], advance)


def _entries(
    items: Iterator[Raw | Problem | Entry],
    problems: list[Problem],
    workers: Workers,
    builders: tuple[SegmentBuilder, SegmentBuilder],
    words: Counter,
    sources: tuple[int, int] | None = None,
    first_quote: list[int] | None = None,
) -> Iterator[Entry]:
    """Each usable article in corpus order, once it is added to the first of `builders` and its
    quotations to the second: analysed by `workers`, or copied from `sources` (the live articles'
    and quotations' readers registered with the builders; `first_quote[n]`: the first quotation
    of live article n) when the workers' `known` digests show it unchanged. The lexicon words of
    the articles analysed and added are counted into `words`.

    Problems, unusable articles and repeated ids (the first usable one wins) go to `problems`.
    """
    seen: dict[str, str] = {}
    articles, quotations = builders
    for entries, batch, quote_batch in workers.analyse(_runs(items)):
        articles.add_batch(batch)
        quotations.add_batch(quote_batch)
        words.update(batch.words)
        analysed = -1
        quoted = 0  # quotations of the batch's articles before this one
        for entry in entries:
            if isinstance(entry, Problem):
                problems.append(entry)
                continue
            if entry.copy is None and entry.error is None:
                analysed += 1
                quoted += entry.quotes
            if entry.id in seen:
                problems.append(
                    Problem(
                        entry.path, f"identifiant « {entry.id} » en double (déjà lu dans {seen[entry.id]})", entry.line
                    )
                )
                if entry.copy is None and entry.error is None:  # analysed, counted with its batch
                    words.subtract(lexicon_words(batch.stored_fields(analysed)))
            elif entry.error is not None:
                problems.append(Problem(entry.path, entry.error, entry.line))
            else:
                seen[entry.id] = entry.where
                if entry.copy is None:
                    articles.add(analysed)
                    for number in range(quoted - entry.quotes, quoted):
                        quotations.add(number)
                else:
                    assert sources is not None and first_quote is not None  # only an update has copies
                    articles.add_copy(sources[0], entry.copy)
                    for number in range(first_quote[entry.copy], first_quote[entry.copy + 1]):
                        quotations.add_copy(sources[1], number)
                yield entry


def _runs(items: Iterator[Raw | Problem | Entry]) -> Iterator[list[Raw | Problem | Entry]]:
    run: list[Raw | Problem | Entry] = []
    size = 0
    for item in items:
        run.append(item)
        size += len(item.data) if isinstance(item, Raw) else 0
        if size >= BATCH_BYTES:
            yield run
            run, size = [], 0
    if run:
        yield run


def _progress_counter(total: int, on_progress) -> Callable[[int], None]:
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if on_progress:
            on_progress(done, total)

    return advance


def _free_bytes(folder: Path) -> int:
    """The space free on the disk of `folder` (or of its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def _write_failure(error: OSError, index_dir: Path, files: list[Path], free: int) -> str:
    """Why the new generation could not be written, in French; on a full disk, with the space it needs and
    the space that was free when it started (`free`)."""
    kept = "la génération en cours a été effacée, l'index actuel est conservé"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        live = generations.current(index_dir)
        # some 1.3 bytes of index per byte of text (a gzip corpus: 4 bytes of text per byte read), and
        # no less than the live generation
        text = sum(size_or_zero(path) * (4 if path.suffix == ".gz" else 1) for path in files)
        needed = max(text * 13 // 10, sum(map(size_or_zero, live.iterdir())) if live else 0)
        return (
            f"espace disque insuffisant dans {index_dir} : la nouvelle génération demande environ "
            f"{_megabytes(needed)} Mo, {_megabytes(free)} Mo étaient libres ; {kept}"
        )
    return f"impossible d'écrire dans {index_dir} ({error.strerror or error}) : {kept}"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def _built_by(generation: Path) -> str | None:
    """The code version that built a generation (None when its manifest is missing or unreadable)."""
    try:
        return generations.read_manifest(generation).get("code")
    except (OSError, ValueError):
        return None


def _manifest(paths, report: Report, version: str) -> dict:
    return {
        "articles": report.indexed,
        "skipped": len(report.problems),
        "corpus": [str(p) for p in paths],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(report.seconds, 3),
        "code": version,
    }
