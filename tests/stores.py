"""The PostgreSQL side of the store tests: the server (``UNIONSTATS_TEST_PG_URL``, default the
local ``test`` database) and a fresh schema per test, dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from unionstats.store import close_store

PG_URL = os.environ.get("UNIONSTATS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema, as a store URL; dropped afterwards."""
    if os.environ.get("UNIONSTATS_SKIP_PG") == "1":
        pytest.skip("UNIONSTATS_SKIP_PG=1")
    schema = f"t_{uuid.uuid4().hex}"
    admin = create_engine(PG_URL, poolclass=NullPool)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        pytest.fail(f"PostgreSQL at {PG_URL} is not reachable ({exc.orig}); start it or set UNIONSTATS_SKIP_PG=1")
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        close_store(url)  # pooled connections of this schema, also those opened by the code under test
        with admin.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
