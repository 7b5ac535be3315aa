"""Speakers: the people quoted or whose statements are reported, one canonical name each.

Two passes over the sentences of the title and body:

1. *Cast*: find person names (capitalised word sequences, with particles such as
   `de`, `von der`, `al-`) and role descriptions (`le chef de la diplomatie
   russe`). A full name is a person when something vouches for it: the people
   gazetteer, a known first name, `M.`/`Mme`, or a role next to it (`le
   secrétaire à la Défense, James Mattis`), which also binds that role to it.
2. *Attribution*: speech verbs and markers tell who speaks — `« … », a déclaré X`,
   `X a affirmé que`, `selon X`, `— X` after a quotation, `X, cité par…`, `a-t-il
   ajouté`, `dénoncée par X comme « … »`, `X : « … »`. The speaker may be a name
   (a surname alone resolves to the full name), a role (resolved through the roles
   bound to names, else to the person the previous sentence is about) or a pronoun
   (resolved to the first person named in the nearest previous sentence, of a
   compatible gender).

A person's canonical name is its first full mention in the article; a misspelling
of a gazetteer name (one or two letters off) takes the gazetteer's spelling.
Places, organisations, agencies, authors and photographers never qualify: the
byline and captions are not given to this module, and names containing a word of
`not_people.txt` or a country, capital or demonym are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import Finding, gazetteers
from .gazetteers import fold
from .sentences import Sentence, split

_TITLES = {"m": "m", "mm": "m", "mme": "f", "mlle": "f", "dr": None, "me": None, "pr": None, "mgr": "m"}
# Titles only when written in lowercase (`cheikh Mohammed…`; `Cheikh` may be a first name).
_HONORIFICS = {"cheikh": "m", "sir": "m", "lord": "m", "dame": "f", "imam": "m", "ayatollah": "m", "cardinal": "m"}
_DETERMINERS = frozenset({"le", "la", "l'", "son", "sa", "leur", "du", "au", "un", "une"})
_PRE_ADJECTIVES = frozenset({"nouveau", "nouvel", "nouvelle", "haut", "haute", "ancien", "ancienne", "ex",
                             "futur", "future", "actuel", "actuelle", "puissant", "puissante", "influent",
                             "influente", "tres", "vice", "premier", "premiere", "jeune", "celebre"})
# Role nouns (folded) → gender they imply (None: either).
_ROLE_HEADS = {
    "president": "m", "presidente": "f", "ministre": None, "secretaire": None, "chef": None, "cheffe": "f",
    "porte-parole": None, "diplomate": None, "conseiller": "m", "conseillere": "f", "ambassadeur": "m",
    "ambassadrice": "f", "dirigeant": "m", "dirigeante": "f", "leader": None, "chancelier": "m",
    "chanceliere": "f", "patron": "m", "patronne": "f", "directeur": "m", "directrice": "f",
    "gouverneur": None, "maire": None, "senateur": "m", "senatrice": "f", "depute": "m", "deputee": "f",
    "procureur": None, "procureure": "f", "juge": None, "candidat": "m", "candidate": "f",
    "commissaire": None, "envoye": "m", "envoyee": "f", "emissaire": None, "negociateur": "m",
    "negociatrice": "f", "homologue": None, "responsable": None, "general": "m", "amiral": "m",
    "colonel": "m", "commandant": "m", "roi": "m", "reine": "f", "prince": "m", "princesse": "f",
    "pape": "m", "emir": "m", "monarque": None, "pdg": None, "fondateur": "m", "fondatrice": "f",
    "entraineur": "m", "entraineuse": "f", "selectionneur": "m", "selectionneuse": "f",
    "capitaine": None, "politologue": None, "chercheur": "m", "chercheuse": "f", "economiste": None,
    "analyste": None, "expert": "m", "experte": "f", "specialiste": None, "professeur": None,
    "professeure": "f", "avocat": "m", "avocate": "f", "opposant": "m", "opposante": "f",
    "militant": "m", "militante": "f", "representant": "m", "representante": "f",
    "vice-president": "m", "vice-presidente": "f", "haut-commissaire": None, "rapporteur": None,
    "activiste": None, "journaliste": None, "medecin": None, "enseignant": "m", "enseignante": "f",
    "syndicaliste": None, "eurodepute": "m", "eurodeputee": "f", "elu": "m", "elue": "f",
    "milliardaire": None, "dictateur": "m", "souverain": "m", "souveraine": "f", "premier": None,
    "premiere": "f", "ministre-president": None, "generale": "f", "administrateur": "m",
    "interesse": "m", "interessee": "f", "attaquant": "m", "attaquante": "f", "defenseur": "m", "gardien": "m",
    "joueur": "m", "joueuse": "f", "buteur": "m", "meneur": "m", "pilote": None, "coureur": "m",
    "formateur": "m", "formatrice": "f", "informateur": "m", "coordonnateur": "m", "coordinateur": "m",
    "coordinatrice": "f", "delegue": "m", "deleguee": "f", "technicien": "m", "oligarque": None, "edile": None,
    "academicien": "m", "academicienne": "f", "cineaste": None, "realisateur": "m", "realisatrice": "f",
    "acteur": "m", "actrice": "f", "comedien": "m", "comedienne": "f", "ecrivain": "m", "ecrivaine": "f",
    "romancier": "m", "romanciere": "f", "chanteur": "m", "chanteuse": "f", "artiste": None, "sociologue": None,
    "historien": "m", "historienne": "f", "philosophe": None, "juriste": None, "magistrat": "m", "magistrate": "f",
    "epidemiologiste": None, "infectiologue": None, "virologue": None, "climatologue": None, "hydrologue": None,
    "demographe": None, "psychiatre": None, "urgentiste": None, "chirurgien": "m", "chirurgienne": "f",
    "infirmier": "m", "infirmiere": "f", "agriculteur": "m", "agricultrice": "f", "eleveur": "m",
    "commercant": "m", "commercante": "f", "retraite": "m", "retraitee": "f", "etudiant": "m", "etudiante": "f",
    "habitant": "m", "habitante": "f", "temoin": None, "survivant": "m", "survivante": "f", "rescape": "m",
    "rescapee": "f", "prevenu": "m", "prevenue": "f", "accuse": "m", "accusee": "f", "plaignant": "m",
    "plaignante": "f", "fille": "f", "fils": "m", "epouse": "f", "mari": "m", "mere": "f", "pere": "m",
    "frere": "m", "soeur": "f", "veuve": "f", "compagne": "f", "compagnon": "m",
}
# Feminine role nouns → masculine, so roles compare across genders.
_MASCULINE = {head: head[:-1] for head in _ROLE_HEADS if head.endswith("e") and head[:-1] in _ROLE_HEADS}
_MASCULINE.update({"cheffe": "chef", "conseillere": "conseiller", "ambassadrice": "ambassadeur",
                   "chanceliere": "chancelier", "patronne": "patron", "directrice": "directeur",
                   "senatrice": "senateur", "negociatrice": "negociateur", "fondatrice": "fondateur",
                   "entraineuse": "entraineur", "selectionneuse": "selectionneur", "chercheuse": "chercheur",
                   "princesse": "prince", "premiere": "premier", "souveraine": "souverain", "formatrice": "formateur",
                   "coordinatrice": "coordinateur", "academicienne": "academicien", "realisatrice": "realisateur",
                   "actrice": "acteur", "comedienne": "comedien", "romanciere": "romancier", "chanteuse": "chanteur",
                   "historienne": "historien", "chirurgienne": "chirurgien", "infirmiere": "infirmier",
                   "agricultrice": "agriculteur"})
_ORG_NOUNS = frozenset({"agence", "groupe", "journal", "quotidien", "hebdomadaire", "chaine", "site", "parti",
                        "ong", "entreprise", "societe", "constructeur", "compagnie", "fonds", "banque",
                        "organisation", "mouvement", "club", "equipe", "firme", "geant", "media", "radio",
                        "television", "magazine", "cabinet", "institut", "association", "syndicat"})
# Capitalised words that start sentences, not names.
_STOP_CAPS = frozenset(
    "le la les l' un une des du de d' au aux à en et ou mais donc or ni car selon pour par sur sous dans "
    "depuis apres avant avec sans chez entre contre vers lors pendant durant des malgre outre face quant si "
    "comme quand lorsque lorsqu' puisque alors ainsi pourtant cependant toutefois neanmoins enfin puis "
    "ensuite aussi meme il elle ils elles on nous vous je tu ce cet cette ces c' ca cela ceci celui celle "
    "son sa ses leur leurs mon ma mes notre nos votre vos tout tous toute toutes plusieurs quelques certains "
    "certaines chaque aucun aucune autre autres seul seule y interroge interrogee interroges joint jointe "
    "cote quelque rien personne oui non voici voila deja encore la ici hier demain qu' que qui quoi dont "
    "ou monsieur madame mesdames messieurs s' n' j' m' t' selon-lui reunis reunies".split()
) | frozenset(_ROLE_HEADS) | frozenset(_TITLES)
_PARTICLES = frozenset({"de", "du", "des", "da", "di", "do", "dos", "van", "von", "der", "den", "ter", "ten",
                        "ben", "bin", "ibn", "el", "al", "la", "le", "y", "abou", "abu", "ould", "bou"})
_NAME_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|ben|bin|abu|abou|ould|bou)-[A-ZÀ-Þ]")
_AUXILIARIES = frozenset({"a", "avait", "aurait", "ont", "avaient", "auraient", "aura"})
_FILLERS = frozenset(
    "egalement aussi ensuite encore deja bien alors meme notamment clairement publiquement personnellement "
    "plus tard tot enfin pourtant toutefois aujourd' hui hier recemment lundi mardi mercredi jeudi vendredi "
    "samedi dimanche matin soir dernier derniere pour sa part par ailleurs de son cote en partie dans la "
    "foulee lui-meme elle-meme lui elle fermement vivement longtemps souvent nouveau d'abord ainsi "
    "immediatement rapidement directement au contraire moins simplement".split()
)
_OF = frozenset({"de", "du", "des", "d'", "au", "aux"})
_FORMER = frozenset({"ancien", "ancienne", "ex"})
_NEGATIONS = frozenset({"n'", "ne", "pas", "jamais", "guere", "nullement"})
_INFINITIVE = re.compile(r"^[a-z]{3,}(?:er|ir|re)$")
_AUX_PRONOUN = re.compile(r"^(?:a-t|avait|aurait)-(il|elle)$")
_INVERTED_PRONOUN = re.compile(r"^(.+?)-(?:t-)?(il|elle)$")
_QUESTION = re.compile(r"(?:Q|Question)\s*[.:–—-]\s")
_ANSWER = re.compile(r"(?:R|Réponse)\s*[.:–—-]\s")
_ANSWER_BY_NAME = re.compile(r"([A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ'’-]+){1,3})\s*\.\s*[–—-]\s")
_THE_LATTER = frozenset({("ce", "dernier"), ("cette", "derniere")})
_QUOTE_CLOSE = frozenset({"»", "”", '"'})
_DASHES = frozenset({"—", "–", "-"})
# Tokens that may start an attribution besides speech verbs (see `_Attribution.find`).
_TRIGGERS = frozenset({"selon", "d'", "cite", "citee", ":"})
_FIRST_PERSON = frozenset({"je", "j'", "nous", "me", "m'", "moi", "mon", "ma", "mes", "notre", "nos"})
_MAX_APPOSITION = 40
# Words starting a complement between a verb and its inverted subject.
_COMPLEMENTS = frozenset({"à", "au", "aux", "sur", "dans", "devant", "lors", "depuis", "apres", "aupres", "en"})
_MAX_COMPLEMENT = 10
_MAX_SEGMENTS = 3  # appositions between a subject and its verb: `X, directeur de Y (Z), la…, a dit`
_MAX_COLON_CLAUSE = 15  # `X, qui tient une boutique depuis 1998 : « … »`
# Nouns of groups that speak for their head: `Le bureau du Premier ministre, X, a affirmé`.
_HEAD_GROUPS = frozenset({"bureau", "cabinet", "entourage", "gouvernement", "ministere", "services", "camp",
                          "administration", "equipe", "proches", "avocats", "parti"})
# Role nouns that say nothing about the function: compatible with any other role.
_GENERIC_ROLES = frozenset({"dirigeant", "leader", "responsable", "homologue", "chef", "patron", "formateur",
                            "informateur", "elu", "edile", "interesse"})
# Words between a subject and its verb: `X lui-même a dit`, `X l'a dit`, `X le répète`.
_BEFORE_VERB = frozenset("lui-meme elle-meme lui elle aussi egalement l' le la les leur y en nous vous "
                         "me m' ne n'".split())
_PREPOSITIONS = frozenset("à au aux en dans de du des d' depuis vers pour sur sous chez entre".split())
# Words that attach a name to something else inside an apposition (`directeur de l'Institute for X`).
_LINKS = _PREPOSITIONS | {"par", "avec", "contre", "pres", "of", "for"}
# Words a role description cannot end with (`le président américain | l'a dit`).
_DANGLING = frozenset("l' d' de du des la le les à au aux".split())
# Words that end a role description (`le ministre | a déclaré`, `le chef | qui…`).
_ROLE_END = frozenset("a avait ont est etait sera qui que qu' dont lors apres avant dans depuis avec sur pendant devant "
                      "selon et mais ou se s' n' ne y en pour par il elle lui doit va".split())


@dataclass
class Person:
    """Someone the article names."""

    name: str
    gender: str | None = None
    country: str | None = None
    roles: set = field(default_factory=set)  # {(function, country or None)}
    known: str | None = None  # the gazetteer's name for this person, if listed

    @cached_property
    def surname(self) -> str:
        return fold(self.name.split()[-1])


@dataclass(frozen=True)
class Speakers(Finding):
    """The speakers found, why, and their known countries (evidence for the country facet)."""

    countries: tuple[str, ...] = ()  # each speaker's country, when known


@dataclass(frozen=True)
class _Role:
    start: int
    end: int
    function: str
    country: str | None
    gender: str | None
    definite: bool  # "le ministre" names someone; "un responsable" does not


def find_speakers(title: str | None, paragraphs: tuple[str, ...], author: str | None = None) -> Speakers:
    """The speakers of an article, in order of first attribution; the author (byline) is
    never one, even when the standfirst says `plaide la sociologue X`."""
    sentences = split(((title,) if title else ()) + tuple(paragraphs))
    cast = _Cast(sentences)
    speakers: dict[int, Person] = {}
    reasons: list[str] = []
    byline = fold(author or "")
    found = [(person, how, sentence) for index, sentence in enumerate(sentences)
             for person, how in _Attribution(cast, index, sentence).find()]
    found += _interviewees(((title,) if title else ()) + tuple(paragraphs), cast)
    for person, how, sentence in found:
        if id(person) not in speakers and fold(person.name) != byline:
            speakers[id(person)] = person
            reasons.append(f"{person.name} : {how} — « {_excerpt(sentence)} »")
    people = list(speakers.values())
    return Speakers(tuple(p.name for p in people), tuple(reasons),
                    tuple(country for country in map(_country_of, people) if country))


def _interviewees(texts: tuple[str, ...], cast: "_Cast") -> list[tuple[Person, str, Sentence]]:
    """The people interviewed in a questions-answers article: whoever answers in capitals
    (`JEAN DUPONT. – Nous…`), else, with `Q.`/`R.` paragraphs, the first person named before
    the first question."""
    how = "personne interrogée (questions-réponses)"
    found = []
    for number, text in enumerate(texts):
        match = _ANSWER_BY_NAME.match(text)
        if (match and fold(match.group(1)) not in gazetteers.outlets()
                and gazetteers.not_people().isdisjoint(fold(match.group(1)).split())):  # NEW YORK. –
            sentence = next(s for s in cast.sentences if s.paragraph == number)
            found.append((cast.by_name(match.group(1)), how, sentence))
    questions = [number for number, text in enumerate(texts) if _QUESTION.match(text)]
    if found or not questions or not any(_ANSWER.match(text) for text in texts):
        return found
    for index, sentence in enumerate(cast.sentences):
        if sentence.paragraph >= questions[0]:
            break
        if cast.mentions[index]:
            return [(cast.mentions[index][0][1], how, sentence)]
    return []


def _country_of(person: Person) -> str | None:
    """The country a person speaks for: from the gazetteer, else from a bound role."""
    return person.country or next((c for _, c in sorted(person.roles, key=str) if c), None)


def _excerpt(sentence: Sentence) -> str:
    text = re.sub(r" (?=[,.)])|(?<=[(]) |(?<=['’]) ", "", sentence.text)
    return text if len(text) <= 140 else text[:137] + "…"


class _Cast:
    """The people of an article and where each sentence mentions them."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.people: list[Person] = []
        self._by_key: dict[str, Person] = {}
        self.mentions: list[list[tuple[int, Person]]] = []  # per sentence, outside quotations
        self.roles: list[list[_Role]] = []
        self.spans = spans = [_name_spans(s) for s in sentences]
        # surnames written after a title somewhere (`M. Saïed`) vouch for the full name
        self.titled = {s.folded[start]: _title_before(s, start) for s, names in zip(sentences, spans)
                       for start, end in names if end - start == 1 and _title_before(s, start)}
        for sentence, names in zip(sentences, spans):
            self.roles.append(_roles(sentence))
            for start, end in names:
                if end - start >= 2:
                    self._vouch(sentence, start, end, self.roles[-1])
        for index, (sentence, names) in enumerate(zip(sentences, spans)):
            found = []
            for start, end in names:
                person = self.resolve_name(sentence, start, end)
                if person and not sentence.quoted[start]:
                    found.append((start, person))
            for role in self.roles[index]:
                slot = _name_slot(sentence, role)
                if not sentence.quoted[role.start] and not any(role.start <= at <= slot for at, _ in found):
                    person = self.by_role(role)
                    if person:
                        found.append((role.start, person))
            roles = self.roles[index]
            self.mentions.append(sorted(found, key=lambda item: (_object_like(sentence, item[0], roles), item[0])))

    def _vouch(self, sentence: Sentence, start: int, end: int, roles: list[_Role]) -> None:
        """Register a full name when something vouches that it is a person: the gazetteer, a
        title before it or before its surname elsewhere, a role, a known first name, a demonym
        (`le Belge X`, `l'international marocain X`) or an age (`X, 54 ans`)."""
        key = _key(sentence, start, end)
        known = gazetteers.people_by_alias().get(key)
        words = key.split()
        title = _title_before(sentence, start) or next(
            (self.titled[w] for w in words if w in self.titled and (w == words[-1] or _family_name_in(w, words))), None)
        role = _role_next_to(sentence, start, end, roles)
        first = gazetteers.first_name(sentence.folded[start])
        if known or title or role or first or _demonym_before(sentence, start) or _age_after(sentence, end):
            person = self.add(sentence, start, end)
            if person:
                gender = (title and _TITLES.get(title, _HONORIFICS.get(title))) or (role and role.gender) or (first if first in ("m", "f") else None)
                person.gender = person.gender or gender
                if role:
                    person.roles.add((role.function, role.country))

    def add(self, sentence: Sentence, start: int, end: int) -> Person | None:
        """The person named in full by tokens [start, end), created if new."""
        if _organisation_before(sentence, start) or _is_place(sentence, start, end):
            return None
        name = _join(sentence.tokens[start:end])
        key = fold(name)
        if key in gazetteers.outlets():  # la Süddeutsche Zeitung
            return None
        if key in self._by_key:
            return self._by_key[key]
        known = _known(key)
        for person in self.people:
            other = fold(person.name)  # `Villeroy de Galhau` after `François Villeroy de Galhau`
            if _same_person(key, other) or other.endswith(" " + key) or (known and person.known == known.name):
                self._by_key[key] = person
                return person
        if known:  # a listed spelling is kept as written; a misspelling takes the listed name
            person = Person(name if key in _aliases(known) else known.name, known.gender, known.country,
                            known=known.name)
        else:
            person = Person(name)
        self.people.append(person)
        self._by_key[key] = person
        return person

    def resolve_name(self, sentence: Sentence, start: int, end: int) -> Person | None:
        """The person a name or surname refers to, if known: by its surname, else by another
        family name (`Mme Fettah` for Nadia Fettah Alaoui, `M. Yoon` for Yoon Suk Yeol)."""
        key = _key(sentence, start, end)
        if key in self._by_key:
            return self._by_key[key]
        if end - start == 1:
            matches = [p for p in self.people if p.surname == key]
            if not matches:
                inside = [p for p in self.people if _family_name_in(key, fold(p.name).split())]
                matches = inside if len(inside) == 1 else []
        else:
            matches = [p for p in self.people if fold(p.name).endswith(" " + key)]
        if matches:
            return matches[-1]
        known = gazetteers.people_by_alias().get(key)
        if known is None or (end - start == 1 and gazetteers.first_name(key) and not _title_before(sentence, start)):
            return None  # `le roi Philippe` is not Édouard Philippe
        person = next((p for p in self.people if p.known == known.name), None)
        if person is None:
            person = Person(known.name, known.gender, known.country, known=known.name)
            self.people.append(person)
        self._by_key[key] = person
        return person

    def by_name(self, capitals: str) -> Person:
        """The person a name in capitals stands for (`JEAN-NOËL BARROT`), added if new."""
        key = fold(capitals)
        person = self._by_key.get(key) or next((p for p in self.people if fold(p.name) == key), None)
        if person is None:
            person = Person(" ".join("-".join(part.capitalize() for part in word.split("-")) for word in capitals.split()))
            self.people.append(person)
            self._by_key[key] = person
        return person

    def by_role(self, role: _Role) -> Person | None:
        """The one person bound to this role: same function and no conflicting country, else
        a generic role (`son homologue allemand`) of the same country."""
        same = [p for p in self.people
                if any(f == role.function and (not c or not role.country or c == role.country) for f, c in p.roles)]
        if not same and role.country:
            same = [p for p in self.people if any(c == role.country and (f in _GENERIC_ROLES or role.function in
                                                                           _GENERIC_ROLES) for f, c in p.roles)]
        return same[0] if len(same) == 1 else None

    def latest(self, index: int, before: int, gender: str) -> Person | None:
        """The last person of a compatible gender named before token `before` of sentence
        `index` (`ce dernier`, `cette dernière`)."""
        for previous in range(index, max(-1, index - 5), -1):
            named = [(at, p) for at, p in self.mentions[previous]
                     if (previous < index or at < before) and p.gender in (None, gender)]
            if named:
                return max(named, key=lambda item: item[0])[1]
        return None

    def antecedent(self, index: int, before: int, gender: str | None, role: _Role | None = None) -> Person | None:
        """The person a pronoun or an unbound role refers to: the first person named in the
        sentence before it, else in the nearest previous sentence naming someone (a subject
        rather than an object: `après avoir renversé X, Y…` is about Y), of a compatible gender
        (and, for a role, country and function)."""
        candidates = [p for at, p in self.mentions[index] if at < before]
        for previous in range(index - 1, max(-1, index - 5), -1):
            if candidates:
                break
            candidates = [p for _, p in self.mentions[previous]]
        for person in candidates:
            if gender and person.gender and person.gender != gender:
                continue
            if role and not _compatible(person, role):
                continue
            return person
        return None


