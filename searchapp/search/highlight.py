"""Mark query terms in article text: sentence-aligned snippets and whole paragraphs.

Matching gives the text's words the same index terms as indexing does
(`analysis.term_spans`), so the original words are marked (`ingérence` for
the query `ingerences`). Output is `Markup`: the text is escaped and only
`<mark>` is added. Inside, the escaped pieces are joined as plain strings
and made `Markup` once, as `Markup` operations escape their operands again.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Collection

from markupsafe import Markup, escape

from ..analysis.spans import term_spans

SNIPPET_CHARS = 260
MIN_SENTENCE = 40  # shorter lines are mostly headings ("Conditions à remplir")
ELLIPSIS = "…"
# A sentence: from a non-space to the first run of .!?… (and closing quotes or brackets) followed by
# a space, or to the end of the line. Where Python has possessive quantifiers (3.11), the same
# matches are found twice as fast by a possessive form.
SENTENCE = r"\S[^\n]*?(?:[.!?…]+[\"»”’)]*(?=\s)|$)"
POSSESSIVE_SENTENCE = r"\S(?:[^\n.!?…]++|[.!?…]++[\"»”’)]*+(?!\s))*+(?:[.!?…]++[\"»”’)]*+(?=\s)|$)"
_SENTENCE = re.compile(POSSESSIVE_SENTENCE if sys.version_info >= (3, 11) else SENTENCE, re.MULTILINE)


def matches(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word of `text` whose index term is in `terms`."""
    return term_spans(text, terms)


def highlight(text: str, terms: Collection[str]) -> Markup:
    """The whole `text`, escaped, with matching words in `<mark>`."""
    return Markup(_render(text, 0, len(text), matches(text, terms)))


def snippet(text: str, terms: Collection[str], size: int = SNIPPET_CHARS) -> Markup:
    """About `size` characters of whole sentences, the best-matching ones first.

    With matches, only sentences with matches can be chosen: only the lines holding
    matches are split into sentences.
    """
    spans = matches(text, terms)
    sentences = [
        (m.start(), m.end()) for start, end in _lines(text, spans) for m in _SENTENCE.finditer(text, start, end)
    ]
    if not sentences:
        return Markup("")

    starts = [s[0] for s in spans]

    def score(sentence):
        """Distinct query terms, then real sentences before short headings, then matches."""
        inside = spans[bisect_left(starts, sentence[0]) : bisect_left(starts, sentence[1])]
        return len({s[2] for s in inside}), sentence[1] - sentence[0] >= MIN_SENTENCE, len(inside)

    scores = {sentence: score(sentence) for sentence in sentences} if spans else {}
    ranked = sorted(sentences, key=scores.__getitem__, reverse=True) if spans else sentences
    chosen: list[tuple[int, int]] = []
    used = 0
    for start, end in ranked:
        if chosen and (used + end - start > size or (spans and scores[start, end][0] == 0)):
            continue
        chosen.append((start, end))
        used += end - start
        if used >= size:
            break
    return Markup(f" {ELLIPSIS} ".join(_crop(text, start, end, spans, size) for start, end in sorted(chosen)))


def _lines(text: str, spans) -> list[tuple[int, int]]:
    """(start, end) of the lines holding `spans`; the whole text without spans."""
    if not spans:
        return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    for start, _, _ in spans:
        if not lines or start >= lines[-1][1]:
            end = text.find("\n", start)
            lines.append((text.rfind("\n", 0, start) + 1, len(text) if end < 0 else end))
    return lines


def _crop(text: str, start: int, end: int, spans, size: int) -> str:
    """One sentence, escaped and marked, cut around its first match at word boundaries if too long."""
    cut_before = cut_after = False
    if end - start > size:
        first = next((s[0] for s in spans if start <= s[0] < end), start)
        window_start = max(start, first - size // 3)
        if window_start > start:
            window_start = text.find(" ", window_start, first) + 1 or window_start
            cut_before = window_start > start
            start = window_start
        window_end = text.rfind(" ", start, start + size)
        if window_end > start:
            end, cut_after = window_end, True
    inside = [s for s in spans if start <= s[0] and s[1] <= end]
    return "".join((ELLIPSIS if cut_before else "", _render(text, start, end, inside), ELLIPSIS if cut_after else ""))


def _render(text: str, start: int, end: int, spans) -> str:
    """`text[start:end]` escaped, with the `spans` in `<mark>` (a plain string)."""
    parts: list[str] = []
    position = start
    for span_start, span_end, _ in spans:
        if span_start < position:
            continue
        parts += (escape(text[position:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    return "".join(parts)
