"""Rows of the ledger kinds (welfare, competitions, activities) for lists and drill-downs on the pages and
the 获奖名单 of the reports.

Every query is grouped or limited (never all raw rows), runs unchanged on SQLite and
PostgreSQL, and takes the filters of ``compute_metrics`` (years, units, parents) and
``viewer``: rows are restricted in SQL to ``unionstats.access.visible_units(viewer)``, so
names (contract §5) only ever come from units the viewer may see. ID numbers and phones
are never selected (the store keeps only their keyed hash, ``person_key``).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, case, desc, distinct, func, literal, or_, select
from sqlalchemy.sql.expression import ColumnElement, Select

from unionstats.access import Viewer, visible_units
from unionstats.rules.competitions import AWARD_TIERS, LEVELS, NO_AWARD
from unionstats.rules.metrics import UNSPECIFIED
from unionstats.store import schema

DEFAULT_LIMIT = 200  # rows of a drill-down listing


def _where(
    table,
    *,
    years: tuple[str | None, str | None] | None,
    units: list[str] | None,
    parents: list[str] | None,
    viewer: Viewer | None,
) -> list[ColumnElement]:
    """The filters of ``compute_metrics`` on a ledger table, and the viewer's scope."""
    conditions: list[ColumnElement] = []
    if years is not None:
        first, last = years
        if first:
            conditions.append(table.c.year >= first)
        if last:
            conditions.append(table.c.year <= last)
    if units is not None:
        conditions.append(table.c.unit.in_(list(units)))
    if parents is not None:
        tree = schema.unit_parents
        named = [p for p in parents if p != UNSPECIFIED]
        wanted = tree.c.parent.in_(named)
        if UNSPECIFIED in parents:
            wanted = or_(wanted, tree.c.parent.is_(None))
        conditions.append(table.c.unit.in_(select(tree.c.unit).where(wanted)))
    visible = visible_units(viewer)
    if visible is not None:
        conditions.append(table.c.unit.in_(visible))
    return conditions


def _frame(engine: Engine, query: Select, numbers: tuple[str, ...] = ()) -> pd.DataFrame:
    """The query's rows as a frame of Python objects; ``numbers`` columns as floats (NaN where none)."""
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype=object)
    for column in numbers:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def welfare_categories_as_written(
    engine: Engine,
    *,
    category: str | None = None,
    years: tuple[str | None, str | None] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    viewer: Viewer | None = None,
) -> pd.DataFrame:
    """How the ledgers wrote each standard category, year by year: one row per (year, category, category_raw).

    Columns year, category, category_raw (None when the ledger gave none), rows, count
    (人次), amount (元, NaN when no row gives one); ``category`` None for every category.
    A year's figures are that year's rows only (a range of years is never added up under
    one heading). Sorted by year (newest first), category, then the largest amount first.
    """
    w = schema.welfare
    query = (
        select(
            w.c.year,
            w.c.category,
            w.c.category_raw,
            func.count().label("rows"),
            func.sum(w.c["count"]).label("count"),
            func.sum(w.c.amount).label("amount"),
        )
        .where(*_where(w, years=years, units=units, parents=parents, viewer=viewer))
        .group_by(w.c.year, w.c.category, w.c.category_raw)
    )
    if category is not None:
        query = query.where(w.c.category == category)
    frame = _frame(engine, query, numbers=("rows", "count", "amount"))
    return frame.sort_values(
        ["year", "category", "amount", "category_raw"], ascending=[False, True, False, True], ignore_index=True
    )


def welfare_rows(
    engine: Engine,
    *,
    category: str | None = None,
    category_raw: str | None = None,
    years: tuple[str | None, str | None] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    viewer: Viewer | None = None,
    limit: int = DEFAULT_LIMIT,
) -> pd.DataFrame:
    """Welfare ledger rows of one standard category (None: all), newest first, at most ``limit``.

    Columns period ('2023-05' or '2023'), date ('YYYY-MM-DD' or None), unit, category,
    category_raw (as written), recipient (a name; only units the viewer may see), count
    (人次), amount (元), fund_source. Never an ID number or its hash.
    """
    w = schema.welfare
    query = (
        select(
            w.c.period,
            w.c.date,
            w.c.unit,
            w.c.category,
            w.c.category_raw,
            w.c.recipient,
            w.c["count"],
            w.c.amount,
            w.c.fund_source,
        )
        .where(*_where(w, years=years, units=units, parents=parents, viewer=viewer))
        .order_by(desc(w.c.period), desc(func.coalesce(w.c.date, "")), w.c.unit, w.c.id)
        .limit(limit)
    )
    if category is not None:
        query = query.where(w.c.category == category)
    if category_raw is not None:
        query = query.where(w.c.category_raw == category_raw)
    frame = _frame(engine, query, numbers=("count", "amount"))
    return frame


