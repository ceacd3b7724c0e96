"""Back up the whole store to one portable file, and restore it (issue 7, item 7).

A backup is a zip holding ``manifest.json`` and one ``tables/<name>.jsonl`` per table
of ``schema.metadata`` (every table, also those added by later revisions): one JSON
array of column values per line, in primary-key order (binary values, the kept batch
files, as base64). The manifest names the schema
revision, and for each table its columns, row count and the sha256 of its lines. The
same data gives the same lines on SQLite and PostgreSQL, so a backup taken from one
restores into the other and the checksums still hold.

``restore`` runs in one transaction: it refuses a store that already holds data (unless
``replace``), a damaged or foreign file, or a backup from a newer program, with one
Chinese sentence, and leaves the store as it was.

A backup holds no key (contract §5): the store's key (``store.keys``) is never in the
store, so the person keys and the kept batch files in a backup are of no use without the
key file or ``UNIONSTATS_KEY``, which are kept apart (``KEY_ADVICE``). Restored where that
key is missing, everything works except telling the people of the old batches from those
of new ones and 重新识别 of the old batches. A backup file is the owner's alone (0600).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from unionstats.errors import StoreError, UnreadableFileError, UsageError, describe_os_error
from unionstats.store.engine import alembic_config, describe_error, local_now, write_transaction
from unionstats.store.keys import key_source, retire_store_salt
from unionstats.store.schema import metadata
from unionstats.store.tree import rebuild_unit_parents

FORMAT = "unionstats-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Rows inserted per statement on restore: few round trips, bounded memory.
_INSERT_ROWS = 1000
# A manifest is a few kilobytes; anything much larger is not ours.
_MAX_MANIFEST_BYTES = 1024**2


@dataclass
class BackupSummary:
    """What a backup holds or a restore wrote: the schema revision and rows per table."""

    revision: str | None
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def backup(engine: Engine, out: Path) -> BackupSummary:
    """Write every table of the store to ``out`` (a zip; replaced if it exists).

    The tables are read in one transaction, so the file is one consistent moment of
    the store even while others import. The file is 0600 and holds no key (``key_advice``). The file is written beside ``out`` and renamed
    at the end, so ``out`` never holds half a backup. Raises ``StoreError`` when the
    store cannot be read and ``UsageError`` when ``out`` cannot be written.
    """
    out = Path(out)
    tables: dict[str, dict[str, Any]] = {}
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise UsageError(f"无法写入备份文件「{out}」:{describe_os_error(exc)}。") from exc
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            with _snapshot(engine) as conn:
                revision = _revision(conn)
                for table in metadata.sorted_tables:
                    digest = hashlib.sha256()
                    count = 0
                    with archive.open(f"tables/{table.name}.jsonl", "w") as member:
                        for line in _table_lines(conn, table):
                            member.write(line)
                            digest.update(line)
                            count += 1
                    tables[table.name] = {"columns": list(table.c.keys()), "rows": count, "sha256": digest.hexdigest()}
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "revision": revision,
                "created_at": local_now().isoformat(),
                "dialect": engine.dialect.name,
                "tables": tables,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(temporary, out)
    except SQLAlchemyError as exc:
        raise StoreError(f"无法读取数据库以备份:{describe_error(exc)}。备份文件没有生成。") from exc
    except OSError as exc:
        raise UsageError(f"无法写入备份文件「{out}」:{describe_os_error(exc)}。") from exc
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return BackupSummary(revision, {name: info["rows"] for name, info in tables.items()})


def restore(engine: Engine, source: Path | bytes, *, replace: bool = False) -> BackupSummary:
    """Load a backup into the store, in one transaction.

    ``source`` is the backup's path or bytes. The store must be empty unless
    ``replace``, which first deletes every row. A backup of an older revision restores
    when its tables and columns still exist (columns added since are left empty).
    Raises ``UnreadableFileError`` for a damaged or foreign file, ``UsageError`` for a
    store that is not empty or a backup of a newer program, ``StoreError`` when the
    database refuses; in every case nothing is changed.
    """
    name = source.name if isinstance(source, Path) else "备份文件"
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
    except OSError as exc:
        raise UnreadableFileError(f"无法打开备份文件「{source}」:{describe_os_error(exc)}。") from exc
    archive, manifest = _open_backup(data, name)
    plan = _plan(manifest, name)
    with archive:
        try:
            with write_transaction(engine) as conn:
                if not replace and not _is_empty(conn):
                    raise UsageError("数据库中已有数据,未恢复;如确要用备份覆盖现有全部数据,请加 --replace。")
                for table in reversed(metadata.sorted_tables):
                    conn.execute(delete(table))
                for table in metadata.sorted_tables:
                    if table.name in plan:
                        _load_table(conn, archive, table, plan[table.name], name)
                _reset_sequences(conn)
                # derived from the facts: made afresh (a backup from before revision 0013 has none)
                rebuild_unit_parents(conn)
                retire_store_salt(conn)  # a backup from before revision 0012 holds the old salt
        except SQLAlchemyError as exc:
            raise StoreError(f"无法恢复备份「{name}」:{describe_error(exc)}。数据库保持原样。") from exc
    return BackupSummary(manifest.get("revision"), {table: info["rows"] for table, info in plan.items()})


def key_advice(engine: Engine, *, restored: bool = False) -> str:
    """The sentence ``backup`` (and, ``restored``, ``restore``) prints: the backup holds no
    key, where this store's key is and what happens without it."""
    if restored:
        return (
            f"备份不含密钥文件;本数据库的密钥是{key_source(engine)}。如果备份来自另一台电脑或另一个数据库,"
            "请在导入新数据之前换上原来的密钥(复制原来的密钥文件到上述位置,或设置同样的 UNIONSTATS_KEY),"
            "否则数据和报表照常,但旧批次中的人员不再能与新导入的对应,旧批次也不能重新识别。"
        )
    return (
        f"备份不含密钥文件(本数据库的密钥是{key_source(engine)}),请另外妥善保管,不要与备份放在一起:"
        "在没有这个密钥的地方恢复,数据和报表照常,但旧批次中的人员不再能与新导入的对应,旧批次也不能重新识别。"
    )


