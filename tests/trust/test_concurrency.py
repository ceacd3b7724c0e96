"""Concurrency (issue 7, item 3): two processes importing different files while a third
reads the metrics, round after round, on SQLite and PostgreSQL: no batch lost, none
doubled, no "database is locked" reaching the user. The same file imported by two
processes at once is stored once. A store that stays busy past the bounded wait says so
in one Chinese sentence."""

from __future__ import annotations

import multiprocessing
import queue
import re
import sqlite3
import sys
import threading
import time
import types

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.trust import workers
from tests.trust.stores import row_counts, snapshot
from tests.workbooks import xlsx
from unionstats.errors import StoreError
from unionstats.importer import import_bytes
from unionstats.store import close_store, open_store
from unionstats.store import engine as store_engine
from unionstats.store.schema import batches

ROUNDS = 10
UNITS_PER_FILE = 300
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def plain_main_module(monkeypatch):
    """A bare ``__main__`` while the workers are spawned: ``spawn`` runs the parent's
    ``__main__`` again in each child, and under pytest-xdist that may be the page script of
    an AppTest run earlier in this worker (Streamlit leaves its script as ``__main__``)."""
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))


def membership_file(worker: str, round_number: int) -> bytes:
    """A 会员统计 workbook of its own units: no two files share a key."""
    rows = [["单位", "年度", "职工人数", "会员人数"]]
    rows += [[f"{worker}{round_number}号{i}工会", 2023, 100 + i, 90 + i % 10] for i in range(UNITS_PER_FILE)]
    return xlsx(rows)


def run_rounds(url: str, files: dict[str, list[str]]) -> list[tuple]:
    """Each importer takes one file per round, all starting together, while a reader
    computes metrics throughout; every outcome, in arrival order."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(files))
    stop = context.Event()
    results = context.Queue()
    importers = [
        context.Process(target=workers.import_files, args=(url, paths, barrier, results, name)) for name, paths in files.items()
    ]
    reader = context.Process(target=workers.read_metrics, args=(url, stop, results))
    reader.start()
    for process in importers:
        process.start()
    outcomes = []
    expected = sum(len(paths) for paths in files.values())
    deadline = time.monotonic() + 240
    try:
        while sum(1 for o in outcomes if o[0] != "reader") < expected:
            assert time.monotonic() < deadline, f"imports hung: {outcomes}"
            try:
                outcomes.append(results.get(timeout=1))
            except queue.Empty:
                assert all(p.is_alive() or p.exitcode == 0 for p in importers), "an importer died"
        stop.set()
        for process in [*importers, reader]:
            process.join(timeout=60)
        while True:
            try:
                outcomes.append(results.get(timeout=0.5))
            except queue.Empty:
                break
    finally:
        stop.set()
        for process in [*importers, reader]:
            if process.is_alive():
                process.kill()
                process.join()
    return outcomes


def test_two_importers_and_a_reader_lose_nothing_and_double_nothing(store_url, tmp_path):
    open_store(store_url)  # created once, as an installed app's store is
    close_store(store_url)
    files: dict[str, list[str]] = {}
    for worker in ("甲", "乙"):
        files[worker] = []
        for number in range(ROUNDS):
            path = tmp_path / f"{worker}{number}.xlsx"
            path.write_bytes(membership_file(worker, number))
            files[worker].append(str(path))

    outcomes = run_rounds(store_url, files)

    imports = [o for o in outcomes if o[0] != "reader"]
    reads = [o for o in outcomes if o[0] == "reader"]
    assert [o for o in outcomes if o[2] not in ("imported", "ok")] == []
    assert len(imports) == 2 * ROUNDS
    assert len(reads) >= 1
    counts = row_counts(store_url)
    assert counts["batches"] == 2 * ROUNDS
    assert counts["membership"] == 2 * ROUNDS * UNITS_PER_FILE
    engine = open_store(store_url)
    with engine.connect() as conn:
        hashes = conn.execute(text("SELECT content_hash, COUNT(*) FROM batches GROUP BY content_hash")).all()
    assert len(hashes) == 2 * ROUNDS and all(count == 1 for _, count in hashes)


def test_the_same_file_imported_by_two_processes_at_once_is_stored_once(store_url, tmp_path):
    open_store(store_url)
    close_store(store_url)
    shared = [membership_file("同", number) for number in range(3)]  # built once: openpyxl stamps the time
    files = {}
    for worker in ("甲", "乙"):
        files[worker] = []
        for number, data in enumerate(shared):
            path = tmp_path / f"{worker}{number}.xlsx"
            path.write_bytes(data)  # both workers hold the same three files, under names of their own
            files[worker].append(str(path))

    outcomes = run_rounds(store_url, files)

    for number in range(3):
        statuses = sorted(o[2] for o in outcomes if o[0] != "reader" and o[1] == number)
        assert statuses == ["duplicate", "imported"], outcomes
    assert [o for o in outcomes if o[0] == "reader" and o[2] != "ok"] == []
    counts = row_counts(store_url)
    assert counts["batches"] == 3
    assert counts["membership"] == 3 * UNITS_PER_FILE


def hold_write_lock(url: str):
    """Another writer holding the store's write lock (an import that takes long)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    holder = create_engine(url, poolclass=NullPool)
    conn = holder.connect()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.begin()
        conn.execute(text("LOCK TABLE batches IN EXCLUSIVE MODE"))
    return holder, conn


