"""Fixtures shared by the whole suite: one real SQLite and one real PostgreSQL store.

PostgreSQL is the server of CI (``UNIONSTATS_TEST_PG_URL``, default the local ``test``
database); each test gets a fresh schema, dropped afterwards. When the server cannot be
reached the PostgreSQL tests fail; set ``UNIONSTATS_SKIP_PG=1`` to skip them instead.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.stores import postgres_schema
from unionstats.store import close_store, open_store


@pytest.fixture(autouse=True)
def no_default_store(monkeypatch, tmp_path):
    """No test may touch the user's own store (data/store/unionstats.db): a test that forgets
    --db lands in a throwaway file instead; no server key leaks in."""
    monkeypatch.setenv("UNIONSTATS_DB_URL", f"sqlite:///{tmp_path / 'default-store.db'}")
    monkeypatch.delenv("UNIONSTATS_KEY", raising=False)
    monkeypatch.delenv("UNIONSTATS_SALT", raising=False)


def pytest_configure(config: pytest.Config) -> None:
    # The PostgreSQL stores' key file (store.keys) in a throwaway folder, one for the run (a
    # store a module's tests share keeps its key), not the user's ~/.config/unionstats
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="unionstats-test-config-")
    os.environ.pop("UNIONSTATS_KEY", None)
    os.environ.pop("UNIONSTATS_SALT", None)
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (UNIONSTATS_SKIP_PG=1 skips)")
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against `streamlit run` (tests/browser)")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'unionstats.db'}"
        yield url
        close_store(url)
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def both_stores(tmp_path) -> Iterator[tuple[str, str]]:
    """A SQLite store and a PostgreSQL store, both empty, for comparing the two."""
    sqlite_url = f"sqlite:///{tmp_path / 'both.db'}"
    with postgres_schema() as pg_url:
        yield sqlite_url, pg_url
    close_store(sqlite_url)


@pytest.fixture
def engine(store_url: str) -> Engine:
    """An opened store (schema at the newest revision); closed by ``store_url``."""
    return open_store(store_url)


@pytest.fixture
def cheap_passwords() -> Iterator[None]:
    """argon2 with the least work (1 pass, 8 KiB): sign-in tests stay fast. Never on a server."""
    from argon2 import PasswordHasher

    from unionstats.store.users import use_hasher

    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)
