"""unionstats.metrics.kpis: a year's card of each metric from a hand-written tidy table."""

from __future__ import annotations

import math

import pytest

from tests.metrics.rows import add_rows
from tests.tidy import tidy
from unionstats.access import UNIT, Viewer
from unionstats.metrics.compute import compute_metrics
from unionstats.metrics.kpis import DOWN, FLAT, UP, like_for_like, year_kpis

NAN = math.nan
MEMBERSHIP = ("membership_rate", "members")  # the membership figures 丙 and 丁 give (no new_members etc.)
TABLE = tidy(
    ("membership_rate", "全部", "2022", None, 0.951, 951, 1000),
    ("membership_rate", "全部", "2023", None, 0.963, 963, 1000),
    ("membership_rate", "甲厂", "2023", None, 0.5, 1, 2),  # a unit's row is not the card
    ("members", "全部", "2022", None, 951, NAN, NAN),
    ("members", "全部", "2023", None, 963, NAN, NAN),
    ("welfare_amount", "全部", "2022", None, 300_000, NAN, NAN),
    ("welfare_amount", "全部", "2023", None, 268_000, NAN, NAN),
    ("welfare_amount", "全部", "2023", "住院慰问", 4_000, NAN, NAN),  # a category is not the card
    ("union_coverage_rate", "全部", "2022", None, 0.9, 18, 20),
    ("union_coverage_rate", "全部", "2023", None, 0.9, 18, 20),
    ("dues_collection_rate", "全部", "2023", None, 0.9, 90, 100),
)


def cards(**options):
    return {k.metric: k for k in year_kpis(TABLE, "2023", **options)}


def test_values_changes_and_trends():
    rate = cards()["membership_rate"]
    assert (rate.value, rate.previous) == (0.963, 0.951)
    assert rate.value_text == "96.3%"
    assert rate.change_text == "较上年提高1.2个百分点" and rate.direction == UP
    assert rate.parts_text == "会员人数 963 ÷ 职工人数 1,000"
    assert rate.trend == (("2022", 0.951), ("2023", 0.963))
    members = cards()["members"]
    assert members.change_text == "较上年增加12人" and members.parts_text is None
    money = cards()["welfare_amount"]
    assert money.value_text == "26.8万元"
    assert money.change_text == "较上年减少32,000元" and money.direction == DOWN  # under 10万: 元
    flat = cards()["union_coverage_rate"]
    assert flat.change_text == "与上年持平" and flat.direction == FLAT


def test_without_the_year_before_there_is_no_change():
    dues = cards()["dues_collection_rate"]
    assert dues.previous is None and dues.change is None and dues.change_text is None and dues.direction is None
    missing = cards()["welfare_count"]
    assert missing.value is None and missing.value_text == "—" and missing.trend == ()


def test_targets_give_a_status_only_for_rates():
    shown = cards(targets={"membership_rate": 0.95, "dues_collection_rate": 1.0, "members": 1000})
    assert shown["membership_rate"].target_text == "达标(目标≥95.0%)"
    assert shown["dues_collection_rate"].meets_target is False
    assert shown["dues_collection_rate"].target_text == "未达标(目标≥100.0%)"
    assert shown["members"].target is None and shown["members"].target_text is None


# --- like for like: 较上年 over the units of both years -------------------------------------------------


@pytest.fixture
def changing(engine):
    """甲 and 乙 report both years; 丙 only 2023 (it stopped); 丁 only 2024 (it is new).
    Welfare: 甲 both years, 丁 only 2024. Dues: 甲 and 乙 both years (the same units)."""
    # fmt: off
    add_rows(engine, "membership", [
        {"unit": "甲", "period": "2023", "employees": 100, "members": 90},
        {"unit": "乙", "period": "2023", "employees": 200, "members": 150},
        {"unit": "丙", "period": "2023", "employees": 400, "members": 400},
        {"unit": "甲", "period": "2024", "employees": 100, "members": 95},
        {"unit": "乙", "period": "2024", "employees": 200, "members": 160},
        {"unit": "丁", "period": "2024", "employees": 50, "members": 10},
    ])
    add_rows(engine, "welfare", [
        {"unit": "甲", "period": "2023-03", "category": "住院慰问", "amount": 1000, "count": 2},
        {"unit": "甲", "period": "2024-03", "category": "住院慰问", "amount": 1500, "count": 3},
        {"unit": "丁", "period": "2024-05", "category": "生育慰问", "amount": 600, "count": 1},
    ])
    add_rows(engine, "dues", [
        {"unit": u, "period": y, "fund_type": "工会经费", "due": 100, "paid": p}
        for u, y, p in (("甲", "2023", 90), ("乙", "2023", 80), ("甲", "2024", 100), ("乙", "2024", 100))
    ])
    # fmt: on
    return engine


def test_a_change_compares_the_units_of_both_years_and_says_so(changing):
    basis = like_for_like(changing, "2024")
    # membership and welfare: the units differ; dues: 甲 and 乙 both years, a plain change
    welfare = ("welfare_amount", "welfare_count", "welfare_per_member")
    assert basis.units == {m: 2 for m in MEMBERSHIP} | {m: 1 for m in welfare}
    assert not basis.applies("dues_collection_rate")
    # the like-for-like figures are compute_metrics over 甲 and 乙 only
    both = compute_metrics(changing, years=("2023", "2024"), units=["甲", "乙"])
    for year in ("2023", "2024"):
        expected = both[(both["metric"] == "members") & (both["period"] == year)]["value"].iloc[0]
        assert basis.values("members")[0 if year == "2024" else 1] == expected
    assert basis.change("members") == (95 + 160) - (90 + 150) == 15  # not 265 − 640
    assert basis.change("welfare_amount") == 500  # 甲 1500 − 1000; 丁's 600 is not compared
    assert basis.change("welfare_amount", "住院慰问") == 500
    assert basis.note("members") == "按两年均报送的2家单位计"

    table = compute_metrics(changing)
    cards = {k.metric: k for k in year_kpis(table, "2024", like_for_like=basis)}
    members = cards["members"]
    assert members.value == 95 + 160 + 10  # the card's figure is this year's, every unit
    assert members.change_text == "较上年增加15人" and members.basis_text == "按两年均报送的2家单位计"
    rate = cards["membership_rate"]
    assert rate.change == pytest.approx(255 / 300 - 240 / 300)
    assert rate.change_text == "较上年提高5.0个百分点"
    dues = cards["dues_collection_rate"]
    assert dues.basis_text is None and dues.change == pytest.approx(1.0 - 0.85)
    # without the basis the card compares the plain figures (the old, misleading change)
    plain = {k.metric: k for k in year_kpis(table, "2024")}["members"]
    assert plain.change == 265 - 640 and plain.basis_text is None


def test_the_same_units_both_years_need_no_second_look(changing):
    basis = like_for_like(changing, "2024", units=["甲", "乙"])
    assert dict(basis.units) == {} and basis.table.empty
    assert basis.note("members") is None
    # a year without the year before: nothing to compare
    assert dict(like_for_like(changing, "2023").units) == {}


def test_the_basis_keeps_to_the_viewers_units(changing):
    viewer = Viewer("甲工会", UNIT, frozenset({"甲", "丁"}))
    basis = like_for_like(changing, "2024", viewer=viewer)
    assert basis.units["members"] == 1
    assert basis.change("members") == 5  # 甲 only: 95 − 90
