"""Turn a `Source` into an `Article`: headline, clean paragraphs and metadata.

Explicit JSONL values win over extraction; extraction fills the rest. `analyse`
also returns why each value was chosen (in French), for `searchapp extract --explain`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .corpus import Source
from .metadata import Finding, countries, dates, layout, speakers, topics

_GIVEN = "valeur fournie par la source"


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


@dataclass(frozen=True)
class Explanation:
    """Why each value of an article was chosen, in French, one list per field."""

    title: tuple[str, ...]
    date: tuple[str, ...]
    speakers: tuple[str, ...]
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    dropped: tuple[tuple[str, str], ...]  # (line, reason) left out of the text


def build(source: Source) -> Article:
    """Build the article of `source`; raise `ArticleError` if nothing usable remains."""
    return analyse(source)[0]


def analyse(source: Source) -> tuple[Article, Explanation]:
    """The article of `source` and why each of its values was chosen."""
    fields = source.fields
    page = layout.lay_out(source.text, headline=not fields)
    paragraphs = page.paragraphs
    if not paragraphs:
        raise ArticleError("aucun texte d'article après nettoyage")
    title = (fields.get("title") or "").strip() or page.title
    title_reason = _GIVEN if fields.get("title") else "titre de la page" if page.title else "pas de titre : première phrase abrégée"
    if not title:
        title = layout.lead_title(paragraphs[0])
    if fields.get("date"):
        date, date_reason = dates.normalise(fields["date"]), _GIVEN
    else:
        date, date_reason = dates.publication_date(page.header, page.captions)
    speaker_finding = countries_finding = topic_finding = None
    if fields.get("speakers") is None or fields.get("countries") is None:
        speaker_finding = speakers.find_speakers(title, paragraphs)
    if fields.get("countries") is None:
        countries_finding = countries.find_countries(title, paragraphs, speaker_finding.countries)
    if fields.get("topics") is None:
        topic_finding = topics.find_topics(title, paragraphs)
    speaker_values, speaker_reasons = _given_or(fields, "speakers", speaker_finding)
    country_values, country_reasons = _given_or(fields, "countries", countries_finding)
    topic_values, topic_reasons = _given_or(fields, "topics", topic_finding)
    article = Article(
        id=source.id,
        path=source.path,
        line=source.line,
        title=title,
        paragraphs=paragraphs,
        date=date,
        source=fields.get("source"),
        url=fields.get("url"),
        author=fields.get("author") or page.author,
        speakers=speaker_values,
        countries=country_values,
        topics=topic_values,
    )
    return article, Explanation((title_reason,), (date_reason,), speaker_reasons, country_reasons,
                                topic_reasons, page.dropped)


def _given_or(fields: dict, name: str, finding: Finding | None) -> tuple[tuple, tuple]:
    """The source's own values for field `name` if it has them, else the extracted ones."""
    if fields.get(name) is not None:
        return tuple(fields[name]), (_GIVEN,)
    return finding.values, finding.reasons
