"""Score a parsed query over every document at once with numpy, exactly as Whoosh's BM25F does.

Whoosh walks a tree of matchers document by document, in Python. Here each
node of the query becomes an array of scores over all document numbers, zero
where the node does not match (a match always scores above zero: BM25's idf
is positive, and boosts must be): a term is BM25F over its posting arrays
(`postingcache`); `Or` adds its parts, `DisjunctionMax` keeps the highest, `And`
adds where all match, `AndNot` drops what its second part matches, a phrase
adds its words' scores where their positions follow each other.

The arithmetic is Whoosh's, operation for operation: the same formula with
the same parentheses, boosts applied where Whoosh's matchers apply them, the
collection statistics those of the live documents (`statistics`), and
sums taken in the order of Whoosh's matcher trees (a Huffman-like tree over
the parts' estimated sizes, or one running sum for a long `Or` on a small
index), so that every document's score is Whoosh's, to the last bit, and so
is the ranking (highest score, then lowest document number) — where Whoosh
2.7.4 itself ranks right: its top-N collection can stop early when an
`AndNot` wraps a preloaded `Or`, which `search(limit=None)` does not; and
its `DisjunctionMaxMatcher` gives a document the maximum of its parts'
*current* scores, which may be another document's (it does not check that
both parts stand on the document). Here a `DisjunctionMax` is the highest
score of the parts matching the document, as documented. Other query shapes
(prefixes, wildcards, ranges, sloppy phrases, …) give None, and the caller
asks Whoosh.
"""

from __future__ import annotations

import bisect
from functools import reduce
from operator import itemgetter

import numpy as np
from whoosh import query
from whoosh.scoring import BM25F
from whoosh.util import make_binary_tree

from ..codec.lengths import field_b, field_lengths
from .postingcache import PostingCache
from .statistics import Statistics

# When Whoosh scores an `Or` with one running sum instead of a tree (`PreloadedOr`).
_PRELOAD_MAX_DOCS = 5000
_TOO_MANY_CLAUSES = 1024


class _Unsupported(Exception):
    """A query shape scored by Whoosh only."""


