"""metrics/roster.py: a 会员名册's figures counted from its own rows (the import preview) — by hand,
and the same as compute_metrics gives once the roster is stored (contract §3.7), on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.workbooks import ROSTER_HEADER, platform_roster, xlsx
from unionstats.importer import import_bytes, preview_bytes, preview_report
from unionstats.metrics.compute import compute_metrics, records
from unionstats.metrics.roster import ROSTER_COLUMNS, roster_figures, roster_totals
from unionstats.sample.roster import made_up_id

TODAY = dt.date(2025, 1, 15)


def person_id(year: int, sequence: int, *, female: bool) -> str:
    return made_up_id(dt.date(year, 3, 7), sequence, female)


def bad_check_digit(good: str) -> str:
    return good[:17] + ("0" if good[17] != "0" else "1")


# 和平: a one-unit platform export. By hand: 7 people; members 5 (转出 and 退会 leave); women 2 (乙's
# sex is read from the ID: a man); migrants 2; new 2 (甲 入会 in 2024, 己 入会 undated; 乙 转入 is
# not new, 丙 joined 2015); 实名制 3 (丙's check digit is wrong, 己 has no ID).
PEACE = [
    [1, "甲某", person_id(1985, 1, female=True), "女", "1985-03-07", "入会", "2024-03-01", "农业户口"],
    [2, "乙某", person_id(1990, 2, female=False), None, None, "转入", "2024-05-01", "非农业户口"],
    [3, "丙某", bad_check_digit(person_id(1979, 3, female=False)), "男", None, "保留", "2015-06-01", None],
    [4, "丁某", person_id(1970, 4, female=True), "女", None, "转出", "2024-08-01", "农业户口"],
    [5, "戊某", person_id(1966, 5, female=False), "男", None, "在册", "2001-01-01", "农业户口"],
    [6, "己某", None, "女", "1995-10-01", "入会", None, "非农业户口"],
    [7, "庚某", person_id(1988, 7, female=True), "女", None, "退会", "2024-02-01", "非农业户口"],
]
# 街道: two units in one sheet (所在工会). 乙工会 gives no sex, no valid ID, no 户籍 and no dates:
# its 女会员 and 农民工会员 cannot be counted (None), as in the store.
STREET = [
    ["2024年度会员名册"],
    ["序号", "姓名", "所在工会", *ROSTER_HEADER[2:]],
    [1, "张某", "测试甲工会", person_id(1980, 11, female=True), "女", None, "入会", "2024-06-01", "城镇户口"],
    [2, "李某", "测试甲工会", person_id(1981, 12, female=False), "男", None, "转出", "2024-07-01", "农业户口"],
    [3, "王某", "测试乙工会", bad_check_digit(person_id(1982, 13, female=True)), None, None, None, None, None],
    [4, "赵某", "测试乙工会", None, None, None, "在册", None, None],
]
# a membership table of the same units and year without the figures a roster gives but 会员人数 (the
# table's 会员人数 stands, §3.7): 女会员, 农民工会员, 新发展会员 and 实名制录入 enter the metrics from the
# roster (``compute._roster_sums``), as the numerators of the rates over the table's 职工 figures
TABLE = [
    ["2024年会员统计表"],
    ["单位名称", "年度", "职工人数", "女职工人数", "农民工人数", "会员人数"],
    ["测试和平社区工会", 2024, 10, 6, 4, 9],
    ["测试甲工会", 2024, 5, 3, 2, 4],
    ["测试乙工会", 2024, 4, 2, 1, 3],
]
ROSTER = xlsx(("和平社区", platform_roster("测试和平社区工会", PEACE)), ("街道名册", STREET))


def figures_of(preview) -> dict[str, dict]:
    """unit → the roster figures of the preview's report (every roster sheet)."""
    report = preview_report(preview)
    return {found["unit"]: found for sheet in report["sheets"] for found in sheet.get("roster", [])}