class _Attribution:
    """Find who speaks in one sentence."""

    def __init__(self, cast: _Cast, index: int, sentence: Sentence):
        self.cast = cast
        self.index = index
        self.s = sentence
        self.found: list[tuple[Person, str]] = []
        self.spans = cast.spans[index]
        self.via = ""  # how a role or a pronoun was resolved, for the reason

    def find(self) -> list[tuple[Person, str]]:
        s = self.s
        n = len(s.tokens)
        verbs, locutions = gazetteers.speech_verbs(), gazetteers.locution_starts()
        i = 0
        while i < n:
            folded = s.folded[i]
            if not (folded in verbs or folded in locutions or folded in _TRIGGERS or i == 0
                    or folded.endswith(("-il", "-elle"))):
                i += 1
                continue
            if i == 0 and s.tokens[0] in _DASHES:
                if self._follows_quotation():
                    self._add(self._name_after(1), "tiret après une citation")
            elif folded == "selon" or (folded == "d'" and i + 1 < n and s.folded[i + 1] == "apres"):
                self._add(self._who_after(i + (1 if folded == "selon" else 2), descriptor=True), "« selon »")
            elif i == 0 and folded == "pour":
                self._opinion()
            elif folded in ("cite", "citee") and i + 1 < n and s.folded[i + 1] == "par" and i and s.tokens[i - 1] == ",":
                self._add(self._who_before(i - 1), "« cité par »")
            elif s.tokens[i] == ":" and i + 1 < n and s.quoted[i + 1] and not s.quoted[i]:
                self._add(self._before_colon(i), "deux-points avant une citation")
            else:
                i = self._verb(i)
            i += 1
        return self.found

    def _follows_quotation(self) -> bool:
        """Whether the text before this sentence (same paragraph, else the previous one) is a
        quotation: in quotation marks or in the first person. `— Claire Martin` under
        ordinary prose is a signature, not an attribution."""
        sentences = self.cast.sentences[:self.index]
        same = [s for s in sentences if s.paragraph == self.s.paragraph]
        before = same or [s for s in sentences if s.paragraph == self.s.paragraph - 1]
        return any(any(sentence.quoted) or not _FIRST_PERSON.isdisjoint(sentence.folded) for sentence in before)

    def _add(self, person: Person | None, how: str) -> None:
        if person is not None:
            self.found.append((person, how + (f" ({self.via})" if self.via else "")))
        self.via = ""

    # --- speech verbs -------------------------------------------------------------

    def _verb(self, i: int) -> int:
        """Handle a speech verb at token i; return the last token it used."""
        s = self.s
        folded = s.folded[i]
        pronoun = _AUX_PRONOUN.match(folded)
        if pronoun and i and (s.tokens[i - 1] == "," or s.tokens[i - 1] in _QUOTE_CLOSE):
            self._add(self._pronoun(i, pronoun.group(1)), f"« {s.tokens[i]} … » après une citation")
            return i
        inverted = _INVERTED_PRONOUN.match(folded)
        if inverted and inverted.group(1) in gazetteers.speech_verbs():
            self._add(self._pronoun(i, inverted.group(2)), f"« {s.tokens[i]} »")
            return i
        verb, end = _verb_at(s, i)
        if verb is None:
            return i
        start = _verb_group_start(s, i)
        if start is None:  # negated
            return end - 1
        participle = start == i and s.tokens[i].endswith(("é", "ée", "és", "ées", "is", "ise", "u", "ue", "us"))
        before = s.tokens[start - 1] if start else ""
        if verb.flag == "quote" and not any(s.quoted):
            return end - 1
        if participle and end < len(s.tokens) and s.folded[end] == "par" and any(s.quoted[end:]):
            self._add(self._who_after(end + 1), f"« {s.tokens[i]} par » suivi d'une citation")
            return end
        if participle:
            return end - 1
        as_said = start >= 2 and s.folded[start - 2] == "comme" and before in ("le", "l'")  # comme le disait X
        if before == "," or before in _QUOTE_CLOSE or start == 0 or as_said:
            who = self._who_after(end)
            if who is not None:
                self._add(who, f"incise « {_join(s.tokens[start:end])} »")
                return end
        if verb.flag != "inverted" and not s.quoted[i] and (verb.flag != "content" or _says_what(s, end)):
            if s.folded[start] in ("ont", "avaient"):
                self._add(self._co_subject(start), f"sujet de « {_join(s.tokens[start:end])} »")
            self._add(self._who_before(start), f"sujet de « {_join(s.tokens[start:end])} »")
        return end - 1

    def _opinion(self) -> None:
        """`Pour X, …` (`Pour M. X,`, `Pour le politologue X,`) at the start of a sentence
        reports X's view; the name must come first, and a comma right after it."""
        s = self.s
        j = 1 + _title_length(s, 1)
        role = _role_at(s, j) if j < len(s.tokens) and s.folded[j] in _DETERMINERS else None
        if role is not None:
            j = _name_slot(s, role)  # Pour le président du PLR, Thierry Burkart, …
        span = next(((a, b) for a, b in self.spans if a == j), None)
        if span and span[1] < len(s.tokens) and s.tokens[span[1]] == ",":
            single = span[1] - span[0] == 1 and not _title_before(s, span[0])
            person = self.cast.resolve_name(s, *span) if single else self._person(*span)
            self._add(person, "« pour X, … »")

    # --- who ---------------------------------------------------------------------

    def _who_after(self, k: int, descriptor: bool = False, names_only: bool = False) -> Person | None:
        """The person named right after token k, skipping a few adverbs, a descriptor or a
        complement (`a réagi à la sortie de l'audience X`, `a réagi sur X la porte-parole…`)."""
        s = self.s
        n = len(s.tokens)
        j = k
        described = False  # a determiner was seen: `son mari, X`
        complement = k < n and s.folded[k] in _COMPLEMENTS
        while j < n and j - k <= (_MAX_COMPLEMENT if complement else 6):
            token, folded = s.tokens[j], s.folded[j]
            if _title_length(s, j) and j + 1 < n:
                return self._name_after(j + _title_length(s, j))
            if _is_name_token(s, j):
                return self._name_at(j)
            if s.folded[j:j + 2] in _THE_LATTER:
                return self._latest(j)
            described = described or folded in _DETERMINERS
            role = _role_at(s, j) if folded in _DETERMINERS else None
            if role is not None:
                named = self._named_after_role(role)
                if named or names_only or self._name_follows(role):
                    return named
                return self._role_person(role)
            if folded in ("lui", "elle") and descriptor and j == k:
                return self._pronoun(j, "il" if folded == "lui" else "elle")
            if token == "," and described and j + 1 < n and _is_name_token(s, j + 1):
                return self._name_at(j + 1)  # son mari, Taghi Rahmani
            if token in (",", ".", ";", ":") or s.quoted[j] or folded in ("de", "du", "des", "d'", "qui", "que", "qu'"):
                if not ((descriptor or complement) and folded in ("de", "du", "d'")):
                    return None
            if token[0].isupper() and not token.isupper() and folded not in _STOP_CAPS:
                return None
            j += 1
        return None

    def _name_after(self, j: int) -> Person | None:
        return self._name_at(j) if j < len(self.s.tokens) and _is_name_token(self.s, j) else None

    def _name_at(self, j: int) -> Person | None:
        for start, end in self.spans:
            if start <= j < end:
                return self._person(start, end)
        return None

    def _person(self, start: int, end: int) -> Person | None:
        """The person named by tokens [start, end): a full name, a known surname, or a single
        name vouched for by `M.`/`Mme`, a known first name or an apposition (`Anahit, une
        enseignante`)."""
        s = self.s
        if end - start >= 2:
            return self.cast.add(s, start, end)
        person = self.cast.resolve_name(s, start, end)
        described = _described_after(s, end) or _age_after(s, end)
        if person is None and (_title_before(s, start) or described or gazetteers.first_name(s.folded[start])):
            person = self.cast.add(s, start, end)
        return person

    def _named_after_role(self, role: _Role) -> Person | None:
        """The name right after a role (`le porte-parole, Me X`), if any."""
        return self._name_after(_name_slot(self.s, role))

    def _name_follows(self, role: _Role) -> bool:
        """Whether a capitalised name comes right after the role (known or not)."""
        j = _name_slot(self.s, role)
        return j < len(self.s.tokens) and _is_name_token(self.s, j)

    def _role_person(self, role: _Role) -> Person | None:
        if not role.definite:
            return None
        described = _join(self.s.tokens[role.start:role.end])
        person = self.cast.by_role(role)
        if person:
            self.via = f"« {described} » : fonction liée à ce nom"
            return person
        person = self.cast.antecedent(self.index, role.start, role.gender, role)
        if person:
            self.via = f"« {described} » : personne dont parle la phrase précédente"
        return person

    def _latest(self, at: int) -> Person | None:
        person = self.cast.latest(self.index, at, "f" if self.s.folded[at] == "cette" else "m")
        if person:
            self.via = "« ce dernier » : dernière personne nommée"
        return person

    def _pronoun(self, at: int, pronoun: str) -> Person | None:
        person = self.cast.antecedent(self.index, at, "f" if pronoun == "elle" else "m")
        if person:
            self.via = f"« {pronoun} » : personne dont parle la phrase"
        return person

    def _who_before(self, g: int) -> Person | None:
        """The subject ending right before token g (a name, a role, a pronoun), across
        appositions (`X, ministre de…, a dit`, `Le ministre, X, a dit`) or a relative
        (`X, qui a dit`): the first segment between commas that is exactly one name or role,
        else the reference ending the head segment. `Le Medef, par la voix de X, a dit` is X;
        `Le bureau du ministre, X, a dit` is nobody."""
        s = self.s
        j = g - 1
        while j >= 0 and s.folded[j] in _BEFORE_VERB:
            j -= 1
        if j >= 0 and s.folded[j] == "qui":
            j -= 1
        if j < 0 or s.tokens[j] != ",":
            return self._ref_ending_at(j)
        for _ in range(_MAX_SEGMENTS):
            k = j - 1
            while k >= 0 and s.tokens[k] != "," and j - k < _MAX_APPOSITION:
                k -= 1
            if k < 0 or s.tokens[k] != ",":  # the head segment
                return self._ref_ending_at(j - 1)
            if s.folded[k + 1:k + 5] == ("par", "la", "voix", "de"):
                return self._who_after(k + 5, descriptor=True)
            if self._fills(k + 1, j):
                return None if _organisation_head(s, k) else self._ref_ending_at(j - 1)
            j = k
        return None

    def _fills(self, a: int, b: int) -> bool:
        """Whether tokens [a, b) are one role description, or end with a name that no
        preposition introduces (`l'ancien premier ministre X`, not `directeur de l'institut X`)."""
        s = self.s
        if any(r.start == a and r.end == b for r in self.cast.roles[self.index]):
            return True
        start = next((start for start, end in self.spans if end == b and start >= a), None)
        return start is not None and _LINKS.isdisjoint(s.folded[a:start])

    def _ref_ending_at(self, e: int) -> Person | None:
        s = self.s
        if e < 0 or s.quoted[e]:
            return None
        if e and s.folded[e - 1:e + 1] in _THE_LATTER:
            return self._latest(e - 1)
        if s.folded[e] in ("il", "elle") and (e == 0 or s.folded[e - 1] in (",", "et", "mais", "qu'", "puis", "alors")):
            return self._pronoun(e, s.folded[e])
        span = next(((start, end) for start, end in self.spans if end == e + 1), None)
        complement = span is not None and span[0] > 0 and s.folded[span[0] - 1] in _PREPOSITIONS  # la direction d'X
        person = self._person(*span) if span and not complement else None
        if person is not None or (_is_name_token(s, e) and not complement):
            return person
        for role in self.cast.roles[self.index]:  # also `le directeur de Forsa`
            if role.end == e + 1:
                return self._role_person(role)
        return None

    def _before_colon(self, i: int) -> Person | None:
        """Who speaks in `X : « … »`, `X (CFDT) : « … »`, `X, ministre du Travail : « … »`
        or `X savourait : « … »`."""
        s = self.s
        k = i
        if k and s.tokens[k - 1] == ")" and "(" in s.tokens[:k]:
            k = max(j for j in range(k) if s.tokens[j] == "(")
        who = self._who_before(k)
        if who is None and "," in s.tokens[:k]:
            comma = max(j for j in range(k) if s.tokens[j] == ",")
            if k - comma <= _MAX_COLON_CLAUSE:
                who = self._ref_ending_at(comma - 1)
        if who is None:
            verb = k
            while verb > 0 and k - verb < 3 and s.tokens[verb - 1][0].islower() and s.folded[verb - 1] not in _DETERMINERS:
                verb -= 1
            who = self._who_before(verb) if verb < k else None
        return who

    def _co_subject(self, g: int) -> Person | None:
        """The other subject of `X et Y ont dit`."""
        s = self.s
        for start, end in self.spans:
            if end == g:
                if start >= 2 and s.folded[start - 1] == "et":
                    return self._ref_ending_at(start - 2)
        return None


