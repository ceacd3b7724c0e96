"""unionstats.preferences: the user's targets, welfare standards, aliases and category rules.

Each setting round-trips through the store, a bad row is refused with a Chinese sentence
naming it (nothing stored then), and the import rules really reach the importer.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workbooks import xlsx
from unionstats import preferences
from unionstats.errors import UsageError
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.rules.activities import TYPE_RULES
from unionstats.rules.welfare import CATEGORY_RULES
from unionstats.store.settings import ALIASES_SETTING, STANDARDS_SETTING, get_setting, set_setting

TODAY = dt.date(2024, 12, 31)


# --- targets -----------------------------------------------------------------------------


def test_targets_default_then_saved_over_the_defaults(engine):
    assert preferences.targets(engine) == {"membership_rate": 0.95, "dues_collection_rate": 1.0, "realname_rate": 0.8}
    preferences.save_targets(engine, {"membership_rate": 0.97, "award_rate": 0.3})
    assert preferences.targets(engine) == {
        "membership_rate": 0.97,
        "dues_collection_rate": 1.0,
        "realname_rate": 0.8,
        "award_rate": 0.3,
    }


@pytest.mark.parametrize(
    ("wanted", "says"),
    [({"membership_rate": 2.5}, "入会率的目标应在0%到200%之间"), ({"members": 0.5}, "「members」不是比率指标")],
)
def test_bad_targets_are_refused(engine, wanted, says):
    with pytest.raises(UsageError, match=says):
        preferences.save_targets(engine, wanted)
    assert preferences.targets(engine)["membership_rate"] == 0.95


# --- welfare standards -------------------------------------------------------------------


def test_standards_store_only_what_differs_from_the_defaults(engine):
    preferences.save_welfare_standards(engine, {"住院慰问": 800, "生日慰问": None, "结婚慰问": 1000, "困难帮扶": "2,000"})
    standards = preferences.welfare_standards(engine)
    assert (standards["住院慰问"], standards["生日慰问"], standards["困难帮扶"]) == (800, 300, 2000)
    assert get_setting(engine, STANDARDS_SETTING) == {"住院慰问": 800, "困难帮扶": 2000}


@pytest.mark.parametrize(
    ("caps", "says"),
    [
        ({"住院慰问": -5}, "「住院慰问」的慰问标准不能为负数"),
        ({"旅游慰问": 500}, "「旅游慰问」不是标准慰问类别"),
        ({"生日慰问": "三百"}, "「生日慰问」的慰问标准应是数字"),
    ],
)
def test_bad_standards_are_refused(engine, caps, says):
    preferences.save_welfare_standards(engine, {"住院慰问": 800})
    with pytest.raises(UsageError, match=says):
        preferences.save_welfare_standards(engine, caps)
    assert preferences.welfare_standards(engine)["住院慰问"] == 800  # nothing stored


def test_a_lower_standard_makes_the_importer_warn(engine):
    rows = [["单位", "日期", "类别", "金额", "慰问对象"], ["甲工会", "2024-03-01", "生日慰问", 200, "张三"]]
    first, _ = import_bytes(engine, xlsx(rows), "生日.xlsx", today=TODAY)
    assert first["sheets"][0]["warned"] == 0
    preferences.save_welfare_standards(engine, {"生日慰问": 100})
    again, _ = import_bytes(engine, xlsx(rows), "生日.xlsx", unit="乙工会", today=TODAY, on_overlap="keep")
    assert again["sheets"][0]["warned"] == 1


# --- aliases -----------------------------------------------------------------------------


def test_aliases_round_trip_by_label_or_id_skipping_blank_rows(engine):
    preferences.save_aliases(
        engine,
        [("会员统计", "会员人数", " 在册会员 "), (None, None, None), ("dues", "paid", "到位金额"), ("", "", "")],
    )
    assert preferences.aliases(engine) == [("membership", "members", "在册会员"), ("dues", "paid", "到位金额")]


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("工资统计", "会员人数", "在册会员"), "第1行:数据类别「工资统计」不存在"),
        (("会员统计", "实缴金额", "在册会员"), "第1行:会员统计没有「实缴金额」这一列"),
        (("会员统计", "会员人数", "  "), "第1行:「会员人数」的别名不能为空"),
        (("会员统计", "会员人数", "职工总数"), "第1行:「职工总数」已是会员统计「职工人数」列的名称"),
        (("帮扶慰问", "身份证号", "证件"), "帮扶慰问没有「身份证号」这一列"),
    ],
)
def test_bad_alias_rows_are_refused(engine, row, says):
    with pytest.raises(UsageError, match=says):
        preferences.save_aliases(engine, [row])
    assert preferences.aliases(engine) == []


def test_one_alias_cannot_name_two_columns(engine):
    rows = [("会员统计", "会员人数", "在册"), ("会员统计", "职工人数", "在册")]
    with pytest.raises(UsageError, match="第2行:别名「在册」在会员统计中已用于另一列"):
        preferences.save_aliases(engine, rows)


def test_a_saved_alias_is_used_by_the_importer(engine):
    # 在册会员 is no built-in alias: without the user's rule the sheet lacks 会员人数
    rows = [["单位名称", "年度", "职工人数", "在册会员"], ["甲工会", "2024", 200, 190]]
    before, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=TODAY)
    assert before["sheets"][0]["kind"] is None and "会员人数" in before["sheets"][0]["skipped"]

    preferences.save_aliases(engine, [("会员统计", "会员人数", "在册会员")])
    after, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=TODAY)
    assert after["status"] == "imported"
    assert (after["sheets"][0]["kind"], after["sheets"][0]["stored"]) == ("membership", 1)
    table = compute_metrics(engine)
    members = table[(table["metric"] == "members") & (table["period"] == "2024")]
    assert members["value"].tolist() == [190]


# --- category rules ----------------------------------------------------------------------


def test_category_rules_round_trip_with_keywords_in_one_cell(engine):
    preferences.save_category_rules(engine, [("困难帮扶", "大病、重病, 大病"), (None, ""), ("节日慰问", ["国庆"])])
    assert preferences.category_rules(engine) == [("困难帮扶", ("大病", "重病")), ("节日慰问", ("国庆",))]


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("旅游慰问", "旅游"), "第1行:「旅游慰问」不是标准慰问类别"),
        (("住院慰问", " 、 "), "第1行:「住院慰问」至少要填一个关键词"),
        ((None, "大病"), "第1行:空白不是标准慰问类别"),
    ],
)
def test_bad_category_rules_are_refused(engine, row, says):
    with pytest.raises(UsageError, match=says):
        preferences.save_category_rules(engine, [row])
    assert preferences.category_rules(engine) == []


def test_a_saved_category_rule_is_tried_before_the_defaults(engine):
    rows = [["单位", "日期", "事由", "金额"], ["甲工会", "2024-03-01", "大病救助", 3000]]
    preferences.save_category_rules(engine, [("困难帮扶", "大病")])
    report, _ = import_bytes(engine, xlsx(rows), "慰问.xlsx", today=TODAY)
    assert report["status"] == "imported"
    table = compute_metrics(engine)
    amounts = table[(table["metric"] == "welfare_amount") & table["category"].notna()]
    assert amounts[["category", "value"]].values.tolist() == [["困难帮扶", 3000]]  # not 住院慰问 (病)


# --- the one place the user's rules are read back ----------------------------------------


def test_a_stored_alias_row_that_is_no_known_kind_and_three_values_is_left_out(engine):
    # a value written by hand or by an older version must not break 设置 nor the importer
    set_setting(engine, ALIASES_SETTING, [["membership", "members", "在册会员"], ["nonsense", "x", "y"], ["too", "short"]])
    assert preferences.aliases(engine) == [("membership", "members", "在册会员")]


def test_the_importer_tries_the_users_category_rules_first_then_the_defaults(engine):
    preferences.save_category_rules(engine, [("困难帮扶", "大病")])
    assert preferences.category_rules_in_order(engine) == (("困难帮扶", ("大病",)), *CATEGORY_RULES)


# --- activity type rules (§3.8) ------------------------------------------------------------


def test_activity_type_rules_round_trip_and_come_before_the_defaults(engine):
    preferences.save_activity_type_rules(engine, [("关爱服务", "送清凉、观影"), (None, None), ("文体活动", ["拔河"])])
    assert preferences.activity_type_rules(engine) == [("关爱服务", ("送清凉", "观影")), ("文体活动", ("拔河",))]
    assert preferences.activity_type_rules_in_order(engine)[:2] == (("关爱服务", ("送清凉", "观影")), ("文体活动", ("拔河",)))
    assert preferences.activity_type_rules_in_order(engine)[2:] == TYPE_RULES
    assert preferences.default_activity_type_rows()[0] == ("培训", "培训、班、讲座、课堂、学校")


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("团建", "团建"), "第1行:「团建」不是标准活动类型"),
        (("培训", ""), "第1行:「培训」至少要填一个关键词"),
        ((None, "观影"), "第1行:空白不是标准活动类型"),
    ],
)
def test_bad_activity_type_rules_are_refused(engine, row, says):
    with pytest.raises(UsageError, match=says):
        preferences.save_activity_type_rules(engine, [row])
    assert preferences.activity_type_rules(engine) == []


def test_a_saved_activity_type_rule_reaches_the_importer(engine):
    rows = [
        ["单位", "活动名称", "活动时间", "参加人次"],
        ["甲工会", "夏季送清凉", "2024-07-01", 80],
        ["甲工会", "观影活动", "2024-08-01", 50],
    ]
    preferences.save_activity_type_rules(engine, [("关爱服务", "送清凉、观影")])
    report, _ = import_bytes(engine, xlsx(rows), "活动.xlsx", today=TODAY)
    assert report["status"] == "imported"
    table = compute_metrics(engine, only=["activity_participants"])
    by_type = table[table["category"].notna()]
    assert by_type[["category", "value"]].values.tolist() == [["关爱服务", 130]]  # without the rule: 其他
