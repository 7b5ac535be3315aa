"""Speakers: the people quoted or whose statements are reported, one canonical name each.

Two passes over the sentences of the title and body:

1. *Cast*: find person names (`names`) and role descriptions (`roles`). A full name is a
   person when something vouches for it: the people gazetteer, a known first name, a
   title before it or before its surname elsewhere (`M. Saïed`), a role next to it (`le
   secrétaire à la Défense, James Mattis`, which also binds that role to it), a demonym
   (`le Belge Will Still`) or an age (`Mariam Ouattara, 47 ans`).
2. *Attribution*: speech verbs (`speech_verbs.tsv`) and markers tell who speaks —
   `« … », a déclaré X`, `X a affirmé que`, `selon X`, `— X` after a quotation, `X, cité
   par…`, `a-t-il ajouté`, `dénoncée par X comme « … »`, `X : « … »`, `Pour X, …`, `par la
   voix de X`, interviews in questions and answers. The subject is found across
   appositions (`X, directeur de l'institut Y, a dit` is X); the speaker may be a name (a
   surname alone resolves to the full name), a role (resolved through the roles bound to
   names, else to the person the previous sentence is about, a subject before an object),
   a pronoun (the first person named in the nearest previous sentence, of a compatible
   gender) or `ce dernier` (the last person named).

A person's canonical name is its first full mention in the article; a misspelling
of a gazetteer name (one or two letters off) takes the gazetteer's spelling.
Places, organisations, outlets, agencies, authors and photographers never qualify: the
captions are not given to this module, the byline author is left out, and names containing
a word of `not_people.txt` or a country, capital or demonym are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from . import Finding, gazetteers, names, roles
from .gazetteers import ascii_lower
from .sentences import Sentence, split

_ORG_NOUNS = frozenset(
    {
        "agence",
        "groupe",
        "journal",
        "quotidien",
        "hebdomadaire",
        "chaine",
        "site",
        "parti",
        "ong",
        "entreprise",
        "societe",
        "constructeur",
        "compagnie",
        "fonds",
        "banque",
        "organisation",
        "mouvement",
        "club",
        "equipe",
        "firme",
        "geant",
        "media",
        "radio",
        "television",
        "magazine",
        "cabinet",
        "institut",
        "association",
        "syndicat",
    }
)
_AUXILIARIES = frozenset({"a", "avait", "aurait", "ont", "avaient", "auraient", "aura"})
_FILLERS = frozenset(
    "egalement aussi ensuite encore deja bien alors meme notamment clairement publiquement personnellement "
    "plus tard tot enfin pourtant toutefois aujourd' hui hier recemment lundi mardi mercredi jeudi vendredi "
    "samedi dimanche matin soir dernier derniere pour sa part par ailleurs de son cote en partie dans la "
    "foulee lui-meme elle-meme lui elle fermement vivement longtemps souvent nouveau d'abord ainsi "
    "immediatement rapidement directement au contraire moins simplement".split()
)
_NEGATIONS = frozenset({"n'", "ne", "pas", "jamais", "guere", "nullement"})
_INFINITIVE = re.compile(r"^[a-z]{3,}(?:er|ir|re)$")
_AUX_PRONOUN = re.compile(r"^(?:a-t|avait|aurait)-(il|elle)$")
_INVERTED_PRONOUN = re.compile(r"^(.+?)-(?:t-)?(il|elle)$")
_QUESTION = re.compile(r"(?:Q|Question)\s*[.:–—-]\s")
_ANSWER = re.compile(r"(?:R|Réponse)\s*[.:–—-]\s")
_ANSWER_BY_NAME = re.compile(r"([A-ZÀ-Þ][A-ZÀ-Þ'’-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ'’-]+){1,3})\s*\.\s*[–—-]\s")
ANSWER_BY_INITIALS = re.compile(r"((?:[A-ZÀ-Þ]\.(?:\s?-\s?[A-ZÀ-Þ]\.)?\s?){2,3})\s*[:–—-]\s")  # M. D. :, J.-M. K. –
_DASHED = re.compile(r"[–—]\s")  # `– Pourquoi Oran ?`, `– Parce que…`: an interview in dashes
_CAPITAL = re.compile(r"[A-ZÀ-Þ]")
_INTERVIEW = re.compile(r"\b(?:entretien|interview|propos recueillis|repond a nos questions)\b")  # folded
_MAX_QUESTION = 300
_QUOTING_HEADLINE = re.compile(r"[A-ZÀ-Þ][^\W\d_]+(?:[ -][A-ZÀ-Þ][^\W\d_]+){1,3}\s?: [«“\"]")  # `Jean Dupont : « … »`
_THE_LATTER = frozenset({("ce", "dernier"), ("cette", "derniere")})
_QUOTE_CLOSE = frozenset({"»", "”", '"'})
_OPENING_QUOTES = frozenset({"«", "“", '"'})
_DASHES = frozenset({"—", "–", "-"})
# Tokens that may start an attribution besides speech verbs (see `_Attribution.find`).
_TRIGGERS = frozenset({"selon", "d'", "cite", "citee", ":"})
_FIRST_PERSON = frozenset({"je", "j'", "nous", "me", "m'", "moi", "mon", "ma", "mes", "notre", "nos"})
_MAX_APPOSITION = 40
_OF_RELATIVE = frozenset({"de", "du", "des", "d'", "qui", "que", "qu'"})
_MAX_SIGNATURE = 60  # tokens of a column's signature sentence
_MAX_AGE_APPOSITION = 6  # tokens before the age in `X, ingénieur de 31 ans`
_SIGNATURE_VERBS = frozenset({"est", "sont", "etait", "enseigne", "dirige", "preside", "travaille"})
_OPINION = frozenset({"tribune", "chronique", "editorial", "texte"})  # a standfirst presenting a column
# Words starting a complement between a verb and its inverted subject.
_COMPLEMENTS = frozenset({"à", "au", "aux", "sur", "dans", "devant", "lors", "depuis", "apres", "aupres", "en"})
_MAX_COMPLEMENT = 10
_MAX_SEGMENTS = 3  # appositions between a subject and its verb: `X, directeur de Y (Z), la…, a dit`
_MAX_COLON_CLAUSE = 15  # `X, qui tient une boutique depuis 1998 : « … »`
# Nouns of groups that speak for their head: `Le bureau du Premier ministre, X, a affirmé`.
_HEAD_GROUPS = frozenset(
    {
        "bureau",
        "cabinet",
        "entourage",
        "gouvernement",
        "ministere",
        "services",
        "camp",
        "administration",
        "equipe",
        "proches",
        "avocats",
        "parti",
    }
)
# Role nouns that say nothing about the function: compatible with any other role. Besides
# heads, what someone is more than the office they hold: `la militante` may be the collective's
# spokeswoman, `le syndicaliste` the union's secretary general, `la chercheuse` a professor.
_GENERIC_ROLES = frozenset(
    {
        "militant",
        "syndicaliste",
        "chercheur",
        "scientifique",
        "specialiste",
        "expert",
        "technicien",
        "urgentiste",
        "dirigeant",
        "leader",
        "responsable",
        "homologue",
        "chef",
        "patron",
        "formateur",
        "informateur",
        "elu",
        "edile",
        "interesse",
    }
)
# Words between a subject and its verb: `X lui-même a dit`, `X l'a dit`, `X le répète`.
_BEFORE_VERB = frozenset(
    "lui-meme elle-meme lui elle aussi egalement l' le la les leur y en nous vous me m' ne n'".split()
)
# Words that attach a name to something else inside an apposition (`directeur de l'Institute for X`).
_LINKS = roles.PREPOSITIONS | {"par", "avec", "contre", "pres", "of", "for"}


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
        return ascii_lower(self.name.split()[-1])


@dataclass(frozen=True)
class Speakers(Finding):
    """The speakers found, why, and their known countries (evidence for the country facet)."""

    countries: tuple[str, ...] = ()  # each speaker's country, when known


@dataclass(frozen=True)
class Attribution:
    """Who speaks where in an article: its sentences (the title's first, when given), the
    people each sentence gives words to (in order, with how), the people each names outside
    quotations (token, person; subjects first), everyone named, the interviewees, and the answers of an
    interview (text number → the interviewee, where the answer starts)."""

    sentences: list[Sentence]
    said: list[list[tuple[Person, str]]]
    mentioned: list[list[tuple[int, Person]]]
    people: list[Person]
    interviewees: list[tuple[Person, str, Sentence]]
    answers: dict[int, tuple[Person, int]]
    cast: _Cast  # the people named and where, for the finer checks of `find_speakers` and `quotes`


def attribute(title: str | None, paragraphs: tuple[str, ...]) -> Attribution:
    """The attributions of an article's sentences (see the module's docstring)."""
    texts = ((title,) if title else ()) + tuple(paragraphs)
    sentences = split(texts)
    cast = _Cast(sentences)
    said = [_Attribution(cast, index, sentence).find() for index, sentence in enumerate(sentences)]
    interviewees = _interviewees(texts, cast)
    return Attribution(sentences, said, cast.mentions, cast.people, interviewees, _answers(texts, interviewees), cast)


def find_speakers(
    title: str | None, paragraphs: tuple[str, ...], author: str | None = None, attribution: Attribution | None = None
) -> Speakers:
    """The speakers of an article, in order of first attribution; the author (byline, or the
    signatory of an opinion column) is never one, even when the standfirst says `plaide la
    sociologue X`. `attribution`: the article's, when already computed."""
    attribution = attribution or attribute(title, paragraphs)
    speakers: dict[int, Person] = {}
    reasons: list[str] = []
    found = [
        (person, how, sentence)
        for sentence, said in zip(attribution.sentences, attribution.said)
        for person, how in said
    ]
    authors = {ascii_lower(author or "")} | _columnists(attribution.cast, found)
    found += _quoted_after(attribution.cast, {id(sentence) for _, _, sentence in found})
    found += attribution.interviewees
    for person, how, sentence in found:
        if id(person) not in speakers and ascii_lower(person.name) not in authors:
            speakers[id(person)] = person
            reasons.append(f"{person.name} : {how} — « {_excerpt(sentence)} »")
    people = list(speakers.values())
    return Speakers(
        tuple(p.name for p in people), tuple(reasons), tuple(country for country in map(_country_of, people) if country)
    )


