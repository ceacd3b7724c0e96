"""Import batches: store a parsed file in one transaction, list and undo batches.

Contract §2: every import is a batch; the same content twice is a duplicate; aggregate
kinds replace the value of their key (the old value stays as history, ``is_current``
False); a ledger batch overlapping an earlier one of the same kind is flagged first;
a file that fails half-way leaves the store as it was.

A batch is "active", "replaced" or "undone" (issue 14). Replacing a batch (an overlapping
ledger with ``on_overlap="replace"``, or 重新识别) keeps it: its rows move into the
``replaced_<table>`` copy of their fact table (``schema.REPLACED_TABLES``) and the batch
records ``replaced_by``. Undoing the replacing batch moves them back, in their order but
with new ids (SQLite gives new rows the ids of rows that left, so the old ids may be taken;
only the order within a batch matters: the last row of a row key wins). Moving the rows
out, rather than flagging them where they are, is the design because the metrics read every
row of a ledger table (welfare, competitions have no ``is_current``): a flag would have to
be read by every metric query (and every future one), while rows that are not in the fact
tables cannot be counted by any. It also keeps the store's invariant simple: the fact tables
hold exactly the rows of the active batches, so "which row of a key is current" is always
decided among them alone (highest batch id, then the last row of the row key).

Undoing a batch X brings back the batches X replaced into X's place: if X was active they
become active again (their aggregate rows current where their batch is the newest); if X was
itself replaced by Y they are now replaced by Y (undoing Y brings them back). So undoing in
any order loses no row that no live batch replaced, and the store always equals the live
batches' files imported afresh in batch order (tests/store/test_batch_history.py).

The file of each batch is kept (``batch_files``), compressed and encrypted with a key made
from the store's secret key (``store.keys.file_key``, never in the store or its backups), as
its cells may hold ID and phone numbers (contract §5); it is dropped when the batch is undone.
"""

from __future__ import annotations

import base64
import calendar
import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    FromClause,
    Integer,
    Select,
    String,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from unionstats.access import Viewer, check_may_import, visible_units
from unionstats.errors import AccessDeniedError, StoreError, UsageError
from unionstats.ingest.model import ParsedFile, ParsedSheet
from unionstats.rules.columns import LEDGER_KINDS
from unionstats.rules.finance import FIGURES_KEPT_WHEN_EMPTY
from unionstats.rules.personal import mask_personal, may_hold_personal
from unionstats.store import audit as audit_log
from unionstats.store.audit import operator_name
from unionstats.store.engine import local_now, reading, refusal_reason, write_transaction
from unionstats.store.keys import file_key, key_file
from unionstats.store.messages import duplicate_message, overlap_resolved_message, overlap_stopped_message
from unionstats.store.schema import (
    AGGREGATE_KEYS,
    FACT_TABLES,
    REPLACED_TABLES,
    ROW_KEYS,
    batch_files,
    batch_units,
    batches,
    unit_parents,
)
from unionstats.store.tree import refresh_unit_parents, units_of_batches

IMPORTED = "imported"
DUPLICATE = "duplicate"
OVERLAP = "overlap"

ACTIVE = "active"
REPLACED = "replaced"
UNDONE = "undone"

ON_OVERLAP_CHOICES = ("replace", "keep")

# Columns the store fills in itself; a sheet's rows never carry them.
_STORE_COLUMNS = ("batch_id", "is_current")


@dataclass
class CommitResult:
    """What became of one file.

    ``status`` is "imported", "duplicate" (same content as an active or replaced batch,
    nothing written) or "overlap" (a ledger overlaps an earlier batch and no
    ``on_overlap`` choice was given, nothing written). ``batch_id`` is the new batch's id,
    or for a duplicate the earlier batch's id; None for an overlap. ``overlaps`` lists the
    earlier batches found overlapping (id, file_name, created_at, kind), one entry per
    batch and kind. ``replaced``: the ids of the batches this one replaced. ``message`` is
    one Chinese sentence, or None for a plain import.
    """

    status: str
    batch_id: int | None
    overlaps: list[dict] = field(default_factory=list)
    message: str | None = None
    replaced: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class UndoResult:
    """An undone batch: ``restored`` the batches it had replaced that are active again
    (sorted), ``message`` one Chinese sentence saying both."""

    batch_id: int
    restored: list[int]
    message: str


