"""Countries: the countries an article is about, in canonical French names.

Mentions are found through `countries.tsv`: names (with or without accents and
hyphens), demonyms (`russe`, `moldaves`), capitals and metonyms (`Moscou`, `le
Kremlin`, `la Maison Blanche`); a known speaker's country counts as one mention, and a
speaker's name is not a mention (`France-Élaine Duranceau`, `Santiago Abascal`), nor
is one person's nationality (`l'Italienne`, `le Belge Will Still`).
Captions, bylines and link lists never reach this module.

Relevance threshold — a country is kept when it is named in the title or in a
rubric (breadcrumb, section label), or mentioned at least 3 times, or at least
twice in two different paragraphs, or the subject of a paragraph (named first, then a pronoun
starts its second sentence: `La Corée du Sud est l'exemple… Elle a été touchée…`). A country
named like a US state (Géorgie) is the state in
an article about the United States, unless the article also names the country otherwise
(Tbilissi, géorgien). A country named once in passing (`la réunion
du G20 à Osaka, au Japon`) is not what the article is about. When no country
passes, the most mentioned one is kept if the lead names it or it is mentioned
twice (a short dispatch may name its country once).
"""

from __future__ import annotations

import re
from collections import Counter

from . import Finding, gazetteers

MIN_MENTIONS = 3
MIN_SPREAD = 2  # mentions and paragraphs for the "twice in two paragraphs" rule
_TITLE = -1
_SPEAKER = -2
_UNITED_STATES = "États-Unis"
_NAMED_AFTER_PLACES = frozenset({"accord", "accords", "traite", "protocole", "convention", "processus"})
# A paragraph whose second sentence goes on about the subject of the first: `… Elle a été touchée`.
_CONTINUED = re.compile(r"^[^.!?]*[.!?]\s+(?:Elle|Il|Elles|Ils)\b")
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.\s?(?:-[A-ZÀ-Þ]\.\s?)?)+\s*[–—:-]?\s*")  # an answer's `Y. B. –`


def find_countries(
    title: str | None,
    paragraphs: tuple[str, ...],
    speaker_countries: tuple[str, ...] = (),
    rubrics: tuple[str, ...] = (),
    speakers: tuple[str, ...] = (),
) -> Finding:
    """The countries of an article, most relevant first, each with the reason it was kept or not."""
    index = gazetteers.country_index()
    where: dict[str, list[int]] = {}
    forms: dict[str, Counter] = {}
    subjects: set[str] = set()  # countries a paragraph starts with
    texts = [(_TITLE, text) for text in (title, *rubrics) if text] + list(enumerate(paragraphs))
    names = [name for name in speakers if index.find(gazetteers.words(name))]
    for number, text in texts:
        for name in names:
            text = text.replace(name, " ")
        seq = gazetteers.words(text)
        for match in index.find(seq):
            if _individual(seq, match):
                continue
            if number >= 0 and _subject(seq, match) and _CONTINUED.match(_INITIALS.sub("", text, count=1)):
                subjects.add(match.value)
            where.setdefault(match.value, []).append(number)
            forms.setdefault(match.value, Counter())[match.phrase] += 1
    for country in speaker_countries:
        where.setdefault(country, []).append(_SPEAKER)
        forms.setdefault(country, Counter())["pays d'un orateur"] += 1
    reasons: list[str] = []
    for country in _us_states(where, forms):
        reasons.append(f"{country} : écarté (État américain : l'article parle des États-Unis)")
        del where[country]
    kept: list[str] = []
    for country, places in sorted(
        where.items(), key=lambda item: (-_score(item[1]), item[1][0] if item[1][0] >= 0 else -1)
    ):
        verdict = _verdict(places) or ("sujet d'un paragraphe" if country in subjects else None)
        if verdict is None and not kept and country == _most_mentioned(where) and (0 in places or len(places) >= 2):
            verdict = "le plus cité, faute d'autre pays"
        detail = ", ".join(f"{phrase} ×{count}" for phrase, count in forms[country].most_common())
        reasons.append(
            f"{country} : {'retenu' if verdict else 'écarté'} "
            f"({verdict or 'cité en passant'}) — {len(places)} mention(s) : {detail}"
        )
        if verdict:
            kept.append(country)
    return Finding(tuple(kept), tuple(reasons))


def _us_states(where: dict[str, list[int]], forms: dict[str, Counter]) -> list[str]:
    """The countries named only like a US state, in an article that names the United States."""
    if all(place == _SPEAKER for place in where.get(_UNITED_STATES, [_SPEAKER])):
        return []
    states = gazetteers.us_states()
    return [
        country
        for country, phrases in forms.items()
        if country != _UNITED_STATES and all(gazetteers.ascii_lower(phrase) in states for phrase in phrases)
    ]


def _subject(seq, match: gazetteers.Match) -> bool:
    """Whether a paragraph starts with the country's name, as its subject (`La Corée du Sud est
    l'exemple le plus frappant.`, also after an answer's initials `Y. B. –`)."""
    start = 0
    while start < len(seq) and len(seq[start][0]) == 1 and seq[start][1]:  # initials
        start += 1
    if start < len(seq) and seq[start][0] in ("la", "le", "l", "les"):
        start += 1
    return match.start == start and match.phrase in gazetteers.country_names()


def _individual(seq, match: gazetteers.Match) -> bool:
    """Whether a demonym names one person (`l'Italienne`, `le Belge Will Still`): their
    nationality, not a country the article is about; or a capital names a treaty or a process
    (`l'accord de Vienne`, `le processus d'Astana`)."""
    if match.start == 0:
        return False
    before = seq[match.start - 1][0]
    if match.phrase[0].islower():
        return seq[match.start][1] and before in ("le", "la", "l", "un", "une")
    return before in ("de", "d") and match.start > 1 and seq[match.start - 2][0] in _NAMED_AFTER_PLACES


def _verdict(places: list[int]) -> str | None:
    body = [p for p in places if p != _TITLE]
    if _TITLE in places:
        return "dans le titre ou la rubrique"
    if len(body) >= MIN_MENTIONS:
        return f"{len(body)} mentions"
    if len(body) >= MIN_SPREAD and len(set(body)) >= MIN_SPREAD:
        return "dans plusieurs paragraphes"
    return None


def _score(places: list[int]) -> int:
    return len(places) + 3 * places.count(_TITLE)


def _most_mentioned(where: dict[str, list[int]]) -> str:
    return max(where, key=lambda country: _score(where[country]))
