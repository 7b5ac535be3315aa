"""A generated press corpus with many speakers and years, an oracle of its facet counts,
a live server, and the browser to drive it.

Shared by the facet tests, the browser tests and `docs/screenshots.py`.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from searchapp.facets import FACETS, MISSING

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

SPEAKERS = (
    "Sergueï Lavrov",
    "Mike Pompeo",
    "Wang Yi",
    "John Bolton",
    "Jean-Yves Le Drian",
    "Michel Barnier",
    "Angela Merkel",
    "Emmanuel Macron",
    "Ursula von der Leyen",
    "Antony Blinken",
    "Josep Borrell",
    "Volodymyr Zelensky",
    "Xi Jinping",
    "Boris Johnson",
    "Olaf Scholz",
    "Catherine Colonna",
)
COUNTRIES = {
    "Russie": "russe",
    "États-Unis": "américaine",
    "Chine": "chinoise",
    "France": "française",
    "Allemagne": "allemande",
    "Royaume-Uni": "britannique",
    "Ukraine": "ukrainienne",
    "Belgique": "belge",
}
TOPICS = ("Élections", "Diplomatie", "Défense", "Europe", "Cybersécurité")
YEARS = range(2015, 2023)
SOURCES = ("AFP", "Reuters", "Le Monde", "Libération", "Les Échos")
ABOUT_INTERFERENCE = (
    (
        "{speaker} dénonce une ingérence {adjective}",
        "« Nous ne tolérerons aucune ingérence {adjective} », a déclaré {speaker}. {extra}",
    ),
    (
        "Ingérence : {speaker} hausse le ton",
        "{speaker} a mis en garde contre toute ingérence dans les affaires intérieures du pays. {extra}",
    ),
    (
        "Soupçons d'ingérence {adjective} lors du scrutin",
        "Les enquêteurs étudient des soupçons d'ingérence {adjective}, selon {speaker}. {extra}",
    ),
    (
        "{speaker} rejette les accusations d'ingérence",
        "« Ces accusations d'ingérence sont sans fondement », a affirmé {speaker}. {extra}",
    ),
    (
        "Cyberattaques : la piste d'une ingérence {adjective}",
        "Les services de renseignement évoquent une ingérence {adjective} ; {speaker} appelle au calme. {extra}",
    ),
    (
        "Sommet sous tension, {speaker} évoque l'ingérence",
        "Au sommet, {speaker} a évoqué l'ingérence {adjective} et le contrôle des armements. {extra}",
    ),
)
OTHER = (
    (
        "{speaker} plaide pour la transition énergétique",
        "{speaker} a défendu un plan pour le climat et les énergies renouvelables. {extra}",
    ),
    (
        "Commerce : {speaker} défend un nouvel accord",
        "Les négociations commerciales ont repris, a indiqué {speaker}. {extra}",
    ),
    (
        "{speaker} en visite officielle",
        "La visite de {speaker} a été consacrée aux échanges culturels et universitaires. {extra}",
    ),
)
EXTRAS = (
    "Les diplomates restent prudents.",
    "Une réunion est prévue la semaine prochaine.",
    "La presse a relayé ces déclarations.",
    "Les réactions ne se sont pas fait attendre.",
    "Le gouvernement n'a pas souhaité commenter.",
    "Une enquête parlementaire a été ouverte.",
)


def browse_rows() -> list[dict]:
    """Articles with skewed speaker frequencies (each speaker at least once), 2015–2022 and
    some undated; most about `ingérence`."""
    rng = random.Random(5)
    weights = [1 / (rank + 1) for rank in range(len(SPEAKERS))]
    rows = []
    for i in range(72):
        drawn = rng.choices(SPEAKERS, weights, k=rng.choice((1, 1, 2)))
        speakers = list(dict.fromkeys(drawn if i >= len(SPEAKERS) else [SPEAKERS[-1 - i], *drawn[1:]]))
        countries = rng.sample(list(COUNTRIES), rng.choice((1, 2)))
        interference = i % 5 != 4
        title, text = rng.choice(ABOUT_INTERFERENCE if interference else OTHER)
        fill = dict(speaker=speakers[0], adjective=COUNTRIES[countries[0]], extra=rng.choice(EXTRAS))
        row = dict(
            id=f"b{i:02d}",
            title=title.format(**fill),
            text=text.format(**fill),
            source=SOURCES[i % len(SOURCES)],
            speakers=speakers,
            countries=countries,
            topics=rng.sample(TOPICS, rng.choice((1, 2))),
        )
        if i % 9 != 8:
            row["date"] = f"{YEARS[i % len(YEARS)]}-{(i * 7) % 12 + 1:02d}-{(i * 13) % 28 + 1:02d}"
        rows.append(row)
    return rows


def write_rows(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


@contextmanager
def serve(app):
    """Serve `app` on a free port of 127.0.0.1 in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        """Requests are not logged: test output stays readable."""


class Oracle:
    """The facet semantics spelled out over plain rows, to check `search.engine.run` against.

    `q` is either empty or a word that every `ABOUT_INTERFERENCE` article contains.
    """

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def hits(self, request) -> set[str]:
        return {row["id"] for row in self._base(request) if all(self._passes(row, f, request) for f in FACETS)}

    def counts(self, request, facet) -> dict[str, tuple[int, bool]]:
        """{value: (count, selected)} for every value with a document and every selected value."""
        low, high = request.range(facet.key)
        counted = Counter()
        for row in self._base(request):
            if all(self._passes(row, other, request) for other in FACETS if other is not facet) and (
                (low is None and high is None) or self._in_range(row, low, high) is not False
            ):
                counted.update(self.values(row, facet))
        chosen = request.selected(facet.key)
        return {value: (counted[value], value in chosen) for value in {*counted, *chosen}}

    @staticmethod
    def values(row: dict, facet) -> set[str]:
        if facet.ranged:
            return {row["date"][:4]} if row.get("date") else {MISSING}
        return set(row[facet.attribute])

    def _base(self, request):
        return [row for row in self.rows if not request.q or "ingérence" in row["text"]]

    def _passes(self, row: dict, facet, request) -> bool:
        chosen = set(request.selected(facet.key))
        low, high = request.range(facet.key)
        if low is None and high is None:
            return not chosen or bool(self.values(row, facet) & chosen)
        in_range = self._in_range(row, low, high)
        if in_range is None:  # undated: only the missing bucket lets it through
            return MISSING in chosen
        years = chosen - {MISSING}
        return in_range and (not years or row["date"][:4] in years)

    @staticmethod
    def _in_range(row: dict, low, high) -> bool | None:
        if not row.get("date"):
            return None
        year = int(row["date"][:4])
        return (low is None or low <= year) and (high is None or year <= high)