def commit_file(
    engine: Engine,
    parsed: ParsedFile,
    *,
    user: str | None = None,
    on_overlap: str | None = None,
    now: datetime | None = None,
    viewer: Viewer | None = None,
    content: bytes | None = None,
    options: Mapping[str, Any] | None = None,
    replaces: Iterable[int] = (),
) -> CommitResult:
    """Store a parsed file as one batch, in one transaction (all or nothing).

    ``on_overlap``: None stops at a ledger overlap (status "overlap"); "replace"
    replaces the overlapping earlier batches (kept, out of every metric, until this one
    is undone) and stores this one; "keep" stores it beside them. ``content``: the file's
    bytes as uploaded, kept for 重新识别 (``batch_content``); ``options``: what was named at
    upload ({"unit", "year"}), kept on the batch. ``replaces``: active batches this one
    replaces whatever it overlaps (重新识别 of that batch: the same content is then no
    duplicate). ``user``: the viewer's name by default, else the operating-system user
    (``audit.operator_name``, a claimed name marked as such); ``now``: the local time. ``viewer`` (district mode): an observer may not
    import, a unit user only rows of their own units and may replace only batches of
    their own units (``AccessDeniedError``); None is the one-person mode. Raises
    ``StoreError`` when the database refuses the write and ``UsageError`` for an unknown
    ``on_overlap`` or kind, or a batch to replace that is not active. The import is
    recorded in the audit log.
    """
    _check_overlap_choice(on_overlap)
    now = now or local_now()
    user = operator_name(user or (viewer.name if viewer else None))
    sheets = _storable_sheets(parsed)
    units = _units_of(sheets)
    check_may_import(viewer, units)
    if visible_units(viewer) is not None:
        _check_tree_kept(engine, sheets)
    coverage = ledger_coverage(sheets)
    replaces = sorted(set(replaces))
    sealed = _seal(engine, content) if content is not None else None

    try:
        with write_transaction(engine) as conn:
            # 重新识别: the same content replaced earlier is behind the batch read again
            earlier = _batch_holding(conn, parsed.content_hash, besides=replaces, replaced_too=not replaces)
            if earlier is not None:
                return CommitResult(status=DUPLICATE, batch_id=earlier["id"], message=duplicate_message(earlier))
            overlaps = [o for o in _find_overlaps(conn, coverage) if o["id"] not in replaces]
            if overlaps and on_overlap is None:
                return CommitResult(status=OVERLAP, batch_id=None, overlaps=overlaps, message=overlap_stopped_message(overlaps))
            replaced = sorted({*replaces, *(o["id"] for o in overlaps if on_overlap == "replace")})
            for earlier_id in replaced:
                _check_may_undo(conn, viewer, earlier_id)
                _set_aside(conn, earlier_id)
            batch_id = _store_batch(conn, parsed, sheets, units, coverage, user=user, now=now, options=options)
            if replaced:
                conn.execute(update(batches).where(batches.c.id.in_(replaced)).values(status=REPLACED, replaced_by=batch_id))
            if sealed is not None:
                conn.execute(insert(batch_files).values(batch_id=batch_id, content=sealed))
            # the unit tree of the units whose rows came in, went aside or stopped being current
            refresh_unit_parents(conn, units | units_of_batches(conn, replaced, REPLACED_TABLES.values()))
            action = "reidentify" if replaces else "import"
            _audit_import(conn, parsed, sheets, units, batch_id, replaced, user=user, now=now, action=action)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"无法保存文件「{parsed.file_name}」:{refusal_reason(exc)}。该文件没有导入任何数据,数据库保持原样。"
        ) from exc
    message = None
    if overlaps:
        message = overlap_resolved_message(sorted({o["id"] for o in overlaps}), replaced=on_overlap == "replace")
    return CommitResult(status=IMPORTED, batch_id=batch_id, overlaps=overlaps, message=message, replaced=replaced)


def undo_batch(
    engine: Engine, batch_id: int, *, user: str | None = None, now: datetime | None = None, viewer: Viewer | None = None
) -> UndoResult:
    """Undo an active or replaced batch; the batches it had replaced take its place.

    An active batch's rows are deleted; for aggregate kinds the value of the newest
    remaining active batch becomes current again for every key it touched. The batches
    it had replaced come back (their rows return in their order, and are current where
    their batch is now the newest). A replaced batch's kept rows are deleted; the batches
    it had replaced are then replaced by the batch that replaced it. Either way the
    batch is "undone" and never comes back, and its kept file is dropped. ``viewer``
    (district mode): an observer may not undo, a unit user only a batch whose rows are
    all of their own units. Raises ``UsageError`` for an unknown or already undone batch,
    ``AccessDeniedError`` when the viewer may not, ``StoreError`` when the database
    refuses. Recorded in the audit log.
    """
    now = now or local_now()
    user = operator_name(user or (viewer.name if viewer else None))
    try:
        with write_transaction(engine) as conn:
            _check_may_undo(conn, viewer, batch_id)
            before = _tree_of_batch(conn, viewer, batch_id)
            result = _undo(conn, batch_id, user=user, now=now)
            after = _tree_of_batch(conn, viewer, batch_id)
            if any(before.get(unit) != parent for unit, parent in after.items()):
                # the rows it stored (an admin's 单位信息, say) gave a unit its 上级工会
                raise AccessDeniedError(
                    f"撤销批次 #{batch_id} 会改变单位的上级工会,本账号不能撤销它;如需撤销,请联系区总工会管理员。"
                )
            detail: dict[str, Any] = {"batch": batch_id}
            if result.restored:
                detail["restored"] = result.restored
            audit_log.record_in(conn, user=user, action="undo", detail=detail, now=now)
    except SQLAlchemyError as exc:
        raise StoreError(f"无法撤销批次 #{batch_id}:{refusal_reason(exc)}。数据库保持原样。") from exc
    return result


def find_active_batch(engine: Engine, content_hash: str) -> dict | None:
    """The batch holding a file with this import key (id, file_name, created_at, status,
    replaced_by): the active one, else a replaced one (it comes back when the batch that
    replaced it is undone, so the file is no new import either); None when no such batch.
    Lets a caller skip parsing a duplicate; ``commit_file`` checks again."""
    with reading(engine) as conn:
        return _batch_holding(conn, content_hash)


