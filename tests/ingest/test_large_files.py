"""The paths that keep a large import fast and small (issue 6) give the same results as
the plain ones: packed rows, sheets read one at a time, shared cell objects, the store's
cheap pre-check before masking personal numbers."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from unionstats.ingest.model import ParsedSheet
from unionstats.ingest.parse import ParseOptions, parse_file, parse_sheet
from unionstats.ingest.read import iter_sheets, read_sheets
from unionstats.rules.personal import LONG_DIGIT_RUN as _LONG_DIGIT_RUN
from unionstats.rules.personal import mask_personal

# ----------------------------------------------------------------- packed rows

cells = st.one_of(
    st.none(),
    st.just(math.nan),
    st.text(alphabet="东城华新工会0123 -", max_size=6),
    st.integers(-5, 5),
    st.booleans(),
    st.floats(allow_nan=False, width=32),
)
text_or_missing = st.one_of(st.none(), st.sampled_from(["东城", "西城", "南湖", ""]))


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text_or_missing, cells, text_or_missing), min_size=0, max_size=30))
def test_packed_rows_come_back_exactly_as_given(records):
    frame = pd.DataFrame(records, columns=["unit", "value", "note"], dtype=object)
    sheet = ParsedSheet(name="s", kind="welfare", rows=frame)
    assert sheet.stored == len(frame)
    assert sheet.columns == ["unit", "value", "note"]
    for name in ("unit", "value", "note"):
        column = sheet.column(name)
        assert column.dtype == object
        assert all(_same(a, b) for a, b in zip(column.tolist(), frame[name].tolist(), strict=True))
    rows = sheet.rows
    assert list(rows.columns) == ["unit", "value", "note"]
    assert all(_same(a, b) for a, b in zip(rows.to_numpy().ravel(), frame.to_numpy().ravel(), strict=True))


def test_a_text_column_is_held_as_codes_and_none_stays_none():
    frame = pd.DataFrame({"unit": ["东城", None, "东城"] * 1000, "amount": [1.5, 2.0, None] * 1000}, dtype=object)
    sheet = ParsedSheet(name="s", kind="welfare", rows=frame)
    _, packed, _ = sheet._rows_packed
    assert set(packed) == {"unit"}  # numbers stay as they are
    assert packed["unit"].codes.dtype == np.int32 and len(packed["unit"].uniques) == 1
    assert sheet.rows["unit"].iloc[1] is None


def test_a_frame_taken_from_rows_can_be_changed_in_place():
    """``sheet.rows`` keeps giving the frame it gave once (callers add columns to it)."""
    sheet = ParsedSheet(name="s", kind="welfare", rows=pd.DataFrame({"unit": ["东城", "西城"]}, dtype=object))
    sheet.rows["shoe_size"] = 42
    assert "shoe_size" in sheet.columns and sheet.rows["shoe_size"].tolist() == [42, 42]


def test_a_column_with_both_none_and_nan_is_kept_as_written():
    frame = pd.DataFrame({"unit": ["东城", None, math.nan]}, dtype=object)
    sheet = ParsedSheet(name="s", kind="welfare", rows=frame)
    values = sheet.rows["unit"].tolist()
    assert values[1] is None and math.isnan(values[2])


# ----------------------------------------------------------------- reading


def _ledger_workbook(sheets: int, rows: int) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index in range(sheets):
        sheet = workbook.create_sheet(f"{index + 1}月")
        sheet.append(["2024年帮扶慰问台账"])
        sheet.append(["序号", "日期", "单位", "慰问对象", "慰问事由", "金额", "人次"])
        for row in range(rows):
            amount = "500元" if row % 10 == 0 else 500
            sheet.append(
                [row + 1, f"2024-{index + 1:02d}-{row % 28 + 1:02d}", "华新机械有限公司工会", f"职工{row}", "住院慰问", amount, 1]
            )
        sheet.append(["合计", None, None, None, None, 500 * rows, rows])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_sheets_are_read_one_at_a_time_and_read_sheets_is_their_list():
    data = _ledger_workbook(sheets=3, rows=20)
    sheets = iter_sheets(data, "台账.xlsx")
    assert not isinstance(sheets, list)
    first = next(sheets)
    assert first.name == "1月" and len(first.rows) == 23
    assert [s.name for s in sheets] == ["2月", "3月"]
    assert [s.rows for s in read_sheets(data, "台账.xlsx")] == [s.rows for s in iter_sheets(data, "台账.xlsx")]


def test_equal_texts_of_a_sheet_are_one_object():
    [sheet] = read_sheets(_ledger_workbook(sheets=1, rows=50), "台账.xlsx")
    units = [row[2] for row in sheet.rows[2:-1]]
    assert len({id(unit) for unit in units}) == 1
    assert sheet.rows[2][0] == 1 and type(sheet.rows[2][0]) is int  # whole numbers stay int


def test_parse_sheet_takes_the_grid_and_parse_file_stores_every_row():
    data = _ledger_workbook(sheets=2, rows=40)
    [raw, _] = read_sheets(data, "台账.xlsx")
    parsed = parse_sheet(raw, "台账", ParseOptions())
    assert raw.rows == [] and parsed.stored == 40
    parsed_file = parse_file(data, "台账.xlsx")
    assert [s.stored for s in parsed_file.sheets] == [40, 40]
    assert all(not s.problems for s in parsed_file.sheets)  # 合计 rows agree with the rows
    assert parsed_file.sheets[0].rows["amount"].sum() == 500 * 40


# ----------------------------------------------------------------- masking pre-check

digit_texts = st.text(alphabet="0123456789０１２３４５６７８９ -－Xx\u3000\xa0+86职工电话", max_size=40)


@settings(max_examples=500, deadline=None)
@given(digit_texts)
def test_the_stores_pre_check_lets_through_every_text_that_would_be_masked(text):
    if mask_personal(text) != text:
        assert _LONG_DIGIT_RUN.search(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["13812345678", "138 1234 5678", "330211199001011234", "330211900101123", "１３８１２３４５６７８"]))
def test_known_personal_numbers_pass_the_pre_check(number):
    assert _LONG_DIGIT_RUN.search(f"联系电话:{number}") and mask_personal(number) != number


# ----------------------------------------------------------------- row types
# The rules of contract §1 for one row, written row by row as they were before the
# column-wise ``_row_types``: the oracle the fast version must agree with.
from unionstats.ingest.parse import (  # noqa: E402
    _FOOTER,
    _NOTES,
    EXAMPLE_MARKERS,
    TOTAL_WORDS,
    _folded,
    _header_key,
    _row_types,
    _text,
)


def row_type_rules(row: tuple, layout_keys: list[str], serial_col: int | None, name_col: int | None) -> str:
    """data | blank | total | footer | example | header | note (contract §1).

    Runs once per row of every sheet, so it looks at as few cells as it can: the first
    filled cell and the first text cell. Whatever is not clearly something else is data,
    so that it is stored or rejected with a reason, never dropped unseen.
    """
    first_index = -1
    first_any = None
    text_index = -1
    text_value = None
    filled = 0
    numbers = False
    i = -1
    for v in row:
        i += 1
        if v is None:
            continue
        if isinstance(v, str):
            if not v.strip():
                continue
            if text_index < 0:
                text_index, text_value = i, v
        elif isinstance(v, (int, float)):
            if v != v:  # NaN
                continue
            numbers = True
        filled += 1
        if first_index < 0:
            first_index, first_any = i, v
    if not filled:
        return "blank"
    if filled == 1 and first_index == serial_col:
        return "blank"  # a pre-numbered empty row of a form
    first_text = _folded(text_value).rstrip(":;,.。") if text_value is not None else ""
    if first_text.endswith(TOTAL_WORDS):
        return "total"
    if first_text.startswith("其中"):
        return "detail"  # 其中:非公企业 — a breakdown of the row above, already counted in it
    if isinstance(first_any, str):
        head = _folded(first_any)
        if _FOOTER.match(head) or (head.startswith(_NOTES) and not numbers):
            return "footer"
    if (
        serial_col is not None
        and serial_col < len(row)
        and isinstance(row[serial_col], str)
        and _text(row[serial_col]) in EXAMPLE_MARKERS
    ):
        return "example"
    if text_value is not None and text_index < len(layout_keys) and layout_keys[text_index] == _header_key(text_value):
        same = sum(
            1
            for i, v in enumerate(row)
            if isinstance(v, str) and i < len(layout_keys) and layout_keys[i] and _header_key(v) == layout_keys[i]
        )
        if same >= 2:
            return "header"  # the header repeated after a page break
    if filled == 1 and isinstance(first_any, str) and first_index != name_col:
        # one line of text: a group title (东城街道), a note, a date line, 单位:元 — it
        # holds no figures; only in a units registry is a lone name in the unit column a row
        return "note"
    return "data"


HEADER_KEYS = ["序号", "单位", "金额", "", "人次"]
row_cells = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", "合计", "小计:", "本月合计", "其中:非公企业", "填表人:张丽", "注:单位为元", "注:", "示例", "例"]),
    st.sampled_from(["单位", "金额", "人次", "序号", " 单位 ", "东城街道", "华新机械有限公司工会", "住院慰问", "1,200元"]),
    st.just(math.nan),
    st.integers(-3, 3),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.dates(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(row_cells, min_size=5, max_size=5), min_size=1, max_size=12),
    st.sampled_from([None, 0, 2]),
    st.sampled_from([None, 1]),
)
def test_row_types_follow_the_rules_row_by_row(rows, serial_col, name_col):
    cells = np.empty((len(rows), 5), dtype=object)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cells[r, c] = value
    expected = [row_type_rules(tuple(row), HEADER_KEYS, serial_col, name_col) for row in rows]
    assert list(_row_types(cells, HEADER_KEYS, serial_col, name_col)) == expected
