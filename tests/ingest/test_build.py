"""unionstats.ingest.build — the cells of one sheet, by field → the rows of its fact table.

Each test hands a builder the messy cells an office writes (already sorted into data rows
by ``parse``) and checks the stored rows and every rejection and warning, word for word.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workbooks import xlsx
from unionstats.ingest import clean
from unionstats.ingest.build import BUILDERS, SheetData, extra_json
from unionstats.ingest.parse import ParseOptions, parse_file
from unionstats.ingest.validate import ProblemLog
from unionstats.rules.welfare import CATEGORY_RULES, WELFARE_STANDARDS

TODAY = dt.date(2024, 12, 31)
FIRST_ROW = 3  # the header on row 2, as Excel numbers rows


def sheet_data(kind: str, columns: dict[str, list], **overrides) -> SheetData:
    """The data rows of a sheet of ``kind``, one list of cells per field, from Excel row 3."""
    length = len(next(iter(columns.values())))
    index = pd.Index(range(FIRST_ROW, FIRST_ROW + length), name="row")
    cells = pd.DataFrame(columns, index=index, dtype=object)
    unit = clean.clean_names(cells["unit"]) if "unit" in cells else pd.Series(None, index=index, dtype=object)
    values = {
        "kind": kind,
        "cells": cells,
        "labels": {},
        "multipliers": {},
        "unit": unit.astype(object),
        "extra": pd.Series(None, index=index, dtype=object),
        "log": ProblemLog(sheet="Sheet1"),
        "sheet": "Sheet1",
        "default_year": None,
        "today": TODAY,
        "person_key_secret": b"test-key",
        "welfare_standards": dict(WELFARE_STANDARDS),
        "category_rules": CATEGORY_RULES,
        **overrides,
    }
    return SheetData(**values)


def build(data: SheetData) -> pd.DataFrame:
    return BUILDERS[data.kind](data)


def problems(data: SheetData) -> list[tuple[int | None, str, str, str]]:
    return [(p.row, p.level, p.code, p.message) for p in data.log.problems]


# ------------------------------------------------------------------ §3.1 membership
def test_membership_rows_are_stored_with_whole_counts_and_their_period():
    data = sheet_data(
        "membership",
        {
            "unit": ["华新工会", " 东城 工会 "],
            "period": [2023, "2023年5月"],
            "employees": ["120人", 80],
            "members": [100, "７５"],
        },
    )
    rows = build(data)
    assert rows[["unit", "year", "month", "period", "employees", "members"]].values.tolist() == [
        ["华新工会", "2023", None, "2023", 120, 100],
        ["东城工会", "2023", "2023-05", "2023-05", 80, 75],
    ]
    assert rows["source_row"].tolist() == [3, 4] and problems(data) == []


def test_membership_bad_and_negative_counts_reject_and_name_the_header_as_written():
    data = sheet_data(
        "membership",
        {"unit": ["甲", "乙", "丙"], "period": [2023, 2023, 2023], "employees": ["暂缺", -5, 10.5], "members": [1, 1, 1]},
        labels={"employees": "职工总数"},
    )
    assert build(data).empty
    # (the 会员 > 职工 warning of row 4 is also logged; parse drops warnings of rejected rows)
    assert [p for p in problems(data) if p[1] == "rejected"] == [
        (5, "rejected", "not_an_integer", '第5行「职工总数」不是整数:"10.5"'),
        (4, "rejected", "negative_count", "第4行「职工总数」为负数:-5,人数不能为负"),
        (3, "rejected", "not_a_number", '第3行「职工总数」不是数字:"暂缺"'),
    ]


def test_membership_order_checks_warn_with_canonical_names_when_the_sheet_gives_none():
    data = sheet_data("membership", {"unit": ["甲"], "period": [2023], "employees": [10], "members": [12], "female_members": [3]})
    assert len(build(data)) == 1
    assert problems(data) == [(3, "warning", "members_over_employees", "第3行「会员人数」(12)大于「职工人数」(10),请核对")]


def test_two_rows_with_the_same_unit_and_period_name_the_one_that_wins():
    data = sheet_data("membership", {"unit": ["甲", "甲"], "period": [2023, "2023年"], "employees": [10, 11], "members": [9, 9]})
    assert len(build(data)) == 2
    assert problems(data) == [
        (3, "warning", "duplicate_key", "第3行与第4行的单位和期间相同,以第4行为准(第3行留作历史,不计入统计)")
    ]


# ------------------------------------------------------------------ §3.2 dues
def test_dues_due_is_two_percent_of_the_wage_total_when_missing():
    data = sheet_data("dues", {"unit": ["甲"], "period": ["2023-05"], "paid": [200], "wage_total": ["1万元"], "due": [None]})
    rows = build(data)
    assert rows.loc[0, ["fund_type", "due", "paid"]].tolist() == ["工会经费", 200.0, 200.0] and problems(data) == []


def test_dues_without_due_or_wage_total_and_with_an_unknown_fund_type_are_rejected():
    data = sheet_data(
        "dues",
        {"unit": ["甲", "乙"], "period": [2023, 2023], "paid": [100, 100], "due": [100, None], "fund_type": ["党费", "会费"]},
    )
    assert build(data).empty
    assert problems(data) == [
        (3, "rejected", "unknown_fund_type", '第3行「经费类别」无法识别:"党费",应为工会经费或会费'),
        (4, "rejected", "missing_value", "第4行「应缴金额」为空"),
    ]


def test_dues_overpaid_past_the_factor_is_warned_and_wan_yuan_columns_are_multiplied():
    data = sheet_data(
        "dues",
        {"unit": ["甲"], "period": [2023], "due": [1], "paid": [1.5]},
        multipliers={"due": 10_000.0, "paid": 10_000.0},
        labels={"due": "应缴(万元)", "paid": "实缴(万元)"},
    )
    assert build(data).loc[0, ["due", "paid"]].tolist() == [10_000.0, 15_000.0]
    assert problems(data) == [(3, "warning", "overpaid", "第3行「实缴(万元)」(15,000)大于「应缴(万元)」(10,000)的1.2倍,请核对")]


# ------------------------------------------------------------------ §3.3 welfare
def test_welfare_categories_default_count_and_the_standard_per_person():
    data = sheet_data(
        "welfare",
        {
            "unit": ["甲", "甲"],
            "date": ["2024-01-05", "2024/2/1"],
            "category_raw": ["春节慰问", "生病住院慰问"],
            "amount": ["500元", 5000],
            "count": [None, 1],
        },
    )
    rows = build(data)
    assert rows[["date", "category", "amount", "count"]].values.tolist() == [
        ["2024-01-05", "节日慰问", 500.0, 1],
        ["2024-02-01", "住院慰问", 5000.0, 1],
    ]
    [(row, level, code, text)] = problems(data)
    assert (row, level, code) == (4, "warning", "over_standard")
    assert text.startswith("第4行住院慰问每人5,000元,超过标准")


def test_a_welfare_row_without_category_is_rejected():
    data = sheet_data("welfare", {"unit": ["甲"], "date": ["2024-01-05"], "category_raw": ["—"], "amount": [100]})
    assert build(data).empty
    assert problems(data) == [(3, "rejected", "missing_value", "第3行「类别」为空")]


# ------------------------------------------------------------------ §3.4 competitions
def test_competition_awards_and_levels_not_recognised_are_warned():
    data = sheet_data(
        "competitions",
        {
            "contest": ["技能比武", "技能比武"],
            "date": ["2024-05-20", "2024-05-20"],
            "unit": ["甲", "甲"],
            "award": ["一等奖", "参与奖状"],
            "level": ["市级", "宇宙级"],
        },
    )
    rows = build(data)
    assert rows[["award", "level", "entries"]].values.tolist() == [["一等奖", "市级", 1], ["优秀奖", None, 1]]
    assert problems(data) == [
        (4, "warning", "unknown_award", '第4行「奖项」"参与奖状"无法归入一至三等奖,按优秀奖统计'),
        (4, "warning", "unknown_level", '第4行「级别」"宇宙级"无法识别,级别按空值处理'),
    ]


# ------------------------------------------------------------------ §3.5 units
def test_unit_flags_read_yes_and_no_words_and_prefixes_and_the_year_of_import():
    data = sheet_data(
        "units",
        {"unit": ["甲", "乙", "丙"], "established": ["√", "已建工会", "没建"], "collective_contract": ["否", "未签", "待定"]},
    )
    rows = build(data)
    assert rows[["year", "established", "collective_contract"]].values.tolist() == [
        ["2024", True, False],
        ["2024", True, False],
        ["2024", False, None],
    ]
    assert problems(data) == [(5, "warning", "not_yes_no", '第5行「签订集体合同」无法识别为是或否:"待定",按空值处理')]


# ------------------------------------------------------------------ §3.6 finance
def test_finance_accounts_unlisted_unknown_and_the_balance_check():
    data = sheet_data(
        "finance",
        {
            "unit": ["甲"] * 5,
            "year": [2023] * 5,
            "account": ["上年结余", "401 会费收入", "理财收益", "神秘款项", "本年结余"],
            "actual": [100, 50, 10, 5, 999],
        },
    )
    rows = build(data)
    assert rows[["account", "account_code", "flow"]].values.tolist() == [
        ["上年结余", None, "结余"],
        ["会费收入", "401", "收入"],
        ["理财收益", None, "收入"],  # 收益 in its own name: income
        ["本年结余", None, "结余"],
    ]
    assert problems(data) == [
        (
            6,
            "rejected",
            "unknown_account",
            '第6行「科目」"神秘款项"无法识别,也无法判断是收入还是支出,请填写科目编码或「收支类型」',
        ),
        (5, "warning", "unlisted_account", '第5行「科目」"理财收益"不在工会会计科目表中,按所填收支类型入库'),
        (7, "warning", "balance_mismatch", "第7行本年结余999元,与上年结余+收入−支出=160元不符,请核对"),
    ]


def finance_rows(rows: pd.DataFrame) -> list[list]:
    columns = ["source_row", "year", "account", "sub_account", "account_code", "flow", "actual", "budget"]
    return rows[columns].values.tolist()


def test_a_code_column_and_a_name_column_are_one_account_and_longer_codes_are_sub_accounts():
    # 科目编码 | 科目名称 under one merged 科目 cell; 403 has no figure of its own (a heading
    # over 40301/40302: not stored), 501 has one (its sub-accounts are kept but never added)
    data = sheet_data(
        "finance",
        {
            "account_code": [401, "403", "40301", "40302", 501, 50101, 50102],
            "account": ["会费收入", "上级补助收入", "回拨补助", "专项补助", "职工活动支出", "职工教育", "文体活动"],
            "actual": [100, None, 60, 40, 90, 30, 60],
        },
        unit=pd.Series(["甲工会"] * 7, index=pd.RangeIndex(3, 10), dtype=object),
        default_year="2023",
    )
    data.cells["year"] = "2023"
    rows = build(data)
    assert finance_rows(rows) == [
        [3, "2023", "会费收入", None, "401", "收入", 100, None],
        [5, "2023", "上级补助收入", "回拨补助", "40301", "收入", 60, None],
        [6, "2023", "上级补助收入", "专项补助", "40302", "收入", 40, None],
        [7, "2023", "职工活动支出", None, "501", "支出", 90, None],
        [8, "2023", "职工活动支出", "职工教育", "50101", "支出", 30, None],
        [9, "2023", "职工活动支出", "文体活动", "50102", "支出", 60, None],
    ]
    assert rows["account_raw"].tolist() == ["会费收入", "回拨补助", "专项补助", "职工活动支出", "职工教育", "文体活动"]
    assert problems(data) == []  # 90 = 30 + 60


def test_names_with_a_deeper_list_marker_under_an_account_are_its_sub_accounts():
    data = sheet_data(
        "finance",
        {
            "unit": ["甲"] * 6,
            "year": [2023] * 6,
            "account": ["一、会费收入", "二、职工活动支出", "1.职工教育支出", "2.文体活动支出", "三、业务支出", "四、理财收益"],
            "actual": [100, 90, 30, 50, 20, 5],
        },
    )
    rows = build(data)
    assert rows[["account", "sub_account", "flow"]].values.tolist() == [
        ["会费收入", None, "收入"],
        ["职工活动支出", None, "支出"],
        ["职工活动支出", "职工教育支出", "支出"],
        ["职工活动支出", "文体活动支出", "支出"],
        ["业务支出", None, "支出"],
        ["理财收益", None, "收入"],  # same level as the accounts: an account of its own
    ]
    assert rows["account_raw"].tolist()[:3] == ["一、会费收入", "二、职工活动支出", "1.职工教育支出"]
    assert problems(data) == [
        (8, "warning", "unlisted_account", '第8行「科目」"四、理财收益"不在工会会计科目表中,按所填收支类型入库'),
        (4, "warning", "sub_accounts_mismatch", "第4行职工活动支出为90元,与其明细科目之和80元不符,请核对"),
    ]


def test_a_budget_table_gives_the_actuals_of_the_year_before_and_the_budget_of_its_year():
    # 2024年预算表: 上年决算数 | 本年预算数 — a new account (拨缴) has no 上年决算数
    data = sheet_data(
        "finance",
        {
            "unit": ["甲"] * 4,
            "account": ["会费收入", "拨缴经费收入", "职工活动支出", "年末滚存结余"],
            "prior_actual": [80, None, 70, "—"],
            "budget": [100, 200, 300, None],
        },
        default_year="2024",
        labels={"prior_actual": "上年决算数", "budget": "本年预算数"},
    )
    data.cells["year"] = "2024"
    rows = build(data)
    assert finance_rows(rows) == [
        [3, "2024", "会费收入", None, "401", "收入", None, 100],
        [4, "2024", "拨缴经费收入", None, "402", "收入", None, 200],
        [5, "2024", "职工活动支出", None, "501", "支出", None, 300],
        [3, "2023", "会费收入", None, "401", "收入", 80, None],
        [5, "2023", "职工活动支出", None, "501", "支出", 70, None],
    ]
    # the balance row gives no figure in either column: a printed line left blank, no row
    assert problems(data) == []


def test_balance_rows_with_a_carry_over_and_reserves_drawn_balance_either_way():
    def statement(closing: float) -> SheetData:
        return sheet_data(
            "finance",
            {
                "unit": ["甲"] * 6,
                "year": [2023] * 6,
                "account": ["上年结转", "动用以前年度结余", "会费收入", "职工活动支出", "本年结余", "年末滚存结余"],
                "actual": [200, 50, 1000, 1100, -100, closing],
            },
        )

    # 200 + 50 + 1000 − 1100 = 150; 本年结余 −100 is the year's surplus alone beside 年末滚存结余
    balanced = statement(150)
    assert build(balanced)["flow"].tolist() == ["结余", "结余", "收入", "支出", "结余", "结余"]
    assert [p.code for p in balanced.log.problems] == ["negative_amount"]
    # 动用以前年度结余 already inside the opening balance: 200 + 1000 − 1100 = 100 holds too
    inside = statement(100)
    build(inside)
    assert [p.code for p in inside.log.problems] == ["negative_amount"]
    wrong = statement(999)
    build(wrong)
    assert problems(wrong)[-1] == (
        8,
        "warning",
        "balance_mismatch",
        "第8行年末滚存结余999元,与上年结转+收入−支出=100元不符,请核对",
    )


# ------------------------------------------------------------------ units of rows
def test_rows_without_a_unit_column_or_unit_are_rejected_with_what_to_do():
    data = sheet_data("membership", {"period": [2023], "employees": [10], "members": [9]})
    assert build(data).empty
    assert problems(data) == [
        (
            3,
            "rejected",
            "missing_unit",
            "第3行缺少单位:表中没有「单位」列,请在上传时填写所属单位,或在表头上方注明「填报单位:…」",
        )
    ]


def test_rows_of_a_unit_outside_the_accounts_scope_are_rejected():
    data = sheet_data(
        "membership",
        {"unit": ["甲", "乙"], "period": [2023, 2023], "employees": [10, 10], "members": [9, 9]},
        allowed_units=frozenset({"甲"}),
    )
    assert build(data)["unit"].tolist() == ["甲"]
    assert problems(data) == [
        (4, "rejected", "outside_scope", "第4行的单位「乙」不在本账号的范围内:只能导入本单位及下属单位的数据")
    ]


@pytest.mark.parametrize(("required", "level"), [(True, "rejected"), (False, "warning")])
def test_a_figure_past_ten_to_the_fifteen_is_too_large(required, level):
    data = sheet_data("dues", {"paid": ["1e16"]})
    values = data.number("paid", required=required, count=False)
    assert values.isna().all()
    suffix = "" if required else ",按空值处理"
    assert problems(data) == [(3, level, "too_large", f'第3行「实缴金额」数值过大:"1e16"{suffix}')]


def test_extra_columns_are_kept_as_json_with_personal_numbers_masked():
    cells = pd.DataFrame({0: ["电话13812345678", None], 1: [dt.date(2024, 1, 2), "  "]}, index=[3, 4], dtype=object)
    extra = extra_json(cells, ["备注", "登记日期"])
    assert json.loads(extra[3]) == {"备注": "电话138****5678", "登记日期": "2024-01-02"}
    assert extra[4] is None


# ================================================================== real offices' forms (issue 13)
# Each test builds the workbook an office files and reads it the whole way (parse_file).
def parse_workbook(rows, name: str = "表.xlsx", sheet: str = "Sheet1", **options) -> list:
    return parse_file(xlsx((sheet, rows)), name, ParseOptions(today=TODAY, **options)).sheets


def read_one(rows, name: str = "表.xlsx", sheet: str = "Sheet1", **options):
    sheets = parse_workbook(rows, name, sheet, **options)
    assert [s.kind is not None for s in sheets] == [True], [(s.name, s.skipped) for s in sheets]
    return sheets[0]


def said(sheet) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.level, p.message) for p in sheet.problems]


# ------------------------------------------------------------------ §3.3 welfare
@pytest.mark.parametrize(
    ("category", "amount", "date"),
    [("补助类型", "补助金额", "补助时间"), ("资助类别", "资助金额", "发放时间"), ("帮扶类型", "补助金", "慰问时间")],
)
def test_welfare_headers_of_real_ledgers(category, amount, date):
    sheet = read_one([["单位", date, "姓名", category, amount], ["甲工会", "2023-03-01", "张三", "职工住院", "800元"]])
    assert sheet.kind == "welfare"
    assert sheet.rows.loc[0, ["category", "category_raw", "amount", "date"]].tolist() == [
        "住院慰问",
        "职工住院",
        800,
        "2023-03-01",
    ]


def test_a_ledger_named_for_one_category_needs_no_category_or_date_column():
    rows = [
        ["2023年金秋助学补助清单"],
        ["填报单位:甲工会"],
        ["序号", "姓名", "就读学校", "资助类别", "资助金额"],
        [1, "张三", "北京大学", "困难职工子女", 2000],
        [2, "李四", "本市职业学院", "劳模子女", "1,500"],
        [3, "王五", "某中学", None, 1000],
    ]
    sheet = read_one(rows)
    assert sheet.kind == "welfare" and sheet.problems == []
    assert sheet.rows[["unit", "category", "category_raw", "amount", "period", "date"]].values.tolist() == [
        ["甲工会", "金秋助学", "困难职工子女", 2000, "2023", None],  # the column holds sub-types, kept
        ["甲工会", "金秋助学", "劳模子女", 1500, "2023", None],
        ["甲工会", "金秋助学", None, 1000, "2023", None],  # an empty sub-type rejects nothing
    ]


def test_a_zhukun_ledger_is_kunnan_bangfu_whatever_its_sub_types_say():
    rows = [["助困管理表"], ["单位", "日期", "姓名", "补助类型", "补助金额"], ["甲工会", "2023-05-01", "张三", "重病", 5000]]
    sheet = read_one(rows)
    # 困难帮扶 has no standard: no 住院慰问 over-standard warning for 5,000 元
    assert sheet.rows.loc[0, ["category", "category_raw"]].tolist() == ["困难帮扶", "重病"] and sheet.problems == []


@pytest.mark.parametrize(
    ("title", "sheet_name", "file_name", "categories"),
    [
        ("2024年春节送温暖慰问方案", "Sheet1", "表.xlsx", ["节日慰问", "节日慰问"]),
        ("2024年慰问台账", "夏送清凉", "表.xlsx", ["夏送清凉", "夏送清凉"]),  # the title names none: the sheet
        ("2024年慰问台账", "Sheet1", "生日慰问发放表.xlsx", ["生日慰问", "生日慰问"]),  # then the file
        ("各类慰问补助一览表", "Sheet1", "表.xlsx", ["住院慰问", "金秋助学"]),  # none anywhere: per row
        ("2024年困难职工春节慰问表", "夏送清凉", "表.xlsx", ["住院慰问", "金秋助学"]),  # the title names two
        ("2024年帮扶慰问台账", "Sheet1", "表.xlsx", ["住院慰问", "金秋助学"]),  # the kind's own name
    ],
)
def test_the_title_then_the_sheet_then_the_file_name_one_category(title, sheet_name, file_name, categories):
    rows = [[title], ["单位", "日期", "事由", "金额"], ["甲", "2024-01-05", "住院", 100], ["甲", "2024-01-06", "助学", 100]]
    assert read_one(rows, file_name, sheet_name).rows["category"].tolist() == categories


def test_a_dateless_ledger_takes_the_year_of_its_title_sheet_or_file_name():
    rows = [["姓名", "补助类型", "补助金额"], ["张三", "大病救助", 3000]]
    sheet = read_one(rows, "2022年补助发放.xlsx", unit="甲工会")
    assert sheet.rows.loc[0, ["category", "year", "period", "date"]].tolist() == ["困难帮扶", "2022", "2022", None]
    # §1: the kind is clear, the year nowhere: the rows are rejected saying so
    undated = parse_workbook(rows, "补助发放.xlsx", unit="甲工会")
    assert (undated[0].kind, undated[0].stored, undated[0].rejected) == ("welfare", 0, 1)
    assert "表中没有「日期」列" in undated[0].problems[0].message


def test_kunnan_bangfu_words_beat_the_bare_bing_of_zhuyuan():
    rows = [
        ["单位", "日期", "事由", "金额"],
        ["甲", "2023-01-05", "困难帮扶（大病救助）", 3000],
        ["甲", "2023-01-06", "大病救助", 3000],
        ["甲", "2023-01-07", "生病住院", 500],
    ]
    sheet = read_one(rows)
    assert sheet.rows["category"].tolist() == ["困难帮扶", "困难帮扶", "住院慰问"] and sheet.problems == []


def test_group_payments_are_checked_per_person_and_a_blank_count_is_one_in_the_total():
    rows = [
        ["2023年慰问台账"],
        ["单位", "日期", "慰问对象", "事由", "人数", "金额"],
        ["甲", "2023-01-10", "全体会员", "春节慰问", "497人", "149,100"],  # 300 元 each
        ["甲", "2023-09-10", "全体会员", "中秋慰问", 497, 149_100],  # 600 元 a person this year
        ["甲", "2023-03-01", "张三", "生日慰问", None, 200],
        ["甲", "2023-04-01", "李四", "生日慰问", None, 500],
        ["合计", None, None, None, 996, 298_900],  # the two blank 人次 count 1 each
    ]
    sheet = read_one(rows)
    assert sheet.rows["count"].tolist() == [497, 497, 1, 1]
    assert said(sheet) == [(6, "warning", "第6行生日慰问每人500元,超过标准300元")]


def test_a_person_over_the_standard_in_the_year_is_counted_per_person():
    rows = [
        ["单位", "日期", "慰问对象", "事由", "人次", "金额"],
        ["甲", "2023-03-01", "张三", "住院", 2, 1200],  # 600 each
        ["甲", "2023-06-01", "张三", "住院", 1, 600],  # 张三 1,200 this year
    ]
    assert said(read_one(rows)) == [(3, "warning", "第3行张三本年住院慰问累计1,200元,超过标准1,000元")]


# ------------------------------------------------------------------ §3.4 competitions
def test_a_rank_and_scores_are_kept_with_the_entry_but_are_no_award():
    rows = [
        ["2021年职工技能比武成绩表"],
        ["比武名称", "比武开始时间", "参赛单位", "姓名", "项目一", "总成绩", "名次", "人数"],
        ["焊工比武", "2021-01-20", "甲工会", "张三", 88, 176.5, 1, None],
        ["焊工比武", "2021-01-20", "甲工会", "李四", 80, 160, "2", None],
        ["焊工比武", "2021-01-20", "乙工会", "王五", 70, 150, "第3名", 1],
    ]
    sheet = read_one(rows)
    assert sheet.problems == []
    assert sheet.rows[["contest", "date", "unit", "award", "award_raw", "entries"]].values.tolist() == [
        ["焊工比武", "2021-01-20", "甲工会", "未获奖", None, 1],
        ["焊工比武", "2021-01-20", "甲工会", "未获奖", None, 1],
        ["焊工比武", "2021-01-20", "乙工会", "三等奖", "第3名", 1],  # 第3名 is an award
    ]
    assert [json.loads(e) for e in sheet.rows["extra"]] == [
        {"项目一": 88, "总成绩": 176.5, "名次": 1},
        {"项目一": 80, "总成绩": 160, "名次": 2},
        {"项目一": 70, "总成绩": 150},
    ]


def test_an_entry_without_an_award_column_is_no_award():
    rows = [["竞赛名称", "竞赛时间", "单位", "获奖情况"], ["技能赛", "2023年5月", "甲", "一等奖"]]
    assert read_one(rows).rows.loc[0, ["award", "entries"]].tolist() == ["一等奖", 1]
    rows = [["竞赛名称", "开始时间", "单位", "排名", "成绩"], ["技能赛", "2023-05-01", "甲", 1, 99]]
    sheet = read_one(rows)
    assert sheet.rows.loc[0, ["award", "entries"]].tolist() == ["未获奖", 1]
    assert json.loads(sheet.rows.loc[0, "extra"]) == {"排名": 1, "成绩": 99}


# ------------------------------------------------------------------ §3.5 registries, §1 names
def test_a_registry_of_unions_with_headcounts_and_its_example_row():
    rows = [
        ["2023年工会组织信息采集表"],
        ["序号", "单位名称", "工会名称", "职工人数", "会员人数", "联系电话"],
        [1, "11", "11", "11", "11", "11"],  # the platform template's own example row
        [2, "华新公司", "华新公司工会", 120, 118, "13812345678"],
        [3, "启明商贸", None, 30, None, None],  # no union: the employer is the unit, 未建会
        [4, "东城医院", "东城医院工会", "200人", 180, None],
    ]
    registry, counts = parse_workbook(rows)
    assert registry.kind == "units" and counts.kind == "membership"
    assert registry.rows[["unit", "year", "established", "source_row"]].values.tolist() == [
        ["华新公司工会", "2023", True, 4],
        ["启明商贸", "2023", False, 5],
        ["东城医院工会", "2023", True, 6],
    ]
    assert json.loads(registry.rows.loc[0, "extra"]) == {"单位名称": "华新公司", "联系电话": "138****5678"}
    assert said(registry) == [(3, "rejected", '第3行「工会名称」"11"不是单位名称(没有文字),可能是表格自带的示例行,未导入')]
    assert counts.name == "Sheet1(会员统计)"
    assert counts.rows[["sheet", "source_row", "unit", "period", "employees", "members"]].values.tolist() == [
        ["Sheet1", 4, "华新公司工会", "2023", 120, 118],
        ["Sheet1", 6, "东城医院工会", "2023", 200, 180],
    ]
    # the membership part rejects a row the registry keeps: 启明商贸 gives no 会员人数
    assert said(counts) == [(5, "rejected", "第5行「会员人数」为空")] and counts.rejected == 1


@pytest.mark.parametrize(
    ("title", "year"),
    [("2022年基层工会名册", "2022"), ("基层工会名册  填报日期：2023年1月10日", "2023"), ("基层工会名册", "2024")],
)
def test_a_registry_without_a_year_holds_for_its_title_else_its_filing_date_else_the_import(title, year):
    rows = [[title], ["工会名称", "会员人数", "职工人数"], ["甲工会", 9, 10]]
    registry, counts = parse_workbook(rows)
    assert registry.rows.loc[0, ["unit", "year", "established"]].tolist() == ["甲工会", year, True]
    assert counts.rows.loc[0, ["unit", "year", "members", "employees"]].tolist() == ["甲工会", year, 9, 10]


def test_a_founding_date_says_a_unit_has_a_union_and_is_kept():
    rows = [["单位名称", "建会日期", "上级工会"], ["甲厂", "2015-03-01", "东城"], ["乙厂", None, "东城"]]
    [registry] = parse_workbook(rows)
    assert registry.rows[["unit", "established", "parent"]].values.tolist() == [["甲厂", True, "东城"], ["乙厂", False, "东城"]]
    assert json.loads(registry.rows.loc[0, "extra"]) == {"建会日期": "2015-03-01"}


def test_an_established_column_is_read_as_written_even_beside_a_union_name():
    rows = [["单位名称", "工会名称", "工会状态"], ["甲厂", "甲厂工会", "未建"], ["乙厂", None, "已建会"]]
    [registry] = parse_workbook(rows)
    assert registry.rows[["unit", "established"]].values.tolist() == [["甲厂工会", False], ["乙厂", True]]


@pytest.mark.parametrize("name", ["1", "11", "2.0", "#"])
def test_a_unit_name_without_letters_is_rejected_in_every_kind(name):
    rows = [["单位", "年度", "职工人数", "会员人数"], [name, 2023, 10, 9], ["甲工会", 2023, 10, 9]]
    sheet = read_one(rows)
    assert sheet.rows["unit"].tolist() == ["甲工会"]
    [(row, level, text)] = said(sheet)
    assert (row, level) == (2, "rejected") and "不是单位名称(没有文字)" in text


# ------------------------------------------------------------------ parts of one unit (issue 13 item 4)
def test_a_membership_sheet_by_branch_is_the_sum_of_its_branches():
    rows = [
        ["2023年会员统计表"],
        ["填报单位:华新公司工会"],
        ["分会", "职工人数", "会员人数", "女职工人数", "女会员人数"],
        ["一分会", 165, 162, 60, 60],
        ["二分会", 150, 145, 50, 48],
        ["三分会", 35, 33, 10, 9],
        ["合计", 350, 340, 120, 117],
    ]
    sheet = read_one(rows)
    assert sheet.problems == []  # the 合计 row adds up; no row is a repeat of another
    row = sheet.rows.loc[0]
    assert len(sheet.rows) == 1 and (row["unit"], row["year"], row["source_row"]) == ("华新公司工会", "2023", 4)
    assert (row["employees"], row["members"], row["female_employees"], row["female_members"]) == (350, 340, 120, 117)
    assert f"{row['members'] / row['employees']:.1%}" == "97.1%"  # not 94.3%, the last branch's
    assert json.loads(row["extra"]) == {"分会": ["一分会", "二分会", "三分会"]}


def test_a_wrong_total_of_branches_is_warned_and_a_branch_written_twice_is_a_repeat():
    rows = [
        ["单位", "车间", "年度", "职工人数", "会员人数"],
        ["甲工会", "一车间", 2023, 100, 90],
        ["甲工会", "二车间", 2023, 50, 40],
        ["甲工会", "二车间", 2023, 60, 50],  # 二车间 again: the later row counts
        ["乙工会", "一车间", 2023, 10, 10],
        ["合计", None, None, 200, 170],
    ]
    sheet = read_one(rows)
    assert sheet.rows[["unit", "employees", "members", "source_row"]].values.tolist() == [
        ["甲工会", 160, 140, 2],
        ["乙工会", 10, 10, 5],
    ]
    assert json.loads(sheet.rows.loc[1, "extra"]) == {"车间": "一车间"}
    assert said(sheet) == [
        (3, "warning", "第3行与第4行的单位和期间及车间相同,以第4行为准(第3行留作历史,不计入统计)"),
        (6, "warning", "第6行合计行「职工人数」为200,与上方明细之和220不符,请核对"),
        (6, "warning", "第6行合计行「会员人数」为170,与上方明细之和190不符,请核对"),
    ]


def test_a_figure_only_some_branches_give_is_left_empty_with_a_warning():
    rows = [
        ["单位", "部门", "年度", "职工人数", "会员人数", "女职工人数"],
        ["甲", "办公室", 2023, 10, 9, 4],
        ["甲", "生产部", 2023, 20, 19, None],
    ]
    sheet = read_one(rows)
    assert sheet.rows.loc[0, ["employees", "members", "female_employees"]].tolist() == [30, 28, None]
    assert said(sheet) == [(2, "warning", "第2行起甲的2个部门中只有部分填写了「女职工人数」,合计后该项按空值处理,请补齐")]


def test_dues_by_workshop_are_summed_per_fund_type():
    rows = [
        ["单位", "班组", "月份", "经费类别", "应缴金额", "实缴金额"],
        ["甲", "一班", "2023-05", "工会经费", 100, 100],
        ["甲", "二班", "2023-05", "工会经费", 200, 150],
        ["甲", "一班", "2023-05", "会费", 10, 10],
    ]
    sheet = read_one(rows)
    assert sheet.rows[["unit", "period", "fund_type", "due", "paid"]].values.tolist() == [
        ["甲", "2023-05", "工会经费", 300, 250],
        ["甲", "2023-05", "会费", 10, 10],
    ]


@given(
    st.lists(
        st.tuples(st.integers(min_value=1, max_value=10**6), st.floats(min_value=0, max_value=1)).map(
            lambda p: (p[0], int(p[0] * p[1]))
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_a_units_rate_is_the_ratio_of_the_sums_of_its_parts(parts):
    data = sheet_data(
        "membership",
        {
            "unit": ["甲工会"] * len(parts),
            "sub_unit": [f"第{i + 1}分会" for i in range(len(parts))],
            "period": [2023] * len(parts),
            "employees": [e for e, _ in parts],
            "members": [m for _, m in parts],
        },
    )
    [row] = build(data).to_dict("records")
    assert (row["employees"], row["members"]) == (sum(e for e, _ in parts), sum(m for _, m in parts))
    assert row["members"] / row["employees"] == pytest.approx(sum(m for _, m in parts) / sum(e for e, _ in parts))
    assert problems(data) == []


def test_the_parts_own_extra_columns_are_kept_with_the_summed_row():
    rows = [
        ["单位", "支部", "年度", "职工人数", "会员人数", "备注"],
        ["甲", "一支部", 2023, 10, 9, "新建"],
        ["甲", "二支部", 2023, 5, 5, None],
    ]
    extra = json.loads(read_one(rows).rows.loc[0, "extra"])
    assert extra == {"支部": ["一支部", "二支部"], "明细": [{"支部": "一支部", "备注": "新建"}]}


# ------------------------------------------------------------------ §3.8 activities
def _activity_ledger(total_sessions=9, total_people=293) -> bytes:
    return xlsx(
        [
            ["2023年职工活动与培训台账"],
            ["填报单位:华新机械有限公司工会", None, None, "单位:元"],
            ["序号", "活动名称", "活动时间", "活动类型", "场次", "参加人数", "活动经费"],
            [1, "安全生产培训班", "2023-03-15", None, "3", "120人", "4,500"],
            [2, "职工篮球赛", "2023年5月", "体育", None, 60, "2000元"],
            [3, "班组篮球友谊赛", "2023/6/1", None, 1, "４０", None],
            [4, "学雷锋志愿服务", dt.date(2023, 3, 5), "志愿服务", 2, 30, "—"],
            [5, "职工疗休养", "2023.07", "其它", 1, 25, 12000],
            [6, "读书分享会", "9月", None, 1, 18, 300],
            [None, "合计", None, None, total_sessions, total_people, 18800],
            ["填表人:张三"],
        ]
    )


def test_an_activity_ledger_as_an_office_writes_it():
    sheet = parse_file(_activity_ledger(), "活动台账.xlsx", ParseOptions(today=TODAY)).sheets[0]
    assert (sheet.kind, sheet.stored, sheet.rejected, sheet.problems) == ("activities", 6, 0, [])
    rows = sheet.rows
    assert set(rows["unit"]) == {"华新机械有限公司工会"}
    assert rows[["name", "type", "type_raw", "period", "sessions", "participants", "spend"]].values.tolist() == [
        ["安全生产培训班", "培训", None, "2023-03", 3, 120, 4500.0],
        ["职工篮球赛", "文体活动", "体育", "2023-05", 1, 60, 2000.0],  # 场次 blank: one
        ["班组篮球友谊赛", "文体活动", None, "2023-06", 1, 40, None],
        ["学雷锋志愿服务", "志愿服务", "志愿服务", "2023-03", 2, 30, None],
        # a 类型 cell that names no type (其它): the name decides, the cell is kept
        ["职工疗休养", "关爱服务", "其它", "2023-07", 1, 25, 12000.0],
        ["读书分享会", "宣传教育", None, "2023-09", 1, 18, 300.0],  # 9月 takes the title's year
    ]
    assert rows["date"].tolist()[:4] == ["2023-03-15", None, "2023-06-01", "2023-03-05"]


def test_an_activity_total_that_does_not_add_up_is_a_warning():
    sheet = parse_file(_activity_ledger(total_people=300), "活动台账.xlsx", ParseOptions(today=TODAY)).sheets[0]
    assert sheet.stored == 6
    assert [(p.level, p.code) for p in sheet.problems] == [("warning", "total_mismatch")]


def test_activity_rows_without_a_name_or_with_bad_counts_are_rejected_and_spend_in_wan_yuan_scales():
    data = xlsx(
        [
            ["活动名称", "日期", "参训人数", "培训经费(万元)"],
            ["消防培训", "2024-04-01", "-3", "0.5"],
            [None, "2024-04-02", 10, 1],
            ["急救培训", "2024-04-03", "2.5", "1.2"],
            ["法律讲座", "2024-04-04", "暂缺", "0.3"],
        ]
    )
    sheet = parse_file(data, "培训.xlsx", ParseOptions(today=TODAY, unit="东城街道总工会")).sheets[0]
    assert sheet.kind == "activities"
    assert [(p.row, p.level, p.code) for p in sheet.problems] == [
        (2, "rejected", "negative_count"),
        (3, "rejected", "missing_value"),  # no 活动名称
        (4, "rejected", "not_an_integer"),
        (5, "warning", "not_a_number"),  # 参加人次 is not required: blanked, the row kept
    ]
    assert sheet.rows[["name", "participants", "spend"]].values.tolist() == [["法律讲座", None, 3000.0]]


def test_an_activity_ledger_without_dates_takes_the_year_of_its_title_or_the_upload():
    rows = [["活动名称", "活动类型", "参加人数", "金额"], ["职工运动会", "文体", 300, 5000], ["插花讲座", None, 40, 800]]
    titled = parse_file(xlsx([["2022年职工活动一览表"], *rows]), "a.xlsx", ParseOptions(today=TODAY, unit="甲工会"))
    assert titled.sheets[0].kind == "activities"
    assert titled.sheets[0].rows[["period", "type"]].values.tolist() == [["2022", "文体活动"], ["2022", "培训"]]
    uploaded = parse_file(xlsx(rows), "b.xlsx", ParseOptions(today=TODAY, unit="甲工会", year="2021"))
    assert uploaded.sheets[0].rows["period"].tolist() == ["2021", "2021"]
    nowhere = parse_file(xlsx(rows), "c.xlsx", ParseOptions(today=TODAY, unit="甲工会")).sheets[0]
    assert (nowhere.kind, nowhere.stored, nowhere.rejected) == ("activities", 0, 2)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 50), st.integers(1, 50).map(lambda n: f"{n}{'期' if n % 2 else '场次'}")),
            st.one_of(st.none(), st.integers(0, 5000), st.integers(0, 5000).map(lambda n: f"{n:,}人")),
            st.sampled_from(["安全培训班", "职工篮球赛", "座谈会", "志愿服务", None]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_activity_rows_keep_every_count_and_a_blank_session_is_one(cells):
    sessions = [s for s, _, _ in cells]
    people = [p for _, p, _ in cells]
    data = sheet_data(
        "activities",
        {
            "unit": ["甲工会"] * len(cells),
            "date": ["2024-05-01"] * len(cells),
            "name": [n or "活动" for *_, n in cells],
            "type_raw": [t for *_, t in cells],
            "sessions": sessions,
            "participants": people,
        },
    )
    rows = build(data)
    assert problems(data) == [] and len(rows) == len(cells)

    def number(value):
        return None if value is None else int(str(value).removesuffix("场次").rstrip("期人").replace(",", ""))

    assert rows["sessions"].tolist() == [number(s) or 1 for s in sessions]
    assert rows["participants"].tolist() == [number(p) for p in people]
    assert set(rows["type"]) <= {"培训", "文体活动", "宣传教育", "志愿服务", "关爱服务", "其他"}


# ---------------------------------------------------------------- §3.7 roster
# IDs with their check digit right (the standard's examples and ones made from them)
ID_WOMAN_1949 = "11010519491231002X"
ID_MAN_1880 = "440524188001010014"
ID_MAN_1990 = "110101199003070011"
ID_WOMAN_1985 = "110101198501010025"
ROSTER_HEADER = [
    "序号",
    "姓名",
    "证件号码\n(填写18位身份证)",
    "性别",
    "出生日期（格式：yyyy/MM/dd）",
    "会籍变化类型",
    "会籍变化日期",
    "户籍类型",
    "工作单位",
    "手机号码",
    "民族",
]


def roster_sheet(rows, title=("2024年度会员实名制名册",), file_name="名册.xlsx", **options):
    sheet_rows = [[t] for t in title] + [["填表单位（盖章）：", "华新公司工会"], ROSTER_HEADER, *rows]
    [sheet] = parse_file(xlsx(sheet_rows), file_name, ParseOptions(today=TODAY, **options)).sheets
    return sheet


def test_a_platform_roster_is_read_one_row_a_member_and_never_keeps_the_id_or_phone():
    sheet = roster_sheet(
        [
            [1, "张三", ID_MAN_1990, "男", "1990/03/07", "入会", "2024-03-01", "农业户口", "华新公司", "13812345678", "汉"],
            [2, "李四", ID_WOMAN_1985, "女", "1985/01/01", "转出", "2024-05-01", "非农业户口", "华新公司", None, None],
            [3, "王芳", ID_WOMAN_1949, None, None, "转入", "2024-02-01", None, None, None, None],
        ]
    )
    assert sheet.kind == "roster" and sheet.problems == []
    rows = sheet.rows
    assert rows["unit"].tolist() == ["华新公司工会"] * 3  # the 填表单位（盖章） line; 工作单位 is the employer
    assert rows["year"].tolist() == ["2024"] * 3
    assert rows["sex"].tolist() == ["男", "女", "女"]  # 王芳's from the ID's 17th digit
    assert rows["birth_year"].tolist() == [1990, 1985, 1949]
    assert rows["migrant"].tolist() == [True, False, None]
    assert rows["status"].tolist() == ["入会", "转出", "转入"]
    assert rows["joined_year"].tolist() == ["2024"] * 3
    assert rows["id_valid"].tolist() == [True, True, True]
    assert json.loads(rows.loc[0, "extra"]) == {"工作单位": "华新公司", "民族": "汉"}
    assert rows["person_key"].str.len().tolist() == [32] * 3
    stored = rows.to_json(force_ascii=False)
    assert ID_MAN_1990 not in stored and "13812345678" not in stored and "张三" not in stored


def test_a_roster_warns_of_a_bad_check_digit_an_id_it_contradicts_and_one_person_twice():
    sheet = roster_sheet(
        [
            [1, "甲", "110101199003070012", "男", None, None, None, None, None, None, None],  # check digit wrong
            [2, "乙", ID_MAN_1990, "女", "1991-03-07", None, None, None, None, None, None],
            [3, "丙", ID_WOMAN_1985, "女", None, "在册", None, None, None, None, None],
            [4, "丙", ID_WOMAN_1985, "女", None, "保留", None, None, None, None, None],
        ]
    )
    messages = [(p.row, p.code, p.message) for p in sheet.problems]
    assert messages == [
        (
            4,
            "roster_bad_id",
            '第4行「证件号码 (填写18位身份证)」不是有效的18位身份证号(校验位不符或位数不对),不计入实名制录入人数:"1101**********0012"',
        ),
        (5, "roster_id_mismatch", "第5行「性别」为女,与身份证号显示的性别(男)不符,请核对"),
        (5, "roster_id_mismatch", "第5行「出生日期(格式:yyyy/MM/dd)」1991-03-07与身份证号中的出生日期不符,请核对"),
        (7, "roster_same_person", "第7行与第6行是同一人(身份证号相同),同一单位出现两次,请核对"),
    ]
    assert sheet.stored == 4 and sheet.rows["id_valid"].tolist() == [False, True, True, True]
    assert "110101199003070012" not in sheet.rows.to_json() and all("1101**" in m for _, c, m in messages if c == "roster_bad_id")


def test_a_roster_year_is_the_title_else_upload_else_the_latest_change():
    row = [1, "张三", ID_MAN_1990, "男", None, "入会", "2023-03-01", None, None, None, None]
    later = [2, "李四", ID_WOMAN_1985, "女", None, "入会", "2024-06-01", None, None, None, None]
    assert roster_sheet([row], title=("会员名册",), year="2022").rows["year"].tolist() == ["2022"]
    assert roster_sheet([row, later], title=("会员名册",)).rows["year"].tolist() == ["2024", "2024"]
    untimed = roster_sheet([[1, "张三", ID_MAN_1990, "男", None, None, None, None, None, None, None]], title=("会员名册",))
    assert (untimed.stored, untimed.rejected) == (0, 1)


def test_a_status_or_sex_not_known_is_warned_and_read_as_the_default():
    sheet = roster_sheet([[1, "张三", None, "未知", None, "待审核", "2024-01-01", "不详", None, None, None]])
    assert [p.code for p in sheet.problems] == ["roster_unknown_sex", "roster_unknown_status", "not_yes_no"]
    assert sheet.rows.loc[0, ["sex", "status", "migrant", "id_valid"]].tolist() == [None, "在册", None, False]


def test_a_ledger_that_lists_people_stays_that_ledger():
    rows = [
        ["姓名", "性别", "身份证号", "慰问日期", "慰问类别", "慰问金额"],
        ["张三", "男", ID_MAN_1990, "2024-01-05", "春节", 500],
    ]
    [sheet] = parse_file(xlsx(rows), "表.xlsx", ParseOptions(unit="A", today=TODAY)).sheets
    assert sheet.kind == "welfare"
    contest = [["姓名", "性别", "比赛名称", "比赛日期"], ["张三", "男", "技能大赛", "2024-05-01"]]
    assert parse_file(xlsx(contest), "表.xlsx", ParseOptions(unit="A", today=TODAY)).sheets[0].kind == "competitions"
    helped = [["2024年困难职工帮扶名单"], ["姓名", "性别", "身份证号", "单位"], ["张三", "男", ID_MAN_1990, "A"]]
    assert parse_file(xlsx(helped), "表.xlsx", ParseOptions(today=TODAY)).sheets[0].kind != "roster"
    typed = [["姓名", "性别", "帮扶类型", "单位"], ["张三", "男", "大病", "A"]]
    assert parse_file(xlsx(typed), "表.xlsx", ParseOptions(today=TODAY)).sheets[0].kind != "roster"
    training = [["姓名", "性别", "培训名称"], ["张三", "男", "安全培训"]]
    assert parse_file(xlsx(training), "表.xlsx", ParseOptions(unit="A", today=TODAY)).sheets[0].kind != "roster"