def batch_content(engine: Engine, batch_id: int, *, viewer: Viewer | None = None) -> bytes | None:
    """The file of a batch as it was uploaded, or None when none is kept (an undone batch,
    or one imported before the files were kept). ``viewer``: a unit user only of a batch
    all of whose units are theirs (``AccessDeniedError``). ``StoreError`` when the file
    cannot be decrypted (the store's key is not the one it was kept with: a store restored
    or moved without its key file, or another ``UNIONSTATS_KEY``)."""
    with reading(engine) as conn:
        _check_may_see(conn, viewer, batch_id)
        sealed = conn.execute(select(batch_files.c.content).where(batch_files.c.batch_id == batch_id)).scalar()
    if sealed is None:
        return None
    try:
        return zlib.decompress(_cipher(engine).decrypt(base64.urlsafe_b64encode(bytes(sealed))))
    except (InvalidToken, zlib.error) as exc:
        raise StoreError(
            f"批次 #{batch_id} 保存的原文件无法解密:本数据库现在的密钥与导入时不同(密钥文件「{key_file(engine)}」"
            "或环境变量 UNIONSTATS_KEY 换过,例如恢复备份时没有带上原来的密钥文件)。"
            "找回原来的密钥文件即可重新识别;否则请重新上传该文件。"
        ) from exc


def list_batches(engine: Engine, *, viewer: Viewer | None = None) -> list[dict]:
    """All batches the viewer may see, newest first (None: every batch).

    Each: id, file_name, content_hash, kinds (list of kind ids), rows_stored,
    rows_rejected, rows_warned, created_at, created_by, status ("active" | "replaced" |
    "undone"), undone_at, undone_by (None unless undone), replaced_by (the batch that
    replaced it, else None), options ({"unit", "year"} named at upload; None for a batch
    imported before they were kept), has_file (its file is kept, so it can be 重新识别).
    A viewer limited to some units sees the batches that held rows of those units (also
    once replaced or undone).
    """
    return _batch_rows(engine, viewer=viewer)


def get_batch(engine: Engine, batch_id: int, *, viewer: Viewer | None = None) -> dict | None:
    """One batch as ``list_batches`` gives it, or None when there is none the viewer may see."""
    rows = _batch_rows(engine, viewer=viewer, batch_id=batch_id)
    return rows[0] if rows else None


def keep_missing_file(engine: Engine, batch_id: int, content: bytes, options: Mapping[str, Any]) -> bool:
    """Keep the file of a batch imported before the files were kept, when the same file
    (the same import key: bytes, unit and year) is uploaded again, so that it can be
    重新识别 without being undone first. Only for a batch with no file (True when kept)."""
    sealed = _seal(engine, content)
    try:
        with write_transaction(engine) as conn:
            batch = conn.execute(select(batches.c.status).where(batches.c.id == batch_id)).first()
            kept = conn.execute(select(batch_files.c.batch_id).where(batch_files.c.batch_id == batch_id)).first()
            if batch is None or batch.status == UNDONE or kept is not None:
                return False
            conn.execute(insert(batch_files).values(batch_id=batch_id, content=sealed))
            conn.execute(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.options.is_(None))
                .values(options=json.dumps(_upload_options(options), ensure_ascii=False))
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"无法保存批次 #{batch_id} 的原文件:{refusal_reason(exc)}。") from exc
    return True


def _batch_rows(engine: Engine, *, viewer: Viewer | None, batch_id: int | None = None) -> list[dict]:
    has_file = select(batch_files.c.batch_id).where(batch_files.c.batch_id == batches.c.id).exists()
    query = select(
        batches.c.id,
        batches.c.file_name,
        batches.c.content_hash,
        batches.c.kinds,
        batches.c.rows_stored,
        batches.c.rows_rejected,
        batches.c.rows_warned,
        batches.c.created_at,
        batches.c.created_by,
        batches.c.status,
        batches.c.undone_at,
        batches.c.undone_by,
        batches.c.replaced_by,
        batches.c.options,
        has_file.label("has_file"),
    ).order_by(batches.c.id.desc())
    if batch_id is not None:
        query = query.where(batches.c.id == batch_id)
    visible = visible_units(viewer)
    if visible is not None:
        query = query.where(batches.c.id.in_(select(batch_units.c.batch_id).where(batch_units.c.unit.in_(visible))))
    with reading(engine) as conn:
        rows = conn.execute(query).mappings().all()
    return [
        {
            **row,
            "kinds": [k for k in row["kinds"].split(",") if k],
            "options": json.loads(row["options"]) if row["options"] else None,
            "has_file": bool(row["has_file"]),
        }
        for row in rows
    ]


def batch_units_of(engine: Engine, batch_id: int) -> list[str]:
    """The units a batch holds rows of, sorted (empty for an undone batch)."""
    with reading(engine) as conn:
        return sorted(conn.execute(select(batch_units.c.unit).where(batch_units.c.batch_id == batch_id)).scalars())


def store_version(engine: Engine) -> str:
    """A short string that changes on every import and every undo (a key for UI caches).

    Replacing happens only in an import (a new batch) and every undo adds one undone
    batch, so (newest id, undone count) moves on every change."""
    query = select(
        func.coalesce(func.max(batches.c.id), 0),
        func.coalesce(func.sum(case((batches.c.status == UNDONE, 1), else_=0)), 0),
    )
    with reading(engine) as conn:
        newest, undone = conn.execute(query).one()
    return f"{int(newest)}:{int(undone)}"


def find_overlaps(engine: Engine, coverage: dict[str, dict]) -> list[dict]:
    """The earlier active batches a file of this ``ledger_coverage`` overlaps (id, file_name,
    created_at, kind), read only: what ``commit_file`` would stop at (the import preview)."""
    with reading(engine) as conn:
        return _find_overlaps(conn, coverage)


