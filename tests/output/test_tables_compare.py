"""unionstats.output.tables: the 单位对比 workbook, text cells safe from formula injection."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from unionstats.output.tables import safe_text, summary_table_xlsx

INJECTED = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (INJECTED, "'" + INJECTED),
        ("+1", "'+1"),
        ("-A1", "'-A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("华新机械有限公司工会", "华新机械有限公司工会"),
        ("a=b", "a=b"),
    ],
)
def test_safe_text(text, written):
    assert safe_text(text) == written


def comparison() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": ["华新机械有限公司工会", INJECTED],
            "parent": ["东城街道总工会", "-2+3"],
            "membership_rate": [0.966, math.nan],
            "members": [288.0, 40.0],
            "dues_collected": [831000.5, None],
        }
    )


def sheet_of(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_a_formula_in_a_unit_name_comes_back_as_text():
    ws = sheet_of(summary_table_xlsx(comparison(), title="2024年各单位主要指标对比"))
    unit, parent = ws["A4"], ws["B4"]
    assert unit.data_type == "s" and unit.value == "'" + INJECTED
    assert parent.data_type == "s" and parent.value == "'-2+3"
    assert ws["A3"].value == "华新机械有限公司工会"  # ordinary names untouched


def test_layout_numbers_and_total_row():
    total = {"membership_rate": 0.95, "members": 328.0, "dues_collected": 831000.5}
    ws = sheet_of(summary_table_xlsx(comparison(), title="2024年对比", total=total))
    assert ws["A1"].value == "2024年对比"
    assert [c.value for c in ws[2]] == ["单位", "上级工会", "入会率", "会员人数(人)", "实缴(元)"]
    assert (ws["C3"].value, ws["C3"].number_format) == (0.966, "0.0%")
    assert ws["C4"].value is None  # a missing rate stays blank, never 0
    assert (ws["D3"].value, ws["D3"].number_format) == (288, "#,##0")
    assert ws["E3"].number_format == "#,##0.00"
    assert [c.value for c in ws[5]] == ["全区合计", None, 0.95, 328, 831000.5]
    assert ws.freeze_panes == "C3"
