"""Quotations: every direct quotation of an article, its speaker and its place in the clean text.

A quotation is the text between « », “ ” or straight quotes (the outermost pair;
an opening « never closed runs to the end of its paragraph, as a quotation going
on over several paragraphs does), or an interview's answer: under the
interviewee's name in capitals, `R.` or initials (`M. D. :`, `H. V.-K. –`), a dash
after a dashed question (`– Pourquoi ? / – Parce que…`), and the paragraphs after it
that are not questions, headings or the closing note.

Quoted text is not a quotation when a noun before it names a work, an operation,
a heading or a phrase (`le film « … »`, `l'opération « … »`, `les mots « … »`,
`l'article 3 « Objet »`, `est ainsi rédigé : « … »`); when it is three words or
fewer and nobody is said to have said it (a scare quote, a term) — an attributed
fragment is one (`a dénoncé « une faute »`), and so is a whole utterance introduced
by a colon or followed by its attribution (`« Non », a-t-il répondu`); or when its
sentence has no speech cue (speech verb, `selon`, colon) and none of the rules
below gives it a speaker.

The speaker: the antecedent, in the paragraph, of the pronoun that speaks
(`X… « … », a-t-il ajouté`, `« … » Il dit…`: the nearest earlier sentence that
quotes, names or gives words to someone of that gender), or in the two texts before
when the pronoun opens its paragraph or follows a sentence led by a definite role
(`La magistrate a décrit… « … », a-t-elle martelé`), or the person the sentence before
stands for by its role or pronoun (`l'ancien maire a balayé… « … », a-t-il dit`, as the
cast of `speakers` resolves them); the subject, or the pronoun's antecedent, for `selon
lui`;
the person the previous sentence is about when a definite role speaks (`X a défendu…
« … », a déclaré le président`); the person the attribution machinery of `speakers`
finds in the sentence (`« … », a déclaré X`, `X : « … »`, `selon X`); the name in an
incise inside the marks (`« A, a déclaré le directeur, X. B »`, two parts), or the
person of its pronoun or role (`« A, nous a-t-elle assuré. B »`); for a quotation after
a colon that no name follows, the sentence's subject (`X a publié ces mots : « … »`), the
person of its pronoun or role (`Le syndicaliste réclame : « … »`), or the earlier
speaker when it only goes on (`Puis, après un silence : « … »`); the first person named
after the quotation. Without a speech cue: the paragraph's previous
quotation's, the person the sentence before is about (`X, 41 ans, ne cachait pas sa
colère. « … »`), the previous paragraph's last quotation's; then the `— X` after it.
After a sentence about someone unnamed (`Un voisin, qui…, est remonté. « … »`), nobody's.
No speaker (None): an anonymous source, an organisation, or nobody found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from . import gazetteers, names, roles, speakers
from .gazetteers import ascii_lower
from .sentences import Sentence, split, token_spans
from .speakers import Attribution, Person

KIND_DIRECT = "direct"
MIN_WORDS = 4  # shorter quoted text is a quotation only when it is a whole utterance
_PAIRS = {"«": "»", "“": "”"}
_CLOSERS = frozenset("»”")
_MARKS = re.compile("[«»“”]")
_MARK = re.compile('[«“"]')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SPACE = " \u00a0\u202f\t"
# Nouns (and participles) before quoted text that make it a name or a phrase, not someone's words.
_NAMING = frozenset(
    """film films livre livres roman ouvrage essai album chanson chansons titre titres serie emission pièce piece
    spectacle documentaire operation operations plan programme projet loi lois rapport exposition festival campagne
    slogan slogans hashtag podcast chapitre intitule intitulee intitules intitulees baptise baptisee baptises
    denomme denommee surnomme surnommee dite dites mots mot termes terme expression
    formule mention rubrique dossier affaire manifeste collectif association mouvement devise pancarte pancartes
    banderole banderoles panneau motion texte article amendement dispositif label marque auteur autrice auteure
    entretien interview quotidien hebdomadaire magazine chaine radio""".split()
)
# Words just before quoted text (a colon between them or not) that make it a legal text's wording
# or a heading, not someone's words: `est ainsi rédigé : « … »`, `l'article 3 « Objet »`.
_WORDING = frozenset(
    "redige redigee rediges redigees libelle libellee suit suivant suivante suivants suivantes insere inseree "
    "inseres inserees complete completee completes remplace remplacee remplaces remplacees modifie modifiee "
    "modifies modifiees abroge abrogee ainsi alinea alineas article articles paragraphe avenant annexe chapitre "
    "section titre norme document phrase phrases mention mentions rubrique intitule categorie forfait bonus "
    "tableau tableaux certificat commencant terminant".split()
)
_FINAL = frozenset(".!?…:")  # a paragraph ending otherwise (but for its closing marks) is a heading
_CLAUSE_END = re.compile(r"[.!?…;»”](?=\s|$)")
_CAPITALISED = re.compile(r"(?:(?<=[^\W\d_] )|(?<=[,;] ))[A-ZÀ-Þ][^\W\d_]+")  # not a sentence's first word
_CIVILITY = re.compile(r"\b(?:M|Mme|Me|Dr)\.? [A-ZÀ-Þ]")
_DASHES = frozenset({"—", "–", "-"})
_INCISE = re.compile(  # `, a dénoncé`, `, dit-il`, `, nous a-t-elle assuré`
    r",\s+((?:(?:nous|vous|lui|leur|me|m['’])\s*)?(?:(?:a|avait|ont)\s+)?[^\W\d_]+(?:-[^\W\d_]+)*)"
)
_DEFINITE = re.compile(r"\b(?:le|la|les|l['’])\s*[^\W\d_]", re.IGNORECASE)  # `, résume l'urgentiste`
_INCISE_END = re.compile(r"\s*(?:[.;]|,(?=\s+[^\W\d_A-ZÀ-Þ]))\s*")
_INVERTED = ("-il", "-elle", "-ils", "-elles", "-on")  # `dit-elle`, `a-t-il`
_CONNECTORS = frozenset({"puis", "et", "ensuite", "enfin", "avant", "apres", "alors", "mais"})
_SUBJECT_PRONOUNS = {"il": "m", "elle": "f", "lui": "m", "lui-meme": "m", "elle-meme": "f"}
_APPOSED_NAME = re.compile(r", (?:M\. |Mme |Me |Dr )?[A-ZÀ-Þ]")
_BEFORE_PLACES = frozenset({"a", "au", "aux", "de", "du", "chez", "sur", "dans", "devant"})  # folded
_LINE_TAIL = re.compile(r"([?!…,])\s+((?:(?:nous|vous|lui|leur)\s+)?(?:(?:a|avait)\s+)?[^\W\d_]+(?:-[^\W\d_]+)*)")
_INDEFINITE = frozenset({"un", "une", "des", "plusieurs", "certains", "certaines"})
_CUES = frozenset({"selon", "apres", ":"})  # besides speech verbs: `selon un proche`, `d'après`, `X : « … »`


# A paragraph that may hold an interview's answer (see `speakers`): `R. –`, `JEAN DUPONT. –`.
_INITIALS = speakers.ANSWER_BY_INITIALS  # `M. D. : …`, `H. V.-K. – …`
_QUESTION_LIKE = re.compile(r"(?:Q|Question)\s*[.:–—-]\s|[A-ZÀ-Þ][A-ZÀ-Þ'’ -]+\.\s*[–—-]\s")  # LE FIGARO. –
_CLOSING = re.compile(r"(?:Propos recueillis|Cet entretien|Entretien réalisé|Interview réalisée)")
_ANSWER_LIKE = re.compile(r"(?:R|Réponse)\s*[.:–—-]\s|[A-ZÀ-Þ][A-ZÀ-Þ'’ -]+\.\s*[–—-]\s")
_ANSWER_START = re.compile(f"{_ANSWER_LIKE.pattern}|{_INITIALS.pattern}")  # either, at a paragraph's start


@dataclass(frozen=True)
class Quote:
    """A direct quotation: who said it (None: anonymous or an organisation), its words, and
    where they are in the article's clean text (`Article.text[start:end] == text`)."""

    speaker: str | None
    text: str
    start: int
    end: int
    kind: str = KIND_DIRECT

    def to_record(self) -> dict:
        return dict(speaker=self.speaker, text=self.text, start=self.start, end=self.end, kind=self.kind)


