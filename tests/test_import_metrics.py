"""Messy workbooks → importer → store → metrics, on SQLite and PostgreSQL.

Each test imports what an office would send and checks the metric records that come
out (contract §2 and §4): totals rows not counted, 万元 scaled, replacement and undo.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics, records
from unionstats.store import undo_batch

TODAY = dt.date(2024, 12, 31)


def load(engine, rows, name, **options):
    report, _ = import_bytes(engine, xlsx(rows, merged=options.pop("merged", ())), name, today=TODAY, **options)
    assert report["status"] == "imported", report
    return report


def metric(engine, metric_id, *, by="all", period="year", category=None, unit="全部", at="2023"):
    found = [
        r
        for r in records(compute_metrics(engine, by=by, period=period))
        if r["metric"] == metric_id and r["category"] == category and r["unit"] == unit and r["period"] == at
    ]
    assert len(found) == 1, found
    return found[0]


def test_membership_with_merged_header_totals_and_text_numbers(engine):
    rows = [
        ["2023年度会员统计表"],
        ["填报单位:东城街道总工会"],
        ["序号", "单位名称", "年度", "职工人数", None, "会员人数", None, "上级工会"],
        [None, None, None, "合计", "其中女", "合计", "女", None],
        [1, "甲工会", "2023年", "1,000", 400, "960人", 390, "东城街道总工会"],
        [2, "乙工会", 2023, 200, None, 150, None, "东城街道总工会"],
        [None, "合计", None, 1200, 400, 1110, 390, None],
        ["填表人:张三"],
    ]
    load(engine, rows, "会员.xlsx", merged=["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:H4"])
    rate = metric(engine, "membership_rate")
    assert (rate["numerator"], rate["denominator"]) == (1110, 1200)  # the 合计 row is not counted again
    assert rate["value"] == pytest.approx(1110 / 1200)
    female = metric(engine, "female_membership_rate")  # 乙 gives no female figures: left out of both sums
    assert (female["numerator"], female["denominator"]) == (390, 400)
    by_parent = metric(engine, "members", by="parent", unit="东城街道总工会")
    assert by_parent["value"] == 1110 and by_parent["denominator"] is None


def test_dues_in_wan_yuan_with_a_rejected_row(engine):
    rows = [
        ["2023年经费收缴情况"],
        ["单位", "年度", "经费类别", "应缴金额(万元)", "实缴金额(万元)"],
        ["甲工会", 2023, "工会经费", 2, 1.8],
        ["乙工会", 2023, "会费", "0.5", "0.5"],
        ["丙工会", 2023, "工会经费", 1, "暂缺"],
    ]
    report = load(engine, rows, "经费.xlsx")
    assert report["sheets"][0]["rejected"] == 1
    total = metric(engine, "dues_collection_rate")
    assert (total["numerator"], total["denominator"]) == (pytest.approx(23_000), pytest.approx(25_000))
    funds = metric(engine, "dues_collection_rate", category="工会经费")
    assert funds["value"] == pytest.approx(0.9)


def test_welfare_ledger_from_a_one_unit_file(engine):
    rows = [
        ["2023年帮扶慰问台账"],
        ["填报单位:甲工会"],
        ["日期", "慰问对象", "事由", "金额", "人次"],
        ["2023-03-01", "张三", "职工住院", "500元", 1],
        ["2023/5/12", "李四", "住院慰问", 500, 1],
        ["2023年9月1日", "王五", "金秋助学", "1,000", 2],
        ["合计", None, None, 2000, 4],
    ]
    load(engine, rows, "慰问.xlsx")
    assert metric(engine, "welfare_amount")["value"] == 2000
    assert metric(engine, "welfare_count", category="住院慰问")["value"] == 2
    assert metric(engine, "welfare_amount", category="金秋助学", by="unit", unit="甲工会")["value"] == 1000
    assert metric(engine, "welfare_amount", period="month", at="2023-05")["value"] == 500


def test_competitions_awards_by_tier_and_level(engine):
    rows = [
        ["竞赛名称", "年度", "单位", "姓名", "级别", "奖项", "人数"],
        ["焊工比武", 2023, "甲工会", "张三", "市级", "金奖", None],
        ["焊工比武", 2023, "甲工会", "李四", "市级", "参赛", None],
        ["团体赛", 2023, "乙工会", None, "公司内部", "第二名", 5],
    ]
    load(engine, rows, "竞赛.xlsx")
    assert metric(engine, "competition_entries")["value"] == 7
    assert metric(engine, "competition_awards")["value"] == 6
    assert metric(engine, "competition_awards", category="一等奖")["value"] == 1
    assert metric(engine, "competition_awards", category="单位内")["value"] == 5
    assert metric(engine, "award_rate")["value"] == pytest.approx(6 / 7)


def test_units_registry_rates(engine):
    rows = [
        ["单位", "上级工会", "年度", "是否建会", "签订集体合同", "开展工资集体协商"],
        ["甲", "东城", 2023, "是", "√", "是"],
        ["乙", "东城", 2023, "√", "×", "是"],
        ["丙", "东城", 2023, "否", None, None],
        ["丁", "东城", 2023, "已建", None, "否"],
    ]
    load(engine, rows, "单位.xlsx")
    assert metric(engine, "union_coverage_rate")["value"] == pytest.approx(3 / 4)
    contract = metric(engine, "contract_rate")  # 丁 gives no answer: left out
    assert (contract["numerator"], contract["denominator"]) == (1, 2)
    assert metric(engine, "wage_bargaining_rate")["value"] == pytest.approx(2 / 3)


def test_finance_income_expense_and_budget(engine):
    rows = [
        ["填报单位:甲工会"],
        ["科目", "年度", "预算数", "决算数"],
        ["上年结余", 2023, None, 100],
        ["401会费收入", 2023, 50, 40],
        ["拨缴经费收入", 2023, 200, 210],
        ["职工活动支出", 2023, 150, 120],
        ["支出合计", None, 150, 120],
        ["本年结余", 2023, None, 230],
    ]
    load(engine, rows, "收支.xlsx")
    assert metric(engine, "income")["value"] == 250
    assert metric(engine, "income", category="会费收入")["value"] == 40
    assert metric(engine, "expense")["value"] == 120
    assert metric(engine, "budget_execution_rate", category="收入")["value"] == pytest.approx(250 / 250)
    assert metric(engine, "budget_execution_rate", category="职工活动支出")["value"] == pytest.approx(120 / 150)


def test_a_university_budget_table_then_its_statement_give_income_expense_and_execution(engine):
    # 2024年预算表: 编号 | 名称 under 科目, 上年决算数 | 本年预算数, sub-accounts, balances
    budget_table = [
        ["XX大学工会2024年工会经费收支预算表"],
        ["填报单位:XX大学工会"],
        ["科 目", None, "上年决算数", "本年预算数"],
        ["编号", "名称", None, None],
        ["401", "会费收入", 380000, 400000],
        ["403", "上级补助收入", 120000, 100000],
        ["40301", "回拨补助收入", 80000, 60000],
        ["40302", "专项补助收入", 40000, 40000],
        [None, "上年结转", 200000, 150000],
        [None, "动用以前年度结余", 0, 100000],
        [None, "收入合计", 700000, 650000],
        ["501", "职工活动支出", None, None],
        ["50101", "职工教育活动支出", 100000, 150000],
        ["50102", "文体活动支出", 300000, 500000],
        ["508", "其他支出", 50000, 0],
        [None, "支出合计", 450000, 650000],
        [None, "年末滚存结余", 250000, 0],
    ]
    report = load(engine, budget_table, "2024预算.xlsx", merged=["A3:B3", "C3:C4", "D3:D4"])
    assert report["sheets"][0]["problems"] == []
    # 2023 (上年决算数): 403 counts by its own row, never again by 40301 + 40302; 501 has no
    # row of its own, so its sub-accounts count; balances are neither income nor expense
    assert metric(engine, "income")["value"] == 380000 + 120000
    assert metric(engine, "income", category="上级补助收入")["value"] == 120000
    assert metric(engine, "expense")["value"] == 100000 + 300000 + 50000
    assert metric(engine, "expense", category="职工活动支出")["value"] == 400000
    assert metric(engine, "budget_execution_rate", category="收入")["value"] is None  # no 2023 budget
    # 2024: a budget, no actuals yet — no rate (pairwise: no row gives both)
    assert metric(engine, "budget_execution_rate", category="支出", at="2024")["value"] is None

    statement = [
        ["XX大学工会2024年度工会经费收支决算表"],
        ["填报单位:XX大学工会"],
        ["科目编码", "科目名称", "预算数", "决算数"],
        ["401", "会费收入", 400000, 410000],
        ["403", "上级补助收入", 100000, 90000],
        ["501", "职工活动支出", 650000, 600000],
        ["50101", "职工教育活动支出", 150000, 140000],
        ["50102", "文体活动支出", 500000, 460000],
    ]
    load(engine, statement, "2024决算.xlsx")
    assert metric(engine, "income", at="2024")["value"] == 410000 + 90000
    assert metric(engine, "expense", at="2024")["value"] == 600000  # 501's own row this time
    rate = metric(engine, "budget_execution_rate", category="支出", at="2024")
    assert (rate["numerator"], rate["denominator"]) == (600000, 650000)
    assert metric(engine, "budget_execution_rate", category="会费收入", at="2024")["value"] == pytest.approx(410000 / 400000)
    # the 2024 budget's 其他支出 (0) stays: the statement did not name it
    assert metric(engine, "expense", category="其他支出", at="2023")["value"] == 50000


def test_next_years_budget_table_keeps_the_budget_of_the_statement_it_follows(engine):
    # 2024年决算表 (预算数 | 决算数), then the 2025 budget table whose 上年决算数 are 2024's
    # 决算数: the 2024 预算数 it does not give stays, so 2024's 预算执行率 is still there
    statement = [
        ["XX大学工会2024年度工会经费收支决算表"],
        ["填报单位:XX大学工会"],
        ["科目编码", "科目名称", "预算数", "决算数"],
        ["401", "会费收入", 400000, 410000],
        ["501", "职工活动支出", 650000, 600000],
    ]
    load(engine, statement, "2024决算.xlsx")
    budget_table = [
        ["XX大学工会2025年工会经费收支预算表"],
        ["填报单位:XX大学工会"],
        ["科目编码", "科目名称", "上年决算数", "本年预算数"],
        ["401", "会费收入", 412000, 420000],  # a corrected 2024 决算数
        ["501", "职工活动支出", 600000, 700000],
    ]
    later = load(engine, budget_table, "2025预算.xlsx")
    rate = metric(engine, "budget_execution_rate", category="会费收入", at="2024")
    assert (rate["numerator"], rate["denominator"]) == (412000, 400000)  # the later 决算数, the kept 预算数
    assert metric(engine, "budget_execution_rate", category="支出", at="2024")["value"] == pytest.approx(600000 / 650000)
    undo_batch(engine, later["batch"])
    rate = metric(engine, "budget_execution_rate", category="会费收入", at="2024")
    assert (rate["numerator"], rate["denominator"]) == (410000, 400000)


def test_a_later_batch_replaces_an_aggregate_value_and_undo_restores_it(engine):
    header = ["单位", "年度", "职工人数", "会员人数"]
    load(engine, [header, ["甲工会", 2023, 100, 90], ["乙工会", 2023, 100, 80]], "初报.xlsx")
    corrected = load(engine, [["更正"], header, ["甲工会", 2023, 100, 95]], "更正.xlsx")
    assert metric(engine, "members")["value"] == 95 + 80
    undo_batch(engine, corrected["batch"])
    assert metric(engine, "members")["value"] == 90 + 80


def test_monthly_membership_counts_the_latest_month_of_the_year(engine):
    rows = [["单位", "月份", "职工人数", "会员人数"], ["甲工会", "2023-06", 100, 90], ["甲工会", "2023-12", 110, 105]]
    load(engine, rows, "月报.xlsx")
    assert metric(engine, "members")["value"] == 105
    assert metric(engine, "members", period="month", at="2023-06")["value"] == 90


def test_monthly_dues_with_the_year_only_in_the_title_roll_up_to_the_year(engine):
    rows = [["2023年度工会经费收缴台账"], ["单位", "月份", "应缴", "实缴"]] + [
        ["甲工会", f"{m}月", 1000, 900] for m in range(1, 13)
    ]
    rows.append(["合计", None, 12000, 10800])
    load(engine, rows, "台账.xlsx")
    total = metric(engine, "dues_collection_rate")
    assert (total["numerator"], total["denominator"]) == (10800, 12000)


def test_a_registry_of_unions_gives_coverage_and_membership_rates_in_one_batch(engine):
    rows = [
        ["2023年工会组织信息采集表"],
        ["序号", "单位名称", "工会名称", "职工人数", "会员人数", "联系电话"],
        [1, "11", "11", "11", "11", "11"],  # the template's example row: rejected, not a unit
        [2, "华新公司", "华新公司工会", 120, 118, None],
        [3, "启明商贸", None, 30, None, None],
        [4, "东城医院", "东城医院工会", 200, 180, None],
    ]
    report = load(engine, rows, "工会组织信息采集表.xlsx")
    assert [(s["sheet"], s["kind"], s["stored"], s["rejected"]) for s in report["sheets"]] == [
        ("Sheet1", "units", 3, 1),
        ("Sheet1(会员统计)", "membership", 2, 1),
    ]
    coverage = metric(engine, "union_coverage_rate")
    assert (coverage["numerator"], coverage["denominator"]) == (2, 3)
    rate = metric(engine, "membership_rate")
    assert (rate["numerator"], rate["denominator"]) == (298, 320)
    undo_batch(engine, report["batch"])  # one batch: both kinds go
    assert [r for r in records(compute_metrics(engine)) if r["metric"] in ("members", "union_coverage_rate")] == []


def test_a_membership_sheet_by_branch_counts_every_branch(engine):
    rows = [
        ["2023年会员统计表"],
        ["填报单位:华新公司工会"],
        ["分会", "职工人数", "会员人数"],
        ["一分会", 165, 162],
        ["二分会", 150, 145],
        ["三分会", 35, 33],
        ["合计", 350, 340],
    ]
    load(engine, rows, "分会会员.xlsx")
    rate = metric(engine, "membership_rate")
    assert (rate["numerator"], rate["denominator"]) == (340, 350)
    assert f"{rate['value']:.1%}" == "97.1%"


def test_a_dateless_jinqiu_list_counts_for_the_year_of_its_title(engine):
    rows = [
        ["2023年金秋助学补助清单"],
        ["姓名", "就读学校", "资助类别", "资助金额"],
        ["张三", "北京大学", "困难职工子女", 2000],
        ["李四", "本市职业学院", "劳模子女", 1500],
    ]
    load(engine, rows, "金秋助学.xlsx", unit="甲工会")
    assert metric(engine, "welfare_amount", category="金秋助学")["value"] == 3500
    assert metric(engine, "welfare_count", category="金秋助学")["value"] == 2


# --- §3.7 会员名册: a platform's roster, by hand --------------------------------------------------


def roster_rows(unit: str, people: list[list]) -> list[list]:
    header = ["序号", "姓名", "证件号码\n(填写18位身份证)", "性别", "出生日期", "会籍变化类型", "会籍变化日期", "户籍类型"]
    return [["2024年度会员实名制信息表"], ["填表单位（盖章）：", unit], header, *people]


# IDs with a right check digit: women 1949 / 1985, men 1880 / 1990 (the 17th digit)
W1949, W1985, M1880, M1990 = "11010519491231002X", "110101198501010025", "440524188001010014", "110101199003070011"


def test_a_roster_gives_the_figures_a_hand_count_gives_and_fills_what_the_table_lacks(engine):
    people = [
        [1, "甲", W1985, "女", "1985-01-01", "入会", "2024-03-01", "农业户口"],  # new, 39, migrant
        [2, "乙", M1990, None, "1990-03-07", "转入", "2024-05-01", "非农业户口"],  # sex from the ID; 转入 is not new
        [3, "丙", "110101199003070012", "男", None, "保留", "2015-06-01", None],  # bad check digit: no 实名制
        [4, "丁", W1949, "女", None, "转出", "2024-08-01", "农业户口"],  # left: not a member
        [5, "戊", M1880, "男", None, "在册", "2001-01-01", "农业户口"],  # 144 at the end of 2024
    ]
    load(engine, roster_rows("华新工会", people), "华新名册.xlsx")
    # by hand: members 4 (甲 乙 丙 戊); women 1; migrants 2 (甲 戊); new 1 (甲); 实名制 3 (甲 乙 戊)
    assert metric(engine, "members", at="2024")["value"] == 4
    assert metric(engine, "new_members", at="2024")["value"] == 1
    realname = metric(engine, "realname_rate", at="2024")
    assert (realname["numerator"], realname["denominator"], realname["value"]) == (3, 4, 0.75)
    groups = {c: metric(engine, "members_by_group", category=c, at="2024")["value"] for c in ("女", "男", "农民工")}
    assert groups == {"女": 1, "男": 3, "农民工": 2}
    assert metric(engine, "members_by_group", category="35岁及以下", at="2024")["value"] == 1  # 乙, 34
    assert metric(engine, "members_by_group", category="56岁及以上", at="2024")["value"] == 1  # 戊

    # a membership table of the same unit and year: its figures stand, the roster fills 实名制
    table = [["2024年会员统计表"], ["单位", "职工人数", "会员人数", "女会员人数"], ["华新工会", 10, 8, 5]]
    load(engine, table, "会员统计.xlsx")
    assert metric(engine, "members", at="2024")["value"] == 8
    assert metric(engine, "membership_rate", at="2024")["value"] == pytest.approx(0.8)
    realname = metric(engine, "realname_rate", at="2024")
    assert (realname["numerator"], realname["denominator"]) == (3, 8)
    assert metric(engine, "female_membership_rate", at="2024")["value"] is None  # no 女职工人数 anywhere

    # a later roster of the unit and year replaces the whole earlier one; undo brings it back
    later = load(engine, roster_rows("华新工会", people[:2]), "华新名册(更正).xlsx")
    assert metric(engine, "members_by_group", at="2024")["value"] == 2
    assert (metric(engine, "realname_rate", at="2024")["numerator"]) == 2
    undo_batch(engine, later["batch"])
    assert metric(engine, "members_by_group", at="2024")["value"] == 4