# --- token-level helpers ------------------------------------------------------------

def _key(s: Sentence, start: int, end: int) -> str:
    """The folded name of tokens [start, end), spaced as `_join` spaces it."""
    return " ".join(s.folded[start:end]).replace("' ", "'").replace(" .", ".")


def _join(tokens) -> str:
    text = " ".join(tokens)
    return re.sub(r"(?<=['’]) | (?=\.)", "", text)


def _is_name_token(s: Sentence, j: int) -> bool:
    return _name_like(s.tokens[j])


@lru_cache(maxsize=1 << 16)
def _name_like(token: str) -> bool:
    """A word that may be part of a person's name: capitalised, not a sentence-starting word,
    an acronym, an organisation or a place (unless it is also a first name)."""
    if _NAME_PREFIX.match(token):
        return True
    if not token[0].isupper() or (token.isupper() and len(token) > 1) or not token[0].isalpha():
        return False
    folded = fold(token)
    if folded in _STOP_CAPS:
        return False
    return folded not in gazetteers.not_people() or gazetteers.first_name(folded) is not None


def _name_spans(s: Sentence) -> list[tuple[int, int]]:
    """Maximal capitalised sequences (with inner particles), leading place names dropped, and
    listed names as they are."""
    spans = []
    tokens = s.tokens
    n = len(tokens)
    j = 0
    starts = gazetteers.alias_starts()
    while j < n:
        if not tokens[j][0].isupper() and "-" not in tokens[j]:  # names start capitalised, or al-, ben-…
            j += 1
            continue
        listed = _listed_name_end(s, j) if s.folded[j] in starts else None
        if listed:  # Bruno Le Maire, Marine Le Pen: listed names whose words are not name-like
            spans.append((j, listed))
            j = listed
            continue
        if not _name_like(tokens[j]):
            j += 1
            continue
        start = end = j
        end += 1
        while end < n and end - start < 6:
            if _is_name_token(s, end):
                end += 1
                continue
            if (s.tokens[end] == "." and len(s.tokens[end - 1]) == 1 and end + 1 < n
                    and _is_name_token(s, end + 1)):  # an initial: Donald J. Trump
                end += 1
                continue
            particles = 0
            while end + particles < n and particles < 2 and s.folded[end + particles] in _PARTICLES:
                particles += 1
            if not particles or end + particles >= n or not _is_name_token(s, end + particles):
                break
            end += particles + 1
        last = end - 1 if end - start >= 2 and _is_initial(s.tokens[end - 1]) else end
        if (last + 1 < n and _is_initial(s.tokens[last]) and s.tokens[last + 1] == "."
                and not (last + 2 < n and _is_name_token(s, last + 2))):  # an initial for a surname: Mehdi B., Dylan M.
            end = last + 2
        if (end - start >= 3 and start and s.folded[start - 1] in ("de", "du", "des", "d'")
                and s.folded[start + 1] not in _PARTICLES):  # le représentant du Texas | Chip Roy
            start += 1
        spans.append((start, end))
        j = end
    return spans


