"""Same results on both stores (issue 7, item 8): the samples and every hostile file,
imported into SQLite and into PostgreSQL, give the same reports and the same metric
records, for every grouping and period."""

from __future__ import annotations

import pytest

from tests.trust.hostile import HOSTILE_FILES
from tests.trust.stores import REPO, all_metrics, assert_same_metrics
from unionstats.importer import import_bytes
from unionstats.store import open_store

SAMPLES = sorted(p for p in (REPO / "data" / "sample").iterdir() if p.suffix in {".xlsx", ".xls", ".csv"})


def outcome(report: dict) -> tuple:
    """What an import did, without what differs by store (batch ids, times)."""
    sheets = tuple((s["sheet"], s["kind"], s["stored"], s["rejected"], s["warned"]) for s in report["sheets"])
    message = report["message"] if report["status"] in ("unreadable", "imported") else None
    return report["file"], report["status"], message, sheets


@pytest.mark.postgres
def test_samples_and_hostile_files_give_the_same_metrics_on_sqlite_and_postgresql(both_stores):
    uploads = [(p.name, p.read_bytes()) for p in SAMPLES]
    uploads += [(h.file_name, h.build()) for h in HOSTILE_FILES.values()]
    outcomes = {}
    for url in both_stores:
        engine = open_store(url)
        outcomes[url] = [outcome(import_bytes(engine, data, name, on_overlap="keep")[0]) for name, data in uploads]
    on_sqlite, on_postgres = (outcomes[url] for url in both_stores)
    assert on_sqlite == on_postgres
    assert sum(o[1] == "imported" for o in on_sqlite) >= len(SAMPLES)
    assert_same_metrics(*(all_metrics(url) for url in both_stores))
