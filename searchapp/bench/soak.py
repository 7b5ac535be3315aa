"""`searchapp bench soak`: a worker's resident memory over many distinct random queries.

The application a gunicorn worker runs (`create_app`, through Flask's test
client, in this process) answers `count` distinct queries of three random
words, as a crawler or a fuzzer would send them: mostly words no corpus has
(each one stemmed, folded, looked up for corrections), one in three a word of
the corpus (postings read, snippets highlighted). One request in ten is the
HTML page, one in a hundred an article page (similar articles analyse its
text). The resident size is sampled every `every` queries; what matters is
its growth after the first `warm` queries, once the bounded caches are full.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .. import generations
from ..display import number
from . import procstat

LETTERS = "abcdefghijklmnopqrstuvwxyz" * 3 + "éèàçêô"
MB = 1_000_000


@dataclass
class SoakReport:
    queries: int = 0
    seconds: float = 0.0
    failed: int = 0  # answers other than 200
    samples: list[tuple[int, int]] = field(default_factory=list)  # (queries answered, resident bytes)

    def growth_after(self, warm: int) -> float | None:
        """The resident size's growth from the sample at `warm` queries to the last, as a fraction."""
        base = next((rss for done, rss in self.samples if done >= warm), None)
        return (self.samples[-1][1] - base) / base if base and self.samples[-1][0] > warm else None


def queries(words: list[str], count: int, seed: int = 0) -> Iterator[str]:
    """`count` distinct queries of three words: two random strings or, one time in three each, corpus
    words, and a random string ending with the query's number in letters, so that the queries are
    distinct without being remembered (which would grow this process)."""
    rng = random.Random(seed)

    def random_word() -> str:
        return "".join(rng.choices(LETTERS, k=rng.randint(3, 11)))

    for n in range(count):
        parts = [rng.choice(words) if words and rng.random() < 1 / 3 else random_word() for _ in range(2)]
        yield " ".join([*parts, random_word() + _letters(n)])


def _letters(n: int) -> str:
    """`n` in base 26, in letters (0 is "a")."""
    out = ""
    while True:
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
        if not n:
            return out


def run(index_dir: Path, count: int, every: int, seed: int = 0, echo: Callable[[str], None] = print) -> SoakReport:
    """Answer `count` distinct random queries from the live generation of `index_dir`, sampling memory."""
    from ..web.app import create_app

    live = generations.current(index_dir)
    if live is None:
        raise RuntimeError(f"aucun index dans {index_dir}")
    words = sorted(generations.read_lexicon(live))
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    report = SoakReport()
    article = None
    started = time.perf_counter()
    report.samples.append((0, procstat.rss(os.getpid())))
    for n, text in enumerate(queries(words, count, seed), 1):
        if n % 100 == 0 and article:
            url = article
        elif n % 10 == 0:
            url = f"/?q={quote(text)}"
        else:
            url = f"/api/search?q={quote(text)}"
        response = client.get(url)
        report.failed += response.status_code != 200
        if url.startswith("/api/") and response.status_code == 200:
            hits = response.get_json()["hits"]
            article = hits[0]["url"] if hits else article
        if n % every == 0 or n == count:
            report.samples.append((n, procstat.rss(os.getpid())))
            echo(f"{number(n)} requêtes : {report.samples[-1][1] / MB:.0f} Mo")
    report.queries = count
    report.seconds = time.perf_counter() - started
    return report


def table(report: SoakReport, warm: int, corpus: str) -> str:
    lines = [
        f"Machine : {procstat.machine()}",
        f"Index : {corpus}",
        f"{number(report.queries)} requêtes distinctes de 3 mots aléatoires en {report.seconds:.0f} s "
        f"({report.queries / report.seconds:.0f}/s), {number(report.failed)} échec(s)",
        "",
        f"{'requêtes':>10}  {'RSS Mo':>7}",
        *(f"{number(done):>10}  {rss / MB:>7.1f}" for done, rss in report.samples),
    ]
    growth = report.growth_after(warm)
    if growth is not None:
        lines += ["", f"Croissance après les {number(warm)} premières requêtes : {100 * growth:+.1f} %"]
    return "\n".join(lines)