def _listed_name_end(s: Sentence, j: int) -> int | None:
    """The end of the longest gazetteer name of several capitalised words starting at j."""
    longest = gazetteers.alias_starts()[s.folded[j]]
    for end in range(min(j + longest, len(s.tokens)), j + 1, -1):
        if (all(t[0].isupper() or f in _PARTICLES for t, f in zip(s.tokens[j:end], s.folded[j:end]))
                and _key(s, j, end) in gazetteers.people_by_alias()):
            return end
    return None


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isupper()


def _title_length(s: Sentence, j: int) -> int:
    """How many tokens a title at j takes (`M .`: 2, `Mme`: 1, `cheikh`: 1), 0 if none."""
    if j >= len(s.tokens) or not (s.folded[j] in _TITLES or s.tokens[j] in _HONORIFICS):
        return 0
    dotted = j + 1 < len(s.tokens) and s.tokens[j + 1] == "."
    return 2 if dotted else 0 if s.tokens[j] == "M" else 1


def _name_slot(s: Sentence, role: _Role) -> int:
    """Where a name right after a role starts (`le porte-parole, Me X`, `le ministre cheikh X`)."""
    j = role.end + (1 if role.end < len(s.tokens) and s.tokens[role.end] == "," else 0)
    return j + _title_length(s, j)