class Scorer:
    """Scores queries over one searcher's documents with `weighting` (BM25F)."""

    def __init__(self, searcher, weighting: BM25F, postings: PostingCache, reader, statistics: Statistics):
        """`reader`: the searcher's reader, or a stand-in for it (a `TermTable`); `statistics`: the
        live documents' (deleted ones are scored, and dropped by the caller)."""
        self.searcher = searcher
        self.reader = reader
        self.size = self.reader.doc_count_all()
        self.weighting = weighting
        self.postings = postings
        self.statistics = statistics
        self._norms: dict[str, np.ndarray] = {}
        self._handlers = {
            query.Term: self._term,
            query.Or: self._or,
            query.DisjunctionMax: self._dismax,
            query.And: self._and,
            query.AndNot: self._and_not,
            query.Phrase: self._phrase,
        }

    def scores(self, q: query.Query) -> np.ndarray | None:
        """Every document's score for `q` (0: not matched), or None when Whoosh must score it."""
        try:
            return self._score(q)
        except _Unsupported:
            return None

    def _score(self, q: query.Query) -> np.ndarray:
        if q is query.NullQuery:
            return self._zeros()
        handler = self._handlers.get(type(q))
        if handler is None or q.boost <= 0:
            raise _Unsupported(q)
        return handler(q)

    def _zeros(self) -> np.ndarray:
        return np.zeros(self.size)

    def _boosted(self, scores: np.ndarray, boost: float) -> np.ndarray:
        """Whoosh's `WrappingMatcher`, added only for a boost other than 1."""
        return scores * boost if boost != 1.0 else scores

    def _term(self, q: query.Term) -> np.ndarray:
        text = self._indexed(q.fieldname, q.text)
        if text is None:
            return self._zeros()
        return self._term_scores(q.fieldname, text, q.boost)

    def _indexed(self, fieldname: str, text) -> bytes | None:
        """The term as indexed, None when the index lacks it (Whoosh's `NullMatcher`)."""
        schema = self.searcher.schema
        try:
            text = schema[fieldname].to_bytes(text) if fieldname in schema else None
        except ValueError:
            return None
        return text if text is not None and (fieldname, text) in self.reader else None

    def _term_scores(self, fieldname: str, text: bytes, boost: float = 1.0) -> np.ndarray:
        """The term's BM25F score in every document (its weight for an unscorable field), boosted."""
        postings = self.postings.postings(fieldname, text)
        scores = self._zeros()
        scores[postings.docs] = self._boosted(self._weigh(fieldname, text, postings.weights, postings.docs), boost)
        return scores

    def _term_scores_in(self, fieldname: str, text: bytes, docs: np.ndarray) -> np.ndarray:
        """The term's scores in `docs` only (increasing, all holding the term), as `_term_scores` gives them."""
        postings = self.postings.postings(fieldname, text)
        weights = postings.weights[np.flatnonzero(self._mask(docs)[postings.docs])]
        return self._weigh(fieldname, text, weights, docs)

    def _weigh(self, fieldname: str, text: bytes, weights: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """BM25F of the term's `weights` in `docs` (the weights themselves for an unscorable field)."""
        if not self.searcher.schema[fieldname].scorable:
            return weights
        idf, k1 = self.statistics.idf(fieldname, text), self.weighting.K1
        return idf * ((weights * (k1 + 1)) / (weights + self._norm(fieldname)[docs]))

    def warm(self) -> None:
        """Compute the length norms of every scorable field now, not at the first search."""
        for name, fieldobj in self.searcher.schema.items():
            if fieldobj.scorable:
                self._norm(name)

    def _norm(self, fieldname: str) -> np.ndarray:
        """`K1 * ((1 - B) + B * length / average length)` of every document, as in `whoosh.scoring.bm25`."""
        norm = self._norms.get(fieldname)
        if norm is None:
            weighting = self.weighting
            b = field_b(weighting, fieldname)
            average = self.statistics.avg_field_length(fieldname) or 1
            lengths = np.zeros(self.size)
            for leaf, offset in self.reader.leaf_readers():
                found = field_lengths(leaf, fieldname)
                lengths[offset : offset + len(found)] = found
            norm = self._norms[fieldname] = weighting.K1 * ((1 - b) + b * lengths / average)
        return norm

    def _or(self, q: query.Or) -> np.ndarray:
        subs = q.subqueries
        if q.scale:  # a coordination bonus
            raise _Unsupported(q)
        if len(subs) < 2:
            return self._only(subs)
        if len(subs) < _TOO_MANY_CLAUSES and (len(subs) == 2 or self.statistics.doc_count > _PRELOAD_MAX_DOCS):
            return self._boosted(self._tree(subs, _add_into, lambda sub: sub.estimate_size(self.reader)), q.boost)
        total = self._zeros()  # PreloadedOr: one running sum, each part boosted
        for sub in subs:
            total += self._score(sub) * q.boost
        return total

    def _dismax(self, q: query.DisjunctionMax) -> np.ndarray:
        if q.tiebreak:
            raise _Unsupported(q)
        if len(q.subqueries) < 2:
            return self._only(q.subqueries)
        return self._boosted(reduce(lambda a, b: np.maximum(a, b, out=a), map(self._score, q.subqueries)), q.boost)

    def _and(self, q: query.And) -> np.ndarray:
        if len(q.subqueries) < 2:
            return self._only(q.subqueries)
        both = lambda a, b: np.where((a > 0) & (b > 0), a + b, 0.0)
        return self._boosted(self._tree(q.subqueries, both, lambda sub: 0 - sub.estimate_size(self.reader)), q.boost)

    def _and_not(self, q: query.AndNot) -> np.ndarray:
        return np.where(self._score(q.b) > 0, 0.0, self._score(q.a))

    def _only(self, subs) -> np.ndarray:
        """A compound of one part scores as that part (Whoosh drops the compound's boost)."""
        return self._score(subs[0]) if subs else self._zeros()

    def _tree(self, subs, combine, weight) -> np.ndarray:
        """Whoosh's `make_weighted_tree`: the two lightest parts (by `weight`) are combined first,
        the result put back after the parts of equal weight."""
        items = sorted(((weight(sub), self._score(sub)) for sub in subs), key=itemgetter(0))
        while len(items) > 1:
            (weight_a, a), (weight_b, b) = items[0], items[1]
            del items[:2]
            bisect.insort(items, (weight_a + weight_b, combine(a, b)), key=itemgetter(0))
        return items[0][1]

    def _phrase(self, q: query.Phrase) -> np.ndarray:
        schema = self.searcher.schema  # a Whoosh Schema: `in` and `[]`, no `get`
        field = schema[q.fieldname] if q.fieldname in schema else None  # noqa: SIM401
        if q.slop != 1 or len(q.words) < 2 or field is None or not field.format.supports("positions"):
            raise _Unsupported(q)
        found = [self._indexed(q.fieldname, word) for word in q.words]
        words = [word for word in found if word is not None]
        if len(words) < len(found):
            return self._zeros()
        # SpanNear2 over an order-preserving tree of intersected term matchers: their scores added,
        # here only in the documents holding the phrase
        docs = self._phrase_docs(q.fieldname, words)
        scores = self._zeros()
        scores[docs] = self._boosted(
            make_binary_tree(_add_into, [self._term_scores_in(q.fieldname, word, docs) for word in words]), q.boost
        )
        return scores

    def _mask(self, docs: np.ndarray) -> np.ndarray:
        """`docs` as a boolean mask over the documents."""
        mask = np.zeros(self.size, dtype=bool)
        mask[docs] = True
        return mask

    def _phrase_docs(self, fieldname: str, words: list[bytes]) -> np.ndarray:
        """The documents where the words stand at consecutive positions, in order."""
        starts = self.postings.positions(fieldname, words[0]).keys  # (document << 32) + position
        for shift, word in enumerate(words[1:], 1):
            starts = _common(starts + shift, self.postings.positions(fieldname, word).keys) - shift
        return np.flatnonzero(self._mask(starts >> 32))


def _add_into(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`a + b`, written over `a` (every array of scores belongs to the one node that made it)."""
    return np.add(a, b, out=a)


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two increasing arrays: the shorter one's, looked up in the longer."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short[_within(short, long)] if len(long) else long


def _within(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Which `keys` are in `sorted_keys` (increasing, not empty): binary search, faster than a hash here."""
    found = np.searchsorted(sorted_keys, keys)
    return sorted_keys[np.minimum(found, len(sorted_keys) - 1)] == keys


def top(scores: np.ndarray, selected: np.ndarray, start: int, stop: int, ties: np.ndarray | None = None) -> list[int]:
    """Document numbers ranked `start` to `stop` among the `selected` ones: highest score first,
    then lowest tie key (`ties`, by document), then lowest document number (Whoosh's order)."""
    docnums = np.flatnonzero(selected)
    if start >= len(docnums):
        return []
    values = scores[docnums]
    keys = ties[docnums] if ties is not None else np.zeros(len(docnums), dtype=np.int64)
    if len(docnums) > stop:
        cut = values[np.argpartition(-values, stop - 1)[:stop]].min()
        above = np.flatnonzero(values > cut)
        tied = np.flatnonzero(values == cut)
        tied = tied[np.lexsort((docnums[tied], keys[tied]))[: stop - len(above)]]
        keep = np.concatenate([above, tied])
        docnums, values, keys = docnums[keep], values[keep], keys[keep]
    order = np.lexsort((docnums, keys, -values))
    return docnums[order[start:stop]].tolist()
