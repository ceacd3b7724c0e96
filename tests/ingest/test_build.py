"""unionstats.ingest.build — the cells of one sheet, by field → the rows of its fact table.

Each test hands a builder the messy cells an office writes (already sorted into data rows
by ``parse``) and checks the stored rows and every rejection and warning, word for word.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from unionstats.ingest import clean
from unionstats.ingest.build import BUILDERS, SheetData, extra_json
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
        "salt": "test-salt",
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
    # the balance row gives no figure in either column: rejected, said once
    assert problems(data) == [(6, "rejected", "missing_value", "第6行「上年决算数」为空")]


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
