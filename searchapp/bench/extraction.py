"""Benchmarks: measure how fast raw articles are ingested (decoding and extraction)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

from ..ingest.articles import ArticleError, analyse
from ..ingest.corpus import Source, decode, find_files
from ..ingest.metadata import gazetteers


@dataclass
class ExtractReport:
    """What `extract_speed` measured: totals over all repeats, and seconds per stage
    (summed over the worker processes)."""

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

    def add(self, other: ExtractReport) -> None:
        self.articles += other.articles
        self.bytes += other.bytes
        self.failed += other.failed
        for name, seconds in other.stages.items():
            self.stages[name] = self.stages.get(name, 0.0) + seconds


def extract_speed(paths: list[Path], repeat: int = 1, jobs: int = 1) -> ExtractReport:
    """Decode and analyse every raw `.txt` article under `paths`, `repeat` times, in
    `jobs` processes (as a pooled ingest would).

    Files are read once beforehand, so disk speed is not measured; decoding is.
    JSONL files are skipped: they are not the raw-article path.
    """
    files, _ = find_files(paths)
    raw = [(str(path), path.stem, path.read_bytes()) for path in files if path.suffix == ".txt"]
    batches = [raw] * repeat
    report = ExtractReport()
    started = time.perf_counter()
    if jobs == 1:
        for batch in batches:
            report.add(_ingest(batch))
    else:
        with Pool(jobs) as pool:
            for part in pool.imap_unordered(_ingest, batches):
                report.add(part)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(batch: list[tuple[str, str, bytes]]) -> ExtractReport:
    """Decode and analyse one pass over the articles.

    The per-text word cache is emptied before each article, so that repeats do not
    measure cache hits.
    """
    report = ExtractReport(stages={"décodage": 0.0})
    for path, stem, data in batch:
        gazetteers.words.cache_clear()
        before = time.perf_counter()
        text = decode(data)
        report.stages["décodage"] += time.perf_counter() - before
        try:
            analyse(Source(id=stem, path=path, text=text), report.stages)
        except ArticleError:
            report.failed += 1
        report.articles += 1
        report.bytes += len(data)
    return report
