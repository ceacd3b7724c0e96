"""Import files into the store: parse each, commit each in its own transaction.

The one service the CLI and the pages share. Returns, per file, the report of
contract §6 (``--json`` shape); a file that cannot be read stores nothing and says why.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from unionstats import preferences
from unionstats.access import Viewer, check_may_import
from unionstats.errors import AccessDeniedError, UnreadableFileError, UsageError, describe_os_error
from unionstats.ingest import parse
from unionstats.ingest.kinds import AliasTable
from unionstats.ingest.model import ParsedFile, ParsedSheet
from unionstats.ingest.parse import ParseOptions, import_key
from unionstats.ingest.rejected import rejected_workbook
from unionstats.ingest.unit_names import Suggestion, suggest_same
from unionstats.metrics.catalog import years
from unionstats.metrics.roster import ROSTER_COLUMNS, roster_figures
from unionstats.rules.columns import KIND_LABELS
from unionstats.rules.messages import message
from unionstats.rules.personal import mask_personal
from unionstats.store import (
    CommitResult,
    batch_content,
    commit_file,
    find_active_batch,
    find_overlaps,
    get_batch,
    ledger_coverage,
    open_store,
)
from unionstats.store.batches import keep_missing_file
from unionstats.store.keys import person_key_secret
from unionstats.store.messages import duplicate_message, overlap_stopped_message
from unionstats.store.private_files import write_private
from unionstats.store.units import known_units, merge_units, unit_aliases, unit_parents

log = logging.getLogger(__name__)


def sheet_report(sheet: ParsedSheet, stored: bool = True) -> dict:
    """One sheet's part of the report (contract §6); ``stored`` False when the file
    was not committed (a duplicate or an overlap): then no row was stored. ``units`` and
    ``periods``: what its rows are (or would be) stored under (§6 --dry-run, issue 14).
    ``roster``: for a 会员名册 sheet, per unit and year the people it lists and the figures the
    metrics count from it (``sheet_roster``, issue 15); None for every other sheet, so every
    sheet has the same keys."""
    report = {
        "sheet": mask_personal(sheet.name),
        "kind": sheet.kind,
        "skipped": sheet.skipped,
        "stored": sheet.stored if stored else 0,
        "rejected": sheet.rejected,
        "warned": sheet.warned,
        "units": sheet_units(sheet),
        "periods": sheet_periods(sheet),
        "problems": [{"row": p.row, "column": p.column, "level": p.level, "message": p.message} for p in sheet.problems],
        "roster": sheet_roster(sheet) if sheet.kind == "roster" else None,
    }
    return report


def sheet_roster(sheet: ParsedSheet) -> list[dict]:
    """A roster sheet's people and figures per unit and year, as the metrics would count them
    from this roster alone (``metrics.roster.roster_figures``; contract §3.7), units masked (§5)."""
    if not sheet.stored:
        return []
    rows = pd.DataFrame({name: sheet.column(name) for name in ROSTER_COLUMNS})  # not unpacking the rest
    return [{**found, "unit": mask_personal(found["unit"])} for found in roster_figures(rows)]


def file_report(
    name: str,
    status: str,
    *,
    message: str | None = None,
    batch: int | None = None,
    parsed: ParsedFile | None = None,
    suggestions: Iterable[Suggestion] = (),
    duplicate_of: int | None = None,
) -> dict:
    """One file's report (contract §6); its sheets' parts only when ``parsed`` is given;
    ``suggestions``: new unit names that look like known units (是否就是「…」?);
    ``duplicate_of``: for a duplicate, the batch that holds the file ("batch" stays None)."""
    return {
        "file": mask_personal(name),  # §5: the report is shown and downloaded
        "status": status,
        "message": message,
        "batch": batch,
        "suggestions": [{"name": mask_personal(s.name), "known": mask_personal(s.known), "score": s.score} for s in suggestions],
        "duplicate_of": duplicate_of,
        "sheets": [sheet_report(s, stored=status == "imported") for s in parsed.sheets] if parsed else [],
    }


def sheet_units(sheet: ParsedSheet) -> list[str]:
    """The units a sheet's rows are stored under, sorted (none for a skipped sheet)."""
    if not sheet.kind or not sheet.stored or "unit" not in sheet.columns:
        return []
    return sorted({mask_personal(u) for u in pd.unique(sheet.column("unit")) if isinstance(u, str) and u})


