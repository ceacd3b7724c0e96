"""Crash safety (issue 7, item 2; contract §2 "an import is one transaction"): an import
killed with SIGKILL at any moment leaves the store exactly as it was, on SQLite (WAL)
and on PostgreSQL, and the same file then imports in full."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.trust.hostile import welfare_ledger
from tests.trust.stores import REPO, child_env, cli_command, run_cli, snapshot

BIG_ROWS = 150_000  # a few seconds of parsing and inserting (since issue 6 a 100,000-row import takes ~5 s): room to be killed in

# Where the import is killed: after a delay (start-up, reading, parsing), or at a marker
# the child drops (first fact row sent; all rows sent, just before COMMIT).
KILL_POINTS = [0.2, 0.5, 1.0, 2.0, "inserting", "committing"]


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "2023年帮扶慰问大台账.xlsx"
    path.write_bytes(welfare_ledger(BIG_ROWS))
    return path


@pytest.fixture
def seeded_store(store_url: str) -> str:
    """A store holding a few sample batches, so "as before" is not merely "empty"."""
    samples = sorted((REPO / "data" / "sample").glob("*.xlsx"))[:2]
    result = run_cli("import", *map(str, samples), "--db", store_url, "--on-overlap", "keep")
    assert result.returncode == 0, result.stderr
    return store_url


def kill_during_import(url: str, path: Path, point: float | str, markers: Path) -> int:
    """Start an import, SIGKILL it at ``point``; the child's exit code (-9)."""
    if isinstance(point, float):
        command = cli_command("import", str(path), "--db", url)
    else:
        command = [*cli_command("import", str(path), "--db", url)]
        command[1:3] = ["-m", "tests.trust.crash_child"]
    markers.mkdir(exist_ok=True)
    child = subprocess.Popen(
        command,
        cwd=REPO,
        env=child_env(UNIONSTATS_TEST_MARKERS=str(markers)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        if isinstance(point, float):
            time.sleep(point)
        else:
            deadline = time.monotonic() + 180
            while not (markers / point).exists():
                assert child.poll() is None, f"the import ended before reaching {point}: {child.stderr.read().decode()}"
                assert time.monotonic() < deadline, f"the import never reached {point}"
                time.sleep(0.02)
        assert child.poll() is None, "the import finished before it could be killed: make BIG_ROWS larger"
        child.kill()
        return child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()


def test_an_import_killed_at_any_point_leaves_the_store_as_it_was(seeded_store, big_file, tmp_path):
    before = snapshot(seeded_store)
    for number, point in enumerate(KILL_POINTS):
        assert kill_during_import(seeded_store, big_file, point, tmp_path / f"markers{number}") == -9
        assert snapshot(seeded_store) == before, f"killed at {point}, the store changed"
    # None of the killed tries left a batch behind, so this is no duplicate: it imports in full.
    result = run_cli("import", str(big_file), "--db", seeded_store)
    assert result.returncode == 0, result.stderr
    after = snapshot(seeded_store)
    assert after["welfare"][0] == before["welfare"][0] + BIG_ROWS
    assert after["batches"][0] == before["batches"][0] + 1
