"""unionstats.store.engine: opening the store, migrations, connection errors."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, inspect, text

from unionstats.errors import StoreError
from unionstats.store import DEFAULT_DB_PATH, close_store, default_url, open_store
from unionstats.store.engine import REPO_ROOT, alembic_config
from unionstats.store.schema import metadata


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_open_store_creates_every_table_and_stamps_the_head(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) | {"alembic_version"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_the_migrated_database_matches_schema_py(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_the_comparison_would_see_a_difference(engine):
    # guards the test above: a column missing from the database is reported
    changed = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["settings"].append_column(Column("extra_column", Integer))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, changed) != []


def test_opening_again_is_cheap_and_closing_starts_afresh(store_url):
    first = open_store(store_url)
    assert open_store(store_url) is first  # cached per URL
    close_store(store_url)
    second = open_store(store_url)  # already at the head: nothing to migrate
    assert second is not first
    with second.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


@pytest.mark.postgres
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_postgres_tables_and_version_table_land_in_the_url_schema(engine):
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        found = conn.execute(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
            {"s": schema},
        ).scalars()
        assert set(found) == set(metadata.tables) | {"alembic_version"}
    assert schema.startswith("t_")


def test_postgres_fixture_is_selected_by_marker(request, store_url):
    # the marker lets `-m "not postgres"` leave PostgreSQL out
    marked = request.node.get_closest_marker("postgres") is not None
    assert marked == store_url.startswith("postgresql")


def test_sqlite_store_uses_wal_and_foreign_keys(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'new' / 'folder' / 'store.db'}")
    assert (tmp_path / "new" / "folder" / "store.db").exists()  # folder created on first use
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    close_store(f"sqlite:///{tmp_path / 'new' / 'folder' / 'store.db'}")


def test_default_url_is_the_embedded_file_unless_the_environment_says(monkeypatch):
    monkeypatch.delenv("UNIONSTATS_DB_URL", raising=False)
    assert DEFAULT_DB_PATH == REPO_ROOT / "data" / "store" / "unionstats.db"  # a 0700 folder of its own
    assert (REPO_ROOT / "unionstats").is_dir()
    assert default_url() in (f"sqlite:///{DEFAULT_DB_PATH}", f"sqlite:///{REPO_ROOT / 'data' / 'unionstats.db'}")
    monkeypatch.setenv("UNIONSTATS_DB_URL", "postgresql+psycopg://u@db/x")
    assert default_url() == "postgresql+psycopg://u@db/x"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres@127.0.0.1:1/x",  # nothing listens there
        "nosuchdb://somewhere/x",  # no such dialect
        "not a url",
    ],
)
def test_unreachable_or_wrong_url_is_a_store_error_in_chinese(url):
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = caught.value.message
    assert message.startswith("无法连接数据库")
    assert "UNIONSTATS_DB_URL" in message
    assert message.endswith("。")
    assert "Traceback" not in message and "sqlalche.me" not in message


def test_a_password_is_not_shown_in_the_error():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://postgres:secret@127.0.0.1:1/x")
    assert "secret" not in caught.value.message


def test_the_head_read_from_the_files_is_alembics_own_head():
    """open_store reads the newest revision without importing Alembic; it must agree."""
    from unionstats.store.engine import _head_revision

    assert _head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_opening_a_current_store_does_not_load_alembic(tmp_path):
    """A store at the newest revision is opened without Alembic (it costs every command
    and the app's first paint a fifth of a second)."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'u.db'}"
    open_store(url)
    close_store(url)
    code = f"import sys; from unionstats.store import open_store; open_store({url!r}); print('alembic' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
    assert result.stdout.strip() == "False"


def test_the_migrations_build_what_schema_py_describes(store_url):
    """A new store is made from schema.py at once (no Alembic); an existing one is
    upgraded by the migrations. Both must give the same tables and indexes: here the
    migrations run one by one on an empty database and are compared with schema.py."""
    from alembic import command
    from sqlalchemy import create_engine

    raw = create_engine(store_url)
    try:
        with raw.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with raw.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    finally:
        raw.dispose()


def test_a_new_store_has_the_indexes_of_schema_py(engine):
    expected = {index.name for table in metadata.tables.values() for index in table.indexes}
    found = {index["name"] for name in inspect(engine).get_table_names() for index in inspect(engine).get_indexes(name)}
    assert expected <= found
