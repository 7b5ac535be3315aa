"""Score the extracted quotations against hand-made gold: recall, attribution accuracy, precision.

A gold file is a JSON object: article file name → a record whose `quotes` lists
`{"speaker": canonical name or null, "text": …}` (other keys are ignored); the
articles are the files of that name in a folder.

Matching, word by word: texts are compared as their words (case, accents,
apostrophes and punctuation ignored), `covered(g, e)` being the words of `g`
that `difflib` matches, in order, in `e`. A gold quotation is *found* when the
extracted quotations of its article cover at least `FOUND` (70 %) of its words
together, each counting only when it covers two words of it or more (so that a
quotation split in two parts by its attribution is found by both parts). Its
*attribution* is right when the extracted quotation covering most of its words
has the same speaker (names compared the same way; both null is right). An
extracted quotation is *correct* (precision) when gold quotations cover half of
its words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..facets import value_key
from ..ingest.articles import ArticleError, build
from ..ingest.corpus import Problem, read_sources

FOUND = 0.7
CORRECT = 0.5
_WORDS = re.compile(r"[^\W_]+")


@dataclass
class Score:
    """Counts over a gold set, and what went wrong (for the report)."""

    gold: int = 0
    found: int = 0
    attributed: int = 0  # found, and with the right speaker
    extracted: int = 0
    correct: int = 0  # extracted quotations that are gold ones
    missed: list[tuple[str, str | None, str]] = field(default_factory=list)  # (article, speaker, text)
    misattributed: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)  # gold, extracted
    spurious: list[tuple[str, str | None, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def attribution(self) -> float:
        return self.attributed / self.found if self.found else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0


def score_folder(gold_path: Path, articles: Path) -> Score:
    """Extract the quotations of the gold's articles in `articles` and score them."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    extracted: dict[str, list[tuple[str | None, str]]] = {}
    for source in read_sources(sorted(Path(articles) / name for name in gold)):
        if isinstance(source, Problem):
            continue
        try:
            article = build(source)
        except ArticleError:
            continue
        extracted[Path(source.path).name] = [(q.speaker, q.text) for q in article.quotes]
    return score({name: record.get("quotes") or [] for name, record in gold.items()}, extracted)


def score(gold: dict[str, list[dict]], extracted: dict[str, list[tuple[str | None, str]]]) -> Score:
    """Score `extracted` (article → [(speaker, text)]) against `gold` (article → [{speaker, text}])."""
    result = Score()
    for name, quotes in gold.items():
        found = extracted.get(name, [])
        words = [_words(text) for _, text in found]
        result.extracted += len(found)
        for quote in quotes:
            result.gold += 1
            target = _words(quote["text"])
            covers = [_covered(target, other) for other in words]
            total = sum(c for c in covers if c >= min(2, len(target)))
            if not target or total < FOUND * len(target):
                result.missed.append((name, quote.get("speaker"), quote["text"]))
                continue
            result.found += 1
            speaker = found[max(range(len(covers)), key=covers.__getitem__)][0]
            if _same(speaker, quote.get("speaker")):
                result.attributed += 1
            else:
                result.misattributed.append((name, quote.get("speaker"), speaker, quote["text"]))
        targets = [_words(quote["text"]) for quote in quotes]
        for (speaker, text), own in zip(found, words):
            if own and sum(_covered(own, target) for target in targets) >= CORRECT * len(own):
                result.correct += 1
            else:
                result.spurious.append((name, speaker, text))
    return result


def report(score: Score, details: bool = True) -> Iterable[str]:
    """The score in French lines, with the misses and errors when `details`."""
    yield (
        f"citations de référence : {score.gold}, trouvées : {score.found} (rappel {score.recall:.3f}), "
        f"bien attribuées : {score.attributed} ({score.attribution:.3f} des trouvées)"
    )
    yield f"citations extraites : {score.extracted}, justes : {score.correct} (précision {score.precision:.3f})"
    if details:
        for name, speaker, text in score.missed:
            yield f"  manquée     {name} [{speaker}] {_short(text)}"
        for name, wanted, given, text in score.misattributed:
            yield f"  attribution {name} [{wanted} ≠ {given}] {_short(text)}"
        for name, speaker, text in score.spurious:
            yield f"  en trop     {name} [{speaker}] {_short(text)}"


def _words(text: str) -> list[str]:
    return _WORDS.findall(value_key(text))


def _covered(target: list[str], other: list[str]) -> int:
    return sum(block.size for block in SequenceMatcher(None, target, other, autojunk=False).get_matching_blocks())


def _same(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and value_key(a) == value_key(b))


def _short(text: str) -> str:
    return text if len(text) <= 90 else text[:87] + "…"
