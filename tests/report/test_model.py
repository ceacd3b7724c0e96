"""unionstats.report.model: the one report model, on a small store written out here.

Three units under two 上级工会 with two years of membership and one welfare ledger. Every
figure the model holds is compared with ``compute_metrics`` for the same year and scope
(the one implementation of every metric), never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from tests.report.ledgers import EAST, WEST, A, B, C, D, load, membership, units_info, welfare
from unionstats.errors import UsageError
from unionstats.formatting import count, metric_value, points
from unionstats.metrics.catalog import reporting_status
from unionstats.metrics.compute import compute_metrics
from unionstats.report.model import MAIN_FIGURES, TREND_YEARS, NoReportDataError, ReportScope, build_report
from unionstats.rules.metrics import ALL_UNITS
from unionstats.rules.sentences import REPORTED_KINDS

TODAY = dt.date(2025, 3, 1)


@pytest.fixture
def small(engine):
    """A (东城), B (东城), C (西城); membership for 2023 and 2024; welfare of A and C in 2024."""
    load(engine, units_info([(A, EAST), (B, EAST), (C, WEST)]), "单位信息登记表.xlsx")
    rows = [
        (A, EAST, 2023, 100, 90),
        (B, EAST, 2023, 200, 150),
        (C, WEST, 2023, 50, 50),
        (A, EAST, 2024, 100, 96),
        (B, EAST, 2024, 200, 160),
        (C, WEST, 2024, 50, 45),
    ]
    load(engine, membership(rows), "会员统计表.xlsx")
    load(engine, welfare([(A, 2024, "住院慰问", 3, 1500), (C, 2024, "困难帮扶", 2, 2000)]), "帮扶慰问台账.xlsx")
    return engine


def same(a, b) -> bool:
    """Equal figures, two missing ones included."""
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return a is None and (b is None or math.isnan(b))
    return a == pytest.approx(b)


@pytest.mark.parametrize(
    ("scope", "query"),
    [({}, {}), ({"parent": EAST}, {"parents": [EAST]}), ({"unit": C}, {"units": [C]})],
    ids=["all", "parent", "unit"],
)
def test_every_figure_of_the_year_is_compute_metrics_for_the_scope(small, scope, query):
    model = build_report(small, 2024, **scope, today=TODAY)
    expected = compute_metrics(small, years=("2024", "2024"), **query)
    assert len(expected) > 0
    for row in expected.itertuples():
        category = row.category if isinstance(row.category, str) else None
        assert same(model.value(row.metric, category), row.value), (row.metric, category)


def test_the_units_table_is_compute_metrics_by_unit(small):
    model = build_report(small, 2024, parent=EAST, today=TODAY)
    expected = compute_metrics(small, by="unit", years=("2024", "2024"), parents=[EAST])
    assert model.unit_names() == [B, A]  # by 上级工会, then name: 乙 (U+4E59) before 甲 (U+7532)
    for row in expected[expected["category"].isna()].itertuples():
        assert same(model.unit_value(row.unit, row.metric), row.value), (row.unit, row.metric)
    assert model.parents == {A: EAST, B: EAST}


def test_the_trend_covers_the_years_up_to_the_report_and_changes_are_differences(small):
    model = build_report(small, 2024, today=TODAY)
    assert model.previous_year == "2023" and model.years() == ["2023", "2024"]
    assert set(model.trend["period"]) <= {str(y) for y in range(2024 - TREND_YEARS + 1, 2025)}
    assert set(model.trend["unit"]) == {ALL_UNITS}
    before = compute_metrics(small, years=("2023", "2023")).set_index("metric")
    now = compute_metrics(small, years=("2024", "2024"))
    now = now[now["category"].isna()].set_index("metric")
    assert model.change("members") == pytest.approx(now.at["members", "value"] - before.at["members", "value"])
    assert model.change("membership_rate") == pytest.approx(
        now.at["membership_rate", "value"] - before.at["membership_rate", "value"]
    )
    assert model.change("welfare_amount") is None  # no welfare in 2023: no change, not the whole amount


def test_a_unit_is_ranked_among_the_units_of_its_parent(small):
    # 入会率 2024: A 96%, B 80% (both 东城)
    assert build_report(small, 2024, unit=A, today=TODAY).rank("membership_rate") == (1, 2)
    model = build_report(small, 2024, unit=B, today=TODAY)
    assert model.rank("membership_rate") == (2, 2)
    assert model.rank_group == f"{EAST}所属单位"
    assert build_report(small, 2024, today=TODAY).rank("membership_rate") is None  # all units: nothing to rank against


def test_a_parent_is_ranked_among_the_parents(small):
    model = build_report(small, 2024, parent=WEST, today=TODAY)
    by_parent = compute_metrics(small, by="parent", years=("2024", "2024"))
    rates = by_parent[(by_parent["metric"] == "membership_rate") & by_parent["category"].isna()].set_index("unit")["value"]
    assert model.rank("membership_rate") == (1 if rates[WEST] > rates[EAST] else 2, 2)
    assert model.rank_group == "全区"


def test_areas_and_main_figures_are_those_with_figures(small):
    district = build_report(small, 2024, today=TODAY)
    assert district.areas() == ["membership", "units", "welfare"]
    assert [m for m, _ in district.main_figures()] == [m for m in MAIN_FIGURES if district.value(m) is not None]
    unit = build_report(small, 2024, unit=B, today=TODAY)
    assert unit.areas() == ["membership"]  # no 基层工会组建 for one unit, and B has no welfare
    assert "union_coverage_rate" not in dict(unit.main_figures())


def test_facts_are_the_figures_as_written_and_leave_missing_ones_out(small):
    model = build_report(small, 2024, unit=A, today=TODAY)
    facts = model.facts()
    assert facts["membership_rate"] == metric_value("membership_rate", model.value("membership_rate")) == "96.0%"
    assert facts["membership_rate_numerator"] == count(96) and facts["membership_rate_denominator"] == count(100)
    assert facts["membership_rate_change"] == points(model.change("membership_rate"))
    assert facts["membership_rate_rank"] == "1" and facts["membership_rate_peers"] == "2家"
    assert facts["welfare_amount"] == metric_value("welfare_amount", 1500)
    assert "welfare_amount_change" not in facts  # no 2023 figure
    assert "dues_collection_rate" not in facts  # no dues ledger: no figure, not 0
    assert facts["title"] == A and facts["year"] == "2024"


def test_the_scope_and_its_title(small):
    assert build_report(small, 2024, today=TODAY).title == "全区"
    model = build_report(small, 2024, parent=EAST, today=TODAY)
    assert model.scope == ReportScope(parent=EAST) and model.scope.kind == "parent"
    assert model.heading == f"{EAST}2024年度工会工作统计报告"
    assert model.generated_on == TODAY


@pytest.mark.parametrize(
    ("year", "scope", "error"),
    [
        ("24", {}, UsageError),
        (2024, {"unit": A, "parent": EAST}, UsageError),
        (2024, {"unit": "不存在的工会"}, UsageError),
        (2024, {"parent": "不存在的总工会"}, UsageError),
        (2020, {}, NoReportDataError),
    ],
)
def test_wrong_requests_say_what_is_wrong(small, year, scope, error):
    with pytest.raises(error) as raised:
        build_report(small, year, **scope, today=TODAY)
    assert raised.value.message  # one Chinese sentence for the page and the CLI


def test_a_group_report_knows_who_was_expected_to_report(district):
    model = build_report(district, 2024, parent=EAST, today=TODAY)
    assert model.is_group
    for kind in REPORTED_KINDS:
        status = reporting_status(district, kind, "2024", parents=[EAST])
        assert model.reporting[kind]["unit"].tolist() == status.loc[status["expected"], "unit"].tolist()
        assert model.missing_reports(kind) == [D]
    assert model.below_target("membership_rate") == ([B], 2)  # 乙 80% under 95%; 甲 and 乙 have a rate
    assert model.below_target("female_membership_rate") is None  # no target
    # one unit, or a store of one unit, is no group
    assert not build_report(district, 2024, unit=B, today=TODAY).is_group
    assert build_report(district, 2024, unit=B, today=TODAY).reporting == {}


def test_changes_are_like_for_like_and_the_basis_is_said(district):
    model = build_report(district, 2024, parent=EAST, today=TODAY)
    both = compute_metrics(district, years=("2023", "2024"), units=[A, B])  # 丁 reported 2023 only
    members = both[(both["metric"] == "members") & both["category"].isna()].set_index("period")["value"]
    assert model.change("members") == members["2024"] - members["2023"] == 16
    assert model.basis("members") == "按两年均报送的2家单位计"
    assert model.facts()["members_basis"] == "按两年均报送的2家单位计"
    assert model.basis("dues_collection_rate") is None  # 甲 and 乙 both years
    assert "dues_collection_rate_basis" not in model.facts()
    assert model.basis_notes(["members", "membership_rate", "dues_due"]) == [
        "注:会员人数、入会率的较上年变化按两年均报送的2家单位计。"
    ]