def ledger_coverage(sheets: Iterable[ParsedSheet]) -> dict[str, dict]:
    """What the ledger rows cover, per ledger kind: units and the first and last day.

    ``{kind: {"units": [...sorted], "first": "YYYY-MM-DD", "last": "YYYY-MM-DD"}}``.
    A row's day is its ``date``; without one its ``period`` covers the whole year
    ('2023') or month ('2023-05'). Kinds without rows are left out.
    """
    units: dict[str, set[str]] = {}
    firsts: dict[str, str] = {}
    lasts: dict[str, str] = {}
    for sheet in sheets:
        if sheet.kind not in LEDGER_KINDS or not sheet.stored or "unit" not in sheet.columns:
            continue  # rows without a unit cannot be stored anyway (NOT NULL)
        unit = sheet.column("unit")
        frame = pd.DataFrame(
            {
                "unit": unit.astype(object),
                "day": sheet.column("date").astype(object) if "date" in sheet.columns else None,
                "period": sheet.column("period").astype(object) if "period" in sheet.columns else None,
            },
            index=unit.index,
        ).dropna(subset=["unit"])
        # A ledger has far fewer distinct (day, period) pairs than rows: span each once.
        pairs = frame[["day", "period"]].drop_duplicates()
        spans = [_day_span(day, period) for day, period in zip(pairs["day"], pairs["period"], strict=True)]
        if not any(spans):
            continue
        if not all(spans):  # rows that cover nothing comparable add no unit
            covered = pd.MultiIndex.from_frame(pairs[[span is not None for span in spans]])
            frame = frame[pd.MultiIndex.from_frame(frame[["day", "period"]]).isin(covered)]
        kind = sheet.kind
        units.setdefault(kind, set()).update(str(unit) for unit in frame["unit"].unique())
        first = min(span[0] for span in spans if span)
        last = max(span[1] for span in spans if span)
        firsts[kind] = min(firsts.get(kind, first), first)
        lasts[kind] = max(lasts.get(kind, last), last)
    return {kind: {"units": sorted(units[kind]), "first": firsts[kind], "last": lasts[kind]} for kind in sorted(units)}


# --- the transaction's steps -------------------------------------------------------


def _check_overlap_choice(on_overlap: str | None) -> None:
    if on_overlap not in (None, *ON_OVERLAP_CHOICES):
        raise UsageError(f"不认识的重叠处理方式「{on_overlap}」:只能是 replace(替换)或 keep(保留两者)。")


def _storable_sheets(parsed: ParsedFile) -> list[ParsedSheet]:
    """The sheets of a known kind, each checked against its table before anything is written."""
    sheets = [s for s in parsed.sheets if s.kind is not None]
    for sheet in sheets:
        _check_sheet(parsed, sheet)
    return sheets


def _store_batch(
    conn: Connection,
    parsed: ParsedFile,
    sheets: list[ParsedSheet],
    units: set[str],
    coverage: dict[str, dict],
    *,
    user: str | None,
    now: datetime,
    options: Mapping[str, Any] | None,
) -> int:
    """The batch row, its facts (aggregate keys' earlier values no longer current) and
    its units; the new batch's id."""
    batch_id = _insert_batch(conn, parsed, sheets, coverage, user=user, now=now, options=options)
    for kind, kind_sheets in _by_kind(sheets).items():
        _insert_rows(conn, FACT_TABLES[kind], batch_id, kind_sheets)
        if kind in AGGREGATE_KEYS:
            _keep_figures_left_empty(conn, kind, batch_id)
            _mark_replaced(conn, kind, batch_id)
    if units:
        conn.execute(insert(batch_units), [{"batch_id": batch_id, "unit": unit} for unit in sorted(units)])
    return batch_id


def _audit_import(
    conn: Connection,
    parsed: ParsedFile,
    sheets: list[ParsedSheet],
    units: set[str],
    batch_id: int,
    replaced: list[int],
    *,
    user: str | None,
    now: datetime,
    action: str,
) -> None:
    detail = {
        "batch": batch_id,
        "file": parsed.file_name,
        "kinds": parsed.kinds,
        "rows": sum(s.stored for s in sheets),
        "units": len(units),
    }
    if replaced:
        detail["replaced"] = replaced
    audit_log.record_in(conn, user=user, action=action, detail=detail, now=now)


def _check_sheet(parsed: ParsedFile, sheet: ParsedSheet) -> None:
    if sheet.kind not in FACT_TABLES:
        raise UsageError(f"文件「{parsed.file_name}」工作表「{sheet.name}」的类型「{sheet.kind}」不存在。")
    table = FACT_TABLES[sheet.kind]
    # batch_id and is_current are the store's to set; an id would clash with the table's
    allowed = set(table.c.keys()) - {"id"}
    unknown = [str(c) for c in sheet.columns if c not in allowed]
    if unknown:
        raise StoreError(
            f"无法保存文件「{parsed.file_name}」:工作表「{sheet.name}」含有数据表 {table.name} "
            f"没有的列 {', '.join(unknown)},未导入。"
        )


