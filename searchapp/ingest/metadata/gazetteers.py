"""Gazetteers: load the editable data files once, and match their phrases in text.

Every file lives in `searchapp/ingest/metadata/data/`; lines starting with `#` are comments.
Matching is done on folded words (lowercase, no accents), so `Etats-Unis`,
`États-Unis` and `etats unis` are the same phrase.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from unidecode import unidecode

DATA = Path(__file__).with_name("data")

_WORD = re.compile(r"[^\W_]+")


class _FoldTable(dict):
    """A `str.translate` table that folds each character once, then remembers it."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unidecode(char).lower() if code > 127 else char.lower()
        self[code] = folded
        return folded


_FOLD = _FoldTable()
# The commonest accented letters of French text: `str.replace` folds them much faster
# than `str.translate`, which looks every character of a non-ASCII text up in the table.
_COMMON_ACCENTS = "éàèêô"


def _fold_run(error: UnicodeEncodeError) -> tuple[str, int]:
    """Codec error handler: a run of non-ASCII characters, folded by the table."""
    return error.object[error.start : error.end].translate(_FOLD), error.end


# typeshed types handlers for any UnicodeError; this one is only used for encoding, so it gets UnicodeEncodeError.
codecs.register_error("searchapp.fold", _fold_run)  # type: ignore[arg-type]


@lru_cache(maxsize=1024)
def ascii_lower(text: str) -> str:
    """Lowercase and strip accents: `Sergueï Choïgou` → `serguei choigou`. Always ASCII.

    The same as translating each character with `_FOLD`, only faster: ASCII text is
    only lowercased, the common accents are replaced first, and the ASCII encoder
    hands the remaining non-ASCII runs to the table (its folds are all ASCII).
    Cached: layout, speakers, countries and topics fold the same paragraphs.

    >>> ascii_lower("États-Unis, Œuvre")
    'etats-unis, oeuvre'
    """
    for accent in _COMMON_ACCENTS:
        if text.isascii():
            return text.lower()
        text = text.replace(accent, _FOLD[ord(accent)])
    return text.encode("ascii", "searchapp.fold").decode("ascii").lower()


@lru_cache(maxsize=256)
def words(text: str) -> tuple[tuple[str, bool], ...]:
    """The words of `text` as (folded word, starts with a capital) pairs.

    Hyphens and apostrophes separate words: `nord-coréenne` → `nord`, `coreenne`.
    Cached: countries and topics read the same paragraphs.
    """
    surface = _WORD.findall(text)
    folded = _WORD.findall(ascii_lower(text))
    if len(folded) != len(surface):  # folding split or merged a word (rare scripts)
        folded = [ascii_lower(word) for word in surface]
    return tuple((word, original[0].isupper()) for word, original in zip(folded, surface))


