"""unionstats.report.xlsx: the 汇总表, opened again with openpyxl.

Each unit's row holds its metrics; the 合计 row the scope's (a rate: ratio of sums, from
``compute_metrics(by="all")``); text cells are safe against formula injection.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.report.sample import PARENT, YEAR
from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.output.tables import safe_text
from unionstats.report.model import build_report
from unionstats.report.xlsx import TOTAL_LABEL, write_xlsx


def sheet_rows(sheet):
    """{unit or 合计: {header: value}} of a 汇总表 sheet (header on row 3)."""
    headers = [c.value for c in sheet[3]]
    rows = {}
    for row in sheet.iter_rows(min_row=4, values_only=True):
        key = row[1] if row[0] != TOTAL_LABEL else TOTAL_LABEL
        rows[key] = dict(zip(headers, row, strict=True))
    return rows


def test_each_sheet_has_unit_rows_and_a_total_row_from_the_metrics(sample_engine):
    book = load_workbook(io.BytesIO(write_xlsx(build_report(sample_engine, YEAR, parent=PARENT))))
    assert book.sheetnames == ["会员", "经费收缴", "经费收支", "帮扶慰问", "劳动竞赛", "建会情况"]
    units = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), parents=[PARENT])
    scope = compute_metrics(sample_engine, years=(YEAR, YEAR), parents=[PARENT])

    def unit_value(unit, metric, part="value", category=None):
        rows = units[(units["unit"] == unit) & (units["metric"] == metric)]
        rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
        return rows[part].iloc[0]

    def total(metric, part="value", category=None):
        rows = scope[scope["metric"] == metric]
        rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
        return rows[part].iloc[0]

    sheet = book["会员"]
    assert sheet["A1"].value == f"{PARENT}{YEAR}年度会员统计汇总表"
    assert sheet["A2"].value.startswith(f"填报单位:{PARENT}    统计期间:{YEAR}年")
    assert sheet.freeze_panes == "D4"
    rows = sheet_rows(sheet)
    members = units[(units["metric"] == "members") & units["value"].notna()]
    assert set(rows) - {TOTAL_LABEL} == set(members["unit"])
    for unit in members["unit"]:
        assert rows[unit]["会员人数"] == unit_value(unit, "members")
        assert rows[unit]["职工人数"] == unit_value(unit, "membership_rate", "denominator")
        assert rows[unit]["入会率"] == pytest.approx(unit_value(unit, "membership_rate"))
    assert rows[TOTAL_LABEL]["入会率"] == pytest.approx(total("membership_rate"))
    # the total is the ratio of the sums, not the mean of the units' rates
    unit_rates = [rows[u]["入会率"] for u in members["unit"]]
    assert rows[TOTAL_LABEL]["入会率"] != pytest.approx(sum(unit_rates) / len(unit_rates))
    assert rows[TOTAL_LABEL]["会员人数"] == total("members")
    rate_cell = next(c for c in sheet[4 + len(members)] if c.value == rows[TOTAL_LABEL]["入会率"])
    assert rate_cell.number_format == "0.0%"

    rows = sheet_rows(book["经费收缴"])
    assert rows[TOTAL_LABEL]["收缴率"] == pytest.approx(total("dues_collection_rate"))
    assert rows[TOTAL_LABEL]["工会经费收缴率"] == pytest.approx(total("dues_collection_rate", category="工会经费"))
    assert rows[TOTAL_LABEL]["应缴金额"] == pytest.approx(total("dues_due"))
    assert rows[UNIT_WITH_DUES]["实缴金额"] == pytest.approx(unit_value(UNIT_WITH_DUES, "dues_collected"))

    rows = sheet_rows(book["帮扶慰问"])
    assert rows["华新机械有限公司工会"]["慰问金额"] == 34500
    assert rows["华新机械有限公司工会"]["住院慰问金额"] == 4000
    assert rows[TOTAL_LABEL]["慰问人次"] == total("welfare_count")

    rows = sheet_rows(book["建会情况"])
    assert {r["已建会"] for u, r in rows.items() if u != TOTAL_LABEL} <= {"是", "否"}
    assert rows[TOTAL_LABEL]["已建会"] == pytest.approx(total("union_coverage_rate"))


UNIT_WITH_DUES = "华新机械有限公司工会"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "+1", "@SUM(A1)", "-2", "\tcmd", "\rx"])
def test_safe_text_defuses_formula_starts(text):
    assert safe_text(text) == "'" + text
    assert safe_text("华新机械有限公司工会") == "华新机械有限公司工会"


def test_unit_names_that_look_like_formulas_stay_text(engine):
    evil = ['=HYPERLINK("http://evil","x")', "+1", "@SUM(A1)", "-2"]
    rows = [["单位", "年度", "职工人数", "会员人数"], *([name, 2023, 100 + i, 90 + i] for i, name in enumerate(evil))]
    report, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=dt.date(2024, 1, 31))
    assert report["status"] == "imported", report

    book = load_workbook(io.BytesIO(write_xlsx(build_report(engine, 2023))))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    texts = [cell for cell in cells if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in texts)  # never a formula cell
    assert not [c.value for c in texts if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    shown = {c.value for c in texts}
    stored = set(compute_metrics(engine, by="unit")["unit"])
    assert {"'" + name for name in stored} <= shown
