"""Backup and restore (issue 7, item 7): ``python -m unionstats backup --out FILE`` and
``restore FILE``, portable between SQLite and PostgreSQL, all or nothing."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from tests.trust.stores import REPO, all_metrics, assert_same_metrics, snapshot
from tests.workbooks import xlsx
from unionstats.cli.main import main
from unionstats.store import close_store, list_batches, open_store
from unionstats.store.backup import MANIFEST, table_checksums
from unionstats.store.schema import metadata

SAMPLES = sorted(p for p in (REPO / "data" / "sample").iterdir() if p.suffix in {".xlsx", ".xls", ".csv"})
CJK = re.compile(r"[\u4e00-\u9fff]")


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled_sqlite(tmp_path, capsys) -> str:
    url = f"sqlite:///{tmp_path / 'source.db'}"
    code, _, err = cli(capsys, "import", *map(str, SAMPLES), "--db", url, "--on-overlap", "keep")
    assert code == 0, err
    yield url
    close_store(url)


@pytest.mark.postgres
def test_a_round_trip_sqlite_postgresql_sqlite_keeps_every_row_and_every_metric(filled_sqlite, both_stores, tmp_path, capsys):
    _, postgres = both_stores
    back = f"sqlite:///{tmp_path / 'back.db'}"
    first, second = tmp_path / "从SQLite.zip", tmp_path / "从PostgreSQL.zip"

    assert cli(capsys, "backup", "--out", str(first), "--db", filled_sqlite)[0] == 0
    assert cli(capsys, "restore", str(first), "--db", postgres)[0] == 0
    assert cli(capsys, "backup", "--out", str(second), "--db", postgres)[0] == 0
    code, out, _ = cli(capsys, "restore", str(second), "--db", back)
    assert code == 0 and "恢复" in out

    source = table_checksums(open_store(filled_sqlite))
    assert table_checksums(open_store(postgres)) == source
    assert table_checksums(open_store(back)) == source
    assert source["batches"][0] == len(SAMPLES)
    expected = all_metrics(filled_sqlite)
    assert_same_metrics(all_metrics(postgres), expected)
    assert_same_metrics(all_metrics(back), expected)
    close_store(back)


def test_the_backup_holds_every_table_of_the_schema(filled_sqlite, tmp_path, capsys):
    out = tmp_path / "备份.zip"
    code, text, _ = cli(capsys, "backup", "--out", str(out), "--db", filled_sqlite)
    assert code == 0 and "已备份" in text
    manifest = json.loads(zipfile.ZipFile(out).read(MANIFEST))
    assert set(manifest["tables"]) == {t.name for t in metadata.sorted_tables}
    assert manifest["revision"]
    counts = {name: info["rows"] for name, info in manifest["tables"].items()}
    assert counts == {name: rows for name, (rows, _) in table_checksums(open_store(filled_sqlite)).items()}


def test_after_a_restore_new_imports_get_new_ids(filled_sqlite, store_url, tmp_path, capsys):
    """PostgreSQL's sequences continue after the restored rows (SQLite needs nothing)."""
    backup_file = tmp_path / "备份.zip"
    cli(capsys, "backup", "--out", str(backup_file), "--db", filled_sqlite)
    assert cli(capsys, "restore", str(backup_file), "--db", store_url)[0] == 0
    newest = max(b["id"] for b in list_batches(open_store(store_url)))
    path = tmp_path / "新会员.xlsx"
    path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["新工会", 2024, 10, 9]]))
    code, _, err = cli(capsys, "import", str(path), "--db", store_url)
    assert code == 0, err
    assert max(b["id"] for b in list_batches(open_store(store_url))) == newest + 1


def test_restore_refuses_a_store_with_data_unless_told_to_replace(filled_sqlite, store_url, tmp_path, capsys):
    backup_file = tmp_path / "备份.zip"
    cli(capsys, "backup", "--out", str(backup_file), "--db", filled_sqlite)
    path = tmp_path / "已有.xlsx"
    path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["已有工会", 2024, 10, 9]]))
    assert cli(capsys, "import", str(path), "--db", store_url)[0] == 0
    before = snapshot(store_url)

    code, _, err = cli(capsys, "restore", str(backup_file), "--db", store_url)
    assert code == 1 and "--replace" in err and CJK.search(err) and len(err.strip().splitlines()) == 1
    assert snapshot(store_url) == before

    assert cli(capsys, "restore", str(backup_file), "--db", store_url, "--replace")[0] == 0
    assert table_checksums(open_store(store_url)) == table_checksums(open_store(filled_sqlite))


def tampered(backup_file: Path, table: str) -> bytes:
    """The backup with one figure of one table changed (the manifest left as it was)."""
    source = zipfile.ZipFile(backup_file)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == f"tables/{table}.jsonl":
                lines = body.splitlines(keepends=True)
                lines[-1] = lines[-1].replace(b"1", b"2", 1)
                body = b"".join(lines)
            target.writestr(info.filename, body)
    return buffer.getvalue()


def foreign_files(backup_file: Path) -> dict[str, bytes]:
    manifest = json.loads(zipfile.ZipFile(backup_file).read(MANIFEST))
    newer = io.BytesIO()
    with zipfile.ZipFile(newer, "w") as target:
        target.writestr(MANIFEST, json.dumps({**manifest, "revision": "9999_from_the_future"}))
    no_manifest = io.BytesIO()
    with zipfile.ZipFile(no_manifest, "w") as target:
        target.writestr("tables/batches.jsonl", b"[]\n")
    return {
        "README.md": (REPO / "README.md").read_bytes(),
        "随机.zip": bytes(range(256)) * 40,
        "工作簿.zip": xlsx([["单位"], ["甲"]]),
        "无清单.zip": no_manifest.getvalue(),
        "新版本.zip": newer.getvalue(),
        "截断.zip": backup_file.read_bytes()[: backup_file.stat().st_size // 2],
        "篡改.zip": tampered(backup_file, "welfare"),
    }


def test_a_damaged_or_foreign_file_is_refused_and_the_store_is_left_as_it_was(filled_sqlite, store_url, tmp_path, capsys):
    backup_file = tmp_path / "备份.zip"
    cli(capsys, "backup", "--out", str(backup_file), "--db", filled_sqlite)
    path = tmp_path / "已有.xlsx"
    path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["已有工会", 2024, 10, 9]]))
    assert cli(capsys, "import", str(path), "--db", store_url)[0] == 0
    before = snapshot(store_url)
    for name, data in foreign_files(backup_file).items():
        bad = tmp_path / name
        bad.write_bytes(data)
        # --replace: the damage in 篡改.zip is found only after the old rows were deleted
        # and most tables loaded; the transaction undoes all of it.
        code, out, err = cli(capsys, "restore", str(bad), "--db", store_url, "--replace")
        assert code in (1, 2), name
        assert err.startswith("错误:") and CJK.search(err) and len(err.strip().splitlines()) == 1, (name, err)
        assert snapshot(store_url) == before, name