def sheet_periods(sheet: ParsedSheet) -> list[str]:
    """The periods ('2024', '2024-05') a sheet's rows are stored under, sorted."""
    if not sheet.kind or not sheet.stored:
        return []
    column = "period" if "period" in sheet.columns else "year" if "year" in sheet.columns else None
    if column is None:
        return []
    return sorted({str(p) for p in pd.unique(sheet.column(column)) if isinstance(p, str) and p})


def file_unit_names(parsed: ParsedFile) -> list[str]:
    """Every unit and 上级工会 name a file's stored rows give, in order of first appearance."""
    names: dict[str, None] = {}
    for sheet in parsed.sheets:
        if not sheet.kind or not sheet.stored:
            continue
        for column in ("unit", "parent"):
            if column in sheet.columns:
                names.update(dict.fromkeys(u for u in pd.unique(sheet.column(column)) if isinstance(u, str) and u))
    return list(names)


# --- preview, then commit (issue 14) -------------------------------------------------------------

READY, NOTHING = "ready", "nothing"
DUPLICATE, UNREADABLE = "duplicate", "unreadable"


@dataclass
class SheetPreview:
    """One sheet as it would be stored: its kind (id and 中文), why it is skipped, the units and
    periods its rows would be stored under, the rows to store / reject / warn and the problems
    (as in the report, contract §6)."""

    sheet: str
    kind: str | None
    kind_label: str | None
    skipped: str | None
    units: list[str]
    periods: list[str]
    first_period: str | None
    last_period: str | None
    stored: int
    rejected: int
    warned: int
    problems: list[dict]


@dataclass
class FilePreview:
    """One file read and checked, nothing stored (``preview_bytes``); ``commit_preview`` stores it.

    ``status``: "ready" (rows to store), "duplicate" (the same file is batch ``duplicate_of``),
    "unreadable" or "nothing" (read, but no row would be stored; ``message`` says why).
    ``unit`` and ``year`` as named at upload. ``overlaps``: earlier ledger batches it overlaps
    (id, file_name, created_at, kind) — committing needs ``on_overlap`` then. ``suggestions``:
    new unit names that look like known units (是否就是「…」?). ``today``: the import date the
    file was read with (a re-read after confirming a suggestion uses it again).
    """

    file_name: str
    data: bytes
    unit: str | None
    year: str | None
    status: str
    message: str | None = None
    duplicate_of: int | None = None
    parsed: ParsedFile | None = None
    sheets: list[SheetPreview] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    overlaps: list[dict] = field(default_factory=list)
    today: dt.date | None = None


def preview_bytes(
    engine,
    data: bytes,
    file_name: str,
    *,
    unit: str | None = None,
    year: str | None = None,
    today: dt.date | None = None,
    viewer: Viewer | None = None,
) -> FilePreview:
    """Read one file as ``import_bytes`` would and say what would be stored, storing nothing:
    per sheet the kind, units, periods and row counts; the known units new names look like;
    the earlier ledger batches it overlaps. ``viewer`` as ``import_bytes``."""
    check_may_import(viewer)  # an observer: before the file is even read
    today = today or dt.date.today()
    preview = FilePreview(file_name=file_name, data=data, unit=unit, year=year, status=READY, today=today)
    key = import_key(data, unit, year)
    existing = find_active_batch(engine, key)
    if existing is not None:
        preview.status, preview.duplicate_of, preview.message = DUPLICATE, existing["id"], duplicate_message(existing)
        return preview
    options = parse_options(engine, unit=unit, year=year, today=today, viewer=viewer)
    try:
        parsed = parse.parse_file(data, file_name, options, key=key)  # through the module: tests stand in for it
    except UnreadableFileError as error:
        preview.status, preview.message = UNREADABLE, error.message
        return preview
    except Exception:  # a bug of ours must not cost the other files of the upload their report
        log.exception("parsing %s failed", file_name)
        preview.status = UNREADABLE
        preview.message = f"读取文件「{file_name}」时程序出错,该文件没有导入任何数据。请把文件发给维护人员排查。"
        return preview
    preview.parsed = parsed
    preview.sheets = [sheet_preview(sheet) for sheet in parsed.sheets]
    nothing = nothing_stored_message(parsed)
    if nothing is not None:
        preview.status, preview.message = NOTHING, nothing
        return preview
    # a unit's account is not told the names of other units
    preview.suggestions = suggest_same(file_unit_names(parsed), known_units(engine, viewer=viewer))
    preview.overlaps = find_overlaps(engine, ledger_coverage(s for s in parsed.sheets if s.kind))
    return preview