def find_quotes(
    attribution: Attribution, paragraphs: tuple[str, ...], titled: bool, author: str | None = None
) -> tuple[Quote, ...]:
    """The quotations of an article's `paragraphs`, in order; `attribution` is the article's
    (of its title, when `titled`, then of its paragraphs); the byline `author` speaks none."""
    byline = ascii_lower(author or "")
    by_text: dict[int, list[_Placed]] = {}
    for index, (sentence, said, mentioned) in enumerate(
        zip(attribution.sentences, attribution.said, attribution.mentioned)
    ):
        by_text.setdefault(sentence.paragraph, []).append(_Placed(sentence, index, [p for p, _ in said], mentioned))
    found: list[Quote] = []
    offset = 0
    last: tuple[str | None] | None = None  # (speaker,) of the previous paragraph's last quotation
    interviewee: str | None = None  # once an interview's first answer is seen
    lead = ""  # the previous paragraph
    dialogue = _dialogue(paragraphs) if not attribution.answers else set()
    turns: list[Person | None] = []  # in the dialogue going on, who says each line
    opening: Person | None = None  # who the text above that dialogue is about
    for number, paragraph in enumerate(paragraphs):
        text_number = number + titled
        answer = _initialled(paragraph, attribution.people) or attribution.answers.get(text_number)
        if answer is not None:
            interviewee = answer[0].name
        if number not in dialogue:
            turns = []
        if answer is not None or (interviewee and _answers_on(paragraph)):
            quotes = [_quote(interviewee, paragraph, answer[1] if answer else 0, len(paragraph), offset)]
        elif number in dialogue:
            if not turns:  # the dialogue's first line: who the text above is about may answer
                earlier = [p for n in _above(paragraphs, number) for p in by_text.get(n + titled, [])]
                opening = _about(earlier, attribution)
            quotes = [_line(paragraph, by_text.get(text_number, []), opening, turns, offset)]
        elif text_number in by_text and any(_shape(paragraph, *span, lead) for span in _spans(paragraph)):
            placed = _placed(paragraph, by_text.get(text_number, []))
            following = (
                _placed(paragraphs[number + 1], by_text.get(text_number + 1, []))[:1]
                if number + 1 < len(paragraphs)
                else []
            )
            earlier = [p for n in _above(paragraphs, number) for p in by_text.get(n + titled, [])]
            quotes = _paragraph_quotes(paragraph, placed, following, earlier, attribution, offset, last, lead)
        else:
            quotes = []
        kept = [q for q in quotes if q is not None and q.text]
        found += [q if q.speaker is None or ascii_lower(q.speaker) != byline else _anonymous(q) for q in kept]
        if kept:
            last = (kept[-1].speaker,)
        elif paragraph.strip():
            last = None
        offset += len(paragraph) + 2  # paragraphs are joined by a blank line
        lead = paragraph
    return tuple(found)