def contests(
    engine: Engine,
    *,
    years: tuple[str | None, str | None] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    viewer: Viewer | None = None,
    limit: int = DEFAULT_LIMIT,
) -> pd.DataFrame:
    """The contests: one row per (year, contest, level), newest year first, most entries first.

    Columns year, contest, level (None when not given), units (how many units took
    part), entries (参赛人次), awards (获奖人次: entries whose award is not 未获奖), first
    and last (the earliest and latest 'YYYY-MM-DD', or 'YYYY-MM' where the rows give only a
    month — "2024年9月", "2024.10" —, None when no row gives a day or a month). At most
    ``limit`` rows.
    """
    c = schema.competitions
    entries = func.sum(c.c.entries)
    when = func.coalesce(c.c.date, c.c.month)  # a day where given, else the month
    query = (
        select(
            c.c.year,
            c.c.contest,
            c.c.level,
            func.count(distinct(c.c.unit)).label("units"),
            entries.label("entries"),
            func.sum(case((c.c.award != NO_AWARD, c.c.entries), else_=0)).label("awards"),
            func.min(when).label("first"),
            func.max(when).label("last"),
        )
        .where(*_where(c, years=years, units=units, parents=parents, viewer=viewer))
        .group_by(c.c.year, c.c.contest, c.c.level)
        .order_by(desc(c.c.year), desc(entries), c.c.contest)
        .limit(limit)
    )
    frame = _frame(engine, query, numbers=("units", "entries", "awards"))
    return frame


def award_winners(
    engine: Engine,
    *,
    years: tuple[str | None, str | None] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    levels: list[str] | None = None,
    viewer: Viewer | None = None,
    limit: int = DEFAULT_LIMIT,
) -> pd.DataFrame:
    """获奖名单: the entries with an award (奖项 not 未获奖), highest level and tier first, at most ``limit``.

    Columns year, date ('YYYY-MM-DD' or None), unit, person (the name; None for an entry
    without one, e.g. a team), contest, event (项目/工种, None when not given), level (None
    when not given), award (一等奖 … 优秀奖), entries (人数). ``levels`` keeps only those
    levels (None: every level, an entry without a level too). Order: level from 全国 down to
    单位内 (no level last), tier from 一等奖, then newest year, contest, unit, name. Names come
    only from units the viewer may see: the rows are restricted in SQL (contract §5).
    """
    c = schema.competitions
    level_rank = case(*((c.c.level == level, literal(rank)) for rank, level in enumerate(reversed(LEVELS))), else_=len(LEVELS))
    tier_rank = case(*((c.c.award == tier, literal(rank)) for rank, tier in enumerate(AWARD_TIERS)), else_=len(AWARD_TIERS))
    query = (
        select(c.c.year, c.c.date, c.c.unit, c.c.person, c.c.contest, c.c.event, c.c.level, c.c.award, c.c.entries)
        .where(c.c.award != NO_AWARD, *_where(c, years=years, units=units, parents=parents, viewer=viewer))
        .order_by(level_rank, tier_rank, desc(c.c.year), c.c.contest, c.c.unit, c.c.person, c.c.id)
        .limit(limit)
    )
    if levels is not None:
        query = query.where(c.c.level.in_(list(levels)))
    frame = _frame(engine, query, numbers=("entries",))
    return frame


# --- §3.8 activities -------------------------------------------------------------------------


def activity_rows(
    engine: Engine,
    *,
    activity_type: str | None = None,
    years: tuple[str | None, str | None] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    viewer: Viewer | None = None,
    limit: int = DEFAULT_LIMIT,
) -> pd.DataFrame:
    """The activities and classes (§3.8) of one standard type (None: all), newest first, at most ``limit``.

    Columns period ('2023-05' or '2023'), date ('YYYY-MM-DD' or None), unit, name, type
    (standard), type_raw (the 类型 cell as written, None when the ledger gave none),
    sessions (场次), participants (参加人次, NaN when not given), spend (元, NaN when not given).
    """
    a = schema.activities
    query = (
        select(a.c.period, a.c.date, a.c.unit, a.c.name, a.c.type, a.c.type_raw, a.c.sessions, a.c.participants, a.c.spend)
        .where(*_where(a, years=years, units=units, parents=parents, viewer=viewer))
        .order_by(desc(a.c.period), desc(func.coalesce(a.c.date, "")), a.c.unit, a.c.id)
        .limit(limit)
    )
    if activity_type is not None:
        query = query.where(a.c.type == activity_type)
    return _frame(engine, query, numbers=("sessions", "participants", "spend"))
