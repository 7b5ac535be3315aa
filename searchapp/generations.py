"""The index directory: generations, the CURRENT pointer switched atomically, the writer lock,
and the files a generation holds beside its Whoosh segment.

Layout::

    index/CURRENT            name of the live generation (replaced with os.replace)
    index/gen-<timestamp>/   a complete Whoosh index, never modified once published;
                             the timestamp is its publication time (UTC); its segment
                             files may be hard links to those of the previous generation
                             (an update adds a segment and records deletions: `codec.toc`)
        manifest.json        what built it: articles, corpus, time, code version, and the
                             size and SHA-256 of every other file (`damage` checks them)
        lexicon.json         every lexicon word with the number of articles that have it
        sources.json         size, modification time and inode of each corpus file read without
                             a problem (null: with one), and of its correction file: what `index update`
                             need not open again
    index/.build-<…>/        a generation being built (invisible to readers)
    index/writer.lock        held with flock() while building; JSON: who, since when

Readers may keep using a superseded generation after its folder is removed:
a searcher keeps the compound segment file open from the moment it is
opened, and on POSIX an unlinked file lives on until it is closed. The only
unsafe moment is between reading CURRENT and opening the searcher, so a
superseded generation is kept for `GRACE_SECONDS` after it was superseded,
but never more than `MAX_SUPERSEDED` of them, which bounds disk usage.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import socket
from collections.abc import Collection, Mapping
from datetime import datetime, timezone
from pathlib import Path

CURRENT = "CURRENT"
LOCK = "writer.lock"
MANIFEST = "manifest.json"
LEXICON = "lexicon.json"
SOURCES = "sources.json"
PREFIX = "gen-"
BUILD_PREFIX = ".build-"
STAMP = "%Y%m%dT%H%M%S%fZ"
OWN_FILES = frozenset((MANIFEST, LEXICON, SOURCES))  # the files of a generation beside its index
WHOOSH_LOCK = "_WRITELOCK"  # the name's end of the lock file Whoosh's writer leaves in an index folder
GRACE_SECONDS = 60.0  # a superseded generation stays this long for readers still opening it
MAX_SUPERSEDED = 2  # ... and no more than this many stay, whatever their age


class IndexBusy(RuntimeError):
    """Another process holds the writer lock."""


class Damaged(RuntimeError):
    """A generation's files are not those its manifest lists."""


def current(index_dir: Path) -> Path | None:
    """The live generation, or None when nothing was ever published."""
    name = pointer(index_dir)
    if not name:
        return None
    path = Path(index_dir) / name
    return path if path.is_dir() else None


