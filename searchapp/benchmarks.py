"""Benchmarks: measure how fast raw articles are ingested (decoding and extraction)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .articles import ArticleError, analyse
from .corpus import Source, decode, find_files


@dataclass
class ExtractReport:
    """What `extract_speed` measured: totals over all repeats, and seconds per stage."""

    articles: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failed: int = 0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def megabytes_per_second(self) -> float:
        return self.bytes / 1_000_000 / self.seconds if self.seconds else 0.0


def extract_speed(paths: list[Path], repeat: int = 1) -> ExtractReport:
    """Decode and analyse every raw `.txt` article under `paths`, `repeat` times.

    Files are read once beforehand, so disk speed is not measured; decoding is.
    JSONL files are skipped: their extraction is not the raw-article path.
    """
    files, _ = find_files(paths)
    raw = [(path, path.read_bytes()) for path in files if path.suffix == ".txt"]
    report = ExtractReport()
    report.stages["décodage"] = 0.0
    started = time.perf_counter()
    for _ in range(repeat):
        for path, data in raw:
            before = time.perf_counter()
            text = decode(data)
            report.stages["décodage"] += time.perf_counter() - before
            try:
                analyse(Source(id=path.stem, path=str(path), text=text), report.stages)
            except ArticleError:
                report.failed += 1
            report.articles += 1
            report.bytes += len(data)
    report.seconds = time.perf_counter() - started
    return report
