"""Articles: from a Source (raw text in any encoding, or JSONL fields) to an Article."""

from __future__ import annotations

import pytest

from searchapp.ingest.articles import Article, ArticleError, analyse, build
from searchapp.ingest.corpus import Source, decode

RAW = (
    "Accueil > Monde\r\n\r\nLa Moldavie accuse Moscou de préparer un coup d’État\r\n\r\n"
    "Publié le 13 février 2023 à 18h42\r\n\r\nPar Claire Dubreuil\r\n\r\n"
    "La présidente moldave, Maia Sandu, a affirmé lundi que la Russie projetait de renverser "
    "le gouvernement de Chisinau avec des « saboteurs » venus de l'étranger.\r\n\r\n"
    "« Le but est de renverser l’ordre constitutionnel », a-t-elle déclaré. Les Moldaves s'inquiètent.\r\n"
)
EXPECTED = {
    "path": "x.txt",
    "id": "x",
    "title": "La Moldavie accuse Moscou de préparer un coup d’État",
    "date": "2023-02-13",
    "year": 2023,
    "source": None,
    "speakers": ["Maia Sandu"],
    "countries": ["Moldavie", "Russie"],
    "topics": ["Politique intérieure"],
    "guessed": [],
    "quotes": [
        {"speaker": "Maia Sandu", "text": "saboteurs", "start": 127, "end": 136, "kind": "direct"},
        {
            "speaker": "Maia Sandu",
            "text": "Le but est de renverser l’ordre constitutionnel",
            "start": 163,
            "end": 210,
            "kind": "direct",
        },
    ],
}


def raw(encoding: str, text: str = RAW) -> Source:
    if encoding == "latin-1":
        text = text.replace("’", "'")
    return Source(id="x", path="x.txt", text=decode(text.encode(encoding)))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_raw_article_in_every_encoding(encoding):
    expected = dict(EXPECTED)
    if encoding == "latin-1":
        expected["title"] = expected["title"].replace("’", "'")
        expected["quotes"] = [{**quote, "text": quote["text"].replace("’", "'")} for quote in expected["quotes"]]
    assert build(raw(encoding)).to_record() == expected


@pytest.mark.parametrize(
    "data, text",
    [
        # a UTF-8 file with one stray cp1252 byte keeps its UTF-8 accents
        ("Le président à Genève".encode() + b" \x93caf\xe9\x94", "Le président à Genève “café”"),
        # a cp1252 file whose bytes happen to form UTF-8 here and there (é, no-break space, » is 頻)
        (
            "«\xa0Une nécessité\xa0», écrit-elle, « à l'été\xa0».".encode("cp1252"),
            "«\xa0Une nécessité\xa0», écrit-elle, « à l'été\xa0».",
        ),
        # bytes cp1252 leaves undefined are read as latin-1
        (b"\x81 \xe9t\xe9", "\x81 été"),
        (b"\xef\xbb\xbfBOM\r\nCRLF\rCR", "BOM\nCRLF\nCR"),
    ],
)
def test_decode_bytes(data, text):
    assert decode(data) == text


def test_article_fields_beyond_the_record():
    article = build(raw("utf-8"))
    assert (article.author, article.year, article.paragraphs[0][:20], "\r" in article.text) == (
        "Claire Dubreuil",
        2023,
        "La présidente moldav",
        False,
    )


@pytest.mark.parametrize(
    "fields, expected",
    [
        # explicit values win
        (
            {
                "title": "Titre fourni",
                "date": "2020-01-02T10:00:00",
                "speakers": ["X Y"],
                "countries": ["France"],
                "topics": ["Sport"],
                "source": "afp",
            },
            ("Titre fourni", "2020-01-02", ("X Y",), ("France",), ("Sport",), "afp", ()),
        ),
        # an explicit empty list is a value too
        (
            {"title": "Titre fourni", "speakers": [], "countries": [], "topics": []},
            ("Titre fourni", "2023-01-15", (), (), (), None, ()),
        ),
        # missing values are extracted; a JSONL text has no headline to look for: its title is a guess
        (
            {"text": "x"},
            (
                "Le Kremlin a averti dimanche que la livraison de chars à l'Ukraine "
                "ne ferait que prolonger le conflit…",
                "2023-01-15",
                ("Dmitri Peskov",),
                ("Russie", "Ukraine"),
                ("Défense et armées", "Guerre et conflits"),
                None,
                ("title",),
            ),
        ),
    ],
)
def test_jsonl_values_win_and_extraction_fills_the_rest(fields, expected):
    text = (
        "Moscou, 15 janvier 2023 - Le Kremlin a averti dimanche que la livraison de chars à l'Ukraine "
        "ne ferait que prolonger le conflit, au lendemain de l'annonce par Londres de l'envoi de blindés.\n\n"
        "« Ces chars brûleront », a déclaré le porte-parole de la présidence russe, Dmitri Peskov, "
        "lors d'un point de presse. Les Ukrainiens attendent des chars."
    )
    article = build(Source(id="j", path="c.jsonl", text=text, line=1, fields=fields))
    assert (
        article.title,
        article.date,
        article.speakers,
        article.countries,
        article.topics,
        article.source,
        article.guessed,
    ) == expected