def table_checksums(engine: Engine) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of the backup lines) of every table: equal on two stores
    exactly when they hold the same data, whatever the database."""
    result = {}
    with _snapshot(engine) as conn:
        for table in metadata.sorted_tables:
            digest = hashlib.sha256()
            count = 0
            for line in _table_lines(conn, table):
                digest.update(line)
                count += 1
            result[table.name] = (count, digest.hexdigest())
    return result


# ---------------------------------------------------------------- writing


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one moment of the store (it only reads)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin() as transaction:
            yield conn
            transaction.rollback()


def _table_lines(conn: Connection, table: Table) -> Iterator[bytes]:
    """The table's rows as JSON lines, in primary-key order."""
    order = list(table.primary_key.columns) or list(table.c)
    result = conn.execution_options(yield_per=_INSERT_ROWS).execute(select(*table.c).order_by(*order))
    for row in result:
        yield json.dumps([_encode(value) for value in row], ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")  # a kept batch file (batch_files)
    return value


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


# ---------------------------------------------------------------- reading


def _open_backup(data: bytes, name: str) -> tuple[zipfile.ZipFile, dict]:
    """The backup's archive and manifest; refuses anything that is not our backup."""
    foreign = UnreadableFileError(f"文件「{name}」不是本程序生成的备份文件(或已损坏),未恢复任何数据。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo(MANIFEST)
        if info.file_size > _MAX_MANIFEST_BYTES:
            raise foreign
        manifest = json.loads(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise foreign from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise foreign
    if manifest.get("version") != FORMAT_VERSION:
        raise UsageError(f"备份文件「{name}」的格式版本是 {manifest.get('version')},本程序无法读取,请用生成它的程序版本恢复。")
    return archive, manifest


def _plan(manifest: dict, name: str) -> dict[str, dict]:
    """Check the backup fits this program's schema; the tables to load, in manifest form."""
    revision = manifest.get("revision")
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if revision is not None and revision not in known:
        raise UsageError(f"备份文件「{name}」来自更新版本的程序(数据库版本 {revision}),请先升级本程序后再恢复。")
    tables = {table.name: table for table in metadata.sorted_tables}
    plan = {}
    for table_name, info in manifest["tables"].items():
        table = tables.get(table_name)
        if table is None:
            raise UsageError(f"备份文件「{name}」含有本程序没有的数据表「{table_name}」,请用生成它的程序版本恢复。")
        if (
            not isinstance(info, dict)
            or not isinstance(info.get("columns"), list)
            or not isinstance(info.get("rows"), int)
            or not isinstance(info.get("sha256"), str)
        ):
            raise UnreadableFileError(f"备份文件「{name}」的清单已损坏,未恢复任何数据。")
        unknown = [c for c in info["columns"] if c not in table.c]
        if unknown:
            raise UsageError(
                f"备份文件「{name}」的数据表「{table_name}」含有本程序没有的列 {', '.join(map(str, unknown))},无法恢复。"
            )
        missing = [
            c.name
            for c in table.c
            if c.name not in info["columns"]
            and not c.nullable
            and c.default is None
            and c.server_default is None
            and c is not table.autoincrement_column
        ]
        if missing:
            raise UsageError(f"备份文件「{name}」的数据表「{table_name}」缺少必填的列 {', '.join(missing)},无法恢复。")
        plan[table_name] = info
    return plan


def _is_empty(conn: Connection) -> bool:
    return all(conn.execute(select(func.count()).select_from(table)).scalar_one() == 0 for table in metadata.sorted_tables)


def _load_table(conn: Connection, archive: zipfile.ZipFile, table: Table, info: dict, name: str) -> None:
    """Insert the table's lines; a count or checksum that disagrees undoes everything."""
    damaged = UnreadableFileError(f"备份文件「{name}」中的数据表「{table.name}」已损坏(校验不符),未恢复任何数据。")
    columns = [table.c[c] for c in info["columns"]]
    decoders = [_decoder(column.type) for column in columns]
    digest = hashlib.sha256()
    count = 0
    batch: list[dict] = []
    try:
        with archive.open(f"tables/{table.name}.jsonl") as member:
            for line in member:
                digest.update(line)
                count += 1
                values = json.loads(line)
                if not isinstance(values, list) or len(values) != len(columns):
                    raise damaged
                batch.append({c.name: decode(v) for c, decode, v in zip(columns, decoders, values, strict=True)})
                if len(batch) == _INSERT_ROWS:
                    conn.execute(insert(table), batch)
                    batch = []
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise damaged from exc
    if count != info["rows"] or digest.hexdigest() != info["sha256"]:
        raise damaged
    if batch:
        conn.execute(insert(table), batch)


def _decoder(column_type: Any):
    """JSON value → the column's Python value (None stays None)."""
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(column_type, Integer):
        return lambda v: None if v is None else int(v)
    if isinstance(column_type, Float):
        return lambda v: None if v is None else float(v)
    if isinstance(column_type, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v, validate=True)
    return lambda v: v


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: every serial id continues after the restored rows (SQLite needs
    nothing: its next rowid is always max + 1)."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto" and isinstance(column.type, Integer)):
                if len(table.primary_key.columns) != 1:
                    continue
                conn.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:table, :column), "
                        f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"table": table.name, "column": column.name},
                )
