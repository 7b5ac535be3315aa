"""Quotation extraction: shapes of press quotations, each paragraph set with the whole list of
(speaker, text) expected, and the offsets into the clean text."""

from __future__ import annotations

import pytest

from searchapp.ingest.metadata import quotes, speakers

CASES = [
    (  # incise after the quotation
        ["« Nous ne céderons pas à la pression », a déclaré Emmanuel Macron mardi."],
        [("Emmanuel Macron", "Nous ne céderons pas à la pression")],
    ),
    (  # colon after the subject and its apposition
        [
            "Le ministre des Affaires étrangères, Jean-Noël Barrot, a affirmé : « La France ne "
            "reconnaîtra jamais l'annexion de la Crimée. »"
        ],
        [("Jean-Noël Barrot", "La France ne reconnaîtra jamais l'annexion de la Crimée.")],
    ),
    (  # the attribution inside the quotation marks: two parts, one speaker
        ["« C'est une ingérence, a dénoncé Sergueï Lavrov, et nous y répondrons fermement. »"],
        [("Sergueï Lavrov", "C'est une ingérence"), ("Sergueï Lavrov", "et nous y répondrons fermement.")],
    ),
    (  # split by its attribution between two pairs of marks
        ["« Nous tiendrons », a dit Mike Pompeo, « quoi qu'il en coûte pour nos alliés. »"],
        [("Mike Pompeo", "Nous tiendrons"), ("Mike Pompeo", "quoi qu'il en coûte pour nos alliés.")],
    ),
    (  # English quotation marks and a pronoun
        [
            "Angela Merkel est arrivée à Bruxelles jeudi.",
            "“Nous devons rester unis face à cette crise”, a-t-elle martelé devant la presse.",
        ],
        [("Angela Merkel", "Nous devons rester unis face à cette crise")],
    ),
    (  # straight quotes, `selon`
        ['Selon Olivier Faure, "le gouvernement a perdu toute crédibilité sur ce dossier".'],
        [("Olivier Faure", "le gouvernement a perdu toute crédibilité sur ce dossier")],
    ),
    (  # a paragraph that goes on quoting the same person
        [
            "« Le pays traverse une crise profonde », a reconnu Gabriel Attal.",
            "« Nous allons présenter des mesures fortes dès la semaine prochaine. »",
        ],
        [
            ("Gabriel Attal", "Le pays traverse une crise profonde"),
            ("Gabriel Attal", "Nous allons présenter des mesures fortes dès la semaine prochaine."),
        ],
    ),
    (  # a second sentence of quotation in the same paragraph
        ["Antonio Guterres a lancé : « Le temps presse. » « Chaque jour de guerre coûte des vies innocentes. »"],
        [
            ("Antonio Guterres", "Le temps presse."),
            ("Antonio Guterres", "Chaque jour de guerre coûte des vies innocentes."),
        ],
    ),
    (  # an anonymous source: no speaker
        ["« Nous sommes inquiets de la situation », a indiqué un responsable de l'ONU."],
        [(None, "Nous sommes inquiets de la situation")],
    ),
    (  # titles of works, operation names, phrases, scare quotes: none
        [
            "Le film « La Haine de nos pères » sort mercredi, au lendemain de l'opération « Bouclier du Nord ».",
            "Il parle d'une « crise sans précédent » et d'un « moment historique ».",
            "Les mots « à compter du 1er janvier 2024 » sont supprimés.",
        ],
        [],
    ),
    (  # a heading after an elided `l'article`, a capitalised term before a comma with no speech after it
        [
            "A l'article 3 « Revalorisation des rémunérations conventionnelles », le point 1 est remplacé, "
            "précise l'avenant.",
            "Face à l'épidémie de « Covid-19 », les parties signataires ont rappelé leurs engagements.",
        ],
        [],
    ),
    (  # a pronoun after a sentence led by a role: its antecedent is above, past a heading
        [
            "La procureure Jeanne Marchal a requis six ans de prison jeudi.",
            '"Une machine à cash"',
            "La magistrate a décrit le mécanisme. « Les prévenus n'ont rien produit, a-t-elle martelé. "
            "Ils ont seulement compris avant les autres. »",
        ],
        [
            ("Jeanne Marchal", "Les prévenus n'ont rien produit"),
            ("Jeanne Marchal", "Ils ont seulement compris avant les autres."),
        ],
    ),
    (  # but not when the sentence before is about something else (`La junte… Elle a dénoncé`)
        [
            "« Nous soutenons la Cédéao », a déclaré Catherine Colonna.",
            "La junte accuse Paris. Elle a dénoncé la fin de l'opération « Barkhane » et les accords.",
        ],
        [("Catherine Colonna", "Nous soutenons la Cédéao")],
    ),
    (  # after a colon, the sentence's subject; a definite role leading it: the previous sentence's
        [
            "Wim Wenders a publié une photo de la salle, accompagnée de ces mots : « Trente ans. Le même frisson. »",
            "Robert Schuman lit la déclaration au Quai d'Orsay. Le ministre des Affaires étrangères y prononce "
            "ces mots : « L'Europe ne se fera pas d'un coup. »",
        ],
        [("Wim Wenders", "Trente ans. Le même frisson."), ("Robert Schuman", "L'Europe ne se fera pas d'un coup.")],
    ),
    (  # a pronoun after a sentence about a role: the person of that role
        [
            "Jean-Luc Ferrand, ancien maire de Lézan, est jugé pour favoritisme.",
            "Face au tribunal, l'ancien maire a balayé ces accusations. « Je n'ai jamais donné la moindre "
            "consigne », a-t-il affirmé.",
        ],
        [("Jean-Luc Ferrand", "Je n'ai jamais donné la moindre consigne")],
    ),
    (  # `Selon elle`, `elle a tenu à… :` with no name in the sentence: the pronoun's antecedent
        [
            "La chercheuse Aiko Matsumura a présenté ses résultats mardi.",
            "Selon elle, « une planète sur trois pourrait appartenir à cette famille ».",
            "Dans la salle, la mère de la victime, Annick Guillou, s'est effondrée. À la sortie, elle a tenu à "
            "s'adresser aux journalistes : « Trente ans, ça ne me rendra pas ma fille. »",
        ],
        [
            ("Aiko Matsumura", "une planète sur trois pourrait appartenir à cette famille"),
            ("Annick Guillou", "Trente ans, ça ne me rendra pas ma fille."),
        ],
    ),
    (  # `Puis, après un silence :` goes on with the same speaker; `un jeune intérimaire résume :` does not
        [
            "« C'est ma femme qui m'a amené aux urgences », dit Raymond Tessier. Puis, après un silence : "
            "« À mon âge, on fait le calcul. »",
            "« Ici, il n'y a plus rien », souffle Ahmed Bouzid. Plus loin, un jeune intérimaire résume, amer : "
            "« Ceux qui ont des crédits, ils vont faire comment ? »",
        ],
        [
            ("Raymond Tessier", "C'est ma femme qui m'a amené aux urgences"),
            ("Raymond Tessier", "À mon âge, on fait le calcul."),
            ("Ahmed Bouzid", "Ici, il n'y a plus rien"),
            (None, "Ceux qui ont des crédits, ils vont faire comment ?"),
        ],
    ),
    (  # after a sentence about someone unnamed (`Un voisin…`, `Selon un cadre…`), the pronoun is theirs
        [
            "« Tout est à jeter », dit Marinette Combes, les yeux rougis.",
            "Un voisin, qui nettoie sa cave, est plus remonté. « On nous parle de digue depuis trois ans. "
            "Pas un coup de pelleteuse ! », peste-t-il.",
            "« Nous saisirons la Cour suprême », a déclaré Oumar Sangaré.",
            "Selon un cadre d'un grand parti, plusieurs responsables ont été convoqués. « On nous fait comprendre "
            "que la moindre réunion est une infraction », confie-t-il.",
        ],
        [
            ("Marinette Combes", "Tout est à jeter"),
            (None, "On nous parle de digue depuis trois ans. Pas un coup de pelleteuse !"),
            ("Oumar Sangaré", "Nous saisirons la Cour suprême"),
            (None, "On nous fait comprendre que la moindre réunion est une infraction"),
        ],
    ),
    (  # an incise with a pronoun or a definite role, inside the marks: two parts, its referent's
        [
            "Rencontrée à Marseille, Anne-Marie Delpech-Santini s'est montrée plus mesurée. « Je n'ai jamais "
            "demandé la tête de qui que ce soit, nous a-t-elle assuré. Je demande que les militants puissent "
            "choisir. »",
            "La docteure Samia Haddad-Lefort dirige le service des urgences de Montclar.",
            "Désormais, un médecin régulateur oriente les patients. « Concrètement, on trie les patients au "
            "téléphone, résume l'urgentiste. Mais le jour où on se trompe, ce sera un drame. »",
        ],
        [
            ("Anne-Marie Delpech-Santini", "Je n'ai jamais demandé la tête de qui que ce soit"),
            ("Anne-Marie Delpech-Santini", "Je demande que les militants puissent choisir."),
            ("Samia Haddad-Lefort", "Concrètement, on trie les patients au téléphone"),
            ("Samia Haddad-Lefort", "Mais le jour où on se trompe, ce sera un drame."),
        ],
    ),
    (  # a short whole utterance with its attribution is a quotation
        ["« Jamais », a répondu Ursula von der Leyen."],
        [("Ursula von der Leyen", "Jamais")],
    ),
    (  # quoted words without any speech: not a quotation
        [
            "Sur la pancarte, on lisait « Non à la fermeture de notre maternité ».",
            "Le projet « Grand Paris Express » avance.",
        ],
        [],
    ),
    (  # a dash signature after the quotation
        ["« Nous reviendrons plus forts l'an prochain, c'est une promesse. »", "— Didier Deschamps, sélectionneur"],
        [("Didier Deschamps", "Nous reviendrons plus forts l'an prochain, c'est une promesse.")],
    ),
    (  # an interview: answers under the interviewee's name in capitals
        [
            "Que pensez-vous de la réforme ?",
            "LAURENT BERGER. – Elle est injuste et nous continuerons à la combattre.",
        ],
        [("Laurent Berger", "Elle est injuste et nous continuerons à la combattre.")],
    ),
    (  # an attributed fragment is a quotation, however short
        ["Laurent Berger a dénoncé « une faute démocratique »."],
        [("Laurent Berger", "une faute démocratique")],
    ),
    (  # the person the paragraph is about, then a pronoun
        [
            "Karim Benhaddou, 41 ans, conducteur de bus, ne cachait pas sa colère. « On a marché huit fois "
            "pour rien. » Il dit vouloir continuer « jusqu'au retrait »."
        ],
        [("Karim Benhaddou", "On a marché huit fois pour rien."), ("Karim Benhaddou", "jusqu'au retrait")],
    ),
    (  # an incise inside the marks, ending its sentence, naming the speaker after a role
        [
            "« C'est la fin d'un chapitre, a déclaré le directeur de la Nasa, Thomas Zurbuchen. "
            "Cassini a changé notre façon de chercher la vie. »"
        ],
        [
            ("Thomas Zurbuchen", "C'est la fin d'un chapitre"),
            ("Thomas Zurbuchen", "Cassini a changé notre façon de chercher la vie."),
        ],
    ),
    (  # an interview under the interviewee's initials, answers going on without them
        [
            "Mireille Dufresne, économiste, répond à nos questions.",
            "Le trafic a-t-il chuté ?",
            "M. D. : Oui, de 70 % en deux mois.",
            "Les armateurs évitent la zone.",
            "Et les prix ?",
            "Ils ont doublé.",
            "Propos recueillis par Paul Martin.",
        ],
        [
            ("Mireille Dufresne", "Oui, de 70 % en deux mois."),
            ("Mireille Dufresne", "Les armateurs évitent la zone."),
            ("Mireille Dufresne", "Ils ont doublé."),
        ],
    ),
    (  # a verb that speaks only after its quotation speaks before one too: `X a raillé « … »`
        ["À droite, le sénateur Philippe Morvan-Lacaze a raillé « une réforme de façade » mardi."],
        [("Philippe Morvan-Lacaze", "une réforme de façade")],
    ),
    (  # a definite role in an incise that the cast cannot bind: the person the paragraph is about
        [
            "Au bord du terrain, Jérôme Kabila-Weiss, qui dirige l'équipe depuis trois saisons, fulminait. « On a "
            "joué sans âme, a regretté le technicien. Il faudra tout revoir. »"
        ],
        [("Jérôme Kabila-Weiss", "On a joué sans âme"), ("Jérôme Kabila-Weiss", "Il faudra tout revoir.")],
    ),
    (  # a quoting sentence led by a role, or by a pronoun after a phrase set off by a comma
        [
            "Dans les buts, Yanis Ould-Brahim a multiplié les arrêts. Le gardien de 19 ans, formé au club, a "
            "évoqué « un groupe qui a peur de gagner ».",
            "La directrice financière, Hélène Marchal-Roy, a présenté les comptes. Interrogée sur la dette, "
            "elle avance « un retour à l'équilibre en 2027 ».",
        ],
        [
            ("Yanis Ould-Brahim", "un groupe qui a peur de gagner"),
            ("Hélène Marchal-Roy", "un retour à l'équilibre en 2027"),
        ],
    ),
    (  # … but not a pronoun that stands for what the sentence before is about, nor a role before a name
        [
            "La ministre Hélène Marchal-Roy a présenté les comptes.",
            "La Cour des comptes a publié son avis. Dans ce rapport, elle juge la trajectoire « peu crédible ».",
            "Le maire, Yanis Ould-Brahim, a perdu son procès contre Veolia qui le qualifie de « mauvais payeur ».",
        ],
        [],
    ),
    (  # an unnamed someone in an incise inside the marks: two parts, nobody's
        [
            "Le président du club, Bernard Lestrade, a défendu l'entraîneur. En coulisses, le ton change. « Si on "
            "perd samedi, il faudra se poser des questions, glisse un dirigeant. Ce serait une catastrophe. »"
        ],
        [(None, "Si on perd samedi, il faudra se poser des questions"), (None, "Ce serait une catastrophe.")],
    ),
    (  # a role held until a past year is a former one: `l'ancien maire` is bound to it
        [
            "Raymond Estève-Carrère, maire de la commune de 1989 à 2020, est jugé depuis lundi.",
            "Face aux juges, l'ancien maire a contesté les faits. « Je n'ai rien signé », a-t-il affirmé.",
        ],
        [("Raymond Estève-Carrère", "Je n'ai rien signé")],
    ),
    (  # someone unnamed close to a person named after the quotation is not that person
        ["« Il partira la tête haute », assure de son côté un proche de Michel Barnier."],
        [(None, "Il partira la tête haute")],
    ),
    (  # what someone is may describe them besides their office: the spokeswoman is `la militante`
        [
            "Sa porte-parole, Léonie Carvalho-Bert, accuse la préfecture.",
            "« On nous traite comme des criminels », lance la militante de 29 ans, apicultrice à Melle.",
        ],
        [("Léonie Carvalho-Bert", "On nous traite comme des criminels")],
    ),
    (  # a first name alone, vouched for by an age (a character of a film is not, after `de`)
        [
            "Sur le marché, la nouvelle fait le tour des étals. Josiane, 71 ans, ne décolère pas. « On nous "
            "chasse du quartier. »",
            "Le rôle de Travis, âgé de 40 ans dans le film, a marqué le public. « Un rôle immense. »",
        ],
        [("Josiane", "On nous chasse du quartier.")],
    ),
    (  # a quotation introduced by the paragraph above, going on over several paragraphs
        [
            "Rien ne prédestinait Aminata Diallo-Sène à la tech. Elle raconte :",
            "« Ma mère tenait ses comptes dans un cahier d'écolier.",
            "« Quand j'ai découvert la programmation, j'ai pensé à ce cahier. »",
            "La start-up a levé deux millions d'euros.",
            "« Chaque franc compte. »",
        ],
        [
            ("Aminata Diallo-Sène", "Ma mère tenait ses comptes dans un cahier d'écolier."),
            ("Aminata Diallo-Sène", "Quand j'ai découvert la programmation, j'ai pensé à ce cahier."),
        ],
    ),
    (  # a role bound to someone far gives way to the person just named whom it may describe
        [
            "Le sélectionneur irlandais, Andy Farrell, saluait la victoire des siens.",
            "Chez les Bleus, Fabien Galthié fulminait. « On a manqué de lucidité, a lâché le sélectionneur. "
            "On se remet nous-mêmes en danger. »",
        ],
        [
            ("Fabien Galthié", "On a manqué de lucidité"),
            ("Fabien Galthié", "On se remet nous-mêmes en danger."),
        ],
    ),
    (  # an unnamed source after an outlet in the incise: nobody's; an apposed name: hers
        [
            "« Le retrait était prévu », a affirmé Dmitri Peskov.",
            "« Ils ont fui, a déclaré à France Info un officier sous couvert d'anonymat. C'est une débandade. »",
            "« Nous resterons vigilants, a indiqué une porte-parole, Maria Kovalenko. Rien n'est joué. »",
        ],
        [
            ("Dmitri Peskov", "Le retrait était prévu"),
            (None, "Ils ont fui"),
            (None, "C'est une débandade."),
            ("Maria Kovalenko", "Nous resterons vigilants"),
            ("Maria Kovalenko", "Rien n'est joué."),
        ],
    ),
    (  # a dialogue in dashes: the attributed line's speaker, then turns, the first answer the accused's
        [
            "Dans le box, Kevin Marchetti-Laval n'a pas bronché à l'énoncé du verdict.",
            "— Pourquoi êtes-vous revenu ? a demandé la présidente Odile Chaumont-Rey.",
            "— Je ne sais pas. J'avais peur.",
            "— Et le couteau, où était-il ?",
            "— Sur la table, je vous l'ai dit.",
            "Le jury s'est retiré à 18 heures.",
        ],
        [
            ("Odile Chaumont-Rey", "Pourquoi êtes-vous revenu ?"),
            ("Kevin Marchetti-Laval", "Je ne sais pas. J'avais peur."),
            ("Odile Chaumont-Rey", "Et le couteau, où était-il ?"),
            ("Kevin Marchetti-Laval", "Sur la table, je vous l'ai dit."),
        ],
    ),
    (  # a pronoun skips the woman just named for the man before her; the clause after a comma leads
        [
            "Milorad Stanković-Berg, 61 ans, comparaît depuis mardi pour escroquerie.",
            "Face à la présidente Hélène Vautrin-Saez, le prévenu a maintenu sa ligne. « Je n'ai trompé "
            "personne, a-t-il affirmé. J'ai perdu moi aussi. »",
        ],
        [
            ("Milorad Stanković-Berg", "Je n'ai trompé personne"),
            ("Milorad Stanković-Berg", "J'ai perdu moi aussi."),
        ],
    ),
    (  # a role in the incise, then the person named at the head of the paragraph's next sentence
        [
            "« Le marché est devenu un marché de prix », a expliqué hier le président du directoire. "
            "Pierre-Yves Lemarchand-Ruiz, qui dirige le groupe depuis 2001, assure que le plan sera juste."
        ],
        [("Pierre-Yves Lemarchand-Ruiz", "Le marché est devenu un marché de prix")],
    ),
    (  # nested quotation marks: the outer quotation only
        ["« Quand il dit “jamais de la vie”, il ment aux Français », a accusé Marine Le Pen."],
        [("Marine Le Pen", "Quand il dit “jamais de la vie”, il ment aux Français")],
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), CASES)
def test_quotations(paragraphs, expected):
    found = quotes.find_quotes(speakers.attribute(None, tuple(paragraphs)), tuple(paragraphs), False)
    assert [(q.speaker, q.text) for q in found] == expected
    text = "\n\n".join(paragraphs)
    assert [text[q.start : q.end] for q in found] == [q.text for q in found]


