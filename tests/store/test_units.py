"""unionstats.store.units: one 上级工会 per unit (``parent_of``) and a unit's scope (``unit_scope``).

Runs on SQLite and PostgreSQL (the ``engine`` fixture); the facts come in through the
importer, as a user's files would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.workbooks import xlsx
from unionstats.access import Viewer
from unionstats.errors import AccessDeniedError, UsageError
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics, records
from unionstats.store import schema
from unionstats.store.audit import list_entries
from unionstats.store.batches import undo_batch
from unionstats.store.units import (
    MergeResult,
    known_units,
    list_merges,
    list_units,
    look_alike_units,
    merge_units,
    parent_of,
    undo_merge,
    unit_aliases,
    unit_scope,
)
from unionstats.store.users import add_user

TODAY = dt.date(2024, 12, 31)


def load(engine, rows, name):
    report, _ = import_bytes(engine, xlsx(rows), name, today=TODAY)
    assert report["status"] == "imported", report


def parents(engine) -> dict[str, str | None]:
    tree = parent_of()
    with engine.connect() as conn:
        return dict(conn.execute(select(tree.c.unit, tree.c.parent)).all())


def test_every_unit_with_facts_has_one_row_and_none_without_a_parent(engine):
    load(engine, [["单位", "期间", "应缴金额", "实缴金额"], ["甲工会", "2024-05", 1000, 900]], "经费.xlsx")
    load(
        engine,
        [["单位名称", "年度", "职工人数", "会员人数", "上级工会"], ["乙工会", "2024", 50, 40, "西城街道总工会"]],
        "会员.xlsx",
    )
    assert parents(engine) == {"甲工会": None, "乙工会": "西城街道总工会"}


def test_the_registry_wins_over_membership_and_the_newest_year_wins(engine):
    load(
        engine,
        [
            ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
            ["甲工会", "2024", 100, 90, "会员表写的上级"],
            ["乙工会", "2023", 50, 40, "旧上级"],
            ["乙工会", "2024", 50, 40, "新上级"],
        ],
        "会员.xlsx",
    )
    load(engine, [["单位名称", "上级工会", "是否建会", "年度"], ["甲工会", "东城街道总工会", "是", "2023"]], "单位.xlsx")
    assert parents(engine) == {"甲工会": "东城街道总工会", "乙工会": "新上级"}


def test_a_tie_between_membership_and_dues_goes_to_the_smaller_name(engine):
    load(engine, [["单位名称", "年度", "职工人数", "会员人数", "上级工会"], ["甲工会", "2024", 1, 1, "上级B"]], "会员.xlsx")
    load(engine, [["单位", "期间", "应缴金额", "实缴金额", "上级工会"], ["甲工会", "2024", 1, 1, "上级A"]], "经费.xlsx")
    assert parents(engine) == {"甲工会": "上级A"}  # the same period in both: stable, whichever came first


def test_a_later_month_of_dues_wins_over_an_earlier_year_of_membership(engine):
    load(engine, [["单位名称", "年度", "职工人数", "会员人数", "上级工会"], ["甲工会", "2023", 1, 1, "旧上级"]], "会员.xlsx")
    load(engine, [["单位", "期间", "应缴金额", "实缴金额", "上级工会"], ["甲工会", "2024-05", 1, 1, "新上级"]], "经费.xlsx")
    assert parents(engine) == {"甲工会": "新上级"}


def test_a_scope_holds_the_unit_and_every_unit_below_it_however_deep(engine):
    load(
        engine,
        [
            ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
            ["东城街道总工会", 2024, 10, 9, None],
            ["华新工会", 2024, 100, 90, "东城街道总工会"],
            ["华新一车间工会", 2024, 40, 30, "华新工会"],
            ["启明工会", 2024, 50, 45, "西城街道总工会"],
        ],
        "会员.xlsx",
    )
    assert unit_scope(engine, "东城街道总工会") == {"东城街道总工会", "华新工会", "华新一车间工会"}
    assert unit_scope(engine, "华新一车间工会") == {"华新一车间工会"}
    assert unit_scope(engine, "西城街道总工会") == {"西城街道总工会", "启明工会"}  # a parent without rows of its own
    assert unit_scope(engine, "新成立工会") == {"新成立工会"}


def test_a_unit_name_is_cleaned_as_the_store_writes_it(engine):
    load(
        engine,
        [["单位名称", "年度", "职工人数", "会员人数", "上级工会"], ["华新工会", 2024, 100, 90, "东城街道总工会"]],
        "会员.xlsx",
    )
    assert unit_scope(engine, " 东城街道总工会 ") == {"东城街道总工会", "华新工会"}


def test_a_cycle_in_the_parents_does_not_loop(engine):
    load(
        engine,
        [
            ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
            ["甲工会", 2024, 1, 1, "乙工会"],
            ["乙工会", 2024, 1, 1, "甲工会"],
        ],
        "会员.xlsx",
    )
    assert unit_scope(engine, "甲工会") == {"甲工会", "乙工会"}


# --- one unit, one name: merge_units / undo_merge (issue 14) --------------------------------------

MEMBERSHIP_HEADER = ["单位名称", "年度", "职工人数", "会员人数", "上级工会"]


def snapshot(engine) -> dict:
    """Every row the merge may touch, as plain tuples: the facts, the batches' units and
    coverage, the users' units, the batches' statuses."""
    found = {}
    with engine.connect() as conn:
        for name, table in schema.FACT_TABLES.items():
            found[name] = sorted(tuple(row) for row in conn.execute(select(table)).all())
        found["batch_units"] = sorted(conn.execute(select(schema.batch_units)).all())
        found["coverage"] = sorted(conn.execute(select(schema.batches.c.id, schema.batches.c.coverage)).all())
        found["users"] = sorted(conn.execute(select(schema.users.c.name, schema.users.c.unit)).all())
    return found


def current_membership(engine) -> list[tuple]:
    m = schema.membership
    with engine.connect() as conn:
        return sorted(conn.execute(select(m.c.unit, m.c.period, m.c.members, m.c.batch_id).where(m.c.is_current.is_(True))).all())


def members_2024(engine) -> float:
    found = [r for r in records(compute_metrics(engine, by="all")) if r["metric"] == "members" and r["period"] == "2024"]
    assert len(found) == 1, found
    return found[0]["value"]


def test_a_merge_re_keys_every_row_and_the_newer_batch_is_current_so_the_year_counts_once(engine):
    load(engine, [MEMBERSHIP_HEADER, ["杭州恒达电子有限公司工会", "2024", 110, 100, "滨江街道总工会"]], "恒达.xlsx")
    load(engine, [MEMBERSHIP_HEADER, ["恒达电子有限公司工会", "2024", 100, 90, "滨江街道总工会"]], "名册.xlsx")
    assert members_2024(engine) == 190  # two units before the merge

    result = merge_units(engine, "杭州恒达电子有限公司工会", "恒达电子有限公司工会", user="张敏")

    assert isinstance(result, MergeResult) and result.rows == 1
    assert "移动1行" in result.message and f"#{result.merge_id}" in result.message
    assert current_membership(engine) == [("恒达电子有限公司工会", "2024", 90, 2)]  # batch 2 is the newer
    assert members_2024(engine) == 90  # counted once
    assert parents(engine) == {"恒达电子有限公司工会": "滨江街道总工会"}
    assert unit_aliases(engine) == {"杭州恒达电子有限公司工会": "恒达电子有限公司工会"}


def test_merging_the_other_way_keeps_the_newer_batch_current_too(engine):
    load(engine, [MEMBERSHIP_HEADER, ["恒达电子有限公司工会", "2024", 100, 90, None]], "名册.xlsx")
    load(engine, [MEMBERSHIP_HEADER, ["杭州恒达电子有限公司工会", "2024", 110, 100, None]], "恒达.xlsx")
    merge_units(engine, "杭州恒达电子有限公司工会", "恒达电子有限公司工会")
    assert current_membership(engine) == [("恒达电子有限公司工会", "2024", 100, 2)]
    assert members_2024(engine) == 100


def test_undo_merge_puts_back_exactly_what_it_moved(engine, cheap_passwords):
    load(
        engine,
        [MEMBERSHIP_HEADER, ["乙工会", "2024", 50, 40, "甲工会"], ["甲工会", "2023", 10, 9, "东城街道总工会"]],
        "会员.xlsx",
    )
    load(engine, [MEMBERSHIP_HEADER, ["甲工会联合会", "2024", 11, 10, "东城街道总工会"]], "甲.xlsx")
    load(
        engine,
        [["单位", "期间", "应缴金额", "实缴金额"], ["甲工会联合会", "2024-05", 100, 90], ["甲工会", "2024-05", 80, 70]],
        "经费.xlsx",
    )
    load(engine, [["单位", "日期", "慰问类别", "金额", "人次"], ["甲工会联合会", "2024-03-01", "生日慰问", 200, 1]], "慰问.xlsx")
    add_user(engine, "甲联账号", "pass-word-123", role="unit", unit="甲工会联合会")
    before = snapshot(engine)

    result = merge_units(engine, "甲工会联合会", "甲工会")
    merged = snapshot(engine)
    assert result.rows == 3  # membership, dues, welfare: one row each
    assert all(row[4] != "甲工会联合会" for name in schema.FACT_TABLES for row in merged[name])  # column 4: unit
    assert ("甲联账号", "甲工会") in merged["users"]
    assert {unit for _, unit in merged["batch_units"]} == {"乙工会", "甲工会"}
    assert all("甲工会联合会" not in (coverage or "") for _, coverage in merged["coverage"])

    message = undo_merge(engine, result.merge_id)
    assert f"#{result.merge_id}" in message
    assert snapshot(engine) == before
    assert unit_aliases(engine) == {}
    assert [m["status"] for m in list_merges(engine)] == ["undone"]
    with pytest.raises(UsageError, match="已经撤销"):
        undo_merge(engine, result.merge_id)


def waiting_units(engine) -> list[str]:
    """The units of the welfare rows that wait in a replaced batch (store.batches)."""
    table = schema.REPLACED_TABLES["welfare"]
    with engine.connect() as conn:
        return sorted(conn.execute(select(table.c.unit)).scalars())


def test_rows_of_a_replaced_batch_follow_a_merge_and_its_undo(engine):
    welfare = [["单位", "日期", "慰问类别", "金额", "人次"]]
    load(engine, [*welfare, ["甲工会委员会", "2024-03-01", "生日慰问", 200, 1]], "甲委A.xlsx")
    report, _ = import_bytes(
        engine,
        xlsx([*welfare, ["甲工会委员会", "2024-03-01", "生日慰问", 300, 1]]),
        "甲委B.xlsx",
        today=TODAY,
        on_overlap="replace",
    )
    assert report["status"] == "imported"
    assert waiting_units(engine) == ["甲工会委员会"]  # batch A waits, replaced by B

    result = merge_units(engine, "甲工会委员会", "甲工会")
    assert waiting_units(engine) == ["甲工会"]
    undo_merge(engine, result.merge_id)
    assert waiting_units(engine) == ["甲工会委员会"]

    merge_units(engine, "甲工会委员会", "甲工会")
    undo_batch(engine, report["batch"])  # A comes back: under the merged name, never the old one
    with engine.connect() as conn:
        units = sorted(conn.execute(select(schema.welfare.c.unit)).scalars())
    assert units == ["甲工会"]


def test_a_parent_spelling_merged_moves_the_parent_columns(engine):
    load(
        engine,
        [MEMBERSHIP_HEADER, ["甲工会", "2024", 10, 9, "东城街道总工会(盖章)"], ["乙工会", "2024", 10, 9, "东城街道总工会"]],
        "会员.xlsx",
    )
    result = merge_units(engine, "东城街道总工会(盖章)", "东城街道总工会")
    assert result.rows == 1
    assert parents(engine) == {"甲工会": "东城街道总工会", "乙工会": "东城街道总工会"}


def test_a_later_file_under_the_old_name_lands_on_the_new_one(engine):
    load(engine, [MEMBERSHIP_HEADER, ["恒达电子有限公司工会", "2023", 100, 90, None]], "2023.xlsx")
    merge_units(engine, "杭州恒达电子有限公司工会", "恒达电子有限公司工会")  # no rows yet: an alias
    load(engine, [MEMBERSHIP_HEADER, ["杭州恒达电子有限公司工会", "2024", 100, 95, "杭州恒达电子有限公司工会"]], "2024.xlsx")
    assert {unit for unit, *_ in current_membership(engine)} == {"恒达电子有限公司工会"}
    assert parents(engine) == {"恒达电子有限公司工会": "恒达电子有限公司工会"}  # the parent column too


def test_merged_ledgers_overlap_under_the_new_name(engine):
    welfare = [["单位", "日期", "慰问类别", "金额", "人次"]]
    load(engine, [*welfare, ["甲工会委员会", "2024-03-01", "生日慰问", 200, 1]], "甲委.xlsx")
    merge_units(engine, "甲工会委员会", "甲工会")
    report, _ = import_bytes(engine, xlsx([*welfare, ["甲工会", "2024-03-01", "生日慰问", 300, 1]]), "甲.xlsx", today=TODAY)
    assert report["status"] == "overlap"


def test_units_list_names_other_spellings_rows_parent_and_union(engine):
    load(engine, [["单位名称", "上级工会", "是否建会", "年度"], ["甲工会", "东城街道总工会", "是", "2024"]], "单位.xlsx")
    load(engine, [MEMBERSHIP_HEADER, ["甲工会委员会", "2024", 10, 9, None]], "会员.xlsx")
    merge_units(engine, "甲工会委员会", "甲工会")
    merge_units(engine, "甲公司工会", "甲工会")
    units = list_units(engine).set_index("unit")
    assert units.loc["甲工会", "aliases"] == ["甲公司工会", "甲工会委员会"]
    assert units.loc["甲工会", "rows"] == 2 and units.loc["甲工会", "parent"] == "东城街道总工会"
    assert units.loc["甲工会", "established"] is True
    assert units.loc["东城街道总工会", "rows"] == 0 and units.loc["东城街道总工会", "parent"] is None
    assert [m["old"] for m in list_merges(engine)] == ["甲公司工会", "甲工会委员会"]  # newest first
    visible = list_units(engine, viewer=Viewer(name="甲", role="unit", units=frozenset({"甲工会"})))
    assert list(visible["unit"]) == ["甲工会"]


def test_a_merge_says_no_to_one_name_twice_an_alias_and_a_unit_account(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会委员会", "2024", 10, 9, None]], "会员.xlsx")
    with pytest.raises(UsageError):
        merge_units(engine, "甲工会", " 甲工会 ")
    with pytest.raises(UsageError):
        merge_units(engine, "", "甲工会")
    with pytest.raises(AccessDeniedError):
        merge_units(engine, "甲工会委员会", "甲工会", viewer=Viewer(name="甲", role="unit", units=frozenset({"甲工会"})))
    merge_units(engine, "甲工会委员会", "甲工会")
    with pytest.raises(UsageError, match="别名"):
        merge_units(engine, "甲工会委员会", "乙工会")
    with pytest.raises(UsageError, match="别名"):
        merge_units(engine, "乙工会", "甲工会委员会")
    with pytest.raises(UsageError, match="不存在"):
        undo_merge(engine, 99)


def test_a_merge_and_its_undo_are_in_the_audit_log(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会委员会", "2024", 10, 9, None]], "会员.xlsx")
    result = merge_units(engine, "甲工会委员会", "甲工会", user="张敏")
    undo_merge(engine, result.merge_id, user="李华")
    entries = list_entries(engine)
    assert [(e["action"], e["user"]) for e in entries[:2]] == [("undo_merge", "李华"), ("merge_units", "张敏")]
    assert entries[1]["detail"] == {"merge": result.merge_id, "old": "甲工会委员会", "new": "甲工会", "rows": 1}


def test_known_units_are_units_parents_and_the_units_aliases_name(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 10, 9, "东城街道总工会"]], "会员.xlsx")
    merge_units(engine, "乙工会委员会", "乙工会")
    assert known_units(engine) == {"甲工会", "东城街道总工会", "乙工会"}


def test_a_unit_account_sees_only_the_spellings_and_merges_of_its_units(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 10, 9, None], ["乙工会", "2024", 10, 9, None]], "会员.xlsx")
    merge_units(engine, "甲工会委员会", "甲工会")
    merge_units(engine, "乙工会委员会", "乙工会")
    viewer = Viewer(name="甲", role="unit", units=frozenset({"甲工会"}))
    assert unit_aliases(engine, viewer=viewer) == {"甲工会委员会": "甲工会"}
    assert known_units(engine, viewer=viewer) == {"甲工会"}
    assert [m["old"] for m in list_merges(engine, viewer=viewer)] == ["甲工会委员会"]
    assert len(list_merges(engine)) == 2


def test_merges_are_undone_newest_first_when_they_moved_the_same_rows(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会委员会", "2024", 10, 9, None]], "会员.xlsx")
    first = merge_units(engine, "甲工会委员会", "甲工会")
    second = merge_units(engine, "甲工会", "甲公司工会")
    assert unit_aliases(engine) == {"甲工会委员会": "甲公司工会", "甲工会": "甲公司工会"}
    with pytest.raises(UsageError, match=f"请先撤销合并 #{second.merge_id}"):
        undo_merge(engine, first.merge_id)
    undo_merge(engine, second.merge_id)
    undo_merge(engine, first.merge_id)
    assert current_membership(engine) == [("甲工会委员会", "2024", 9, 1)]
    assert unit_aliases(engine) == {}


def test_units_already_stored_under_two_spellings_are_offered_for_a_merge(engine):
    load(
        engine,
        [["单位名称", "上级工会", "是否建会", "年度"], ["恒达电子有限公司工会", "滨江街道总工会", "是", "2024"]],
        "名册.xlsx",
    )
    load(
        engine,
        [
            MEMBERSHIP_HEADER,
            ["杭州恒达电子有限公司工会", "2024", 110, 100, None],
            ["杭州恒达电子有限公司工会", "2023", 110, 100, None],
            ["恒通电子有限公司工会", "2024", 10, 9, None],
            ["宁波恒达电子有限公司工会", "2024", 10, 9, None],
        ],
        "会员.xlsx",
    )
    found = look_alike_units(engine)
    # the registry's spelling is kept though the other has more rows; 恒通 is another firm
    assert [(s.name, s.known) for s in found] == [
        ("宁波恒达电子有限公司工会", "恒达电子有限公司工会"),
        ("杭州恒达电子有限公司工会", "恒达电子有限公司工会"),
    ]
    merge_units(engine, "杭州恒达电子有限公司工会", "恒达电子有限公司工会")
    assert [s.name for s in look_alike_units(engine)] == ["宁波恒达电子有限公司工会"]