def _batch_holding(conn: Connection, content_hash: str, *, besides: Iterable[int] = (), replaced_too: bool = True) -> dict | None:
    """The batch holding this content: the oldest active one, else (``replaced_too``) the
    newest replaced one (batches in ``besides`` left out); None when none."""
    query = select(batches.c.id, batches.c.file_name, batches.c.created_at, batches.c.status, batches.c.replaced_by).where(
        batches.c.content_hash == content_hash, batches.c.id.not_in(list(besides))
    )
    row = conn.execute(query.where(batches.c.status == ACTIVE).order_by(batches.c.id).limit(1)).mappings().first()
    if row is None and replaced_too:
        row = conn.execute(query.where(batches.c.status == REPLACED).order_by(batches.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def _upload_options(options: Mapping[str, Any]) -> dict[str, str | None]:
    return {name: (str(options[name]) if options.get(name) else None) for name in ("unit", "year")}


def _find_overlaps(conn: Connection, coverage: dict[str, dict]) -> list[dict]:
    """Earlier active batches of the same ledger kind whose units and days intersect."""
    if not coverage:
        return []
    earlier = conn.execute(
        select(batches.c.id, batches.c.file_name, batches.c.created_at, batches.c.coverage)
        .where(batches.c.status == ACTIVE, batches.c.coverage.is_not(None))
        .order_by(batches.c.id)
    ).mappings()
    found = []
    for batch in earlier:
        theirs = json.loads(batch["coverage"])
        for kind, ours in coverage.items():
            other = theirs.get(kind)
            if (
                other
                and set(ours["units"]) & set(other["units"])
                and ours["first"] <= other["last"]
                and other["first"] <= ours["last"]
            ):
                found.append(
                    {
                        "id": batch["id"],
                        "file_name": batch["file_name"],
                        "created_at": batch["created_at"],
                        "kind": kind,
                    }
                )
    return found


def _insert_batch(
    conn: Connection,
    parsed: ParsedFile,
    sheets: list[ParsedSheet],
    coverage: dict[str, dict],
    *,
    user: str | None,
    now: datetime,
    options: Mapping[str, Any] | None,
) -> int:
    return conn.execute(
        insert(batches)
        .values(
            file_name=mask_personal(parsed.file_name)[:500],
            content_hash=parsed.content_hash,
            kinds=",".join(parsed.kinds),
            rows_stored=sum(s.stored for s in sheets),
            rows_rejected=sum(s.rejected for s in parsed.sheets),
            rows_warned=sum(s.warned for s in parsed.sheets),
            created_at=now,
            created_by=user,
            status=ACTIVE,
            coverage=json.dumps(coverage, ensure_ascii=False) if coverage else None,
            report=json.dumps(_report(parsed), ensure_ascii=False),
            options=json.dumps(_upload_options(options), ensure_ascii=False) if options is not None else None,
        )
        .returning(batches.c.id)
    ).scalar_one()


def _report(parsed: ParsedFile) -> list[dict]:
    """The per-sheet summary kept with the batch.

    A problem's ``value`` is left out: it may be an ID or phone number (contract §5).
    """
    return [
        {
            "sheet": mask_personal(sheet.name),
            "kind": sheet.kind,
            "skipped": sheet.skipped,
            "stored": sheet.stored if sheet.kind else 0,
            "rejected": sheet.rejected,
            "warned": sheet.warned,
            "problems": [
                {
                    "sheet": mask_personal(p.sheet),
                    "row": p.row,
                    "column": p.column,
                    "level": p.level,
                    "code": p.code,
                    "message": p.message,
                }
                for p in sheet.problems
            ],
        }
        for sheet in parsed.sheets
    ]


def _by_kind(sheets: list[ParsedSheet]) -> dict[str, list[ParsedSheet]]:
    grouped: dict[str, list[ParsedSheet]] = {}
    for sheet in sheets:
        if sheet.stored:
            grouped.setdefault(sheet.kind, []).append(sheet)
    return grouped


def _insert_rows(conn: Connection, table: Table, batch_id: int, sheets: list[ParsedSheet]) -> None:
    """Insert the sheets' rows in file order (sheet, then Excel row), so that row ids
    grow with position: within a batch the later row of a key wins.

    One prepared statement and the driver's own ``executemany`` over plain tuples: for
    a 100,000-row ledger SQLAlchemy's per-row parameter processing cost more than
    SQLite's writing (bench/, docs/performance.md).
    """
    for sheet in sheets:
        rows = sheet.fresh_rows()
        if "source_row" in rows:
            rows = rows.sort_values("source_row", kind="stable", na_position="last")
        rows = _masked_personal(rows.drop(columns=[c for c in _STORE_COLUMNS if c in rows]), table)
        names = list(rows.columns)
        whole = [isinstance(table.c[name].type, Integer) for name in names]
        constants = (batch_id, True) if "is_current" in table.c else (batch_id,)
        statement_names = names + list(_STORE_COLUMNS[: len(constants)])
        for start in range(0, len(rows), _INSERT_CHUNK_ROWS):
            chunk = rows.iloc[start : start + _INSERT_CHUNK_ROWS]
            columns = [_column_values(chunk[name], integer) for name, integer in zip(names, whole, strict=True)]
            _executemany(conn, table, statement_names, [(*values, *constants) for values in zip(*columns, strict=True)])


# Rows per executemany call: bounds the parameter list's memory on a 1,000,000-row file.
_INSERT_CHUNK_ROWS = 50_000


def _executemany(conn: Connection, table: Table, names: list[str], records: list[tuple]) -> None:
    """``INSERT INTO table (names) VALUES (...)`` for every record, in the caller's
    transaction, through the DB-API cursor of the connection."""
    if not records:
        return
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    marks = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if marks is None:  # a driver with named parameters: let SQLAlchemy do it
        conn.execute(insert(table), [dict(zip(names, record, strict=True)) for record in records])
        return
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) VALUES ({', '.join([marks] * len(names))})"
    )
    conn.exec_driver_sql(statement, records)


# Hashes are hex and may hold long digit runs by chance: they are no personal numbers.
_NOT_MASKED = {"person_key"}