def rows(name: str, columns: int = 1) -> list[list[str]]:
    """The tab-separated rows of a data file (stripped cells, padded to `columns` with
    empty cells), comments and blank lines skipped."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    table = [[cell.strip() for cell in line.split("\t")] for line in lines if line.strip() and not line.startswith("#")]
    return [row + [""] * (columns - len(row)) for row in table]


def split_values(cell: str) -> list[str]:
    return [value.strip() for value in cell.split("|") if value.strip()]


@dataclass(frozen=True)
class Match:
    """A phrase found in a word sequence: words [start, end) stand for `value`."""

    start: int
    end: int
    value: str
    phrase: str


class PhraseIndex:
    """Find gazetteer phrases in a sequence of folded words, longest match first.

    A phrase ending in `*` matches any word starting with its last word. A phrase
    registered with `capital=True` only matches when its first word is capitalised
    in the text. A `None` value blocks the phrase (it is found, then ignored).
    """

    def __init__(self) -> None:
        self._exact: dict[tuple[str, ...], tuple[str | None, bool, str]] = {}
        self._prefixes: dict[tuple[str, ...], tuple[str | None, bool, str]] = {}
        self._first: dict[str, int] = {}  # first word → longest phrase starting with it
        self._prefix_sizes: list[int] = []  # lengths of the starred last words, longest first
        self._single: dict[str, tuple | None] = {}  # word → its one-word starred entry (a cache)

    def add(self, phrase: str, value: str | None, capital: bool = False) -> None:
        key = tuple(ascii_lower(w) for w in _WORD.findall(phrase))
        if not key:
            return
        entry = (value, capital, phrase)
        if phrase.endswith("*"):
            self._prefixes.setdefault(key, entry)
            if len(key[-1]) not in self._prefix_sizes:
                self._prefix_sizes = sorted({*self._prefix_sizes, len(key[-1])}, reverse=True)
        else:
            known = self._exact.get(key)
            if known is None or (known[0] == value and known[1] and not capital):  # "Suisse" and "suisse"
                self._exact[key] = entry
        if len(key) > 1 or not phrase.endswith("*"):
            self._first[key[0]] = max(self._first.get(key[0], 0), len(key))

    def find(self, seq) -> list[Match]:
        """Non-overlapping matches in `seq` (from `words`), blocked phrases left out."""
        found = []
        i, n = 0, len(seq)
        first, single = self._first, self._single
        while i < n:
            word = seq[i][0]
            match = self._match_at(seq, i, n) if word in first or single.get(word, True) else None
            if match is None:
                i += 1
                continue
            if match.value is not None:
                found.append(match)
            i = match.end
        return found

    def _match_at(self, seq, i, n) -> Match | None:
        for length in range(min(self._first.get(seq[i][0], 0), n - i), 0, -1):
            key = tuple(w for w, _ in seq[i : i + length])
            entry = self._exact.get(key) or self._prefix_entry(key)
            if entry and (not entry[1] or seq[i][1]):
                # entry[0] is None for a blocked phrase: that Match never leaves find(), which drops it
                return Match(i, i + length, entry[0], entry[2])  # type: ignore[arg-type]
        word = seq[i][0]
        if word not in self._single:
            self._single[word] = self._prefix_entry((word,))
        entry = self._single[word]
        if entry and (not entry[1] or seq[i][1]):
            return Match(i, i + 1, entry[0], entry[2])
        return None

    def _prefix_entry(self, key: tuple[str, ...]):
        last = key[-1]
        for size in self._prefix_sizes:
            if size <= len(last):
                entry = self._prefixes.get((*key[:-1], last[:size]))
                if entry:
                    return entry
        return None


def inflect_demonym(base: str) -> list[str]:
    """Feminine and plural forms of a masculine demonym (over-generation is harmless).

    >>> inflect_demonym("ukrainien")
    ['ukrainien', 'ukrainiens', 'ukrainiene', 'ukrainienes', 'ukrainienne', 'ukrainiennes']
    >>> inflect_demonym("russe"), inflect_demonym("français")
    (['russe', 'russes'], ['français', 'française', 'françaises'])
    """
    if base.endswith("e"):
        return [base, base + "s"]
    if base.endswith(("s", "x")):
        return [base, base + "e", base + "es"]
    forms = [base, base + "s", base + "e", base + "es"]
    if base.endswith("n"):
        forms += [base + "ne", base + "nes"]
    return forms


@dataclass(frozen=True)
class Country:
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    places: tuple[str, ...]


@cache
def countries() -> tuple[Country, ...]:
    """Countries with their names, demonyms (inflected) and places, from countries.tsv."""
    found = []
    for name, names, demonyms, places in rows("countries.tsv", columns=4):
        forms = [form for base in split_values(demonyms) for form in inflect_demonym(base)]
        found.append(Country(name, tuple(split_values(names)), tuple(forms), tuple(split_values(places))))
    return tuple(found)


@cache
def country_index() -> PhraseIndex:
    """Every way to mention a country (names and places must be capitalised)."""
    index = PhraseIndex()
    for country in countries():
        value = None if country.name == "-" else country.name
        for phrase in (country.name, *country.names, *country.places):
            if phrase != "-":
                index.add(phrase, value, capital=value is not None and phrase[0].isupper())
        for phrase in country.demonyms:
            index.add(phrase, value)
    return index


@cache
def country_names() -> frozenset[str]:
    """The names of the countries (canonical and other names, as written in `countries.tsv`)."""
    return frozenset(name for country in countries() if country.name != "-" for name in (country.name, *country.names))


@lru_cache(maxsize=1 << 12)
def demonym_country(word: str) -> str | None:
    """The country of a folded one-word demonym (`italienne` → Italie), None if it is not one."""
    found = country_index().find([(word, False)])
    return found[0].value if found and found[0].end == 1 and found[0].phrase[0].islower() else None


@dataclass(frozen=True)
class KnownPerson:
    name: str
    gender: str | None
    country: str | None
    aliases: tuple[str, ...]


@cache
def people() -> tuple[KnownPerson, ...]:
    found = []
    for name, gender, country, aliases in rows("people.tsv", columns=4):
        found.append(KnownPerson(name, gender or None, country or None, tuple(split_values(aliases))))
    return tuple(found)


@cache
def people_by_alias() -> dict[str, KnownPerson]:
    """Folded full names, aliases and last names → known person (first entry wins)."""
    index: dict[str, KnownPerson] = {}
    for person in people():
        for alias in (person.name, *person.aliases):
            index.setdefault(ascii_lower(alias), person)
    for person in people():
        for alias in (person.name, *person.aliases):
            parts = alias.split()
            if len(parts) > 1:
                index.setdefault(ascii_lower(parts[-1]), person)
    return index


@cache
def alias_starts() -> dict[str, int]:
    """First word of each listed name of several words → the most words such a name has."""
    starts: dict[str, int] = {}
    for alias in people_by_alias():
        parts = alias.split()
        if len(parts) > 1:
            starts[parts[0]] = max(starts.get(parts[0], 0), len(parts))
    return starts


@cache
def first_names() -> dict[str, str]:
    """Folded first name → gender (`m`, `f`, or `?` when both)."""
    genders: dict[str, str] = {}
    for gender, names in rows("first_names.tsv", columns=2):
        for name in split_values(names):
            key = ascii_lower(name)
            genders[key] = gender if genders.get(key, gender) == gender else "?"
    return genders


@lru_cache(maxsize=1 << 14)
def first_name(folded: str) -> str | None:
    """The gender (`m`, `f` or `?`) of a folded first name, also composed (`georges-louis`);
    None when it is not a known first name."""
    names = first_names()
    if folded in names:
        return names[folded]
    parts = folded.split("-")
    if len(parts) > 1 and all(part in names for part in parts):
        return names[parts[0]]
    return None


@cache
def not_people() -> frozenset[str]:
    """Folded words that never belong to a person's name, but for a surname after a first
    name (`Stéphane Israël`): `organisation_words` and `place_words`."""
    return organisation_words() | place_words()


@cache
def organisation_words() -> frozenset[str]:
    """Folded words of `not_people.txt`: organisations, institutions, media, events, landmarks."""
    return frozenset(ascii_lower(row[0]) for row in rows("not_people.txt"))


@cache
def place_words() -> frozenset[str]:
    """Folded one-word country names, capitals, places and demonyms that are not first names."""
    words_ = set()
    for country in countries():
        for phrase in (country.name, *country.names, *country.places):
            if phrase != "-" and " " not in phrase and ascii_lower(phrase) not in first_names():
                words_.add(ascii_lower(phrase))
        words_.update(ascii_lower(d) for d in country.demonyms)
    return frozenset(words_)


@cache
def us_states() -> frozenset[str]:
    """Folded names of the states of the United States (`us_states.txt`)."""
    return frozenset(ascii_lower(row[0]) for row in rows("us_states.txt"))


_ARTICLE = re.compile(r"^(?:les |le |la |l')")


@cache
def outlets() -> frozenset[str]:
    """Folded names of news outlets and agencies, also without their article (`Dernières
    Nouvelles d'Alsace` for `Les Dernières Nouvelles d'Alsace`)."""
    names = {ascii_lower(row[0]) for row in rows("outlets.txt")}
    bare = {_ARTICLE.sub("", name) for name in names}
    return frozenset(names | {name for name in bare if " " in name})  # not `Monde` for `Le Monde`


@dataclass(frozen=True)
class RoleNoun:
    gender: str | None  # "m", "f", or None when the noun says nothing of it
    masculine: str  # folded masculine form (the noun itself unless it is feminine)


@cache
def role_nouns() -> dict[str, RoleNoun]:
    """Folded role noun (`ministre`, `presidente`) → its gender and masculine form."""
    return {
        ascii_lower(noun): RoleNoun(None if gender == "-" else gender, ascii_lower(masculine or noun))
        for noun, gender, masculine in rows("role_nouns.tsv", columns=3)
    }


@dataclass(frozen=True)
class Role:
    phrase: str
    function: str
    country: str | None


@cache
def roles() -> tuple[Role, ...]:
    """Role phrases, longest first."""
    found = [Role(ascii_lower(phrase), function, country or None) for phrase, function, country in rows("roles.tsv", 3)]
    return tuple(sorted(found, key=lambda role: -len(role.phrase)))


@dataclass(frozen=True)
class Verb:
    lemma: str
    flag: str | None  # "inverted", "content" or "quote": see speech_verbs.tsv


@cache
def speech_verbs() -> dict[str, Verb]:
    """Folded verb form (one word, or several joined by spaces) → speech verb."""
    forms: dict[str, Verb] = {}
    for lemma, listed, flag in rows("speech_verbs.tsv", columns=3):
        verb = Verb(lemma, flag or None)
        bare = re.sub(r"^(?:se |s')", "", lemma)
        for form in split_values(listed) or _regular_forms(bare):
            forms[ascii_lower(form)] = verb
    return forms


@cache
def locution_starts() -> frozenset[str]:
    """First words of the speech verbs written in several words (`fait valoir`)."""
    return frozenset(form.split()[0] for form in speech_verbs() if " " in form)


def _regular_forms(infinitive: str) -> list[str]:
    """Present, participles and imperfect of a regular -er verb (déclarer → déclare…)."""
    stem = infinitive[:-2]
    imperfect = stem + ("eait" if stem.endswith("g") else "ait")
    if stem.endswith("c"):
        imperfect = stem[:-1] + "çait"
    participle = stem + "é"
    return [stem + "e", stem + "ent", participle, participle + "e", participle + "s", participle + "es", imperfect]


@dataclass(frozen=True)
class Topic:
    label: str
    terms: tuple[str, ...]


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(Topic(label, tuple(split_values(terms))) for label, terms in rows("topics.tsv", columns=2))


@cache
def topic_index() -> PhraseIndex:
    index = PhraseIndex()
    for topic in topics():
        for term in topic.terms:
            index.add(term, topic.label)
    return index
