"""The unit tree: one 上级工会 per unit, chosen in SQL from the facts (``parent_of``).

Apart from ``store.units`` so that the batches (which ``store.units`` builds on) can check
that a unit account's rows keep it (issue 17).
"""

from __future__ import annotations

import functools

from sqlalchemy import Integer, String, cast, func, literal_column, null, select, true, union_all
from sqlalchemy.sql.expression import ColumnElement, FromClause, Select

from unionstats.store import schema


@functools.cache
def parent_of() -> FromClause:
    """(unit, parent): one 上级工会 per unit of any fact table, chosen in SQL.

    The current units rows come first (newest year), then membership's and dues' own
    ``parent`` column (newest period; a year row counts as after its months); ties go
    to the smallest name so the choice is stable. A unit without any has parent NULL.

    Every unit is present, so facts join it with an INNER join, which both databases
    run as an indexed or hashed lookup (SQLite would scan a LEFT-joined derived table
    once per row). A CTE, MATERIALIZED on PostgreSQL: computed once per statement.
    """
    u, m, d = schema.units, schema.membership, schema.dues

    def newest(table, source: int, recency: ColumnElement) -> Select:
        # one candidate per (unit, parent) of a table before ranking: few rows to sort
        return (
            select(
                table.c.unit,
                table.c.parent,
                literal_column(str(source), Integer).label("source"),
                func.max(recency).label("recency"),
            )
            .where(table.c.is_current.is_(true()), table.c.parent.is_not(None), table.c.parent != "")
            .group_by(table.c.unit, table.c.parent)
        )

    def without_parent(table) -> Select:
        return select(
            table.c.unit,
            cast(null(), String).label("parent"),
            literal_column("2", Integer),
            cast(null(), String).label("recency"),
        ).group_by(table.c.unit)

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
    return (
        select(ranked.c.unit, ranked.c.parent)
        .where(ranked.c.pick == 1)
        .cte("parent_of")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
