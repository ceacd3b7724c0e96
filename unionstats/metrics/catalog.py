"""What the store holds, for filters and lists: units with their 上级工会, years, fund types,
and who has reported a kind for a period (报送情况).

Every function takes ``viewer`` (``unionstats.access``) and lists only what that viewer
may see; None is the one-person mode (everything). Small grouped queries, never raw rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Engine, Select, func, or_, select, true, union

from unionstats.access import Viewer, visible_units
from unionstats.errors import UsageError
from unionstats.rules.columns import KIND_LABELS, KINDS, MONTHLY_REMINDER_KINDS, REMINDER_KINDS
from unionstats.rules.metrics import UNSPECIFIED
from unionstats.store import schema

_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
# Kinds whose rows may be monthly; the others (单位信息, 经费收支) are reported by year.
MONTHLY_KINDS: tuple[str, ...] = tuple(k for k in KINDS if "month" in schema.FACT_TABLES[k].c)
# Units asked for by name in one IN list at most; more are read by a scan of the kind.
UNITS_BY_NAME = 2_000
# A unit's state for one kind in the 催报 list (``reporting_reminders``)
REPORTED, MISSING, NOT_EXPECTED = "reported", "missing", "not_expected"


def unit_tree(engine: Engine, *, viewer: Viewer | None = None) -> pd.DataFrame:
    """Columns unit, parent: every unit with facts, its 上级工会 (未指定 when none), sorted."""
    parents = schema.unit_parents
    query = select(parents.c.unit, parents.c.parent)
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(parents.c.unit.in_(visible))
    with engine.connect() as conn:
        rows = conn.execute(query).fetchall()
    frame = pd.DataFrame(rows, columns=["unit", "parent"], dtype=object)
    frame["parent"] = frame["parent"].fillna(UNSPECIFIED)
    return frame.sort_values(["parent", "unit"], ignore_index=True)


def years(engine: Engine, *, viewer: Viewer | None = None) -> list[str]:
    """Every year with facts of any kind, ascending ('2019', '2020', …)."""
    visible = visible_units(viewer)
    selects = []
    for table in schema.FACT_TABLES.values():
        if visible is not None:
            selects.append(select(table.c.year).distinct().where(table.c.unit.in_(visible)))
        else:
            selects.append(_years_of(table))
    with engine.connect() as conn:
        found = conn.execute(union(*selects)).scalars().all()
    return sorted(str(year) for year in found if year)


def _years_of(table) -> Select:
    """The distinct years of ``table``, each found from the one before: min(year > last).

    With an index that starts with the year (dues, welfare: migration 0003) that is one
    index probe a year instead of reading a million index entries for five values (a
    "loose index scan", as both SQLite and PostgreSQL run it).
    """
    found = select(func.min(table.c.year).label("year")).cte(f"{table.name}_years", recursive=True)
    after = select(func.min(table.c.year)).where(table.c.year > found.c.year).scalar_subquery()
    found = found.union_all(select(after).where(found.c.year.is_not(None)))
    return select(found.c.year).where(found.c.year.is_not(None))


def fund_types(engine: Engine, *, viewer: Viewer | None = None) -> list[str]:
    """The fund types of the dues rows (工会经费, 会费, …), sorted."""
    d = schema.dues
    query = select(d.c.fund_type).distinct().where(d.c.is_current.is_(True))
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(d.c.unit.in_(visible))
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars().all())


def reporting_status(
    engine: Engine,
    kind: str,
    period: str,
    *,
    viewer: Viewer | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
) -> pd.DataFrame:
    """报送情况: for every unit of the unit tree, whether it has rows of ``kind`` for ``period``,
    and whether it is expected to.

    ``period`` is a year ('2023': any row of that year) or a month ('2023-05': rows of that
    month; a year-only row does not count for a month). Aggregate kinds count their current
    rows only. ``units`` / ``parents`` (未指定 for units without one) narrow the tree, None
    for all; ``viewer`` restricts it to the viewer's units.

    A unit is expected to report (``expected``) when it did, or when its 单位信息 row of the
    year (the latest up to the year) does not say 未建会 and either says 已建会 or the unit
    has reported this kind for the year or an earlier one. So a unit without a union, and
    the district union that only files its own 经费收支, are never listed as missing.

    Columns: unit, parent (未指定 when none), reported (bool), rows (int), expected (bool);
    not-reported units first, then by parent and unit. Raises UsageError for an unknown
    kind or a malformed period, or a month for a kind that is reported by year only
    (单位信息, 经费收支).
    """
    if kind not in KINDS:
        raise UsageError(f"没有「{kind}」这种数据,可选:{'、'.join(KIND_LABELS[k] for k in KINDS)}。")
    if not _PERIOD.match(str(period)):
        raise UsageError(f"期间「{period}」的写法不对,请写年度(如 2023)或月份(如 2023-05)。")
    table = schema.FACT_TABLES[kind]
    if len(period) > 4 and kind not in MONTHLY_KINDS:
        raise UsageError(f"{KIND_LABELS[kind]}只按年度报送,请选择年度而不是月份。")
    year = period[:4]
    current = [table.c.is_current.is_(true())] if "is_current" in table.c else []
    conditions = [table.c.year == period] if len(period) == 4 else [table.c.month == period]
    # two small queries, matched here: joined in SQL, SQLite counted the rows once per unit
    # of the tree (ten seconds at 10,000 units)
    counts = select(table.c.unit, func.count().label("rows")).where(*conditions, *current).group_by(table.c.unit)

    tree = schema.unit_parents
    query = select(tree.c.unit, tree.c.parent)
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(tree.c.unit.in_(visible))
    if units is not None:
        query = query.where(tree.c.unit.in_(units))
    if parents is not None:
        wanted = tree.c.parent.in_([p for p in parents if p != UNSPECIFIED])
        if UNSPECIFIED in parents:
            wanted = or_(wanted, tree.c.parent.is_(None))
        query = query.where(wanted)
    with engine.connect() as conn:
        found = conn.execute(query).fetchall()
        counted = dict(conn.execute(counts).fetchall())
        established = dict(conn.execute(_established_in(year)).fetchall())
        unknown = [unit for unit, _ in found if unit not in counted and established.get(unit) is None]
        earlier = _reported_by(conn, table, year, current, unknown)
    frame = pd.DataFrame(found, columns=["unit", "parent"], dtype=object)
    frame["parent"] = frame["parent"].fillna(UNSPECIFIED).astype(object)
    frame["rows"] = frame["unit"].map(counted).fillna(0).astype("int64")
    frame["reported"] = frame["rows"] > 0
    registry = frame["unit"].map(established)
    frame["expected"] = (frame["reported"] | registry.eq(True) | (registry.isna() & frame["unit"].isin(earlier))).astype(bool)
    frame = frame.sort_values(["reported", "parent", "unit"], ignore_index=True)
    return frame[["unit", "parent", "reported", "rows", "expected"]]


def _established_in(year: str) -> Select:
    """(unit, established) of each unit's latest current 单位信息 row up to ``year`` (None: not given)."""
    u = schema.units
    latest = (
        select(u.c.unit, func.max(u.c.year).label("year"))
        .where(u.c.is_current.is_(true()), u.c.year <= year)
        .group_by(u.c.unit)
        .subquery("latest_registry")
    )
    return (
        select(u.c.unit, u.c.established)
        .join_from(u, latest, (latest.c.unit == u.c.unit) & (latest.c.year == u.c.year))
        .where(u.c.is_current.is_(true()))
    )


