"""unionstats.output.tables: the one cell writer, number formats, CSV bytes and the 催报清单.

Every spreadsheet file the dashboard and the reports write goes through here, so these are
the promises that matter: a text that a spreadsheet would run stays inert text, a missing
number stays blank (never 0), each unit has its number format, CSV opens in Excel and WPS.
"""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from unionstats.metrics.catalog import MISSING, NOT_EXPECTED, REPORTED
from unionstats.output.tables import (
    COUNT_FORMAT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    SheetWriter,
    TableStyle,
    csv_bytes,
    display_width,
    excel_bytes,
    number_format,
    reminders_xlsx,
    workbook_bytes,
)

INJECTED = '=HYPERLINK("http://evil.example","点我")'


def written(*values, style: TableStyle = TableStyle(), number_format: str | None = None):
    """The cells of row 1 after writing ``values`` and opening the saved file again."""
    book = Workbook()
    writer = SheetWriter(book.active, style)
    for column, value in enumerate(values, start=1):
        writer.put(1, column, value, number_format=number_format)
    return list(load_workbook(io.BytesIO(workbook_bytes(book))).active[1])


@pytest.mark.parametrize(
    ("value", "stored", "data_type"),
    [
        (INJECTED, "'" + INJECTED, "s"),
        ("+1", "'+1", "s"),
        ("-2+3", "'-2+3", "s"),
        ("@SUM(A1)", "'@SUM(A1)", "s"),
        ("\t=1", "'\t=1", "s"),
        ("华新机械有限公司工会", "华新机械有限公司工会", "s"),
        ("a=b", "a=b", "s"),  # only the first character counts
        (12, 12, "n"),
        (0.963, 0.963, "n"),
        (True, True, "b"),
    ],
)
def test_a_cell_holds_text_as_inert_text_and_numbers_as_numbers(value, stored, data_type):
    (cell,) = written(value)
    assert (cell.value, cell.data_type) == (stored, data_type)


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, float("nan")])
def test_a_missing_number_stays_blank_never_zero(missing):
    (cell,) = written(missing, number_format=PERCENT_FORMAT)
    assert cell.value is None


def test_a_number_carries_its_format_and_text_does_not():
    number, text = written(0.5, "五成", number_format=PERCENT_FORMAT)
    assert number.number_format == PERCENT_FORMAT
    assert text.number_format == "General"


@pytest.mark.parametrize(
    ("metric", "part", "expected"),
    [
        ("membership_rate", None, PERCENT_FORMAT),  # 96.3%
        ("membership_rate", "numerator", COUNT_FORMAT),  # 会员人数
        ("membership_rate", "denominator", COUNT_FORMAT),  # 职工人数
        ("members", None, COUNT_FORMAT),
        ("welfare_count", None, COUNT_FORMAT),  # 人次
        ("dues_due", None, MONEY_FORMAT),
        ("dues_collection_rate", None, PERCENT_FORMAT),
        ("dues_collection_rate", "numerator", MONEY_FORMAT),  # 实缴金额
        ("dues_collection_rate", "denominator", MONEY_FORMAT),  # 应缴金额
        ("budget_execution_rate", "denominator", MONEY_FORMAT),  # 预算数
        ("welfare_per_member", None, MONEY_FORMAT),  # 元 per member
        ("welfare_per_member", "numerator", MONEY_FORMAT),  # 慰问金额
        ("welfare_per_member", "denominator", COUNT_FORMAT),  # 会员人数
        ("union_coverage_rate", "denominator", COUNT_FORMAT),  # units
    ],
)
def test_number_format_of_each_kind_of_figure(metric, part, expected):
    assert number_format(metric, part) == expected


