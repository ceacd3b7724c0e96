"""The unit tree: one 上级工会 per unit, chosen in SQL from the facts (``parent_of``), and kept
as a dimension table (``schema.unit_parents``) that every write of facts brings up to date for
the units it touched (``refresh_unit_parents``).

Apart from ``store.units`` so that the batches (which ``store.units`` builds on) can keep the
table and check that a unit account's rows keep the tree (issue 17).

Why a table: ranking a unit's parent from the units, membership and dues rows takes ~0.4 s at
10,000 units, once per grouped query by 上级工会 (seven metric families: seven times). A unit's
parent depends on that unit's own rows only, so a write that changed the rows of some units
recomputes just those units (an index lookup each), and every read joins a 10,000-row table.
``parent_of`` stays the definition: the table always equals it (tests/store/test_unit_parents.py).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Sequence

from sqlalchemy import (
    Connection,
    Integer,
    String,
    Table,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.expression import ColumnElement, FromClause, Select

from unionstats.store import schema

# Units recomputed per statement: the ranking's eleven branches each take an IN list of this many
# names, 11,000 parameters, below the limits of SQLite (32,766) and PostgreSQL (65,535).
_REFRESH_CHUNK = 1000


@functools.cache
def parent_of() -> FromClause:
    """(unit, parent): one 上级工会 per unit of any fact table, chosen in SQL.

    The current units rows come first (newest year), then membership's and dues' own
    ``parent`` column (newest period; a year row counts as after its months); ties go
    to the smallest name so the choice is stable. A unit without any has parent NULL.

    The definition of the tree: reads use its copy ``schema.unit_parents`` (kept by every
    write, ``refresh_unit_parents``); this derives it from the facts afresh. A CTE,
    MATERIALIZED on PostgreSQL: computed once per statement.
    """
    return _parents(None).cte("parent_of").prefix_with("MATERIALIZED", dialect="postgresql")


def refresh_unit_parents(conn: Connection, units: Iterable[str]) -> None:
    """Bring ``schema.unit_parents`` up to date for ``units``, in the caller's transaction:
    each is recomputed from its rows (``parent_of``), and a unit left without rows leaves the
    table. Called by every write of fact rows with the units whose rows it inserted, deleted,
    re-keyed or made (not) current; a unit's parent depends on its own rows alone."""
    tree = schema.unit_parents
    for chunk in _chunks(sorted({unit for unit in units if unit is not None})):
        conn.execute(delete(tree).where(tree.c.unit.in_(chunk)))
        conn.execute(insert(tree).from_select(["unit", "parent"], _parents(chunk)))


def rebuild_unit_parents(conn: Connection) -> None:
    """``schema.unit_parents`` made afresh from every fact row (a new revision, a restore)."""
    tree = schema.unit_parents
    conn.execute(delete(tree))
    conn.execute(insert(tree).from_select(["unit", "parent"], _parents(None)))


def units_of_batches(conn: Connection, batch_ids: Collection[int], tables: Iterable[Table]) -> set[str]:
    """The units the rows of these batches name in ``tables`` (fact tables or their replaced_
    copies): whose parent a write of those rows may change. One index range per table."""
    found: set[str] = set()
    if batch_ids:
        for table in tables:
            found.update(conn.execute(select(table.c.unit).distinct().where(table.c.batch_id.in_(list(batch_ids)))).scalars())
    return found


def _parents(units: Sequence[str] | None) -> Select:
    """(unit, parent) of every unit (``units`` None) or of just these, ranked as ``parent_of``
    says; with ``units`` every branch reads only their rows (indexes that start with the unit)."""
    u, m, d = schema.units, schema.membership, schema.dues

    def only(table) -> list[ColumnElement]:
        return [table.c.unit.in_(units)] if units is not None else []

    def newest(table, source: int, recency: ColumnElement) -> Select:
        # one candidate per (unit, parent) of a table before ranking: few rows to sort
        return (
            select(
                table.c.unit,
                table.c.parent,
                literal_column(str(source), Integer).label("source"),
                func.max(recency).label("recency"),
            )
            .where(*only(table), table.c.is_current.is_(true()), table.c.parent.is_not(None), table.c.parent != "")
            .group_by(table.c.unit, table.c.parent)
        )

    def without_parent(table) -> Select:
        return (
            select(
                table.c.unit,
                cast(null(), String).label("parent"),
                literal_column("2", Integer),
                cast(null(), String).label("recency"),
            )
            .where(*only(table))
            .group_by(table.c.unit)
        )

    candidates = union_all(
        newest(u, 0, u.c.year),
        newest(m, 1, m.c.period_sort),
        newest(d, 1, func.coalesce(d.c.month, d.c.year + "-13")),
        *(without_parent(table) for table in schema.FACT_TABLES.values()),
    ).subquery("parent_candidates")
    ranked = select(
        candidates.c.unit,
        candidates.c.parent,
        func.row_number()
        .over(
            partition_by=candidates.c.unit,
            order_by=(candidates.c.source, candidates.c.recency.desc(), candidates.c.parent),
        )
        .label("pick"),
    ).subquery("parent_ranked")
    return select(ranked.c.unit, ranked.c.parent).where(ranked.c.pick == 1)


def _chunks(names: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(names), _REFRESH_CHUNK):
        yield names[start : start + _REFRESH_CHUNK]
