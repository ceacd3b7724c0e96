"""unionstats.store.batches: batches, duplicates, aggregate history, ledger overlap, undo."""

from __future__ import annotations

import hashlib
import itertools
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from unionstats.errors import StoreError, UsageError
from unionstats.ingest.model import REJECTED, WARNING, ParsedFile, ParsedSheet, Problem
from unionstats.store import (
    commit_file,
    find_active_batch,
    list_batches,
    store_version,
    undo_batch,
)
from unionstats.store.audit import system_user
from unionstats.store.schema import REPLACED_TABLES, activities, batches, finance, membership, roster, welfare

NOW = datetime(2026, 11, 24, 10, 2, 0)
_file_numbers = itertools.count(1)


# --- hand-built parsed files: what ingest would hand over ----------------------------


def membership_sheet(*rows: tuple, name: str = "会员统计") -> ParsedSheet:
    """rows: (unit, period, employees, members[, source_row])."""
    records = []
    for i, (unit, period, employees, members, *source_row) in enumerate(rows):
        records.append(
            {
                "sheet": name,
                "source_row": source_row[0] if source_row else i + 3,
                "unit": unit,
                "period": period,
                "year": period[:4] if period else None,
                "month": period if period and len(period) == 7 else None,
                "period_sort": period if period and len(period) == 7 else f"{period}-13",
                "employees": employees,
                "members": members,
            }
        )
    return ParsedSheet(name=name, kind="membership", rows=pd.DataFrame(records))


def welfare_sheet(*rows: tuple, name: str = "慰问台账") -> ParsedSheet:
    """rows: (unit, date or None, period, amount)."""
    records = [
        {
            "sheet": name,
            "source_row": i + 2,
            "unit": unit,
            "period": period,
            "year": period[:4],
            "month": period if len(period) == 7 else None,
            "date": date,
            "category": "节日慰问",
            "category_raw": "春节慰问",
            "amount": amount,
            "count": 1,
        }
        for i, (unit, date, period, amount) in enumerate(rows)
    ]
    return ParsedSheet(name=name, kind="welfare", rows=pd.DataFrame(records))


def competitions_sheet(*rows: tuple) -> ParsedSheet:
    """rows: (unit, date, period)."""
    records = [
        {
            "unit": unit,
            "period": period,
            "year": period[:4],
            "date": date,
            "contest": "职工技能大赛",
            "award": "一等奖",
            "entries": 1,
        }
        for unit, date, period in rows
    ]
    return ParsedSheet(name="竞赛", kind="competitions", rows=pd.DataFrame(records))


def parsed_file(*sheets: ParsedSheet, name: str | None = None) -> ParsedFile:
    """A file with fresh content (a new hash) unless the same name is given again."""
    name = name or f"file{next(_file_numbers)}.xlsx"
    return ParsedFile(name, hashlib.sha256(name.encode()).hexdigest(), list(sheets))


