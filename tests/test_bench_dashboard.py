"""bench/dashboard.py and bench/postgres.py run end to end on the tiny city.

Speed is never asserted (issue 6: a shared machine is noisy); these check that the two
benchmarks measure what they say, clean up after themselves, and that the dashboard and
PostgreSQL agree with SQLite. Each runs as ``python -m bench.<name> --scale tiny`` with the
benchmark cache in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.stores import PG_URL

REPO = Path(__file__).resolve().parent.parent


def run_bench(name: str, out: Path, *args: str) -> dict:
    env = {**os.environ, "UNIONSTATS_BENCH_OUT": str(out / "cache"), "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--scale", "tiny", "--out", str(out), *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.browser
def test_the_dashboard_benchmark_times_the_overview_the_pages_and_the_comparison(tmp_path):
    result = run_bench("dashboard", tmp_path)
    apptest, browser = result["apptest"], result["browser"]
    assert apptest["first_paint"]["cold_seconds"] > 0 and apptest["rerun"]["years_seconds"] > 0
    assert set(apptest["pages"]) == {"membership", "dues", "welfare", "competitions", "compare", "report"}
    assert apptest["compare"]["ranking_rows_shown"] <= 20
    assert browser["first_paint"]["drawn_seconds"] >= browser["first_paint"]["cards_seconds"] > 0
    assert len(browser["rerun"]["runs"]["year"]) == 6
    assert set(result["verdict"]) >= {"first_paint_browser", "rerun_browser"}
    assert Path(result["screenshot"]).exists()  # tiny scale: in --out, not docs/


@pytest.mark.postgres
def test_the_postgres_benchmark_compares_the_same_store_and_drops_its_schema(tmp_path):
    result = run_bench("postgres", tmp_path, "--repeat", "1")
    assert all(grouping["same"] for grouping in result["same_records"].values())
    for store in ("sqlite", "postgresql"):
        assert set(result["metrics"][store]) == {"all", "parent", "unit"}
        assert result["metrics"][store]["all"]["every"] > 0
    admin = create_engine(PG_URL, poolclass=NullPool)
    with admin.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :name"), {"name": result["schema"]})
        assert left.scalar_one() == 0
    admin.dispose()
