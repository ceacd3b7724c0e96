"""Units and their 上级工会 as the store holds them: one parent per unit, and a unit's scope.

Every grouping by 上级工会 (``unionstats.metrics``) and every viewer's scope
(``unionstats.store.users``) reads the parents from here, so both see the same tree.
"""

from __future__ import annotations

import functools

from sqlalchemy import Engine, Integer, String, cast, func, literal_column, null, select, true, union_all
from sqlalchemy.sql.expression import ColumnElement, FromClause, Select

from unionstats.ingest.clean import clean_name
from unionstats.store import schema
from unionstats.store.engine import reading


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


def unit_scope(engine: Engine, unit: str) -> frozenset[str]:
    """``unit`` and every unit whose 上级工会 chain leads to it (as grouping sees parents:
    ``parent_of``), however deep. A unit the store does not know is its own scope."""
    tree = parent_of()
    unit = clean_name(unit) or unit  # a unit stored before names were cleaned on entry
    with reading(engine) as conn:
        pairs = conn.execute(select(tree.c.unit, tree.c.parent).where(tree.c.parent.is_not(None))).all()
    children: dict[str, set[str]] = {}
    for child, parent in pairs:
        children.setdefault(parent, set()).add(child)
    scope, todo = {unit}, [unit]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in scope:  # a cycle in the data must not loop forever
                scope.add(child)
                todo.append(child)
    return frozenset(scope)
