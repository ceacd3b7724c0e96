"""What the store holds, for filters and lists: units with their 上级工会, years, fund types.

Every function takes ``viewer`` (``unionstats.access``) and lists only what that viewer
may see; None is the one-person mode (everything). Small grouped queries, never raw rows.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select, union

from unionstats.access import Viewer, visible_units
from unionstats.metrics import parent_of
from unionstats.rules.metrics import UNSPECIFIED
from unionstats.store import schema


def unit_tree(engine: Engine, *, viewer: Viewer | None = None) -> pd.DataFrame:
    """Columns unit, parent: every unit with facts, its 上级工会 (未指定 when none), sorted."""
    parents = parent_of()
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
        query = select(table.c.year).distinct()
        if visible is not None:
            query = query.where(table.c.unit.in_(visible))
        selects.append(query)
    with engine.connect() as conn:
        found = conn.execute(union(*selects)).scalars().all()
    return sorted(str(year) for year in found if year)


def fund_types(engine: Engine, *, viewer: Viewer | None = None) -> list[str]:
    """The fund types of the dues rows (工会经费, 会费, …), sorted."""
    d = schema.dues
    query = select(d.c.fund_type).distinct().where(d.c.is_current.is_(True))
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(d.c.unit.in_(visible))
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars().all())