def scope(title: str | None, paragraphs: tuple[str, ...]) -> tuple[str, ...] | None:
    """The paragraphs whose attributions the quotations need, the others blanked (so that the
    numbers and offsets stay): the first, and around each that may hold a quotation (quoted
    text that is not a name nor a legal wording, an interview's answer) those before it that
    its pronouns may refer to (`_above`) and the one after it when it signs it (`— X`). None
    when none may, or when no speech verb is near any quoted text (an
    agreement citing its own articles). For a source whose speakers are given, where the
    attributions are computed for the quotations only: a long text quoting once is not
    analysed whole, a legal text not at all; an interview without marks (`speakers.bare_questions`)
    is kept whole."""
    if speakers.bare_questions(((title,) if title else ()) + paragraphs):
        return paragraphs
    text = "\n".join(paragraphs)
    dashed = set()
    if "– " in text or "— " in text:
        dashed = set(speakers.dashed_answers(paragraphs)) | _dialogue(paragraphs)
    starts = list(map(_ANSWER_START.match, paragraphs))
    if not _MARK.search(text) and not dashed and not any(starts):
        return None
    wanted, spoken = set(), False
    for number, paragraph in enumerate(paragraphs):
        answer = starts[number] is not None or number in dashed
        if not answer and not _MARK.search(paragraph):
            continue
        lead = paragraphs[number - 1] if number else ""
        shapes = [(span, _shape(paragraph, *span, lead)) for span in _spans(paragraph)]
        spans = [span for span, shape in shapes if shape]
        if spans and not answer and all(shape != "full" for _, shape in shapes):  # fragments: someone must say them
            texts = [paragraph, *(paragraphs[n] for n in _above(paragraphs, number))]
            spans = spans if any(map(_names_someone, texts)) else []
        if answer or spans:
            signed = number + 1 < len(paragraphs) and paragraphs[number + 1][:1] in _DASHES  # `— X`
            wanted |= {number, *_above(paragraphs, number), *([number + 1] if signed else [])}
            spoken = (
                spoken or answer or _speaks(paragraph, spans) or (number > 0 and _speaks(paragraphs[number - 1], []))
            )
    if not spoken:
        return None
    return tuple(paragraph if number in wanted or not number else "" for number, paragraph in enumerate(paragraphs))


def _above(paragraphs: tuple[str, ...], number: int) -> list[int]:
    """The paragraphs before paragraph `number` that its pronouns may refer to: the one before,
    and the one before that when it is a heading (no final punctuation)."""
    before = [n for n in (number - 1, number - 2) if n >= 0]
    if before and paragraphs[before[0]].rstrip(_SPACE + '»”"').rstrip(_SPACE)[-1:] in _FINAL:
        before = before[:1]
    return before[::-1]


def _names_someone(text: str) -> bool:
    """Whether a text may name a person (a capitalised word that may be a name's, not a
    sentence's first; `M. X`): cheaply, for `scope`."""
    return bool(_CIVILITY.search(text)) or any(map(names.name_like, _CAPITALISED.findall(text)))