def _quoted_after(cast: _Cast, attributed: set[int]) -> list[tuple[Person, str, Sentence]]:
    """Quotations with no attribution of their own, right after a sentence (of the same paragraph)
    about one person: theirs (`X, 41 ans, ne cachait pas sa colère. « On a marché huit fois… »`)."""
    found = []
    sentences = cast.sentences
    for index in range(1, len(sentences)):
        sentence, previous = sentences[index], sentences[index - 1]
        if (
            id(sentence) in attributed
            or previous.paragraph != sentence.paragraph
            or sentence.tokens[0] not in _OPENING_QUOTES
            or sentence.quoted[1:2] != (True,)
        ):
            continue
        people = {id(person): person for _, person in cast.mentions[index - 1]}
        if len(people) == 1:
            (person,) = people.values()
            found.append((person, "citation qui suit une phrase sur cette personne", sentence))
    return found


def _columnists(cast: _Cast, found: list[tuple[Person, str, Sentence]]) -> set[str]:
    """The folded names of an opinion column's authors: those its signature presents at the end
    (`*X est historien.`, or `X, ancien ministre, est…` under first-person prose), and those its
    standfirst has speak `dans une tribune`, `dans ce texte`."""
    sentences = cast.sentences
    last = sentences[-1].paragraph if sentences else 0
    signed = {}
    for index, sentence in enumerate(sentences):
        if sentence.paragraph >= last - 1 and len(sentence.tokens) <= _MAX_SIGNATURE:
            name = _signature(sentence, cast.spans[index])
            if name:
                signed[name] = sentence.tokens[0] in ("*", "(")
    if not any(signed.values()) and not (signed and _column(sentences)):
        return set()
    standfirst = {
        ascii_lower(person.name)
        for person, _, sentence in found
        if sentence.paragraph <= 1 and any(not q and f in _OPINION for f, q in zip(sentence.folded, sentence.quoted))
    }
    return set(signed) | standfirst


