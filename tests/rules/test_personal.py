"""unionstats.rules.personal — ID and mobile numbers masked wherever they stand (contract §5)."""

from __future__ import annotations

import pytest

from unionstats.rules.personal import LONG_DIGIT_RUN, mask_personal


def test_mask_personal_numbers():
    assert mask_personal("330201199001011234 / 13812345678") == "3302**********1234 / 138****5678"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (13812345678, "138****5678"),  # Excel keeps a mobile number as a number
        ("身份证:330201900101123", "身份证:3302*********23"),  # a 15-digit ID
        ("合计 12,345,678,901", "合计 12,345,678,901"),  # figures with separators are no number of a person
        (2023, 2023),
        (None, None),
    ],
)
def test_mask_personal_masks_only_what_reads_as_one_number(written, shown):
    assert mask_personal(written) == shown


def test_the_pre_check_finds_eleven_digits_in_a_row():
    assert LONG_DIGIT_RUN.search("电话 138 1234 5678")
    assert not LONG_DIGIT_RUN.search("2023年12月31日 合计 1,234")
