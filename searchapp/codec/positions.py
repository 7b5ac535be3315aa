"""The postings of a text field for many documents at once, from their tokens' term numbers.

Each document's terms are numbered as Whoosh's analyzer numbers them (its
`StopFilter` leaves the first kept token at its place among all tokens and
numbers the following kept ones on from it); the tokens of all documents
are grouped by term, then document, with one stable sort; each posting's
positions are encoded as Whoosh's `Positions` format encodes them (`encode`),
for all postings at once. `position_keys` reads them back, for phrase matching.
"""

from __future__ import annotations

import itertools
import pickle

import numpy as np

from . import pickles

_HEAD = pickle.PROTO + bytes([2]) + pickle.EMPTY_LIST + pickle.BINPUT + b"\0"  # pickle.dumps(list, 2) begins so
_BATCH = 1000  # items pickled between a MARK and an APPENDS, as CPython's pickler does


def invert_tokens(numbers: np.ndarray, per_doc: np.ndarray, terms: list[str]) -> tuple:
    """The postings of consecutive documents whose tokens have the term `numbers` (into `terms`;
    -1 for a stop word), `per_doc[i]` tokens for document i.

    Returns (the terms present, in UTF-8 order; the postings of each; each posting's document
    and frequency; the postings' encoded positions, concatenated, and where each ends; the
    number of terms of each document).
    """
    kept = np.flatnonzero(numbers >= 0)
    docs = np.repeat(np.arange(len(per_doc)), per_doc)[kept]
    lengths = np.bincount(docs, minlength=len(per_doc))
    if not len(kept):
        empty = np.zeros(0, dtype=np.int64)
        return [], empty, empty.astype(np.int32), empty, b"", empty, lengths
    first = np.cumsum(lengths) - lengths  # each document's first kept token, in `kept`
    shift = np.zeros(len(per_doc), dtype=np.int64)
    present = lengths > 0
    shift[present] = kept[first[present]] - (np.cumsum(per_doc) - per_doc)[present] - first[present]
    places = np.arange(len(kept)) + shift[docs]
    numbers = numbers[kept]
    found = np.unique(numbers)
    names = [terms[n] for n in found.tolist()]
    order = sorted(range(len(names)), key=names.__getitem__)  # code point order is UTF-8's
    rank = np.empty(len(found), dtype=np.int64)
    rank[order] = np.arange(len(found))
    ranks = rank[np.searchsorted(found, numbers)]
    by_term = np.argsort(ranks, kind="stable")  # the tokens stay in document and position order
    ranks, docs, places = ranks[by_term], docs[by_term], places[by_term]
    starts = np.flatnonzero(np.concatenate([[True], (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])]))
    freqs = np.diff(np.append(starts, len(ranks)))
    values, ends = encode(places, starts, freqs)
    return (
        [names[i] for i in order],
        np.bincount(ranks[starts], minlength=len(found)),
        docs[starts].astype(np.int32),
        freqs,
        values,
        ends,
        lengths,
    )


def encode(places: np.ndarray, starts: np.ndarray, freqs: np.ndarray) -> tuple[bytes, np.ndarray]:
    """`Positions.encode` of each posting's positions (`places[starts[i]:starts[i] + freqs[i]]`,
    increasing): a 4-byte count and `pickle.dumps(deltas, 2)`. Returns them concatenated, and
    where each ends."""
    deltas = np.diff(places, prepend=0)
    deltas[starts] = places[starts]
    widths = pickles.int_widths(deltas)
    single = freqs == 1
    posting = np.repeat(np.arange(len(starts)), freqs)
    item = np.arange(len(places)) - starts[posting]  # index in its list
    batch = np.where(single[posting], 0, 2 * (item // _BATCH) + 1)  # MARKs and APPENDS before the item
    marks = np.where(single, 1, 2 * (-(-freqs // _BATCH)))  # the single APPEND, or a MARK and APPENDS a batch
    lengths = 4 + len(_HEAD) + np.add.reduceat(widths, starts) + marks + 1
    ends = np.cumsum(lengths)
    at = ends - lengths
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    out[at[:, None] + np.arange(4)] = freqs.astype(">u4").view(np.uint8).reshape(-1, 4)
    pickles.put(out, at + 4, _HEAD)
    width_ends = np.cumsum(widths)
    items_at = (at + 4 + len(_HEAD) - (width_ends - widths)[starts])[posting] + width_ends - widths + batch
    pickles.put_ints(out, items_at, deltas, widths)
    opens = ~single[posting] & (item % _BATCH == 0)
    pickles.put(out, items_at[opens] - 1, pickle.MARK)
    closes = ~single[posting] & ((item % _BATCH == _BATCH - 1) | (item == freqs[posting] - 1))
    pickles.put(out, (items_at + widths)[closes], pickle.APPENDS)
    pickles.put(out, ends[single] - 2, pickle.APPEND)
    pickles.put(out, ends - 1, pickle.STOP)
    return out.tobytes(), ends


def position_keys(docs: np.ndarray, values: list[bytes]) -> np.ndarray:
    """(document << 32) + position of every position of `docs`, encoded by Whoosh's `Positions` format.

    Each value is a 4-byte count and a protocol-2 pickle of the list of position
    deltas (its final STOP sometimes stripped). The pickles' bodies are joined into
    one pickle of a list of lists, so that the unpickler runs once, not once per posting.
    """
    if not values:
        return np.zeros(0, dtype=np.int64)
    bodies = b"".join(value[6:-1] if value.endswith(b".") else value[6:] for value in values)
    lists = pickle.loads(b"\x80\x02(" + bodies + b"l.")
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    starts = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    running = np.cumsum(np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(starts[-1])))
    before = np.concatenate([[0], running])[starts[:-1]]  # the running sum before each document's first delta
    return np.repeat(docs.astype(np.int64) << 32, lengths) + (running - np.repeat(before, lengths))
