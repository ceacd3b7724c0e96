"""The unit tree as a table (issue 18, item 2): metrics by 上级工会 before and after, in one run.

    python -m bench.unit_tree --db /tmp/city-copy.db            # SQLite (a COPY of the city store)
    python -m bench.unit_tree --db /tmp/city-copy.db --postgres # and the same store in PostgreSQL

Give a copy of ``bench.stores.city_store``'s file: opening it applies revision 0013 in place
(timed: it fills ``unit_parents`` from the facts). "before" is the SQL the metrics sent until now
— each query joined ``store.tree.parent_of``, the ranking of every unit's units, membership and
dues rows — obtained by pointing the metrics at that CTE instead of the table for the
measurement; "after" joins the table. Both run in the same process on the same store, each the
median of ``--repeat`` runs after one warm-up run, interleaved; their records are compared.
Also timed: what a write pays to keep the table (one 街道's 200 units, every unit), rolled back.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.postgres import copy_store, postgres_schema, timed

REPEAT = 3


@contextmanager
def deriving_parents() -> Iterator[None]:
    """The metrics and the catalog read ``parent_of()`` where they read ``schema.unit_parents``:
    the statements of the code before the table (the same CTE, joined the same way)."""
    from unionstats.store import schema
    from unionstats.store.tree import parent_of

    table = schema.unit_parents
    schema.unit_parents = parent_of()
    try:
        yield
    finally:
        schema.unit_parents = table


def readings(engine) -> dict[str, Callable[[], object]]:
    from unionstats.metrics import catalog
    from unionstats.metrics.compute import compute_metrics

    tree = catalog.unit_tree(engine)
    parent = tree["parent"].value_counts().index[0]  # the 上级工会 with the most units
    return {
        "metrics by all": lambda: compute_metrics(engine, by="all"),
        "metrics by parent": lambda: compute_metrics(engine, by="parent"),
        "metrics by unit": lambda: compute_metrics(engine, by="unit"),
        "metrics of one parent (filter)": lambda: compute_metrics(engine, by="all", parents=[parent]),
        "catalog.unit_tree": lambda: catalog.unit_tree(engine),
        "catalog.reporting_status (dues, 2024)": lambda: catalog.reporting_status(engine, "dues", "2024"),
    }


def same_records(engine) -> bool:
    """The records by 上级工会 (and of one 上级工会) are the same before and after."""
    import pandas as pd

    from unionstats.metrics.compute import compute_metrics

    after = compute_metrics(engine, by="parent")
    with deriving_parents():
        before = compute_metrics(engine, by="parent")
    try:
        pd.testing.assert_frame_equal(before, after, rtol=1e-12)
    except AssertionError:
        return False
    return True


def time_readings(engine, repeat: int) -> dict:
    result = {}
    for name, step in readings(engine).items():
        with deriving_parents():
            before = timed(step, repeat)
        after = timed(step, repeat)
        result[name] = {"before": before, "after": after}
        print(f"  {name:40s} before {before:7.3f} s   after {after:7.3f} s", flush=True)
    return result


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
        print(f"  {name:40s} {seconds:7.3f} s", flush=True)
    return result


def measure(url: str, repeat: int) -> dict:
    from unionstats.store import open_store

    engine = open_store(url)
    return {"same_records": same_records(engine), "reads": time_readings(engine, repeat), "upkeep": time_upkeep(engine, repeat)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a COPY of the city store (it is upgraded in place)")
    parser.add_argument("--postgres", action="store_true", help="also copy the store into PostgreSQL and measure there")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    from unionstats.store import close_store, open_store

    url = f"sqlite:///{args.db}"
    started = time.perf_counter()
    open_store(url)  # revision 0013: the table made from the facts
    result: dict = {"upgrade_seconds": round(time.perf_counter() - started, 2)}
    print(f"open (upgrade to the newest revision): {result['upgrade_seconds']} s", flush=True)
    print("SQLite:", flush=True)
    result["sqlite"] = measure(url, args.repeat)
    if args.postgres:
        with postgres_schema() as pg_url:
            result["postgresql_copy"] = copy_store(url, pg_url)
            print(f"PostgreSQL (copy {result['postgresql_copy']}):", flush=True)
            result["postgresql"] = measure(pg_url, args.repeat)
            close_store(pg_url)
    close_store(url)
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k in ("upgrade_seconds",)}, ensure_ascii=False))
    return 0 if all(result[s]["same_records"] for s in ("sqlite", "postgresql") if s in result) else 1


if __name__ == "__main__":
    sys.exit(main())