def _title_before(s: Sentence, start: int) -> str | None:
    if start >= 1 and s.tokens[start - 1] in _HONORIFICS:
        return s.tokens[start - 1]
    if start >= 1 and s.folded[start - 1] in _TITLES and s.tokens[start - 1] != "M":
        return s.folded[start - 1]
    if start >= 2 and s.tokens[start - 1] == "." and s.folded[start - 2] in _TITLES:
        return s.folded[start - 2]
    return None


def _compatible(person: Person, role: _Role) -> bool:
    """Whether an unbound role may describe `person`: no conflicting country or function."""
    countries = {c for _, c in person.roles if c} | ({person.country} if person.country else set())
    if role.country and countries and role.country not in countries:
        return False
    functions = {f for f, _ in person.roles}
    return role.function in _GENERIC_ROLES or not functions or bool(functions & (_GENERIC_ROLES | {role.function}))


def _is_place(s: Sentence, start: int, end: int) -> bool:
    """A name that is a capital or a country (`Buenos Aires`, `Maison Blanche`)."""
    seq = [(w, t[0].isupper()) for w, t in zip(s.folded[start:end], s.tokens[start:end])]
    return any(m.start == 0 and m.end == len(seq) for m in gazetteers.country_index().find(seq))


def _object_like(s: Sentence, at: int, roles: list[_Role]) -> bool:
    """Whether a mention follows a verb or a preposition (`après avoir renversé X`), so is less
    likely what a later pronoun or role refers to than a subject."""
    if at == 0 or _title_before(s, at) or _demonym_before(s, at) or any(_name_slot(s, r) == at for r in roles):
        return False
    return s.tokens[at - 1][0].islower() and s.folded[at - 1] not in _DETERMINERS and s.folded[at - 1] not in ("et", "ou")


