"""Extract metadata (headline, clean text, date, speakers, countries, topics) from article text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """Values extracted for one field, and why (in French), for `searchapp extract --explain`."""

    values: tuple[str, ...]
    reasons: tuple[str, ...]