def _column(sentences: list[Sentence]) -> bool:
    """Whether an article reads as an opinion column: first-person prose, or a standfirst
    presenting a `tribune`."""
    return any(
        not s.quoted[i] and (s.folded[i] in _FIRST_PERSON or (s.paragraph <= 2 and s.folded[i] in _OPINION))
        for s in sentences
        for i in range(len(s.tokens))
    )


def _signature(s: Sentence, spans: list[tuple[int, int]]) -> str | None:
    """The folded name a signature sentence presents (`*X est historien`, `X, ancien ministre, est…`)."""
    j = 0
    while j < len(s.tokens) and s.tokens[j] in ("*", "(", ")", "—", "–", "-"):
        j += 1
    span = next(((a, b) for a, b in spans if a == j and b - a >= 2), None)
    if span is None:
        return None
    k = span[1]
    if k < len(s.tokens) and s.tokens[k] == ",":
        k = next((i + 1 for i in range(k + 1, min(len(s.tokens), k + _MAX_APPOSITION)) if s.tokens[i] == ","), k)
    return names.key(s, *span) if k < len(s.tokens) and s.folded[k] in _SIGNATURE_VERBS else None


def _answers(texts: tuple[str, ...], interviewees: list[tuple[Person, str, Sentence]]) -> dict[int, tuple[Person, int]]:
    """The answers of an interview: the texts under the interviewee's name in capitals, else
    the `R.` texts of the one interviewee; each with where the answer starts."""
    named = {}
    for person, _, sentence in interviewees:
        match = _ANSWER_BY_NAME.match(texts[sentence.paragraph])
        if match:
            named[sentence.paragraph] = (person, match.end())
    if named or len(interviewees) != 1:
        return named
    found = {n: (interviewees[0][0], m.end()) for n, text in enumerate(texts) if (m := _ANSWER.match(text))}
    found = found or {n: (interviewees[0][0], 2) for n in dashed_answers(texts)}  # after `– `
    questions = set() if found else set(bare_questions(texts))
    return found or {n + 1: (interviewees[0][0], 0) for n in questions if n + 1 < len(texts) and n + 1 not in questions}


def dashed_answers(texts: tuple[str, ...]) -> list[int]:
    """The answers of an interview in dashes: each dash-led text right after a dash-led question
    (which follows an answer's text or any other, `– Vous avez tourné sur place.` too); none
    unless two questions at least end with `?`."""
    answers, questions, previous = [], 0, None
    for number, text in enumerate(texts):
        if not _DASHED.match(text):
            previous = None
        elif previous == "question":
            answers.append(number)
            previous = "answer"
        else:
            questions += text.rstrip().endswith("?")
            previous = "question"
    return answers if questions >= 2 else []


