"""unionstats.metrics.compute as SQL: plain GROUP BY aggregates, the same statements on SQLite and
PostgreSQL, the indexes they use, and the two properties the dashboard's caches rely on.

The metric figures themselves are tested in tests/metrics/test_compute.py; here the sample store
(``data/sample`` through the normal importer) is read on both databases and the SQL that
``compute_metrics`` sends is caught on its way to the driver.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pandas as pd
import pytest
from sqlalchemy import event, text

from tests.stores import postgres_schema
from unionstats.importer import import_sample
from unionstats.metrics.compute import compute_metrics
from unionstats.rules.metrics import METRICS
from unionstats.store import close_store, open_store

# What the statements may call: sums, counts, the newest period, the 上级工会 ranking.
AGGREGATE_CALLS = {"sum", "count", "max", "coalesce", "row_number", "cast"}
# Options the dashboard and the command line ask for.
ASKED = [
    {"by": "all"},
    {"by": "unit", "period": "month"},
    {"by": "parent", "years": ("2023", "2024")},
    {"by": "all", "parents": ["东城街道总工会"], "fund_type": "会费"},
    {"by": "unit", "units": ["华新机械有限公司工会"]},
]


@pytest.fixture(scope="module")
def sqlite_sample(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sql') / 'sample.db'}"
    import_sample(open_store(url))
    yield url
    close_store(url)


@pytest.fixture(scope="module")
def postgres_sample() -> str:
    with postgres_schema() as url:
        import_sample(open_store(url))
        yield url


@contextmanager
def caught(engine):
    """The (statement, parameters) the driver is given inside the block."""
    seen: list[tuple[str, object]] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's own BEGIN (unionstats.store.engine)
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements(url: str, **options) -> list[tuple[str, object]]:
    engine = open_store(url)
    with caught(engine) as seen:
        compute_metrics(engine, **options)
    return seen


def shape(statement: str) -> str:
    """A statement with what only the driver or dialect writes differently made alike:
    placeholders (? / %(name)s::VARCHAR), booleans (IS 1 / IS true), quoting, PostgreSQL's
    MATERIALIZED (computed once per statement there; SQLite does so by itself)."""
    statement = " ".join(statement.split())
    statement = re.sub(r"(%\([^)]+\)s|\?)(::[A-Z]+)?", "?", statement)
    statement = statement.replace(" IS 1", " IS true").replace(" IS 0", " IS false")
    return statement.replace("AS MATERIALIZED (", "AS (").replace('"', "")


# --- one statement shape on both databases --------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("options", ASKED, ids=lambda o: "-".join(str(v) for v in o.values()))
def test_the_same_statements_run_on_sqlite_and_postgresql(sqlite_sample, postgres_sample, options):
    on_sqlite = [shape(s) for s, _ in statements(sqlite_sample, **options)]
    on_postgres = [shape(s) for s, _ in statements(postgres_sample, **options)]
    assert on_sqlite == on_postgres
    assert len(on_sqlite) in (7, 8, 9)  # one per metric family (no 人均慰问金 by month; activities §3.8, 会员构成 §3.7)


@pytest.mark.parametrize("options", ASKED, ids=lambda o: "-".join(str(v) for v in o.values()))
def test_every_statement_is_a_group_by_of_sums_and_counts(sqlite_sample, options):
    for statement, _ in statements(sqlite_sample, **options):
        assert statement.lstrip().upper().startswith(("SELECT", "WITH"))
        assert "GROUP BY" in statement
        calls = {name.lower() for name in re.findall(r"\b([A-Za-z_]+)\(", statement)}
        assert calls <= AGGREGATE_CALLS, calls - AGGREGATE_CALLS


def test_python_receives_grouped_sums_never_the_rows(sqlite_sample):
    """By all units a statement returns one row per period, category and branch, however
    many rows are stored: the database adds up, Python divides."""
    engine = open_store(sqlite_sample)
    with engine.connect() as conn:
        stored = sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("welfare", "dues", "membership"))
        returned = sum(len(conn.exec_driver_sql(s, p).fetchall()) for s, p in statements(sqlite_sample, by="all"))
    assert returned < stored / 10


# --- what the dashboard's caches rely on ----------------------------------------------------


def cut(table: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    year = table["period"].str[:4]
    return table[(year >= first) & (year <= last)].reset_index(drop=True)


def assert_same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    """The same records; sums equal up to the order of addition."""
    figures = ["value", "numerator", "denominator"]
    pd.testing.assert_frame_equal(left.drop(columns=figures), right.drop(columns=figures))
    pd.testing.assert_frame_equal(left[figures], right[figures], rtol=1e-12, atol=0)


@pytest.mark.parametrize("by", ["all", "parent", "unit"])
@pytest.mark.parametrize("period", ["year", "month"])
def test_a_year_range_is_the_whole_table_cut_to_those_years(sqlite_sample, by, period):
    """A year's figures come from that year's rows only: views.common caches the table over
    every year and cuts it to the sidebar's range."""
    engine = open_store(sqlite_sample)
    whole = compute_metrics(engine, by=by, period=period)
    for first, last in [("2019", "2024"), ("2021", "2022"), ("2024", "2024"), ("2025", "2026")]:
        assert_same(compute_metrics(engine, by=by, period=period, years=(first, last)), cut(whole, first, last))


