"""The catalog's facet tables: counts from the (document, value) pairs and from bitsets agree."""

from dataclasses import replace

import numpy as np
import pytest

from searchapp.facets import FACETS


@pytest.mark.parametrize("facet", FACETS, ids=lambda facet: facet.key)
def test_bitset_counts_equal_pair_counts(browse_catalog, facet):
    table = browse_catalog.facets[facet.key]
    assert table.bits is not None  # few values for 72 documents: bitsets are the smaller
    pairs = replace(table, bits=None)
    rng = np.random.default_rng(7)
    for share in (0.0, 0.1, 0.5, 1.0):
        mask = rng.random(browse_catalog.size) < share
        assert table.counts(mask).tolist() == pairs.counts(mask).tolist()
    assert table.counts(browse_catalog.live).sum() == len(table.docs)