def _interviewees(texts: tuple[str, ...], cast: _Cast) -> list[tuple[Person, str, Sentence]]:
    """The people interviewed in a questions-answers article: whoever answers in capitals
    (`JEAN DUPONT. – Nous…`) or by initials (`M. D. : Nous…`, the one person named so), else,
    with `Q.`/`R.` paragraphs, the first person named before the first question."""
    how = "personne interrogée (questions-réponses)"
    found = []
    for number, text in enumerate(texts):
        match = _ANSWER_BY_NAME.match(text)
        initials = ANSWER_BY_INITIALS.match(text)
        person = None
        if (
            match
            and ascii_lower(match.group(1)) not in gazetteers.outlets()
            and not ascii_lower(match.group(1)).startswith(("la ", "le ", "les ", "l'"))  # LA REVUE. – (questions)
            and gazetteers.not_people().isdisjoint(ascii_lower(match.group(1)).split())
        ):  # NEW YORK. –
            person = cast.by_name(match.group(1))
        elif initials:
            person = cast.by_initials(_CAPITAL.findall(initials.group(1)))
        if person is not None:
            sentence = next(s for s in cast.sentences if s.paragraph == number)
            found.append((person, how, sentence))
    questions = [number for number, text in enumerate(texts) if _QUESTION.match(text)]
    if not any(_ANSWER.match(text) for text in texts):
        questions = bare_questions(texts) or [number - 1 for number in dashed_answers(texts)]
    if found or not questions:
        return found
    for index, sentence in enumerate(cast.sentences):
        if sentence.paragraph >= questions[0]:
            break
        if cast.mentions[index]:
            return [(cast.mentions[index][0][1], how, sentence)]
    return []


def bare_questions(texts: tuple[str, ...]) -> list[int]:
    """The questions of an interview that marks neither questions nor answers: short paragraphs
    ending with `?`, two at least, after an intro that calls it an interview or under a headline
    that quotes the interviewee (`X : « … »`)."""
    questions = [
        number
        for number, text in enumerate(texts)
        if text.endswith("?") and len(text) <= _MAX_QUESTION and not text.startswith(("«", '"', "“"))
    ]
    if len(questions) < 2 or not (
        _INTERVIEW.search(ascii_lower(" ".join(texts[: questions[0]]))) or _QUOTING_HEADLINE.match(texts[0])
    ):
        return []
    return questions


def anonymous_lead(s: Sentence) -> bool:
    """Whether a sentence is about someone unnamed: it starts (after `Selon`, `D'après`, `Pour`)
    with `un` or `une` and a noun (`Un voisin, qui…`, `Selon un cadre du parti, …`)."""
    j = 0
    while j < len(s.tokens) and s.folded[j] in ("selon", "d'", "apres", "pour"):
        j += 1
    return j + 1 < len(s.tokens) and s.folded[j] in ("un", "une") and s.tokens[j + 1][:1].islower()


