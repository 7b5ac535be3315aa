"""Watch the corpus folders and publish an update when articles appear, change or vanish.

watchdog reports the changes (inotify on Linux; `poll=True`, or a system
without inotify, polls the folders instead). Bursts are gathered: an update
runs once no change came for `quiet` seconds and every file written to has
been closed (inotify says when) and kept its size and modification time over
a check (a file still being written is waited for). The update is
`build.update`: only new and changed articles are analysed. Its problems (a
bad file) are reported and the watch goes on; while another rebuild or update
holds the writer lock, the watcher tries again a second later. `stop` (set by
SIGTERM or Ctrl-C in `searchapp index watch`) ends the watch between updates.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from .. import generations
from ..ingest.corpus import CORRECTION_SUFFIXES, SUFFIXES
from .build import NothingIndexed, Report, WriteFailed, update

RETRY_SECONDS = 1.0  # after finding the writer lock held
WRITES = (EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED)  # a file is being written until inotify says it is closed


class Watcher(FileSystemEventHandler):
    """Publishes an update of `index_dir` from `paths` whenever the corpus files change."""

    def __init__(
        self,
        paths: Iterable[str | Path],
        index_dir: Path,
        quiet: float = 1.0,
        poll: bool = False,
        on_update: Callable[[Report], None] = lambda report: None,
        on_problem: Callable[[str], None] = lambda message: None,
    ):
        self.paths = [Path(path) for path in paths]
        self.index_dir = Path(index_dir)
        self.quiet = quiet
        self.poll = poll
        self.on_update, self.on_problem = on_update, on_problem
        self._lock = threading.Lock()
        self._changed_at: float | None = None  # the last change not yet published
        self._writing: set[str] = set()  # files written to and not closed yet (inotify only)
        self._sizes: dict[str, tuple[int, int] | None] = {}  # file → (size, mtime) at the last check

    @property
    def kind(self) -> str:
        return "scrutation" if self.poll else "inotify"

    def run(self, stop: threading.Event) -> None:
        """Watch until `stop` is set, publishing updates."""
        observer = PollingObserver(timeout=self.quiet / 2) if self.poll else Observer()
        for path in self.paths:
            folder = path if path.is_dir() else path.parent
            observer.schedule(self, str(folder), recursive=path.is_dir())
        observer.start()
        try:
            while not stop.wait(min(0.2, self.quiet / 2)):
                if self._ready():
                    self._publish()
        finally:
            observer.stop()
            observer.join()

    def publish_now(self) -> None:
        """Bring the index up to date with the corpus as it is (before watching it)."""
        with self._lock:
            self._changed_at = time.monotonic()
        self._publish()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = str(event.dest_path if event.event_type == EVENT_TYPE_MOVED else event.src_path)
        if event.event_type in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE) or not self._watched(path, event):
            return
        with self._lock:
            self._changed_at = time.monotonic()
            if event.event_type == EVENT_TYPE_CLOSED or event.event_type in (EVENT_TYPE_DELETED, EVENT_TYPE_MOVED):
                self._writing.discard(path)
                self._writing.discard(str(event.src_path))
            elif not self.poll and not event.is_directory and event.event_type in WRITES:
                self._writing.add(path)
            self._sizes.setdefault(path, None)

    def _watched(self, path: str, event: FileSystemEvent) -> bool:
        """A corpus or correction file (or a folder, whose files may have gone with it) under the watched paths."""
        name = Path(path).name
        if not event.is_directory and (name.startswith(".") or not name.endswith(SUFFIXES + CORRECTION_SUFFIXES)):
            return False
        return any(Path(path) == root or root in Path(path).parents for root in self.paths)

    def _ready(self) -> bool:
        """Changes waiting, none for `quiet` seconds, every file closed and as large as at the last check."""
        with self._lock:
            if self._changed_at is None or time.monotonic() - self._changed_at < self.quiet or self._writing:
                return False
            stable = True
            for path in self._sizes:
                try:
                    stat = Path(path).stat()
                    now: tuple[int, int] | None = (stat.st_size, stat.st_mtime_ns)
                except OSError:
                    now = None  # gone: nothing to wait for
                stable = stable and (now is None or now == self._sizes[path])
                self._sizes[path] = now
            return stable

    def _publish(self) -> None:
        with self._lock:
            changed_at = self._changed_at
        try:
            report = update(self.paths, self.index_dir)
        except generations.IndexBusy as busy:
            self.on_problem(f"{busy} : nouvel essai dans {RETRY_SECONDS:.0f} s")
            time.sleep(RETRY_SECONDS)
            return
        except (NothingIndexed, WriteFailed) as error:
            self.on_problem(str(error))
            report = None
        with self._lock:
            if self._changed_at == changed_at:  # nothing came meanwhile
                self._changed_at = None
                self._sizes.clear()
        if report is not None:
            self.on_update(report)
