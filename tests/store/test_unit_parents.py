"""unionstats.store.tree: the unit tree kept as a table (``schema.unit_parents``) always equals what
``parent_of`` derives from the facts — after any imports, replaces, undos, 重新识别, merges and
undone merges, on SQLite and PostgreSQL; after the revision that adds it and after a restore; and
a write recomputes only the units whose rows it touched.

The files come in through the importer, as a user's would: 单位信息, 会员 and 经费 files naming a
上级工会 (or none), and 慰问 ledgers that name none.
"""

from __future__ import annotations

import datetime as dt
import itertools
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text

from tests.stores import postgres_schema
from tests.workbooks import xlsx
from unionstats.errors import UsageError
from unionstats.importer import import_bytes, reidentify_batch
from unionstats.store import close_store, list_batches, open_store, schema, undo_batch
from unionstats.store.backup import backup, restore
from unionstats.store.tree import parent_of
from unionstats.store.units import list_merges, merge_units, undo_merge

TODAY = dt.date(2024, 12, 31)
UNITS = ["甲工会", "乙工会", "丙工会", "丁工会"]
# a unit can be another's 上级工会 (丙工会): merging it moves 上级工会 cells too
PARENTS = ["东城街道总工会", "西城街道总工会", "丙工会", None]

REGISTRY_HEADER = ["单位名称", "上级工会", "是否建会", "年度"]
MEMBERSHIP_HEADER = ["单位名称", "年度", "职工人数", "会员人数", "上级工会"]
DUES_HEADER = ["单位", "期间", "应缴金额", "实缴金额", "上级工会"]
WELFARE_HEADER = ["单位名称", "慰问日期", "慰问对象", "类别", "慰问金额"]


def table_tree(engine) -> dict[str, str | None]:
    tree = schema.unit_parents
    with engine.connect() as conn:
        return dict(conn.execute(select(tree.c.unit, tree.c.parent)).all())


def derived_tree(engine) -> dict[str, str | None]:
    tree = parent_of()
    with engine.connect() as conn:
        return dict(conn.execute(select(tree.c.unit, tree.c.parent)).all())


def assert_tree_kept(engine) -> None:
    assert table_tree(engine) == derived_tree(engine)


# --- the files ------------------------------------------------------------------------------------

unit = st.sampled_from(UNITS)
parent = st.sampled_from(PARENTS)
year = st.sampled_from(["2023", "2024"])

registry_rows = st.lists(st.tuples(unit, parent, year), min_size=1, max_size=3)
membership_rows = st.lists(st.tuples(unit, year, st.integers(50, 60), parent), min_size=1, max_size=3)
dues_rows = st.lists(st.tuples(unit, st.sampled_from(["2023", "2024", "2024-03", "2024-11"]), parent), min_size=1, max_size=3)
welfare_rows = st.lists(
    st.tuples(unit, st.sampled_from(["2024-01-15", "2024-06-01"]), st.integers(100, 900)), min_size=1, max_size=3
)

FILE = st.one_of(
    st.tuples(st.just("registry"), registry_rows),
    st.tuples(st.just("membership"), membership_rows),
    st.tuples(st.just("dues"), dues_rows),
    st.tuples(st.just("welfare"), welfare_rows),
)
NAME = st.sampled_from(UNITS + PARENTS[:2])
STEP = st.one_of(
    st.tuples(st.just("import"), FILE, st.sampled_from(["keep", "replace"])),
    st.tuples(st.just("undo"), st.integers(0, 20)),
    st.tuples(st.just("reidentify"), st.integers(0, 20)),
    st.tuples(st.just("merge"), NAME, NAME),
    st.tuples(st.just("undo_merge"), st.integers(0, 20)),
)


def file_bytes(kind: str, rows: list[tuple]) -> bytes:
    if kind == "registry":
        return xlsx([REGISTRY_HEADER, *([u, p, "是", y] for u, p, y in rows)])
    if kind == "membership":
        return xlsx([MEMBERSHIP_HEADER, *([u, y, 100, m, p] for u, y, m, p in rows)])
    if kind == "dues":
        return xlsx([DUES_HEADER, *([u, period, 1000, 900, p] for u, period, p in rows)])
    return xlsx([WELFARE_HEADER, *([u, day, "张三", "节日慰问", amount] for u, day, amount in rows)])


def run_step(engine, step: tuple) -> None:
    batches = list_batches(engine)
    if step[0] == "import":
        kind, rows = step[1]
        import_bytes(engine, file_bytes(kind, rows), f"{kind}.xlsx", on_overlap=step[2], today=TODAY)
    elif step[0] == "undo":
        undoable = sorted(b["id"] for b in batches if b["status"] != "undone")
        if undoable:
            undo_batch(engine, undoable[step[1] % len(undoable)])
    elif step[0] == "reidentify":
        active = sorted(b["id"] for b in batches if b["status"] == "active")
        if active:
            reidentify_batch(engine, active[step[1] % len(active)], today=TODAY)
    elif step[0] == "merge":
        try:
            merge_units(engine, step[1], step[2])
        except UsageError:
            pass  # the same name, or one already an alias: refused, nothing changed
    else:
        merges = [m["id"] for m in list_merges(engine) if m["status"] == "active"]
        if merges:
            try:
                undo_merge(engine, merges[step[1] % len(merges)])
            except UsageError:
                pass  # a later merge moved these rows again: it is undone first


