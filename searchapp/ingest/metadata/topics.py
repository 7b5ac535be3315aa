"""Topics: the 1–3 subjects an article is really about, from the editable `topics.tsv`.

Each taxonomy word found scores 3 in the title, 2 in the first paragraph and 1
elsewhere. Kept: the topics scoring at least `MIN_SCORE` and at least
`MIN_SHARE` of the best score, three at most; when none reaches `MIN_SCORE`,
the best one if it scores at least 2.
"""

from __future__ import annotations

from collections import Counter

from . import Finding, gazetteers

MIN_SCORE = 4
MIN_SHARE = 0.4
MAX_TOPICS = 3
_WEIGHTS = {"title": 3, "lead": 2, "body": 1}


def find_topics(title: str | None, paragraphs: tuple[str, ...]) -> Finding:
    """The topics of an article, best first, with their scores and matched words."""
    index = gazetteers.topic_index()
    scores: Counter = Counter()
    matched: dict[str, Counter] = {}
    parts = [("title", title or "")] + [("lead" if i == 0 else "body", p) for i, p in enumerate(paragraphs)]
    for part, text in parts:
        seq = gazetteers.words(text)
        for match in index.find(seq):
            scores[match.value] += _WEIGHTS[part]
            word = " ".join(w for w, _ in seq[match.start : match.end])
            matched.setdefault(match.value, Counter())[word] += 1
    ranked = scores.most_common()
    best = ranked[0][1] if ranked else 0
    kept = [label for label, score in ranked if score >= MIN_SCORE and score >= MIN_SHARE * best][:MAX_TOPICS]
    if not kept and best >= 2:
        kept = [ranked[0][0]]
    reasons = tuple(
        f"{label} : {'retenu' if label in kept else 'écarté'}, score {score} — "
        + ", ".join(f"{word} ×{count}" for word, count in matched[label].most_common(6))
        for label, score in ranked[:6]
    )
    return Finding(tuple(kept), reasons)
