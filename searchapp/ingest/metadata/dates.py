"""Publication dates: find them in French or English text, pick the publication date, format it."""

from __future__ import annotations

import datetime
import re

from unidecode import unidecode

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NUMBER = {unidecode(name): number for number, name in enumerate(MONTHS_FR, 1)}
_MONTH_NUMBER.update({name: number for number, name in enumerate(_MONTHS_EN, 1)})
_MONTH_NUMBER.update({name[:3]: number for number, name in enumerate(_MONTHS_EN, 1)})
_MONTH_NUMBER.update({"janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7, "sept": 9})  # Les Echos: 28 févr. 2024
_MONTH = r"(?P<month>[a-zA-Zéû]{3,9})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)(?:-(?P<dnum>[0-3]\d))?(?![\d-])"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:er)?\s+{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d),?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<dnum>[0-3]?\d)([/.])(?P<mnum>[01]?\d)\2{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<dnum>[0-3]?\d)/(?P<mnum>[01]?\d)/(?P<short>\d\d)\b(?![/\d])"),  # 20 Minutes: 05/11/23
)
# A span of days: "30 novembre – 12 décembre 2015", "du 9 au 11 février 2024", "26 juillet - 11 août 2024".
_RANGE = re.compile(
    rf"\b(?:du\s+)?[0-3]?\d(?:er)?(?:\s+[a-zA-Zéû]{{3,9}}\.?)?(?:\s+(?:19|20)\d\d)?\s*(?:[-–—]|au)\s*"
    rf"[0-3]?\d(?:er)?\s+{_MONTH}\s+{_YEAR}\b",
    re.IGNORECASE,
)
_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_DATE_HINT = re.compile(r"(?:19|20)\d\d|\d/\d")  # every pattern has a year, or a day/month slash
_ISO = re.compile(r"^((?:19|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?")
# What the words just before a date say about it.
_WEEKDAY = (
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\W*)?"
)
_PUBLISHED = re.compile(rf"(?i)(publi[ée]e?|published|posted|date|créé)\W*(?:le|on)?\W*{_WEEKDAY}$")
_UPDATED = re.compile(rf"(?i)(mise? à jour|màj|modifi[ée]e?|actualis[ée]e?|updated)\W*(?:le|on)?\W*{_WEEKDAY}$")


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every date in `text` as (start, end, ISO `YYYY-MM-DD` or `YYYY-MM`), in order.

    >>> [d for _, _, d in find_dates("mai 25, 2019 ; date 2018-08 ; le 11 décembre 2019 ; 03.03.2021 ; 05/11/23")]
    ['2019-05-25', '2018-08', '2019-12-11', '2021-03-03', '2023-11-05']
    """
    found: list[tuple[int, int, str]] = []
    if not _DATE_HINT.search(text):
        return found
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _from_match(match)
            if iso and not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), iso))
    return sorted(found)


def has_range(text: str) -> bool:
    """Whether `text` gives a span of days (an event's dates), not one date.

    >>> has_range("COP21 – Paris, 30 novembre – 12 décembre 2015"), has_range("Publié le 6 mars 2025 - 06:00")
    (True, False)
    """
    if not _YEAR_HINT.search(text):
        return False
    match = _RANGE.search(text)
    return bool(match and _MONTH_NUMBER.get(unidecode(match.group("month")).lower()))


def strip_dates(text: str) -> str:
    """`text` without its dates."""
    for start, end, _ in reversed(find_dates(text)):
        text = text[:start] + " " + text[end:]
    return text


def publication_date(
    header: tuple[str, ...], captions: tuple[str, ...], events: tuple[str, ...] = ()
) -> tuple[str | None, str, bool]:
    """The publication date, why (in French), and whether a strong signal gave it: from header
    lines, else the dates of an event banner (a live blog's), else photo captions.

    In the header a date marked "Publié le" wins, then an unmarked date (a date
    line, a dateline): both strong; then a "Mis à jour le" date, a guess. Event
    banners and captions are weaker evidence, guesses too. Dates inside the
    article text are never used: they are events, not publication.
    """
    ranked = []
    for line in header:
        for start, _, iso in find_dates(line):
            before = line[max(0, start - 30) : start]
            rank = 0 if _PUBLISHED.search(before) else 2 if _UPDATED.search(before) else 1
            ranked.append((rank, iso, line))
    if ranked:
        rank, iso, line = min(ranked, key=lambda r: r[0])
        what = ("date de publication", "date d'en-tête", "date de mise à jour (indice faible)")[rank]
        return iso, f"{what} : « {line} »", rank < 2
    for lines, what, shown in (
        (events, "date d'un bandeau d'événement", 160),
        (captions, "date d'une légende photo", 80),
    ):
        for line in lines:
            found = find_dates(line)
            if found:
                return found[0][2], f"{what} (indice faible) : « {line[:shown]} »", False
    return None, "aucune date d'en-tête, de ligne de date ni de légende", False


def normalise(value: str) -> str | None:
    """An ISO date or datetime cut to `YYYY-MM-DD` or `YYYY-MM`; None if invalid or year-only."""
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return _iso(int(year), int(month) if month else None, int(day) if day else None)


def _from_match(match: re.Match) -> str | None:
    groups = match.groupdict()
    year = 2000 + int(groups["short"]) if groups.get("short") else int(groups["year"])
    if groups.get("mnum"):
        month: int | None = int(groups["mnum"])
    else:
        month = _MONTH_NUMBER.get(unidecode(groups["month"]).lower())
        if month is None:
            return None
    day_text = groups.get("day") or groups.get("dnum")
    return _iso(year, month, int(day_text) if day_text else None)


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if month is None or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
