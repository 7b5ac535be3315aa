"""The merge policy: which segments an update merges."""

import numpy as np
import pytest

from searchapp.codec.toc import Segment
from searchapp.indexing import merges


def segment(name: str, size: int, deleted: int = 0) -> Segment:
    return Segment(name, 0, size, np.arange(deleted, dtype=np.int64))


@pytest.mark.parametrize(
    "sizes, expected",
    [
        ([], []),
        ([(500_000, 0)], []),
        ([(500_000, 0)] + [(100, 0)] * 9, []),  # nine small segments: the tier is not full
        ([(500_000, 0)] + [(100, 0)] * 10, [["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"]]),
        # the merged 1,000 documents fill tier 1 with nine others: both merges become one
        (
            [(500_000, 0)] + [(5_000, 0)] * 9 + [(100, 0)] * 10,
            [[f"s{n}" for n in range(1, 20)]],
        ),
        ([(500_000, 200_000), (100, 0)], [["s0"]]),  # more than a third deleted: merged alone, to drop them
        ([(300, 101), (100, 0)], [["s0"]]),
        ([(300, 100), (100, 0)], []),  # a third deleted: kept
    ],
)
def test_merges(sizes, expected):
    found = merges.merges([segment(f"s{n}", size, deleted) for n, (size, deleted) in enumerate(sizes)])
    assert found == expected
