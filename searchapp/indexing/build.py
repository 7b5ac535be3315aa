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

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .. import generations
from ..codec import toc
from ..codec.segments import SegmentBuilder
from ..ingest.corpus import Problem, Raw, corrections_path, find_files, read_raw, size_or_zero
from ..schema import QUOTES, build_quote_schema, build_schema, lexicon_words
from . import keys
from .codeversion import code_version
from .merges import merges
from .workers import Entry, Unread, Workers

# The errors of a folder that cannot take the new generation: full disk or quota, read-only or forbidden
WRITE_ERRORS = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM))
# of analysed postings held in memory before they are written as a segment: on the bench corpus,
# about 2.3 kB per article (some 170,000 articles a segment), the builder's process then holding
# about twice as much
FLUSH_BYTES = 400_000_000
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
    segments: int = 0  # in the new generation
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
                linked: dict[str, list] | None = {}
                if base is None:
                    _write_fresh(build_dir, _items(files, advance, stats), report, _jobs(jobs, total))
                else:
                    linked = _write_update(build_dir, base, files, advance, stats, report, jobs, verify)
                report.seconds = time.monotonic() - started
                if linked is not None:
                    troubled = {problem.path for problem in report.problems}
                    generations.write_sources(build_dir, {p: None if p in troubled else s for p, s in stats.items()})
                    _write_manifest(build_dir, _manifest(paths, report, version), linked)
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


def _write_manifest(build_dir: Path, manifest: dict, linked: dict[str, list]) -> None:
    """The manifest with the checksums of the generation's files, checked before it is published
    (those `linked` from the live generation were checked when it was)."""
    manifest["files"] = generations.file_checksums(build_dir, linked)
    generations.write_manifest(build_dir, manifest)
    damaged = generations.damage(build_dir, unread=linked)
    if damaged:
        raise WriteFailed(f"la génération écrite est altérée ({'; '.join(damaged)}) : l'index actuel est conservé")


def _write_fresh(build_dir: Path, items: Iterator[Raw | Problem | Unread], report: Report, jobs: int) -> None:
    """Analyse every article of `items` into a new index, its quotations' index and its lexicon
    in `build_dir`."""
    words: Counter[str] = Counter()
    index, quotes_index = whoosh_index.create_in(str(build_dir), build_schema()), _quotes_index(build_dir)
    with Workers(jobs, {}) as workers:
        with (
            _segments(index, build_dir, workers.pool) as articles,
            _segments(quotes_index, build_dir, workers.pool, whole=True) as quotations,
        ):
            for _ in _entries(items, report.problems, workers, (articles, quotations), words):
                report.added += 1
            report.indexed = report.added
            if not report.indexed:
                raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
            articles.commit()
            quotations.commit()
        report.segments = _merge(build_dir, index, workers.pool)
        _merge(build_dir, quotes_index, workers.pool)
    generations.write_lexicon(build_dir, words)


class _Segments:
    """The segments a build appends to an index, each written by a `SegmentBuilder` and committed:
    whenever the analysed postings held in memory reach `FLUSH_BYTES`, the current segment is
    written and another begun (as Lucene flushes its indexing buffer), so that a build's memory does
    not grow with the corpus (copies add nothing to it: a merge writes one segment). Documents keep
    their order across segments. Each segment saves the keys of its documents' articles
    (`keys.write`). `commit` writes the last one."""

    def __init__(self, index, build_dir: Path, pool, whole: bool):
        self.index, self.build_dir, self.pool, self.whole = index, build_dir, pool, whole
        self.count = 0  # documents added, in every segment
        self.flushed = 0  # segments written before the current one
        self._begin()

    def _begin(self) -> None:
        self.writer = self.index.writer()
        self.builder = SegmentBuilder(self.writer)
        self.keys: list[tuple[str, str, str]] = []

    def copy_from(self, reader) -> int:
        return self.builder.copy_from(reader)

    def add_batch(self, batch) -> None:
        self.builder.take()
        if self.builder.held >= FLUSH_BYTES:
            self.commit()
            self.flushed += 1
            self._begin()
        self.builder.add_batch(batch)

    def add(self, n: int, key: tuple[str, str, str]) -> None:
        """Append document `n` of the last batch, with its article's key."""
        self.builder.add(n)
        self._added(key)

    def add_copy(self, source: int, docnum: int, key: tuple[str, str, str]) -> None:
        self.builder.add_copy(source, docnum)
        self._added(key)

    def _added(self, key: tuple[str, str, str]) -> None:
        self.count += 1
        self.keys.append(key)

    def commit(self, **options) -> None:
        """Write the current segment, if it holds documents (or is the first of an index written
        `whole`: an index without documents still has its segment), and commit (`options`: Whoosh's)."""
        if self.builder.count or (self.whole and not self.flushed):
            self.builder.finish(self.pool)
            keys.write(self.build_dir, self.builder.segment_id, self.keys)
        self.writer.commit(**({"merge": False} | options))


