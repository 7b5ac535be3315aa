"""What Linux's /proc says about this machine and about processes: CPUs, memory, resident sizes."""

from __future__ import annotations

import os
import platform
import threading
from pathlib import Path

PROC = Path("/proc")


def machine() -> str:
    """One line describing the machine: CPUs, CPU model, memory, Python, system."""
    model = next(
        (line.split(":", 1)[1].strip() for line in _lines("cpuinfo") if line.startswith("model name")),
        platform.processor() or "?",
    )
    memory = next((int(line.split()[1]) for line in _lines("meminfo") if line.startswith("MemTotal:")), 0)
    return (
        f"{len(os.sched_getaffinity(0))} CPU ({model}), {memory / 1024**2:.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def rss(pid: int, field: str = "VmRSS") -> int:
    """A process's resident size in bytes (`VmHWM`: its peak), 0 once it is gone."""
    try:
        text = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith(field + ":")), 0)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    return [child for child, parent in _parents().items() if parent == pid]


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, summed (shared pages counted in each)."""
    parents = _parents()
    tree, todo = [], [pid]
    while todo:
        tree.append(todo.pop())
        todo += [child for child, parent in parents.items() if parent == tree[-1]]
    return sum(rss(member) for member in tree)


class PeakRss:
    """Samples `tree_rss(pid)` in a thread until stopped; `peak` is the highest sample."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)


def _parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            found[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return found


def _lines(name: str) -> list[str]:
    try:
        return (PROC / name).read_text().splitlines()
    except OSError:
        return []
