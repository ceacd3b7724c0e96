"""unionstats.ingest.clean — parsers never raise and round-trip what they accept."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionstats.ingest import clean

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(
    st.integers(min_value=0, max_value=10**12), st.sampled_from(["{}", "{:,}", " {} ", "{}元", "{}人", "{:,}人次"]), st.booleans()
)
def test_text_numbers_round_trip(number, template, full_width):
    text = template.format(number)
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert clean.parse_number_text(text) == number


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 2)))
def test_decimal_numbers_round_trip(number):
    assert clean.parse_number_text(f"{number:,.2f}") == pytest.approx(number)


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans(), st.dates()))
@settings(max_examples=300)
def test_number_parser_never_raises_and_a_bad_cell_has_no_value(cell):
    values, bad = clean.parse_numbers(pd.Series([cell], dtype=object))
    value, is_bad = values.iloc[0], bool(bad.iloc[0])
    assert len(values) == 1
    if cell is None or isinstance(cell, float) and math.isnan(cell):
        assert math.isnan(value) and not is_bad  # missing, not bad
    elif isinstance(cell, (bool, dt.date)) or isinstance(cell, float) and math.isinf(cell):
        assert math.isnan(value) and is_bad
    elif isinstance(cell, (int, float)):
        assert value == float(cell) and not is_bad
    else:
        expected = clean.parse_number_text(cell)
        assert is_bad == (expected is clean._BAD)
        assert math.isnan(value) if expected is None or is_bad else value == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.2万", 32_000.0), ("3.2万元", 32_000.0), ("95%", 0.95), ("(500)", -500.0), ("￥1,200元", 1_200.0)],
)
def test_scale_words_percent_and_accountants_negatives(text, value):
    assert clean.parse_number_text(text) == pytest.approx(value)


def test_a_missing_marker_is_no_number_and_not_bad():
    assert clean.parse_number_text("—") is None


def test_thousands_after_a_figure_are_not_read():
    # 千元 scales a header or a title line (单位:千元), never a figure typed in a cell
    assert clean.parse_number_text("3千元") is clean._BAD


@pytest.mark.parametrize(
    ("cell", "answer"),
    [("是", True), ("√", True), ("已建工会", True), ("否", False), ("未签", False), ("没有", False), ("待定", None)],
)
def test_yes_no_words_and_prefixes(cell, answer):
    values, bad = clean.parse_yesno(pd.Series([cell], dtype=object))
    assert values.iloc[0] is answer and bool(bad.iloc[0]) == (answer is None)


@given(
    st.integers(min_value=1950, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["{y}-{m:02d}", "{y}/{m}", "{y}.{m:02d}", "{y}年{m}月", "{y}{m:02d}", "{y}年{m:02d}月"]),
)
def test_month_periods_round_trip(year, month, template):
    assert clean.parse_period_cell(template.format(y=year, m=month)) == (str(year), f"{year}-{month:02d}", None)


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(
        ["{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d.year}年{d.month}月{d.day}日", "{d:%Y%m%d}", "date", "datetime"]
    ),
)
def test_dates_round_trip(day, form):
    cell = day if form == "date" else dt.datetime.combine(day, dt.time(9, 30)) if form == "datetime" else form.format(d=day)
    assert clean.parse_period_cell(cell) == (f"{day.year:04d}", f"{day:%Y-%m}", day.isoformat())


@given(st.integers(min_value=1950, max_value=2100), st.sampled_from(["{}", "{}年", "{}年度"]))
def test_years_round_trip(year, template):
    assert clean.parse_period_cell(template.format(year)) == (str(year), None, None)
    assert clean.parse_period_cell(year) == (str(year), None, None)


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.datetimes()))
@settings(max_examples=300)
def test_period_parser_never_raises(cell):
    frame, bad = clean.parse_periods(pd.Series([cell], dtype=object), default_year="2023")
    assert list(frame.columns) == ["year", "month", "date"] and len(bad) == 1


@pytest.mark.parametrize("cell", ["2023-13", "2023-02-30", "1900", "abc", "2023年第一季度"])
def test_not_a_period(cell):
    assert clean.parse_period_cell(cell) is clean._BAD


@given(st.text(max_size=40))
def test_names_fold_trim_and_collapse(text):
    name = clean.clean_name(text)
    assert name is None or (name == name.strip() and "  " not in name and "\u3000" not in name)


def test_excel_serial_datetimes_as_plain_numbers():
    assert clean.parse_period_cell(45000) == ("2023", "2023-03", "2023-03-15")
    assert clean.parse_period_cell(45000.5) == ("2023", "2023-03", "2023-03-15")


# §3.6: a 科目 as real statements write it → (account, code, flow, sub-account, level)
@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        (401, "会费收入", ("会费收入", "401", "收入", None, None)),
        ("40301", "回拨补助收入", ("上级补助收入", "40301", "收入", "回拨补助收入", None)),
        (50101.0, "职工教育活动支出", ("职工活动支出", "50101", "支出", "职工教育活动支出", None)),
        (None, "50102 文体活动支出", ("职工活动支出", "50102", "支出", "文体活动支出", None)),
        (None, "401会费收入", ("会费收入", "401", "收入", None, None)),
        ("501", None, ("职工活动支出", "501", "支出", None, None)),  # the code alone decides
        (None, "一、会费收入", ("会费收入", "401", "收入", None, 1)),
        (None, "（一）职工活动支出", ("职工活动支出", "501", "支出", None, 2)),
        (None, "(二)工会经费收入", ("拨缴经费收入", "402", "收入", None, 2)),
        (None, "1.上级工会补助", ("上级补助收入", "403", "收入", None, 3)),
        (None, "（1）学校行政补助", ("行政补助收入", "405", "收入", None, 4)),
        (None, "上年结转", ("上年结转", None, "结余", None, None)),
        (None, "动用以前年度结余", ("动用以前年度结余", None, "结余", None, None)),
        (None, "年末滚存结余", ("年末滚存结余", None, "结余", None, None)),
        (None, "期末结余", ("年末结余", None, "结余", None, None)),
        (None, "上年结余", ("上年结余", None, "结余", None, None)),
        (None, "1.职工教育支出", ("职工教育支出", None, None, None, 3)),  # not in the chart: as written
    ],
)
def test_accounts_are_read_by_code_first_then_by_the_words_of_their_name(code, name, expected):
    read = clean.read_account(code, name)
    assert (read.account, read.code, read.flow, read.sub_account, read.level) == expected


@pytest.mark.parametrize("text", ["一、本年收入", "二、支出", "本年支出", "收入", "（一）本期收入"])
def test_lines_that_head_the_income_or_expense_part_are_totals(text):
    assert clean.is_flow_heading(text)


@pytest.mark.parametrize("text", ["会费收入", "其他收入", "一、会费收入", "收入合计"])
def test_accounts_are_no_headings(text):
    assert not clean.is_flow_heading(text)


# ------------------------------------------------------------------ §3.3 welfare categories
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("困难帮扶（大病救助）", "困难帮扶"),  # 困难帮扶's words beat the bare 病 of 住院慰问
        ("大病救助", "困难帮扶"),
        ("重病救助", "困难帮扶"),
        ("生病住院", "住院慰问"),
        ("重病", "住院慰问"),  # nothing of 困难帮扶 in it: 病 still names 住院慰问
        ("困难职工住院", "住院慰问"),  # 住院 does not yield: first match wins
        ("助困", "困难帮扶"),
        ("重困职工", "困难帮扶"),
        ("精准扶贫", "困难帮扶"),
        ("病故", "丧葬慰问"),
        ("金秋助学", "金秋助学"),
        ("春节送温暖", "节日慰问"),
        ("其它补助", "其他"),
    ],
)
def test_free_text_categories_first_match_with_the_bare_bing_yielding(text, category):
    assert clean.welfare_category(text) == category


@pytest.mark.parametrize(
    ("texts", "category"),
    [
        (["2023年金秋助学补助清单", "Sheet1", "导出"], "金秋助学"),
        (["助困管理表"], "困难帮扶"),
        (["2024年春节送温暖慰问方案"], "节日慰问"),
        (["大病救助申请汇总表"], "困难帮扶"),
        (["病故职工慰问登记"], "丧葬慰问"),  # the 病 of 病故 names nothing more
        (["各类慰问补助一览表", "Sheet1", "慰问"], None),  # names none anywhere
        (["2023年帮扶慰问台账"], None),  # the kind's own name is no category
        (["困难职工春节慰问表", "金秋助学"], None),  # the title names two: it decides, nothing
        (["2023年度台账", "金秋助学", "x"], "金秋助学"),  # the title names none: the sheet name
        (["2023年度台账", "Sheet1", "2023年夏送清凉发放表"], "夏送清凉"),  # then the file name
    ],
)
def test_the_one_category_a_title_sheet_or_file_name_names(texts, category):
    assert clean.document_category(texts) == category


# ------------------------------------------------------------------ §3.4, §3.5, §1
@pytest.mark.parametrize(
    ("cell", "rank"), [(1, 1), (3.0, 3), ("12", 12), (" ２ ", 2), ("第1名", None), ("一等奖", None), (None, None)]
)
def test_a_plain_number_is_a_rank(cell, rank):
    assert clean.plain_rank(cell) == rank


@pytest.mark.parametrize(
    ("name", "answer"), [("11", False), ("1", False), ("#", False), ("甲工会", True), ("ABC Ltd", True), ("3号楼", True)]
)
def test_a_unit_name_needs_a_letter_or_a_chinese_character(name, answer):
    assert clean.has_letters(name) is answer


def test_the_year_of_a_filing_date_line():
    assert clean.filing_year(["工会组织信息采集表", "填报单位:甲  填报日期：2024年1月10日"]) == "2024"
    assert clean.filing_year(["2023年工会组织信息采集表"]) is None