def _demonym_before(s: Sentence, start: int) -> bool:
    """Whether a demonym comes right before a name (`le Belge X`, `le président sud-coréen X`)."""
    if start < 2 or s.folded[start - 1] not in gazetteers.not_people():
        return False
    places = gazetteers.country_index().find([(s.folded[start - 1], s.tokens[start - 1][0].isupper())])
    return bool(places) and places[0].phrase[0].islower()


def _age_after(s: Sentence, end: int) -> bool:
    """`X, 54 ans,` (also `Nasrin*, 23 ans`, a first name changed by the newspaper)."""
    if s.tokens[end:end + 1] == ("*",):
        end += 1
    return s.tokens[end:end + 1] == (",",) and s.folded[end + 2:end + 3] == ("ans",) and s.tokens[end + 1].isdigit()


def _described_after(s: Sentence, end: int) -> bool:
    """`Anahit, une enseignante`"""
    return s.tokens[end:end + 1] == (",",) and s.folded[end + 1:end + 2] in (("un",), ("une",))


def _organisation_head(s: Sentence, comma: int) -> bool:
    """Whether the sentence starts with a group speaking for someone (`Le bureau de…`) that
    ends at `comma`."""
    j = 1 if s.folded[0] in _DETERMINERS or s.folded[0] in ("les", "ses") else 0
    return j < comma and s.folded[j] in _HEAD_GROUPS