def _country_of(person: Person) -> str | None:
    """The country a person speaks for: from the gazetteer, else from a bound role (not from a
    nationality: `le Belge X` speaks for no country)."""
    return person.country or next((c for f, c in sorted(person.roles, key=str) if c and f != roles.NATIONALITY), None)


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
        self.roles: list[list[roles.Role]] = []
        self.spans = spans = [names.spans(s) for s in sentences]
        # surnames written after a title somewhere (`M. Saïed`) vouch for the full name
        self.titled = {
            s.folded[start]: names.title_before(s, start)
            for s, found in zip(sentences, spans)
            for start, end in found
            if end - start == 1 and names.title_before(s, start)
        }
        for sentence, named in zip(sentences, spans):
            self.roles.append(roles.in_sentence(sentence))
            for start, end in named:
                if end - start >= 2 or _first_described(sentence, start, end):
                    self._vouch(sentence, start, end, self.roles[-1])
        for index, (sentence, named) in enumerate(zip(sentences, spans)):
            found: list[tuple[int, Person]] = []
            for start, end in named:
                person = self.resolve_name(sentence, start, end)
                if person and not sentence.quoted[start]:
                    found.append((start, person))
            for role in self.roles[index]:
                slot = roles.name_slot(sentence, role)
                if not sentence.quoted[role.start] and not any(role.start <= at <= slot for at, _ in found):
                    person = self.by_role(role)
                    if person:
                        found.append((role.start, person))
            described = self.roles[index]
            self.mentions.append(sorted(found, key=lambda item: (_object_like(sentence, item[0], described), item[0])))

    def _vouch(self, sentence: Sentence, start: int, end: int, described: list[roles.Role]) -> None:
        """Register a full name when something vouches that it is a person: the gazetteer, a
        title before it or before its surname elsewhere, a role, a known first name, a demonym
        (`le Belge X`, `l'international marocain X`) or an age (`X, 54 ans`)."""
        key = names.key(sentence, start, end)
        known = gazetteers.people_by_alias().get(key)
        words = key.split()
        title = names.title_before(sentence, start) or next(
            (self.titled[w] for w in words if w in self.titled and (w == words[-1] or names.family_name_in(w, words))),
            None,
        )
        role = roles.next_to(sentence, start, end, described)
        first = gazetteers.first_name(sentence.folded[start])
        nationality = _demonym_before(sentence, start)
        if known or title or role or first or nationality or _age_after(sentence, end):
            person = self.add(sentence, start, end)
            if person:
                gender = (
                    (title and names.TITLES.get(title, names.HONORIFICS.get(title)))
                    or (role and role.gender)
                    or (first if first in ("m", "f") else None)
                )
                person.gender = person.gender or gender
                if role:
                    person.roles.add((role.function, role.country))
                    if not role.function.startswith("ex-"):  # `le ministre` for `le ministre des Armées`
                        person.roles.add((role.noun, role.country))
                if nationality:
                    person.roles.add((roles.NATIONALITY, nationality))

    def add(self, sentence: Sentence, start: int, end: int) -> Person | None:
        """The person named in full by tokens [start, end), created if new."""
        if _organisation_before(sentence, start) or _is_place(sentence, start, end):
            return None
        name = names.join(sentence.tokens[start:end])
        key = ascii_lower(name)
        if key in gazetteers.outlets():  # la Süddeutsche Zeitung
            return None
        if key in self._by_key:
            return self._by_key[key]
        known = names.known(key)
        for person in self.people:
            other = ascii_lower(person.name)  # `Villeroy de Galhau` after `François Villeroy de Galhau`
            if names.same_person(key, other) or other.endswith(" " + key) or (known and person.known == known.name):
                self._by_key[key] = person
                return person
        if known:  # a listed spelling is kept as written; a misspelling takes the listed name
            person = Person(
                name if key in names.aliases(known) else known.name, known.gender, known.country, known=known.name
            )
        else:
            person = Person(name)
        self.people.append(person)
        self._by_key[key] = person
        return person

    def resolve_name(self, sentence: Sentence, start: int, end: int) -> Person | None:
        """The person a name or surname refers to, if known: by its surname, else by another
        family name (`Mme Fettah` for Nadia Fettah Alaoui, `M. Yoon` for Yoon Suk Yeol)."""
        key = names.key(sentence, start, end)
        if key in self._by_key:
            return self._by_key[key]
        if end - start == 1:
            matches = [p for p in self.people if p.surname == key]
            if not matches:
                inside = [p for p in self.people if names.family_name_in(key, ascii_lower(p.name).split())]
                matches = inside if len(inside) == 1 else []
        else:
            matches = [p for p in self.people if ascii_lower(p.name).endswith(" " + key)]
        if matches:
            return matches[-1]
        known = gazetteers.people_by_alias().get(key)
        if known is None or (
            end - start == 1 and gazetteers.first_name(key) and not names.title_before(sentence, start)
        ):
            return None  # `le roi Philippe` is not Édouard Philippe
        person = next((p for p in self.people if p.known == known.name), None)
        if person is None:
            person = Person(known.name, known.gender, known.country, known=known.name)
            self.people.append(person)
        self._by_key[key] = person
        return person

    def by_name(self, capitals: str) -> Person:
        """The person a name in capitals stands for (`JEAN-NOËL BARROT`), added if new."""
        key = ascii_lower(capitals)
        person = self._by_key.get(key) or next((p for p in self.people if ascii_lower(p.name) == key), None)
        if person is None:
            person = Person(
                " ".join("-".join(part.capitalize() for part in word.split("-")) for word in capitals.split())
            )
            self.people.append(person)
            self._by_key[key] = person
        return person

    def by_initials(self, initials: list[str]) -> Person | None:
        """The one person whose name has these initials (`M D` for Marc Dubois, `J M K` for
        Jean-Marie Kaboré; particles left out), if exactly one has them."""
        wanted = [ascii_lower(letter) for letter in initials]
        matches = [p for p in self.people if [ascii_lower(c) for c in _CAPITAL.findall(p.name)] == wanted]
        return matches[0] if len(matches) == 1 else None

    def by_role(self, role: roles.Role) -> Person | None:
        """The one person bound to this role: same function and no conflicting country, else
        a generic role (`son homologue allemand`) of the same country."""
        same = [
            p
            for p in self.people
            if any(f == role.function and (not c or not role.country or c == role.country) for f, c in p.roles)
        ]
        if not same and role.country:
            same = [
                p
                for p in self.people
                if any(
                    c == role.country and (f in _GENERIC_ROLES or role.function in _GENERIC_ROLES) for f, c in p.roles
                )
            ]
        return same[0] if len(same) == 1 else None

    def named_near(self, person: Person, index: int) -> bool:
        """Whether sentence `index`, or one of the two before it in its paragraph, names `person`."""
        paragraph = self.sentences[index].paragraph
        return any(
            found is person
            for previous in range(index, max(-1, index - 3), -1)
            if self.sentences[previous].paragraph == paragraph
            for _, found in self.mentions[previous]
        )

    def latest(self, index: int, before: int, gender: str) -> Person | None:
        """The last person of a compatible gender named before token `before` of sentence
        `index` (`ce dernier`, `cette dernière`)."""
        for previous in range(index, max(-1, index - 5), -1):
            named = [
                (at, p)
                for at, p in self.mentions[previous]
                if (previous < index or at < before) and p.gender in (None, gender)
            ]
            if named:
                return max(named, key=lambda item: item[0])[1]
        return None

    def antecedent(self, index: int, before: int, gender: str | None, role: roles.Role | None = None) -> Person | None:
        """The person a pronoun or an unbound role refers to: the first person named in the
        sentence before it, else in the nearest previous sentence naming someone (a subject
        rather than an object: `après avoir renversé X, Y…` is about Y) of a compatible gender
        (and, for a role, country and function), four sentences back at most."""
        candidates = [p for at, p in self.mentions[index] if at < before]
        previous = index
        while True:
            for person in candidates:
                if (not gender or not person.gender or person.gender == gender) and (
                    not role or _compatible(person, role)
                ):
                    return person
            previous -= 1
            if previous < max(0, index - 4):
                return None
            candidates = [p for _, p in self.mentions[previous]]
            if not candidates and anonymous_lead(self.sentences[previous]):
                return None  # `Selon un proche du dossier, … « … », confie-t-il`: nobody named


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
            if not (
                folded in verbs
                or folded in locutions
                or folded in _TRIGGERS
                or i == 0
                or folded.endswith(("-il", "-elle"))
            ):
                i += 1
                continue
            if i == 0 and s.tokens[0] in _DASHES:
                if self._follows_quotation():
                    self._add(self._name_after(1), "tiret après une citation")
            elif folded == "selon" or (folded == "d'" and i + 1 < n and s.folded[i + 1] == "apres"):
                self._add(self._who_after(i + (1 if folded == "selon" else 2), descriptor=True), "« selon »")
            elif i == 0 and folded == "pour":
                self._opinion()
            elif (
                folded in ("cite", "citee") and i + 1 < n and s.folded[i + 1] == "par" and i and s.tokens[i - 1] == ","
            ):
                self._add(self._who_before(i - 1), "« cité par »")
            elif s.tokens[i] == ":" and i + 1 < n and s.quoted[i + 1] and not s.quoted[i] and not _work_by(s, i + 1):
                self._add(self._before_colon(i), "deux-points avant une citation")
            else:
                i = self._verb(i)
            i += 1
        return self.found

    def _follows_quotation(self) -> bool:
        """Whether the text before this sentence (same paragraph, else the previous one) is a
        quotation: in quotation marks or in the first person. `— Claire Martin` under
        ordinary prose is a signature, not an attribution."""
        sentences = self.cast.sentences[: self.index]
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
        participle = start == i and _participle(s.tokens[i], verb)
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
            who = self._who_after(end, inside=s.quoted[i])  # inside: « …, a déclaré X. … »
            if who is not None:
                self._add(who, f"incise « {names.join(s.tokens[start:end])} »")
                return end
        quoting = end < len(s.tokens) and s.tokens[end] in _OPENING_QUOTES  # `X a raillé « … »`
        if (verb.flag != "inverted" or quoting) and not s.quoted[i] and (verb.flag != "content" or _says_what(s, end)):
            if s.folded[start] in ("ont", "avaient"):
                self._add(self._co_subject(start), f"sujet de « {names.join(s.tokens[start:end])} »")
            self._add(self._who_before(start), f"sujet de « {names.join(s.tokens[start:end])} »")
        return end - 1

    def _opinion(self) -> None:
        """`Pour X, …` (`Pour M. X,`, `Pour le politologue X,`) at the start of a sentence
        reports X's view; the name must come first, and a comma right after it."""
        s = self.s
        j = 1 + names.title_length(s, 1)
        role = roles.role_at(s, j) if j < len(s.tokens) and s.folded[j] in roles.DETERMINERS else None
        if role is not None:
            j = roles.name_slot(s, role)  # Pour le président du PLR, Thierry Burkart, …
        span = next(((a, b) for a, b in self.spans if a == j), None)
        if span and span[1] < len(s.tokens) and s.tokens[span[1]] == ",":
            single = span[1] - span[0] == 1 and not names.title_before(s, span[0])
            person = self.cast.resolve_name(s, *span) if single else self._person(*span)
            self._add(person, "« pour X, … »")

    # --- who ---------------------------------------------------------------------

    def _who_after(
        self, k: int, descriptor: bool = False, names_only: bool = False, inside: bool = False
    ) -> Person | None:
        """The person named right after token k, skipping a few adverbs, a descriptor or a
        complement (`a réagi à la sortie de l'audience X`, `a réagi sur X la porte-parole…`);
        `inside` a quotation when the incise is (`« …, a déclaré X. … »`)."""
        s = self.s
        n = len(s.tokens)
        j = k
        described = False  # a determiner was seen: `son mari, X`
        complement = k < n and s.folded[k] in _COMPLEMENTS
        while j < n and j - k <= (_MAX_COMPLEMENT if complement else 6):
            token, folded = s.tokens[j], s.folded[j]
            if names.title_length(s, j) and j + 1 < n:
                return self._name_after(j + names.title_length(s, j))
            if names.is_name_token(s, j):
                return self._name_at(j)
            if s.folded[j : j + 2] in _THE_LATTER:
                return self._latest(j)
            if folded in _HEAD_GROUPS:
                return None  # selon l'entourage de X: X's group speaks, not X
            described = described or folded in roles.DETERMINERS
            role = roles.role_at(s, j) if folded in roles.DETERMINERS else None
            if role is not None:
                named = self._named_after_role(role)
                if named or names_only or self._name_follows(role):
                    return named
                return self._role_person(role)
            if folded in ("lui", "elle") and descriptor and j == k:
                return self._pronoun(j, "il" if folded == "lui" else "elle")
            if token == "," and described and j + 1 < n and names.is_name_token(s, j + 1):
                return self._name_at(j + 1)  # son mari, Taghi Rahmani
            if token in (",", ".", ";", ":") or (s.quoted[j] and not inside) or folded in _OF_RELATIVE:
                if not ((descriptor or complement) and folded in ("de", "du", "d'")):
                    return None
            if token[0].isupper() and not token.isupper() and folded not in names.common_capitals():
                return None
            j += 1
        return None

    def _name_after(self, j: int) -> Person | None:
        return self._name_at(j) if j < len(self.s.tokens) and names.is_name_token(self.s, j) else None

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
        if person is None and (names.title_before(s, start) or described or gazetteers.first_name(s.folded[start])):
            person = self.cast.add(s, start, end)
        return person

    def _named_after_role(self, role: roles.Role) -> Person | None:
        """The name right after a role (`le porte-parole, Me X`), or after its complement and a
        comma (`la haute représentante de l'UE pour les affaires étrangères, X`), if any."""
        s = self.s
        j = roles.name_slot(s, role)
        if j < len(s.tokens) and not names.is_name_token(s, j) and s.folded[j] in roles.PREPOSITIONS:
            comma = next((k for k in range(j, min(len(s.tokens), j + _MAX_COMPLEMENT)) if s.tokens[k] == ","), None)
            if comma is not None and not any(_verb_at(s, k)[0] for k in range(j, comma)):
                j = comma + 1 + names.title_length(s, comma + 1)
        return self._name_after(j)

    def _name_follows(self, role: roles.Role) -> bool:
        """Whether a capitalised name comes right after the role (known or not)."""
        j = roles.name_slot(self.s, role)
        return j < len(self.s.tokens) and names.is_name_token(self.s, j)

    def _role_person(self, role: roles.Role) -> Person | None:
        if not role.definite:
            return None
        described = names.join(self.s.tokens[role.start : role.end])
        bound = self.cast.by_role(role)
        if role.function == roles.NATIONALITY:  # `a souri le Slovène`: only someone said to be one
            return bound
        doubtful = bound is not None and role.country is not None and not _countries(bound)
        far = bound is not None and not self.cast.named_near(bound, self.index)
        near = doubtful or far or not bound
        person = self.cast.antecedent(self.index, role.start, role.gender, role) if near else None
        # the person just named wins when the bound one is far (`X n'était pas du genre… « … », a lâché
        # le sélectionneur`), or of unknown country while this one is of the role's
        displaced = person is not None and person is not bound and (far or role.country in _countries(person))
        if bound and not displaced:
            self.via = f"« {described} » : fonction liée à ce nom"
            return bound
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
            if s.folded[k + 1 : k + 5] == ("par", "la", "voix", "de"):
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
        if e and s.folded[e - 1 : e + 1] in _THE_LATTER:
            return self._latest(e - 1)
        if s.folded[e] in ("il", "elle") and (e == 0 or s.folded[e - 1] in (",", "et", "mais", "qu'", "puis", "alors")):
            return self._pronoun(e, s.folded[e])
        span = next(((start, end) for start, end in self.spans if end == e + 1), None)
        complement = span is not None and _in_complement(s, span[0], self.cast.roles[self.index])
        person = self._person(*span) if span and not complement else None
        if person is not None or (names.is_name_token(s, e) and not complement):
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
            while (
                verb > 0
                and k - verb < 3
                and s.tokens[verb - 1][0].islower()
                and s.folded[verb - 1] not in roles.DETERMINERS
            ):
                verb -= 1
            who = self._who_before(verb) if verb < k else None
        return who or self._speech_before(k)

    def _speech_before(self, k: int) -> Person | None:
        """The subject of a speech verb a complement away from token k: `X lançait aux
        Américains : « … »`, `X a écrit dans un message publié sur Telegram : « … »`."""
        s = self.s
        for at in range(k - 1, max(-1, k - _MAX_COMPLEMENT - 2), -1):
            if s.quoted[at] or s.tokens[at] in (",", ".", ";", ":"):
                return None
            verb, _ = _verb_at(s, at)
            start = _verb_group_start(s, at) if verb else None
            who = self._who_before(start) if start is not None else None
            if who is not None:
                return who
        return None

    def _co_subject(self, g: int) -> Person | None:
        """The other subject of `X et Y ont dit`."""
        s = self.s
        for start, end in self.spans:
            if end == g:
                if start >= 2 and s.folded[start - 1] == "et":
                    return self._ref_ending_at(start - 2)
        return None