def check_steps(engine, steps: list[tuple]) -> None:
    for step in steps:
        run_step(engine, step)
        assert_tree_kept(engine)


_examples = itertools.count()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_after_any_imports_undos_and_merges_the_table_is_the_derived_tree_sqlite(tmp_path, steps):
    url = f"sqlite:///{tmp_path / f'tree-{next(_examples)}.db'}"  # a fresh store per example
    try:
        check_steps(open_store(url), steps)
    finally:
        close_store(url)


@pytest.mark.postgres
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_after_any_imports_undos_and_merges_the_table_is_the_derived_tree_postgres(steps):
    with postgres_schema() as url:
        check_steps(open_store(url), steps)


# --- fixed examples -------------------------------------------------------------------------------


def load(engine, rows, name="会员.xlsx", **options) -> dict:
    report, _ = import_bytes(engine, xlsx(rows), name, today=TODAY, **options)
    assert report["status"] == "imported", report
    return report


def test_the_check_is_not_blind(engine):
    """A table that missed a write differs from the derived tree."""
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 100, 90, "东城街道总工会"]])
    assert table_tree(engine) == {"甲工会": "东城街道总工会"}
    with engine.begin() as conn:
        conn.execute(schema.unit_parents.update().values(parent="西城街道总工会"))
    assert table_tree(engine) != derived_tree(engine)


def test_a_unit_without_rows_leaves_the_table_and_an_undo_gives_the_parent_back(engine):
    first = load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 100, 90, "东城街道总工会"]])
    second = load(engine, [REGISTRY_HEADER, ["甲工会", "西城街道总工会", "是", "2023"]], "单位.xlsx")
    assert table_tree(engine) == {"甲工会": "西城街道总工会"}  # the registry wins
    undo_batch(engine, second["batch"])
    assert table_tree(engine) == {"甲工会": "东城街道总工会"}
    undo_batch(engine, first["batch"])
    assert table_tree(engine) == {}


def test_a_unit_only_in_a_replaced_ledger_leaves_the_table_and_comes_back_with_it(engine):
    ledger = [
        WELFARE_HEADER,
        ["甲工会", "2024-01-15", "张三", "节日慰问", 500],
        ["乙工会", "2024-01-15", "李四", "节日慰问", 300],
    ]
    load(engine, ledger, "慰问.xlsx")
    newer = load(engine, [WELFARE_HEADER, ["甲工会", "2024-01-15", "张三", "节日慰问", 600]], "慰问二.xlsx", on_overlap="replace")
    assert table_tree(engine) == {"甲工会": None}  # 乙工会's rows wait aside with the replaced ledger
    undo_batch(engine, newer["batch"])
    assert table_tree(engine) == {"甲工会": None, "乙工会": None}


def test_a_merge_moves_the_parent_of_the_units_under_it_and_its_undo_moves_it_back(engine):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 100, 90, "东城街道"], ["乙工会", "2024", 100, 90, "西城街道总工会"]])
    result = merge_units(engine, "东城街道", "西城街道总工会")
    assert table_tree(engine) == {"甲工会": "西城街道总工会", "乙工会": "西城街道总工会"}
    undo_merge(engine, result.merge_id)
    assert table_tree(engine) == {"甲工会": "东城街道", "乙工会": "西城街道总工会"}


@contextmanager
def deletes_of_the_tree(engine):
    """The parameters of every DELETE FROM unit_parents the block sends."""
    seen: list = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM UNIT_PARENTS"):
            seen.append(parameters)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_an_import_recomputes_only_the_units_of_its_file(engine):
    load(engine, [MEMBERSHIP_HEADER, *([f"单位{i}", "2024", 100, 90, "东城街道总工会"] for i in range(30))])
    with deletes_of_the_tree(engine) as seen:
        load(engine, [REGISTRY_HEADER, ["单位7", "西城街道总工会", "是", "2024"]], "单位.xlsx")
    assert len(seen) == 1
    names = seen[0].values() if isinstance(seen[0], dict) else seen[0]
    assert list(names) == ["单位7"]
    assert table_tree(engine)["单位7"] == "西城街道总工会" and table_tree(engine)["单位8"] == "东城街道总工会"


def test_the_revision_that_adds_the_table_fills_it_from_the_facts(store_url):
    engine = open_store(store_url)
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 100, 90, "东城街道总工会"], ["乙工会", "2024", 100, 90, None]])
    load(engine, [WELFARE_HEADER, ["丙工会", "2024-01-15", "张三", "节日慰问", 500]], "慰问.xlsx")
    with engine.begin() as conn:  # the store as revision 0012 left it
        conn.execute(text("DROP TABLE unit_parents"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    close_store(store_url)

    engine = open_store(store_url)  # upgrades 0012 → head

    assert table_tree(engine) == {"甲工会": "东城街道总工会", "乙工会": None, "丙工会": None}
    assert_tree_kept(engine)


def test_a_restore_makes_the_table_afresh(engine, tmp_path):
    load(engine, [MEMBERSHIP_HEADER, ["甲工会", "2024", 100, 90, "东城街道总工会"]])
    backup(engine, tmp_path / "备份.zip")
    with engine.begin() as conn:  # whatever the table held, the restore derives it again
        conn.execute(schema.unit_parents.delete())
    restore(engine, tmp_path / "备份.zip", replace=True)
    assert table_tree(engine) == {"甲工会": "东城街道总工会"}
