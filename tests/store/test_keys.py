"""unionstats.store.keys: the store's key, never in the store (issue 17, finding 4; contract §5)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
import zlib

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import insert, select, text, update

from tests.paths import ROOT
from tests.workbooks import xlsx
from unionstats.errors import StoreError
from unionstats.importer import import_bytes
from unionstats.store import batch_content, close_store, get_setting, open_store
from unionstats.store.engine import local_now
from unionstats.store.keys import (
    FILE_KEY_LABEL,
    KEY_ENV,
    LEGACY_SALT_ENV,
    file_key,
    key_file,
    person_key_secret,
    secret_key,
    signing_key,
)
from unionstats.store.schema import batch_files, settings
from unionstats.store.settings import SALT_SETTING

PG_URL = "postgresql+psycopg://unionstats@db.example:5432/unionstats"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


# --- where the key comes from --------------------------------------------------------------------


def test_a_sqlite_store_gets_a_0600_key_file_beside_it_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    assert key_file(url) == tmp_path / "unionstats.db.key"
    assert not key_file(url).exists()
    key = secret_key(url)
    assert len(key) == 32 and key_file(url).read_text().strip() == key.hex()
    assert mode(key_file(url)) == 0o600
    assert secret_key(url) == key  # made once
    assert secret_key(f"sqlite:///{tmp_path / 'other.db'}") != key  # each store its own
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("url", [PG_URL, "sqlite://", "sqlite:///:memory:"])
def test_a_postgresql_or_memory_store_keeps_its_key_in_the_users_config_folder(url, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "unionstats"
    assert key_file(url) == folder / "store.key"
    key = secret_key(url)
    assert (folder / "store.key").read_text().strip() == key.hex()
    assert mode(folder) == 0o700 and mode(folder / "store.key") == 0o600


def test_unionstats_key_wins_and_no_key_file_is_made(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    monkeypatch.setenv(KEY_ENV, " " + "Ab" * 32 + "\n")
    assert secret_key(url) == bytes.fromhex("ab" * 32)
    assert not key_file(url).exists()


@pytest.mark.parametrize("value", ["abc", "g" * 64, "ab" * 33, "一" * 64])
def test_a_malformed_unionstats_key_stops_with_a_chinese_sentence(value, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, value)
    with pytest.raises(StoreError, match=r"环境变量 UNIONSTATS_KEY 的格式不对:应为 64 位十六进制数字") as caught:
        secret_key(f"sqlite:///{tmp_path / 'unionstats.db'}")
    assert "token_hex(32)" in caught.value.message
    assert not (tmp_path / "unionstats.db.key").exists()


def test_unionstats_salt_is_still_read_so_files_kept_before_stay_readable(tmp_path, monkeypatch):
    """Superseded by UNIONSTATS_KEY; a server that had set it keeps its kept batch files: the
    file key is the one the app derived from it before."""
    monkeypatch.setenv(LEGACY_SALT_ENV, "the server's old salt")
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    assert secret_key(url) == b"the server's old salt"
    assert file_key(url) == hmac.new(b"the server's old salt", FILE_KEY_LABEL, hashlib.sha256).digest()
    assert not key_file(url).exists()
    monkeypatch.setenv(KEY_ENV, "cd" * 32)
    assert secret_key(url) == bytes.fromhex("cd" * 32)  # UNIONSTATS_KEY wins


def test_each_use_has_its_own_subkey_and_none_is_the_key_itself(tmp_path):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    keys = [secret_key(url), person_key_secret(url), file_key(url), signing_key(url)]
    assert len(set(keys)) == 4 and all(len(k) == 32 for k in keys)


def test_a_damaged_key_file_is_said_in_chinese_and_not_replaced(tmp_path):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    key_file(url).write_text("not a key")
    with pytest.raises(StoreError, match=r"密钥文件「.*unionstats\.db\.key」已损坏"):
        secret_key(url)
    assert key_file(url).read_text() == "not a key"


def test_a_key_file_others_can_read_is_made_the_owners_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    key = secret_key(url)
    os.chmod(key_file(url), 0o644)
    assert secret_key(url) == key
    assert mode(key_file(url)) == 0o600


def test_processes_making_the_key_at_the_same_moment_all_get_the_same_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'unionstats.db'}"
    go = tmp_path / "go"
    script = (
        "import os, sys, time\n"
        "from unionstats.store.keys import secret_key\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.001)\n"
        f"print(secret_key({url!r}).hex())\n"
    )
    children = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(6)]
    go.touch()
    keys = {child.communicate(timeout=60)[0].strip() for child in children}
    assert keys == {key_file(url).read_text().strip()}
    assert mode(key_file(url)) == 0o600


# --- revision 0012 and restoring an older backup: the old salt leaves the store ----------------

ID_NUMBER = "330211199001011236"
WELFARE = [
    ["单位名称", "慰问日期", "慰问对象", "身份证号", "类别", "慰问金额"],
    ["华新工会", "2024-01-15", "王芳", ID_NUMBER, "困难职工帮扶", 500],
]


def old_store(engine, salt: str) -> tuple[int, bytes]:
    """The store as a version before 0012 left it: the salt in settings, the kept file sealed
    with a key derived from that salt. (batch id, the file)."""
    data = xlsx(WELFARE)
    report, _ = import_bytes(engine, data, "慰问.xlsx")
    assert report["batch"] is not None, report["message"]
    old_cipher = Fernet(base64.urlsafe_b64encode(hmac.new(salt.encode(), FILE_KEY_LABEL, hashlib.sha256).digest()))
    sealed = base64.urlsafe_b64decode(old_cipher.encrypt(zlib.compress(data, 1)))
    with engine.begin() as conn:
        conn.execute(insert(settings).values(key=SALT_SETTING, value=json.dumps(salt), updated_at=local_now()))
        conn.execute(update(batch_files).values(content=sealed))
    return report["batch"], data


def test_revision_0012_deletes_the_salt_and_keeps_the_old_files_readable(store_url):
    engine = open_store(store_url)
    batch, data = old_store(engine, "0123456789abcdef0123456789abcdef")
    with pytest.raises(StoreError, match="无法解密"):
        batch_content(engine, batch)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    close_store(store_url)

    engine = open_store(store_url)  # upgrades 0011 → head

    assert get_setting(engine, SALT_SETTING) is None
    assert batch_content(engine, batch) == data  # sealed again with the file key
    with engine.connect() as conn:
        sealed = bytes(conn.execute(select(batch_files.c.content)).scalar_one())
    assert Fernet(base64.urlsafe_b64encode(file_key(engine))).decrypt(base64.urlsafe_b64encode(sealed))


def test_restoring_a_backup_from_before_0012_takes_the_salt_out_too(store_url, tmp_path):
    from unionstats.store.backup import backup, restore

    engine = open_store(store_url)
    batch, data = old_store(engine, "an old salt")
    backup(engine, tmp_path / "旧备份.zip")
    restore(engine, tmp_path / "旧备份.zip", replace=True)
    assert get_setting(engine, SALT_SETTING) is None
    assert batch_content(engine, batch) == data
