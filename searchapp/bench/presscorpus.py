"""A press-like JSONL corpus, generated deterministically, rich in quotations (for `bench citations`).

Articles of a few paragraphs about politics, diplomacy and the economy: each
quotes several of a few thousand people (invented names), some anonymously,
in the shapes of the press (`« … », a déclaré X.`, `X a affirmé : « … »`,
`Selon X, « … »`), with dates over 2010–2025, a source, countries and topics.
Each record carries its `speakers`, `countries`, `topics` and `quotes`, so that
indexing measures the writing of both indexes rather than the extraction.
The same `seed` gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

FIRST = (
    "Camille Léa Jean Marie Pierre Sophie Nicolas Claire Thomas Julie Antoine Élise Mathieu Inès Olivier Chloé "
    "Karim Fatou Sergueï Olga Li Mei Pedro Ana Hans Greta Kofi Amina Raúl Yasmina Tomás Ingrid Ahmed Nadia "
    "Viktor Elena Paolo Giulia Kenji Aiko"
).split()
LAST = (
    "Martin Bernard Dubois Lefebvre Moreau Laurent Simon Michel Garcia Roux Fournier Girard Bonnet Dupont "
    "Lambert Fontaine Rousseau Vincent Muller Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François "
    "Legrand Gauthier Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval "
    "Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas Brunet "
    "Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger "
    "Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet "
    "Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis "
    "Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier"
).split()
ROLES = (
    "le ministre des Affaires étrangères",
    "la porte-parole du gouvernement",
    "le président de la commission",
    "la députée",
    "le maire",
    "l'économiste",
    "le secrétaire général du syndicat",
    "la directrice de l'institut",
    "le procureur",
    "l'ambassadeur",
)
ANONYMOUS = ("un diplomate européen", "une source proche du dossier", "un haut fonctionnaire", "un manifestant")
COUNTRIES = (
    "France Russie États-Unis Chine Ukraine Allemagne Royaume-Uni Italie Espagne Iran Israël Turquie Inde "
    "Brésil Japon Maroc Algérie Sénégal Mali Canada"
).split()
TOPICS = ("Élections", "Diplomatie", "Économie", "Défense", "Énergie", "Climat", "Justice", "Santé", "Social")
SOURCES = ("AFP", "Reuters", "Le Monde", "Le Figaro", "Libération", "Ouest-France", "RFI", "France 24")
SUBJECTS = (
    "l'ingérence étrangère",
    "la réforme des retraites",
    "les sanctions économiques",
    "la transition énergétique",
    "la sécurité européenne",
    "le pouvoir d'achat",
    "la dette publique",
    "les élections législatives",
    "la guerre en Ukraine",
    "l'inflation",
    "le réchauffement climatique",
    "la crise migratoire",
    "l'indépendance de la justice",
    "le système de santé",
    "la liberté de la presse",
    "les négociations commerciales",
    "le chômage des jeunes",
    "la souveraineté industrielle",
)
CLAIMS = (
    "Nous ne tolérerons aucune remise en cause de {s}",
    "Il faut regarder la réalité en face : {s} est une question de survie",
    "Personne ne peut prétendre que {s} se réglera en quelques semaines",
    "Nous avons proposé un compromis sur {s}, il appartient maintenant aux autres de répondre",
    "C'est une erreur historique de sacrifier {s} à des calculs électoraux",
    "Je n'ai jamais dit que {s} serait facile, mais nous tiendrons nos engagements",
    "Le gouvernement doit cesser de mentir aux citoyens sur {s}",
    "Nous demandons une enquête indépendante et transparente sur {s}",
    "Les chiffres sont clairs : {s} coûte chaque année des milliards d'euros",
    "Ce texte constitue une avancée réelle pour {s}, même s'il reste imparfait",
    "Nos partenaires ont compris que {s} concerne tout le continent",
    "Il n'y aura pas de solution durable sans un accord sur {s}",
)
FOLLOW_UPS = (
    "Nous irons jusqu'au bout.",
    "Le temps presse.",
    "Les citoyens attendent des actes, pas des promesses.",
    "Nous ne céderons pas à la pression.",
    "Le dialogue reste ouvert.",
    "La menace est réelle et elle est immédiate.",
)
CONTEXT = (
    "La réunion s'est tenue à huis clos pendant plus de trois heures.",
    "Le texte doit être examiné par le Parlement dans les prochaines semaines.",
    "Les discussions ont repris mardi après une semaine d'interruption.",
    "Plusieurs milliers de personnes ont manifesté dans la capitale samedi.",
    "Les marchés financiers ont accueilli l'annonce avec prudence.",
    "L'opposition réclame un débat public et un vote solennel.",
)


def people(count: int = 3000, seed: int = 7) -> list[str]:
    """`count` distinct invented names."""
    rng = random.Random(seed)
    names: dict[str, None] = {}
    while len(names) < count:
        names[f"{rng.choice(FIRST)} {rng.choice(LAST)}"] = None
    return list(names)


def articles(count: int, seed: int = 15) -> Iterator[dict]:
    """`count` article records (JSONL objects), about six quotations each."""
    rng = random.Random(seed)
    cast = people()
    weights = [1 / (rank + 1) for rank in range(len(cast))]  # a few people are quoted very often
    for number in range(count):
        quoted = list(dict.fromkeys(rng.choices(cast, weights, k=3)))
        subject = rng.choice(SUBJECTS)
        paragraphs, quotes = [], []
        for person in quoted:
            for _ in range(2):
                claim = rng.choice(CLAIMS).format(s=rng.choice(SUBJECTS))
                text, said = _paragraph(rng, person, claim, rng.choice(FOLLOW_UPS))
                paragraphs += [text, rng.choice(CONTEXT)]
                quotes += said
        if rng.random() < 0.5:
            who = rng.choice(ANONYMOUS)
            claim = rng.choice(CLAIMS).format(s=subject)
            paragraphs.append(f"« {claim} », a confié {who}.")
            quotes.append({"speaker": None, "text": claim})
        year = 2010 + number * 16 // count
        yield dict(
            id=f"press-{number:06d}",
            title=f"{quoted[0]} s'exprime sur {subject}",
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            source=rng.choice(SOURCES),
            text="\n\n".join(paragraphs),
            speakers=quoted,
            countries=sorted(set(rng.sample(COUNTRIES, rng.randint(1, 3)))),
            topics=sorted(set(rng.sample(TOPICS, rng.randint(1, 2)))),
            quotes=quotes,
        )


def write(path: Path, count: int, seed: int = 15) -> tuple[int, int]:
    """Write `count` articles to `path`; returns (articles, quotations)."""
    quotations = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in articles(count, seed):
            quotations += len(record["quotes"])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return count, quotations


def _paragraph(rng: random.Random, person: str, claim: str, follow: str) -> tuple[str, list[dict]]:
    """A paragraph quoting `person` in one of the press's shapes, and its quotations."""
    role = rng.choice(ROLES)
    shape = rng.randrange(4)
    if shape == 0:
        return f"« {claim} », a déclaré {person}. « {follow} »", [_said(person, claim), _said(person, follow)]
    if shape == 1:
        return f"{role.capitalize()}, {person}, a affirmé : « {claim}. {follow} »", [
            _said(person, f"{claim}. {follow}")
        ]
    if shape == 2:
        return f"Selon {person}, « {claim} ».", [_said(person, claim)]
    return f"« {claim}, a estimé {person}. {follow} »", [_said(person, claim), _said(person, follow)]


def _said(person: str, text: str) -> dict:
    return {"speaker": person, "text": text}
