"""Units and their 上级工会 as the store holds them: one parent per unit, and a unit's scope;
one name per unit (issue 14): the 单位名称对照 and the merge of two units.

Every grouping by 上级工会 (``unionstats.metrics``) and every viewer's scope
(``unionstats.store.users``) reads the parents from one table, ``schema.unit_parents`` (what
``parent_of`` derives from the facts, kept by every write: ``store.tree``), so both see the same tree.

A merge (``merge_units``) re-keys every stored row of one unit to another in one transaction
— the facts' unit and 上级工会 columns, the batches' units and ledger coverage, the district
accounts bound to it — records the old name as an alias (so later files under it land on the
new name), recomputes which aggregate rows are current, and keeps what it moved so that
``undo_merge`` puts back exactly those rows. Nothing is merged without a person asking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    delete,
    func,
    insert,
    select,
    true,
    union,
    update,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.expression import Select

from unionstats.access import Viewer, may_merge_units, visible_units
from unionstats.errors import AccessDeniedError, StoreError, UsageError
from unionstats.ingest.clean import clean_name
from unionstats.ingest.unit_names import Suggestion, comparison_key, suggest_same
from unionstats.store import audit as audit_log
from unionstats.store import schema
from unionstats.store.audit import operator_name
from unionstats.store.batches import recompute_current
from unionstats.store.engine import local_now, reading, refusal_reason, write_transaction
from unionstats.store.tree import parent_of as parent_of  # the tree's definition, re-exported
from unionstats.store.tree import refresh_unit_parents


def unit_scope(engine: Engine, unit: str) -> frozenset[str]:
    """``unit`` and every unit whose 上级工会 chain leads to it (as grouping sees parents:
    ``schema.unit_parents``), however deep. A unit the store does not know is its own scope."""
    tree = schema.unit_parents
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


def unit_parents(engine: Engine, *, viewer: Viewer | None = None) -> dict[str, str | None]:
    """Each unit ``viewer`` may see → its 上级工会 as the tree gives it today (``schema.unit_parents``),
    None for a unit without one; a unit of the viewer's the store does not know yet maps to
    None. What a unit account's rows must keep (issue 17). None: every unit of the tree."""
    tree = schema.unit_parents
    visible = visible_units(viewer)
    query = select(tree.c.unit, tree.c.parent)
    found: dict[str, str | None] = {}
    with reading(engine) as conn:
        if visible is None:
            found.update(conn.execute(query).all())
        for start in range(0, len(visible or ()), 5000):
            chunk = visible[start : start + 5000]
            found.update(conn.execute(query.where(tree.c.unit.in_(chunk))).all())
    return {unit: found.get(unit) for unit in visible} if visible is not None else found


# --- one unit, one name (issue 14) --------------------------------------------------------------

ACTIVE, UNDONE = "active", "undone"
# The columns of a fact table that name a unit: its own, and its 上级工会.
UNIT_COLUMNS = ("unit", "parent")


@dataclass(frozen=True)
class MergeResult:
    """A merge done: its id (for ``undo_merge``), the fact rows moved and one Chinese sentence."""

    merge_id: int
    rows: int
    message: str


def unit_aliases(engine: Engine, *, viewer: Viewer | None = None) -> dict[str, str]:
    """The 单位名称对照: every other spelling → the unit's name, chains resolved (A → B → C
    gives A → C). ``viewer``: only the spellings of the units they may see."""
    with reading(engine) as conn:
        aliases = _aliases(conn)
    visible = visible_units(viewer)
    if visible is not None:
        aliases = {alias: unit for alias, unit in aliases.items() if unit in set(visible)}
    return aliases


def known_units(engine: Engine, *, viewer: Viewer | None = None) -> set[str]:
    """Every unit name the store holds rows of or under (units and 上级工会), and the units
    the 单位名称对照 names: what a new name is compared with. ``viewer``: only those they may see."""
    with reading(engine) as conn:
        names = set(conn.execute(_names_query()).scalars())
        names |= set(conn.execute(select(schema.unit_aliases.c.unit)).scalars())
    visible = visible_units(viewer)
    return {n for n in names if n and (visible is None or n in set(visible))}


