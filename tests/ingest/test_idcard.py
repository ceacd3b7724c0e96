"""unionstats.ingest.idcard — the GB 11643 check digit, sex and birth date of an 18-digit ID."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from unionstats.ingest import idcard

# the standard's own examples
EXAMPLES = ("11010519491231002X", "440524188001010014")


def test_the_standards_examples_pass_and_a_changed_digit_fails():
    assert all(idcard.is_valid(example) for example in EXAMPLES)
    assert not idcard.is_valid("110105194912310021")
    assert not idcard.is_valid("440524188001010015")


def test_an_id_as_offices_write_it_is_read():
    assert idcard.is_valid("11010519491231002x")  # a lower-case x
    assert idcard.is_valid("110105 19491231 002X")  # spaced for reading
    assert idcard.is_valid("１１０１０５１９４９１２３１００２Ｘ")  # full-width
    assert idcard.normalise("110105 1949 1231 002x") == "11010519491231002X"


def test_what_is_no_18_digit_id_is_none_and_not_valid():
    for value in (None, "", "1101051949123", "110105491231002", "1101**********002X", 1.1010519491231002e17, True):
        assert idcard.normalise(value) is None
        assert not idcard.is_valid(value)
    assert idcard.sex(None) is None and idcard.birth_date("123") is None


def test_sex_is_the_17th_digit_and_the_birth_date_digits_7_to_14():
    assert idcard.sex("11010519491231002X") == "女"  # 2: even
    assert idcard.sex("440524188001010014") == "男"  # 1: odd
    assert idcard.birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert idcard.birth_date("110105194913310024") is None  # month 13


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_one_check_character_passes_and_every_other_fails(first17):
    right = idcard.check_character(first17)
    assert idcard.is_valid(first17 + right)
    assert not any(idcard.is_valid(first17 + other) for other in "0123456789X" if other != right)