INTERVIEWS = [
    (  # in dashes: each answer follows its question (which may not end with `?`)
        "Élodie Marchetti-Bey : « J'ai filmé Oran comme une boîte à secrets »",
        [
            "Six ans après un premier film, Élodie Marchetti-Bey revient avec une chronique familiale.",
            "– Pourquoi Oran ?",
            "– Parce que c'est la ville de ma grand-mère. Je n'y étais jamais allée.",
            "– Vous avez tourné sur place.",
            "– Cela a pris deux ans, il a fallu tout négocier.",
            "– Le film sortira-t-il en Algérie ?",
            "– Nous l'espérons pour l'automne.",
        ],
        "Élodie Marchetti-Bey",
        [
            "Parce que c'est la ville de ma grand-mère. Je n'y étais jamais allée.",
            "Cela a pris deux ans, il a fallu tout négocier.",
            "Nous l'espérons pour l'automne.",
        ],
    ),
    (  # the outlet asks in capitals; the interviewee answers under her name, then her initials
        "Le grand entretien",
        [
            "La juriste Hélène Vasseur-Kahn dirige l'Observatoire du numérique.",
            "LA REVUE NUMÉRIQUE. – Le report vous surprend-il ?",
            "HÉLÈNE VASSEUR-KAHN. – Pas vraiment. La pression des industriels est énorme.",
            "LA REVUE NUMÉRIQUE. – Que faudrait-il faire ?",
            "H. V.-K. – Mutualiser au niveau européen, tout simplement.",
        ],
        "Hélène Vasseur-Kahn",
        ["Pas vraiment. La pression des industriels est énorme.", "Mutualiser au niveau européen, tout simplement."],
    ),
    (  # unmarked questions and answers under a headline quoting the interviewee; an answer goes on
        "Sandrine Oyono-Mbarga : « Le franc CFA n'est plus tabou »",
        [
            "Économiste à Douala, Sandrine Oyono-Mbarga publie un essai sur la monnaie commune.",
            "La réforme annoncée à Abidjan change-t-elle la donne ?",
            "Elle change le nom, pas encore les règles. Les réserves restent à Paris.",
            "Le Trésor français garde sa garantie.",
            "Faut-il en sortir ?",
            "Il faut surtout en débattre, ce que personne n'osait faire.",
        ],
        "Sandrine Oyono-Mbarga",
        [
            "Elle change le nom, pas encore les règles. Les réserves restent à Paris.",
            "Le Trésor français garde sa garantie.",
            "Il faut surtout en débattre, ce que personne n'osait faire.",
        ],
    ),
]