def _organisation_before(s: Sentence, start: int) -> bool:
    """Whether an organisation noun introduces the name (`le groupe Wagner`, `le club anglais X`,
    `l'association des commerçants X`; not `le parti de X`)."""
    if start < 1 or s.folded[start - 1] in _PREPOSITIONS or not s.tokens[start - 1].islower():
        return False
    return any(w in _ORG_NOUNS for w in s.folded[max(0, start - 3):start])


def _role_at(s: Sentence, j: int, bare: bool = False) -> _Role | None:
    """A role description starting at token j (`le chef de la diplomatie russe`)."""
    n = len(s.tokens)
    k = j if bare else j + 1
    if not bare and (s.folded[j] not in _DETERMINERS):
        return None
    while k < n and s.folded[k] in _PRE_ADJECTIVES and k + 1 < n and s.folded[k + 1] in _ROLE_HEADS:
        if s.folded[k] in ("premier", "premiere") and s.folded[k + 1] == "ministre":
            break
        k += 1
    if k >= n or _role_noun(s.folded[k]) is None:
        return None
    head = k
    end = k + 1
    while end < n and end - head <= 8:
        token, folded = s.tokens[end], s.folded[end]
        if token in (",", ".", ";", ":", "(", ")") or s.quoted[end] != s.quoted[j] or not token[0].isalpha():
            break
        if folded in _ROLE_HEADS and folded not in ("ministre", "premier", "premiere") and end > head + 1:
            break
        if _is_name_token(s, end) and folded not in gazetteers.not_people():
            if not _after_of(s, end):
                break
            while end + 1 < n and _is_name_token(s, end + 1):  # le directeur de Forsa, d'EDF…
                end += 1
        if token[0].islower() and folded in _ROLE_END:
            if not (folded in ("en", "et") and end + 1 < n and s.folded[end + 1] in _ROLE_HEADS):
                break  # `commandant en chef`, `Premier ministre et ministre des Affaires étrangères`
        end += 1
    while end > head + 1 and s.folded[end - 1] in _DANGLING:
        end -= 1
    return _describe_role(s, j, head, end)


