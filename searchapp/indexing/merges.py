"""The merge policy of an update: which segments of the new generation are merged into one.

Log-structured, as Lucene's `LogDocMergePolicy` with its defaults: a segment's
tier is the number of times its live documents reach `FLOOR` multiplied by
`FACTOR` (under `FLOOR`: tier 0); once a tier holds `FACTOR` segments they are
merged into one, which may complete the tier above, and so on. Each update
adds one small segment, so an archive of N documents keeps at most
`FACTOR - 1` segments per tier, O(log N) in all, and a document is rewritten
once per tier it climbs: O(log N) times over its life, instead of at every
update. A segment whose deleted documents exceed `DELETED_SHARE` of it is
merged too (alone if need be), which drops them from the disk and from the
postings every search reads.

Merges run in the update that publishes the new generation, so the server
keeps searching the live one meanwhile, and they never change a ranking
(statistics count live documents only: `search.statistics`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..codec.toc import Segment

FACTOR = 10  # segments of a tier merged at once (Lucene's mergeFactor)
FLOOR = 1000  # live documents below which every segment is in the lowest tier (Lucene's minMergeDocs)
DELETED_SHARE = 1 / 3  # a segment with more of its documents deleted is merged, to drop them


def tier(live: int) -> int:
    """The tier of a segment of `live` documents.

    >>> [tier(n) for n in (0, 999, 1000, 9999, 10_000, 551_256)]
    [0, 0, 1, 1, 2, 3]
    """
    level, bound = 0, FLOOR
    while live >= bound:
        level, bound = level + 1, bound * FACTOR
    return level


def merges(segments: Sequence[Segment]) -> list[list[str]]:
    """The groups of segment ids to merge, each into one segment (in the segments' order)."""
    groups: list[tuple[list[str], int]] = []  # (segment ids, live documents), merged or not
    for segment in segments:
        groups.append(([segment.id], segment.live))
    doomed = {s.id for s in segments if s.size and len(s.deleted) > DELETED_SHARE * s.size}
    while True:
        by_tier: dict[int, list[int]] = {}
        for n, (_, live) in enumerate(groups):
            by_tier.setdefault(tier(live), []).append(n)
        full = next((members for _, members in sorted(by_tier.items()) if len(members) >= FACTOR), None)
        if full is None:
            break
        merged = ([i for n in full for i in groups[n][0]], sum(groups[n][1] for n in full))
        groups = [group for n, group in enumerate(groups) if n not in full] + [merged]
    order = {s.id: n for n, s in enumerate(segments)}
    return [sorted(ids, key=order.__getitem__) for ids, _ in groups if len(ids) > 1 or ids[0] in doomed]
