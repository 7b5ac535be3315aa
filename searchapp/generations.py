"""The index directory: generations, the CURRENT pointer switched atomically, the writer lock.

Layout::

    index/CURRENT            name of the live generation (replaced with os.replace)
    index/gen-<timestamp>/   a complete Whoosh index, never modified once published
    index/.build-<…>/        a generation being built (invisible to readers)
    index/writer.lock        JSON: who is building, since when
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from datetime import datetime, timezone
from pathlib import Path

CURRENT = "CURRENT"
LOCK = "writer.lock"
PREFIX = "gen-"
BUILD_PREFIX = ".build-"
KEEP_PREVIOUS = 1  # superseded generations kept for readers still switching


class IndexBusy(RuntimeError):
    """Another process holds the writer lock."""


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
    """Make a finished build the live generation, atomically."""
    index_dir = Path(index_dir)
    final = index_dir / f"{PREFIX}{_stamp()}"
    os.rename(build, final)
    tmp = index_dir / f"{CURRENT}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(final.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / CURRENT)
    _fsync_dir(index_dir)
    return final


def prune(index_dir: Path) -> list[Path]:
    """Remove superseded generations beyond KEEP_PREVIOUS and abandoned builds."""
    index_dir = Path(index_dir)
    live = pointer(index_dir)
    generations = sorted(p for p in index_dir.glob(f"{PREFIX}*") if p.is_dir() and p.name != live)
    doomed = generations[: max(0, len(generations) - KEEP_PREVIOUS)]
    doomed += [p for p in index_dir.glob(f"{BUILD_PREFIX}*") if not _builder_alive(p)]
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return doomed


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


class WriterLock:
    """Exclusive right to build a generation; a lock left by a dead process is taken over."""

    def __init__(self, index_dir: Path):
        self.path = Path(index_dir) / LOCK

    def __enter__(self) -> "WriterLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self.holder()
                if holder is not None and _alive(holder):
                    raise IndexBusy(_describe(holder)) from None
                self.path.unlink(missing_ok=True)  # stale: its process is gone
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                           "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}, handle)
            return self
        raise IndexBusy("verrou d'écriture impossible à obtenir")

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)

    def holder(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None


def _alive(holder: dict) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # cannot check another machine's processes: assume alive
    return _pid_alive(holder.get("pid"))


def _pid_alive(pid) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _builder_alive(build: Path) -> bool:
    pid = build.name.rsplit("-", 1)[-1]
    return pid.isdigit() and int(pid) != os.getpid() and _pid_alive(int(pid))


def _describe(holder: dict) -> str:
    return (f"une reconstruction est déjà en cours (processus {holder.get('pid')} "
            f"sur {holder.get('host')}, depuis {holder.get('started')})")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
