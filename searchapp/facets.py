"""FACETS: the one declaration of the facets; schema, search, URLs and templates read it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A facet: `key` names its index field, URL parameter and JSON key."""

    key: str
    label: str
    attribute: str  # the Article attribute holding its values
    alias: str  # the French field name in query syntax (`pays:russie`)
    order: str = "count"  # "count" (most frequent first) or "value_desc" (newest year first)

    def values(self, article) -> tuple[str, ...]:
        """The facet's values for an article, as index terms."""
        value = getattr(article, self.attribute)
        if value is None:
            return ()
        if isinstance(value, int):
            return (str(value),)
        return tuple(dict.fromkeys(v for v in value if v))


FACETS: tuple[Facet, ...] = (
    Facet("speaker", "Orateur", "speakers", "orateur"),
    Facet("country", "Pays", "countries", "pays"),
    Facet("year", "Année", "year", "annee", order="value_desc"),
    Facet("topic", "Thème", "topics", "theme"),
)

BY_KEY = {facet.key: facet for facet in FACETS}
