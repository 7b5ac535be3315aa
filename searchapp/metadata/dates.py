"""Publication dates: find them in French or English text, normalise and format them."""

from __future__ import annotations

import re

from unidecode import unidecode

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre")
_MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december")
_MONTH_NUMBER = {unidecode(name): number for number, name in enumerate(MONTHS_FR, 1)}
_MONTH_NUMBER.update({name: number for number, name in enumerate(_MONTHS_EN, 1)})
_MONTH_NUMBER.update({name[:3]: number for number, name in enumerate(_MONTHS_EN, 1)})
_MONTH_NUMBER["sept"] = 9
_MONTH = r"(?P<month>[a-zA-Zéû]{3,9})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)(?:-(?P<dnum>[0-3]\d))?\b"),
    re.compile(rf"\b(?P<day>[0-3]?\d)(?:er)?\s+{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d),?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<dnum>[0-3]\d)/(?P<mnum>[01]\d)/{_YEAR}\b"),
)
_ISO = re.compile(r"^((?:19|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?")


def find_date(text: str) -> str | None:
    """The first date in `text` as ISO `YYYY-MM-DD` or `YYYY-MM`, else None.

    >>> find_date("mai 25, 2019"), find_date("date 2018-08"), find_date("le 11 décembre 2019")
    ('2019-05-25', '2018-08', '2019-12-11')
    """
    best = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _from_match(match)
            if found and (best is None or match.start() < best[0]):
                best = (match.start(), found)
            if found:
                break
    return best[1] if best else None


def normalise(value: str) -> str | None:
    """An ISO date or datetime cut to `YYYY-MM-DD` or `YYYY-MM`; None if invalid or year-only."""
    match = _ISO.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    return _iso(int(year), int(month) if month else None, int(day) if day else None)


def format_fr(iso: str | None) -> str:
    """`2019-05-25` → `25 mai 2019`; `2018-08` → `août 2018`; None → ``""``."""
    if not iso:
        return ""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS_FR[parts[1] - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = "1er" if parts[2] == 1 else str(parts[2])
    return f"{day} {month} {parts[0]}"


def _from_match(match: re.Match) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("mnum"):
        month = int(groups["mnum"])
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
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