@pytest.mark.parametrize("by", ["all", "parent", "unit"])
def test_a_parent_is_the_same_as_its_units(sqlite_sample, by):
    """views.common asks for a 上级工会's units by name (an index lookup) instead of the 上级工会."""
    from unionstats.metrics.catalog import unit_tree

    engine = open_store(sqlite_sample)
    tree = unit_tree(engine)
    for parents in (["东城街道总工会"], ["西城街道总工会", "南湖街道总工会"]):
        units = tree.loc[tree["parent"].isin(parents), "unit"].tolist()
        assert_same(compute_metrics(engine, by=by, parents=parents), compute_metrics(engine, by=by, units=units))


@pytest.mark.parametrize("by", ["all", "unit", "parent"])
def test_only_gives_those_records_of_the_whole_table(sqlite_sample, by):
    engine = open_store(sqlite_sample)
    whole = compute_metrics(engine, by=by, years=("2022", "2024"))
    for wanted in (["membership_rate"], ["dues_due", "welfare_per_member", "award_rate"], [m.id for m in METRICS]):
        part = compute_metrics(engine, by=by, years=("2022", "2024"), only=wanted)
        expected = whole[whole["metric"].isin(wanted)].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, expected)
        assert set(part["metric"]) == set(wanted) & set(whole["metric"])


def test_only_runs_just_the_queries_it_needs(sqlite_sample):
    assert len(statements(sqlite_sample, only=["membership_rate", "members"])) == 1
    assert len(statements(sqlite_sample, only=["welfare_amount", "welfare_per_member"])) == 2


def test_only_an_unknown_metric_is_refused(sqlite_sample):
    from unionstats.errors import UsageError

    with pytest.raises(UsageError, match="没有这些指标:入会率x"):
        compute_metrics(open_store(sqlite_sample), only=["入会率x"])


# --- the indexes the statements use ---------------------------------------------------------


def sqlite_plan(url: str, **options) -> str:
    engine = open_store(url)
    plans = []
    with engine.connect() as conn:
        for statement, parameters in statements(url, **options):
            plans += [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    return "\n".join(plans)


def test_sqlite_plans_read_the_metric_indexes(sqlite_sample):
    plan = sqlite_plan(sqlite_sample, by="all")
    assert "SCAN welfare USING COVERING INDEX ix_welfare_metrics" in plan  # the sums, in year order
    assert "SCAN dues USING COVERING INDEX ix_dues_metrics" in plan
    assert "USING INDEX ix_dues_year_rows" in plan  # is there a year row for this month?
    assert "USING INDEX ix_membership_year_rows" in plan
    by_parent = sqlite_plan(sqlite_sample, by="parent")
    # issue 18: the sums by unit in the index's order, then each unit's 上级工会 from the unit tree
    # (was: the newest 上级工会 ranked from dues through ix_dues_parent in every statement)
    assert "SCAN dues USING COVERING INDEX ix_dues_unit_year" in by_parent
    assert "SEARCH unit_parents USING" in by_parent
    chosen = sqlite_plan(sqlite_sample, units=["华新机械有限公司工会"])
    assert "SEARCH dues USING COVERING INDEX ix_dues_unit_year (unit=?)" in chosen
    assert "SEARCH welfare USING COVERING INDEX ix_welfare_unit_year (unit=?)" in chosen


def postgres_plan(url: str, **options) -> str:
    """EXPLAIN of every statement with sequential scans discouraged: what an index can serve.

    The sample is a few hundred rows, where scanning is cheapest; at city scale PostgreSQL
    picks these indexes by itself (bench/postgres.py records its plans).
    """
    engine = open_store(url)
    plans = []
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))
        for statement, parameters in statements(url, **options):
            plans += [row[0] for row in conn.exec_driver_sql("EXPLAIN " + statement, parameters)]
    return "\n".join(plans)


@pytest.mark.postgres
def test_postgresql_plans_can_use_the_metric_indexes(postgres_sample):
    plan = postgres_plan(postgres_sample, by="all")
    assert "Anti Join" in plan and "ix_dues_year_rows" in plan and "ix_membership_year_rows" in plan
    assert "ix_welfare_metrics" in plan
    chosen = postgres_plan(postgres_sample, units=["华新机械有限公司工会"])
    assert "ix_dues_unit_year" in chosen and "ix_welfare_unit_year" in chosen
    assert "ix_dues_parent" in postgres_plan(postgres_sample, by="parent")
