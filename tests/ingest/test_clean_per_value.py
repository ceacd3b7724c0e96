"""unionstats.ingest.clean — the per-distinct-value machinery and the names' fast path
give what the plain rules give, cell by cell (issue 18: the import's speed)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from unionstats.ingest import clean
from unionstats.rules.values import MISSING_TOKENS

# Cells as a sheet gives them, equal values of several types among them (1, 1.0, True).
CELLS = st.one_of(
    st.none(),
    st.just(float("nan")),
    st.just(np.nan),
    st.just(pd.NaT),
    st.integers(-5, 5),
    st.sampled_from([1.0, 2.5, 2023.05, 202305, 2024, 45292, True, False]),
    st.sampled_from(["", " ", "—", "无", "1,200", "3.2万", " 12 ", "2023年5月", "2024/1/1", "5月", "张 三", "北 京", "ＡＢＣ"]),
    st.text(alphabet="张三 1２,.-年月", max_size=6),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)


def by_dict(series: pd.Series, parse) -> list:
    """The rule written plainly: one answer per distinct value, looked up for every cell."""
    table: dict = {}
    answers = []
    for value in series:
        try:
            if value not in table:
                table[value] = parse(value)
            answers.append(table[value])
        except TypeError:
            answers.append(parse(value))
    return answers


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a is b or (type(a) is type(b) and a == b)


@given(st.lists(CELLS, max_size=40))
@settings(max_examples=300)
def test_per_value_gives_every_cell_the_answer_of_its_value(cells):
    series = pd.Series(cells, dtype=object, index=range(7, 7 + len(cells)))
    for parse in (repr, clean.clean_name, clean.fund_type, lambda v: clean.parse_period_cell(v, "2023")):
        result = clean.per_value(series, parse)
        assert result.index.equals(series.index) and result.dtype == object
        # NaN != NaN, so a dict parses each NaN apart: compare by what it says, not by key
        assert all(same(a, b) or repr(a) == repr(b) for a, b in zip(result, by_dict(series, parse), strict=True))


@given(st.lists(CELLS, max_size=40))
@settings(max_examples=300)
def test_numbers_and_periods_taken_by_distinct_value_equal_the_parse_of_each_value(cells):
    series = pd.Series(cells, dtype=object)
    values, bad = clean.parse_numbers(series)
    for parsed, value, is_bad in zip(by_dict(series, clean._number_cell), values, bad, strict=True):
        assert is_bad == (parsed is clean._BAD)
        assert same(value, np.nan if parsed is None or parsed is clean._BAD else float(parsed))
    frame, bad = clean.parse_periods(series, "2023")
    periods = by_dict(series, lambda v: clean.parse_period_cell(v, "2023"))
    for parsed, (year, month, date), is_bad in zip(periods, frame.itertuples(index=False), bad, strict=True):
        assert is_bad == (parsed is clean._BAD)
        assert (year, month, date) == (parsed if isinstance(parsed, tuple) else (None, None, None))


def clean_name_step_by_step(value: object) -> str | None:
    """§1 as written before the fast path: NFKC, collapse and trim spaces, join 北 京."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value))).strip()
    text = re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", text)
    return None if re.sub(r"\s+", "", text).lower() in MISSING_TOKENS else text


@given(
    st.one_of(
        st.text(max_size=12), st.sampled_from(sorted(MISSING_TOKENS)), st.sampled_from(["Ｎ/Ａ", "N/A", "无 ", "\u3000张三"])
    )
)
@settings(max_examples=500)
def test_names_fast_path_equals_the_steps(text):
    assert clean.clean_name(text) == clean_name_step_by_step(text)