@pytest.mark.parametrize("text", ["Rechercher\nPUBLICITÉ\nPartager cet article", "   \n\n"])
def test_no_article_text_left_is_an_error(text):
    with pytest.raises(ArticleError):
        build(Source(id="x", path="x.txt", text=text))


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        ("Niveau | Salaire\n\nA | 1 427\n\nB | 1 510", ("Niveau | Salaire", "A | 1 427", "B | 1 510")),  # a table
        (
            "L'outil e-profil©, développé par le GNFA, permet la passation de questionnaires.",
            ("L'outil e-profil©, développé par le GNFA, permet la passation de questionnaires.",),
        ),  # © as in a credit
    ],
)
def test_a_jsonl_text_that_cleaning_would_empty_is_kept_as_given(text, paragraphs):
    article = build(Source(id="j", path="c.jsonl", text=text, line=1, fields={"id": "j", "text": text}))
    assert article.paragraphs == paragraphs


def test_explanation_covers_every_field():
    article, why = analyse(raw("utf-8"))
    assert isinstance(article, Article)
    assert (why.title, why.date, len(why.speakers), len(why.countries) >= 2, why.dropped[:2]) == (
        ("titre de la page suivi de son chapeau",),
        ("date de publication : « Publié le 13 février 2023 à 18h42 »",),
        1,
        True,
        (("Accueil > Monde", "fil d'Ariane"), ("Publié le 13 février 2023 à 18h42", "ligne de date")),
    )


def test_timings_are_collected_per_stage():
    timings: dict[str, float] = {}
    analyse(raw("utf-8"), timings)
    assert sorted(timings) == ["citations", "date", "mise en page", "orateurs", "pays", "thèmes"]


@pytest.mark.parametrize(
    "fields, corrections, expected",
    [
        # a web page corrected: the corrected values win, extraction fills the rest
        (
            {},
            {"title": "Titre corrigé", "date": "2023-02-14", "speakers": []},
            ("Titre corrigé", "2023-02-14", (), ("Moldavie",), ()),
        ),
        # a JSONL article corrected: the correction wins over its own values too
        (
            {"title": "Titre fourni", "date": "2020-01-02", "countries": ["France"]},
            {"countries": ["Moldavie"]},
            ("Titre fourni", "2020-01-02", ("Maia Sandu",), ("Moldavie",), ()),
        ),
    ],
)
def test_corrections_win(fields, corrections, expected):
    source = Source(id="x", path="x.txt", text=RAW, fields=fields, corrections=corrections)
    article, why = analyse(source)
    assert (article.title, article.date, article.speakers, article.countries, article.guessed) == expected
    corrected = "valeur corrigée (x.meta.json)"
    assert [name for name in ("title", "date", "speakers", "countries") if getattr(why, name) == (corrected,)] == list(
        corrections
    )


def test_a_live_blog_behind_a_consent_banner():
    """The page as saved: consent banner, event banner, label, relative times; the year comes from the
    event banner, a guess, and the headline over its lede is sure."""
    page = "\n\n".join(
        [
            "Nous respectons votre vie privée",
            "Tout accepter",
            "Continuer sans accepter",
            "Conférence de Paris sur le climat (COP21) – Paris, 30 novembre – 12 décembre 2015",
            "EN DIRECT",
            "COP21 : les négociateurs entrent dans la dernière ligne droite",
            "Publié il y a 9 heures",
            "Les délégations de 195 pays ont travaillé toute la nuit sur un projet d'accord, a indiqué la "
            "présidence de la conférence, qui espère un texte final samedi.",
            "Il y a 2 heures",
            "« Nous sommes tout près du but », a déclaré le président de la conférence, Laurent Fabius.",
        ]
    )
    article, why = analyse(Source(id="live", path="live.txt", text=page))
    assert (article.title, article.date, article.guessed, article.speakers, why.date) == (
        "COP21 : les négociateurs entrent dans la dernière ligne droite",
        "2015-12-12",
        ("date",),
        ("Laurent Fabius",),
        (
            "date d'un bandeau d'événement (indice faible) : « Conférence de Paris sur le climat (COP21) – Paris, "
            "30 novembre – 12 décembre 2015 »",
        ),
    )