def release(holder, conn) -> None:
    conn.rollback() if conn.dialect.name != "sqlite" else conn.exec_driver_sql("ROLLBACK")
    conn.close()
    holder.dispose()


@pytest.fixture
def short_waits(monkeypatch):
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(store_engine, "PG_LOCK_TIMEOUT_MS", 100)
    monkeypatch.setattr(store_engine, "WRITE_ATTEMPTS", 3)
    monkeypatch.setattr(store_engine, "WRITE_RETRY_PAUSE_S", 0.05)


def test_a_store_busy_past_the_bounded_wait_is_one_chinese_sentence(store_url, short_waits):
    engine = open_store(store_url)
    import_bytes(engine, membership_file("先", 0), "先.xlsx")  # the store's first import sets it up
    before = snapshot(store_url)
    holder, conn = hold_write_lock(store_url)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            import_bytes(engine, membership_file("忙", 0), "忙.xlsx")
        waited = time.monotonic() - started
    finally:
        release(holder, conn)
    assert CJK.search(caught.value.message) and "locked" not in caught.value.message
    assert "数据库正忙" in caught.value.message
    assert waited < 30  # bounded: three tries of 0.1 s, not the default half minute
    assert snapshot(store_url) == before


def test_a_writer_that_waits_gets_its_turn_when_the_lock_is_released(store_url, short_waits):
    engine = open_store(store_url)
    import_bytes(engine, membership_file("先", 0), "先.xlsx")  # the store's first import sets it up
    holder, conn = hold_write_lock(store_url)
    # released while the importer is between tries: 0.1 s wait + 0.05 s pause, then 0.1 + 0.1
    timer = threading.Timer(0.15, release, args=(holder, conn))
    timer.start()
    try:
        report, _ = import_bytes(engine, membership_file("等", 0), "等.xlsx")
    finally:
        timer.join()
    assert report["status"] == "imported"
    with engine.connect() as c:
        assert c.execute(batches.select()).all()


def test_a_busy_store_is_said_in_chinese_outside_imports_too(store_url, short_waits):
    engine = open_store(store_url)
    holder, conn = hold_write_lock(store_url)
    try:
        if conn.dialect.name == "postgresql":
            conn.execute(text("LOCK TABLE settings IN EXCLUSIVE MODE"))
        with pytest.raises(StoreError) as caught:
            with store_engine.write_transaction(engine) as busy:
                busy.execute(text("SELECT 1"))
    finally:
        release(holder, conn)
    assert "数据库正忙" in caught.value.message and "locked" not in caught.value.message
    error = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert store_engine.describe_error(error).startswith("数据库正忙")
