"""The store's secret key: never in the store, never in its backups (contract §5).

An ID number has only ~10^8 likely values, so a hash of it is protection only when the key
of the hash is not where the hashes are. The key comes from, in this order:

1. ``UNIONSTATS_KEY``: 64 hexadecimal digits (32 bytes), for servers
   (``python -c "import secrets; print(secrets.token_hex(32))"``);
2. ``UNIONSTATS_SALT``: the secret the app read before this module (a server that set it
   keeps its kept batch files readable); any text, its bytes are the key. Superseded by
   ``UNIONSTATS_KEY``;
3. a key file, made on first use (0600, random 32 bytes as hex): beside a SQLite store
   (``<db path>.key``, e.g. ``data/store/unionstats.db.key``); for PostgreSQL or an
   in-memory store one per operating-system user, ``$XDG_CONFIG_HOME/unionstats/store.key``
   (``~/.config/unionstats/store.key``; ``%APPDATA%\\unionstats\\store.key`` on Windows).

Each use has its own subkey (HMAC-SHA256 of the key with a label): the person keys, the
kept batch files, the signed session tokens. Losing the key loses nothing but telling the
same person apart across old and new batches and 重新识别 of the old batches' files.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.engine import URL, make_url

from unionstats.errors import StoreError, describe_os_error
from unionstats.store.private_files import PRIVATE_FILE_MODE, make_private_folder
from unionstats.store.schema import batch_files, settings
from unionstats.store.settings import SALT_SETTING

KEY_ENV = "UNIONSTATS_KEY"
LEGACY_SALT_ENV = "UNIONSTATS_SALT"  # read only when UNIONSTATS_KEY is unset
KEY_BYTES = 32
KEY_FILE_SUFFIX = ".key"  # a SQLite store's key file: its path plus this
USER_KEY_FILE = "store.key"  # PostgreSQL / in-memory: in the user's config folder

# One label per use: a subkey never serves two purposes. The batch files' label is the one
# their key was derived with before this module, so a server with UNIONSTATS_SALT set keeps
# reading them.
PERSON_KEY_LABEL = b"unionstats person keys v1"
FILE_KEY_LABEL = b"unionstats batch files v1"
SIGNING_KEY_LABEL = b"unionstats session tokens v1"

_HEX_KEY = re.compile(rf"[0-9a-fA-F]{{{KEY_BYTES * 2}}}")


def secret_key(engine_or_url: Engine | URL | str) -> bytes:
    """The store's secret key (bytes): ``UNIONSTATS_KEY``, else ``UNIONSTATS_SALT``, else its
    key file, made on first use. Raises ``StoreError`` (one Chinese sentence) for a
    malformed ``UNIONSTATS_KEY`` or key file, or a key file that cannot be read or made."""
    if (value := os.environ.get(KEY_ENV, "").strip()) != "":
        if not _HEX_KEY.fullmatch(value):
            raise StoreError(
                f"环境变量 {KEY_ENV} 的格式不对:应为 {KEY_BYTES * 2} 位十六进制数字(0-9、a-f),"
                '可用 python -c "import secrets; print(secrets.token_hex(32))" 生成。'
            )
        return bytes.fromhex(value)
    if legacy := os.environ.get(LEGACY_SALT_ENV):
        return legacy.encode()
    return _read_or_make(key_file(engine_or_url))


def person_key_secret(engine_or_url: Engine | URL | str) -> bytes:
    """The HMAC key of the person keys (hashes of ID and phone numbers, contract §5;
    ``unionstats.ingest.build.person_key_of``)."""
    return _subkey(secret_key(engine_or_url), PERSON_KEY_LABEL)


def file_key(engine_or_url: Engine | URL | str) -> bytes:
    """The key of the kept batch files (32 bytes; Fernet takes it base64-encoded)."""
    return _subkey(secret_key(engine_or_url), FILE_KEY_LABEL)


def signing_key(engine_or_url: Engine | URL | str) -> bytes:
    """The key that signs session tokens (views/session)."""
    return _subkey(secret_key(engine_or_url), SIGNING_KEY_LABEL)


def key_file(engine_or_url: Engine | URL | str) -> Path:
    """Where the store's key file is (whether or not it exists yet)."""
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    database = url.database if url.get_backend_name() == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).expanduser().absolute().with_name(Path(database).name + KEY_FILE_SUFFIX)
    return user_config_folder() / USER_KEY_FILE


