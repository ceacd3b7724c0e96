"""unionstats.store.batches and importer.reidentify_batch (issue 14): replace keeps, undo
restores, the file of each batch is kept, 重新识别 — on SQLite and PostgreSQL.

The invariant behind it all: whatever imports (replacing or keeping), undos and 重新识别
happened, the fact tables equal the live batches' files imported afresh, in batch order,
into an empty store.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections import Counter
from contextlib import contextmanager

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.stores import postgres_schema
from tests.workbooks import xlsx
from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError, StoreError, UsageError
from unionstats.importer import import_bytes, reidentify_batch
from unionstats.ingest.model import ParsedFile, ParsedSheet
from unionstats.metrics import compute_metrics
from unionstats.store import (
    UndoResult,
    audit,
    batch_content,
    close_store,
    commit_file,
    get_batch,
    list_batches,
    open_store,
    undo_batch,
)
from unionstats.store.backup import backup, restore
from unionstats.store.keys import KEY_ENV, key_file
from unionstats.store.schema import FACT_TABLES, REPLACED_TABLES, batch_files, batches
from unionstats.store.settings import ALIASES_SETTING, set_setting

TODAY = dt.date(2024, 12, 31)
MEMBERSHIP_HEADER = ["单位名称", "年度", "职工人数", "会员人数"]
WELFARE_HEADER = ["单位", "日期", "类别", "金额", "慰问对象"]
_names = itertools.count(1)


def welfare_file(*rows: tuple[str, str, float]) -> bytes:
    """A 慰问 ledger: rows of (unit, date, amount)."""
    return xlsx(("慰问台账", [WELFARE_HEADER, *([unit, day, "节日慰问", amount, "张三"] for unit, day, amount in rows)]))


def membership_file(*rows: tuple[str, int, int]) -> bytes:
    """A 会员统计: rows of (unit, year, members)."""
    return xlsx(("会员统计", [MEMBERSHIP_HEADER, *([unit, year, 100, members] for unit, year, members in rows)]))


def load(engine, data: bytes, name: str | None = None, **options) -> dict:
    report, _ = import_bytes(engine, data, name or f"文件{next(_names)}.xlsx", today=TODAY, **options)
    return report


def welfare_amount(engine, year: str = "2024") -> float | None:
    frame = compute_metrics(engine, only=["welfare_amount"])
    rows = frame[(frame["period"] == year) & frame["category"].isna()]
    return None if rows.empty else float(rows["value"].iloc[0])


def members(engine) -> dict[tuple[str, str], int]:
    table = FACT_TABLES["membership"]
    with engine.connect() as conn:
        rows = conn.execute(select(table.c.unit, table.c.period, table.c.members).where(table.c.is_current))
        return {(unit, period): value for unit, period, value in rows}


def status_of(engine, batch_id: int) -> tuple[str, int | None]:
    batch = get_batch(engine, batch_id)
    return batch["status"], batch["replaced_by"]


# --- the scenario: a corrected 慰问 ledger, then undo ------------------------------------


def test_undoing_the_corrected_ledger_brings_the_first_one_and_its_figures_back(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 500.0), ("华新工会", "2024-02-01", 300.0)), "2024慰问.xlsx")
    assert welfare_amount(engine) == 800.0

    corrected = load(
        engine, welfare_file(("华新工会", "2024-01-15", 500.0), ("华新工会", "2024-02-01", 350.0)), "2024慰问(更正).xlsx",
        on_overlap="replace",
    )  # fmt: skip
    assert corrected["status"] == "imported" and "撤销本批次即可恢复" in corrected["message"]
    assert welfare_amount(engine) == 850.0  # only the corrected ledger counts
    assert status_of(engine, first["batch"]) == ("replaced", corrected["batch"])

    result = undo_batch(engine, corrected["batch"])

    assert result == UndoResult(
        corrected["batch"], [first["batch"]], f"已撤销批次 #{corrected['batch']};被它替换的批次 #{first['batch']} 已恢复。"
    )
    assert welfare_amount(engine) == 800.0
    assert status_of(engine, first["batch"]) == ("active", None)
    assert status_of(engine, corrected["batch"])[0] == "undone"
    assert [e["detail"] for e in audit.list_entries(engine) if e["action"] == "undo"] == [
        {"batch": corrected["batch"], "restored": [first["batch"]]}
    ]


def test_restored_rows_come_back_as_they_were_in_their_order_and_nothing_stays_aside(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 500.0), ("东湖工会", "2024-03-01", 200.0)))
    welfare = FACT_TABLES["welfare"]
    columns = [c for c in welfare.c if c.name != "id"]
    with engine.connect() as conn:
        before = conn.execute(select(*columns).order_by(welfare.c.id)).all()
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)), on_overlap="replace")
    load(engine, welfare_file(("东湖工会", "2023-05-01", 100.0)))  # on SQLite: takes an id of a row set aside
    undo_batch(engine, later["batch"])
    with engine.connect() as conn:
        mine = select(*columns).where(welfare.c.batch_id == first["batch"]).order_by(welfare.c.id)
        assert conn.execute(mine).all() == before
        assert all(conn.execute(select(func.count()).select_from(t)).scalar() == 0 for t in REPLACED_TABLES.values())
    assert get_batch(engine, first["batch"])["status"] == "active"


def test_aggregate_rows_of_a_replaced_batch_leave_and_come_back_current(engine):
    # a file with a 会员统计 and a 慰问台账: replacing it for its ledger takes its members out too
    both = xlsx(
        ("会员统计", [MEMBERSHIP_HEADER, ["华新工会", 2024, 100, 90]]),
        ("慰问台账", [WELFARE_HEADER, ["华新工会", "2024-01-15", "节日慰问", 500, "张三"]]),
    )
    first = load(engine, both)
    load(engine, membership_file(("华新工会", 2023, 80)))
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)), on_overlap="replace")
    assert members(engine) == {("华新工会", "2023"): 80}

    assert undo_batch(engine, later["batch"]).restored == [first["batch"]]
    assert members(engine) == {("华新工会", "2023"): 80, ("华新工会", "2024"): 90}


def test_a_newer_aggregate_value_stays_current_when_an_older_batch_comes_back(engine):
    first = load(engine, xlsx(("会员统计", [MEMBERSHIP_HEADER, ["华新工会", 2024, 100, 90]]), ("慰问", [WELFARE_HEADER, ["华新工会", "2024-01-15", "节日慰问", 500, "张三"]])))  # fmt: skip
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)), on_overlap="replace")
    newer = load(engine, membership_file(("华新工会", 2024, 95)))
    undo_batch(engine, later["batch"])
    assert get_batch(engine, first["batch"])["status"] == "active"
    assert members(engine) == {("华新工会", "2024"): 95}  # batch `newer` is the newest for the key
    undo_batch(engine, newer["batch"])
    assert members(engine) == {("华新工会", "2024"): 90}


def test_a_replaced_batch_may_be_undone_and_then_never_comes_back(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 500.0)))
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 450.0)), on_overlap="replace")

    result = undo_batch(engine, first["batch"])

    assert result == UndoResult(first["batch"], [], f"已撤销批次 #{first['batch']}。")
    assert undo_batch(engine, later["batch"]).restored == []
    assert welfare_amount(engine) is None
    assert status_of(engine, first["batch"])[0] == "undone"
    with engine.connect() as conn:
        assert all(conn.execute(select(func.count()).select_from(t)).scalar() == 0 for t in REPLACED_TABLES.values())


def test_undoing_the_middle_of_a_chain_hands_the_oldest_to_the_newest(engine):
    a = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))["batch"]
    b = load(engine, welfare_file(("华新工会", "2024-01-15", 200.0)), on_overlap="replace")["batch"]
    c = load(engine, welfare_file(("华新工会", "2024-01-15", 300.0)), on_overlap="replace")["batch"]
    assert [status_of(engine, i) for i in (a, b, c)] == [("replaced", b), ("replaced", c), ("active", None)]

    result = undo_batch(engine, b)

    assert result.restored == [] and f"改为由批次 #{c} 替换" in result.message
    assert status_of(engine, a) == ("replaced", c)
    assert welfare_amount(engine) == 300.0
    assert undo_batch(engine, c).restored == [a]
    assert welfare_amount(engine) == 100.0


def test_keep_leaves_both_and_undo_restores_nothing(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    kept = load(engine, welfare_file(("华新工会", "2024-01-15", 50.0)), on_overlap="keep")
    assert welfare_amount(engine) == 150.0
    assert undo_batch(engine, kept["batch"]) == UndoResult(kept["batch"], [], f"已撤销批次 #{kept['batch']}。")
    assert status_of(engine, first["batch"]) == ("active", None)


def test_a_unit_user_may_not_undo_a_batch_that_replaced_another_units_rows(engine):
    load(engine, welfare_file(("华新工会", "2024-01-15", 100.0), ("东湖工会", "2024-01-15", 100.0)))
    with pytest.raises(AccessDeniedError):
        load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)), on_overlap="replace", viewer=Viewer("华新", UNIT, units=frozenset({"华新工会"})))  # fmt: skip
    assert welfare_amount(engine) == 200.0


# --- duplicates -------------------------------------------------------------------------------


def test_a_duplicate_names_the_batch_holding_the_file_and_offers_reidentify(engine):
    data = membership_file(("华新工会", 2024, 90))
    first = load(engine, data)
    again = load(engine, data)
    assert (again["status"], again["batch"], again["duplicate_of"]) == ("duplicate", None, first["batch"])
    assert f"批次 #{first['batch']}" in again["message"] and "可在「导入记录」中对该批次「重新识别」" in again["message"]


def test_the_file_of_a_replaced_batch_is_a_duplicate_that_comes_back_by_undo(engine):
    data = welfare_file(("华新工会", "2024-01-15", 100.0))
    first = load(engine, data)
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 120.0)), on_overlap="replace")
    again = load(engine, data, on_overlap="keep")
    assert (again["status"], again["duplicate_of"]) == ("duplicate", first["batch"])
    assert f"已被批次 #{later['batch']} 替换" in again["message"] and f"撤销批次 #{later['batch']}" in again["message"]
    assert welfare_amount(engine) == 120.0  # nothing doubled


# --- the kept file ------------------------------------------------------------------------------


def test_the_file_and_the_upload_options_are_kept_encrypted(engine):
    data = xlsx([["日期", "类别", "金额", "慰问对象"], ["2024-03-01", "生日慰问", 200, "张三"]])
    report = load(engine, data, unit="华新工会", year="2024")
    batch = get_batch(engine, report["batch"])
    assert batch["options"] == {"unit": "华新工会", "year": "2024"} and batch["has_file"]
    assert batch_content(engine, report["batch"]) == data
    with engine.connect() as conn:
        sealed = conn.execute(select(batch_files.c.content)).scalar_one()
    assert data not in bytes(sealed) and b"PK" not in bytes(sealed)[:2]


def test_a_kept_file_cannot_be_read_with_another_key(engine, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "1" * 64)
    report = load(engine, membership_file(("华新工会", 2024, 90)))
    monkeypatch.setenv(KEY_ENV, "2" * 64)
    with pytest.raises(StoreError, match="无法解密"):
        batch_content(engine, report["batch"])


def test_an_undone_batch_drops_its_file_and_others_files_stay_private(engine):
    mine = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    theirs = load(engine, welfare_file(("东湖工会", "2024-01-15", 100.0)))
    viewer = Viewer("华新", UNIT, units=frozenset({"华新工会"}))
    assert batch_content(engine, mine["batch"], viewer=viewer) is not None
    with pytest.raises(AccessDeniedError):
        batch_content(engine, theirs["batch"], viewer=viewer)
    undo_batch(engine, mine["batch"])
    assert batch_content(engine, mine["batch"]) is None and not get_batch(engine, mine["batch"])["has_file"]


def test_a_backup_keeps_the_files_and_the_replaced_rows(engine, tmp_path):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 120.0)), on_overlap="replace")
    backup(engine, tmp_path / "备份.zip")
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}"
    shutil.copy(key_file(engine), key_file(copy_url))  # the key travels apart from the backup
    copy = open_store(copy_url)
    try:
        restore(copy, tmp_path / "备份.zip")
        assert batch_content(copy, first["batch"]) == batch_content(engine, first["batch"])
        assert undo_batch(copy, later["batch"]).restored == [first["batch"]]
        assert welfare_amount(copy) == 100.0
    finally:
        close_store(copy_url)


# --- 重新识别 ---------------------------------------------------------------------------------


def test_reidentify_reads_the_file_with_todays_rules_as_a_batch_that_replaces_it(engine):
    data = xlsx([[*MEMBERSHIP_HEADER, "女职工数X"], ["华新工会", 2024, 100, 90, 40]])
    first = load(engine, data)
    table = FACT_TABLES["membership"]
    with engine.connect() as conn:
        assert conn.execute(select(table.c.female_employees)).scalar_one() is None  # not a column yet
    set_setting(engine, ALIASES_SETTING, [["membership", "female_employees", "女职工数X"]])

    report = reidentify_batch(engine, first["batch"], user="张敏", today=TODAY)

    new = report["batch"]
    assert report["status"] == "imported" and new != first["batch"]
    assert report["message"] == (
        f"已按现行规则重新识别批次 #{first['batch']}:新批次 #{new} 替换了批次 #{first['batch']};撤销批次 #{new} 即可恢复原批次。"
    )
    with engine.connect() as conn:
        assert conn.execute(select(table.c.female_employees).where(table.c.is_current)).scalar_one() == 40
    assert status_of(engine, first["batch"]) == ("replaced", new)
    assert batch_content(engine, new) == data
    entry = audit.list_entries(engine)[0]
    assert (entry["action"], entry["user"], entry["detail"]["replaced"]) == ("reidentify", "张敏", [first["batch"]])
    # the same file uploaded again: held by the new batch
    assert load(engine, data)["duplicate_of"] == new

    assert undo_batch(engine, new).restored == [first["batch"]]
    with engine.connect() as conn:
        assert conn.execute(select(table.c.female_employees).where(table.c.is_current)).scalar_one() is None


def test_reidentify_keeps_the_unit_and_year_named_at_upload(engine):
    data = xlsx([["日期", "类别", "金额", "慰问对象"], ["03-01", "生日慰问", 200, "张三"]])
    first = load(engine, data, unit="华新工会", year="2024")
    report = reidentify_batch(engine, first["batch"], today=TODAY)
    assert report["status"] == "imported"
    assert get_batch(engine, report["batch"])["options"] == {"unit": "华新工会", "year": "2024"}
    assert welfare_amount(engine) == 200.0


def test_a_reidentify_that_would_store_nothing_changes_nothing_and_says_why(engine):
    set_setting(engine, ALIASES_SETTING, [["membership", "members", "在册会员"]])
    first = load(engine, xlsx([["单位名称", "年度", "职工人数", "在册会员"], ["华新工会", 2024, 100, 90]]))
    assert first["batch"] is not None
    set_setting(engine, ALIASES_SETTING, [])
    batches_before = list_batches(engine)

    report = reidentify_batch(engine, first["batch"], today=TODAY)

    assert report["batch"] is None and report["status"] == "imported"
    assert report["message"].startswith(f"批次 #{first['batch']} 保持不变。按现行规则重新识别时:未入库任何数据")
    assert "缺少必需的列「会员人数」" in report["message"]
    assert list_batches(engine) == batches_before
    assert members(engine) == {("华新工会", "2024"): 90}


def test_reidentify_leaves_other_kept_ledgers_beside_it(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    kept = load(engine, welfare_file(("华新工会", "2024-01-15", 50.0)), on_overlap="keep")
    report = reidentify_batch(engine, first["batch"], today=TODAY)
    assert report["status"] == "imported"
    assert status_of(engine, kept["batch"]) == ("active", None)
    assert welfare_amount(engine) == 150.0


def test_reidentify_refuses_what_it_cannot_do(engine):
    first = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    later = load(engine, welfare_file(("华新工会", "2024-01-15", 120.0)), on_overlap="replace")
    with pytest.raises(UsageError, match=f"已被批次 #{later['batch']} 替换"):
        reidentify_batch(engine, first["batch"])
    with pytest.raises(UsageError, match="不存在"):
        reidentify_batch(engine, 999)
    undo_batch(engine, later["batch"])
    undo_batch(engine, first["batch"])
    with pytest.raises(UsageError, match="已经撤销"):
        reidentify_batch(engine, first["batch"])
    # a batch stored without its file (before the files were kept)
    sheet = ParsedSheet(name="会员", kind="membership")
    sheet.rows = _membership_rows()
    old = commit_file(engine, ParsedFile("旧.xlsx", "0" * 64, [sheet]))
    with pytest.raises(UsageError, match="没有保存原文件"):
        reidentify_batch(engine, old.batch_id)


def _membership_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [{"unit": "华新工会", "period": "2024", "year": "2024", "period_sort": "2024-13", "employees": 100, "members": 90}]
    )


def test_reidentify_follows_the_viewer_rules_of_undo(engine):
    mine = load(engine, welfare_file(("华新工会", "2024-01-15", 100.0)))
    theirs = load(engine, welfare_file(("东湖工会", "2024-01-15", 100.0)))
    with pytest.raises(AccessDeniedError, match="观察者"):
        reidentify_batch(engine, mine["batch"], viewer=Viewer("看看", OBSERVER))
    unit_user = Viewer("华新", UNIT, units=frozenset({"华新工会"}))
    with pytest.raises((AccessDeniedError, UsageError)):
        reidentify_batch(engine, theirs["batch"], viewer=unit_user)
    report = reidentify_batch(engine, mine["batch"], viewer=unit_user, today=TODAY)
    assert report["status"] == "imported" and get_batch(engine, report["batch"])["created_by"] == "华新"
    assert reidentify_batch(engine, report["batch"], viewer=Viewer("张敏", ADMIN), today=TODAY)["status"] == "imported"


# --- the invariant: the store equals the live batches replayed ---------------------------------

UNITS = st.sampled_from(["华新工会", "东湖工会"])
WELFARE_ROWS = st.lists(
    st.tuples(UNITS, st.sampled_from(["2023-03-01", "2023-09-10", "2024-03-01"]), st.integers(1, 9).map(lambda n: n * 100.0)),
    min_size=1,
    max_size=3,
)
MEMBERSHIP_ROWS = st.lists(st.tuples(UNITS, st.sampled_from([2023, 2024]), st.integers(0, 99)), min_size=1, max_size=3)
A_FILE = st.one_of(
    st.tuples(st.just("welfare"), WELFARE_ROWS),
    st.tuples(st.just("membership"), MEMBERSHIP_ROWS),
    st.tuples(st.just("both"), st.tuples(MEMBERSHIP_ROWS, WELFARE_ROWS)),
)
STEP = st.one_of(
    st.tuples(st.just("import"), A_FILE, st.sampled_from(["replace", "keep"])),
    st.tuples(st.just("undo"), st.integers(0, 9)),
    st.tuples(st.just("reidentify"), st.integers(0, 9)),
)


def file_bytes(spec: tuple) -> bytes:
    kind, rows = spec
    if kind == "welfare":
        return welfare_file(*rows)
    if kind == "membership":
        return membership_file(*rows)
    people, ledger = rows
    return xlsx(
        ("会员统计", [MEMBERSHIP_HEADER, *([u, y, 100, m] for u, y, m in people)]),
        ("慰问台账", [WELFARE_HEADER, *([u, d, "节日慰问", a, "张三"] for u, d, a in ledger)]),
    )


def fact_contents(engine) -> dict[str, Counter]:
    """Every fact table as a multiset of its rows without the ids."""
    contents = {}
    with engine.connect() as conn:
        for kind, table in FACT_TABLES.items():
            columns = [c for c in table.c if c.name not in ("id", "batch_id")]
            contents[kind] = Counter(tuple(row) for row in conn.execute(select(*columns)))
    return contents


@contextmanager
def empty_store_like(engine, tmp_path, number: int):
    """An empty store of the same database as ``engine``."""
    if engine.dialect.name == "postgresql":
        with postgres_schema() as url:
            yield open_store(url)
        return
    url = f"sqlite:///{tmp_path / f'replay-{number}.db'}"
    try:
        yield open_store(url)
    finally:
        close_store(url)


def run_steps(engine, steps: list[tuple]) -> dict[int, bytes]:
    """Apply the steps; the file of every batch made (by import or 重新识别)."""
    files: dict[int, bytes] = {}
    for step in steps:
        batches = {b["id"]: b for b in list_batches(engine)}
        if step[0] == "import":
            data = file_bytes(step[1])
            report = load(engine, data, on_overlap=step[2])
            if report["batch"] is not None:
                files[report["batch"]] = data
        elif step[0] == "undo":
            undoable = sorted(i for i, b in batches.items() if b["status"] != "undone")
            if undoable:
                undo_batch(engine, undoable[step[1] % len(undoable)])
        else:
            active = sorted(i for i, b in batches.items() if b["status"] == "active")
            if active:
                old = active[step[1] % len(active)]
                report = reidentify_batch(engine, old, today=TODAY)
                assert report["status"] == "imported" and report["batch"] is not None, report
                files[report["batch"]] = files[old]
    return files


def check_replays(engine, steps: list[tuple], tmp_path, number: int) -> None:
    files = run_steps(engine, steps)

    live = sorted(b["id"] for b in list_batches(engine) if b["status"] == "active")
    with empty_store_like(engine, tmp_path, number) as replay:
        for batch_id in live:
            assert load(replay, files[batch_id], on_overlap="keep")["batch"] is not None
        assert fact_contents(engine) == fact_contents(replay)
    # a replaced batch waits whole aside; an undone one has nothing anywhere
    with engine.connect() as conn:
        for batch in list_batches(engine):
            aside = sum(
                conn.execute(select(func.count()).select_from(t).where(t.c.batch_id == batch["id"])).scalar()
                for t in REPLACED_TABLES.values()
            )
            assert aside == (batch["rows_stored"] if batch["status"] == "replaced" else 0), batch


_examples = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_any_imports_replaces_undos_and_reidentifies_equal_replaying_the_live_batches_sqlite(tmp_path, steps):
    number = next(_examples)  # tmp_path lives as long as the test: a fresh store per example
    url = f"sqlite:///{tmp_path / f'history-{number}.db'}"
    engine = open_store(url)
    try:
        check_replays(engine, steps, tmp_path, number)
    finally:
        close_store(url)


@pytest.mark.postgres
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_any_imports_replaces_undos_and_reidentifies_equal_replaying_the_live_batches_postgres(tmp_path, steps):
    with postgres_schema() as url:
        check_replays(open_store(url), steps, tmp_path, next(_examples))


def test_the_replay_check_sees_a_lost_row(tmp_path):
    """The property's comparison is not blind: a store missing one row differs from its replay."""
    url = f"sqlite:///{tmp_path / 'lost.db'}"
    engine = open_store(url)
    try:
        data = welfare_file(("华新工会", "2024-01-15", 100.0), ("华新工会", "2024-02-15", 200.0))
        load(engine, data)
        welfare = FACT_TABLES["welfare"]
        with engine.begin() as conn:
            conn.execute(welfare.delete().where(welfare.c.amount == 200.0))
        with empty_store_like(engine, tmp_path, next(_examples)) as replay:
            load(replay, data)
            assert fact_contents(engine) != fact_contents(replay)
    finally:
        close_store(url)


def test_a_batch_from_before_the_files_were_kept_gets_its_file_from_a_duplicate_upload(engine):
    data = membership_file(("华新工会", 2024, 90))
    first = load(engine, data)
    with engine.begin() as conn:  # as a batch imported before revision 0006
        conn.execute(batch_files.delete())
        conn.execute(batches.update().values(options=None))
    assert not get_batch(engine, first["batch"])["has_file"]

    again = load(engine, data)

    assert again["duplicate_of"] == first["batch"]
    assert batch_content(engine, first["batch"]) == data
    assert get_batch(engine, first["batch"])["options"] == {"unit": None, "year": None}
    assert reidentify_batch(engine, first["batch"], today=TODAY)["status"] == "imported"