@lru_cache(maxsize=1 << 14)
def _role_noun(folded: str) -> str | None:
    """The role noun of a word: `ministre`; `président` in `ex-président`, `présidente-directrice`."""
    if folded in _ROLE_HEADS:
        return folded
    parts = folded.split("-")
    if parts[0] in ("ex", "vice", "co") and len(parts) > 1:
        return _role_noun("-".join(parts[1:]))
    return parts[0] if parts[0] in _ROLE_HEADS else None


def _after_of(s: Sentence, j: int) -> bool:
    """Whether token j is the complement of a role: after `de`, `du`, `au`, `à la`, `de l'`…
    (`le secrétaire général de l'Otan`, `le commissaire au Marché intérieur`)."""
    before = s.folded[j - 1]
    return before in _OF or (before in ("l'", "la", "le", "les") and s.folded[j - 2] in ("de", "à"))


def _describe_role(s: Sentence, start: int, head: int, end: int) -> _Role:
    noun = _role_noun(s.folded[head])
    words = [_MASCULINE.get(w, w) for w in (noun, *s.folded[head + 1:end])]
    places = gazetteers.country_index().find([(w, t[0].isupper()) for w, t in zip(s.folded[head:end], s.tokens[head:end])])
    country = places[0].value if places else None
    demonyms = {m.start for m in places if m.phrase[0].islower()}
    text = " ".join(fold(w) for i, w in enumerate(words) if i not in demonyms).replace("' ", "'")
    function, default = words[0], None
    for role in gazetteers.roles():
        if role.phrase in text:
            function, default = role.function, role.country
            break
    if s.folded[head].startswith("ex-") or not _FORMER.isdisjoint(s.folded[start:head]):
        function = "ex-" + function  # l'ancien chef de l'Etat is not the president
    gender = _ROLE_HEADS[noun]
    if s.folded[start] in ("la",) or (start != head and s.folded[start] == "sa" and gender is None):
        gender = "f"
    return _Role(start, end, function, country or default, gender, s.folded[start] not in ("un", "une"))


def _roles(s: Sentence) -> list[_Role]:
    found = []
    for j, folded in enumerate(s.folded):
        if folded in _DETERMINERS:
            role = _role_at(s, j)
            if role:
                found.append(role)
    return found


def _role_next_to(s: Sentence, start: int, end: int, roles: list[_Role]) -> _Role | None:
    """A role right before a name (`le ministre X`, `le ministre, X`) or in apposition after it."""
    for role in roles:
        if _name_slot(s, role) == start and s.folded[role.end - 1] not in ("de", "d'", "du", "des"):
            return role
    after_preposition = start and s.folded[start - 1] in _PREPOSITIONS
    if end < len(s.tokens) - 1 and s.tokens[end] == "," and not after_preposition:
        return _role_at(s, end + 1) or _role_at(s, end + 1, bare=True)
    return None


def _verb_at(s: Sentence, i: int):
    """The speech verb starting at token i (one word or a locution), and its end."""
    verbs = gazetteers.speech_verbs()
    if s.folded[i] in gazetteers.locution_starts():
        for length in (3, 2):
            if i + length <= len(s.folded):
                verb = verbs.get(" ".join(s.folded[i:i + length]))
                if verb:
                    return verb, i + length
    verb = verbs.get(s.folded[i])
    if verb and s.tokens[i][0].islower():
        return verb, i + 1
    return None, i + 1


def _says_what(s: Sentence, end: int) -> bool:
    """Whether what was said follows the verb: que, a colon, a quotation, avoir/être."""
    for k in range(end, min(len(s.tokens), end + 12)):
        if s.quoted[k] or s.folded[k] in ("que", "qu'", ":", "avoir", "etre", "n'avoir"):
            return True
        if s.folded[k] in ("à", "de", "d'") and k + 1 < len(s.tokens) and _INFINITIVE.search(s.folded[k + 1]):
            return True  # a appelé Bakou à laisser…, a demandé de cesser…
    return False


def _verb_group_start(s: Sentence, i: int) -> int | None:
    """Where the verb group of the verb at i starts (its auxiliary); None when negated."""
    k = i - 1
    while k >= 0 and i - k <= 4 and (s.folded[k] in _FILLERS or s.folded[k] in _NEGATIONS):
        if s.folded[k] in _NEGATIONS:
            return None
        k -= 1
    if k >= 0 and s.folded[k] in _AUXILIARIES:
        start = k
    elif k >= 1 and s.folded[k] == "est" and s.folded[k - 1] == "s'":
        start = k - 1
    elif k >= 0 and s.folded[k] in ("se", "s'"):
        start = k
    else:
        return i
    if start >= 1 and s.folded[start - 1] in _NEGATIONS:
        return None
    return start


def _known(key: str):
    """The gazetteer person a folded full name is, exactly or one or two letters off."""
    index = gazetteers.people_by_alias()
    if key in index:
        return index[key]
    parts = key.split()
    known = index.get(parts[-1])
    if known and len(parts) > 1 and any(_close(parts[0], fold(a.split()[0])) for a in (known.name, *known.aliases)
                                        if len(a.split()) > 1):
        return known
    return None


def _family_name_in(word: str, name: list[str]) -> bool:
    """Whether `word` is a family name inside a full name of 3 words or more: any word but the
    first, or the first when it is not known as a gendered first name (family name first)."""
    return len(name) >= 3 and (word in name[1:] or (word == name[0] and gazetteers.first_name(word) in (None, "?")))


def _aliases(known) -> set[str]:
    return {fold(a) for a in (known.name, *known.aliases)}


def _same_person(key: str, other: str) -> bool:
    """Two full names of one person: same surname, first names equal, close or an initial."""
    a, b = key.split(), other.split()
    if a[-1] != b[-1] or len(a) < 2 or len(b) < 2:
        return False
    return a[0] == b[0] or _close(a[0], b[0]) or a[0][0] == b[0][0] and min(len(a[0]), len(b[0])) == 1


def _close(a: str, b: str) -> bool:
    """Edit distance at most 1 (at most 2 for words of 8 letters or more)."""
    if a == b:
        return True
    limit = 2 if min(len(a), len(b)) >= 8 else 1
    if abs(len(a) - len(b)) > limit or min(len(a), len(b)) < 4:
        return False
    previous = list(range(len(b) + 1))
    for x, ca in enumerate(a, 1):
        current = [x]
        for y, cb in enumerate(b, 1):
            current.append(min(previous[y] + 1, current[y - 1] + 1, previous[y - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
