"""Open the store: one SQLAlchemy engine per URL, schema upgraded to the newest revision.

The embedded store is a SQLite file, ``data/store/unionstats.db`` (``data/unionstats.db``
where an older version made it there); ``UNIONSTATS_DB_URL`` points the app
at PostgreSQL instead (``postgresql+psycopg://user@host:5432/db``). A PostgreSQL URL may
choose a schema with ``?options=-csearch_path%3Dname``: the tables and Alembic's version
table are then created in that schema.

A SQLite store, its WAL and SHM files are the owner's alone (0600; SQLite makes the WAL and
SHM with the database file's mode), and the default store's folder is 0700 (issue 17).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from unionstats.errors import StoreError
from unionstats.store.private_files import make_private_file, make_private_folder, tighten
from unionstats.store.schema import metadata

REPO_ROOT = Path(__file__).resolve().parents[2]
# The default store has a folder of its own (0700): data/ also holds data/sample/.
DEFAULT_DB_PATH = REPO_ROOT / "data" / "store" / "unionstats.db"
# Where versions before issue 17 made it: still used when it is there.
OLD_DEFAULT_DB_PATH = REPO_ROOT / "data" / "unionstats.db"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

SQLITE_BUSY_TIMEOUT_MS = 30_000  # a second writer waits this long for the first
# Page cache of a connection, at most (grown only as used): the default 2 MB makes inserting
# a 1,000,000-row ledger in date order into the (unit, year) indexes twice as slow.
SQLITE_CACHE_KIB = 64 * 1024
PG_LOCK_TIMEOUT_MS = 30_000  # the same on PostgreSQL (LOCK TABLE would otherwise wait forever)
# A writer that still finds the store busy after the timeout tries again this many
# times in all, pausing between tries, then gives up with a Chinese sentence.
WRITE_ATTEMPTS = 4
WRITE_RETRY_PAUSE_S = 1.0
# PostgreSQL's "try again" errors: serialization failure, deadlock, lock timeout.
_PG_RETRY_STATES = frozenset({"40001", "40P01", "55P03"})
PG_CONNECT_TIMEOUT_S = 10  # a server that does not answer fails within this time
# pg_advisory_xact_lock key: two processes opening a fresh database migrate one at a time
_PG_MIGRATION_LOCK = 7_230_001

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_url() -> str:
    """The store's URL: ``UNIONSTATS_DB_URL`` if set, else the embedded SQLite file
    (``DEFAULT_DB_PATH``, or ``OLD_DEFAULT_DB_PATH`` when only that one exists)."""
    return os.environ.get("UNIONSTATS_DB_URL") or f"sqlite:///{default_db_path()}"


def default_db_path() -> Path:
    """The embedded store's file: the old place when a store is there and none at the new."""
    if OLD_DEFAULT_DB_PATH.exists() and not DEFAULT_DB_PATH.exists():
        return OLD_DEFAULT_DB_PATH
    return DEFAULT_DB_PATH


def open_store(url: str | None = None) -> Engine:
    """The engine for ``url`` (None: ``default_url()``), its schema at the newest revision.

    Engines are cached per URL for the life of the process, so calling this on every
    page view is cheap. Raises ``StoreError`` (one Chinese sentence) when the database
    cannot be reached or upgraded.
    """
    url = url or default_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create_and_upgrade(url)
            _engines[url] = engine
        return engine


def close_store(url: str | None = None) -> None:
    """Close the pooled connections of ``url``'s engine and forget it (a later
    ``open_store`` starts afresh). For tests and for switching databases."""
    with _engines_lock:
        engine = _engines.pop(url or default_url(), None)
    if engine is not None:
        engine.dispose()


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for a change to batches: writers of one store take turns.

    SQLite: ``BEGIN IMMEDIATE`` takes the write lock before the first read, so two
    imports of the same file cannot both pass the duplicate check. PostgreSQL: the
    ``batches`` table is locked against other writers (readers are not blocked).

    A writer waits for the lock (``SQLITE_BUSY_TIMEOUT_MS`` / ``PG_LOCK_TIMEOUT_MS``),
    tries ``WRITE_ATTEMPTS`` times in all, then raises ``StoreError``: "database is
    locked" never reaches the user. Once the lock is held nothing else can lock the
    writer out, so only taking it is retried.
    """
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        conn = engine.connect()
        try:
            conn.execution_options(unionstats_immediate=True)
            transaction = conn.begin()
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"SET LOCAL lock_timeout = {int(PG_LOCK_TIMEOUT_MS)}"))
                conn.execute(text("LOCK TABLE batches IN EXCLUSIVE MODE"))
        except BaseException as exc:
            conn.close()
            if not is_busy_error(exc):
                raise
            if attempt == WRITE_ATTEMPTS:
                raise StoreError(
                    "数据库正忙(其他人正在导入或撤销),多次等待后仍未轮到,本次操作没有写入任何数据,请稍后再试。"
                ) from exc
            time.sleep(WRITE_RETRY_PAUSE_S * attempt)
            continue
        with conn, transaction:
            yield conn
        return


def is_busy_error(exc: BaseException) -> bool:
    """True for a database's "busy, try again" error: SQLite's "database is locked",
    PostgreSQL's lock timeout, deadlock or serialization failure."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _PG_RETRY_STATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


