"""unionstats.store.private_files: the files the app makes are the owner's alone (issue 17,
finding 5): the SQLite store, its WAL and SHM, its key file, backups and what the command line
writes are 0600; the default store's folder is 0700. Tested under the usual umask 022, with
which they used to come out 0644."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.workbooks import xlsx
from unionstats.cli.main import main
from unionstats.importer import import_bytes
from unionstats.store import close_store, default_url, open_store
from unionstats.store import engine as store_engine
from unionstats.store.backup import backup
from unionstats.store.keys import key_file, secret_key
from unionstats.store.private_files import make_private_file, write_private

MEMBERSHIP = [["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", "2024", 100, 90]]
REJECTING = [["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", "2024", 100, 90], ["", "2024", 5, 4]]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_store_its_wal_shm_and_key_are_0600_and_a_new_folder_0700(tmp_path):
    path = tmp_path / "new" / "unionstats.db"
    url = f"sqlite:///{path}"
    try:
        engine = open_store(url)
        report, _ = import_bytes(engine, xlsx(MEMBERSHIP), "会员.xlsx")
        assert report["batch"] is not None
        with engine.connect():  # a connection open: the WAL and SHM are there
            wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
            assert wal.exists() and shm.exists()
            assert {p.name: mode(p) for p in (path, wal, shm, key_file(url))} == {
                "unionstats.db": 0o600,
                "unionstats.db-wal": 0o600,
                "unionstats.db-shm": 0o600,
                "unionstats.db.key": 0o600,
            }
        assert mode(path.parent) == 0o700
    finally:
        close_store(url)


def test_an_existing_store_made_0644_is_tightened_when_opened(tmp_path):
    (tmp_path / "mine").mkdir(mode=0o755)
    path = tmp_path / "mine" / "old.db"
    older = sqlite3.connect(path)  # as SQLite itself makes it: 0644, and its WAL and SHM too
    older.execute("PRAGMA journal_mode=WAL")
    older.execute("CREATE TABLE t (x)")
    older.execute("INSERT INTO t VALUES (1)")
    older.commit()
    sides = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    assert [mode(p) for p in (path, *sides)] == [0o644] * 3
    url = f"sqlite:///{path}"
    try:
        open_store(url)
        assert [mode(p) for p in (path, *sides)] == [0o600] * 3
        assert mode(path.parent) == 0o755  # a folder the user named keeps its mode
    finally:
        older.close()
        close_store(url)


def test_the_default_store_lives_in_a_0700_folder_of_its_own(tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "sample").mkdir(parents=True)
    monkeypatch.setattr(store_engine, "DEFAULT_DB_PATH", data / "store" / "unionstats.db")
    monkeypatch.setattr(store_engine, "OLD_DEFAULT_DB_PATH", data / "unionstats.db")
    monkeypatch.delenv("UNIONSTATS_DB_URL")
    assert default_url() == f"sqlite:///{data / 'store' / 'unionstats.db'}"
    (data / "store").mkdir(mode=0o755)  # made earlier by hand: still tightened
    try:
        open_store()
        assert mode(data / "store") == 0o700 and mode(data / "store" / "unionstats.db") == 0o600
        assert mode(data) == 0o755  # data/ holds the samples: left as it is
    finally:
        close_store()


def test_a_store_where_older_versions_made_it_is_still_the_default(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(store_engine, "DEFAULT_DB_PATH", data / "store" / "unionstats.db")
    monkeypatch.setattr(store_engine, "OLD_DEFAULT_DB_PATH", data / "unionstats.db")
    monkeypatch.delenv("UNIONSTATS_DB_URL")
    (data / "unionstats.db").touch(mode=0o644)
    assert default_url() == f"sqlite:///{data / 'unionstats.db'}"
    try:
        open_store()
        assert mode(data / "unionstats.db") == 0o600 and not (data / "store").exists()
    finally:
        close_store()


def test_a_backup_is_0600(engine, tmp_path):
    backup(engine, tmp_path / "备份.zip")
    assert mode(tmp_path / "备份.zip") == 0o600


def test_the_command_lines_outputs_are_0600(store_url, tmp_path, capsys):
    source = tmp_path / "会员.xlsx"
    source.write_bytes(xlsx(REJECTING))
    existing = tmp_path / "已有的报告.txt"
    existing.write_text("旧内容")
    assert mode(existing) == 0o644
    commands = {
        "import": ["import", str(source), "--db", store_url, "--rejected-out", str(tmp_path / "拒收.xlsx")],
        "template": ["template", "membership", "--out", str(tmp_path / "模板.xlsx")],
        "report": ["report", "--year", "2024", "--out", str(tmp_path / "报告.xlsx"), "--format", "xlsx", "--db", store_url],
        "report again": ["report", "--year", "2024", "--out", str(existing), "--db", store_url],
        "backup": ["backup", "--out", str(tmp_path / "备份.zip"), "--db", store_url],
    }
    for name, argv in commands.items():
        assert main(argv) == 0, (name, capsys.readouterr())
    outputs = ["拒收.xlsx", "模板.xlsx", "报告.xlsx", existing.name, "备份.zip"]
    assert {name: mode(tmp_path / name) for name in outputs} == dict.fromkeys(outputs, 0o600)
    assert "旧内容" not in existing.read_text(encoding="utf-8")


def test_a_private_file_is_made_without_truncating_and_written_whole(tmp_path):
    path = tmp_path / "文件"
    path.write_bytes(b"kept")
    path.chmod(0o666)
    make_private_file(path)
    assert mode(path) == 0o600 and path.read_bytes() == b"kept"
    write_private(tmp_path / "新文件", b"data")
    assert mode(tmp_path / "新文件") == 0o600 and (tmp_path / "新文件").read_bytes() == b"data"


def test_the_key_files_folder_made_for_it_is_0700(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    secret_key("postgresql+psycopg://u@h/db")
    assert mode(tmp_path / "config" / "unionstats") == 0o700
