"""unionstats.ingest.clean — parsers never raise and round-trip what they accept."""

from __future__ import annotations

import datetime as dt

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
def test_number_parser_never_raises(cell):
    values, bad = clean.parse_numbers(pd.Series([cell], dtype=object))
    assert len(values) == 1 and bool(bad.iloc[0]) in (True, False)


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


def test_mask_personal_numbers():
    assert clean.mask_personal("330201199001011234 / 13812345678") == "3302**********1234 / 138****5678"


def test_excel_serial_datetimes_as_plain_numbers():
    assert clean.parse_period_cell(45000) == ("2023", "2023-03", "2023-03-15")
    assert clean.parse_period_cell(45000.5) == ("2023", "2023-03", "2023-03-15")
