"""Person names in sentences: which capitalised words may belong to a name, the spans they
form (`Olivier de La Tour`, `Khalil al-Hayya`, `Koffi N'Guessan Brou`, `Mehdi B.`), titles
(`M.`, `Mme`, `cheikh`), and whether two spellings name one person (`Vladmir`/`Vladimir
Poutine`, `Villeroy de Galhau` for `François Villeroy de Galhau`)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from . import gazetteers
from .gazetteers import ascii_lower
from .sentences import Sentence

TITLES = {"m": "m", "mm": "m", "mme": "f", "mlle": "f", "dr": None, "me": None, "pr": None, "mgr": "m"}
# Titles only when written in lowercase (`cheikh Mohammed…`; `Cheikh` may be a first name).
HONORIFICS = {"cheikh": "m", "sir": "m", "lord": "m", "dame": "f", "imam": "m", "ayatollah": "m", "cardinal": "m"}
# Capitalised words that start sentences, not names.
_SENTENCE_WORDS = frozenset(
    "le la les l' un une des du de d' au aux à a en et ou mais donc or ni car selon pour par sur sous dans "
    "depuis apres avant avec sans chez entre contre vers lors pendant durant des malgre outre face quant si "
    "comme quand lorsque lorsqu' puisque alors ainsi pourtant cependant toutefois neanmoins enfin puis "
    "ensuite aussi meme il elle ils elles on nous vous je tu ce cet cette ces c' ca cela ceci celui celle "
    "son sa ses leur leurs mon ma mes notre nos votre vos tout tous toute toutes plusieurs quelques certains "
    "certaines chaque aucun aucune autre autres seul seule y interroge interrogee interroges joint jointe "
    "cote quelque rien personne oui non voici voila deja encore la ici hier demain qu' que qui quoi dont "
    "ou monsieur madame mesdames messieurs s' n' j' m' t' selon-lui reunis reunies".split()
)
_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "da",
        "di",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "ten",
        "ben",
        "bin",
        "ibn",
        "el",
        "al",
        "la",
        "le",
        "y",
        "abou",
        "abu",
        "ould",
        "bou",
    }
)
_NAME_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|ben|bin|abu|abou|ould|bou)-[A-ZÀ-Þ]")


@cache
def common_capitals() -> frozenset[str]:
    """Folded words that are not names even when capitalised: words that start sentences,
    role nouns (`le Président Macron`) and titles."""
    return _SENTENCE_WORDS | frozenset(gazetteers.role_nouns()) | frozenset(TITLES)


def key(s: Sentence, start: int, end: int) -> str:
    """The folded name of tokens [start, end), spaced as `join` spaces it."""
    return " ".join(s.folded[start:end]).replace("' ", "'").replace(" .", ".")


def join(tokens) -> str:
    """Tokens as a name is written: `Mehdi B.`, `Koffi N'Guessan`."""
    text = " ".join(tokens)
    return re.sub(r"(?<=['’]) | (?=\.)", "", text)


def is_name_token(s: Sentence, j: int) -> bool:
    """Whether token j may be part of a name."""
    return name_like(s.tokens[j])


@lru_cache(maxsize=1 << 16)
def name_like(token: str) -> bool:
    """A word that may be part of a person's name: capitalised, not a sentence-starting word,
    an acronym, an organisation or a place (unless it is also a first name)."""
    if _NAME_PREFIX.match(token):
        return True
    if not token[0].isupper() or (token.isupper() and len(token) > 1) or not token[0].isalpha():
        return False
    folded = ascii_lower(token)
    if folded in common_capitals():
        return False
    return folded not in gazetteers.not_people() or gazetteers.first_name(folded) is not None


def spans(s: Sentence) -> list[tuple[int, int]]:
    """Maximal capitalised sequences (with inner particles), leading place names dropped, and
    listed names as they are; none that an organisation word ends (`Dassault Aviation`)."""
    found = []
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
            found.append((j, listed))
            j = listed
            continue
        if not name_like(tokens[j]):
            j += 1
            continue
        start = end = j
        end += 1
        while end < n and end - start < 6:
            if is_name_token(s, end):
                end += 1
                continue
            if (
                s.tokens[end] == "." and len(s.tokens[end - 1]) == 1 and end + 1 < n and is_name_token(s, end + 1)
            ):  # an initial: Donald J. Trump
                end += 1
                continue
            particles = 0
            while end + particles < n and particles < 2 and s.folded[end + particles] in _PARTICLES:
                particles += 1
            if not particles and _elided_particle(s, start, end):  # Valéry Giscard d'Estaing
                particles = 1
            if not particles or end + particles >= n or not is_name_token(s, end + particles):
                break
            end += particles + 1
        if (
            end == start + 1
            and end < n
            and tokens[end][0].isupper()
            and s.folded[end] in gazetteers.place_words()
            and gazetteers.first_name(s.folded[start]) in ("m", "f")
        ):  # Stéphane Israël
            end += 1
        last = end - 1 if end - start >= 2 and _is_initial(s.tokens[end - 1]) else end
        if (
            last + 1 < n
            and _is_initial(s.tokens[last])
            and s.tokens[last + 1] == "."
            and not (last + 2 < n and is_name_token(s, last + 2))
        ):  # an initial for a surname: Mehdi B., Dylan M.
            end = last + 2
        if (
            end - start >= 3
            and start
            and s.folded[start - 1] in ("de", "du", "des", "d'")
            and s.folded[start + 1] not in _PARTICLES
        ):  # le représentant du Texas | Chip Roy
            start += 1
        if end < n and tokens[end][0].isupper() and s.folded[end] in gazetteers.organisation_words():
            j = end + 1  # an organisation named after someone: Dassault Aviation, Louis Dreyfus Company
            continue
        found.append((start, end))
        j = end
    return found


def _elided_particle(s: Sentence, start: int, end: int) -> bool:
    """Whether token `end` is the `d'` of a name (`Valéry Giscard d'Estaing`, `de La Tour
    d'Aulnay`, `Jean d'Ormesson`): after two name words or more, or a known first name, before a
    capitalised word that is not a place's (`le Quai d'Orsay`, `X d'Orange`)."""
    after = end + 1
    return (
        s.folded[end] == "d'"
        and (end - start >= 2 or (end - start == 1 and gazetteers.first_name(s.folded[start]) is not None))
        and after < len(s.tokens)
        and s.tokens[after][0].isupper()
        and s.folded[after] not in gazetteers.place_words()
        and s.folded[after] not in gazetteers.not_people()
    )


