"""unionstats.store.units: one 上级工会 per unit (``parent_of``) and a unit's scope (``unit_scope``).

Runs on SQLite and PostgreSQL (the ``engine`` fixture); the facts come in through the
importer, as a user's files would.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.store.units import parent_of, unit_scope

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