def _speaks(paragraph: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a paragraph has a speech verb outside its quotations `spans` (a cheap `_cued`)."""
    verbs, at, outside = gazetteers.speech_verbs(), 0, []
    for start, end in spans:
        outside.append(paragraph[at:start])
        at = end
    outside.append(paragraph[at:])
    return any(ascii_lower(word) in verbs or word == "selon" for word in _WORD.findall(" ".join(outside)))


def located(given: list[dict], paragraphs: tuple[str, ...]) -> tuple[Quote, ...] | None:
    """A source's own quotations (`{"speaker", "text"}`, validated by `corpus`), placed in the
    clean text, each after the previous one when it occurs again; None if one is not in it."""
    text = "\n\n".join(paragraphs)
    found = []
    after = 0
    for item in given:
        words = " ".join(item["text"].split())
        start = text.find(words, after)
        if start < 0:
            start = text.find(words)
        if start < 0:
            return None
        after = start + len(words)
        found.append(Quote(item.get("speaker"), words, start, after))
    return tuple(found)


@dataclass
class _Placed:
    """A sentence of a paragraph with its characters, who speaks in it, who it names, and the
    speaker of its last quotation once found."""

    sentence: Sentence
    index: int  # in the attribution's sentences
    said: list[Person]
    mentioned: list[tuple[int, Person]]  # (token, person), subjects first
    start: int = 0
    end: int = 0
    first_token: int = 0  # of the paragraph's tokens
    speaker: Person | None = None

    @property
    def subject(self) -> Person | None:
        """The first person the sentence names, a subject rather than an object."""
        return self.mentioned[0][1] if self.mentioned else None

    def named_after(self, char: int, tokens: tuple[tuple[int, int], ...]) -> tuple[int, Person] | None:
        """The first person named after character `char` of the paragraph (`« … », a déclaré X`),
        with the character where the name starts."""
        after = [(tokens[self.first_token + at][0], p) for at, p in self.mentioned]
        return min(((at, p) for at, p in after if at >= char), key=lambda item: item[0], default=None)


def _placed(paragraph: str, sentences: list[_Placed]) -> list[_Placed]:
    """The sentences of a paragraph, placed (their character spans set)."""
    tokens = token_spans(paragraph)
    at = 0
    for placed in sentences:
        first, at = at, at + len(placed.sentence.tokens)
        placed.start, placed.end, placed.first_token = tokens[first][0], tokens[at - 1][1], first
    return sentences


def _paragraph_quotes(
    paragraph: str,
    placed: list[_Placed],
    following: list[_Placed],
    earlier: list[_Placed],
    attribution: Attribution,
    offset: int,
    last: tuple[str | None] | None,
    lead: str,
) -> list[Quote | None]:
    """The quotations of one paragraph, given its placed sentences, the first sentence of the
    next text, the sentences of the texts before (`_above`), the people the article names, and the speaker
    of the previous paragraph's last quotation (see the module's docstring for the order of the
    rules)."""
    quotes: list[Quote | None] = []
    tokens = token_spans(paragraph) if placed else ()
    for start, end in _spans(paragraph):
        shape = _shape(paragraph, start, end, lead)
        if shape is None or not placed:
            continue
        index = next((i for i, p in enumerate(placed) if start < p.end), len(placed) - 1)
        here, before = placed[index], placed[:index]
        parts, incise = _parts(paragraph, start, end)
        introduced = paragraph[max(0, start - 9) : start - 1].rstrip(_SPACE).endswith(":")
        named = here.named_after(end, tokens)
        if named is not None and _anonymous_incise(paragraph[end : named[0]].rstrip(_SPACE + ",")):
            named = None  # `« … », assure un proche de X`: X is not the one who speaks
        person = _attributed(here, before, earlier, incise, attribution, named and named[1], introduced)
        if person is None and (_definite_incise(here.sentence) or _DEFINITE.search(incise)):
            person = _named_next(placed[index + 1 :])  # `« … », a expliqué le président. X, qui…`
        speaker = person.name if person is not None else None
        if person is None and _anonymous_incise(incise):
            pass  # `« A, glisse un dirigeant. B »`: someone unnamed's
        elif person is None:
            if shape == "short":
                continue  # a scare quote, a term: nobody's words
            text = paragraph.rstrip(_SPACE)
            going_on = end >= len(text) and not text.endswith(tuple(_CLOSERS))  # over the next paragraphs
            above = _about(earlier, attribution) if going_on or lead.rstrip(_SPACE).endswith(":") else None
            person, speaker, keep = _unattributed(here, before, placed[index + 1 :] + following, quotes, last, above)
            if not keep:
                continue  # no one says it: a mention, a name, a legal text's wording
        here.speaker = person
        for part_start, part_end in parts:
            quotes.append(_quote(speaker, paragraph, part_start, part_end, offset))
    return quotes


def _attributed(
    here: _Placed,
    before: list[_Placed],
    above: list[_Placed],
    incise: str,
    attribution: Attribution,
    named: Person | None,
    introduced: bool,
) -> Person | None:
    """Who the quotation's sentence gives it to (`named`: the first person it names after the
    quotation; `above`: the sentences of the texts before; `introduced`: by a colon): a
    pronoun's antecedent in the paragraph (`X… « … », a-t-il ajouté`), above it (`_role_led`)
    or the referent of the sentence before (`_referent`); the subject, or the pronoun's
    antecedent, for `selon lui`; the person the paragraph's previous sentence is about when a
    definite role speaks (`X a défendu… « … », a déclaré le président`) and no name follows;
    the sentence's own attribution; the name, pronoun or role in an incise inside the quotation;
    after a colon, the sentence's subject or referent, or the earlier speaker when it only goes
    on (`Puis, en riant : « … »`); the name after the quotation; or (`« … », a précisé le
    ministre`) the paragraph's earlier speaker."""
    pronoun = _pronoun_subject(here.sentence)
    antecedent = _antecedent(before, pronoun) if pronoun else None
    if pronoun and antecedent is None and _role_led(before, pronoun):
        antecedent = _antecedent(above, pronoun)
    if pronoun and antecedent is None and before:
        antecedent = _referent(before[-1], attribution, pronoun)  # `Face au juge, l'ancien maire a… « … », a-t-il dit`
    if antecedent is not None:
        return antecedent
    subject = here.subject
    if _says_self(here.sentence):  # `X a défendu la décision, qui démontre selon lui « … »`, `Selon elle, « … »`
        person = subject or _referent(here, attribution)
        if person is not None:
            return person
    previous = before[-1].subject if before else None
    if previous is not None and named is None and _definite_incise(here.sentence):
        return previous
    if here.said:
        return here.said[0]
    if incise:
        words = ascii_lower(incise)
        person = next((p for p in attribution.people if re.search(rf"\b{re.escape(p.surname)}\b", words)), None)
        return person or _incise_referent(incise, here, before, above, attribution)
    if introduced and named is None:  # `X a publié ces mots : « … »`, `Le syndicaliste réclame : « … »`
        going_on = next((p.speaker for p in reversed(before) if p.speaker), None) if _goes_on(here.sentence) else None
        person = subject or _referent(here, attribution) or going_on
        if person is not None:
            return person
    if named is None and _cued(here.sentence):
        person = _lead_referent(here, before, attribution)
        if person is not None:
            return person
    if named is not None and _cued(here.sentence):
        return named
    speakers = [p.speaker or (p.said[0] if p.said else None) for p in before]
    earlier = [person for person in speakers if person is not None]
    if earlier and _cued(here.sentence) and _definite_incise(here.sentence):
        return earlier[-1]
    return None


