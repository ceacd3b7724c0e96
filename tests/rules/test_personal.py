"""unionstats.rules.personal — ID and mobile numbers masked wherever they stand (contract §5)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionstats.rules import personal
from unionstats.rules.personal import LONG_DIGIT_RUN, mask_personal, may_hold_personal


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


# --- issue 17, finding 6: any separator between the digits, and nothing else masked -------------

SEPARATORS = [" ", "-", ".", "/", "_", "．", "／", "＿", "－", "\u3000", "- ", " / "[:2]]


def _digits_of(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit() or ch in "Xx")


@st.composite
def phones(draw) -> str:
    return "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))


@st.composite
def id_numbers(draw) -> str:
    area = draw(st.integers(110000, 659999))
    born = draw(st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)))
    sequence = draw(st.integers(0, 999))
    return f"{area}{born:%Y%m%d}{sequence:03d}" + draw(st.sampled_from("0123456789X"))


@st.composite
def written(draw, numbers) -> tuple[str, str]:
    """(a number, as written with one separator between some of its digits, maybe in brackets
    or full-width)."""
    number = draw(numbers)
    separator = draw(st.sampled_from(SEPARATORS))  # one kind throughout, as people write a number
    # a single dot is a decimal point: a number written with dots has two at least
    gaps = draw(st.sets(st.integers(1, len(number) - 1), min_size=2 if "." in separator or "．" in separator else 0))
    text = "".join((separator if index in gaps else "") + digit for index, digit in enumerate(number))
    if len(number) == 11 and draw(st.booleans()):  # (139)12345678
        text = f"({number[:3]}){number[3:]}"
    if draw(st.booleans()):
        text = text.translate(str.maketrans("0123456789().", "０１２３４５６７８９（）．"))
    return number, text


@settings(max_examples=300, deadline=None)
@given(written(phones()) | written(id_numbers()), st.sampled_from(["", "电话:", "身份证 ", "备注("]))
def test_a_number_is_masked_whatever_separates_its_digits(case, before):
    number, text = case
    shown = mask_personal(f"{before}{text}。")
    assert number not in _digits_of(shown) and "*" in shown


AMOUNTS = st.one_of(
    st.decimals(0, 10**12, places=2).map(lambda d: f"{d:,.2f}"),  # 1,234.50
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.floats(0, 10**9, allow_nan=False).map(lambda f: f"{f:.2f}"),
)
DAYS = st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31))
DATES = st.builds(lambda d, sep: d.strftime(f"%Y{sep}%m{sep}%d"), DAYS, st.sampled_from([".", "/", "_", "-", "．"]))
CODES = st.one_of(st.integers(1950, 2035).map(str), st.integers(100000, 999999999).map(str))  # years; unit codes


@settings(max_examples=300, deadline=None)
@given(st.one_of(AMOUNTS, DATES, CODES))
def test_an_ordinary_figure_is_not_masked(figure):
    for text in (figure, f"合计 {figure}元", f"（{figure}）"):
        assert mask_personal(text) == text


@settings(max_examples=300, deadline=None)
@given(DATES, DATES, st.sampled_from(["-", "—", "~", " 至 ", "/", " "]))
def test_a_date_range_is_not_masked(start, end, joiner):
    # 2024.01.05-2024.12.31: 16 digits with separators, no number of a person
    assert mask_personal(f"{start}{joiner}{end}") == f"{start}{joiner}{end}"


@settings(max_examples=300, deadline=None)
@given(st.lists(AMOUNTS, min_size=2, max_size=4), st.sampled_from(["、", ";", ",", " ", "/", " + "]))
def test_a_list_of_amounts_is_not_masked(amounts, joiner):
    # amounts joined by one separator: the decimal points make it no one number (13.00 0.00 10.00)
    text = joiner.join(amounts)
    assert mask_personal(text) == text


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("139.1234.5678", "139****5678"),
        ("139/8765/4321", "139****4321"),
        ("(139)12345678", "139****5678"),
        ("（139）1234 5678", "139****5678"),
        ("330211_1990_0101_1236", "3302**********1236"),
        ("330211.19900101.1236", "3302**********1236"),
        ("卡号6222021234567890128", "卡号6222***********0128"),
        ("6217 0012 3456 7890", "6217********7890"),
        ("护照号E12345678", "护照号*****5678"),
        ("警号:8065431", "警号:****5431"),
        ("医保卡号 ZJ330106A1234567", "医保卡号 ************4567"),
        ("缴纳社保 3000元", "缴纳社保 3000元"),  # an amount after a word, no number of a person
        ("订单号 123456789012345", "订单号 123456789012345"),
    ],
)
def test_every_spelling_of_finding_6_is_masked(written, shown):
    assert mask_personal(written) == shown
    assert may_hold_personal(written) or written == shown


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("银行卡", personal.NUMBER),
        ("银行卡号码", personal.NUMBER),
        ("开户行及账号", personal.NUMBER),
        ("工资卡号(工行)", personal.NUMBER),
        ("社会保障卡号码", personal.NUMBER),
        ("医保卡", personal.NUMBER),
        ("护照", personal.NUMBER),
        ("警员编号", personal.NUMBER),
        ("子女", personal.FAMILY_NAME),
        ("配偶姓名\n(如有)", personal.FAMILY_NAME),
        ("家庭住址(详细)", personal.ADDRESS),
        ("现居住地址", personal.ADDRESS),
        ("姓名", None),
        ("金额", None),
        ("备注", None),
    ],
)
def test_a_header_naming_the_list_in_other_words_is_the_lists(label, kind):
    assert personal.personal_column(label) == kind


def test_no_column_a_kind_reads_is_taken_for_the_list():
    from unionstats.rules.columns import COLUMNS

    names = {name for column in COLUMNS for name in (column.name, *column.aliases)}
    assert len(names) > 300
    assert [name for name in names if personal.personal_column(name)] == []
