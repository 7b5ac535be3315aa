"""French numbers and dates, as pages and the command line write them."""

import pytest

from searchapp import display


@pytest.mark.parametrize(
    "iso, expected",
    [
        ("2019-05-25", "25 mai 2019"),
        ("2019-05-01", "1er mai 2019"),
        ("2018-08", "août 2018"),
        ("2018", "2018"),
        (None, ""),
    ],
)
def test_dates_in_words(iso, expected):
    assert display.date(iso) == expected


@pytest.mark.parametrize(
    "count, expected", [(0, "0"), (999, "999"), (1000, "1\u202f000"), (1234567, "1\u202f234\u202f567")]
)
def test_thousands_are_parted_by_a_narrow_no_break_space(count, expected):
    assert display.number(count) == expected