def count_rows(engine, table, **where) -> int:
    query = select(func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with engine.connect() as conn:
        return conn.execute(query).scalar()


def current_members(engine) -> dict[tuple[str, str], int]:
    with engine.connect() as conn:
        rows = conn.execute(select(membership.c.unit, membership.c.period, membership.c.members).where(membership.c.is_current))
        return {(unit, period): members for unit, period, members in rows}


# --- a plain import --------------------------------------------------------------------


def test_a_file_becomes_one_batch_with_its_rows(engine):
    members = membership_sheet(("甲公司工会", "2023", 120, 100), ("乙公司工会", "2023", 50, 48))
    members.problems = [
        Problem(
            "会员统计",
            5,
            "会员人数",
            REJECTED,
            "not_a_number",
            '第5行「会员人数」不是数字:"暂缺"',
            "暂缺",
        ),
        Problem("会员统计", 3, "会员人数", WARNING, "members_over_employees", "第3行…"),
    ]
    skipped = ParsedSheet(name="说明", kind=None, skipped="没有可识别的表头")
    result = commit_file(
        engine,
        parsed_file(members, welfare_sheet(("甲公司工会", "2023-01-20", "2023-01", 500.0)), skipped),
        user="张三",
        now=NOW,
    )

    assert result.status == "imported" and result.overlaps == [] and result.message is None
    [batch] = list_batches(engine)
    assert batch["id"] == result.batch_id
    assert batch["kinds"] == ["membership", "welfare"]
    assert (batch["rows_stored"], batch["rows_rejected"], batch["rows_warned"]) == (3, 1, 1)
    assert (batch["created_at"], batch["created_by"], batch["status"]) == (NOW, "张三", "active")
    assert count_rows(engine, membership, batch_id=result.batch_id, is_current=True) == 2
    assert count_rows(engine, welfare, batch_id=result.batch_id) == 1

    with engine.connect() as conn:
        report_text, coverage = conn.execute(select(batches.c.report, batches.c.coverage)).one()
    report = json.loads(report_text)
    assert [s["sheet"] for s in report] == ["会员统计", "慰问台账", "说明"]
    assert report[2]["skipped"] == "没有可识别的表头"
    assert report[0]["problems"][0] == {
        "sheet": "会员统计",
        "row": 5,
        "column": "会员人数",
        "level": "rejected",
        "code": "not_a_number",
        "message": '第5行「会员人数」不是数字:"暂缺"',
    }
    assert json.loads(coverage) == {"welfare": {"units": ["甲公司工会"], "first": "2023-01-20", "last": "2023-01-20"}}


def test_pandas_missing_values_and_numpy_numbers_are_stored_plainly(engine):
    sheet = membership_sheet(("甲", "2023", 10, 8), ("乙", "2023", 20, 15), ("丙", "2023", 30, 25))
    rows = sheet.rows
    rows["employees"] = pd.array([10, None, 30], dtype="Int64")  # nullable integers
    rows["members"] = np.array([8.0, np.nan, 25.0])  # a count read as float because of a blank
    rows["parent"] = pd.Series(["总工会", None, np.nan], dtype="str")
    rows["new_members"] = np.array([1, 2, 3], dtype=np.int64)
    commit_file(engine, parsed_file(sheet))

    with engine.connect() as conn:
        stored = conn.execute(
            select(
                membership.c.unit,
                membership.c.employees,
                membership.c.members,
                membership.c.parent,
                membership.c.new_members,
            ).order_by(membership.c.id)
        ).all()
    assert [tuple(r) for r in stored] == [
        ("甲", 10, 8, "总工会", 1),
        ("乙", None, None, None, 2),
        ("丙", 30, 25, None, 3),
    ]


def test_the_user_comes_from_the_environment_when_not_given(engine, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_USER", "李四")
    commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 10, 8))))
    assert list_batches(engine)[0]["created_by"] == f"{system_user()}(自称「李四」)"  # a claim, marked


# --- duplicates ----------------------------------------------------------------------


def test_the_same_content_again_is_a_duplicate_and_nothing_doubles(engine):
    sheet = membership_sheet(("甲公司工会", "2023", 120, 100))
    first = commit_file(engine, parsed_file(sheet, name="会员.xlsx"), now=NOW)
    version = store_version(engine)

    again = commit_file(engine, parsed_file(sheet, name="会员.xlsx"))

    assert again.status == "duplicate"
    assert again.batch_id == first.batch_id
    assert again.message == (
        f"该文件已于2026-11-24 10:02导入过(批次 #{first.batch_id}),未重复导入。"
        "如需按现行规则重新读取,可在「导入记录」中对该批次「重新识别」。"
    )
    assert len(list_batches(engine)) == 1
    assert count_rows(engine, membership) == 1
    assert store_version(engine) == version
    found = find_active_batch(engine, parsed_file(sheet, name="会员.xlsx").content_hash)
    assert found == {"id": first.batch_id, "file_name": "会员.xlsx", "created_at": NOW, "status": "active", "replaced_by": None}


def test_two_imports_of_the_same_file_at_once_store_it_once(engine):
    # two users of the app upload the same file at the same moment
    sheet = membership_sheet(*((f"单位{i}", "2023", 10, 8) for i in range(2000)))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: commit_file(engine, parsed_file(sheet, name="同一文件.xlsx")), range(2)))
    assert sorted(r.status for r in results) == ["duplicate", "imported"]
    assert count_rows(engine, membership) == 2000