def _create_and_upgrade(url: str) -> Engine:
    shown = url
    try:
        parsed = make_url(url)
        shown = parsed.render_as_string(hide_password=True)
        engine = _create_engine(parsed)
        try:
            _upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    except (SQLAlchemyError, OSError, ImportError, ValueError) as exc:
        raise StoreError(f"无法连接数据库「{shown}」:{describe_error(exc)}。请检查 UNIONSTATS_DB_URL。") from exc
    return engine


def _create_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            _prepare_sqlite_file(Path(url.database).expanduser())
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    connect_args = {}
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _prepare_sqlite_file(path: Path) -> None:
    """The store's file exists, 0600, before SQLite opens it (SQLite would make it 0644, and
    its WAL and SHM take the database file's mode); the default store's folder is 0700."""
    # a folder the user named keeps its mode unless made here
    make_private_folder(path.parent, only_if_new=path.resolve() != DEFAULT_DB_PATH)
    if not path.exists():
        make_private_file(path)
    for suffix in ("", *SQLITE_SIDE_FILES):
        tighten(f"{path}{suffix}")  # made by an older version, or by SQLite itself: 0644


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # sqlite3's own transaction handling begins only before DML, so a SELECT before
        # the first INSERT would run outside the transaction; we emit BEGIN ourselves
        # (the recipe of SQLAlchemy's SQLite docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # First: switching a new file to WAL needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("unionstats_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _upgrade(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision, in one transaction.

    A store already at the newest revision is only read: opening it must not wait
    for the write lock an import may hold for a while.
    """
    if _current_revision(engine) == _head_revision():
        return
    with engine.connect() as conn:
        conn.execution_options(unionstats_immediate=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            if not inspect(conn).get_table_names():
                _create_new(conn)
                return
            # heavy: only here, so a store at the newest revision never loads Alembic
            from alembic import command
            from alembic.util import CommandError

            try:
                command.upgrade(alembic_config(conn), "head")
            except CommandError as exc:
                raise ValueError(str(exc)) from exc


def _create_new(conn: Connection) -> None:
    """A new, empty store: the tables of ``schema.py`` at once, stamped with the newest
    revision — what the migrations build one by one (``tests/store/test_engine.py``
    checks both against ``schema.py``), without loading Alembic for it."""
    metadata.create_all(conn)
    conn.execute(
        text(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
    )
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:revision)"), {"revision": _head_revision()})


def _current_revision(engine: Engine) -> str | None:
    """The store's Alembic revision, or None for a new (or unreadable) store."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


_REVISION_LINE = re.compile(r"^revision(?:: *str)? *= *[\"']([^\"']+)[\"']", re.MULTILINE)


def _head_revision() -> str | None:
    """The newest migration's revision, read from the files' ``revision = "NNNN"`` lines.

    Not through Alembic: importing it costs the app and every command a fifth of a
    second, and a store already at the newest revision needs nothing else from it. The
    migrations form one chain numbered in order (``tests/store/test_engine.py`` checks
    this equals Alembic's own head).
    """
    revisions = [
        match.group(1)
        for path in (MIGRATIONS_DIR / "versions").glob("*.py")
        if (match := _REVISION_LINE.search(path.read_text(encoding="utf-8")))
    ]
    return max(revisions) if revisions else None


def alembic_config(connection: Connection | None = None):
    """Alembic's configuration for the package's migrations (no alembic.ini needed).

    With ``connection`` the migrations run on it (inside its transaction); without,
    ``migrations/env.py`` opens ``default_url()``.
    """
    from alembic.config import Config  # heavy: loaded only to migrate or back up, never to open a current store

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def describe_error(exc: BaseException) -> str:
    """The driver's own first line of an error, without SQLAlchemy's SQL and links; a
    busy store in Chinese ("database is locked" never reaches the user)."""
    if is_busy_error(exc):
        return "数据库正忙,其他人正在写入,等待超时,请稍后再试"
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    return (lines[0] if lines else type(orig).__name__).rstrip("。.")


@contextmanager
def reading(engine: Engine, what: str = "数据库") -> Iterator[Connection]:
    """A connection for reads; a database error becomes ``StoreError`` saying that ``what``
    (数据库, 用户信息 …) could not be read."""
    try:
        with engine.connect() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"无法读取{what}:{describe_error(exc)}。请检查数据库是否可用。") from exc


def refusal_reason(exc: SQLAlchemyError) -> str:
    """Why the database refused a write, as the middle of a Chinese sentence."""
    reason = describe_error(exc)
    if "NOT NULL" in reason.upper() or "not-null" in reason:
        return f"有必填的列为空({reason})"
    return f"数据库拒绝了写入({reason})"


def local_now() -> datetime:
    """The local time to the second, as the store keeps it (batches, settings, audit)."""
    return datetime.now().replace(microsecond=0)