def _unattributed(
    here: _Placed, before: list[_Placed], after: list[_Placed], quotes: list, last, above: Person | None
) -> tuple[Person | None, str | None, bool]:
    """The speaker (person when known, name) of a quotation that its sentence attributes to no
    one, and whether it is kept (see the module's docstring): without a speech cue, the
    paragraph's previous quotation's, the person the sentence before is about, the previous
    paragraph's last quotation's; then the `— X` after it; for a quotation opening its
    paragraph, the person the text above is about (`above`: `Elle raconte :` / `« … »`); kept
    when it has a speech cue. After a sentence about someone unnamed (`Un voisin…`), nobody's,
    and kept."""
    if before and not before[-1].mentioned and speakers.anonymous_lead(before[-1].sentence):
        return None, None, True  # `Un voisin… est plus remonté. « … »`: his, unnamed
    if not _cued(here.sentence):
        opens = _opens(here.sentence)
        if quotes:
            previous = quotes[-1].speaker if quotes[-1] else None
            return next((p.speaker for p in reversed(before) if p.speaker), None), previous, True
        if opens and before and before[-1].subject is not None:
            return before[-1].subject, before[-1].subject.name, True
        if opens and last is not None:
            return None, last[0], True
    signed = after[0].said[:1] if after and after[0].sentence.tokens[:1] in [(d,) for d in _DASHES] else []
    if signed:
        return signed[0], signed[0].name, True
    if above is not None and not before and not _cued(here.sentence) and _opens(here.sentence):
        return above, above.name, True
    return None, None, _cued(here.sentence)


def _about(above: list[_Placed], attribution: Attribution) -> Person | None:
    """The person the last sentence of the texts above is about: who it quotes, its subject, or
    the referent of its pronoun or role; none after someone unnamed (`Un voisin…`)."""
    if not above or (not above[-1].mentioned and speakers.anonymous_lead(above[-1].sentence)):
        return None
    return above[-1].speaker or above[-1].subject or _referent(above[-1], attribution)


def _parts(paragraph: str, start: int, end: int) -> tuple[list[tuple[int, int]], str]:
    """A quotation around its own attribution (`« A, a dénoncé X, et B »`, `« A, a déclaré le
    directeur de la NASA, X. B »`) in its two parts, and that attribution ("" when none): from a
    comma before a speech verb to the end of its sentence or a comma before a lower-case word."""
    verbs = gazetteers.speech_verbs()
    for match in _INCISE.finditer(paragraph, start, end):
        words = [ascii_lower(w) for w in _WORD.findall(match.group(1))]
        if not any(w in verbs or w.split("-")[0] in verbs or w.endswith(_INVERTED) for w in words):
            continue  # `, a dénoncé`, `, dit-il`, `, a-t-elle martelé`
        close = _INCISE_END.search(paragraph, match.end(), end)
        stop = close.start() if close else end
        incise = paragraph[match.end(1) - len(match.group(1)) : stop]
        named = (
            any(w[0].isupper() for w in _WORD.findall(incise))
            or words[-1].endswith(("-il", "-elle"))
            or bool(_DEFINITE.search(incise, len(match.group(1))))
            or _anonymous_incise(incise)
        )
        if named and stop < end:
            return [(start, match.start()), (close.end() if close else end, end)], incise
    return [(start, end)], ""