def test_the_style_dresses_every_written_cell_header_and_total():
    book = Workbook()
    writer = SheetWriter(book.active, TableStyle(font_name="宋体", header_fill="F2DCDB", total_fill="F2F2F2", borders=True))
    writer.title("汇总表", size=16, across=3)
    writer.header(2, ["单位", "会员人数", "入会率"])
    writer.rows(3, [["甲", 90, 0.9], ["乙", None, None]], [None, COUNT_FORMAT, PERCENT_FORMAT])
    writer.mark_total(4, 3)
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet["A1"].font.size == 16 and sheet["A1"].font.b and sheet["A1"].border.left.style is None  # no frame on the title
    header = sheet["B2"]
    assert header.font.b and header.font.name == "宋体" and header.fill.fgColor.rgb.endswith("F2DCDB")
    assert header.alignment.horizontal == "center" and header.alignment.wrap_text
    assert sheet["A3"].font.name == "宋体" and sheet["A3"].border.left.style == "thin"
    assert (sheet["B3"].value, sheet["B3"].number_format) == (90, COUNT_FORMAT)
    assert sheet["C4"].value is None and sheet["C4"].border.left.style == "thin"  # a blank figure is still ruled
    assert sheet["C4"].font.b and sheet["C4"].fill.fgColor.rgb.endswith("F2F2F2")


def test_csv_is_utf8_with_a_bom_and_its_text_is_inert_too():
    frame = pd.DataFrame({"单位": [INJECTED, "甲厂"], "+人次": [1, 2]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel and WPS read the BOM as UTF-8
    assert "甲厂".encode() in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.columns.tolist() == ["单位", "'+人次"]  # a heading is a cell too
    assert back["单位"].tolist() == ["'" + INJECTED, "甲厂"]
    assert back["'+人次"].tolist() == [1, 2]


def test_excel_download_fits_its_columns_to_chinese_text():
    frame = pd.DataFrame({"单位": ["华新机械有限公司工会"], "n": [1]})
    long_name = "华新机械有限公司工会" * 4  # 40 characters
    sheet = load_workbook(io.BytesIO(excel_bytes(frame, sheet=long_name)))
    (name,) = sheet.sheetnames
    assert name == long_name[:31]  # Excel's limit on a sheet's name
    columns = sheet[name].column_dimensions
    assert columns["A"].width == display_width("华新机械有限公司工会") + 2 == 22
    assert columns["B"].width == 10  # never narrower than 10


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("工会", 4), ("A工会1", 6), ("", 0)])
def test_display_width_counts_a_chinese_character_as_two(text, width):
    assert display_width(text) == width


def test_the_reminder_list_is_an_office_table_of_units_by_kind():
    reminders = pd.DataFrame(
        [
            ("东城街道总工会", "丁工会", MISSING, MISSING, NOT_EXPECTED),
            ("西城街道总工会", INJECTED, MISSING, REPORTED, REPORTED),
        ],
        columns=["parent", "unit", "membership", "dues", "welfare"],
    )
    data = reminders_xlsx(reminders, title="2024年催报清单", line="统计范围:全区    统计期间:2024年")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "催报清单"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=5)] == [
        ["2024年催报清单", None, None, None, None, None],
        ["统计范围:全区    统计期间:2024年", None, None, None, None, None],
        ["序号", "上级工会", "单位", "会员统计", "经费收缴", "帮扶慰问"],
        [1, "东城街道总工会", "丁工会", "未报送", "未报送", "无需报送"],
        [2, "西城街道总工会", "'" + INJECTED, "未报送", "已报送", "已报送"],
    ]
    assert sheet.cell(5, 3).data_type == "s"  # the injected name is text, never a formula
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:F1", "A2:F2"}
    assert sheet.freeze_panes == "D4"
    assert sheet.cell(4, 4).font.b and sheet.cell(4, 4).font.color.rgb.endswith("C00000")  # 未报送 stands out
    assert not sheet.cell(5, 5).font.b
    assert sheet.cell(3, 1).font.name == "宋体" and sheet.cell(4, 3).border.left.style == "thin"
    assert sheet.column_dimensions["C"].width >= display_width("'" + INJECTED)


def test_an_empty_reminder_list_is_still_a_table():
    reminders = pd.DataFrame(columns=["unit", "parent", "dues"], dtype=object)
    sheet = load_workbook(io.BytesIO(reminders_xlsx(reminders, title="催报", line="统计期间:2024年5月"))).active
    assert [c.value for c in sheet[3]] == ["序号", "上级工会", "单位", "经费收缴"]
    assert sheet.max_row == 3
