"""unionstats.metrics.compute: every metric family on a small example worked out by hand.

The example (``example`` fixture) is written straight into the fact tables of a real
SQLite and a real PostgreSQL store; every expected number below is computed by hand in
the comment beside it, never by calling the library's own arithmetic.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine

from tests.metrics.rows import add_rows
from unionstats.errors import UsageError
from unionstats.metrics.compute import COLUMNS, compute_metrics, records
from unionstats.rules.metrics import METRICS
from unionstats.store import schema


# One fact row per line, as in the sheet it stands for.
# fmt: off
def write_example(engine: Engine) -> None:
    add_rows(engine, "membership", [
        # 甲厂: a year row and a June row; the year row is the year's figure (stock) and
        # its new_members (a flow) shadows the June row's.
        {"unit": "甲厂", "period": "2023", "parent": "城西街道", "employees": 100, "members": 90,
         "female_employees": 40, "female_members": 30, "migrant_workers": 20, "migrant_members": 10,
         "new_members": 5, "realname_members": 80, "insured_members": 45, "checkup_count": 50},
        {"unit": "甲厂", "period": "2023-06", "employees": 999, "members": 1, "new_members": 7},
        # 乙厂: months only → November is the year's figure; new_members 2 + 3 = 5.
        # No 女职工人数 in November: left out of both sums of female_membership_rate.
        {"unit": "乙厂", "period": "2023-03", "parent": "城西街道", "employees": 50, "members": 40, "new_members": 2},
        {"unit": "乙厂", "period": "2023-11", "parent": "城南街道", "employees": 60, "members": 48,
         "female_members": 20, "migrant_workers": 10, "migrant_members": 9, "new_members": 3,
         "realname_members": 27, "checkup_count": 30},
        # 丙厂: an old value replaced by a later batch (is_current false) is ignored.
        {"unit": "丙厂", "period": "2023", "employees": 1000, "members": 1000, "is_current": False},
        {"unit": "丙厂", "period": "2023", "employees": 40, "members": 36, "female_employees": 20,
         "female_members": 18, "realname_members": 36, "insured_members": 27},
        # 丁厂: nobody employed → rates with a zero denominator are missing.
        {"unit": "丁厂", "period": "2024", "employees": 0, "members": 0},
    ])
    add_rows(engine, "dues", [
        {"unit": "甲厂", "period": "2023", "fund_type": "工会经费", "due": 1000, "paid": 900, "remitted": 360},
        {"unit": "甲厂", "period": "2023-01", "fund_type": "工会经费", "due": 500, "paid": 500},  # shadowed by the year row
        {"unit": "甲厂", "period": "2023", "fund_type": "会费", "due": 999, "paid": 999, "is_current": False},
        {"unit": "甲厂", "period": "2023", "fund_type": "会费", "due": 40, "paid": 30},
        {"unit": "乙厂", "period": "2023-01", "fund_type": "工会经费", "due": 100, "paid": 100, "remitted": 40},
        {"unit": "乙厂", "period": "2023-02", "fund_type": "工会经费", "due": 100, "paid": 50},
        {"unit": "乙厂", "period": "2023", "fund_type": "会费", "due": 60, "paid": None},
    ])
    add_rows(engine, "welfare", [
        {"unit": "甲厂", "period": "2023-02", "category": "节日慰问", "amount": 500, "count": 5},
        {"unit": "甲厂", "period": "2023-09", "category": "住院慰问", "amount": 1000, "count": 1},
        {"unit": "乙厂", "period": "2023-09", "category": "节日慰问", "amount": 300, "count": 3},
        {"unit": "戊厂", "period": "2023", "category": "困难帮扶", "amount": 2000, "count": 1},  # no membership
    ])
    add_rows(engine, "competitions", [
        {"unit": "甲厂", "period": "2023-05", "contest": "技能比武", "level": "市级", "award": "一等奖", "entries": 1},
        {"unit": "甲厂", "period": "2023-05", "contest": "技能比武", "level": "市级", "award": "未获奖", "entries": 3},
        {"unit": "乙厂", "period": "2023-10", "contest": "劳动竞赛", "level": "省级", "award": "二等奖", "entries": 2},
        {"unit": "乙厂", "period": "2023", "contest": "岗位练兵", "level": None, "award": "优秀奖", "entries": 1},
    ])
    add_rows(engine, "finance", [
        {"unit": "甲厂", "year": "2023", "account": "会费收入", "account_code": "401", "flow": "收入",
         "actual": 1000, "budget": 800},
        {"unit": "甲厂", "year": "2023", "account": "拨缴经费收入", "account_code": "402", "flow": "收入", "actual": 5000},
        {"unit": "甲厂", "year": "2023", "account": "职工活动支出", "account_code": "501", "flow": "支出",
         "actual": 3000, "budget": 4000},
        {"unit": "甲厂", "year": "2023", "account": "上年结余", "flow": "结余", "actual": 700},  # neither
        {"unit": "甲厂", "year": "2023", "account": "本年结余", "flow": "结余", "actual": 700 + 6000 - 3000},
        {"unit": "乙厂", "year": "2023", "account": "上年结余", "flow": "结余", "actual": 200},
        {"unit": "乙厂", "year": "2023", "account": "上年结余", "flow": "结余", "actual": 9999, "is_current": False},
        {"unit": "乙厂", "year": "2023", "account": "会费收入", "account_code": "401", "flow": "收入",
         "actual": 9999, "is_current": False},
        {"unit": "乙厂", "year": "2023", "account": "会费收入", "account_code": "401", "flow": "收入",
         "actual": 500, "budget": 700},
    ])
    add_rows(engine, "units", [
        # 甲厂's parent: the units row of the newest year (城东街道) beats 2022's and
        # membership's own 上级工会.
        {"unit": "甲厂", "year": "2022", "parent": "城北街道", "established": True},
        {"unit": "甲厂", "year": "2023", "parent": "城东街道", "established": True,
         "collective_contract": True, "wage_bargaining": False},
        {"unit": "丙厂", "year": "2023", "established": False, "collective_contract": True},
        {"unit": "丁厂", "year": "2023", "established": True, "is_current": False},
        {"unit": "丁厂", "year": "2023", "established": None},
        {"unit": "戊厂", "year": "2023", "established": True, "wage_bargaining": True},
    ])
    # §3.8 activities: 场次 blank in the sheet is stored as 1; 参加人次 and 经费 may be missing
    add_rows(engine, "activities", [
        {"unit": "甲厂", "period": "2023-03", "name": "安全培训班", "type": "培训", "sessions": 2, "participants": 80,
         "spend": 3000},
        {"unit": "甲厂", "period": "2023-05", "name": "篮球赛", "type": "文体活动", "type_raw": "体育", "sessions": 1,
         "participants": 40, "spend": None},
        {"unit": "乙厂", "period": "2023-03", "name": "技能培训", "type": "培训", "sessions": 3, "participants": None,
         "spend": 1500.5},
        {"unit": "乙厂", "period": "2023", "name": "志愿服务", "type": "志愿服务", "sessions": 1, "participants": 12},
        {"unit": "乙厂", "period": "2022-12", "name": "迎春联谊", "type": "关爱服务", "sessions": 1, "participants": 30,
         "spend": 800},
    ])
# fmt: on


@pytest.fixture
def example(engine: Engine) -> Engine:
    write_example(engine)
    return engine


def row(frame, metric: str, unit: str = "全部", period: str = "2023", category: str | None = None) -> dict:
    """The one record of (metric, unit, period, category)."""
    found = [
        r
        for r in records(frame)
        if r["metric"] == metric and r["unit"] == unit and r["period"] == period and r["category"] == category
    ]
    assert len(found) == 1, (metric, unit, period, category, found)
    return found[0]


def value(frame, metric: str, unit: str = "全部", period: str = "2023", category: str | None = None):
    return row(frame, metric, unit, period, category)["value"]


def keys_of(frame, metric: str) -> set[tuple]:
    return {(r["unit"], r["period"], r["category"]) for r in records(frame) if r["metric"] == metric}


# --- membership ------------------------------------------------------------------------------


def test_membership_rates_over_all_units_use_the_year_figures(example):
    frame = compute_metrics(example)
    # stock rows 2023: 甲 year row 90/100, 乙 November 48/60, 丙 current 36/40
    assert row(frame, "membership_rate") == {
        "metric": "membership_rate",
        "label": "入会率",
        "unit": "全部",
        "period": "2023",
        "category": None,
        "value": pytest.approx(174 / 200),
        "numerator": 174.0,
        "denominator": 200.0,
    }
    # 乙 gives no 女职工人数: 甲 30/40 + 丙 18/20 = 48/60
    assert row(frame, "female_membership_rate")["numerator"] == 48
    assert row(frame, "female_membership_rate")["denominator"] == 60
    assert value(frame, "female_membership_rate") == pytest.approx(0.8)
    # 丙 gives no 农民工: 甲 10/20 + 乙 9/10 = 19/30
    assert value(frame, "migrant_membership_rate") == pytest.approx(19 / 30)
    # 甲 80/90 + 乙 27/48 + 丙 36/36 = 143/174
    assert value(frame, "realname_rate") == pytest.approx(143 / 174)
    # 乙 gives no 参保人数: 甲 45/90 + 丙 27/36 = 72/126
    assert value(frame, "insurance_rate") == pytest.approx(72 / 126)
    # 丙 gives no 体检人数: 甲 50/100 + 乙 30/60 = 80/160
    assert value(frame, "checkup_rate") == pytest.approx(0.5)


def test_members_is_a_stock_and_new_members_a_flow(example):
    frame = compute_metrics(example, by="unit")
    # 甲: the year row (90) beats June (1); 乙: months only → November (48), not 40 + 48
    assert value(frame, "members", "甲厂") == 90
    assert value(frame, "members", "乙厂") == 48
    assert value(frame, "members", "丙厂") == 36  # the replaced 1000 is ignored
    assert value(frame, "membership_rate", "乙厂") == pytest.approx(0.8)
    # 甲: year row 5 (June's 7 not added); 乙: 2 + 3; 丙: none given
    assert value(frame, "new_members", "甲厂") == 5
    assert value(frame, "new_members", "乙厂") == 5
    assert value(frame, "new_members", "丙厂") is None
    plain = row(frame, "members", "甲厂")
    assert plain["numerator"] is None and plain["denominator"] is None
    total = compute_metrics(example)
    assert value(total, "members") == 174  # 90 + 48 + 36
    assert value(total, "new_members") == 10  # 5 + 5


def test_a_zero_denominator_gives_a_missing_rate(example):
    frame = compute_metrics(example)
    assert row(frame, "membership_rate", period="2024") == {
        "metric": "membership_rate",
        "label": "入会率",
        "unit": "全部",
        "period": "2024",
        "category": None,
        "value": None,
        "numerator": 0.0,
        "denominator": 0.0,
    }
    # 丁 gives no 女职工 figures at all: nothing to divide
    assert row(frame, "female_membership_rate", period="2024")["numerator"] is None
    assert value(frame, "female_membership_rate", period="2024") is None
    assert value(frame, "members", period="2024") == 0


def test_month_mode_groups_month_rows_by_month_and_year_rows_by_year(example):
    frame = compute_metrics(example, period="month")
    assert keys_of(frame, "membership_rate") == {
        ("全部", "2023", None),
        ("全部", "2023-03", None),
        ("全部", "2023-06", None),
        ("全部", "2023-11", None),
        ("全部", "2024", None),
    }
    assert value(frame, "membership_rate", period="2023") == pytest.approx(126 / 140)  # 甲 90/100 + 丙 36/40
    assert value(frame, "membership_rate", period="2023-03") == pytest.approx(40 / 50)
    assert value(frame, "membership_rate", period="2023-06") == pytest.approx(1 / 999)
    assert value(frame, "new_members", period="2023") == 5  # 甲's year row; 丙 none
    assert value(frame, "new_members", period="2023-06") == 7
    # welfare_per_member is a year figure only
    assert keys_of(frame, "welfare_per_member") == set()


# --- by parent ----------------------------------------------------------------------------------


def test_by_parent_prefers_units_rows_then_the_newest_membership_parent(example):
    frame = compute_metrics(example, by="parent")
    # 甲 → 城东街道 (units 2023), 乙 → 城南街道 (its November row), 丙 and 丁 → 未指定
    assert keys_of(frame, "membership_rate") == {
        ("城东街道", "2023", None),
        ("城南街道", "2023", None),
        ("未指定", "2023", None),
        ("未指定", "2024", None),
    }
    assert value(frame, "membership_rate", "城东街道") == pytest.approx(0.9)
    assert value(frame, "membership_rate", "城南街道") == pytest.approx(0.8)
    assert value(frame, "membership_rate", "未指定") == pytest.approx(0.9)
    # units 2023 under 未指定: 丙 (not established), 丁 (not given), 戊 (established) → 1/2
    assert value(frame, "union_coverage_rate", "未指定") == pytest.approx(0.5)
    # welfare: 戊 has no parent → 未指定
    assert value(frame, "welfare_amount", "未指定") == 2000


# --- dues ---------------------------------------------------------------------------------------


def test_dues_per_fund_type_and_over_all_without_double_counting(example):
    frame = compute_metrics(example)
    # 工会经费: 甲 year row 1000/900 (its January row is not added) + 乙 January 100/100
    # + February 100/50 → due 1200, paid 1050
    assert value(frame, "dues_due", category="工会经费") == 1200
    assert value(frame, "dues_collected", category="工会经费") == 1050
    assert value(frame, "dues_collection_rate", category="工会经费") == pytest.approx(1050 / 1200)
    assert value(frame, "dues_remitted", category="工会经费") == 400  # 360 + 40
    # 会费: 甲 40/30 (the replaced 999 ignored) + 乙 60/none → rate only from 甲: 30/40
    assert value(frame, "dues_due", category="会费") == 100
    assert value(frame, "dues_collected", category="会费") == 30
    assert row(frame, "dues_collection_rate", category="会费") == {
        "metric": "dues_collection_rate",
        "label": "经费收缴率",
        "unit": "全部",
        "period": "2023",
        "category": "会费",
        "value": pytest.approx(0.75),
        "numerator": 30.0,
        "denominator": 40.0,
    }
    assert value(frame, "dues_remitted", category="会费") is None
    # over all fund types: due 1300, paid 1080; rate (1050 + 30) / (1200 + 40)
    assert value(frame, "dues_due") == 1300
    assert value(frame, "dues_collected") == 1080
    assert value(frame, "dues_collection_rate") == pytest.approx(1080 / 1240)
    assert row(frame, "dues_due")["denominator"] is None


def test_dues_by_month(example):
    frame = compute_metrics(example, period="month")
    # '2023': 甲 工会经费 year row 1000/900, 甲 会费 40/30, 乙 会费 60/none
    assert value(frame, "dues_due", period="2023") == 1100
    assert value(frame, "dues_collection_rate", period="2023") == pytest.approx(930 / 1040)
    # '2023-01': 甲 500/500 + 乙 100/100
    assert value(frame, "dues_due", period="2023-01") == 600
    assert value(frame, "dues_collection_rate", period="2023-01") == pytest.approx(1.0)
    assert value(frame, "dues_collection_rate", period="2023-02") == pytest.approx(0.5)


# --- welfare --------------------------------------------------------------------------------------


def test_welfare_by_category_and_per_member(example):
    frame = compute_metrics(example)
    assert value(frame, "welfare_amount") == 3800  # 500 + 1000 + 300 + 2000
    assert value(frame, "welfare_amount", category="节日慰问") == 800  # 500 + 300
    assert value(frame, "welfare_amount", category="住院慰问") == 1000
    assert value(frame, "welfare_amount", category="困难帮扶") == 2000
    assert value(frame, "welfare_count") == 10  # 5 + 1 + 3 + 1
    assert value(frame, "welfare_count", category="节日慰问") == 8
    # 甲 1500 over 90 members, 乙 300 over 48; 戊 has no membership figure → left out
    per_member = row(frame, "welfare_per_member")
    assert (per_member["numerator"], per_member["denominator"]) == (1800.0, 138.0)
    assert per_member["value"] == pytest.approx(1800 / 138)
    assert keys_of(frame, "welfare_per_member") == {("全部", "2023", None)}


def test_welfare_by_month(example):
    frame = compute_metrics(example, period="month")
    assert value(frame, "welfare_amount", period="2023-09") == 1300  # 甲 1000 + 乙 300
    assert value(frame, "welfare_amount", period="2023") == 2000  # 戊's year-only row keeps its year


# --- competitions -----------------------------------------------------------------------------------


def test_competitions_over_all_by_level_and_by_tier(example):
    frame = compute_metrics(example)
    assert value(frame, "competition_entries") == 7  # 1 + 3 + 2 + 1
    assert value(frame, "competition_awards") == 4  # all but 甲's 3 未获奖
    assert value(frame, "award_rate") == pytest.approx(4 / 7)
    # by level: 市级 1 of 4, 省级 2 of 2, no level (未指定) 1 of 1
    assert value(frame, "competition_entries", category="市级") == 4
    assert value(frame, "award_rate", category="市级") == pytest.approx(0.25)
    assert value(frame, "award_rate", category="省级") == pytest.approx(1.0)
    assert value(frame, "competition_entries", category="未指定") == 1
    # awards by tier
    assert value(frame, "competition_awards", category="一等奖") == 1
    assert value(frame, "competition_awards", category="二等奖") == 2
    assert value(frame, "competition_awards", category="优秀奖") == 1
    assert keys_of(frame, "competition_awards") == {
        ("全部", "2023", c) for c in (None, "市级", "省级", "未指定", "一等奖", "二等奖", "优秀奖")
    }
    assert keys_of(frame, "award_rate") == {("全部", "2023", c) for c in (None, "市级", "省级", "未指定")}


# --- finance ------------------------------------------------------------------------------------------


def test_activities_by_type_and_over_all(example):
    frame = compute_metrics(example)
    assert value(frame, "activity_sessions") == 2 + 1 + 3 + 1
    assert value(frame, "activity_sessions", category="培训") == 5
    # a row without 参加人次 adds nothing (not 0 and not missing for the group)
    assert value(frame, "activity_participants") == 80 + 40 + 12
    assert value(frame, "activity_participants", category="文体活动") == 40
    assert value(frame, "activity_spend") == 3000 + 1500.5
    assert row(frame, "activity_spend")["denominator"] is None
    assert keys_of(frame, "activity_sessions") == {
        ("全部", p, c) for p, c in [("2023", None), ("2023", "培训"), ("2023", "文体活动"), ("2023", "志愿服务")]
    } | {("全部", "2022", None), ("全部", "2022", "关爱服务")}
    by_unit = compute_metrics(example, by="unit", only=["activity_participants"])
    assert value(by_unit, "activity_participants", unit="甲厂") == 120
    assert value(by_unit, "activity_participants", unit="乙厂") == 12
    by_parent = compute_metrics(example, by="parent", only=["activity_sessions"])
    assert value(by_parent, "activity_sessions", unit="城东街道") == 3  # 甲厂's parent from its units row
    assert value(by_parent, "activity_sessions", unit="城南街道") == 4
    monthly = compute_metrics(example, period="month", only=["activity_sessions"])
    assert value(monthly, "activity_sessions", period="2023-03") == 5
    assert value(monthly, "activity_sessions", period="2023") == 1  # a year-only row stays a year
    assert value(monthly, "activity_sessions", period="2022-12", category="关爱服务") == 1


def test_finance_income_expense_and_budget_execution(example):
    frame = compute_metrics(example)
    # income: 甲 1000 + 5000, 乙 500 (the replaced 9999 ignored); 上年结余 is neither
    assert value(frame, "income") == 6500
    assert value(frame, "income", category="会费收入") == 1500
    assert value(frame, "income", category="拨缴经费收入") == 5000
    assert value(frame, "expense") == 3000
    assert value(frame, "expense", category="职工活动支出") == 3000
    assert keys_of(frame, "income") == {("全部", "2023", c) for c in (None, "会费收入", "拨缴经费收入")}
    # budget execution: 会费收入 (1000 + 500) / (800 + 700); 拨缴经费收入 has no budget
    assert value(frame, "budget_execution_rate", category="会费收入") == pytest.approx(1.0)
    assert value(frame, "budget_execution_rate", category="拨缴经费收入") is None
    assert value(frame, "budget_execution_rate", category="职工活动支出") == pytest.approx(0.75)
    # by flow, pairwise: 收入 1500 / 1500 (拨缴's 5000 has no budget), 支出 3000 / 4000
    assert row(frame, "budget_execution_rate", category="收入")["numerator"] == 1500
    assert value(frame, "budget_execution_rate", category="收入") == pytest.approx(1.0)
    assert value(frame, "budget_execution_rate", category="支出") == pytest.approx(0.75)
    assert keys_of(frame, "budget_execution_rate") == {
        ("全部", "2023", c) for c in ("会费收入", "拨缴经费收入", "职工活动支出", "收入", "支出")
    }


def test_an_account_counts_by_its_own_row_or_else_by_its_sub_accounts_never_both(engine):
    add_rows(engine, "finance", [
        # 甲: 501 has its own row and sub-accounts (that add up to it): counted once, 100
        {"unit": "甲厂", "year": "2023", "account": "职工活动支出", "flow": "支出", "actual": 100, "budget": 120},
        {"unit": "甲厂", "year": "2023", "account": "职工活动支出", "sub_account": "职工教育", "flow": "支出",
         "actual": 40, "budget": 50},
        {"unit": "甲厂", "year": "2023", "account": "职工活动支出", "sub_account": "文体活动", "flow": "支出",
         "actual": 60, "budget": 70},
        # 乙: 501 only by its sub-accounts: their sum, 30
        {"unit": "乙厂", "year": "2023", "account": "职工活动支出", "sub_account": "职工教育", "flow": "支出",
         "actual": 10, "budget": 20},
        {"unit": "乙厂", "year": "2023", "account": "职工活动支出", "sub_account": "文体活动", "flow": "支出",
         "actual": 20, "budget": 20},
        # 丙: a replaced own row does not hide the current sub-accounts
        {"unit": "丙厂", "year": "2023", "account": "职工活动支出", "flow": "支出", "actual": 999, "is_current": False},
        {"unit": "丙厂", "year": "2023", "account": "职工活动支出", "sub_account": "职工教育", "flow": "支出",
         "actual": 5},
        {"unit": "丙厂", "year": "2023", "account": "上年结转", "flow": "结余", "actual": 700},  # neither
    ])  # fmt: skip
    frame = compute_metrics(engine)
    assert value(frame, "expense") == 100 + 30 + 5
    assert value(frame, "expense", category="职工活动支出") == 135
    assert keys_of(frame, "income") == set()  # 上年结转 is no income
    rate = row(frame, "budget_execution_rate", category="职工活动支出")
    assert (rate["numerator"], rate["denominator"]) == (100 + 30, 120 + 40)
    by_unit = compute_metrics(engine, by="unit")
    assert value(by_unit, "expense", unit="甲厂") == 100
    assert value(by_unit, "expense", unit="乙厂") == 30


def test_finance_balances_are_the_balance_rows_summed(example):
    frame = compute_metrics(example)
    # 上年结余: 甲 700 + 乙 200 (its replaced 9999 ignored); 本年结余: 甲's only
    assert value(frame, "opening_balance") == 900
    assert value(frame, "closing_balance") == 3700
    assert keys_of(frame, "opening_balance") == {("全部", "2023", None)}
    by_unit = compute_metrics(example, by="unit", only=["opening_balance", "closing_balance"])
    assert value(by_unit, "opening_balance", unit="乙厂") == 200
    assert keys_of(by_unit, "closing_balance") == {("甲厂", "2023", None)}


# --- units ----------------------------------------------------------------------------------------------


def test_unit_coverage_rates(example):
    frame = compute_metrics(example)
    # 2023 established: 甲 yes, 丙 no, 丁 not given (its replaced 'yes' ignored), 戊 yes → 2/3
    assert row(frame, "union_coverage_rate")["numerator"] == 2
    assert row(frame, "union_coverage_rate")["denominator"] == 3
    # collective contract among the established that answered: 甲 yes → 1/1 (丙's yes is
    # not counted: 丙 has no union)
    assert value(frame, "contract_rate") == pytest.approx(1.0)
    # wage bargaining among the established: 甲 no, 戊 yes → 1/2
    assert value(frame, "wage_bargaining_rate") == pytest.approx(0.5)
    # 2022: 甲 established, nothing said about contracts → missing
    assert value(frame, "union_coverage_rate", period="2022") == pytest.approx(1.0)
    assert value(frame, "contract_rate", period="2022") is None


# --- filters ----------------------------------------------------------------------------------------------


def test_filters_apply_before_grouping(example):
    only_2024 = compute_metrics(example, years=("2024", "2024"))
    assert set(only_2024["period"]) == {"2024"}
    assert set(only_2024["metric"]) == {m.id for m in METRICS if m.kind == "membership"}

    only_b = compute_metrics(example, units=["乙厂"])
    assert value(only_b, "membership_rate") == pytest.approx(0.8)  # 48/60
    assert value(only_b, "dues_due") == 260  # 100 + 100 + 60
    assert value(only_b, "welfare_per_member") == pytest.approx(300 / 48)

    south = compute_metrics(example, by="parent", parents=["城南街道"])
    assert set(south["unit"]) == {"城南街道"}
    assert value(south, "membership_rate", "城南街道") == pytest.approx(0.8)

    unspecified = compute_metrics(example, parents=["未指定"])
    assert value(unspecified, "members") == 36  # 丙 only (丁 is 2024)
    assert value(unspecified, "welfare_amount") == 2000  # 戊

    member_dues = compute_metrics(example, fund_type="会费")
    assert value(member_dues, "dues_due") == 100
    assert keys_of(member_dues, "dues_due") == {("全部", "2023", None), ("全部", "2023", "会费")}
    assert value(member_dues, "members") == 174  # other kinds are not filtered by fund type

    assert compute_metrics(example, units=[]).empty


def test_every_metric_of_the_table_is_computed(example):
    # §3.7: a roster of another unit and year, apart from the figures the other tests read
    add_rows(example, "roster", [{"unit": "己厂", "year": "2022", "status": "在册", "id_valid": True, "sex": "女"}])
    assert set(compute_metrics(example)["metric"]) == {m.id for m in METRICS}
    monthly = set(compute_metrics(example, period="month")["metric"])
    assert monthly == {m.id for m in METRICS} - {"welfare_per_member"}


def test_unknown_options_are_refused(engine):
    with pytest.raises(UsageError):
        compute_metrics(engine, by="district")
    with pytest.raises(UsageError):
        compute_metrics(engine, period="week")


# --- the table and its records ------------------------------------------------------------------------


def test_the_table_is_tidy_sorted_and_its_records_are_json(example):
    frame = compute_metrics(example, by="unit", period="month")
    assert tuple(frame.columns) == COLUMNS
    order = [m.id for m in METRICS]
    keys = [
        (order.index(r["metric"]), r["unit"], r["period"], r["category"] is not None, r["category"] or "") for r in records(frame)
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)  # one record per (metric, unit, period, category)
    rows = records(frame)
    text = json.dumps(rows, ensure_ascii=False, allow_nan=False)
    assert "NaN" not in text
    for r in rows:
        for name in ("value", "numerator", "denominator"):
            assert r[name] is None or (type(r[name]) is float and math.isfinite(r[name]))
        assert r["category"] is None or type(r["category"]) is str
        assert type(r["period"]) is str


def test_an_empty_store_gives_an_empty_table(engine):
    frame = compute_metrics(engine, by="parent", period="month")
    assert frame.empty and tuple(frame.columns) == COLUMNS
    assert records(frame) == []


# --- property: a group's rate is Σ over the units that give both figures -------------------------------

unit_figures = st.lists(st.tuples(st.none() | st.integers(0, 500), st.none() | st.integers(0, 500)), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(figures=unit_figures)
def test_group_rate_is_the_ratio_of_sums_over_complete_units(figures):
    store = create_engine("sqlite://")
    schema.metadata.create_all(store)
    try:
        names = [f"单位{i:02d}" for i in range(len(figures))]
        add_rows(
            store,
            "membership",
            [
                {"unit": name, "period": "2023", "employees": employees, "members": members}
                for name, (employees, members) in zip(names, figures, strict=True)
            ],
        )
        complete = [(e, m) for e, m in figures if e is not None and m is not None]
        employees_sum = sum(e for e, _ in complete)
        members_sum = sum(m for _, m in complete)

        total = row(compute_metrics(store), "membership_rate")
        if not complete:
            assert total["numerator"] is None and total["denominator"] is None
        else:
            assert (total["numerator"], total["denominator"]) == (members_sum, employees_sum)
        if employees_sum:
            assert total["value"] == pytest.approx(members_sum / employees_sum)
        else:
            assert total["value"] is None

        by_unit = compute_metrics(store, by="unit")
        for name, (employees, members) in zip(names, figures, strict=True):
            own = value(by_unit, "membership_rate", name)
            if employees and members is not None:
                assert own == pytest.approx(members / employees)
            else:
                assert own is None
    finally:
        store.dispose()


def test_balances_as_real_statements_name_them(engine):
    add_rows(engine, "finance", [
        # 甲: 上年结转 opens the year; 本年结余 (the surplus alone) beside 年末滚存结余: the year-end row counts
        {"unit": "甲厂", "year": "2023", "account": "上年结转", "flow": "结余", "actual": 300},
        {"unit": "甲厂", "year": "2023", "account": "本年结余", "flow": "结余", "actual": 50},
        {"unit": "甲厂", "year": "2023", "account": "年末滚存结余", "flow": "结余", "actual": 350},
        # 乙: 年初结余 and 本年结余 only
        {"unit": "乙厂", "year": "2023", "account": "年初结余", "flow": "结余", "actual": 100},
        {"unit": "乙厂", "year": "2023", "account": "本年结余", "flow": "结余", "actual": 120},
        # 动用以前年度结余 is neither the opening nor the closing balance
        {"unit": "乙厂", "year": "2023", "account": "动用以前年度结余", "flow": "结余", "actual": 30},
    ])  # fmt: skip
    frame = compute_metrics(engine)
    assert value(frame, "opening_balance") == 300 + 100
    assert value(frame, "closing_balance") == 350 + 120


# --- §3.7 rosters: the figures they derive, merged with membership tables; members_by_group ----------


# fmt: off
def write_rosters(engine: Engine) -> None:
    add_rows(engine, "membership", [
        # 甲: the table gives 会员人数 and 女会员人数 but no 实名制录入人数 → the roster fills only that
        {"unit": "甲", "period": "2024", "employees": 10, "members": 8, "female_members": 2},
        # 丙: the table gives every figure the roster would → the table stands
        {"unit": "丙", "period": "2024", "employees": 5, "members": 5, "female_members": 5, "migrant_members": 0,
         "new_members": 0, "realname_members": 5},
    ])
    add_rows(engine, "roster", [
        # 甲 2024: 4 rows, 3 members (one 转出); 2 valid IDs among the members
        {"unit": "甲", "year": "2024", "status": "在册", "id_valid": True, "sex": "女", "birth_year": 1989, "migrant": True},
        {"unit": "甲", "year": "2024", "status": "入会", "id_valid": True, "sex": "男", "birth_year": 1970,
         "joined_year": "2024"},
        {"unit": "甲", "year": "2024", "status": "保留", "id_valid": False, "sex": None, "birth_year": None},
        {"unit": "甲", "year": "2024", "status": "转出", "id_valid": True, "sex": "女", "birth_year": 1990},
        # 乙 2024: no membership table → every figure from the roster
        {"unit": "乙", "year": "2024", "status": "在册", "id_valid": True, "sex": "女", "birth_year": 1968,
         "migrant": False, "joined_year": "2010"},
        {"unit": "乙", "year": "2024", "status": "转入", "id_valid": True, "sex": "女", "birth_year": 1979,
         "migrant": True, "joined_year": "2024"},
        {"unit": "乙", "year": "2024", "status": "入会", "id_valid": False, "sex": "男", "birth_year": 2000,
         "migrant": False, "joined_year": "2024"},
        {"unit": "乙", "year": "2024", "status": "退会", "id_valid": True, "sex": "男", "birth_year": 1960},
        {"unit": "乙", "year": "2024", "status": "在册", "id_valid": True, "sex": "男", "birth_year": 1999,
         "is_current": False},  # replaced by a later roster
        # 丙 2024: a roster of one member, the table's figures stand
        {"unit": "丙", "year": "2024", "status": "在册", "id_valid": False, "sex": "男", "birth_year": 1980},
    ])
# fmt: on


@pytest.fixture
def rosters(engine: Engine) -> Engine:
    write_rosters(engine)
    return engine


def test_a_roster_fills_only_what_the_membership_table_lacks(rosters):
    frame = compute_metrics(rosters, by="unit", period="year")
    # 甲: the table's 8 members stand; its 实名制录入人数 is the roster's 2 (valid IDs among members)
    assert value(frame, "members", "甲", "2024") == 8
    assert row(frame, "realname_rate", "甲", "2024")["numerator"] == 2
    assert row(frame, "realname_rate", "甲", "2024")["denominator"] == 8
    assert row(frame, "female_membership_rate", "甲", "2024")["value"] is None  # no 女职工人数 anywhere
    assert value(frame, "new_members", "甲", "2024") == 1  # the table has none: the roster's 入会 of 2024
    # 乙: the roster alone: members 3 (退会 left out), realname 2, 入会 (not 转入) 1
    assert value(frame, "members", "乙", "2024") == 3
    assert value(frame, "realname_rate", "乙", "2024") == pytest.approx(2 / 3)
    assert value(frame, "new_members", "乙", "2024") == 1
    assert row(frame, "membership_rate", "乙", "2024")["value"] is None  # no 职工人数 from a roster
    # 丙: the table's figures, all of them
    assert value(frame, "members", "丙", "2024") == 5 and value(frame, "realname_rate", "丙", "2024") == 1.0
    assert value(frame, "new_members", "丙", "2024") == 0
    everyone = compute_metrics(rosters)
    assert value(everyone, "members", period="2024") == 8 + 3 + 5
    assert row(everyone, "realname_rate", period="2024")["numerator"] == 2 + 2 + 5
    assert row(everyone, "realname_rate", period="2024")["denominator"] == 8 + 3 + 5


def test_members_by_group_counts_the_members_of_the_current_rosters(rosters):
    frame = compute_metrics(rosters, only=["members_by_group"])
    got = {r["category"]: r["value"] for r in records(frame) if r["period"] == "2024"}
    # members: 甲 3 (在册 女 1989, 入会 男 1970, 保留 ?) + 乙 3 (女 1968, 女 1979, 男 2000) + 丙 1 (男 1980)
    assert got == {
        None: 7,
        "女": 3,
        "男": 3,
        "农民工": 2,
        "35岁及以下": 2,  # 2024 − 1989 = 35, 2024 − 2000 = 24
        "36-45岁": 2,  # 1979 → 45, 1980 → 44
        "46-55岁": 1,  # 1970 → 54
        "56岁及以上": 1,  # 1968 → 56
    }
    by_unit = compute_metrics(rosters, by="unit", only=["members_by_group"])
    assert value(by_unit, "members_by_group", "乙", "2024", "女") == 2
    by_parent = compute_metrics(rosters, by="parent", only=["members_by_group"])
    assert value(by_parent, "members_by_group", "未指定", "2024") == 7


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([None, 0, 3, 9]), st.booleans()),
        min_size=1,
        max_size=5,
    )
)
def test_realname_rate_of_a_group_is_the_ratio_of_sums_over_its_units(engine, units):
    """§4: a group's 实名制录入率 is Σ 实名制录入人数 / Σ 会员人数 over the units that give both,
    whatever mix of tables and rosters gives them — never a mean of the units' rates."""
    with engine.begin() as conn:
        for table in (schema.roster, schema.membership):
            conn.execute(table.delete())
    numerator = denominator = 0
    for i, (valid, invalid, table_realname, with_table) in enumerate(units):
        unit = f"单位{i}"
        people = [{"unit": unit, "year": "2024", "status": "在册", "id_valid": v} for v in [True] * valid + [False] * invalid]
        if people:
            add_rows(engine, "roster", people)
        if with_table:
            add_rows(
                engine,
                "membership",
                [{"unit": unit, "period": "2024", "employees": 50, "members": 20, "realname_members": table_realname}],
            )
            members, realname = 20, table_realname if table_realname is not None else (valid if people else None)
        else:
            members, realname = (valid + invalid, valid) if people else (None, None)
        if members is not None and realname is not None:
            numerator, denominator = numerator + realname, denominator + members
    frame = compute_metrics(engine, only=["realname_rate"])
    found = [r for r in records(frame) if r["period"] == "2024"]
    if denominator == 0:
        assert all(r["value"] is None for r in found)
    else:
        [record] = found
        assert (record["numerator"], record["denominator"]) == (numerator, denominator)
        assert record["value"] == pytest.approx(numerator / denominator)