def list_units(engine: Engine, *, viewer: Viewer | None = None) -> pd.DataFrame:
    """The units the viewer may see, by name: columns unit, parent (上级工会 or None),
    aliases (list of other spellings, sorted), rows (fact rows stored under the unit),
    established (the newest registry's 已建会, None when no registry says)."""
    tree = schema.unit_parents
    with reading(engine) as conn:
        counts: dict[str, int] = {}
        for table in schema.FACT_TABLES.values():
            for unit, count in conn.execute(select(table.c.unit, func.count()).group_by(table.c.unit)):
                counts[unit] = counts.get(unit, 0) + int(count)
        parents = dict(conn.execute(select(tree.c.unit, tree.c.parent)).all())
        names = set(conn.execute(_names_query()).scalars())
        alias_rows = conn.execute(select(schema.unit_aliases.c.alias, schema.unit_aliases.c.unit)).all()
        u = schema.units
        established = dict(
            conn.execute(
                select(u.c.unit, u.c.established)
                .where(u.c.is_current.is_(true()), u.c.established.is_not(None))
                .order_by(u.c.unit, u.c.year)
            ).all()
        )  # ordered by year: the newest year's answer is the one kept
    resolved = _resolved(dict(alias_rows))
    others: dict[str, list[str]] = {}
    for alias, unit in resolved.items():
        others.setdefault(unit, []).append(alias)
    names = {n for n in names if n} | set(others)
    visible = visible_units(viewer)
    if visible is not None:
        names &= set(visible)
    rows = [
        {
            "unit": name,
            "parent": parents.get(name),
            "aliases": sorted(others.get(name, [])),
            "rows": counts.get(name, 0),
            "established": established.get(name),
        }
        for name in sorted(names)
    ]
    columns = ["unit", "parent", "aliases", "rows", "established"]
    return pd.DataFrame({c: pd.Series([row[c] for row in rows], dtype=object) for c in columns}, columns=columns)


def look_alike_units(engine: Engine, *, viewer: Viewer | None = None) -> list[Suggestion]:
    """Units already stored under two spellings of one name (the same comparison key, places
    agreeing: 杭州恒达电子有限公司工会 and 恒达电子有限公司工会), for 设置 单位名称对照 and
    ``units list``: each as a ``Suggestion`` whose ``name`` would be merged into ``known`` — the
    spelling a registry gives, else the one with more rows. Offered, never merged."""
    units = list_units(engine, viewer=viewer)
    groups: dict[str, list[tuple]] = {}
    for row in units.itertuples(index=False):
        groups.setdefault(comparison_key(row.unit), []).append(row)
    found = []
    for rows in groups.values():
        if len(rows) < 2:
            continue
        keep = max(rows, key=lambda r: (r.established is not None, r.rows, -len(r.unit), r.unit))
        others = [r.unit for r in sorted(rows, key=lambda r: r.unit) if r.unit != keep.unit]
        found += suggest_same(others, [keep.unit])
    return sorted(found, key=lambda s: (s.known, s.name))