# --- token-level helpers ------------------------------------------------------------


def _work_by(s: Sentence, start: int) -> bool:
    """Whether the quoted text from token `start` is a work followed by its author (`Festival :
    « Paris, Texas » de Wim Wenders…`), not words said."""
    end = start
    while end < len(s.tokens) and (s.quoted[end] or s.tokens[end] in _QUOTE_CLOSE):
        end += 1
    return end + 1 < len(s.tokens) and s.folded[end] in ("de", "d'") and s.tokens[end + 1][:1].isupper()


def _countries(person: Person) -> set[str]:
    """The countries known of a person: the gazetteer's, its roles'."""
    return {c for _, c in person.roles if c} | ({person.country} if person.country else set())


def _compatible(person: Person, role: roles.Role) -> bool:
    """Whether an unbound role may describe `person`: no conflicting country or function."""
    countries = _countries(person)
    if role.country and countries and role.country not in countries:
        return False
    functions = {f for f, _ in person.roles} - {roles.NATIONALITY}
    return role.function in _GENERIC_ROLES or not functions or bool(functions & (_GENERIC_ROLES | {role.function}))


def _is_place(s: Sentence, start: int, end: int) -> bool:
    """A name that is a capital or a country (`Buenos Aires`, `Maison Blanche`)."""
    seq = [(w, t[0].isupper()) for w, t in zip(s.folded[start:end], s.tokens[start:end])]
    return any(m.start == 0 and m.end == len(seq) for m in gazetteers.country_index().find(seq))


