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


# Pages as they come: what stands before the headline on real pages (issue 14).
HEADLINE = "Le plan de relance dévoilé"


@pytest.mark.parametrize(
    "before",
    [
        # cookie-consent banners, in their many wordings
        ("Nous respectons votre vie privée", "Tout accepter", "Continuer sans accepter", "Personnaliser"),
        ("Votre vie privée est importante pour nous", "Accepter et fermer", "Gérer mes choix"),
        (
            "Le respect de votre vie privée est notre priorité",
            "Nous et nos partenaires utilisons des cookies et des traceurs pour mesurer l'audience, "
            "personnaliser les contenus et les publicités.",
            "J'accepte",
            "Je refuse",
            "Paramétrer les cookies",
        ),
        ("Ce site utilise des cookies", "Tout refuser", "Tout accepter", "Gérer mes préférences"),
        ("Vos choix concernant les cookies", "Accepter & continuer →", "Refuser tout ✕", "En savoir plus"),
        ("Gestion de votre consentement", "OK pour moi", "Paramètres", "Continuer sans accepter →"),
        (
            "Vous pouvez modifier vos choix à tout moment.",
            "Accepter les cookies ou s'abonner",
            "Refuser et s'abonner",
        ),
        (
            "En poursuivant votre navigation, vous acceptez l'utilisation de cookies.",
            "Paramètres de confidentialité",
            "Tout autoriser",
        ),
        # a masthead with its tagline, then a menu line
        ("Le Courrier du Plateau – Toute l'info en continu", "Accueil Politique Économie Monde Sport Culture"),
        ("LaVoixLibre | L'actualité de votre région au quotidien", "Actualités · Faits divers · Sports · Météo"),
        ("Radio Sahel Info - Le premier site d'information du Sahel", "Politique | Société | International"),
        # a rubric in capitals, with separators
        ("FAITS DIVERS - POLITIQUE LOCALE",),
        ("MONDE | AFRIQUE DE L'OUEST",),
        ("ÉCONOMIE · ÉNERGIE · CLIMAT",),
        ("ÉVÉNEMENT · Dernier jour de négociations",),
        ("SPORT | Ligue 1",),
        # a live blog: its event banner (a date range) and its label
        ("Conférence de Paris sur le climat (COP21) – Paris, 30 novembre – 12 décembre 2015", "EN DIRECT"),
        ("EN DIRECT", "Sommet de l'Union africaine, du 9 au 11 février 2024"),
        ("Jeux olympiques de Paris 2024 | 26 juillet - 11 août 2024", "LIVE"),
        ("EN DIRECT", "Il y a 9 heures", "10h32"),
        ("Le Journal du Lac | Les dernières nouvelles de la région", "Connexion Mon compte S'abonner Rechercher"),
        ("Faits divers - Politique locale",),
        # a site's name alone, right above its menu
        ("Le Courrier du Plateau", "Accueil Politique Économie Monde Sport Culture"),
        # a paywall's counter
        ("Vous consultez 1 article gratuit sur 5 ce mois-ci. Abonnez-vous pour un accès illimité.",),
        # menus as a page's copy lays them out (items apart by runs of spaces), or of places and sections
        ("Le Journal de l'Ouest", "Accueil   Morbihan   Vannes   Lorient   Nécrologie   S'abonner"),
        ("Actualités   Débats   Maison   Auto   Contexte",),
        ("Toulouse Occitanie Faits divers Sports Politique Loisirs Services",),
        # a rubric of three parts or more, a programme's time slot
        ("Football - Ligue des champions - Quarts de finale",),
        ("Du lundi au vendredi de 7h40 à 7h45",),
        ("Le samedi à 12h",),
    ],
)
def test_the_headline_behind_banners_mastheads_and_rubrics(before):
    layout = lay_out(page(*before, HEADLINE, BODY, SECOND))
    assert (layout.title, layout.paragraphs, layout.title_sure) == (HEADLINE, (BODY, SECOND), True)


