"""unionstats.metrics.kpis: a year's card of each metric from a hand-written tidy table."""

from __future__ import annotations

import math

from tests.tidy import tidy
from unionstats.metrics.kpis import DOWN, FLAT, UP, year_kpis

NAN = math.nan
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
