"""Issue 17, finding 4: a copy of the store or of a backup alone gives no ID number back.

The attack: the salt of the person keys sat in ``settings`` and in every backup, and an ID
has only ~10^8 likely values, so hashing every candidate with it recovered the IDs in
minutes. Now the person keys are an HMAC with a key outside the store (``store.keys``):
nothing in the store or its backup recomputes a person key from a known number, no key
material is in either, and a store restored without its key works except for telling the
people of old batches from new ones and 重新识别 of old batches.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.trust.stores import all_metrics, assert_same_metrics
from tests.workbooks import xlsx
from unionstats.cli.main import main
from unionstats.errors import StoreError
from unionstats.importer import import_bytes, reidentify_batch
from unionstats.ingest.build import person_key_of
from unionstats.store import batch_content, close_store, list_batches, open_store
from unionstats.store.backup import backup
from unionstats.store.keys import file_key, key_file, person_key_secret, secret_key, signing_key
from unionstats.store.schema import metadata, welfare

ID_NUMBER = "330211199001011236"
PHONE = "13912345678"
HEADER = ["单位名称", "慰问日期", "慰问对象", "身份证号", "联系电话", "类别", "慰问金额"]
WELFARE = [
    HEADER,
    ["华新工会", "2024-01-15", "王芳", ID_NUMBER, None, "困难职工帮扶", 500],
    ["华新工会", "2024-02-15", "李强", None, PHONE, "困难职工帮扶", 300],
]


@pytest.fixture
def stored(engine, tmp_path) -> Path:
    """A store holding one person by ID and one by phone, and its backup."""
    report, _ = import_bytes(engine, xlsx(WELFARE), "慰问.xlsx")
    assert report["batch"] is not None, report["message"]
    backup(engine, tmp_path / "备份.zip")
    return tmp_path / "备份.zip"


def person_keys(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(select(welfare.c.person_key)).scalars())


def store_values(engine) -> list:
    """Every cell of every table, and every string inside a JSON cell."""
    values = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(*table.c)):
                for value in row:
                    values.append(value)
                    if isinstance(value, str) and value[:1] in '["{':
                        try:
                            values.extend(_strings(json.loads(value)))
                        except ValueError:
                            pass
    return values


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def backup_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_nothing_in_the_store_or_its_backup_recomputes_a_person_key(engine, stored):
    keys = person_keys(engine)
    assert len(keys) == 2 and None not in keys
    candidates = {v for v in store_values(engine) if isinstance(v, str | bytes)}
    candidates |= {line for line in backup_bytes(stored).split(b"\n")}  # every backup line as a whole too
    for number in (ID_NUMBER, PHONE):
        assert hashlib.sha256(number.encode()).hexdigest()[:32] not in keys
        for candidate in candidates:
            secret = candidate if isinstance(candidate, bytes) else candidate.encode()
            assert hashlib.sha256(secret + number.encode()).hexdigest()[:32] not in keys, "a salt in the store"
            assert hmac.new(secret, number.encode(), hashlib.sha256).hexdigest()[:32] not in keys, "a key in the store"
    # the key outside the store does recompute them (that is how the same person is found again)
    assert {person_key_of(person_key_secret(engine), n) for n in (ID_NUMBER, PHONE)} == keys


def test_no_key_material_is_in_the_store_its_files_or_its_backup(engine, stored):
    forms = set()
    for key in (secret_key(engine), person_key_secret(engine), file_key(engine), signing_key(engine)):
        forms |= {key, key.hex().encode(), key.hex().upper().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)}
    blob = backup_bytes(stored) + stored.read_bytes()
    blob += b"".join(v if isinstance(v, bytes) else str(v).encode() for v in store_values(engine))
    if engine.dialect.name == "sqlite":  # the database file and its WAL, byte for byte
        database = Path(engine.url.database)
        blob += b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*") if p != key_file(engine))
    assert [f for f in forms if f in blob] == []


def test_restored_without_the_key_only_person_matching_and_reidentify_are_lost(engine, store_url, stored, tmp_path, capsys):
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere' / 'unionstats.db'}"  # another machine: another key
    try:
        assert main(["restore", str(stored), "--db", elsewhere]) == 0
        out = capsys.readouterr().out
        assert "备份不含密钥文件" in out and str(key_file(elsewhere)) in out
        copy = open_store(elsewhere)
        assert secret_key(copy) != secret_key(engine)

        # everything reads as before: metrics, batches
        assert_same_metrics(all_metrics(elsewhere), all_metrics(store_url))
        (batch,) = list_batches(copy)
        assert batch["has_file"]
        # the kept file cannot be opened, so it cannot be read again: said in Chinese
        with pytest.raises(StoreError, match="原文件无法解密.*密钥"):
            batch_content(copy, batch["id"])
        with pytest.raises(StoreError, match="原文件无法解密"):
            reidentify_batch(copy, batch["id"])
        # the same person imported afresh gets a key that no longer matches the old one
        again = [HEADER, ["华新工会", "2024-03-15", "王芳", ID_NUMBER, None, "困难职工帮扶", 200]]
        report, _ = import_bytes(copy, xlsx(again), "慰问3月.xlsx")
        assert report["batch"] is not None
        assert len(person_keys(copy)) == 3 and not person_keys(engine) >= person_keys(copy)
    finally:
        close_store(elsewhere)


def test_backup_says_the_key_is_not_in_it_and_where_it_is(engine, store_url, tmp_path, capsys):
    assert main(["backup", "--out", str(tmp_path / "备份.zip"), "--db", store_url]) == 0
    out = capsys.readouterr().out
    assert "备份不含密钥文件" in out and "请另外妥善保管" in out
    assert str(key_file(engine)) in out
