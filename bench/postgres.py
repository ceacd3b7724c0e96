"""The metrics on PostgreSQL next to SQLite, on the same city (issue 6, item 5).

    python -m bench.postgres                   # the city: 10,000 units, 50 上级工会, 5 years
    python -m bench.postgres --scale tiny      # seconds: checks that it runs

The city's SQLite store (``bench.stores.city_store``) is copied into a schema of its own
in PostgreSQL's ``test`` database (``UNIONSTATS_TEST_PG_URL``, default the local server)
with the store's own backup and restore, so both hold the very same rows; the schema is
dropped afterwards. PostgreSQL's statistics are gathered first (``VACUUM ANALYZE``, what
autovacuum does by itself after an import of this size). Then, on both, each metric
family (``compute_metrics(only=…)``) and all of them by all units, by 上级工会 and by unit,
and what the dashboard asks besides (one year by unit, one 上级工会's units, the unit tree,
报送情况) — the median of ``--repeat`` runs after one run that warms the caches. The
records of both stores are compared, and PostgreSQL's plans say which indexes it chose.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.scales import BENCH_SCALES
from bench.stores import city_store

PG_URL = os.environ.get("UNIONSTATS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GROUPINGS = ("all", "parent", "unit")
REPEAT = 3


def families() -> dict[str, tuple[str, ...]]:
    """Area → the metric ids of its query (the families of ``unionstats.metrics.compute``)."""
    from unionstats.rules.metrics import METRICS

    areas: dict[str, list[str]] = {}
    for metric in METRICS:
        area = "welfare_per_member" if metric.id == "welfare_per_member" else metric.kind
        areas.setdefault(area, []).append(metric.id)
    return {area: tuple(ids) for area, ids in areas.items()}


def run(scale: str = "city", out_dir: Path | None = None, *, repeat: int = REPEAT) -> dict:
    """Time the metrics on ``scale``'s city in SQLite and in PostgreSQL, side by side."""
    from sqlalchemy.engine import make_url

    from unionstats.store import open_store

    city = BENCH_SCALES[scale].city
    sqlite_url = f"sqlite:///{city_store(city)}"
    result: dict = {"scale": city.key, "units": city.units, "repeat": repeat, "statistic": "median seconds after one warm-up run"}
    with postgres_schema() as pg_url:
        result["schema"] = make_url(pg_url).query["options"].split("=", 1)[1]  # dropped afterwards
        result["copy"] = copy_store(sqlite_url, pg_url)
        stores = {"sqlite": open_store(sqlite_url), "postgresql": open_store(pg_url)}
        result["postgresql_version"] = _server_version(stores["postgresql"])
        result["same_records"] = same_records(stores["sqlite"], stores["postgresql"])
        result["metrics"] = {name: time_metrics(engine, repeat) for name, engine in stores.items()}
        result["dashboard"] = {name: time_dashboard_reads(engine, repeat) for name, engine in stores.items()}
        result["postgresql_plans"] = postgres_indexes(stores["postgresql"])
        _close(pg_url)
    return result


# --- the store in PostgreSQL -------------------------------------------------------------


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema in PostgreSQL's test database, as a store URL; dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _close(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def copy_store(sqlite_url: str, pg_url: str) -> dict:
    """The SQLite store's rows into PostgreSQL (backup, restore), then VACUUM ANALYZE; seconds of each."""
    from sqlalchemy import text

    from unionstats.store import open_store
    from unionstats.store.backup import backup, restore

    with tempfile.TemporaryDirectory(prefix="bench-postgres-") as scratch:
        archive = Path(scratch) / "city.zip"
        started = time.perf_counter()
        backup(open_store(sqlite_url), archive)
        backed_up = time.perf_counter() - started
        started = time.perf_counter()
        summary = restore(open_store(pg_url), archive)
        restored = time.perf_counter() - started
    engine = open_store(pg_url)
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    analysed = time.perf_counter() - started
    return {
        "backup_seconds": round(backed_up, 2),
        "restore_seconds": round(restored, 2),
        "vacuum_analyze_seconds": round(analysed, 2),
        "rows": summary.total_rows,
    }


# --- timings -----------------------------------------------------------------------------


