"""Quotations: every direct quotation of an article, its speaker and its place in the clean text.

A quotation is the text between « », “ ” or straight quotes (the outermost pair;
an opening « never closed runs to the end of its paragraph, as a quotation
going on over several paragraphs does), or an interview's answer (under the
interviewee's name in capitals or `R.`, and the unmarked paragraphs answering a
question after it). Quoted text is not a quotation when it is short (three words
or fewer, a scare quote) unless it is a whole utterance introduced by a colon or
followed by its attribution (`« Non », a-t-il répondu`); when a noun before it
names a work, an operation or a phrase (`le film « … »`, `l'opération « … »`,
`les mots « … »`, `est ainsi rédigé : « … »`); or when nothing in its sentence says
that anyone speaks (no speech verb, `selon`, colon) and it is shorter than eight words.

The speaker is the person the attribution machinery of `speakers` finds in the
quotation's sentence (`« … », a déclaré X`, `X : « … »`, `selon X`). A sentence
with a quotation but no attribution takes, in this order: the speaker of an earlier
sentence of its paragraph when it says `dit-elle`, `a-t-il ajouté`, `Elle dit` (this one
wins over the sentence's own attribution of the pronoun); when it has no
speech cue of its own, the speaker of the paragraph's previous quotation, or of the
previous paragraph's last one when it opens with its quotation; the `— X` of the
sentence after it. A quotation split by its attribution (`« A », a dit X, « B »`,
`« A, a dit X, B »`) gives two parts with the same speaker. No speaker (None): an
anonymous source, an organisation, or nobody found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteers
from .gazetteers import ascii_lower
from .sentences import Sentence, token_spans
from .speakers import Attribution

KIND_DIRECT = "direct"
MIN_WORDS = 4  # shorter quoted text is a quotation only when it is a whole utterance
LONG = 8  # longer quoted text is a quotation even where nothing says who speaks
_PAIRS = {"«": "»", "“": "”"}
_CLOSERS = frozenset("»”")
_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[:—–-]))"(?=\S)(.+?)(?<=\S)"(?=[\s.,;:!?)\]…]|$)')
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SPACE = " \u00a0\u202f\t"
# Nouns (and participles) before quoted text that make it a name or a phrase, not someone's words.
_NAMING = frozenset(
    """film films livre livres roman ouvrage essai album chanson chansons titre titres serie emission pièce piece
    spectacle documentaire operation operations plan programme projet loi lois rapport exposition festival campagne
    slogan slogans hashtag podcast chapitre intitule intitulee intitules intitulees baptise baptisee baptises
    denomme denommee surnomme surnommee dite dites mots mot termes terme expression
    formule mention rubrique dossier affaire manifeste collectif association mouvement devise pancarte pancartes
    banderole banderoles panneau motion texte article amendement dispositif label marque""".split()
)
# Words before a colon that introduce a legal text's wording, not someone's words.
_WORDING = frozenset(
    "redige redigee rediges redigees libelle libellee suit suivant suivante suivants suivantes insere inseree "
    "inseres inserees complete completee completes remplace remplacee remplaces remplacees modifie modifiee".split()
)
_DASHES = frozenset({"—", "–", "-"})
_INCISE = re.compile(r",\s+((?:[^\W\d_]+(?:['’-][^\W\d_]+)*\.?\s+){0,6}?[^\W\d_]+(?:-[^\W\d_]+)*)\s*,\s+")
_CUES = frozenset({"selon", "apres", ":"})  # besides speech verbs: `selon un proche`, `d'après`, `X : « … »`


# A paragraph that may hold an interview's answer (see `speakers`): `R. –`, `JEAN DUPONT. –`.
_ANSWER_LIKE = re.compile(r"(?:R|Réponse)\s*[.:–—-]\s|[A-ZÀ-Þ][A-ZÀ-Þ'’ -]+\.\s*[–—-]\s")


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
    by_text: dict[int, list[tuple[Sentence, list]]] = {}
    for sentence, said in zip(attribution.sentences, attribution.said):
        by_text.setdefault(sentence.paragraph, []).append((sentence, [person for person, _ in said]))
    found: list[Quote] = []
    offset = 0
    last: tuple[str | None] | None = None  # (speaker,) of the previous paragraph's last quotation
    interviewee: str | None = None  # once an interview's first answer is seen
    asked = False  # the previous paragraph is a question
    for number, paragraph in enumerate(paragraphs):
        text_number = number + titled
        answer = attribution.answers.get(text_number)
        if answer is not None:
            interviewee = answer[0].name
        if answer is not None or (interviewee and asked and not paragraph.rstrip().endswith("?")):
            quotes = [_quote(interviewee, paragraph, answer[1] if answer else 0, len(paragraph), offset)]
        else:
            following = by_text.get(text_number + 1, [])[:1]
            quotes = _paragraph_quotes(paragraph, by_text.get(text_number, []), following, offset, last)
        asked = paragraph.rstrip().endswith("?")
        quotes = [q for q in quotes if q is not None and q.text]
        found += [q if q.speaker is None or ascii_lower(q.speaker) != byline else _anonymous(q) for q in quotes]
        if quotes:
            last = (quotes[-1].speaker,)
        elif paragraph.strip():
            last = None
        offset += len(paragraph) + 2  # paragraphs are joined by a blank line
    return tuple(found)


def may_quote(paragraphs: tuple[str, ...]) -> bool:
    """Whether an article may hold a quotation (quotation marks, an interview's answer), cheaply."""
    return any(
        "«" in paragraph or "“" in paragraph or '"' in paragraph or _ANSWER_LIKE.match(paragraph)
        for paragraph in paragraphs
    )


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


def _paragraph_quotes(
    paragraph: str, sentences: list, following: list, offset: int, last: tuple[str | None] | None
) -> list[Quote | None]:
    """The quotations of one paragraph, given its sentences with their speakers, the first
    sentence of the next text, and the speaker of the previous paragraph's last quotation."""
    spans = [span for span in _spans(paragraph) if _is_quotation(paragraph, *span)]
    if not spans:
        return []
    tokens = token_spans(paragraph)
    bounds = []  # (first character, last character) of each sentence, with its speakers
    at = 0
    for sentence, speakers in sentences:
        first, end = at, at + len(sentence.tokens)
        bounds.append((tokens[first][0], tokens[end - 1][1], speakers, sentence))
        at = end
    quotes: list[Quote | None] = []
    for start, end in spans:
        index = next((i for i, (_, stop, _, _) in enumerate(bounds) if start < stop), len(bounds) - 1)
        speakers = bounds[index][2] if bounds else []
        cued = bool(bounds) and _cued(bounds[index][3])
        earlier = [said[0] for _, _, said, _ in bounds[:index] if said]
        pronoun = _pronoun_subject(bounds[index][3]) if bounds else None
        if pronoun and earlier and earlier[-1].gender in (None, pronoun):
            speaker: str | None = earlier[-1].name  # `X a dit… « … », a-t-il ajouté`: X
        elif speakers:
            speaker = speakers[0].name
        elif quotes and not cued:
            speaker = quotes[-1].speaker if quotes[-1] else None
        elif bounds and _opens(bounds[index][3]) and last is not None and not cued:
            speaker = last[0]
        else:
            speaker = _signed_after(
                [s for _, _, _, s in bounds[index + 1 :]] + [s for s, _ in following], bounds, following
            )
            if speaker is None and not cued and len(_WORD.findall(paragraph, start, end)) < LONG:
                continue  # no one says it: a mention, a name, a legal text's wording
        for part_start, part_end in _parts(paragraph, start, end):
            quotes.append(_quote(speaker, paragraph, part_start, part_end, offset))
    return quotes


def _parts(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """A quotation around its own attribution (`« A, a dénoncé X, et B »`) in its two parts."""
    for match in _INCISE.finditer(paragraph, start, end):
        words = [ascii_lower(w) for w in _WORD.findall(match.group(1))]
        verbs = gazetteers.speech_verbs()
        named = any(w[0].isupper() for w in _WORD.findall(match.group(1))) or words[-1].endswith(("-il", "-elle"))
        if named and any(w in verbs or w.split("-")[0] in verbs for w in words[:3]):
            return [(start, match.start()), (match.end(), end)]
    return [(start, end)]


def _cued(sentence: Sentence) -> bool:
    """Whether a sentence says that someone speaks, without naming them: a speech verb (also
    in several words, `fait savoir`), `selon`, `d'après`, a colon."""
    verbs = gazetteers.speech_verbs()
    words = [word for word, quoted in zip(sentence.folded, sentence.quoted) if not quoted]
    pairs = (" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    return any(word in _CUES or word in verbs for word in words) or any(pair in verbs for pair in pairs)


def _pronoun_subject(sentence: Sentence) -> str | None:
    """The gender ("m", "f") of the pronoun a sentence gives its words to (`dit-elle`, `a-t-il
    ajouté`, `Elle dit avoir…`), if it does."""
    if sentence.folded[:1] in (("il",), ("elle",)):
        return "m" if sentence.folded[0] == "il" else "f"
    for word, quoted in zip(sentence.folded, sentence.quoted):
        if not quoted and word.endswith(("-il", "-elle")):
            return "m" if word.endswith("-il") else "f"
    return None


def _opens(sentence: Sentence) -> bool:
    """Whether the sentence starts with its quotation (after a dash, perhaps)."""
    tokens = sentence.tokens[1:] if sentence.tokens[:1] and sentence.tokens[0] in _DASHES else sentence.tokens
    return bool(tokens) and tokens[0] in ("«", "“", '"')


def _signed_after(after: list, bounds: list, following: list) -> str | None:
    """The speaker of a `— X` sentence right after the quotation's (in its paragraph or the next)."""
    said = [b[2] for b in bounds] + [speakers for _, speakers in following]
    if after and after[0].tokens[:1] and after[0].tokens[0] in _DASHES:
        speakers = said[len(said) - len(after)]
        return speakers[0].name if speakers else None
    return None


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


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """The inner spans of the outermost quotations of a paragraph, in order."""
    spans: list[tuple[int, int]] = []
    if "«" in paragraph or "“" in paragraph:
        stack: list[str] = []
        start = 0
        for index, char in enumerate(paragraph):
            if char in _PAIRS:
                if not stack:
                    start = index + 1
                stack.append(_PAIRS[char])
            elif char in _CLOSERS and stack:
                if char == stack[-1]:
                    stack.pop()
                    if not stack:
                        spans.append((start, index))
        if stack:  # going on in the next paragraph
            spans.append((start, len(paragraph)))
    if '"' in paragraph:
        inside = [(a, b) for a, b in spans]
        for match in _STRAIGHT.finditer(paragraph):
            if not any(a <= match.start() < b for a, b in inside):
                spans.append(match.span(1))
        spans.sort()
    return spans


def _is_quotation(paragraph: str, start: int, end: int) -> bool:
    """Whether quoted text is someone's words: long enough or a whole utterance, not a name."""
    before = paragraph[: start - 1].rstrip(_SPACE)
    words = _WORD.findall(paragraph[start:end])
    if not words:
        return False
    introduced = before.endswith(":")
    clause = re.split(r"[.!?…;»”]", before[-40:])[-1]  # not the words of the sentence before
    previous = [ascii_lower(w) for w in _WORD.findall(clause)][-2:]
    if any(w in _WORDING or (w in _NAMING and not introduced) for w in previous):
        return False
    if len(words) >= MIN_WORDS:
        return True
    after = paragraph[end + 1 : end + 4].lstrip(_SPACE)
    whole = words[0][0].isupper() or paragraph[start:end].lstrip(_SPACE)[:1] in "…."
    return whole and (introduced or after.startswith((",", "a-t", "ont", "a ", "lance", "dit")))