def _cued(sentence: Sentence) -> bool:
    """Whether a sentence says that someone speaks, without naming them: a speech verb (also
    in several words, `fait savoir`), `selon`, `d'après`, a colon."""
    verbs = gazetteers.speech_verbs()
    words = [word for word, quoted in zip(sentence.folded, sentence.quoted) if not quoted]
    pairs = (" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    inverted = (word.split("-")[0] for word in words if word.endswith(_INVERTED))  # `peste-t-il`
    return (
        any(word in _CUES or word in verbs for word in words)
        or any(pair in verbs for pair in pairs)
        or any(verb in verbs for verb in inverted)
    )


def _pronoun_subject(sentence: Sentence) -> str | None:
    """The gender ("m", "f") of the pronoun a sentence gives its words to (`dit-elle`, `a-t-il
    ajouté`, `Elle dit avoir…`, `« … » Il dit vouloir…`), if it does."""
    for token, word, quoted in zip(sentence.tokens, sentence.folded, sentence.quoted):
        if not quoted and (token in ("Il", "Elle") or word.endswith(("-il", "-elle"))):
            return "m" if word.endswith("il") else "f"
    return None


def _says_self(sentence: Sentence) -> bool:
    """`selon lui`, `selon elle`: the sentence's subject speaks."""
    pairs = zip(sentence.folded, sentence.folded[1:])
    return any(a == "selon" and b in ("lui", "elle") for a, b in pairs)


def _opens(sentence: Sentence) -> bool:
    """Whether the sentence starts with its quotation (after a dash, perhaps)."""
    tokens = sentence.tokens[1:] if sentence.tokens[:1] and sentence.tokens[0] in _DASHES else sentence.tokens
    return bool(tokens) and tokens[0] in ("«", "“", '"')


def _antecedent(before: list[_Placed], gender: str) -> Person | None:
    """Who a pronoun stands for: the nearest earlier sentence of the paragraph that quotes,
    gives words to or names someone of that gender (or of unknown gender)."""
    for placed in reversed(before):
        for person in [placed.speaker, placed.subject, *placed.said]:
            if person is not None and person.gender in (None, gender):
                return person
        if not placed.mentioned and speakers.anonymous_lead(placed.sentence):
            return None  # `Un voisin… est plus remonté. « … », peste-t-il`
    return None


def _referent(
    placed: _Placed, attribution: Attribution, gender: str | None = None, at: tuple[int, ...] | None = None
) -> Person | None:
    """Whom a sentence is about when its subject is not a name: the antecedent of its pronoun
    (`elle a tenu à…`, `Lui préfère…`, `Selon elle,`) or the person its definite role stands for
    (`Le syndicaliste réclame…`, `l'ancien maire a balayé…`), as the cast finds them in the
    sentences before; of `gender` when given. Only the words before its first quotation count,
    and only those `at` these tokens when given."""
    s = placed.sentence
    for j, folded in enumerate(s.folded):
        if s.quoted[j]:
            return None
        if at is not None and j not in at:
            continue
        found = None
        if folded in _SUBJECT_PRONOUNS and gender in (None, _SUBJECT_PRONOUNS[folded]):
            found = attribution.cast.antecedent(placed.index, j, _SUBJECT_PRONOUNS[folded])
        elif folded in roles.DETERMINERS and (role := roles.role_at(s, j)) is not None:
            if not role.definite or role.noun == roles.NATIONALITY or gender not in (None, role.gender):
                return None
            cast = attribution.cast
            found = cast.by_role(role) or cast.antecedent(placed.index, j, role.gender, role)
        if found is not None or folded in _SUBJECT_PRONOUNS:
            return found
    return None


def _lead_referent(here: _Placed, before: list[_Placed], attribution: Attribution) -> Person | None:
    """Whom a quoting sentence is about when it opens with a pronoun or a definite role, perhaps
    after a phrase set off by a comma, and neither names anyone else nor gives a source (`selon`)
    before its quotation: `Le gardien de 22 ans, formé au club, a évoqué « … »`, `Interrogée…,
    elle avance « … »`. After sentences of its paragraph that name no one, a pronoun stands for
    what they are about (`La Cour des comptes… Dans un rapport, elle jugeait…`), unless they are
    led by a definite role of its gender."""
    s = here.sentence
    lead = s.quoted.index(True) if True in s.quoted else len(s.tokens)
    if any(t[:1].isupper() for t in s.tokens[1:lead]) or "selon" in s.folded[:lead]:
        return None
    opening = _opening(s)
    gender = _SUBJECT_PRONOUNS.get(s.folded[opening]) if opening < lead else None
    if gender and before and not any(p.mentioned for p in before) and not _role_led(before, gender):
        return None
    return _referent(here, attribution, at=(0, opening))


def _named_next(after: list[_Placed]) -> Person | None:
    """The person the paragraph's next sentence opens with, as its subject (`X, qui dirige le
    groupe, assure…`): the one a definite role just before it describes, when nobody else is."""
    if after and after[0].mentioned and after[0].mentioned[0][0] == 0:
        return after[0].mentioned[0][1]
    return None


def _opening(s: Sentence) -> int:
    """Where a sentence's clause starts after a first phrase set off by a comma before its first
    quotation (`Face au tribunal, l'ancien maire…`: the `l'`), else 0."""
    lead = s.quoted.index(True) if True in s.quoted else len(s.tokens)
    return s.tokens.index(",", 0, lead) + 1 if "," in s.tokens[:lead] else 0


def _incise_referent(
    incise: str, here: _Placed, before: list[_Placed], above: list[_Placed], attribution: Attribution
) -> Person | None:
    """Whom an incise that names no one gives the quotation to: its pronoun's antecedent (`« A,
    nous a-t-elle assuré. B »`) or the person of its definite role (`« A, résume l'urgentiste. B »`),
    else (the role only describes someone already there) the nearest person the paragraph's
    sentences before quote or are about, or the last one quoted in the texts `above`, of a gender
    the role admits."""
    words = split([incise])[0] if incise.strip() else None
    if words is None:
        return None
    cast = attribution.cast
    for j, folded in enumerate(words.folded):
        if folded.endswith(_INVERTED):
            gender = "f" if folded.endswith(("-elle", "-elles")) else "m"
            led = _referent(before[-1], attribution, gender, at=(0, _opening(before[-1].sentence))) if before else None
            return _antecedent(before, gender) or led or cast.antecedent(here.index, 0, gender)
        if folded in roles.DETERMINERS and (role := roles.role_at(words, j)) is not None:
            if not role.definite:
                return None
            near = [p.speaker or p.subject for p in reversed(before)] + [p.speaker for p in reversed(above)]
            there = (p for p in near if p is not None and (role.gender is None or p.gender in (None, role.gender)))
            return cast.by_role(role) or cast.antecedent(here.index, 0, role.gender, role) or next(there, None)
    return None


def _anonymous_incise(incise: str) -> bool:
    """Whether an incise gives the quotation to someone unnamed (`glisse un dirigeant`, `a déclaré
    à Reuters un responsable de l'armée`), not named before (`a dit X à un journaliste`) nor after
    (`a indiqué une porte-parole, Marie Dubois`)."""
    words = _WORD.findall(incise)
    folded = list(map(ascii_lower, words))
    first = next((n for n, word in enumerate(folded) if word in _INDEFINITE), None)
    if first is None or _APPOSED_NAME.search(incise, incise.find(words[first])):
        return False
    placed = False  # in a name after a preposition: `à France Info`
    for n, word in enumerate(words[:first]):
        placed = word[0].isupper() and (placed or (n > 0 and folded[n - 1] in _BEFORE_PLACES))
        if word[0].isupper() and not placed:
            return False
    return True


def _goes_on(sentence: Sentence) -> bool:
    """Whether a sentence introducing its quotation by a colon only says that the speaker goes on
    (`Puis, après un silence : « … »`, `Et d'ajouter, dans un souffle : « … »`): a few words
    after a connector, naming no one."""
    lead = sentence.folded[: sentence.quoted.index(True)] if True in sentence.quoted else sentence.folded
    return (
        len(lead) <= 8
        and lead[:1] in [(word,) for word in _CONNECTORS]
        and not any(t[0].isupper() for t in sentence.tokens[1 : len(lead)])
        and not any(a == "," and b in ("un", "une", "des") for a, b in pairwise(lead))
    )


def _role_led(before: list[_Placed], gender: str) -> bool:
    """Whether a pronoun may stand for someone of the paragraphs before: its paragraph opens with
    it, or the sentence before it is led by a definite role of that gender (`La magistrate a…`)."""
    if not before:
        return True
    role = roles.role_at(before[-1].sentence, 0) if before[-1].sentence.tokens else None
    return role is not None and role.definite and role.noun != roles.NATIONALITY and role.gender in (None, gender)


def _definite_incise(sentence: Sentence) -> bool:
    """Whether a quotation's incise names a definite someone (`», a précisé le ministre`), not an
    anonymous source (`», a indiqué un responsable`)."""
    for i, token in enumerate(sentence.tokens):
        if token in _CLOSERS | {'"'} and sentence.tokens[i + 1 : i + 2] == (",",):
            words = sentence.folded[i + 2 : i + 7]
            return any(w in ("le", "la", "l'", "celui", "celle", "ce", "cette") for w in words) and not any(
                w in _INDEFINITE for w in words
            )
    return False


def _initialled(paragraph: str, people: list[Person]) -> tuple[Person, int] | None:
    """An interview's answer under the interviewee's initials (`M. D. : …`, `Y. B. – …`): the
    person of the article with those initials, and where the answer starts."""
    match = _INITIALS.match(paragraph)
    if match is None:
        return None
    initials = [letter for letter in match.group(1) if letter.isalpha()]
    for person in people:
        words = [w for w in re.split(r"[\s-]+", person.name) if w[:1].isupper()]
        if [w[0] for w in words] == initials:
            return person, match.end()
    return None


def _dialogue(paragraphs: tuple[str, ...]) -> set[int]:
    """The lines of dialogues in dashes (`— Pourquoi… ? a demandé le président X.` / `— Je ne sais
    pas.`): runs of two dash-led paragraphs or more, one of them at least a question."""
    lines: set[int] = set()
    run: list[int] = []
    for number, paragraph in enumerate((*paragraphs, "")):
        if paragraph[:2] in ("— ", "– ") and len(paragraph.split()) > 2:
            run.append(number)
            continue
        if len(run) >= 2 and any("?" in paragraphs[n] for n in run):
            lines.update(run)
        run = []
    return lines


def _line(
    paragraph: str, sentences: list[_Placed], opening: Person | None, said: list[Person | None], offset: int
) -> Quote | None:
    """A line of a dialogue in dashes, up to its attribution (`? a demandé X.`, `, répond-il.`):
    the person its attribution names, else the one of the line before the last (speakers take
    turns), the first answer being the person the text above the dialogue is about (`opening`);
    appended to `said`."""
    verbs = gazetteers.speech_verbs()
    end = len(paragraph)
    own = None
    for match in _LINE_TAIL.finditer(paragraph):
        words = [ascii_lower(w) for w in _WORD.findall(match.group(2))]
        if any(w in verbs or w.split("-")[0] in verbs for w in words):
            end = match.start() + (match.group(1) in "?!…")
            named = [person for placed in sentences for person in placed.said] or [
                person for placed in sentences for _, person in placed.mentioned
            ]
            own = named[-1] if named else None
            break
    if own is None and len(said) >= 2:
        own = said[-2]
    elif own is None and len(said) == 1:
        own = opening if opening is not said[0] else None
    said.append(own)
    return _quote(own.name if own else None, paragraph, 2, end, offset)


def _answers_on(paragraph: str) -> bool:
    """Whether a paragraph of an interview, after an answer, goes on answering: not a question, a
    heading (no final punctuation) or the closing note."""
    text = paragraph.rstrip()
    return (
        bool(text)
        and text[-1] in '.!…»"”'
        and not text.endswith("?")
        and not text.startswith(("– ", "— "))  # in an interview in dashes, a question
        and not _QUESTION_LIKE.match(text)
        and not _CLOSING.match(text)
    )


def _quote(speaker: str | None, paragraph: str, start: int, end: int, offset: int) -> Quote | None:
    """The quotation of paragraph[start:end], its spaces and trailing comma trimmed."""
    while start < end and paragraph[start] in _SPACE:
        start += 1
    while end > start and paragraph[end - 1] in _SPACE:
        end -= 1
    if start >= end:
        return None
    return Quote(speaker, paragraph[start:end], offset + start, offset + end)


def _anonymous(quote: Quote) -> Quote:
    return Quote(None, quote.text, quote.start, quote.end, quote.kind)


@lru_cache(maxsize=64)  # asked by `scope`, then twice by `find_quotes`
def _spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """The inner spans of the outermost quotations of a paragraph, in order."""
    spans: list[tuple[int, int]] = []
    if "«" in paragraph or "“" in paragraph:
        stack: list[str] = []
        start = 0
        for match in _MARKS.finditer(paragraph):
            char, index = match.group(), match.start()
            if char in _PAIRS:
                if not stack:
                    start = index + 1
                stack.append(_PAIRS[char])
            elif stack and char == stack[-1]:
                stack.pop()
                if not stack:
                    spans.append((start, index))
        if stack:  # going on in the next paragraph
            spans.append((start, len(paragraph)))
    if '"' in paragraph:
        inside = list(spans)
        spans += [(a, b) for a, b in _straight(paragraph) if not any(x <= a < y for x, y in inside)]
        spans.sort()
    return tuple(spans)


def _straight(paragraph: str) -> list[tuple[int, int]]:
    """The inner spans of straight-quoted text, told apart as `sentences` does: a quote after a
    space (or an opening bracket, a colon, a dash) opens, one before a space or punctuation
    closes; an opening quote never closed (another one opens first) is ignored."""
    spans = []
    opened = None
    for match in re.finditer('"', paragraph):
        at = match.start()
        before = paragraph[at - 1] if at else " "
        after = paragraph[at + 1] if at + 1 < len(paragraph) else " "
        closes = not (before.isspace() or before in "([:—–-'’") and (after.isspace() or after in ".,;:!?)…")
        if not closes:
            opened = at + 1
        elif opened is not None:
            spans.append((opened, at))
            opened = None
    return spans


@lru_cache(maxsize=256)  # the same, asked by `scope` and `find_quotes`
def _shape(paragraph: str, start: int, end: int, lead: str = "") -> str | None:
    """What quoted text may be: "full" (long enough, or a whole utterance), "short" (someone's
    words only when attributed), or None (a name, a title, a legal wording); `lead`: the
    previous paragraph, whose end introduces a quotation opening this one."""
    before = paragraph[max(0, start - 81) : start - 1].rstrip(_SPACE)  # its last words are enough
    if not before.strip() and not paragraph[: max(0, start - 81)].strip():
        before = lead[-80:].rstrip()
    words = _WORD.findall(paragraph, start, min(end, start + 120))  # enough to count MIN_WORDS
    if not words:
        return None
    introduced = before.endswith(":")
    clause = _CLAUSE_END.split(before[-40:])[-1]  # not the words of the sentence before
    previous = [ascii_lower(w) for w in _WORD.findall(clause)][-3:]
    wording = any(w.rsplit("'", 1)[-1] in _WORDING for w in previous)  # `l'article 3 « … »`
    named = [*previous[-2:], previous[-1].rsplit("'", 1)[-1]] if previous else []  # `l'opération « … »`
    if wording or (not introduced and any(w in _NAMING for w in named)):
        return None
    if len(words) >= MIN_WORDS:
        return "full"
    whole = words[0][0].isupper() or paragraph[start:end].lstrip(_SPACE)[:1] in "…."
    return "full" if whole and (introduced or _said_after(paragraph, end)) else "short"


def _said_after(paragraph: str, end: int) -> bool:
    """Whether quoted text ending at `end` is followed by its attribution: a speech verb or an
    inverted pronoun in the next words (`», a répondu X`, `», dit-elle`, `» lance-t-il`)."""
    verbs = gazetteers.speech_verbs()
    words = [ascii_lower(w) for w in _WORD.findall(paragraph, end + 1, end + 40)][:3]
    return any(w in verbs or w.split("-")[0] in verbs or w.endswith(_INVERTED) for w in words)
