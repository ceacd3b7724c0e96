"""unionstats.report.xlsx: the 汇总表, opened again with openpyxl.

Each unit's row holds its metrics; the 合计 row the scope's (a rate: ratio of sums, from
``compute_metrics(by="all")``); text cells are safe against formula injection.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.report.ledgers import EAST, A, B, C, D, N
from tests.report.sample import PARENT, YEAR
from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.metrics.catalog import reporting_status
from unionstats.metrics.compute import compute_metrics
from unionstats.output.tables import safe_text
from unionstats.report.model import build_report
from unionstats.report.xlsx import NOT_EXPECTED, NOT_REPORTED, NOTE_HEADER, TOTAL_LABEL, comparison_xlsx, write_xlsx


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
    assert book.sheetnames == ["会员", "会员构成", "经费收缴", "经费收支", "帮扶慰问", "劳动竞赛", "活动与培训", "建会情况"]
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


def test_the_membership_sheet_has_the_counts_behind_each_rate(sample_engine):
    book = load_workbook(io.BytesIO(write_xlsx(build_report(sample_engine, YEAR, parent=PARENT))))
    rows = sheet_rows(book["会员"])
    units = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), parents=[PARENT])
    scope = compute_metrics(sample_engine, years=(YEAR, YEAR), parents=[PARENT])
    female = scope[(scope["metric"] == "female_membership_rate") & scope["category"].isna()].iloc[0]
    # 合计: the two sums and their ratio, as compute_metrics gives them
    assert rows[TOTAL_LABEL]["女职工人数"] == female["denominator"]
    assert rows[TOTAL_LABEL]["女会员人数"] == female["numerator"]
    assert rows[TOTAL_LABEL]["女职工入会率"] == pytest.approx(female["numerator"] / female["denominator"])
    for record in units[(units["metric"] == "female_membership_rate") & units["value"].notna()].itertuples():
        assert rows[record.unit]["女会员人数"] == record.numerator
        assert rows[record.unit]["女职工人数"] == record.denominator
    assert [row[0] for row in book["会员"].iter_rows(min_row=4, max_row=5, values_only=True)] == [1, 2]  # 序号
    balances = sheet_rows(book["经费收支"])
    closing = scope[scope["metric"] == "closing_balance"]["value"].iloc[0]
    assert balances[TOTAL_LABEL]["本年结余"] == pytest.approx(closing)


def test_a_district_sheet_lists_the_units_that_did_not_report(district):
    book = load_workbook(io.BytesIO(write_xlsx(build_report(district, 2024, parent=EAST))))
    rows = sheet_rows(book["会员"])
    assert list(rows) == [D, B, A, TOTAL_LABEL]  # one 上级工会, by name: 丁 (U+4E01), 乙 (U+4E59), 甲 (U+7532)
    assert rows[D][NOTE_HEADER] == NOT_REPORTED and rows[D]["会员人数"] is None  # missing, never 0
    assert rows[A][NOTE_HEADER] is None and rows[A]["会员人数"] == 96
    assert N not in rows  # 未建会: not expected to report
    assert "女职工人数" not in rows[A]  # no unit gave it: no empty column
    assert sheet_rows(book["经费收缴"])[D][NOTE_HEADER] == NOT_REPORTED


def test_the_comparison_workbook_lists_every_unit_with_counts_and_a_total(district):
    by_unit = compute_metrics(district, by="unit", years=("2024", "2024"))
    overall = compute_metrics(district, years=("2024", "2024"))
    status = reporting_status(district, "membership", "2024")
    groups = list(zip(status["unit"], status["parent"], status["expected"], strict=True))
    book = load_workbook(
        io.BytesIO(comparison_xlsx(by_unit, overall, "2024", groups, title="2024年各单位主要指标对比", scope="全区"))
    )
    sheet = book["单位对比"]
    assert sheet["A1"].value == "2024年各单位主要指标对比"
    rows = sheet_rows(sheet)
    assert set(rows) == {A, B, C, D, N, TOTAL_LABEL}  # every unit, reported or not
    assert rows[D][NOTE_HEADER] == NOT_REPORTED and rows[N][NOTE_HEADER] == NOT_EXPECTED
    assert sorted(r["序号"] for u, r in rows.items() if u != TOTAL_LABEL) == [1, 2, 3, 4, 5]
    rate = overall[(overall["metric"] == "membership_rate") & overall["category"].isna()].iloc[0]
    assert rows[TOTAL_LABEL]["职工人数"] == rate["denominator"] == 350
    assert rows[TOTAL_LABEL]["入会率"] == pytest.approx(rate["numerator"] / rate["denominator"])
    assert rows[B]["应缴金额"] == 2000 and rows[B]["实缴金额"] == 1500 and rows[B]["收缴率"] == pytest.approx(0.75)
    assert rows[TOTAL_LABEL]["收缴率"] == pytest.approx(2500 / 3000)  # Σ 实缴 / Σ 应缴, not the mean of 100% and 75%


# --- §3.8 activities -------------------------------------------------------------------------


def test_the_activity_sheet_has_each_units_figures_by_type_and_the_scopes_total(sample_engine):
    book = load_workbook(io.BytesIO(write_xlsx(build_report(sample_engine, YEAR))))
    sheet = book["活动与培训"]
    assert sheet["A1"].value.endswith(f"{YEAR}年度职工活动与培训汇总表")
    rows = sheet_rows(sheet)
    units = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), only=["activity_sessions", "activity_participants"])
    scope = compute_metrics(sample_engine, years=(YEAR, YEAR))

    def figures(table, metric, category=None):
        picked = table[table["metric"] == metric]
        picked = picked[picked["category"].isna()] if category is None else picked[picked["category"] == category]
        return picked

    sessions = figures(units, "activity_sessions").set_index("unit")["value"]
    assert set(rows) - {TOTAL_LABEL} >= set(sessions.index) and len(sessions) >= 8
    for unit, value in sessions.items():
        assert rows[unit]["活动场次"] == value
        assert rows[unit]["参与人次"] == figures(units, "activity_participants").set_index("unit")["value"][unit]
    assert rows[TOTAL_LABEL]["活动场次"] == figures(scope, "activity_sessions")["value"].iloc[0]
    assert rows[TOTAL_LABEL]["活动经费"] == pytest.approx(figures(scope, "activity_spend")["value"].iloc[0])
    training = figures(scope, "activity_participants", "培训")["value"].iloc[0]
    assert rows[TOTAL_LABEL]["培训人次"] == training
    assert rows[TOTAL_LABEL]["培训场次"] == figures(scope, "activity_sessions", "培训")["value"].iloc[0]


def test_the_make_up_sheet_holds_each_rosters_groups_and_their_total(sample_engine):
    """§3.7: 会员构成 per unit with a roster, the 合计 row the scope's members_by_group."""
    book = load_workbook(io.BytesIO(write_xlsx(build_report(sample_engine, YEAR))))
    rows = sheet_rows(book["会员构成"])
    units = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), only=["members_by_group"])
    scope = compute_metrics(sample_engine, years=(YEAR, YEAR), only=["members_by_group"])
    assert set(rows) == {"和平社区工会", "佳味餐饮管理有限公司工会", "南湖中心幼儿园工会", TOTAL_LABEL}
    for record in units.itertuples():
        header = "名册会员人数" if record.category is None else record.category
        assert rows[record.unit][header] == record.value
    for record in scope.itertuples():
        assert rows[TOTAL_LABEL]["名册会员人数" if record.category is None else record.category] == record.value
    assert rows[TOTAL_LABEL]["名册会员人数"] == 129
