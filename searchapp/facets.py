"""FACETS: the one declaration of the facets; schema, search, URLs and templates read it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

MISSING = "none"
"""The value that selects the documents without any value (`year=none`), where a facet allows it."""

_PUNCTUATION = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Facet:
    """A facet: `key` names its index field, URL parameter and JSON key."""

    key: str
    label: str
    plural: str  # lower-case plural, in sentences: "Filtrer les orateurs"
    attribute: str  # the Article attribute holding its values
    alias: str  # the French field name in query syntax (`pays:russie`)
    order: str = "count"  # "count" (most frequent first) or "value_desc" (newest year first)
    limit: int | None = 10  # values listed before "Plus…"; None lists them all
    ranged: bool = False  # integer values, filtered by a range `<key>_from`–`<key>_to`
    histogram: bool = False  # values drawn as bars proportional to their counts
    missing: str = ""  # label of the bucket of documents without value, selected as MISSING
    quoted: str = ""  # the quotation's own attribute for its value (else its article's values)

    def values(self, article) -> tuple[str, ...]:
        """The facet's values for an article, as index terms."""
        value = getattr(article, self.attribute)
        if value is None:
            return ()
        if isinstance(value, int):
            return (str(value),)
        return tuple(dict.fromkeys(v for v in value if v))

    def quote_values(self, article, quote) -> tuple[str, ...]:
        """The facet's values for one quotation of an article, as index terms."""
        if not self.quoted:
            return self.values(article)
        value = getattr(quote, self.quoted)
        return (value,) if value else ()

    @property
    def range_params(self) -> tuple[str, str]:
        """The URL parameters of the range: (`year_from`, `year_to`)."""
        return f"{self.key}_from", f"{self.key}_to"

    def label_of(self, value: str) -> str:
        """How a value is shown: itself, or the missing bucket's label."""
        return self.missing if self.missing and value == MISSING else value


FACETS: tuple[Facet, ...] = (
    Facet("speaker", "Orateur", "orateurs", "speakers", "orateur", quoted="speaker"),
    Facet("country", "Pays", "pays", "countries", "pays"),
    Facet(
        "year",
        "Année",
        "années",
        "year",
        "annee",
        order="value_desc",
        limit=None,
        ranged=True,
        histogram=True,
        missing="Date inconnue",
    ),
    Facet("topic", "Thème", "thèmes", "topics", "theme"),
)

BY_KEY = {facet.key: facet for facet in FACETS}
SPOKEN = next(facet for facet in FACETS if facet.quoted)
"""The facet of who said a quotation (« toutes ses citations »)."""


def value_key(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form of a value, for sorting and filtering.

    >>> value_key("Sergueï Lavrov"), value_key("Jean-Yves  Le Drian")
    ('serguei lavrov', 'jean yves le drian')
    """
    return " ".join(_PUNCTUATION.sub(" ", unidecode(text).lower()).split())