@pytest.mark.parametrize(("title", "paragraphs", "interviewee", "answers"), INTERVIEWS)
def test_interview_answers_are_the_interviewees(title, paragraphs, interviewee, answers):
    found = quotes.find_quotes(speakers.attribute(title, tuple(paragraphs)), tuple(paragraphs), True)
    assert [(q.speaker, q.text) for q in found] == [(interviewee, answer) for answer in answers]
    scoped = quotes.scope(title, tuple(paragraphs))  # a source whose speakers are given keeps them
    assert scoped is not None and all(scoped[paragraphs.index(f"– {a}")] for a in answers if f"– {a}" in paragraphs)


def test_title_and_byline():
    """With a title, text numbers shift by one; the byline author never speaks a quotation."""
    paragraphs = ("« Il faut tout reprendre à zéro », a estimé Claire Fontaine, notre envoyée spéciale.",)
    attribution = speakers.attribute("Un titre", paragraphs)
    found = quotes.find_quotes(attribution, paragraphs, True, author="Claire Fontaine")
    assert [(q.speaker, q.text, q.start, q.end, q.kind) for q in found] == [
        (None, "Il faut tout reprendre à zéro", 2, 31, "direct")
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([{"speaker": "A B", "text": "trois  mots ici"}], ((("A B", "trois mots ici", 4, 18),))),
        ([{"text": "mots"}, {"speaker": None, "text": "mots"}], ((None, "mots", 10, 14), (None, "mots", 21, 25))),
        ([{"speaker": "A B", "text": "absent"}], None),
    ],
)
def test_located(given, expected):
    paragraphs = ("Les trois mots ici : mots.", "Et encore des mots.")
    found = quotes.located(given, paragraphs)
    assert (None if found is None else tuple((q.speaker, q.text, q.start, q.end) for q in found)) == expected