def _listed_name_end(s: Sentence, j: int) -> int | None:
    """The end of the longest gazetteer name of several capitalised words starting at j."""
    longest = gazetteers.alias_starts()[s.folded[j]]
    for end in range(min(j + longest, len(s.tokens)), j + 1, -1):
        if (
            all(t[0].isupper() or f in _PARTICLES for t, f in zip(s.tokens[j:end], s.folded[j:end]))
            and key(s, j, end) in gazetteers.people_by_alias()
        ):
            return end
    return None


def _is_initial(token: str) -> bool:
    return len(token) == 1 and token.isupper()


def title_length(s: Sentence, j: int) -> int:
    """How many tokens a title at j takes (`M .`: 2, `Mme`: 1, `cheikh`: 1), 0 if none."""
    if j >= len(s.tokens) or not (s.folded[j] in TITLES or s.tokens[j] in HONORIFICS):
        return 0
    dotted = j + 1 < len(s.tokens) and s.tokens[j + 1] == "."
    return 2 if dotted else 0 if s.tokens[j] == "M" else 1


def title_before(s: Sentence, start: int) -> str | None:
    """The title right before a name (`M.`, `Mme`, `cheikh`), folded, if any."""
    if start >= 1 and s.tokens[start - 1] in HONORIFICS:
        return s.tokens[start - 1]
    if start >= 1 and s.folded[start - 1] in TITLES and s.tokens[start - 1] != "M":
        return s.folded[start - 1]
    if start >= 2 and s.tokens[start - 1] == "." and s.folded[start - 2] in TITLES:
        return s.folded[start - 2]
    return None


def known(name: str):
    """The gazetteer person a folded full name is, exactly or one or two letters off."""
    index = gazetteers.people_by_alias()
    if name in index:
        return index[name]
    parts = name.split()
    person = index.get(parts[-1])
    if (
        person
        and len(parts) > 1
        and any(
            _close(parts[0], ascii_lower(a.split()[0])) for a in (person.name, *person.aliases) if len(a.split()) > 1
        )
    ):
        return person
    return None


def family_name_in(word: str, name: list[str]) -> bool:
    """Whether `word` is a family name inside a full name other than its last word: any word
    but the first of 3 words or more, or the first when it is not known as a gendered first
    name and the name is written family name first (`Yoon Suk Yeol`, `Lai Ching-te`)."""
    family_first = len(name) >= 3 or "-" in name[-1]
    return (len(name) >= 3 and word in name[1:]) or (
        family_first and word == name[0] and gazetteers.first_name(word) in (None, "?")
    )


def aliases(person) -> set[str]:
    """The folded spellings of a gazetteer person."""
    return {ascii_lower(a) for a in (person.name, *person.aliases)}


def same_person(name: str, other: str) -> bool:
    """Two folded full names of one person: same surname, first names equal, close or an initial."""
    a, b = name.split(), other.split()
    if a[-1] != b[-1] or len(a) < 2 or len(b) < 2:
        return False
    return a[0] == b[0] or _close(a[0], b[0]) or (a[0][0] == b[0][0] and min(len(a[0]), len(b[0])) == 1)


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
