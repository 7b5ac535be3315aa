"""Countries: names, demonyms, capitals and metonyms, and the relevance threshold."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata.countries import find_countries


@pytest.mark.parametrize(
    "title, paragraphs, speaker_countries, expected",
    [
        # names with or without accents and hyphens, in the title
        ("Les Etats Unis et la Coree du Nord", ["Rien."], (), ("États-Unis", "Corée du Nord")),
        # demonyms only, in several paragraphs
        ("Crise à la frontière", ["Les Moldaves votent.", "Le gouvernement moldave a démissionné."], (), ("Moldavie",)),
        # capitals and metonyms
        (
            "Nouvelles tensions",
            ["Le Kremlin a répondu à la Maison-Blanche.", "Moscou et Washington se parlent.", "Pékin observe."],
            (),
            ("Russie", "États-Unis"),
        ),
        # compounds: américano-russes, nord-coréenne, franco-allemand
        (
            "Relations américano-russes",
            ["La menace nord-coréenne.", "La menace nord-coréenne, encore."],
            (),
            ("États-Unis", "Russie", "Corée du Nord"),
        ),
        # one passing mention is not enough…
        (
            "Sommet à Osaka",
            ["La Russie et la Chine.", "La Russie, encore.", "La Russie, toujours, au Japon."],
            (),
            ("Russie",),
        ),
        # …but a short dispatch keeps its only country
        ("Un séisme fait trois morts", ["La terre a tremblé dans l'est de la Turquie."], (), ("Turquie",)),
        # a speaker's country counts as one mention
        ("Le président réagit", ["Un accord avec l'Irlande.", "Rien d'autre."], ("Irlande",), ("Irlande",)),
        # phrases that are not countries: Amérique latine, accord de Paris, Washington Post
        ("Climat", ["L'Amérique latine et l'accord de Paris, selon le Washington Post."] * 3, (), ()),
        # outlets named after a country: Ouest-France, France 24, Radio-Canada
        (
            "Quimper. Le centre piétonnier",
            ["Ouest-France Yann Le Goff.", "Selon France 24 et Radio-Canada.", "Quimper Ouest-France"],
            (),
            (),
        ),
        # events, regions, clubs and institutions named after a country or a capital
        ("Tour de France : Pogacar s'impose", ["En Île-de-France, la Coupe de France.", "Au Stade de France."], (), ()),
        (
            "Le Real Madrid qualifié",
            [
                "Le Real Madrid a gagné.",
                "Le Real Madrid jouera mardi.",
                "L'Académie suédoise a choisi.",
                "L'Académie suédoise a annoncé.",
            ],
            (),
            (),
        ),
        # one person's nationality is not a country the article is about
        (
            "Roland-Garros : Swiatek gagne",
            [
                "La Polonaise a battu l'Italienne.",
                "L'Italienne a reconnu sa défaite.",
                "Le Belge Remco Evenepoel est troisième.",
            ],
            (),
            (),
        ),
        # a country named like a US state, in an article about the United States, is the state…
        (
            "Présidentielle américaine : la Géorgie recompte",
            ["Le gouverneur de Géorgie a certifié le résultat.", "Aux États-Unis, la Géorgie est un État clé."],
            (),
            ("États-Unis",),
        ),
        (
            "Atlanta (Géorgie) vote",
            ["Les électeurs américains de Géorgie.", "Washington suit le scrutin de Géorgie."],
            (),
            ("États-Unis",),
        ),
        # …but the country when the article also names it otherwise, or does not name the US
        (
            "Géorgie : manifestations",
            ["À Tbilissi, les Géorgiens défilent.", "Les États-Unis condamnent.", "Washington s'inquiète."],
            (),
            ("Géorgie", "États-Unis"),
        ),
        ("Élections en Géorgie", ["Le parti au pouvoir revendique la victoire."], (), ("Géorgie",)),
        # a US state holding a country's name is not that country
        ("Sécheresse au Nouveau-Mexique", ["Le Nouveau-Mexique manque d'eau.", "Au Nouveau-Mexique, rien."], (), ()),
        # the smaller countries too, named in an interview answer
        (
            "Ebola : « l'épidémie recule »",
            [
                "R. – Au Liberia et en Sierra Leone, les cas baissent.",
                "Le Liberia rouvre ses écoles ; la Sierra Leone aussi.",
            ],
            (),
            ("Liberia", "Sierra Leone"),
        ),
        ("Élections au Bénin", ["Cotonou vote.", "Les Béninois, comme les Gambiens, votent."], (), ("Bénin",)),
        # a capital naming a treaty or a process is not a mention
        (
            "Nucléaire : l'accord de Vienne menacé",
            ["Le processus d'Astana est au point mort.", "Les signataires du traité de Rome se réunissent."],
            (),
            (),
        ),
        # a country a paragraph is about, named once: its subject, then a pronoun goes on about it…
        (
            "« Nous avons perdu trois semaines »",
            [
                "Y. B. – La Corée du Sud est l'exemple le plus frappant. Elle a testé tôt et massivement.",
                "L'Allemagne est l'autre cas. Elle avait des lits de réanimation en nombre.",
                "Nous, nous avons attendu.",
            ],
            (),
            ("Corée du Sud", "Allemagne"),
        ),
        # …not a country reacting in passing
        (
            "Taxes américaines sur l'acier",
            ["Le Mexique a annoncé des représailles. L'Union européenne promet une riposte.", "Rien d'autre."],
            (),
            ("États-Unis",),
        ),
        # lowercase capitals and names do not count (vienne is a verb)
        ("Qu'il vienne", ["Qu'il vienne ou non.", "Qu'il vienne."], (), ()),
    ],
)
def test_countries(title, paragraphs, speaker_countries, expected):
    assert find_countries(title, tuple(paragraphs), speaker_countries).values == expected


def test_a_speaker_s_name_is_not_a_country():
    paragraphs = ("« Non », a dit France-Élaine Duranceau.", "France-Élaine Duranceau a ajouté que rien ne changerait.")
    assert find_countries("Logement à Québec", paragraphs, speakers=("France-Élaine Duranceau",)).values == ()


def test_reasons_say_why_each_country_was_kept_or_not():
    found = find_countries("La Russie", ("Moscou et Pékin.",))
    assert found.reasons == (
        "Russie : retenu (dans le titre ou la rubrique) — 2 mention(s) : Russie ×1, Moscou ×1",
        "Chine : écarté (cité en passant) — 1 mention(s) : Pékin ×1",
    )