def test_an_undone_file_may_be_imported_again(engine):
    sheet = membership_sheet(("甲公司工会", "2023", 120, 100))
    first = commit_file(engine, parsed_file(sheet, name="会员.xlsx"))
    undo_batch(engine, first.batch_id)
    content_hash = parsed_file(sheet, name="会员.xlsx").content_hash
    assert find_active_batch(engine, content_hash) is None

    again = commit_file(engine, parsed_file(sheet, name="会员.xlsx"))
    assert find_active_batch(engine, content_hash)["id"] == again.batch_id

    assert again.status == "imported" and again.batch_id != first.batch_id
    assert current_members(engine) == {("甲公司工会", "2023"): 100}


# --- aggregate kinds: a later batch replaces, history kept ----------------------------


def test_a_later_batch_replaces_the_value_and_keeps_the_old_one(engine):
    first = commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 120, 100), ("乙", "2023", 50, 40))))
    second = commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 130, 110))))

    assert current_members(engine) == {("甲", "2023"): 110, ("乙", "2023"): 40}
    assert count_rows(engine, membership, batch_id=first.batch_id) == 2  # history kept
    assert count_rows(engine, membership, batch_id=first.batch_id, is_current=False) == 1

    undo_batch(engine, second.batch_id)

    assert current_members(engine) == {("甲", "2023"): 100, ("乙", "2023"): 40}
    assert count_rows(engine, membership, batch_id=second.batch_id) == 0


def test_undoing_the_older_batch_leaves_the_newer_value_current(engine):
    first = commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 120, 100))))
    commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 130, 110))))
    undo_batch(engine, first.batch_id)
    assert current_members(engine) == {("甲", "2023"): 110}


def test_other_periods_and_units_are_not_replaced(engine):
    commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 120, 100))))
    commit_file(engine, parsed_file(membership_sheet(("甲", "2024", 130, 110), ("乙", "2023", 9, 9))))
    assert current_members(engine) == {("甲", "2023"): 100, ("甲", "2024"): 110, ("乙", "2023"): 9}


def test_within_one_file_the_later_row_of_a_key_wins(engine):
    # Excel row 9 is below row 5, though the rows arrive in the other order
    upper = membership_sheet(("甲", "2023", 120, 101, 9), ("甲", "2023", 120, 100, 5), name="一")
    lower = membership_sheet(("乙", "2023", 50, 40), ("乙", "2023", 50, 41), name="二")
    third = membership_sheet(("乙", "2023", 50, 42), name="三")  # a later sheet
    result = commit_file(engine, parsed_file(upper, lower, third))

    assert current_members(engine) == {("甲", "2023"): 101, ("乙", "2023"): 42}
    assert count_rows(engine, membership, batch_id=result.batch_id, is_current=False) == 3


def finance_sheet(*rows: tuple) -> ParsedSheet:
    """rows: (account, sub-account or None, actual), all of 甲 in 2023."""
    records = [
        {"sheet": "决算", "source_row": i + 3, "unit": "甲", "year": "2023", "account": account, "sub_account": sub,
         "flow": "支出", "actual": actual}
        for i, (account, sub, actual) in enumerate(rows)
    ]  # fmt: skip
    return ParsedSheet(name="决算", kind="finance", rows=pd.DataFrame(records))


def current_finance(engine) -> set[tuple[str, str | None, float]]:
    with engine.connect() as conn:
        rows = conn.execute(select(finance.c.account, finance.c.sub_account, finance.c.actual).where(finance.c.is_current))
        return set(rows)


