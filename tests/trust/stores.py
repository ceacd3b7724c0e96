"""What the trust tests observe of a store, and how they run the command line.

``snapshot`` reads a store from outside the code under test (its own engine, no pool,
no ``open_store`` cache): the row count and a sha256 of every table's sorted rows. Two
snapshots are equal exactly when no row was added, removed or changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from unionstats.metrics.compute import compute_metrics, records
from unionstats.store import open_store
from unionstats.store.schema import metadata

REPO = Path(__file__).resolve().parents[2]


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, sha256 of its rows sorted)} for every table of the schema."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            result = {}
            for table in metadata.sorted_tables:
                rows = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
                result[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
            return result
    finally:
        engine.dispose()


def row_counts(url: str) -> dict[str, int]:
    """{table: row count}."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "unionstats", *args]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: this checkout first on the path, no
    default store of the user's."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.update(extra)
    return env


def run_cli(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """``python -m unionstats ARGS`` in a child process; its output as text."""
    return subprocess.run(cli_command(*args), cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=timeout)


def all_metrics(url: str) -> list[list[dict]]:
    engine = open_store(url)
    return [
        records(compute_metrics(engine, by=by, period=period)) for by in ("all", "unit", "parent") for period in ("year", "month")
    ]


def assert_same_metrics(left: list[list[dict]], right: list[list[dict]]) -> None:
    """Equal records; sums may differ in the last bits between databases."""
    for ours, theirs in zip(left, right, strict=True):
        assert len(ours) == len(theirs) > 0
        for a, b in zip(ours, theirs, strict=True):
            figures = ("value", "numerator", "denominator")
            assert {k: v for k, v in a.items() if k not in figures} == {k: v for k, v in b.items() if k not in figures}
            for key in figures:
                assert (a[key] is None and b[key] is None) or a[key] == pytest.approx(b[key], rel=1e-12)
