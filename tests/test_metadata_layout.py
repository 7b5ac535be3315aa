"""Layout: headline, clean paragraphs, header, captions and the reasons lines are dropped."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata.layout import lay_out, lead_title

BODY = (
    "Le ministre a présenté mardi un plan de relance de plusieurs milliards d'euros "
    "pour soutenir l'industrie, selon un communiqué publié dans la soirée."
)
SECOND = (
    "Les syndicats ont salué un « premier pas » mais réclament des garanties sur "
    "l'emploi dans les usines les plus menacées du pays."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    "text, title, paragraphs",
    [
        # breadcrumb, navigation, date line, byline, reading time, sharing buttons
        (
            page(
                "Accueil > Économie > Industrie",
                "Rechercher",
                "Le plan de relance dévoilé",
                "Publié le 3 mars 2021 à 14h05",
                "Par Claire Martin",
                "Lecture : 3 min.",
                "Partager sur Facebook",
                BODY,
                "PUBLICITÉ",
                SECOND,
            ),
            "Le plan de relance dévoilé",
            (BODY, SECOND),
        ),
        # rubric labels above the headline; headline repeated below it
        (
            page(
                "INTERNATIONAL",
                "Corée du Nord",
                "Pyongyang tire un nouveau missile",
                "Pyongyang tire un nouveau missile",
                BODY,
            ),
            "Pyongyang tire un nouveau missile",
            (BODY,),
        ),
        # archive notice, English caption and credit, "À voir aussi" block with its links
        (
            page(
                "Cet article fait partie des archives en ligne du HuffPost Québec, qui a fermé ses portes en 2021.",
                "Le plan de relance dévoilé",
                "PARIS, FRANCE - MARCH 3: The minister speaks during a press conference in Paris on March 3, 2021.",
                "The Washington Post via Getty Images",
                BODY,
                "À VOIR AUSSI",
                "Un village sous la neige",
                "Close",
            ),
            "Le plan de relance dévoilé",
            (BODY,),
        ),
        # inline "Lire aussi" link, French caption after a credit line, lead repeated at the end, cut short
        (
            page(
                "Le plan de relance dévoilé",
                BODY,
                "Lire aussi | Les usines ferment une à une",
                "Photo : Jean Dupont / AFP",
                "Le ministre à Bercy, le 2 mars.",
                SECOND,
                BODY + " Les syndicats ont salué un « premier...",
            ),
            "Le plan de relance dévoilé",
            (BODY, SECOND),
        ),
        # no headline: the page starts with prose (and a date token)
        (page("date 2018-08 " + BODY, SECOND), None, (BODY, SECOND)),
        # a short headline over a one-line text: not a label, and the text stays the body
        (
            page("Un titre d'article assez long", "Le texte de l'article."),
            "Un titre d'article assez long",
            ("Le texte de l'article.",),
        ),
        (page("Monde", "Le texte de l'article."), None, ("Le texte de l'article.",)),
        # an outlet's domain at the end
        (page("Le plan de relance dévoilé", BODY, "Hautpanel.com"), "Le plan de relance dévoilé", (BODY,)),
        # white space (tabs, no-break spaces, CRLF, runs of spaces) collapsed to single spaces
        (
            "  Le plan\tde relance\u00a0dévoilé \r\n \r\n" + BODY.replace(" ", "  ", 3) + "\u202f\r\n" + SECOND,
            "Le plan de relance dévoilé",
            (BODY, SECOND),
        ),
    ],
)
def test_headline_and_clean_paragraphs(text, title, paragraphs):
    layout = lay_out(text)
    assert (layout.title, layout.paragraphs) == (title, paragraphs)


def test_header_captions_author_and_reasons():
    layout = lay_out(
        page(
            "Accueil > Monde",
            "Le plan de relance dévoilé",
            "Publié le 3 mars 2021",
            "Par Claire Martin, à Paris",
            "Photo : Jean Dupont / AFP",
            BODY,
        )
    )
    assert (layout.header, layout.captions, layout.author, layout.dropped) == (
        ("Publié le 3 mars 2021",),
        ("Photo : Jean Dupont / AFP",),
        "Claire Martin",
        (
            ("Accueil > Monde", "fil d'Ariane"),
            ("Publié le 3 mars 2021", "ligne de date"),
            ("Par Claire Martin, à Paris", "signature"),
            ("Photo : Jean Dupont / AFP", "légende ou crédit photo"),
        ),
    )


@pytest.mark.parametrize(
    "line, header",
    [
        ("MOSCOU, 15 janvier 2023 (AFP) - " + BODY, ("MOSCOU, 15 janvier 2023 (AFP)",)),
        ("Moscou, 15 janvier 2023 - " + BODY, ("Moscou, 15 janvier 2023",)),
        ("PARIS (AFP) - " + BODY, ("PARIS (AFP)",)),
        ("MANCHESTER (Royaume-Uni), 17 avril (AFP) - " + BODY, ("MANCHESTER (Royaume-Uni), 17 avril (AFP)",)),
    ],
)
def test_datelines_leave_the_text_and_become_header(line, header):
    layout = lay_out(page("Le plan de relance dévoilé", line))
    assert (layout.paragraphs, layout.header) == ((BODY,), header)


def test_no_headline_when_asked_not_to_look_for_one():
    assert lay_out(page("Article 3", BODY), headline=False).paragraphs == ("Article 3", BODY)


@pytest.mark.parametrize(
    "paragraph, title",
    [
        ("Le Kremlin a démenti. Il dénonce une provocation.", "Le Kremlin a démenti."),
        ("M. Dupont a parlé. Ensuite il est parti.", "M. Dupont a parlé."),
        (
            "L'Iran a convoqué jeudi l'ambassadeur britannique à Téhéran pour protester contre ce qu'il qualifie "
            "d'« ingérence » de Londres dans ses affaires intérieures, après des déclarations de responsables.",
            "L'Iran a convoqué jeudi l'ambassadeur britannique à Téhéran pour protester contre ce qu'il qualifie "
            "d'« ingérence » de Londres dans ses affaires intérieures…",
        ),
        (
            "Le conseiller à la sécurité nationale américain John Bolton a assuré jeudi que les États-Unis ne "
            "toléreraient aucune « ingérence » russe lors des élections de mi-mandat en novembre, Washington prêt.",
            "Le conseiller à la sécurité nationale américain John Bolton a assuré jeudi que les États-Unis ne "
            "toléreraient aucune « ingérence » russe lors des élections…",
        ),
    ],
)
def test_lead_title(paragraph, title):
    assert lead_title(paragraph) == title
