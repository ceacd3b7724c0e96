"""unionstats.output.tables: the 数据表 of a page, and its CSV and Excel bytes safe from formulas."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.tidy import tidy
from unionstats.output.tables import csv_bytes, excel_bytes, metrics_download, metrics_sheet

NAN = math.nan


def test_metrics_sheet_formats_every_figure_in_its_unit():
    table = tidy(
        ("membership_rate", "全部", "2023", None, 1234 / 1281, 1234, 1281),
        ("dues_collection_rate", "甲厂", "2023-05", "会费", 0.9, 900_000, 1_000_000),
        ("welfare_amount", "全部", "2023", "住院慰问", 4_000, NAN, NAN),
        ("welfare_count", "全部", "2023", None, NAN, NAN, NAN),
    )
    sheet = metrics_sheet(table)
    assert sheet.values.tolist() == [
        ["入会率", "全部", "2023年", "合计", "96.3%", "1,234", "1,281"],
        ["经费收缴率", "甲厂", "2023年5月", "会费", "90.0%", "90.0万元", "100.0万元"],
        ["慰问金额", "全部", "2023年", "住院慰问", "4,000元", "", ""],
        ["慰问人次", "全部", "2023年", "合计", "—", "", ""],
    ]
    assert metrics_sheet(table.iloc[0:0]).columns.tolist() == ["指标", "单位", "期间", "类别", "数值", "分子", "分母"]


def test_a_download_holds_numbers_at_full_precision_with_their_unit_beside_them():
    table = tidy(
        ("membership_rate", "全部", "2023", None, 1234 / 1281, 1234, 1281),
        ("dues_collection_rate", "甲厂", "2023-05", "会费", 932_987.65 / 1_000_000.5, 932_987.65, 1_000_000.5),
        ("welfare_amount", "全部", "2023", "住院慰问", 932_987.65, NAN, NAN),
        ("welfare_count", "全部", "2023", None, NAN, NAN, NAN),
    )
    sheet = metrics_download(table)
    assert sheet.columns.tolist() == ["指标", "单位", "期间", "类别", "数值", "计量单位", "分子", "分母", "分子项", "分母项"]
    rate, dues, amount, missing = sheet.to_dict("records")
    assert rate["数值"] == pytest.approx(100 * 1234 / 1281, abs=1e-10) and rate["计量单位"] == "%"
    assert (rate["分子"], rate["分母"], rate["分子项"], rate["分母项"]) == (1234, 1281, "会员人数", "职工人数")
    # money in 元 and unrounded, never "93.3万元"; its parts are money too
    assert (dues["分子"], dues["分母"], dues["分子项"], dues["分母项"]) == (
        932_987.65,
        1_000_000.5,
        "实缴金额(元)",
        "应缴金额(元)",
    )
    assert (amount["数值"], amount["计量单位"]) == (932_987.65, "元") and pd.isna(amount["分子"])
    assert pd.isna(missing["数值"]) and missing["计量单位"] == "人次"  # blank, never 0
    # and so in the files: numbers a spreadsheet can sum, not text
    back = pd.read_csv(io.BytesIO(csv_bytes(sheet)), encoding="utf-8-sig")
    assert back["数值"].iloc[2] == 932_987.65 and back["分母"].iloc[1] == 1_000_000.5
    cells = load_workbook(io.BytesIO(excel_bytes(sheet)))["数据"]
    assert cells["E4"].value == 932_987.65 and cells["E4"].data_type == "n" and cells["F4"].value == "元"


FRAME = pd.DataFrame({"单位": ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "甲厂"], "人次": [1, 2, 3, 4, 5, 6]})


def test_csv_is_utf8_with_bom_and_text_that_would_run_is_quoted():
    data = csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["单位"].tolist() == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "甲厂"]
    assert back["人次"].tolist() == [1, 2, 3, 4, 5, 6]


def test_excel_keeps_text_as_text_and_numbers_as_numbers():
    sheet = load_workbook(io.BytesIO(excel_bytes(FRAME, sheet="会员统计")))["会员统计"]
    assert [c.value for c in sheet[1]] == ["单位", "人次"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)  # never a formula
    assert [c.value for c in cells][:2] == ['\'=HYPERLINK("http://x")', "'+1"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1, 2, 3, 4, 5, 6]
    assert sheet.freeze_panes == "A2"