def sheet_preview(sheet: ParsedSheet) -> SheetPreview:
    periods = sheet_periods(sheet)
    return SheetPreview(
        sheet=mask_personal(sheet.name),
        kind=sheet.kind,
        kind_label=KIND_LABELS.get(sheet.kind) if sheet.kind else None,
        skipped=sheet.skipped,
        units=sheet_units(sheet),
        periods=periods,
        first_period=periods[0] if periods else None,
        last_period=periods[-1] if periods else None,
        stored=sheet.stored,
        rejected=sheet.rejected,
        warned=sheet.warned,
        problems=[{"row": p.row, "column": p.column, "level": p.level, "message": p.message} for p in sheet.problems],
    )


def preview_report(preview: FilePreview, *, on_overlap: str | None = None) -> dict:
    """The report of contract §6 the file would get (``batch`` None: nothing is stored yet):
    status "imported" for a file that would be stored (or stores nothing, with the message),
    "overlap" when it overlaps earlier ledger batches and ``on_overlap`` does not say what to do."""
    status = {READY: "imported", NOTHING: "imported"}.get(preview.status, preview.status)
    if preview.status == READY and preview.overlaps and on_overlap is None:
        status = "overlap"
    message = preview.message
    if status == "overlap":
        message = overlap_stopped_message(preview.overlaps)
    return file_report(preview.file_name, status, message=message, parsed=preview.parsed, suggestions=preview.suggestions)


def commit_preview(
    engine,
    preview: FilePreview,
    *,
    on_overlap: str | None = None,
    same_as: Mapping[str, str] | None = None,
    user: str | None = None,
    viewer: Viewer | None = None,
) -> dict:
    """Store a previewed file; its report (contract §6, as ``import_bytes`` gives).

    ``same_as``: new name → the known unit the user confirmed it is (是否就是「…」? → 是): each
    is merged into that unit first (``store.units.merge_units``: an alias, audited, undoable;
    rows already stored under the new name follow), then the file is read again with them —
    as it is when a name it gives has become an alias since the preview (a merge on 设置).
    ``on_overlap`` as ``commit_file``.
    """
    for name, known in (same_as or {}).items():
        if name != known and unit_aliases(engine).get(name) != known:
            merge_units(engine, name, known, user=user, viewer=viewer)
    aliases = unit_aliases(engine, viewer=viewer)
    if preview.parsed is not None and any(name in aliases for name in file_unit_names(preview.parsed)):
        preview = preview_bytes(
            engine, preview.data, preview.file_name, unit=preview.unit, year=preview.year, today=preview.today, viewer=viewer
        )
    if preview.status == DUPLICATE:
        # a batch imported before the files were kept gets this one (then it can be 重新识别)
        keep_missing_file(engine, preview.duplicate_of, preview.data, {"unit": preview.unit, "year": preview.year})
        return file_report(preview.file_name, DUPLICATE, message=preview.message, duplicate_of=preview.duplicate_of)
    if preview.status == UNREADABLE:
        return file_report(preview.file_name, UNREADABLE, message=preview.message)
    parsed = preview.parsed
    if preview.status == NOTHING:
        return file_report(preview.file_name, "imported", message=preview.message, parsed=parsed)
    result = commit_file(
        engine,
        parsed,
        user=user,
        on_overlap=on_overlap,
        viewer=viewer,
        content=preview.data,  # kept with the batch: 重新识别 reads it again
        options={"unit": preview.unit, "year": preview.year},
    )
    report = committed_report(preview.file_name, result, parsed)
    report["suggestions"] = [
        {"name": mask_personal(s.name), "known": mask_personal(s.known), "score": s.score} for s in preview.suggestions
    ]
    return report


def import_bytes(
    engine,
    data: bytes,
    file_name: str,
    *,
    unit: str | None = None,
    year: str | None = None,
    on_overlap: str | None = None,
    user: str | None = None,
    today: dt.date | None = None,
    viewer: Viewer | None = None,
) -> tuple[dict, ParsedFile | None]:
    """Parse and commit one file's bytes; returns (report, parsed file or None).

    ``viewer`` (district mode; None is the one-person mode): an observer may not import
    (``AccessDeniedError``); for a 基层工会 user every row of a unit outside their own
    unit and its children is rejected with the reason, the other rows are stored.
    ``year``: the year named at upload, for sheets that give none (contract §1).
    A file that would store nothing is not committed: its report has no batch and a
    message that says so and why (§6). ``preview_bytes`` then ``commit_preview``.
    """
    preview = preview_bytes(engine, data, file_name, unit=unit, year=year, today=today, viewer=viewer)
    report = commit_preview(engine, preview, on_overlap=on_overlap, user=user, viewer=viewer)
    return report, preview.parsed