def timed(step: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs of ``step`` after one run that warms the caches."""
    step()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        runs.append(time.perf_counter() - started)
    return round(statistics.median(runs), 4)


def time_metrics(engine, repeat: int) -> dict:
    """{by: {area: seconds, "every": seconds}}: each family's query alone, then all of them."""
    from unionstats.metrics.compute import compute_metrics

    out = {}
    for by in GROUPINGS:
        row = {
            area: timed(lambda ids=ids, by=by: compute_metrics(engine, by=by, only=ids), repeat)
            for area, ids in families().items()
        }
        row["every"] = timed(lambda by=by: compute_metrics(engine, by=by), repeat)
        out[by] = row
    return out


def time_dashboard_reads(engine, repeat: int) -> dict:
    """What the pages ask besides: the sidebar's lists, one year by unit, one 上级工会's units, 报送情况."""
    from unionstats.metrics.catalog import fund_types, reporting_status, unit_tree, years
    from unionstats.metrics.compute import compute_metrics

    last = years(engine)[-1]
    tree = unit_tree(engine)
    parent = sorted(tree["parent"].unique())[0]
    units = tree.loc[tree["parent"] == parent, "unit"].tolist()
    return {
        "years": timed(lambda: years(engine), repeat),
        "unit_tree": timed(lambda: unit_tree(engine), repeat),
        "fund_types": timed(lambda: fund_types(engine), repeat),
        "all_years_by_all": timed(lambda: compute_metrics(engine), repeat),
        "one_year_by_unit": timed(lambda: compute_metrics(engine, by="unit", years=(last, last)), repeat),
        "one_parent_by_units": timed(lambda: compute_metrics(engine, units=units), repeat),
        "one_parent_by_parent": timed(lambda: compute_metrics(engine, parents=[parent]), repeat),
        "reporting_status": timed(lambda: reporting_status(engine, "dues", f"{last}-05"), repeat),
        "units_of_the_parent": len(units),
    }


def same_records(sqlite_engine, pg_engine) -> dict:
    """compute_metrics on both stores, by all, 上级工会 and unit: the same records (sums to 1e-9)."""
    from unionstats.metrics.compute import compute_metrics, records

    out = {}
    for by in GROUPINGS:
        left = records(compute_metrics(sqlite_engine, by=by))
        right = records(compute_metrics(pg_engine, by=by))
        same = len(left) == len(right) and all(_same_record(a, b) for a, b in zip(left, right, strict=True))
        out[by] = {"records": len(left), "same": same}
    return out


def _same_record(a: dict, b: dict) -> bool:
    figures = ("value", "numerator", "denominator")
    if {k: v for k, v in a.items() if k not in figures} != {k: v for k, v in b.items() if k not in figures}:
        return False
    return all(
        (a[k] is None and b[k] is None)
        or (a[k] is not None and b[k] is not None and abs(a[k] - b[k]) <= 1e-9 * max(1.0, abs(a[k])))
        for k in figures
    )


def postgres_indexes(engine) -> dict:
    """Per grouping and family: the indexes PostgreSQL's own plan (EXPLAIN) reads."""
    import re

    from sqlalchemy import event

    from unionstats.metrics.compute import compute_metrics

    found: dict = {}
    for by in GROUPINGS:
        for area, ids in families().items():
            caught: list = []

            def note(conn, cursor, statement, parameters, context, executemany, caught=caught) -> None:
                caught.append((statement, parameters))

            event.listen(engine, "before_cursor_execute", note)
            try:
                compute_metrics(engine, by=by, only=ids)
            finally:
                event.remove(engine, "before_cursor_execute", note)
            plans = []
            with engine.connect() as conn:
                for statement, parameters in caught:
                    plans += [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
            plan = "\n".join(plans)
            found.setdefault(by, {})[area] = sorted(set(re.findall(r"(?:Index|Index Only) Scan (?:Backward )?using (\w+)", plan)))
    return found


def _server_version(engine) -> str:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SHOW server_version")).scalar_one()


def _close(url: str) -> None:
    from unionstats.store import close_store

    close_store(url)


def table(result: dict) -> str:
    """SQLite and PostgreSQL side by side, seconds per area and grouping."""
    lines = [
        f"单位 {result['units']:,} · PostgreSQL {result['postgresql_version']} · 复制 {result['copy']['restore_seconds']:.0f} s"
    ]
    lines.append(f"{'':20s}" + "".join(f"{by:>20s}" for by in GROUPINGS))
    lines.append(f"{'':20s}" + "".join(f"{'SQLite / PG':>20s}" for _ in GROUPINGS))
    sqlite, pg = result["metrics"]["sqlite"], result["metrics"]["postgresql"]
    for area in [*families(), "every"]:
        cells = "".join(f"{sqlite[by][area]:>11.2f} / {pg[by][area]:<6.2f}" for by in GROUPINGS)
        lines.append(f"{area:20s}{cells}")
    for name in result["dashboard"]["sqlite"]:
        if name != "units_of_the_parent":
            lines.append(
                f"{name:20s}{result['dashboard']['sqlite'][name]:>11.2f} / {result['dashboard']['postgresql'][name]:<6.2f}"
            )
    lines.append(f"same records: {result['same_records']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.postgres", description="指标在 PostgreSQL 与 SQLite 上的用时")
    parser.add_argument("--scale", choices=sorted(BENCH_SCALES), default="city")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--out", type=Path, help="结果 JSON 写到此目录(默认只打印)")
    args = parser.parse_args(argv)
    result = run(args.scale, args.out, repeat=args.repeat)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "postgres.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