def test_a_rubric_above_a_headline_ending_with_a_quotation():
    headline = "Hélène Vasseur-Kahn : « Le règlement sur l'IA ne sera pas appliqué sans contrôleurs »"
    layout = lay_out(page("Le grand entretien", headline, BODY, SECOND))
    assert (layout.title, layout.paragraphs) == (headline, (BODY, SECOND))


@pytest.mark.parametrize(
    "lines, title, sure",
    [
        # a headline followed by its lede, or repeated: a strong signal
        ((HEADLINE, BODY), HEADLINE, True),
        ((HEADLINE, "Publié le 3 mars 2021", HEADLINE, BODY), HEADLINE, True),
        # a title-like line followed by other short lines: a guess
        ((HEADLINE + " par le gouvernement", "Une ligne courte", BODY), HEADLINE + " par le gouvernement", True),
        (
            (HEADLINE + " par le gouvernement", "Une ligne courte", "Une autre ligne", BODY),
            HEADLINE + " par le gouvernement",
            False,
        ),
        # no headline at all
        ((BODY, SECOND), None, False),
    ],
)
def test_how_sure_the_headline_is(lines, title, sure):
    layout = lay_out(page(*lines))
    assert (layout.title, layout.title_sure) == (title, sure)


@pytest.mark.parametrize(
    "line, header, author",
    [
        ("Publié le 6 mars 2025 à 06h00 · Temps de lecture 4 min.", "Publié le 6 mars 2025 à 06h00", None),
        (
            "Publié le 6 mars 2025 à 06h00 Temps de lecture : 4 min",
            "Publié le 6 mars 2025 à 06h00 Temps de lecture : 4 min",
            None,
        ),
        (
            "Par Claire Martin · Publié le 6 mars 2025 à 06h00 · Lecture 4 min",
            "Publié le 6 mars 2025 à 06h00",
            "Claire Martin",
        ),
        ("Claire Martin | 06/03/2025 à 06:00 | 3 min de lecture", "06/03/2025 à 06:00", "Claire Martin"),
        ("Le 6 mars 2025 à 6 h 00, mis à jour à 9 h 12", "Le 6 mars 2025 à 6 h 00, mis à jour à 9 h 12", None),
        ("Publié : 06/03/2025 - 06:00 • Modifié : 06/03/2025 - 09:12", "Publié : 06/03/2025 - 06:00", None),
        ("Jeudi 6 mars 2025 - 06:00 • 4 minutes de lecture", "Jeudi 6 mars 2025 - 06:00", None),
        ("Par Capucine Hervé - 14 octobre 2021 à 17h02", "14 octobre 2021 à 17h02", "Capucine Hervé"),
        ("Propos recueillis par Julien Ferrandi – 30 mars 2011", "30 mars 2011", "Julien Ferrandi"),
        ("Par Romain Vasseur | 2 avril 2014 | 22h14 | 47 commentaires", "2 avril 2014", "Romain Vasseur"),
        (
            "Par Sylvie Quéméner le 22.09.2020 à 17h05, mis à jour le 23.09.2020 à 09h40",
            "22.09.2020 à 17h05, mis à jour le 23.09.2020 à 09h40",
            "Sylvie Quéméner",
        ),
        (
            "11 septembre 2022 à 16:42 UTC+2 Mis à jour il y a 3 ans",
            "11 septembre 2022 à 16:42 UTC+2 Mis à jour il y a 3 ans",
            None,
        ),
    ],
)
def test_date_lines_in_every_shape(line, header, author):
    layout = lay_out(page(HEADLINE, line, BODY))
    assert (layout.title, layout.paragraphs, layout.header[:1], layout.author) == (HEADLINE, (BODY,), (header,), author)


@pytest.mark.parametrize(
    "line, kept",
    [
        (
            "Yasmina Belkacem\u00a0: «\u00a0Nous avons perdu\u202f!\u00a0»",
            "Yasmina Belkacem\u00a0: «\u00a0Nous avons perdu\u202f!\u00a0»",
        ),
        ("Le plan\u00a0de relance \u00a0dévoilé\t: « oui »", "Le plan de relance dévoilé : « oui »"),
    ],
)
def test_typographic_no_break_spaces_are_kept(line, kept):
    assert lay_out(page(line, BODY)).title == kept
