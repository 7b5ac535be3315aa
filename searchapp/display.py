"""Numbers and dates as a French reader expects them, for pages and the command line."""

from __future__ import annotations

from .ingest.metadata.dates import MONTHS_FR


def number(count: int) -> str:
    """A count with a narrow no-break space between thousands.

    >>> number(12345), number(7)
    ('12\u202f345', '7')
    """
    return f"{count:,}".replace(",", "\u202f")


def date(iso: str | None) -> str:
    """An ISO date in words.

    >>> date("2019-05-25"), date("2018-08"), date("2020-03-01"), date(None)
    ('25 mai 2019', 'août 2018', '1er mars 2020', '')
    """
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
