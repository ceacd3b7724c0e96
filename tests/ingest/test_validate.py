"""unionstats.ingest.validate — every problem of a sheet as a row, and the totals check."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from unionstats.ingest.validate import ProblemLog, check_totals, fmt_number, show


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1234.0, "1,234"), (12.5, "12.5"), (0.125, "0.12"), (-3000, "-3,000"), (1e7, "10,000,000"), (math.nan, "")],
)
def test_fmt_number(value, shown):
    assert fmt_number(value) == shown


@pytest.mark.parametrize(("cell", "shown"), [(None, ""), (12.0, "12"), (12.5, "12.5"), ("  暂缺 ", "暂缺"), (True, "True")])
def test_show_a_cell_as_it_reads_in_a_message(cell, shown):
    assert show(cell) == shown


def test_where_logs_one_problem_per_marked_row_with_the_sentence_of_its_key():
    log = ProblemLog(sheet="会员")
    raw = pd.Series(["暂缺", 10, "—"], index=[5, 6, 7], dtype=object)
    log.reject_where(pd.Series([True, False, False], index=raw.index), raw, "实缴金额", "not_a_number")
    log.warn_where(pd.Series([False, False, True], index=raw.index), raw, "实缴金额", "not_a_number_blanked")
    assert [(p.sheet, p.row, p.column, p.level, p.code, p.message, p.value) for p in log.problems] == [
        ("会员", 5, "实缴金额", "rejected", "not_a_number", '第5行「实缴金额」不是数字:"暂缺"', "暂缺"),
        ("会员", 7, "实缴金额", "warning", "not_a_number", '第7行「实缴金额」不是数字:"—",按空值处理', "—"),
    ]
    assert log.rejected_rows == {5}
    assert log.is_rejected(pd.Index([5, 6, 7])).tolist() == [True, False, False]


def test_fields_of_a_sentence_are_filled_and_a_shared_sentence_takes_the_callers_code():
    log = ProblemLog(sheet="会员")
    log.warn(
        4,
        "会员人数",
        "greater",
        12,
        code="members_over_employees",
        big="会员人数",
        big_value="12",
        small="职工人数",
        small_value="10",
    )
    [problem] = log.problems
    assert (problem.code, problem.message, problem.value) == (
        "members_over_employees",
        "第4行「会员人数」(12)大于「职工人数」(10),请核对",
        "12",
    )
    with pytest.raises(ValueError, match="greater"):
        log.warn(4, None, "greater", big="a", big_value="1", small="b", small_value="0")


def test_a_whole_sheet_problem_has_no_row_and_rejects_nothing():
    log = ProblemLog(sheet="决算")
    log.warn(None, None, "unused_columns", kind="经费收支", columns="「应缴金额」")
    assert log.problems[0].row is None and log.rejected_rows == set()
    assert log.problems[0].message.startswith("本表按经费收支读取,「应缴金额」等列属于其他类别")


def test_personal_numbers_never_reach_a_message_or_a_value():
    log = ProblemLog(sheet="台账")
    raw = pd.Series(["330201199001011234"], index=[3], dtype=object)
    log.reject_where(pd.Series([True], index=[3]), raw, "金额", "not_a_number")
    [problem] = log.problems
    assert problem.message == '第3行「金额」不是数字:"3302**********1234"'
    assert problem.value == "3302**********1234"


def frame(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"paid": list(values.values())}, index=list(values))


def test_totals_that_add_up_give_no_warning():
    log = ProblemLog(sheet="经费")
    # 小计 rows 4 and 7 over their own groups, 合计 row 8 over everything above
    check_totals(frame({2: 10, 3: 20, 5: 1, 6: 2}), frame({4: 30, 7: 3, 8: 33}), {"paid": "实缴金额"}, log)
    assert log.problems == []


def test_totals_above_their_rows_are_checked_against_the_rows_below():
    log = ProblemLog(sheet="决算")
    check_totals(frame({3: 100, 4: 50}), frame({2: 150}), {"paid": "收入"}, log)
    assert log.problems == []


def test_a_totals_row_that_does_not_add_up_is_warned_with_both_figures():
    log = ProblemLog(sheet="经费")
    check_totals(frame({2: 1000, 3: 2000}), frame({4: 3500}), {"paid": "实缴金额"}, log)
    [problem] = log.problems
    assert (problem.row, problem.column, problem.level, problem.code) == (4, "实缴金额", "warning", "total_mismatch")
    assert problem.message == "第4行合计行「实缴金额」为3,500,与上方明细之和3,000不符,请核对"
    assert log.rejected_rows == set()
