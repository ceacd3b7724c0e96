"""unionstats.output.tables: the 数据表 of a page, and its CSV and Excel bytes safe from formulas."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.tidy import tidy
from unionstats.output.tables import csv_bytes, excel_bytes, metrics_sheet

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
    raw = metrics_sheet(table, raw=True)
    assert raw["原值"].iloc[0] == pytest.approx(1234 / 1281)
    assert metrics_sheet(table.iloc[0:0]).columns.tolist() == ["指标", "单位", "期间", "类别", "数值", "分子", "分母"]


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