def metric(frame: pd.DataFrame, metric_id: str, unit: str, category: str | None = None) -> dict | None:
    found = [
        r for r in records(frame) if (r["metric"], r["unit"], r["category"], r["period"]) == (metric_id, unit, category, "2024")
    ]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_roster_is_counted_as_by_hand_before_it_is_stored(engine):
    figures = figures_of(preview_bytes(engine, ROSTER, "2024年名册.xlsx", today=TODAY))
    assert figures["测试和平社区工会"] == {
        "unit": "测试和平社区工会",
        "year": "2024",
        "people": 7,
        "members": 5,
        "female_members": 2,
        "migrant_members": 2,
        "new_members": 2,
        "realname_members": 3,
        "realname_rate": pytest.approx(0.6),
    }
    assert (figures["测试甲工会"]["people"], figures["测试甲工会"]["members"], figures["测试甲工会"]["new_members"]) == (2, 1, 1)
    other = figures["测试乙工会"]
    assert (other["members"], other["realname_members"], other["realname_rate"]) == (2, 0, 0.0)
    assert (other["female_members"], other["migrant_members"], other["new_members"]) == (None, None, None)


def test_the_preview_agrees_with_compute_metrics_once_stored(engine):
    figures = figures_of(preview_bytes(engine, ROSTER, "2024年名册.xlsx", today=TODAY))
    for data, name in ((TABLE, "2024年会员统计表.xlsx"), (ROSTER, "2024年名册.xlsx")):
        report, _ = import_bytes(engine, xlsx(data) if data is TABLE else data, name, today=TODAY)
        assert report["status"] == "imported" and report["batch"], report
    frame = compute_metrics(engine, by="unit", years=("2024", "2024"))
    assert set(figures) == {"测试和平社区工会", "测试甲工会", "测试乙工会"}
    for unit, found in figures.items():
        table_members = next(row[5] for row in TABLE[2:] if row[0] == unit)
        assert metric(frame, "members", unit)["value"] == table_members  # the table's figure stands
        assert metric(frame, "members_by_group", unit)["value"] == found["members"]  # the roster's members
        realname = metric(frame, "realname_rate", unit)
        assert (realname["numerator"], realname["denominator"]) == (found["realname_members"], table_members)
        for metric_id, name in (("female_membership_rate", "female_members"), ("migrant_membership_rate", "migrant_members")):
            rate = metric(frame, metric_id, unit)
            assert (rate["numerator"] if rate else None) == found[name], (unit, metric_id)
        new = metric(frame, "new_members", unit)
        assert (new["value"] if new else None) == found["new_members"], unit


def test_rows_of_several_units_and_years_are_counted_apart_and_summed_per_year():
    rows = pd.DataFrame(
        [
            ("甲", "2024", "女", True, "2024", "入会", True),
            ("甲", "2023", "男", False, "2010", "在册", False),
            ("乙", "2024", None, None, None, "除名", True),
            ("乙", "2024", "男", None, None, "在册", True),
        ],
        columns=list(ROSTER_COLUMNS),
    )
    found = roster_figures(rows)
    assert [(f["unit"], f["year"], f["people"], f["members"]) for f in found] == [
        ("乙", "2024", 2, 1),
        ("甲", "2023", 1, 1),
        ("甲", "2024", 1, 1),
    ]
    assert (found[0]["female_members"], found[0]["migrant_members"], found[0]["new_members"]) == (0, None, None)
    totals = roster_totals(found)
    assert [(t["year"], t["units"], t["people"], t["members"], t["migrant_members"]) for t in totals] == [
        ("2023", 1, 1, 1, 0),
        ("2024", 2, 3, 2, 1),  # 乙 gives no 农民工 figure: the sum is 甲's
    ]
    assert totals[1]["realname_rate"] == pytest.approx(1.0)
    assert roster_figures(rows.iloc[0:0]) == []
