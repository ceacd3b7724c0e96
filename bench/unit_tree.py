"""The unit tree as a table (issue 18, item 2): metrics by 上级工会 before and after, in one run.

    python -m bench.unit_tree --db /tmp/city-copy.db            # SQLite (a COPY of the city store)
    python -m bench.unit_tree --db /tmp/city-copy.db --postgres # and the same store in PostgreSQL

Give a copy of ``bench.stores.city_store``'s file: opening it applies revision 0013 in place
(timed: it fills ``unit_parents`` from the facts). "before" is ``unionstats.metrics.compute`` and
``catalog`` as they were at ``--before`` (the commit before the table; read with git and loaded
beside today's): each query by 上级工会 joined ``store.tree.parent_of``, the ranking of every
unit's units, membership and dues rows; "after" is today's. Both run in the same process on the
same store, each the median of ``--repeat`` runs after one warm-up run, interleaved; their
records are compared first. Wall and CPU time (this process's: on SQLite the query's own work,
steadier than wall time on a shared machine).
Also timed: what a write pays to keep the table (one 街道's 200 units, every unit), rolled back.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from bench.postgres import copy_store, postgres_schema

REPEAT = 3
ROOT = Path(__file__).resolve().parent.parent


# The commit before the unit tree became a table (issue 18): its metrics and catalog are "before".
BEFORE_COMMIT = "5d743c6"


def module_at(commit: str, path: str, name: str) -> ModuleType:
    """The module ``path`` as it was at ``commit`` (read with git), loaded under ``name`` beside
    today's: the same store, the same process, the other code."""
    source = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    module = ModuleType(name)
    module.__file__ = f"{path}@{commit}"
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def readings(engine, compute, catalog) -> dict[str, Callable[[], object]]:
    tree = catalog.unit_tree(engine)
    parent = tree["parent"].value_counts().index[0]  # the 上级工会 with the most units
    return {
        "metrics by all": lambda: compute.compute_metrics(engine, by="all"),
        "metrics by parent": lambda: compute.compute_metrics(engine, by="parent"),
        "metrics by unit": lambda: compute.compute_metrics(engine, by="unit"),
        "metrics of one parent (filter)": lambda: compute.compute_metrics(engine, by="all", parents=[parent]),
        "catalog.unit_tree": lambda: catalog.unit_tree(engine),
        "catalog.reporting_status (dues, 2024)": lambda: catalog.reporting_status(engine, "dues", "2024"),
    }


def timed(step: Callable[[], object], repeat: int) -> dict:
    """Median wall and CPU seconds (this process: SQLite's work, not PostgreSQL's) of ``repeat``
    runs after one warm-up run."""
    step()
    wall, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        step()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return {"wall": round(statistics.median(wall), 3), "cpu": round(statistics.median(cpu), 3)}


def time_readings(engine, repeat: int, commit: str) -> tuple[dict, bool]:
    """Every reading before and after, interleaved; and whether the records are the same."""
    import pandas as pd

    from unionstats.metrics import catalog, compute

    before = (
        module_at(commit, "unionstats/metrics/compute.py", "compute_before"),
        module_at(commit, "unionstats/metrics/catalog.py", "catalog_before"),
    )
    same = True
    for by in ("parent", "all", "unit"):
        try:
            pd.testing.assert_frame_equal(
                before[0].compute_metrics(engine, by=by), compute.compute_metrics(engine, by=by), rtol=1e-12
            )
        except AssertionError as exc:
            print(f"  by {by}: the records differ: {str(exc)[:300]}", flush=True)
            same = False
    old, new = readings(engine, *before), readings(engine, compute, catalog)
    result = {}
    for name in new:
        result[name] = {"before": timed(old[name], repeat), "after": timed(new[name], repeat)}
        b, a = result[name]["before"], result[name]["after"]
        print(
            f"  {name:40s} before {b['wall']:7.3f} s (cpu {b['cpu']:6.3f})   after {a['wall']:7.3f} s (cpu {a['cpu']:6.3f})",
            flush=True,
        )
    return result, same


def time_upkeep(engine, repeat: int) -> dict:
    """Seconds to recompute the table for one 上级工会's units and for every unit (rolled back)."""
    from sqlalchemy import select

    from unionstats.store import schema
    from unionstats.store.tree import rebuild_unit_parents, refresh_unit_parents

    tree = schema.unit_parents
    with engine.connect() as conn:
        rows = conn.execute(select(tree.c.unit, tree.c.parent)).all()
    parent = max({p for _, p in rows if p}, key=lambda p: sum(q == p for _, q in rows))
    some = [u for u, p in rows if p == parent]
    every = [u for u, _ in rows]

    def rolled_back(write: Callable) -> Callable[[], None]:
        def step() -> None:
            with engine.connect() as conn, conn.begin() as transaction:
                write(conn)
                transaction.rollback()

        return step

    result = {
        f"refresh {len(some)} units": timed(rolled_back(lambda c: refresh_unit_parents(c, some)), repeat),
        f"refresh {len(every)} units": timed(rolled_back(lambda c: refresh_unit_parents(c, every)), repeat),
        "rebuild": timed(rolled_back(rebuild_unit_parents), repeat),
    }
    for name, seconds in result.items():
        print(f"  {name:40s} {seconds['wall']:7.3f} s (cpu {seconds['cpu']:6.3f})", flush=True)
    return result


def measure(url: str, repeat: int, commit: str) -> dict:
    from unionstats.store import open_store

    engine = open_store(url)
    reads, same = time_readings(engine, repeat, commit)
    return {"same_records": same, "reads": reads, "upkeep": time_upkeep(engine, repeat)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a COPY of the city store (it is upgraded in place)")
    parser.add_argument("--postgres", action="store_true", help="also copy the store into PostgreSQL and measure there")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--before", default=BEFORE_COMMIT, help="the commit whose metrics and catalog are 'before'")
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    from unionstats.store import close_store, open_store

    url = f"sqlite:///{args.db}"
    started = time.perf_counter()
    open_store(url)  # revision 0013: the table made from the facts
    result: dict = {"upgrade_seconds": round(time.perf_counter() - started, 2)}
    print(f"open (upgrade to the newest revision): {result['upgrade_seconds']} s", flush=True)
    if not args.skip_sqlite:
        print("SQLite:", flush=True)
        result["sqlite"] = measure(url, args.repeat, args.before)
    if args.postgres:
        with postgres_schema() as pg_url:
            result["postgresql_copy"] = copy_store(url, pg_url)
            print(f"PostgreSQL (copy {result['postgresql_copy']}):", flush=True)
            result["postgresql"] = measure(pg_url, args.repeat, args.before)
            close_store(pg_url)
    close_store(url)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k in ("upgrade_seconds",)}, ensure_ascii=False))
    return 0 if all(result[s]["same_records"] for s in ("sqlite", "postgresql") if s in result) else 1


if __name__ == "__main__":
    sys.exit(main())