@contextlib.contextmanager
def _segments(index, build_dir: Path, pool, whole: bool = False) -> Iterator[_Segments]:
    """`_Segments` of `index`, the segment being written cancelled if anything fails before its
    commit (which also closes its files: on a full disk, a removed file still open would keep its
    space)."""
    segments = _Segments(index, build_dir, pool, whole)
    try:
        yield segments
    except BaseException:
        if not segments.writer.is_closed:
            with contextlib.suppress(Exception):
                segments.writer.cancel()
        raise


def _write_update(
    build_dir: Path, live: Path, files, advance, stats: dict, report: Report, jobs: int | None, verify: bool
) -> dict[str, list] | None:
    """Write into `build_dir` the live generation updated: its segments, the new and changed articles
    in one more segment, the articles removed or changed marked deleted, then merged (`merges`);
    likewise their quotations in the quotations' index.

    The live generation's segment files are linked, not copied, and its
    unchanged articles and their quotations stay where they are. Files left
    unread (`_items`) are those whose stats the live generation recorded,
    unless `verify`; the articles of the files read again are compared by
    digest with the live ones (`keys`), and only the new and changed ones
    analysed, in corpus order, into the new segments. A quotation is kept with
    its article, found by the article's key (each quotations' segment saves
    them too). The lexicon is the live one's, less the words of the live
    articles deleted, plus those of the articles analysed. Returns the live
    manifest's entries of the files linked, or None, writing nothing, when
    nothing changed (without opening the index when no file changed).
    """
    recorded = {} if verify else generations.read_sources(live)
    reread = [path for path in files if recorded.get(str(path)) != _stats(path)]
    if not reread and set(recorded) <= {str(path) for path in files}:
        report.indexed = report.unchanged = generations.read_manifest(live).get("articles", 0)
        return None
    linked = generations.link_index(live, build_dir)
    # read through the file: Whoosh copies the parts of a memory-mapped segment into memory
    storage = FileStorage(str(build_dir), supports_mmap=False)
    index, quotes_index = storage.open_index(), storage.open_index(QUOTES)
    with index.reader() as old, quotes_index.reader() as old_quotes:
        by_file = keys.live_keys(old)
        known = {
            (path, article_id): (docnum, digest)
            for path in map(str, reread)
            if path in by_file
            for docnum, article_id, digest in zip(by_file[path].docnums, by_file[path].ids, by_file[path].digests)
        }
        unread = {path: Unread(path, found.ids, found.docnums) for path, found in by_file.items()}
        words = Counter(generations.read_lexicon(live))
        kept = np.zeros(old.doc_count_all(), dtype=bool)
        kept_keys: set[tuple[str, str]] = set()  # (path, id) of the articles kept where they are
        with Workers(_jobs(jobs, sum(map(size_or_zero, reread))), known) as workers:
            with (
                _segments(index, build_dir, workers.pool) as articles,
                _segments(quotes_index, build_dir, workers.pool) as quotations,
            ):
                items = _items(files, advance, stats, recorded, unread)
                for entry in _entries(items, report.problems, workers, (articles, quotations), words):
                    if isinstance(entry, Unread):
                        kept[entry.docnums] = True
                        kept_keys.update((entry.path, article_id) for article_id in entry.ids)
                        report.indexed += len(entry.docnums)
                        report.unchanged += len(entry.docnums)
                        continue
                    report.indexed += 1
                    if entry.copy is not None:
                        kept[entry.copy] = True
                        kept_keys.add(entry.key)
                        report.unchanged += 1
                    elif entry.key in known:
                        report.changed += 1
                    else:
                        report.added += 1
                report.removed = old.doc_count() - report.unchanged - report.changed
                if not report.indexed:
                    raise NothingIndexed("aucun article lisible : l'index actuel est conservé")
                dropped = np.flatnonzero(toc.live_mask(old) & ~kept).tolist()
                if not articles.count and not dropped:  # the quotations follow their articles
                    articles.writer.cancel()
                    quotations.writer.cancel()
                    return None
                for docnum in dropped:
                    articles.writer.delete_document(docnum)
                for path, found in keys.live_keys(old_quotes).items():
                    for docnum, article_id in zip(found.docnums, found.ids):
                        if (path, article_id) not in kept_keys:
                            quotations.writer.delete_document(docnum)
                articles.commit()
                quotations.commit()
            report.segments = _merge(build_dir, index, workers.pool)
            _merge(build_dir, quotes_index, workers.pool)
        for docnum in dropped:
            words.subtract(lexicon_words(old.stored_fields(docnum)))
    generations.write_lexicon(build_dir, words)
    return linked