def _object_like(s: Sentence, at: int, described: list[roles.Role]) -> bool:
    """Whether a mention follows a verb or a preposition (`après avoir renversé X`), so is less
    likely what a later pronoun or role refers to than a subject."""
    if (
        at == 0
        or names.title_before(s, at)
        or _demonym_before(s, at)
        or any(roles.name_slot(s, r) == at for r in described)
    ):
        return False
    return (
        s.tokens[at - 1][0].islower()
        and s.folded[at - 1] not in roles.DETERMINERS
        and s.folded[at - 1] not in ("et", "ou")
    )


def _demonym_before(s: Sentence, start: int) -> str | None:
    """The country of a demonym right before a name (`l'international marocain X`,
    `le président sud-coréen X`)."""
    if start < 2 or s.folded[start - 1] not in gazetteers.not_people():
        return None
    return gazetteers.demonym_country(s.folded[start - 1])


def _age_after(s: Sentence, end: int) -> bool:
    """`X, 54 ans,`, `X, ingénieur de 31 ans` (also `Nasrin*, 23 ans`, a first name changed by the
    newspaper)."""
    if s.tokens[end : end + 1] == ("*",):
        end += 1
    if s.tokens[end : end + 1] != (",",):
        return False
    for k in range(end + 1, min(len(s.tokens) - 1, end + _MAX_AGE_APPOSITION)):
        if s.tokens[k].isdigit():
            return s.folded[k + 1] == "ans"
        if not s.tokens[k][0].islower():
            return False
    return False