def test_an_account_and_its_sub_accounts_are_kept_together_and_replaced_together(engine):
    # §3.6: one batch keeps every sub-account of an account; a later statement of the account
    # replaces the account with all its sub-accounts, and undo brings them all back
    first = finance_sheet(("职工活动支出", None, 90), ("职工活动支出", "职工教育", 30), ("职工活动支出", "文体活动", 60))
    commit_file(engine, parsed_file(first, finance_sheet(("维权支出", None, 10))))
    assert current_finance(engine) == {
        ("职工活动支出", None, 90),
        ("职工活动支出", "职工教育", 30),
        ("职工活动支出", "文体活动", 60),
        ("维权支出", None, 10),
    }
    later = commit_file(engine, parsed_file(finance_sheet(("职工活动支出", "职工教育", 35), ("职工活动支出", "文体活动", 70))))
    assert current_finance(engine) == {("职工活动支出", "职工教育", 35), ("职工活动支出", "文体活动", 70), ("维权支出", None, 10)}
    undo_batch(engine, later.batch_id)
    assert len(current_finance(engine)) == 4 and ("职工活动支出", None, 90) in current_finance(engine)


# --- ledger kinds: overlap is flagged first -------------------------------------------


def first_welfare(engine):
    return commit_file(
        engine,
        parsed_file(
            welfare_sheet(
                ("甲公司工会", "2023-03-01", "2023-03", 500.0),
                ("甲公司工会", "2023-06-30", "2023-06", 300.0),
            ),
            name="甲慰问上半年.xlsx",
        ),
        now=NOW,
    )


def overlapping_welfare():
    return parsed_file(welfare_sheet(("甲公司工会", None, "2023-05", 800.0), ("乙公司工会", "2023-08-01", "2023-08", 200.0)))


def test_an_overlapping_ledger_is_flagged_and_not_stored(engine):
    first = first_welfare(engine)
    version = store_version(engine)

    result = commit_file(engine, overlapping_welfare())

    assert result.status == "overlap" and result.batch_id is None
    assert result.overlaps == [
        {
            "id": first.batch_id,
            "file_name": "甲慰问上半年.xlsx",
            "created_at": NOW,
            "kind": "welfare",
        }
    ]
    assert f"批次 #{first.batch_id}" in result.message and "帮扶慰问" in result.message
    assert len(list_batches(engine)) == 1
    assert count_rows(engine, welfare) == 2
    assert store_version(engine) == version


def test_replace_keeps_the_overlapping_batch_out_of_the_figures_in_the_same_import(engine):
    first = first_welfare(engine)

    result = commit_file(engine, overlapping_welfare(), on_overlap="replace", user="王五", now=NOW)

    assert result.status == "imported" and result.replaced == [first.batch_id]
    assert [o["id"] for o in result.overlaps] == [first.batch_id]
    assert result.message == f"已替换与之重叠的批次 #{first.batch_id}(撤销本批次即可恢复),并导入该文件。"
    assert count_rows(engine, welfare, batch_id=first.batch_id) == 0
    assert count_rows(engine, REPLACED_TABLES["welfare"], batch_id=first.batch_id) == 2  # kept aside
    assert count_rows(engine, welfare, batch_id=result.batch_id) == 2
    old = next(b for b in list_batches(engine) if b["id"] == first.batch_id)
    assert (old["status"], old["replaced_by"], old["undone_at"], old["undone_by"]) == (
        "replaced",
        result.batch_id,
        None,
        None,
    )


def test_keep_stores_both(engine):
    first_welfare(engine)
    result = commit_file(engine, overlapping_welfare(), on_overlap="keep")
    assert result.status == "imported" and len(result.overlaps) == 1
    assert count_rows(engine, welfare) == 4


@pytest.mark.parametrize(
    "rows",
    [
        [("乙公司工会", "2023-05-01", "2023-05", 100.0)],  # another unit
        [("甲公司工会", "2024-05-01", "2024-05", 100.0)],  # another year
        [("甲公司工会", None, "2023-07", 100.0)],  # the month after
        [("甲公司工会", None, "2022", 100.0)],  # the year before, as a whole year
    ],
)
def test_a_ledger_that_does_not_overlap_is_imported_directly(engine, rows):
    first_welfare(engine)
    result = commit_file(engine, parsed_file(welfare_sheet(*rows)))
    assert result.status == "imported" and result.overlaps == []


def test_a_year_without_days_covers_the_whole_year(engine):
    first_welfare(engine)
    result = commit_file(engine, parsed_file(welfare_sheet(("甲公司工会", None, "2023", 100.0))))
    assert result.status == "overlap"