def _masked_personal(rows: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Every text cell with an ID, mobile, bank card or other personal number masked (contract §5), whatever column
    it came in: the last guard before the store, after ingest's own masking.

    Each distinct text is looked at once, and only a text with a long run of digits or a word
    naming a personal number (``may_hold_personal``) goes through ``mask_personal``'s patterns."""
    masked_columns = {}
    for name in rows.columns:
        if name in _NOT_MASKED or not isinstance(table.c[name].type, String):
            continue
        series = rows[name]
        if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        changed = {}
        for value in pd.unique(series.dropna()):
            if isinstance(value, str) and may_hold_personal(value):
                masked = mask_personal(value)
                if masked != value:
                    changed[value] = masked
        if changed:
            masked_columns[name] = series.map(lambda v, changed=changed: changed.get(v, v) if isinstance(v, str) else v)
    return rows.assign(**masked_columns) if masked_columns else rows


def _column_values(series: pd.Series, whole: bool) -> list:
    """A column as plain Python values: NA/NaN/NaT → None, numpy → Python, timestamps →
    datetime, and whole floats of an integer column (read as float because of blanks) → int."""
    values = series.tolist()
    missing = series.isna().to_numpy()
    if missing.any():
        values = [None if gone else value for value, gone in zip(values, missing.tolist(), strict=True)]
    dtype = series.dtype
    if pd.api.types.is_object_dtype(dtype):
        inferred = pd.api.types.infer_dtype(series, skipna=True)
        if inferred in ("string", "empty", "integer", "boolean") or (inferred == "floating" and not whole):
            return values  # plain already: no per-value look
    elif not (pd.api.types.is_datetime64_any_dtype(dtype) or (whole and pd.api.types.is_float_dtype(dtype))):
        return values
    return [value if value is None else _plain(value, whole) for value in values]


def _plain(value: Any, whole: bool) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if whole and isinstance(value, float) and value.is_integer():
        return int(value)  # a count column read as float because of blanks
    return value


# Per kind, the figures a new row keeps from the current row it replaces when it leaves them
# empty (rules/finance.py says why).
_KEPT_WHEN_EMPTY: dict[str, tuple[str, ...]] = {"finance": FIGURES_KEPT_WHEN_EMPTY}


def _keep_figures_left_empty(conn: Connection, kind: str, batch_id: int) -> None:
    """A new row's empty figure takes the value of the current row it replaces.

    Runs before ``_mark_replaced``: the earlier rows are still current. The earlier row
    keeps its own figures, so undoing the new batch restores exactly what was there."""
    table = FACT_TABLES[kind]
    earlier = table.alias("earlier")
    same_key = [earlier.c[k].is_not_distinct_from(table.c[k]) for k in ROW_KEYS[kind]]
    for column in _KEPT_WHEN_EMPTY.get(kind, ()):
        value = (
            select(earlier.c[column])
            .where(earlier.c.is_current, earlier.c.batch_id != batch_id, earlier.c[column].is_not(None), *same_key)
            .order_by(earlier.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        conn.execute(update(table).where(table.c.batch_id == batch_id, table.c[column].is_(None)).values({column: value}))


def _mark_replaced(conn: Connection, kind: str, batch_id: int) -> None:
    """The new batch's rows replace every earlier row of their key (history kept);
    within the batch, the last row of a row key (``schema.ROW_KEYS``: the key, and for
    finance the sub-account) wins.

    Set-based on purpose: a correlated EXISTS per row makes SQLite's planner walk the
    whole batch for every row (quadratic for a 50,000-row file).
    """
    table = FACT_TABLES[kind]
    new = table.alias("new")
    conn.execute(
        update(table)
        .where(
            table.c.is_current,
            table.c.batch_id != batch_id,
            _key(table, kind).in_(select(*_key_columns(new, kind)).where(new.c.batch_id == batch_id)),
        )
        .values(is_current=False)
    )
    last_of_key = select(func.max(new.c.id)).where(new.c.batch_id == batch_id).group_by(*_row_key_columns(new, kind))
    conn.execute(update(table).where(table.c.batch_id == batch_id, table.c.id.not_in(last_of_key)).values(is_current=False))


def _units_of(sheets: list[ParsedSheet]) -> set[str]:
    found: set[str] = set()
    for sheet in sheets:
        if sheet.stored and "unit" in sheet.columns:
            found |= {str(u) for u in sheet.column("unit").unique() if not _missing(u)}
    return found


def _check_tree_kept(engine: Engine, sheets: list[ParsedSheet]) -> None:
    """A unit account's rows never change the unit tree (issue 17): ``AccessDeniedError`` when a
    row names another 上级工会 for its unit than the tree gives today. The parser rejects such
    rows one by one (``ingest.build``); this is the guard past it."""
    named: dict[str, set[str]] = {}
    for sheet in sheets:
        if sheet.stored and {"unit", "parent"} <= set(sheet.columns):
            for unit, parent in zip(sheet.column("unit"), sheet.column("parent"), strict=True):
                if isinstance(unit, str) and isinstance(parent, str) and parent:
                    named.setdefault(unit, set()).add(parent)
    if not named:
        return
    tree = unit_parents
    with reading(engine) as conn:
        today = dict(conn.execute(select(tree.c.unit, tree.c.parent).where(tree.c.unit.in_(sorted(named)))).all())
    moved = [unit for unit, parents in named.items() if parents != {today.get(unit)}]
    if moved:
        raise AccessDeniedError(
            f"本账号不能更改单位的上级工会:文件中有{len(moved)}个单位的「上级工会」与现在不同,未导入。如需调整,请联系区总工会管理员。"
        )


def _check_may_undo(conn: Connection, viewer: Viewer | None, batch_id: int) -> None:
    """An observer never undoes; a unit user only a batch all of whose units are theirs."""
    if viewer is None:
        return
    if not viewer.can_import:
        raise AccessDeniedError("观察者账号只能查看数据,不能撤销批次。")
    visible = visible_units(viewer)
    if visible is None:
        return
    units = set(conn.execute(select(batch_units.c.unit).where(batch_units.c.batch_id == batch_id)).scalars())
    if not units or not units <= set(visible):
        # the same sentence for a batch of others and one that does not exist: ids of
        # other units' batches are not confirmed
        raise AccessDeniedError(f"批次 #{batch_id} 不是本单位的批次,本账号不能撤销。")


def _tree_of_batch(conn: Connection, viewer: Viewer | None, batch_id: int) -> dict[str, str | None]:
    """The 上级工会 of each unit of the batch that has rows, for a unit account (empty for an
    admin or the one-person mode, who may change the tree): compared before and after an
    undo, in its transaction, so a unit account's undo never changes the tree either (issue
    17). A unit whose last rows the undo takes has no parent to change: it is simply gone."""
    if visible_units(viewer) is None:
        return {}
    units = select(batch_units.c.unit).where(batch_units.c.batch_id == batch_id)
    tree = unit_parents
    return dict(conn.execute(select(tree.c.unit, tree.c.parent).where(tree.c.unit.in_(units))).all())


def _check_may_see(conn: Connection, viewer: Viewer | None, batch_id: int) -> None:
    """A unit user reads the file only of a batch all of whose units are theirs."""
    visible = visible_units(viewer)
    if visible is None:
        return
    units = set(conn.execute(select(batch_units.c.unit).where(batch_units.c.batch_id == batch_id)).scalars())
    if not units or not units <= set(visible):
        raise AccessDeniedError(f"批次 #{batch_id} 不是本单位的批次,本账号不能查看其原文件。")


# The kept files: zlib, then Fernet (AES-128-CBC and HMAC-SHA256) with the store's file key
# (``store.keys``); stored as the token's raw bytes.


def _cipher(engine: Engine) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(file_key(engine)))


def _seal(engine: Engine, content: bytes) -> bytes:
    packed = zlib.compress(content, 1)  # an .xlsx is zipped already: fast beats small
    return base64.urlsafe_b64decode(_cipher(engine).encrypt(packed))


def _undo(conn: Connection, batch_id: int, *, user: str | None, now: datetime) -> UndoResult:
    batch = conn.execute(select(batches.c.status, batches.c.replaced_by).where(batches.c.id == batch_id)).first()
    if batch is None:
        raise UsageError(f"批次 #{batch_id} 不存在,无法撤销。请先查看批次列表。")
    if batch.status == UNDONE:
        raise UsageError(f"批次 #{batch_id} 已经撤销过了。")
    touched: set[str] = set()  # units whose rows in the fact tables change: their 上级工会 is recomputed
    if batch.status == ACTIVE:
        touched = units_of_batches(conn, [batch_id], FACT_TABLES.values())
        _take_out(conn, batch_id)
        for table in FACT_TABLES.values():
            conn.execute(delete(table).where(table.c.batch_id == batch_id))
    else:
        for table in REPLACED_TABLES.values():
            conn.execute(delete(table).where(table.c.batch_id == batch_id))
    conn.execute(delete(batch_files).where(batch_files.c.batch_id == batch_id))
    conn.execute(update(batches).where(batches.c.id == batch_id).values(status=UNDONE, undone_at=now, undone_by=user))
    heirs = list(
        conn.execute(
            select(batches.c.id).where(batches.c.replaced_by == batch_id, batches.c.status == REPLACED).order_by(batches.c.id)
        ).scalars()
    )
    if not heirs:
        refresh_unit_parents(conn, touched)
        return UndoResult(batch_id, [], f"已撤销批次 #{batch_id}。")
    listed = "、".join(f"#{i}" for i in heirs)
    if batch.status == ACTIVE:
        for heir in heirs:
            _bring_back(conn, heir)
        refresh_unit_parents(conn, touched | units_of_batches(conn, heirs, FACT_TABLES.values()))
        return UndoResult(batch_id, heirs, f"已撤销批次 #{batch_id};被它替换的批次 {listed} 已恢复。")
    conn.execute(update(batches).where(batches.c.id.in_(heirs)).values(replaced_by=batch.replaced_by))
    return UndoResult(
        batch_id,
        [],
        f"已撤销批次 #{batch_id};被它替换的批次 {listed} 改为由批次 #{batch.replaced_by} 替换,撤销 #{batch.replaced_by} 时恢复。",
    )


def _take_out(conn: Connection, batch_id: int) -> None:
    """Before an active batch's rows leave the fact tables: for every aggregate key they
    hold, the row of the newest other active batch becomes current."""
    for kind in _kinds_with_rows(conn, batch_id, FACT_TABLES):
        if kind in AGGREGATE_KEYS:
            _restore_current(conn, kind, batch_id)


def _set_aside(conn: Connection, batch_id: int) -> None:
    """An active batch's rows leave every metric, kept with their ids in the replaced_
    tables (the caller marks the batch replaced)."""
    batch = conn.execute(select(batches.c.status).where(batches.c.id == batch_id)).first()
    if batch is None or batch.status != ACTIVE:
        raise UsageError(f"批次 #{batch_id} 不是有效的批次,不能替换。")
    _take_out(conn, batch_id)
    for kind in _kinds_with_rows(conn, batch_id, FACT_TABLES):
        _move_rows(conn, FACT_TABLES[kind], REPLACED_TABLES[kind], batch_id, keep_ids=True)


def _bring_back(conn: Connection, batch_id: int) -> None:
    """A replaced batch is active again: its rows return in their order, and for each
    aggregate key they hold the row of the newest active batch is current."""
    for kind in _kinds_with_rows(conn, batch_id, REPLACED_TABLES):
        _move_rows(conn, REPLACED_TABLES[kind], FACT_TABLES[kind], batch_id, keep_ids=False)
        if kind in AGGREGATE_KEYS:
            _restore_current(conn, kind, batch_id, leaving=False)
    conn.execute(update(batches).where(batches.c.id == batch_id).values(status=ACTIVE, replaced_by=None))


def _kinds_with_rows(conn: Connection, batch_id: int, tables: Mapping[str, Table]) -> list[str]:
    kinds = conn.execute(select(batches.c.kinds).where(batches.c.id == batch_id)).scalar() or ""
    return [kind for kind in kinds.split(",") if kind in tables]


def _move_rows(conn: Connection, source: Table, target: Table, batch_id: int, *, keep_ids: bool) -> None:
    """The batch's rows from one table to its twin, every column as it is; the ids too
    when ``keep_ids`` (aside), else new ones in the rows' order (back into a fact table:
    INSERT … SELECT … ORDER BY numbers the rows in that order on SQLite and PostgreSQL)."""
    names = [name for name in source.c.keys() if keep_ids or name != "id"]
    rows = select(*(source.c[n] for n in names)).where(source.c.batch_id == batch_id).order_by(source.c.id)
    conn.execute(insert(target).from_select(names, rows))
    conn.execute(delete(source).where(source.c.batch_id == batch_id))


def _restore_current(conn: Connection, kind: str, batch_id: int, *, leaving: bool = True) -> None:
    """For every key the batch's rows hold, the row of the newest batch (highest batch id,
    then highest row id of its row key) becomes current, the others not: among the other
    batches when the batch's rows are ``leaving`` (before they go), among all when they
    have just come back. Only active batches have rows in the fact tables, so every row
    there is a candidate."""
    table = FACT_TABLES[kind]
    undone = table.alias("undone")
    touched_keys = select(*_key_columns(undone, kind)).where(undone.c.batch_id == batch_id)
    _newest_current(conn, kind, touched_keys, besides=batch_id if leaving else None)


def recompute_current(conn: Connection, units: Iterable[str]) -> None:
    """After rows changed their unit (a merge of two units, or its undo): for every aggregate
    key of ``units``, the rows of the newest batch become current (as ``_restore_current``
    does after an undo), the others history."""
    units = sorted(set(units))
    for kind in AGGREGATE_KEYS:
        table = FACT_TABLES[kind]
        mine = table.alias("mine")
        _newest_current(conn, kind, select(*_key_columns(mine, kind)).where(mine.c.unit.in_(units)))


def _newest_current(conn: Connection, kind: str, touched_keys: Select, *, besides: int | None = None) -> None:
    """For every key in ``touched_keys``, the row of the newest batch other than ``besides``
    (highest batch id, then highest row id per row key) is current, every other row not."""
    table = FACT_TABLES[kind]
    conn.execute(update(table).where(_key(table, kind).in_(touched_keys)).values(is_current=False))
    remaining = table.alias("remaining")
    others = [remaining.c.batch_id != besides] if besides is not None else []
    newest_batch = (
        select(*_key_columns(remaining, kind), func.max(remaining.c.batch_id).label("batch_id"))
        .where(*others, _key(remaining, kind).in_(touched_keys))
        .group_by(*_key_columns(remaining, kind))
        .subquery("newest_batch")
    )
    candidate = table.alias("candidate")
    winners = (
        select(func.max(candidate.c.id))
        .select_from(
            candidate.join(
                newest_batch,
                and_(
                    candidate.c.batch_id == newest_batch.c.batch_id,
                    *(candidate.c[k] == newest_batch.c[k] for k in AGGREGATE_KEYS[kind]),
                ),
            )
        )
        .group_by(*_row_key_columns(candidate, kind))
    )
    conn.execute(update(table).where(table.c.id.in_(winners)).values(is_current=True))


def _key_columns(table: FromClause, kind: str) -> list[ColumnElement]:
    return [table.c[k] for k in AGGREGATE_KEYS[kind]]


def _row_key_columns(table: FromClause, kind: str) -> list[ColumnElement]:
    """The key under which rows of one batch are each kept: the aggregate key, and for
    finance the sub-account (an account and its sub-accounts are replaced together)."""
    return [table.c[k] for k in ROW_KEYS[kind]]


def _key(table: FromClause, kind: str) -> ColumnElement:
    """The aggregate key as one row value, e.g. (unit, period): SQLite and PostgreSQL
    both compare row values with IN."""
    return tuple_(*_key_columns(table, kind))


# --- small helpers -------------------------------------------------------------------


def _day_span(day: Any, period: Any) -> tuple[str, str] | None:
    if not _missing(day):
        text = str(day)[:10]
        return text, text
    if _missing(period):
        return None
    text = str(period)
    try:
        year = int(text[:4])
        if len(text) < 7:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        month = int(text[5:7])
        last = calendar.monthrange(year, month)[1]
    except ValueError:
        return None  # not a period of the contract: the row covers nothing we can compare
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)