def _first_described(s: Sentence, start: int, end: int) -> bool:
    """`Yannick, 54 ans`, `Coumba, une commerçante`: a known first name alone, described (not a
    complement: `l'interprète de Travis, âgé de 87 ans`)."""
    return (
        end - start == 1
        and bool(gazetteers.first_name(s.folded[start]))
        and s.folded[start - 1 : start] not in (("de",), ("du",), ("d'",), ("des",))
        and (_age_after(s, end) or _described_after(s, end))
    )


def _described_after(s: Sentence, end: int) -> bool:
    """`Anahit, une enseignante`"""
    return s.tokens[end : end + 1] == (",",) and s.folded[end + 1 : end + 2] in (("un",), ("une",))


def _in_complement(s: Sentence, start: int, described: list[roles.Role]) -> bool:
    """Whether the name at `start` completes a noun (`la direction d'X`, `le gouvernement du
    capitaine X`), so is not the subject of what follows it."""
    if start and s.folded[start - 1] in roles.PREPOSITIONS:
        return True
    role = next((r for r in described if r.end == start), None)  # not `L'avocat du président, X, a dit`
    return role is not None and (
        s.folded[role.start] in ("du", "au") or (role.start > 0 and s.folded[role.start - 1] in roles.PREPOSITIONS)
    )


def _organisation_head(s: Sentence, comma: int) -> bool:
    """Whether the sentence starts with a group speaking for someone (`Le bureau de…`) that
    ends at `comma`."""
    j = 1 if s.folded[0] in roles.DETERMINERS or s.folded[0] in ("les", "ses") else 0
    return j < comma and s.folded[j] in _HEAD_GROUPS


def _organisation_before(s: Sentence, start: int) -> bool:
    """Whether an organisation noun introduces the name (`le groupe Wagner`, `le club anglais X`,
    `l'association des commerçants X`; not `le parti de X`)."""
    if start < 1 or s.folded[start - 1] in roles.PREPOSITIONS or not s.tokens[start - 1].islower():
        return False
    return any(w in _ORG_NOUNS for w in s.folded[max(0, start - 3) : start])


def _verb_at(s: Sentence, i: int):
    """The speech verb starting at token i (one word or a locution), and its end."""
    verbs = gazetteers.speech_verbs()
    if s.folded[i] in gazetteers.locution_starts():
        for length in (3, 2):
            if i + length <= len(s.folded):
                verb = verbs.get(" ".join(s.folded[i : i + length]))
                if verb:
                    return verb, i + length
    verb = verbs.get(s.folded[i])
    if verb and s.tokens[i][0].islower():
        return verb, i + 1
    return None, i + 1


def _participle(word: str, verb) -> bool:
    """Whether a form of a speech verb is its past participle: `déclaré`, `promis`, `reconnue`;
    not the present `explique`, `précise` of a verb in -er."""
    endings = ("é", "ée", "és", "ées") if verb.lemma.endswith("er") else ("is", "ise", "u", "ue", "us")
    return word.endswith(endings)


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