def pointer(index_dir: Path) -> str | None:
    """The content of CURRENT (a cheap way to notice a switch)."""
    try:
        return (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def start(index_dir: Path) -> Path:
    """Create the hidden folder where a new generation is built."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / f"{BUILD_PREFIX}{_stamp()}-{os.getpid()}"
    path.mkdir()
    return path


def publish(index_dir: Path, build: Path) -> Path:
    """Make a finished build the live generation, atomically, once its files are on disk."""
    index_dir = Path(index_dir)
    for path in Path(build).iterdir():
        _fsync(path)
    _fsync(build)
    final = index_dir / f"{PREFIX}{_stamp()}"
    os.rename(build, final)
    tmp = index_dir / f"{CURRENT}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(final.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync(index_dir)
    return final


def prune(index_dir: Path, now: datetime | None = None) -> list[Path]:
    """Remove debris and expired generations; call it holding the writer lock.

    Debris: unfinished builds, and generations newer than the live one (a
    publication killed between its rename and the CURRENT switch). Expired:
    superseded longer than `GRACE_SECONDS` ago, or beyond the `MAX_SUPERSEDED`
    most recent.
    """
    index_dir = Path(index_dir)
    now = now or datetime.now(timezone.utc)
    doomed = list(index_dir.glob(f"{BUILD_PREFIX}*"))
    live = pointer(index_dir)
    names = sorted(p.name for p in index_dir.glob(f"{PREFIX}*") if _published_at(p.name))
    if live in names:
        position = names.index(live)
        doomed += [index_dir / name for name in names[position + 1 :]]
        older = names[:position]
        for rank, name in enumerate(older):
            superseded_at = _published_at(names[rank + 1])
            assert superseded_at is not None  # `names` holds only names that parse
            too_many = rank < len(older) - MAX_SUPERSEDED
            if too_many or (now - superseded_at).total_seconds() > GRACE_SECONDS:
                doomed.append(index_dir / name)
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return doomed


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


def write_manifest(directory: Path, manifest: dict) -> None:
    (Path(directory) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def link_index(live: Path, build: Path) -> dict[str, list]:
    """Hard-link the index files of the live generation (its segments, their TOC) into a build, which
    reuses them as they are (they are never modified); returns their entries in the live manifest."""
    listed = read_manifest(live).get("files") or {}
    linked = {}
    for path in sorted(Path(live).iterdir()):
        if path.is_file() and path.name not in OWN_FILES and not path.name.endswith(WHOOSH_LOCK):
            os.link(path, Path(build) / path.name)
            if path.name in listed:
                linked[path.name] = listed[path.name]
    return linked


def file_checksums(directory: Path, known: Mapping[str, list] | None = None) -> dict[str, list]:
    """Every file of a generation but its manifest: name → [size in bytes, SHA-256 in hex]; those of
    `known` (files linked from the live generation, by `link_index`) are not read again."""
    known = known or {}
    return {
        path.name: known[path.name] if path.name in known else [path.stat().st_size, _sha256(path)]
        for path in sorted(Path(directory).iterdir())
        if path.is_file() and path.name != MANIFEST
    }


def damage(generation: Path, checksums: bool = True, unread: Collection[str] = ()) -> list[str]:
    """What is wrong with a generation, in French (nothing: []): a manifest that does not parse or lists
    no files, a listed file missing or of another size, or (with `checksums`, but for the files
    `unread`) of other contents."""
    try:
        listed = read_manifest(generation).get("files")
    except (OSError, ValueError) as error:
        return [f"{MANIFEST} illisible ({error})"]
    if not isinstance(listed, dict):
        return [f"{MANIFEST} ne liste pas les fichiers de la génération (construite par une version antérieure ?)"]
    problems = []
    for name, (size, digest) in sorted(listed.items()):
        path = Path(generation) / name
        try:
            actual = path.stat().st_size
        except FileNotFoundError:
            problems.append(f"{name} : manquant")
            continue
        if actual != size:
            problems.append(f"{name} : {actual} octets au lieu de {size}")
        elif checksums and name not in unread and _sha256(path) != digest:
            problems.append(f"{name} : contenu altéré (somme de contrôle différente)")
    return problems


def read_manifest(generation: Path) -> dict:
    """The manifest of a generation ({} when it has none); raises ValueError when it does not parse."""
    return _read_json(Path(generation) / MANIFEST)


def write_lexicon(directory: Path, frequencies: Mapping[str, int]) -> None:
    """Write the document frequency of each word counted above zero, in word order."""
    kept = {word: frequencies[word] for word in sorted(frequencies) if frequencies[word] > 0}
    (Path(directory) / LEXICON).write_text(
        json.dumps(kept, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def write_sources(directory: Path, stats: Mapping[str, list[int] | None]) -> None:
    """Write each corpus file's [size, modification time in ns, inode] (None for a file that gave a
    problem: it is read again), by path (escaped to ASCII: a path may hold bytes that are not UTF-8)."""
    (Path(directory) / SOURCES).write_text(json.dumps(dict(sorted(stats.items()))), encoding="ascii")


def read_sources(directory: Path) -> dict[str, list[int] | None]:
    """The corpus files' stats saved in `directory` (none when it holds none)."""
    return _read_json(Path(directory) / SOURCES)


def read_lexicon(directory: Path) -> dict[str, int]:
    """The document frequencies saved in `directory` (none when it holds no lexicon)."""
    return _read_json(Path(directory) / LEXICON)


class WriterLock:
    """Exclusive right to build a generation, held with flock().

    The kernel releases the lock when its process dies, even by SIGKILL, so a
    lock file left behind is recovered by the next writer; `stale` then
    describes its dead holder.
    """

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LOCK
        self.stale: dict | None = None
        self._fd: int | None = None

    def __enter__(self) -> WriterLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise IndexBusy(_describe(self.holder())) from None
            if _same_file(fd, self.path):
                self._fd = fd
            else:  # removed by the previous holder while we opened it: try again
                os.close(fd)
        self.stale = self.holder()
        os.ftruncate(self._fd, 0)
        os.write(
            self._fd,
            json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                }
            ).encode("utf-8"),
        )
        return self

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
        assert self._fd is not None  # set by __enter__
        os.close(self._fd)
        self._fd = None

    def holder(self) -> dict | None:
        """Who holds (or last held) the lock, as written in the lock file."""
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return holder if isinstance(holder, dict) else None


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _describe(holder: dict | None) -> str:
    if holder is None:  # the holder is still writing its name
        return "une reconstruction est déjà en cours"
    return (
        f"une reconstruction est déjà en cours (processus {holder.get('pid')} "
        f"sur {holder.get('host')}, depuis {holder.get('started')})"
    )


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime(STAMP)


def _published_at(name: str) -> datetime | None:
    try:
        return datetime.strptime(name[len(PREFIX) :], STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _read_json(path: Path) -> dict:
    """A generation's JSON file ({} when it has none); ValueError when it does not parse."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _fsync(path: Path) -> None:
    """Flush a file's or a folder's data to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