def committed_report(file_name: str, result: CommitResult, parsed: ParsedFile) -> dict:
    """The report of a file handed to ``commit_file``: a duplicate names the batch holding
    the file in ``duplicate_of`` and has no batch (§6)."""
    if result.status == "duplicate":
        return file_report(file_name, "duplicate", message=result.message, parsed=parsed, duplicate_of=result.batch_id)
    return file_report(file_name, result.status, message=result.message, batch=result.batch_id, parsed=parsed)


def reidentify_batch(
    engine, batch_id: int, *, user: str | None = None, viewer: Viewer | None = None, today: dt.date | None = None
) -> dict:
    """重新识别: read a batch's kept file again with today's rules (``parse_options``) and
    the unit and year named at its upload, and store it as a new batch that replaces it
    (undoing the new batch brings the old one back). Returns the file's report (§6) with
    the new batch and a message saying which it replaced; when the new reading stores
    nothing (or the file cannot be read now), nothing changes: no batch, and the message
    says why. ``viewer`` as for undo: an observer never, a unit user only a batch of
    their own units (``AccessDeniedError``). ``UsageError`` for a batch that does not
    exist, is not active, or has no kept file. Audited (action "reidentify").
    """
    if viewer is not None and not viewer.can_import:
        raise AccessDeniedError("观察者账号只能查看数据,不能重新识别批次。")
    batch = get_batch(engine, batch_id, viewer=viewer)
    if batch is None:
        raise UsageError(f"批次 #{batch_id} 不存在,无法重新识别。请先查看批次列表。")
    if batch["status"] == "replaced":
        raise UsageError(
            f"批次 #{batch_id} 已被批次 #{batch['replaced_by']} 替换,不能重新识别;如需恢复它,请撤销批次 #{batch['replaced_by']}。"
        )
    if batch["status"] != "active":
        raise UsageError(f"批次 #{batch_id} 已经撤销,不能重新识别;需要时请重新导入该文件。")
    data = batch_content(engine, batch_id, viewer=viewer)
    if data is None:
        raise UsageError(
            f"批次 #{batch_id} 导入时还没有保存原文件,无法重新识别;再上传一次同一文件(所属单位、年度照原样填写)即可补存,之后就能重新识别。"
        )
    options = batch["options"] or {}
    unit, year = options.get("unit"), options.get("year")
    name = batch["file_name"]
    parse_with = parse_options(engine, unit=unit, year=year, today=today or dt.date.today(), viewer=viewer)
    try:
        parsed = parse.parse_file(data, name, parse_with, key=import_key(data, unit, year))
    except UnreadableFileError as error:
        return file_report(name, "unreadable", message=message("reidentify_unchanged", batch=batch_id, reason=error.message))
    nothing = nothing_stored_message(parsed)
    if nothing is not None:
        return file_report(
            name, "imported", message=message("reidentify_unchanged", batch=batch_id, reason=nothing), parsed=parsed
        )
    result = commit_file(
        engine,
        parsed,
        user=user,
        on_overlap="keep",  # the other batches it overlaps were kept beside it: they stay
        viewer=viewer,
        content=data,
        options={"unit": unit, "year": year},
        replaces=[batch_id],
    )
    report = committed_report(name, result, parsed)
    if result.status == "imported":
        report["message"] = message("reidentified", batch=batch_id, new=result.batch_id)
    return report


def nothing_stored_message(parsed: ParsedFile) -> str | None:
    """Why a file stores nothing (§6: never a success), or None when it stores rows."""
    if any(sheet.stored for sheet in parsed.sheets):
        return None
    if not parsed.kinds:
        reasons = ";".join(
            message("sheet_reason", sheet=mask_personal(s.name), reason=s.skipped.rstrip("。"))
            for s in parsed.sheets
            if s.skipped
        )
        return message("nothing_stored_unrecognised", reasons=f"({reasons})" if reasons else "")
    rejected = sum(sheet.rejected for sheet in parsed.sheets)
    return message("nothing_stored_rejected", rows=rejected) if rejected else message("nothing_stored_empty")