def test_overlap_is_per_kind_and_ignores_undone_batches(engine):
    first = first_welfare(engine)
    contest = parsed_file(competitions_sheet(("甲公司工会", "2023-05-01", "2023-05")))
    assert commit_file(engine, contest).status == "imported"  # competitions ≠ welfare

    undo_batch(engine, first.batch_id)
    assert commit_file(engine, overlapping_welfare()).status == "imported"


def test_an_unknown_overlap_choice_is_a_usage_error(engine):
    with pytest.raises(UsageError):
        commit_file(engine, overlapping_welfare(), on_overlap="merge")


# --- one transaction -----------------------------------------------------------------


def test_a_file_that_fails_half_way_leaves_the_store_as_it_was(engine):
    commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 120, 100))))
    version = store_version(engine)
    broken = membership_sheet(("乙", "2023", 50, 40), (None, "2023", 1, 1))  # unit is NOT NULL
    good = welfare_sheet(("甲公司工会", "2023-01-20", "2023-01", 500.0))

    with pytest.raises(StoreError) as caught:
        commit_file(engine, parsed_file(good, broken, name="坏文件.xlsx"))

    assert caught.value.message.startswith("无法保存文件「坏文件.xlsx」")
    assert len(list_batches(engine)) == 1
    assert count_rows(engine, welfare) == 0
    assert current_members(engine) == {("甲", "2023"): 100}
    assert store_version(engine) == version


def test_a_column_the_table_does_not_have_is_refused_before_writing(engine):
    sheet = membership_sheet(("甲", "2023", 120, 100))
    sheet.rows["shoe_size"] = 42
    with pytest.raises(StoreError, match="shoe_size"):
        commit_file(engine, parsed_file(sheet))
    assert list_batches(engine) == []


# --- undo, listing, version, settings -------------------------------------------------


def test_undo_refuses_unknown_and_undone_batches(engine):
    result = commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 120, 100))))
    with pytest.raises(UsageError, match="不存在"):
        undo_batch(engine, result.batch_id + 100)
    undo_batch(engine, result.batch_id)
    with pytest.raises(UsageError, match="已经撤销"):
        undo_batch(engine, result.batch_id)


def test_batches_are_listed_newest_first_and_the_version_moves(engine):
    versions = {store_version(engine)}
    first = commit_file(engine, parsed_file(membership_sheet(("甲", "2023", 1, 1))))
    versions.add(store_version(engine))
    second = commit_file(engine, parsed_file(membership_sheet(("乙", "2023", 1, 1))))
    versions.add(store_version(engine))
    undo_batch(engine, first.batch_id)
    versions.add(store_version(engine))

    assert [b["id"] for b in list_batches(engine)] == [second.batch_id, first.batch_id]
    assert [b["status"] for b in list_batches(engine)] == ["active", "undone"]
    assert len(versions) == 4


# --- the invariant behind it all -------------------------------------------------------