def key_source(engine_or_url: Engine | URL | str) -> str:
    """Where the key comes from, in Chinese: 环境变量 UNIONSTATS_KEY, or 密钥文件「path」."""
    for env in (KEY_ENV, LEGACY_SALT_ENV):
        if os.environ.get(env, "").strip():
            return f"环境变量 {env}"
    return f"密钥文件「{key_file(engine_or_url)}」"


def user_config_folder() -> Path:
    """The operating-system user's folder for the app's own files (the PostgreSQL store's key)."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "unionstats"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "unionstats"


def _subkey(key: bytes, label: bytes) -> bytes:
    return hmac.new(key, label, hashlib.sha256).digest()


def _read_or_make(path: Path) -> bytes:
    """The key in ``path``; made first when there is none. Two processes making it at the
    same moment get the same key: each writes its own temporary file and links it into
    place, which fails for all but the first (the others then read the first's)."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        make_private_folder(path.parent, only_if_new=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(KEY_BYTES) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(temporary, path)  # atomic, and never replaces a key already there
            except FileExistsError:
                pass  # another process made it first: theirs is the key
        finally:
            temporary.unlink(missing_ok=True)
        return _read(path)
    except OSError as exc:
        raise StoreError(
            f"无法创建密钥文件「{path}」:{describe_os_error(exc)}。请检查该文件夹的权限,或用环境变量 {KEY_ENV} 提供密钥。"
        ) from exc


def _read(path: Path) -> bytes:
    """The key in an existing key file (FileNotFoundError when there is none); a file
    others may read is made the owner's alone first."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            if stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o077:
                os.chmod(path, PRIVATE_FILE_MODE)
            text = handle.read(KEY_BYTES * 4).strip()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"无法读取密钥文件「{path}」:{describe_os_error(exc)}。") from exc
    if not _HEX_KEY.fullmatch(text):
        raise StoreError(
            f"密钥文件「{path}」已损坏(应为 {KEY_BYTES * 2} 位十六进制数字):请从备份中找回原来的密钥文件;"
            "删除它会生成新密钥,之前的人员散列值和保存的原文件将无法再对应。"
        )
    return bytes.fromhex(text)


def retire_store_salt(conn: Connection) -> int:
    """Take the salt older versions kept in the store's settings out of the store (revision
    0012; restoring an older backup): the kept batch files encrypted with a key made from it
    are encrypted again with the file key first, so they can still be 重新识别. The person
    keys made with it stay as they are: they cannot be made again without the numbers, so
    they no longer match the keys of later imports (重新识别 a batch makes its keys anew).

    Returns how many files were encrypted again. A file that neither the old secret nor the
    file key opens (kept on another machine) is left as it is.
    """
    row = conn.execute(select(settings.c.value).where(settings.c.key == SALT_SETTING)).first()
    salt = json.loads(row.value) if row is not None else None
    old_secrets = [s.encode() for s in (os.environ.get(LEGACY_SALT_ENV), salt) if isinstance(s, str) and s]
    if not old_secrets:
        return 0
    new = _fernet(file_key(conn.engine))
    old = [_fernet(_subkey(secret, FILE_KEY_LABEL)) for secret in old_secrets]
    changed = 0
    for batch_id in conn.execute(select(batch_files.c.batch_id).order_by(batch_files.c.batch_id)).scalars().all():
        sealed = bytes(conn.execute(select(batch_files.c.content).where(batch_files.c.batch_id == batch_id)).scalar_one())
        token = base64.urlsafe_b64encode(sealed)
        if _opens(new, token) is not None:
            continue  # already under the file key (UNIONSTATS_SALT still set)
        packed = next((content for cipher in old if (content := _opens(cipher, token)) is not None), None)
        if packed is None:
            continue
        resealed = base64.urlsafe_b64decode(new.encrypt(packed))
        conn.execute(update(batch_files).where(batch_files.c.batch_id == batch_id).values(content=resealed))
        changed += 1
    conn.execute(delete(settings).where(settings.c.key == SALT_SETTING))
    return changed


def _fernet(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(key))


def _opens(cipher: Fernet, token: bytes) -> bytes | None:
    try:
        return cipher.decrypt(token)
    except InvalidToken:
        return None