def parse_options(
    engine,
    *,
    unit: str | None = None,
    year: str | None = None,
    today: dt.date | None = None,
    viewer: Viewer | None = None,
):
    """ParseOptions with the user's aliases, welfare standards and category rules merged in
    (``unionstats.preferences``), the store's key for person keys (contract §5, ``store.keys``,
    never in the store) and the units ``viewer`` may import.

    A unit account (a viewer with a scope) never changes the unit tree (issue 17): its rows
    keep each unit's 上级工会 as the tree gives it today (``unit_parents``), and its 单位信息
    rows are stored only under a year the store already holds (``registry_years``) — a
    registry describes units in a year; it does not open one, which would move every user's
    default year (the newest year of ``metrics.catalog.years``). An admin and the one-person
    mode are not limited."""
    scoped = viewer is not None and viewer.units is not None
    return ParseOptions(
        unit=unit,
        year=year,
        today=today or dt.date.today(),
        aliases=AliasTable.build(tuple(preferences.aliases(engine))),
        welfare_standards=preferences.welfare_standards(engine),
        category_rules=preferences.category_rules_in_order(engine),
        activity_type_rules=preferences.activity_type_rules_in_order(engine),
        person_key_secret=person_key_secret(engine),
        allowed_units=viewer.units if viewer is not None else None,
        unit_aliases=unit_aliases(engine, viewer=viewer),
        unit_parents=unit_parents(engine, viewer=viewer) if scoped else None,
        registry_years=frozenset(years(engine)) if scoped else None,
    )


def import_files(
    paths: Iterable[Path],
    *,
    url: str | None = None,
    unit: str | None = None,
    year: str | None = None,
    on_overlap: str | None = None,
    user: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    rejected_out: Path | None = None,
    viewer: Viewer | None = None,
) -> list[dict]:
    """Import files one by one (each its own transaction); the report per file.

    With ``rejected_out``, the rejected rows of all files are written there as .xlsx
    (only when there are any).
    """
    engine = open_store(url)
    paths = list(paths)
    reports = []
    parsed_files = []
    for index, path in enumerate(paths):
        if progress:
            progress(index, len(paths), path.name)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reports.append(file_report(path.name, "unreadable", message=f"无法打开文件「{path}」:{describe_os_error(error)}。"))
            continue
        report, parsed = import_bytes(
            engine, data, path.name, unit=unit, year=year, on_overlap=on_overlap, user=user, viewer=viewer
        )
        reports.append(report)
        if parsed is not None and rejected_out is not None:
            parsed_files.append(parsed)  # for the rejected rows; otherwise each file's rows go once stored
    if rejected_out is not None:
        workbook = rejected_workbook(parsed_files)
        if workbook is not None:
            write_private(rejected_out, workbook)  # rejected rows hold names (§5): the owner's alone
    return reports


def preview_files(
    paths: Iterable[Path],
    *,
    url: str | None = None,
    unit: str | None = None,
    year: str | None = None,
    on_overlap: str | None = None,
    rejected_out: Path | None = None,
    viewer: Viewer | None = None,
) -> list[dict]:
    """``import_files`` without storing anything (``import --dry-run``): per file the report it
    would get (``preview_report``: batch None), with the units, periods and suggestions."""
    engine = open_store(url)
    reports = []
    parsed_files = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reports.append(file_report(path.name, "unreadable", message=f"无法打开文件「{path}」:{describe_os_error(error)}。"))
            continue
        preview = preview_bytes(engine, data, path.name, unit=unit, year=year, viewer=viewer)
        reports.append(preview_report(preview, on_overlap=on_overlap))
        if preview.parsed is not None and rejected_out is not None:
            parsed_files.append(preview.parsed)
    if rejected_out is not None:
        workbook = rejected_workbook(parsed_files)
        if workbook is not None:
            write_private(rejected_out, workbook)  # rejected rows hold names (§5): the owner's alone
    return reports


SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
TABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}


def import_sample(
    engine, *, user: str | None = None, progress: Callable[[int, int, str], None] | None = None, viewer: Viewer | None = None
) -> list[dict]:
    """Import the shipped sample files (``data/sample``) through the normal importer.

    ``progress(index, total, file name)`` is called before each file. Files already
    imported are reported as duplicates, so loading twice stores nothing more.
    """
    paths = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in TABLE_SUFFIXES)
    reports = []
    for index, path in enumerate(paths):
        if progress:
            progress(index, len(paths), path.name)
        report, _ = import_bytes(engine, path.read_bytes(), path.name, on_overlap="keep", user=user, viewer=viewer)
        reports.append(report)
    return reports