UNITS = st.sampled_from(["甲", "乙"])
PERIODS = st.sampled_from(["2023", "2024"])
A_FILE = st.lists(st.tuples(UNITS, PERIODS, st.integers(0, 999)), min_size=1, max_size=4)
STEPS = st.lists(st.one_of(A_FILE, st.integers(0, 5)), min_size=1, max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_after_any_imports_and_undos_each_key_shows_its_newest_active_value(engine, steps):
    """A file is a list of (unit, period, members); an int undoes the n-th active batch."""
    # hypothesis reuses the store between examples: start each from a clean slate
    for batch in list_batches(engine):
        if batch["status"] == "active":
            undo_batch(engine, batch["id"])
    model: list[tuple[int, list[tuple]]] = []  # active batches, oldest first
    for step in steps:
        if isinstance(step, int):
            if model:
                batch_id, _ = model.pop(step % len(model))
                undo_batch(engine, batch_id)
        else:
            rows = [(unit, period, 1000, members) for unit, period, members in step]
            model.append((commit_file(engine, parsed_file(membership_sheet(*rows))).batch_id, step))

    expected = {}
    for _, rows in model:
        for unit, period, members in rows:
            expected[(unit, period)] = members
    assert current_members(engine) == expected
    with engine.connect() as conn:
        keys_with_two_current = conn.execute(
            select(membership.c.unit, membership.c.period)
            .where(membership.c.is_current)
            .group_by(membership.c.unit, membership.c.period)
            .having(func.count() > 1)
        ).all()
    assert keys_with_two_current == []


# --- §3.8 activities: a ledger, overlap flagged like welfare's -------------------------------


def activities_sheet(*rows: tuple) -> ParsedSheet:
    """rows: (unit, date or None, period, participants)."""
    records = [
        {
            "sheet": "活动台账",
            "source_row": i + 3,
            "unit": unit,
            "period": period,
            "year": period[:4],
            "month": period if len(period) == 7 else None,
            "date": date,
            "name": "安全生产培训班",
            "type": "培训",
            "type_raw": None,
            "sessions": 1,
            "participants": participants,
            "spend": None,
        }
        for i, (unit, date, period, participants) in enumerate(rows)
    ]
    return ParsedSheet(name="活动台账", kind="activities", rows=pd.DataFrame(records))


def test_an_activity_ledger_overlapping_an_earlier_one_is_flagged_then_replaced(engine):
    first = commit_file(
        engine,
        parsed_file(activities_sheet(("甲公司工会", "2023-03-01", "2023-03", 40), ("甲公司工会", None, "2023-06", 20))),
        now=NOW,
    )
    assert first.status == "imported" and count_rows(engine, activities) == 2
    welfare_too = parsed_file(welfare_sheet(("甲公司工会", "2023-04-01", "2023-04", 100.0)))
    assert commit_file(engine, welfare_too).status == "imported"  # another kind: no overlap

    again = parsed_file(activities_sheet(("甲公司工会", None, "2023", 60)))
    flagged = commit_file(engine, again)
    assert flagged.status == "overlap" and [o["kind"] for o in flagged.overlaps] == ["activities"]
    assert "活动与培训" in flagged.message and count_rows(engine, activities) == 2

    replaced = commit_file(engine, again, on_overlap="replace")
    assert replaced.status == "imported"
    assert count_rows(engine, activities) == 1 and count_rows(engine, activities, batch_id=replaced.batch_id) == 1


# --- §3.7 roster: many rows per (unit, year), replaced and restored whole -------------------


def roster_sheet(unit: str, year: str, statuses: list[str]) -> ParsedSheet:
    records = [
        {"sheet": "名册", "source_row": i + 3, "unit": unit, "year": year, "status": status, "id_valid": True}
        for i, status in enumerate(statuses)
    ]
    return ParsedSheet(name="名册", kind="roster", rows=pd.DataFrame(records))


def current_roster(engine) -> dict[tuple[str, str], list[str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(roster.c.unit, roster.c.year, roster.c.status).where(roster.c.is_current).order_by(roster.c.id)
        ).all()
    found: dict[tuple[str, str], list[str]] = {}
    for unit, year, status in rows:
        found.setdefault((unit, year), []).append(status)
    return found


def test_a_later_roster_of_a_unit_and_year_replaces_the_earlier_one_whole_and_undo_restores_it(engine):
    first = commit_file(
        engine, parsed_file(roster_sheet("甲", "2024", ["在册", "在册", "转出"]), roster_sheet("乙", "2024", ["入会"]))
    )
    assert current_roster(engine) == {("甲", "2024"): ["在册", "在册", "转出"], ("乙", "2024"): ["入会"]}
    second = commit_file(engine, parsed_file(roster_sheet("甲", "2024", ["在册", "入会"])))
    assert current_roster(engine) == {("甲", "2024"): ["在册", "入会"], ("乙", "2024"): ["入会"]}
    assert count_rows(engine, roster, batch_id=first.batch_id, is_current=False) == 3  # history kept
    undo_batch(engine, second.batch_id)
    assert current_roster(engine) == {("甲", "2024"): ["在册", "在册", "转出"], ("乙", "2024"): ["入会"]}
    commit_file(engine, parsed_file(roster_sheet("甲", "2025", ["在册"])))  # another year stands beside
    assert current_roster(engine)[("甲", "2024")] == ["在册", "在册", "转出"]