def _quotes_index(build_dir: Path):
    """A new, empty quotations' index in `build_dir`."""
    return whoosh_index.create_in(str(build_dir), build_quote_schema(), indexname=QUOTES)


def _merge(build_dir: Path, index, pool) -> int:
    """Merge the segments of `index` that the merge policy picks, each group into one segment
    (appended after the others), the deleted documents left out; returns the number of segments."""
    while True:
        with index.reader() as reader:
            segments = toc.segments(reader)
            groups = merges(segments)
            if not groups:
                return len(segments)
            group = set(groups[0])
            with _segments(index, build_dir, pool, whole=len(group) == len(segments)) as merged:
                for leaf, _ in reader.leaf_readers():
                    if leaf.segment().segment_id() in group:
                        source = merged.copy_from(leaf)
                        found = keys.segment_keys(leaf)
                        for docnum in leaf.all_doc_ids():
                            merged.add_copy(source, docnum, found[docnum])
                merged.commit(mergetype=toc.without(group))


def _stats(path: Path) -> list[int] | None:
    """A file's [size, modification time, inode], followed by those of its correction file if it has
    one (None when the file cannot be read)."""
    own, correction = _stat(path), _stat(corrections_path(path))
    return None if own is None else own + (correction or [])


def _stat(path: Path) -> list[int] | None:
    """[size, modification time, inode] of one file (None when it cannot be read)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def _jobs(jobs: int | None, size: int) -> int:
    """The worker processes to analyse `size` bytes: `jobs`, by default one per core, none under
    `PARALLEL_BYTES`."""
    return jobs or (1 if size < PARALLEL_BYTES else os.cpu_count() or 1)


def _items(
    files: list[Path],
    advance: Callable[[int], None],
    stats: dict[str, list[int]],
    recorded: dict[str, list[int] | None] | None = None,
    unread: dict[str, Unread] | None = None,
) -> Iterator[Raw | Problem | Unread]:
    """The corpus items of `files`, in order, each file's stats (`_stats`) put in `stats`. A file
    whose stats are those `recorded` is not opened: its articles are given as its `unread` (by path)."""
    recorded, unread = recorded or {}, unread or {}
    for path in files:
        own = _stats(path)
        if own is None:
            yield from read_raw([path], advance)  # which says why
            continue
        stats[str(path)] = own
        copies = unread.get(str(path))
        if copies and recorded.get(str(path)) == own:
            advance(own[0])
            yield copies
        else:
            yield from read_raw([path], advance)


def _entries(
    items: Iterator[Raw | Problem | Unread],
    problems: list[Problem],
    workers: Workers,
    builders: tuple[_Segments, _Segments],
    words: Counter,
) -> Iterator[Entry | Unread]:
    """Each usable article in corpus order: analysed by `workers` and added to the first of
    `builders` with its key (path, id and digest), its quotations to the second with the same
    key, or left where it is in the live generation (its `copy`), with its quotations, when the
    workers' `known` digests show it unchanged; the articles of an unread file at once (an
    `Unread`). The lexicon words of the articles analysed and added are counted into `words`.

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
            if isinstance(entry, Unread):
                yield _first_seen(entry, seen, problems)
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
                    key = (entry.path, entry.id, entry.digest or "")
                    articles.add(analysed, key)
                    for number in range(quoted - entry.quotes, quoted):
                        quotations.add(number, key)
                yield entry


def _first_seen(unread: Unread, seen: dict[str, str], problems: list[Problem]) -> Unread:
    """The articles of an unread file whose ids were not seen before it (the others go to `problems`)."""
    ids, docnums = [], []
    for article_id, docnum in zip(unread.ids, unread.docnums):
        if article_id in seen:
            problems.append(
                Problem(unread.path, f"identifiant « {article_id} » en double (déjà lu dans {seen[article_id]})")
            )
        else:
            seen[article_id] = unread.path
            ids.append(article_id)
            docnums.append(docnum)
    return Unread(unread.path, ids, docnums)


def _runs(items: Iterator[Raw | Problem | Unread]) -> Iterator[list[Raw | Problem | Unread]]:
    """Runs of about `BATCH_BYTES` of articles for the workers; an unread file alone."""
    run: list[Raw | Problem | Unread] = []
    size = 0
    for item in items:
        if isinstance(item, Unread):
            if run:
                yield run
            yield [item]
            run, size = [], 0
            continue
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
        "segments": report.segments,
    }
