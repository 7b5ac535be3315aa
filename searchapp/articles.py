"""Turn a `Source` into an `Article`: headline, clean paragraphs and metadata.

Explicit JSONL values win over extraction; extraction fills the rest.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .corpus import Source
from .metadata import dates

# Lines that are web-page furniture, never article text.
_NOISE = re.compile(
    r"^(rechercher|dernières infos|partager cet article.*|publicité|close|"
    r"tous droits réservés|copier/coller.*|à voir aussi|lire aussi.*|"
    r"à découvrir également|cet article fait partie des archives.*)$",
    re.IGNORECASE,
)
_AUTHOR = re.compile(r"^par\s+(\w[\w.'’ -]{2,60})$", re.IGNORECASE)
_TITLE_MAX = 160


class ArticleError(ValueError):
    """The source holds no usable article (the message says why, in French)."""


@dataclass(frozen=True)
class Article:
    """One article ready to index."""

    id: str
    path: str
    title: str
    paragraphs: tuple[str, ...]
    date: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    speakers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    line: int | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_record(self) -> dict:
        """What the indexer stores, as printed by `searchapp extract --json`."""
        record = asdict(self)
        for name in ("paragraphs", "line", "url", "author"):
            del record[name]
        record["year"] = self.year
        for name in ("speakers", "countries", "topics"):
            record[name] = list(record[name])
        return record


def build(source: Source) -> Article:
    """Build the article of `source`; raise `ArticleError` if nothing usable remains."""
    fields = source.fields
    paragraphs = _paragraphs(source.text)
    if not fields:
        title, paragraphs, author = _split_header(paragraphs)
        date = dates.find_date(source.text)
    else:
        title = (fields.get("title") or "").strip()
        author = fields.get("author")
        date = dates.normalise(fields.get("date")) if fields.get("date") else dates.find_date(source.text)
    if not paragraphs:
        raise ArticleError("aucun texte d'article après nettoyage")
    if not title:
        title = _shorten(paragraphs[0])
    return Article(
        id=source.id,
        path=source.path,
        line=source.line,
        title=title,
        paragraphs=tuple(paragraphs),
        date=date,
        source=fields.get("source"),
        url=fields.get("url"),
        author=author,
        speakers=tuple(fields.get("speakers") or ()),
        countries=tuple(fields.get("countries") or ()),
        topics=tuple(fields.get("topics") or ()),
    )


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines with spaces collapsed, furniture dropped, repeats dropped."""
    seen: set[str] = set()
    kept = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line and not _NOISE.match(line) and line not in seen:
            seen.add(line)
            kept.append(line)
    return kept


def _split_header(lines: list[str]) -> tuple[str, list[str], str | None]:
    """Pick the headline among the first lines; return (title, body, author)."""
    author = None
    for index, line in enumerate(lines[:6]):
        if dates.find_date(line) and len(line) < 40:
            continue
        if 15 <= len(line) <= 200 and not line.endswith((".", "…")):
            body = [l for l in lines[index + 1:] if not _drop_from_body(l)]
            for l in lines[index + 1:index + 4]:
                match = _AUTHOR.match(l)
                if match:
                    author = match.group(1)
            return line, body, author
    return "", [l for l in lines if not _drop_from_body(l)], None


def _drop_from_body(line: str) -> bool:
    return bool(_AUTHOR.match(line)) or (len(line) < 40 and dates.find_date(line) is not None)


def _shorten(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= _TITLE_MAX:
        return sentence
    return sentence[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
