"""``python -m unionstats import | batches | undo | reidentify``: files into the store, batches
out again, and a batch read again with today's rules.

Imported only when one of these commands runs (``cli.main.COMMANDS``), so it loads the
importer and the store (pandas, SQLAlchemy) at its top.
"""

from __future__ import annotations

import argparse
import json

from unionstats.cli.common import EXIT_OK, EXIT_UNREADABLE, check_writable
from unionstats.importer import import_files, preview_files, reidentify_batch
from unionstats.output.import_report import BATCH_STATUS_LABELS, file_report_text
from unionstats.store import list_batches, open_store, undo_batch
from unionstats.store.audit import operator_name


def cmd_import(args: argparse.Namespace) -> int:
    """Import the files, print the report of each; exit 2 when any file could not be read."""
    if args.rejected_out is not None:
        check_writable(args.rejected_out)  # told before anything is imported, not after
    if args.dry_run:  # §6: read and report exactly as an import would, store nothing
        reports = preview_files(
            args.files,
            url=args.db,
            unit=args.unit,
            year=args.year,
            on_overlap=args.on_overlap,
            rejected_out=args.rejected_out,
        )
    else:
        reports = import_files(
            args.files,
            url=args.db,
            unit=args.unit,
            year=args.year,
            on_overlap=args.on_overlap,
            user=operator_name(claimed=args.user),
            rejected_out=args.rejected_out,
        )
    if args.json:
        print(json.dumps({"files": reports}, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(file_report_text(report, dry_run=args.dry_run))
        if args.dry_run:
            print("试读完成,没有写入数据库。")
    return EXIT_UNREADABLE if any(r["status"] == "unreadable" for r in reports) else EXIT_OK


def cmd_batches(args: argparse.Namespace) -> int:
    """List the import batches, newest first."""
    batches = list_batches(open_store(args.db))
    if args.json:
        print(json.dumps(batches, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not batches:
        print("还没有导入任何文件。")
    for b in batches:
        status = BATCH_STATUS_LABELS[b["status"]]
        if b["status"] == "replaced":
            status += f"(被批次 #{b['replaced_by']} 替换)"
        print(
            f"#{b['id']}  {b['created_at']:%Y-%m-%d %H:%M}  {b['file_name']}  入库{b['rows_stored']}行  "
            f"拒收{b['rows_rejected']}行  {status}"
        )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    """Undo one import batch; says which batches it had replaced are back."""
    result = undo_batch(open_store(args.db), args.batch, user=operator_name(claimed=args.user))
    print(result.message)
    return EXIT_OK


def cmd_reidentify(args: argparse.Namespace) -> int:
    """Read a batch's kept file again with today's rules, as a new batch that replaces it;
    exit 2 when the file cannot be read now (nothing changed)."""
    report = reidentify_batch(open_store(args.db), args.batch, user=operator_name(claimed=args.user))
    if args.json:
        print(json.dumps({"files": [report]}, ensure_ascii=False, indent=2))
    else:
        print(file_report_text(report))
    return EXIT_UNREADABLE if report["status"] == "unreadable" else EXIT_OK
