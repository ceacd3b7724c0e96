"""unionstats.rules.personal — ID and mobile numbers masked wherever they stand (contract §5)."""

from __future__ import annotations

import pytest

from unionstats.rules import personal
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


# --- §5's extended list ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "written", "kept"),
    [
        ("银行卡号", "6222 0212 3456 7890 123", "***************0123"),
        ("医保号", "ZJ330106A1234567", "************4567"),
        ("社保卡号（12位）", 330106123456.0, "********3456"),
        ("护照号码", "E12345678", "*****5678"),
        ("警号", "012345", "****2345"),  # never fewer than four stars: the length is not told
        ("子女姓名", "王小明、李红", "王**、李*"),
        ("配偶姓名", "欧阳娜娜", "欧***"),
        ("被帮扶人姓名", "张三", "张*"),
        ("备注", "电话 13812345678", "电话 138****5678"),  # anything else: ID and phone numbers masked
        ("单位", "华新工会", "华新工会"),
    ],
)
def test_other_personal_numbers_and_family_names_are_masked(label, written, kept):
    assert personal.guard_personal(label, written) == (True, kept)


@pytest.mark.parametrize("label", ["住址", "家庭住址", "家庭住址\n(详细到门牌号)", "现住址:", "通讯地址"])
def test_an_address_is_not_kept(label):
    assert personal.personal_column(label) == personal.ADDRESS
    assert personal.guard_personal(label, "某市某区某路12号") == (False, None)


def test_the_extended_list_covers_every_kind_of_the_contract():
    numbers = set(personal.OTHER_NUMBER_HEADERS)
    assert {"医保号", "社保号", "银行卡号", "账号", "护照号", "警号"} <= numbers
    assert {"子女姓名", "配偶姓名", "被帮扶人姓名"} <= set(personal.FAMILY_NAME_HEADERS)
    assert {"住址", "家庭住址"} <= set(personal.ADDRESS_HEADERS)
