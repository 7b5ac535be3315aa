"""Role descriptions: where a sentence names someone by a function (`le chef de la diplomatie
russe`, `l'ancien président philippin`, `sa fille`), and that function's name, country and
gender, so that roles bound to names can resolve later descriptions of the same person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteers, names
from .gazetteers import ascii_lower
from .sentences import Sentence

# Words that start a role description (`le ministre`, `son homologue`, `un responsable`).
DETERMINERS = frozenset({"le", "la", "l'", "son", "sa", "leur", "du", "au", "un", "une"})
PREPOSITIONS = frozenset("à au aux en dans de du des d' depuis vers pour sur sous chez entre".split())
_PRE_ADJECTIVES = frozenset(
    {
        "nouveau",
        "nouvel",
        "nouvelle",
        "haut",
        "haute",
        "ancien",
        "ancienne",
        "ex",
        "futur",
        "future",
        "actuel",
        "actuelle",
        "puissant",
        "puissante",
        "influent",
        "influente",
        "tres",
        "vice",
        "premier",
        "premiere",
        "jeune",
        "celebre",
    }
)
_OF = frozenset({"de", "du", "des", "d'", "au", "aux"})
NATIONALITY = "nationalité"  # the function of `l'Italienne`, `le Belge`
_FEMININE_ENDINGS = ("enne", "aise", "oise", "ine", "ane", "ande", "ente", "aine")
_FORMER = frozenset({"ancien", "ancienne", "ex"})
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# Words a role description cannot end with (`le président américain | l'a dit`).
_DANGLING = frozenset("l' d' de du des la le les à au aux".split())
# Words that end a role description (`le ministre | a déclaré`, `le chef | qui…`, `la numéro un
# mondiale au | micro de…`).
_ROLE_END = frozenset(
    "a avait ont est etait sera qui que qu' dont lors apres avant dans depuis avec sur pendant devant "
    "selon et mais ou se s' n' ne y en pour par il elle lui doit va micro antenne plateau issue "
    "sortie".split()
)


@dataclass(frozen=True)
class Role:
    """A role description: tokens [start, end) of a sentence, and what they say of someone."""

    start: int
    end: int
    function: str
    country: str | None
    gender: str | None
    definite: bool  # "le ministre" names someone; "un responsable" does not
    noun: str = NATIONALITY  # the role noun, masculine (`ministre` for `la ministre des Armées`)


def role_at(s: Sentence, j: int, bare: bool = False) -> Role | None:
    """A role description starting at token j (`le chef de la diplomatie russe`, or a
    nationality: `l'Italienne`); `bare`: with no determiner (`X, ministre de…`)."""
    nouns = gazetteers.role_nouns()
    n = len(s.tokens)
    k = j if bare else j + 1
    if not bare and (s.folded[j] not in DETERMINERS):
        return None
    while k < n and s.folded[k] in _PRE_ADJECTIVES and k + 1 < n and s.folded[k + 1] in nouns:
        if s.folded[k] in ("premier", "premiere") and s.folded[k + 1] == "ministre":
            break
        k += 1
    if k < n and s.folded[j] in ("le", "la", "l'") and s.tokens[k][0].isupper():
        country = gazetteers.demonym_country(s.folded[k])
        if country:  # la Polonaise, l'Italienne
            feminine = s.folded[j] == "la" or (s.folded[j] == "l'" and s.folded[k].endswith(_FEMININE_ENDINGS))
            return Role(j, k + 1, NATIONALITY, country, "f" if feminine else "m", True)
    if k >= n or _role_noun(s.folded[k]) is None:
        return None
    head = k
    end = k + 1
    while end < n and end - head <= 8:
        token, folded = s.tokens[end], s.folded[end]
        if token.isdigit() and s.tokens[end - 1][0].isupper():  # le président de la COP28, du G20
            end += 1
            continue
        if token in (",", ".", ";", ":", "(", ")") or s.quoted[end] != s.quoted[j] or not token[0].isalpha():
            break
        if folded in nouns and folded not in ("ministre", "premier", "premiere") and end > head + 1:
            break
        if names.is_name_token(s, end) and folded not in gazetteers.not_people():
            if not _after_of(s, end):
                break
            while end + 1 < n and names.is_name_token(s, end + 1):  # le directeur de Forsa, d'EDF…
                end += 1
        if token[0].islower() and folded in _ROLE_END:
            if not (folded in ("en", "et") and end + 1 < n and s.folded[end + 1] in nouns):
                break  # `commandant en chef`, `Premier ministre et ministre des Affaires étrangères`
        end += 1
    while end > head + 1 and s.folded[end - 1] in _DANGLING:
        end -= 1
    return _describe_role(s, j, head, end)


@lru_cache(maxsize=1 << 14)
def _role_noun(folded: str) -> str | None:
    """The role noun of a word: `ministre`; `président` in `ex-président`, `présidente-directrice`."""
    nouns = gazetteers.role_nouns()
    if folded in nouns:
        return folded
    parts = folded.split("-")
    if parts[0] in ("ex", "vice", "co") and len(parts) > 1:
        return _role_noun("-".join(parts[1:]))
    return parts[0] if parts[0] in nouns else None


def _after_of(s: Sentence, j: int) -> bool:
    """Whether token j is the complement of a role: after `de`, `du`, `au`, `à la`, `de l'`…
    (`le secrétaire général de l'Otan`, `le commissaire au Marché intérieur`)."""
    before = s.folded[j - 1]
    return before in _OF or (before in ("l'", "la", "le", "les") and s.folded[j - 2] in ("de", "à"))


def _held(s: Sentence, head: int, end: int) -> bool:
    """Whether the role of noun `head` ending at `end` was held until a past year: `maire de la
    commune de 1995 à 2014`, `ministre entre 2017 et 2020`, `présidente jusqu'en 2019`."""
    words = s.folded[head + 1 : end + 8]
    years = [i for i, word in enumerate(words) if _YEAR.fullmatch(word)]
    return any(
        (words[i - 1 : i] in (("de",), ("entre",)) and words[i + 1 : i + 2] in (("à",), ("et",)) and i + 2 in years)
        or words[i - 2 : i] == ("jusqu'", "en")
        for i in years
    )


def _describe_role(s: Sentence, start: int, head: int, end: int) -> Role:
    """The role of tokens [start, end) whose noun is at `head`: its function (from roles.tsv,
    else the noun; `ex-` when former), country (written, else the function's own), gender."""
    noun = _role_noun(s.folded[head])
    assert noun is not None  # role_at only calls this when s.folded[head] is a role noun
    nouns = gazetteers.role_nouns()
    words = [nouns[w].masculine if w in nouns else w for w in (noun, *s.folded[head + 1 : end])]
    places = gazetteers.country_index().find(
        [(w, t[0].isupper()) for w, t in zip(s.folded[head:end], s.tokens[head:end])]
    )
    country = places[0].value if places else None
    demonyms = {m.start for m in places if m.phrase[0].islower()}
    text = " ".join(ascii_lower(w) for i, w in enumerate(words) if i not in demonyms).replace("' ", "'")
    function, default = words[0], None
    for role in gazetteers.roles():
        if role.phrase in text:
            function, default = role.function, role.country
            break
    if s.folded[head].startswith("ex-") or not _FORMER.isdisjoint(s.folded[start:head]) or _held(s, head, end):
        function = "ex-" + function  # l'ancien chef de l'Etat is not the president
    gender = nouns[noun].gender
    if s.folded[start] in ("la",) or (start != head and s.folded[start] == "sa" and gender is None):
        gender = "f"
    definite = s.folded[start] not in ("un", "une")
    return Role(start, end, function, country or default, gender, definite, nouns[noun].masculine)


def in_sentence(s: Sentence) -> list[Role]:
    """Every role description of a sentence."""
    found = []
    for j, folded in enumerate(s.folded):
        if folded in DETERMINERS:
            role = role_at(s, j)
            if role:
                found.append(role)
    return found


def name_slot(s: Sentence, role: Role) -> int:
    """Where a name right after a role starts (`le porte-parole, Me X`, `le ministre cheikh X`)."""
    j = role.end + (1 if role.end < len(s.tokens) and s.tokens[role.end] == "," else 0)
    return j + names.title_length(s, j)


def next_to(s: Sentence, start: int, end: int, roles: list[Role]) -> Role | None:
    """A role right before a name (`le ministre X`, `le ministre, X`) or in apposition after it."""
    for role in roles:
        if name_slot(s, role) == start and s.folded[role.end - 1] not in ("de", "d'", "du", "des"):
            return role
    after_preposition = start and s.folded[start - 1] in PREPOSITIONS
    if end < len(s.tokens) - 1 and s.tokens[end] == "," and not after_preposition:
        return role_at(s, end + 1) or role_at(s, end + 1, bare=True)
    return None
