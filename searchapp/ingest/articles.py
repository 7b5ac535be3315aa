"""Turn a `Source` into an `Article`: headline, clean paragraphs and metadata.

Explicit values win over extraction — a correction file's (`article.meta.json`,
`corpus.overrides.json`), then the JSONL fields —; extraction fills the rest. `analyse`
also returns why each value was chosen (in French), for `searchapp extract --explain`.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

from .corpus import Source, corrections_path, printable
from .metadata import Finding, countries, dates, layout, quotes, speakers, topics

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
    guessed: tuple[str, ...] = ()  # of "title" and "date": those no strong signal gave
    quotes: tuple[quotes.Quote, ...] = ()
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
        record["path"] = printable(self.path)
        record["year"] = self.year
        for name in ("speakers", "countries", "topics", "guessed"):
            record[name] = list(record[name])
        record["quotes"] = [quote.to_record() for quote in self.quotes]
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


def analyse(source: Source, timings: dict[str, float] | None = None) -> tuple[Article, Explanation]:
    """The article of `source` and why each of its values was chosen.

    With `timings`, the seconds spent in each stage are added to it (for the benchmark).
    """
    fields = source.fields
    given = {**fields, **source.corrections}
    stage = _Stopwatch(timings)
    with stage("mise en page"):
        page = layout.lay_out(source.text, headline=not fields)
    paragraphs = page.paragraphs
    if not paragraphs and fields:  # a JSONL text is an article's, even when it looks like page furniture
        paragraphs = tuple(filter(None, (" ".join(line.split()) for line in source.text.split("\n"))))
    if not paragraphs:
        raise ArticleError("aucun texte d'article après nettoyage")
    if given.get("title"):
        title, title_reason, title_sure = given["title"].strip(), _given(source, "title"), True
    elif page.title:
        title, title_sure = page.title, page.title_sure
        title_reason = "titre de la page " + (
            "suivi de son chapeau" if title_sure else "(deviné : ni chapeau ni répétition juste après)"
        )
    else:
        title, title_sure = layout.lead_title(paragraphs[0]), False
        title_reason = "pas de titre : première phrase abrégée"
    with stage("date"):
        if given.get("date"):
            date, date_reason, date_sure = dates.normalise(given["date"]), _given(source, "date"), True
        else:
            date, date_reason, date_sure = dates.publication_date(page.header, page.captions, page.events)
    speaker_finding = country_finding = topic_finding = None
    author = given.get("author") or page.author
    attribution = None
    with stage("orateurs"):
        if given.get("speakers") is None or given.get("countries") is None:
            attribution = speakers.attribute(title, paragraphs)
            speaker_finding = speakers.find_speakers(title, paragraphs, author, attribution)
    with stage("pays"):
        if given.get("countries") is None:
            assert speaker_finding is not None  # found above whenever "countries" is missing
            country_finding = countries.find_countries(
                title, paragraphs, speaker_finding.countries, page.rubrics, speaker_finding.values
            )
    with stage("thèmes"):
        if given.get("topics") is None:
            topic_finding = topics.find_topics(title, paragraphs)
    with stage("citations"):
        if fields.get("quotes") is not None:
            quoted = quotes.located(fields["quotes"], paragraphs)
            if quoted is None:
                raise ArticleError("champ « quotes » : une citation ne figure pas dans le texte")
        elif (scope := quotes.scope(title, paragraphs)) is not None:
            attribution = attribution or speakers.attribute(title, scope)
            quoted = quotes.find_quotes(attribution, paragraphs, bool(title), author)
        else:
            quoted = ()
    speaker_values, speaker_reasons = _given_or(source, given, "speakers", speaker_finding)
    country_values, country_reasons = _given_or(source, given, "countries", country_finding)
    topic_values, topic_reasons = _given_or(source, given, "topics", topic_finding)
    article = Article(
        id=source.id,
        path=source.path,
        line=source.line,
        title=title,
        paragraphs=paragraphs,
        date=date,
        source=given.get("source"),
        url=given.get("url"),
        author=author,
        speakers=speaker_values,
        countries=country_values,
        topics=topic_values,
        guessed=tuple(name for name, sure in (("title", title_sure), ("date", date_sure or not date)) if not sure),
        quotes=quoted,
    )
    return article, Explanation(
        (title_reason,), (date_reason,), speaker_reasons, country_reasons, topic_reasons, page.dropped
    )


class _Stopwatch:
    """`with stage("name"):` adds the block's duration to `timings["name"]` (if timings)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings
        self.name = ""
        self.start = 0.0

    def __call__(self, name: str) -> _Stopwatch:
        self.name = name
        return self

    def __enter__(self) -> None:
        if self.timings is not None:
            self.start = time.perf_counter()

    def __exit__(self, *exc) -> None:
        if self.timings is not None:
            self.timings[self.name] = self.timings.get(self.name, 0.0) + time.perf_counter() - self.start


def _given_or(source: Source, given: dict, name: str, finding: Finding | None) -> tuple[tuple, tuple]:
    """The values `given` for field `name` (corrected, or the source's own) if any, else the extracted ones."""
    if given.get(name) is not None:
        return tuple(given[name]), (_given(source, name),)
    assert finding is not None  # extracted whenever nothing gives the field
    return finding.values, finding.reasons


def _given(source: Source, name: str) -> str:
    """Why a value given for field `name` was taken: a correction, or the source's own value."""
    if name in source.corrections:
        return f"valeur corrigée ({corrections_path(Path(source.path)).name})"
    return _GIVEN