def merge_units(
    engine: Engine,
    old: str,
    new: str,
    *,
    user: str | None = None,
    viewer: Viewer | None = None,
    now: datetime | None = None,
) -> MergeResult:
    """Merge unit ``old`` into ``new``: in one transaction every stored row of OLD (the fact
    tables' unit and 上级工会 columns, the batches' units and coverage, district accounts bound
    to it) is re-keyed to NEW, OLD becomes an alias of NEW, and per aggregate key the newest
    batch's row is current (a unit's 2024 membership counts once). Audited; undone exactly by
    ``undo_merge``. OLD without rows only records the alias.

    Raises ``UsageError`` when a name is empty, the two are one, or either is already an alias
    (merge into the unit it names), ``AccessDeniedError`` unless ``viewer`` sees every unit and
    may import (an admin; None is the one-person mode), ``StoreError`` when the database refuses.
    """
    old, new = _name(old), _name(new)
    if old == new:
        raise UsageError(f"「{old}」与「{new}」是同一个名称,无需合并。")
    _check_may_merge(viewer)
    now = now or local_now()
    user = operator_name(user or (viewer.name if viewer else None))
    try:
        with write_transaction(engine) as conn:
            aliases = dict(conn.execute(select(schema.unit_aliases.c.alias, schema.unit_aliases.c.unit)).all())
            for name in (old, new):
                if name in aliases:
                    raise UsageError(
                        f"「{name}」已是「{_resolved(aliases)[name]}」的别名,请对「{_resolved(aliases)[name]}」操作。"
                    )
            moved, touched = _move(conn, old, new)
            rows = sum(len(ids) for columns in moved["facts"].values() for ids in columns.values())
            merge_id = conn.execute(
                insert(schema.unit_merges)
                .values(
                    old=old,
                    new=new,
                    rows=rows,
                    moved=json.dumps(moved, ensure_ascii=False),
                    created_at=now,
                    created_by=user,
                    status=ACTIVE,
                )
                .returning(schema.unit_merges.c.id)
            ).scalar_one()
            conn.execute(
                insert(schema.unit_aliases).values(alias=old, unit=new, merge_id=merge_id, created_at=now, created_by=user)
            )
            recompute_current(conn, {new})
            refresh_unit_parents(conn, touched)
            audit_log.record_in(
                conn, user=user, action="merge_units", detail={"merge": merge_id, "old": old, "new": new, "rows": rows}, now=now
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"无法把「{old}」并入「{new}」:{refusal_reason(exc)}。数据库保持原样。") from exc
    if rows:
        message = f"已把「{old}」并入「{new}」:移动{rows}行数据,「{old}」记为「{new}」的别名(合并 #{merge_id},可撤销)。"
    else:
        message = f"「{old}」没有已入库的数据;已记为「{new}」的别名,今后导入时按「{new}」入库(合并 #{merge_id},可撤销)。"
    return MergeResult(merge_id=merge_id, rows=rows, message=message)


def undo_merge(
    engine: Engine, merge_id: int, *, user: str | None = None, viewer: Viewer | None = None, now: datetime | None = None
) -> str:
    """Undo a merge: every row it moved goes back to the old name (rows undone since are gone
    and stay so), the alias is removed, the current rows of both units recomputed. Audited.
    Raises ``UsageError`` for an unknown or undone merge; the rest as ``merge_units``."""
    _check_may_merge(viewer)
    now = now or local_now()
    user = operator_name(user or (viewer.name if viewer else None))
    try:
        with write_transaction(engine) as conn:
            merge = conn.execute(select(schema.unit_merges).where(schema.unit_merges.c.id == merge_id)).mappings().first()
            if merge is None:
                raise UsageError(f"合并 #{merge_id} 不存在。请先用 units list 查看单位名称对照。")
            if merge["status"] != ACTIVE:
                raise UsageError(f"合并 #{merge_id} 已经撤销过了。")
            _check_no_later_merge(conn, merge)
            touched = _move_back(conn, merge["old"], merge["new"], json.loads(merge["moved"]))
            conn.execute(delete(schema.unit_aliases).where(schema.unit_aliases.c.merge_id == merge_id))
            conn.execute(
                update(schema.unit_merges)
                .where(schema.unit_merges.c.id == merge_id)
                .values(status=UNDONE, undone_at=now, undone_by=user)
            )
            recompute_current(conn, {merge["old"], merge["new"]})
            refresh_unit_parents(conn, touched)
            audit_log.record_in(
                conn,
                user=user,
                action="undo_merge",
                detail={"merge": merge_id, "old": merge["old"], "new": merge["new"]},
                now=now,
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"无法撤销合并 #{merge_id}:{refusal_reason(exc)}。数据库保持原样。") from exc
    return f"已撤销合并 #{merge_id}:「{merge['old']}」的数据已恢复为原来的名称。"


