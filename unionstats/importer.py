"""Import files into the store: parse each, commit each in its own transaction.

The one service the CLI and the pages share. Returns, per file, the report of
contract §6 (``--json`` shape); a file that cannot be read stores nothing and says why.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from unionstats import preferences
from unionstats.access import Viewer, check_may_import
from unionstats.errors import UnreadableFileError, describe_os_error
from unionstats.ingest import parse
from unionstats.ingest.kinds import AliasTable
from unionstats.ingest.model import ParsedFile, ParsedSheet
from unionstats.ingest.parse import ParseOptions, import_key
from unionstats.ingest.rejected import rejected_workbook
from unionstats.rules.messages import message
from unionstats.rules.personal import mask_personal
from unionstats.store import commit_file, find_active_batch, open_store
from unionstats.store.messages import duplicate_message
from unionstats.store.settings import SALT_SETTING, setting_once

log = logging.getLogger(__name__)


def sheet_report(sheet: ParsedSheet, stored: bool = True) -> dict:
    """One sheet's part of the report (contract §6); ``stored`` False when the file
    was not committed (a duplicate or an overlap): then no row was stored."""
    return {
        "sheet": mask_personal(sheet.name),
        "kind": sheet.kind,
        "skipped": sheet.skipped,
        "stored": sheet.stored if stored else 0,
        "rejected": sheet.rejected,
        "warned": sheet.warned,
        "problems": [{"row": p.row, "column": p.column, "level": p.level, "message": p.message} for p in sheet.problems],
    }


def file_report(
    name: str, status: str, *, message: str | None = None, batch: int | None = None, parsed: ParsedFile | None = None
) -> dict:
    """One file's report (contract §6); its sheets' parts only when ``parsed`` is given."""
    return {
        "file": mask_personal(name),  # §5: the report is shown and downloaded
        "status": status,
        "message": message,
        "batch": batch,
        "sheets": [sheet_report(s, stored=status == "imported") for s in parsed.sheets] if parsed else [],
    }


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
    message that says so and why (§6).
    """
    check_may_import(viewer)  # an observer: before the file is even read
    key = import_key(data, unit, year)
    existing = find_active_batch(engine, key)
    if existing is not None:
        return file_report(file_name, "duplicate", batch=None, message=duplicate_message(existing)), None
    options = parse_options(engine, unit=unit, year=year, today=today or dt.date.today(), viewer=viewer)
    try:
        parsed = parse.parse_file(data, file_name, options, key=key)  # through the module: tests stand in for it
    except UnreadableFileError as error:
        return file_report(file_name, "unreadable", message=error.message), None
    except Exception:  # a bug of ours must not cost the other files of the upload their report
        log.exception("parsing %s failed", file_name)
        message = f"读取文件「{file_name}」时程序出错,该文件没有导入任何数据。请把文件发给维护人员排查。"
        return file_report(file_name, "unreadable", message=message), None
    nothing = nothing_stored_message(parsed)
    if nothing is not None:
        return file_report(file_name, "imported", message=nothing, parsed=parsed), parsed
    result = commit_file(engine, parsed, user=user, on_overlap=on_overlap, viewer=viewer)
    return file_report(file_name, result.status, message=result.message, batch=result.batch_id, parsed=parsed), parsed


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
    (``unionstats.preferences``), the store's salt for person keys (contract §5) and the
    units ``viewer`` may import."""
    return ParseOptions(
        unit=unit,
        year=year,
        today=today or dt.date.today(),
        aliases=AliasTable.build(tuple(preferences.aliases(engine))),
        welfare_standards=preferences.welfare_standards(engine),
        category_rules=preferences.category_rules_in_order(engine),
        activity_type_rules=preferences.activity_type_rules_in_order(engine),
        salt=person_salt(engine),
        allowed_units=viewer.units if viewer is not None else None,
    )


SALT_ENV = "UNIONSTATS_SALT"


def person_salt(engine) -> str:
    """The salt of the person keys (hashes of ID and phone numbers, contract §5).

    ``UNIONSTATS_SALT`` when set (a district server should set it, so the salt is not in
    the database beside the hashes); else a random salt made once per store and kept in
    its settings. Changing it makes later keys differ from earlier ones.
    """
    return os.environ.get(SALT_ENV) or setting_once(engine, SALT_SETTING, lambda: secrets.token_hex(16))


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
            Path(rejected_out).write_bytes(workbook)
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
