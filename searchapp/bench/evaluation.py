"""Known-item evaluation: our search beside reference engines, on original, unaccented and misspelled queries.

The documents' text is indexed without their titles (the queries are the
titles) through the real pipeline: a JSONL corpus → `indexing.build.rebuild` →
`search.engine.run`, exactly as the web search runs. Each document is given its id
as title, so that neither the question nor a copy of the first sentence
lands in the title field. Variants are deterministic: accents stripped, and
one typo per query seeded by the query id.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..indexing import rebuild
from ..search import engine as search_engine
from ..search.catalog import Catalog
from ..search.request import SearchRequest
from .reference import Engine, reference_engines

CUTOFF = 10
TYPO_WORD = re.compile(r"[^\W\d_]{4,}")
LETTERS = "abcdefghijklmnopqrstuvwxyzéèàç"


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    relevant: str


@dataclass(frozen=True)
class Score:
    mrr: float
    recall: float
    seconds: float


def load_documents(path: Path) -> list[dict]:
    """The documents of a JSONL file (gzip when its name ends in .gz)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_queries(path: Path) -> list[Query]:
    """The queries of a `query_id<TAB>query<TAB>relevant_doc_id` file with a header line."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Query(row["query_id"], row["query"], row["relevant_doc_id"]) for row in rows]


def strip_accents(text: str) -> str:
    """The text typed without accents (`œ` and other letters stay).

    >>> strip_accents("Où déclarer l'impôt ?")
    "Ou declarer l'impot ?"
    """
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def add_typo(text: str, seed: str) -> str:
    """The text with one typo (deletion, substitution, transposition or insertion) inside a
    word of at least four letters, chosen by a generator seeded with `seed`.

    >>> add_typo("Comment obtenir un quitus fiscal ?", "q-F179")
    'Commsent obtenir un quitus fiscal ?'
    """
    rng = random.Random(seed)
    candidates = list(TYPO_WORD.finditer(text))
    if not candidates:
        return text
    word = rng.choice(candidates)
    start, letters = word.start(), word.group()
    kind = rng.choice(("deletion", "substitution", "transposition", "insertion"))
    at = rng.randrange(1, len(letters) - 1)  # keep the first and last letters
    if kind == "deletion":
        changed = letters[:at] + letters[at + 1 :]
    elif kind == "substitution":
        changed = letters[:at] + rng.choice([c for c in LETTERS if c != letters[at].lower()]) + letters[at + 1 :]
    elif kind == "transposition" and letters[at] != letters[at + 1]:
        changed = letters[:at] + letters[at + 1] + letters[at] + letters[at + 2 :]
    else:
        changed = letters[:at] + rng.choice(LETTERS) + letters[at:]
    return text[:start] + changed + text[start + len(letters) :]


VARIANTS: dict[str, Callable[[Query], str]] = {
    "original": lambda query: query.text,
    "sans accents": lambda query: strip_accents(query.text),
    "une faute": lambda query: add_typo(query.text, query.id),
}


class OurEngine:
    """Our search, indexed and queried through the real pipeline."""

    name = "searchapp"

    def __init__(self, documents: Iterable[dict], workdir: Path):
        corpus = workdir / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as handle:
            for document in documents:
                record = dict(document, title=document["id"])
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        generation = rebuild([corpus], workdir / "index").generation
        assert generation is not None  # a rebuild always publishes
        self.catalog = Catalog(generation)

    def search(self, text: str, limit: int) -> list[str]:
        request = SearchRequest.from_params({"q": [text], "per_page": [str(limit)]})
        return [hit.id for hit in search_engine.run(self.catalog, request).hits]


def score(
    engine: Engine, queries: list[Query], variant: Callable[[Query], str], ranks: dict[str, int] | None = None
) -> Score:
    """MRR@10 and Recall@10 of `engine` on `queries`; `ranks` receives each query's rank (0: missed)."""
    reciprocal = found = 0.0
    started = time.perf_counter()
    for query in queries:
        ids = engine.search(variant(query), CUTOFF)
        rank = ids.index(query.relevant) + 1 if query.relevant in ids else 0
        if rank:
            reciprocal += 1 / rank
            found += 1
        if ranks is not None:
            ranks[query.id] = rank
    n = max(len(queries), 1)
    return Score(reciprocal / n, found / n, time.perf_counter() - started)


def table(results: dict[str, dict[str, Score]]) -> str:
    """A plain-text table: one row per engine, MRR@10 and R@10 for each variant."""
    variants = list(next(iter(results.values())))
    header = f"{'moteur':<14}" + "".join(f"  {v:>19}" for v in variants)
    sub = f"{'':<14}" + "".join(f"  {'MRR@10':>9} {'R@10':>9}" for _ in variants)
    lines = [header, sub]
    for name, scores in results.items():
        lines.append(f"{name:<14}" + "".join(f"  {s.mrr:>9.3f} {s.recall:>9.3f}" for s in scores.values()))
    return "\n".join(lines)


def run(
    docs_path: Path,
    queries_path: Path,
    ours_only: bool = False,
    ranks_path: Path | None = None,
    echo: Callable[[str], None] = print,
) -> str:
    """Index the documents in every engine, score every variant of the queries, return the table."""
    documents = load_documents(docs_path)
    queries = load_queries(queries_path)
    echo(f"{len(documents)} documents, {len(queries)} requêtes")
    results: dict[str, dict[str, Score]] = {}
    ranks: dict[tuple[str, str], dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="searchapp-eval-") as workdir:
        engines = _engines(documents, Path(workdir), ours_only, echo)
        for engine in engines:
            results[engine.name] = {}
            for variant, rewrite in VARIANTS.items():
                ranks[engine.name, variant] = {}
                results[engine.name][variant] = score(engine, queries, rewrite, ranks[engine.name, variant])
            seconds = sum(s.seconds for s in results[engine.name].values())
            echo(f"{engine.name} : {seconds / (len(queries) * len(VARIANTS)) * 1000:.1f} ms par requête")
    if ranks_path:
        with open(ranks_path, "w", encoding="utf-8") as handle:
            handle.write("engine\tvariant\tquery_id\trank\n")
            for (name, variant), by_query in ranks.items():
                handle.writelines(f"{name}\t{variant}\t{qid}\t{rank}\n" for qid, rank in by_query.items())
    return table(results)


def _engines(documents: list[dict], workdir: Path, ours_only: bool, echo) -> list[Engine]:
    started = time.perf_counter()
    engines: list[Engine] = [OurEngine(documents, workdir)]
    echo(f"searchapp indexé en {time.perf_counter() - started:.1f} s")
    if not ours_only:
        started = time.perf_counter()
        pairs = [(document["id"], document["text"]) for document in documents]
        others, skipped = reference_engines(pairs, workdir)
        engines += others
        for reason in skipped:
            echo(reason)
        echo(f"moteurs de référence indexés en {time.perf_counter() - started:.1f} s")
    return engines