def list_merges(engine: Engine, *, viewer: Viewer | None = None) -> list[dict]:
    """Every merge, newest first: id, old, new, rows, created_at, created_by, status
    ("active" | "undone"), undone_at, undone_by. ``viewer``: the merges into units they may see."""
    m = schema.unit_merges
    query = select(
        m.c.id, m.c.old, m.c.new, m.c.rows, m.c.created_at, m.c.created_by, m.c.status, m.c.undone_at, m.c.undone_by
    ).order_by(m.c.id.desc())
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(m.c.new.in_(visible))
    with reading(engine) as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


# --- the merge's steps ---------------------------------------------------------------------------


def _name(name: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise UsageError("单位名称不能为空。")
    return cleaned


def _check_may_merge(viewer: Viewer | None) -> None:
    """A merge changes every page's figures: the one-person mode or an account that sees all
    units and may import (an admin)."""
    if not may_merge_units(viewer):
        raise AccessDeniedError("只有管理员可以合并单位名称。")


def _check_no_later_merge(conn: Connection, merge) -> None:
    """A later merge that moved rows of either name again is undone first (newest first), so
    each undo puts back exactly what its merge moved."""
    m = schema.unit_merges
    names = (merge["old"], merge["new"])
    later = conn.execute(
        select(func.max(m.c.id)).where(m.c.id > merge["id"], m.c.status == ACTIVE, (m.c.old.in_(names)) | (m.c.new.in_(names)))
    ).scalar()
    if later is not None:
        raise UsageError(f"合并 #{later} 在合并 #{merge['id']} 之后又移动了这些单位的数据,请先撤销合并 #{later}。")


def _names_query() -> Select:
    """Every name under which rows are stored: units and 上级工会 of the fact tables."""
    parts = []
    for table in schema.FACT_TABLES.values():
        for column in UNIT_COLUMNS:
            if column in table.c:
                parts.append(select(table.c[column].label("name")).where(table.c[column].is_not(None)).distinct())
    return union(*parts)


def _aliases(conn: Connection) -> dict[str, str]:
    return _resolved(dict(conn.execute(select(schema.unit_aliases.c.alias, schema.unit_aliases.c.unit)).all()))


def _resolved(aliases: dict[str, str]) -> dict[str, str]:
    """Chains followed to their end (a cycle, which merges refuse to make, stops where it closes)."""
    resolved = {}
    for alias in aliases:
        seen, unit = {alias}, aliases[alias]
        while unit in aliases and unit not in seen:
            seen.add(unit)
            unit = aliases[unit]
        resolved[alias] = unit
    return resolved


def _move(conn: Connection, old: str, new: str) -> tuple[dict, set[str]]:
    """Re-key OLD to NEW everywhere; what was moved, by row id, for the undo, and the units
    whose rows changed (OLD, NEW and those whose 上级工会 was OLD): their place in the tree."""
    moved: dict = {"facts": {}, "waiting": {}, "batch_units": {"renamed": [], "dropped": []}, "users": [], "coverage": {}}
    touched = {old, new}
    for name, table in schema.FACT_TABLES.items():
        for column in UNIT_COLUMNS:
            if column not in table.c:
                continue
            rows = conn.execute(select(table.c.id, table.c.unit).where(table.c[column] == old).order_by(table.c.id)).all()
            if rows:
                conn.execute(update(table).where(table.c[column] == old).values({column: new}))
                moved["facts"].setdefault(name, {})[column] = [row.id for row in rows]
                touched.update(row.unit for row in rows)
    # the rows of replaced batches wait to come back (store.batches): under the new name too,
    # so undoing the batch that replaced them does not bring the old name back. Their ids are
    # unique per batch only: kept as (batch, id) pairs.
    for name, table in schema.REPLACED_TABLES.items():
        for column in UNIT_COLUMNS:
            if column not in table.c:
                continue
            pairs = [list(p) for p in conn.execute(select(table.c.batch_id, table.c.id).where(table.c[column] == old))]
            if pairs:
                conn.execute(update(table).where(table.c[column] == old).values({column: new}))
                moved["waiting"].setdefault(name, {})[column] = pairs
    bu = schema.batch_units
    holding = set(conn.execute(select(bu.c.batch_id).where(bu.c.unit == old)).scalars())
    both = set(conn.execute(select(bu.c.batch_id).where(bu.c.unit == new, bu.c.batch_id.in_(holding))).scalars())
    if both:
        conn.execute(delete(bu).where(bu.c.unit == old, bu.c.batch_id.in_(both)))
    if holding - both:
        conn.execute(update(bu).where(bu.c.unit == old).values(unit=new))
    moved["batch_units"] = {"renamed": sorted(holding - both), "dropped": sorted(both)}
    users = schema.users
    moved["users"] = list(conn.execute(select(users.c.id).where(users.c.unit == old).order_by(users.c.id)).scalars())
    if moved["users"]:
        conn.execute(update(users).where(users.c.unit == old).values(unit=new))
    moved["coverage"] = _rewrite_coverage(conn, old, new)
    return moved, touched


def _move_back(conn: Connection, old: str, new: str, moved: dict) -> set[str]:
    """Put back what ``_move`` moved; the units whose rows changed, as ``_move`` gives them."""
    touched = {old, new}
    for name, columns in moved["facts"].items():
        table = schema.FACT_TABLES[name]
        for column, ids in columns.items():
            for chunk in _chunks(ids):
                back = (table.c.id.in_(chunk), table.c[column] == new)
                touched.update(conn.execute(select(table.c.unit).distinct().where(*back)).scalars())
                conn.execute(update(table).where(*back).values({column: old}))
    for name, columns in moved.get("waiting", {}).items():  # merges made before rows waited have none
        table = schema.REPLACED_TABLES[name]
        for column, pairs in columns.items():
            by_batch: dict[int, list[int]] = {}
            for batch_id, row_id in pairs:
                by_batch.setdefault(batch_id, []).append(row_id)
            for batch_id, ids in by_batch.items():
                for chunk in _chunks(ids):
                    conn.execute(
                        update(table)
                        .where(table.c.batch_id == batch_id, table.c.id.in_(chunk), table.c[column] == new)
                        .values({column: old})
                    )
    bu = schema.batch_units
    for chunk in _chunks(moved["batch_units"]["renamed"]):
        conn.execute(update(bu).where(bu.c.unit == new, bu.c.batch_id.in_(chunk)).values(unit=old))
    present = set(conn.execute(select(schema.batches.c.id)).scalars())
    dropped = [b for b in moved["batch_units"]["dropped"] if b in present]
    if dropped:
        conn.execute(insert(bu), [{"batch_id": b, "unit": old} for b in dropped])
    users = schema.users
    for chunk in _chunks(moved["users"]):
        conn.execute(update(users).where(users.c.id.in_(chunk), users.c.unit == new).values(unit=old))
    batches = schema.batches
    for batch_id, coverage in moved["coverage"].items():
        conn.execute(update(batches).where(batches.c.id == int(batch_id)).values(coverage=coverage))
    return touched


def _rewrite_coverage(conn: Connection, old: str, new: str) -> dict[str, str]:
    """The ledger coverage (overlap check, contract §2) names units: OLD becomes NEW there too.
    The earlier texts by batch id, for the undo."""
    batches = schema.batches
    earlier = {}
    rows = conn.execute(
        select(batches.c.id, batches.c.coverage).where(batches.c.coverage.is_not(None), batches.c.coverage.contains(old))
    ).all()
    for batch_id, text in rows:
        coverage = json.loads(text)
        changed = False
        for part in coverage.values():
            if old in part.get("units", []):
                part["units"] = sorted((set(part["units"]) - {old}) | {new})
                changed = True
        if changed:
            earlier[str(batch_id)] = text
            conn.execute(
                update(batches).where(batches.c.id == batch_id).values(coverage=json.dumps(coverage, ensure_ascii=False))
            )
    return earlier


def _chunks(ids: list[int], size: int = 5000):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