def _reported_by(conn, table, year: str, current: list, units: list[str]) -> set[str]:
    """Which of ``units`` have rows of ``table`` in ``year`` or an earlier year."""
    if not units:
        return set()
    query = select(table.c.unit).distinct().where(table.c.year <= year, *current)
    if len(units) <= UNITS_BY_NAME:
        query = query.where(table.c.unit.in_(units))
    return set(conn.execute(query).scalars().all()) & set(units)


def reporting_reminders(
    engine: Engine,
    period: str,
    *,
    kinds: Sequence[str] | None = None,
    viewer: Viewer | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
) -> pd.DataFrame:
    """The 催报 list: every unit that has not reported a kind it is expected to report for ``period``.

    ``kinds``: the kinds asked about, in this order; None for ``REMINDER_KINDS`` (会员统计,
    经费收缴, 帮扶慰问), for a month ``MONTHLY_REMINDER_KINDS`` (经费收缴). Who is expected and who
    reported is ``reporting_status``'s answer for each kind (so a unit without a union is
    never chased); ``viewer``, ``units`` and ``parents`` narrow the units as there.

    Columns: unit, parent (未指定 when none), then one column per kind id holding REPORTED,
    MISSING or NOT_EXPECTED; one row per unit with at least one MISSING, by parent and unit.
    Raises UsageError as ``reporting_status`` does.
    """
    if kinds is None:
        kinds = REMINDER_KINDS if len(str(period)) == 4 else MONTHLY_REMINDER_KINDS
    columns = ["unit", "parent", *kinds]
    states: dict[str, pd.Series] = {}
    tree: pd.DataFrame | None = None
    for kind in kinds:
        status = reporting_status(engine, kind, period, viewer=viewer, units=units, parents=parents).set_index("unit")
        state = pd.Series(NOT_EXPECTED, index=status.index, dtype=object)
        state[status["expected"]] = MISSING
        state[status["reported"]] = REPORTED
        states[kind] = state
        tree = status[["parent"]] if tree is None else tree
    if tree is None:
        return pd.DataFrame(columns=columns, dtype=object)
    frame = tree.join(pd.DataFrame(states)).reset_index()
    missing = frame[list(kinds)].eq(MISSING).any(axis=1)
    frame = frame[missing].sort_values(["parent", "unit"], ignore_index=True)
    return frame[columns].astype(object)
