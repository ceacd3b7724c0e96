"""``python -m unionstats metrics | template | sample | backup | restore``: data out of the store and files to fill in.

Imported only when one of these commands runs (``cli.main.COMMANDS``), so it loads the
metrics, the templates, the sample generator and the store (pandas, SQLAlchemy, openpyxl)
at its top.
"""

from __future__ import annotations

import argparse
import io
import json
import sys

from unionstats.cli.common import EXIT_OK, cannot_write
from unionstats.errors import UsageError
from unionstats.metrics.compute import compute_metrics, records
from unionstats.output.templates import write_template
from unionstats.sample import write_sample
from unionstats.store import open_store
from unionstats.store.backup import backup, key_advice, restore
from unionstats.store.private_files import write_private


def cmd_metrics(args: argparse.Namespace) -> int:
    """Print every metric as JSON records or CSV (contract §6)."""
    table = compute_metrics(open_store(args.db), by=args.by, period=args.period)
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        print(json.dumps(records(table), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    """Write the blank 标准模板 of one kind to ``--out`` (.xlsx)."""
    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(f"模板是 Excel 文件,请把 --out 写成以 .xlsx 结尾的文件名(现在是「{args.out.name}」)。")
    buffer = io.BytesIO()
    write_template(args.kind, buffer)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_private(args.out, buffer.getvalue())
    except OSError as error:
        raise cannot_write(args.out, error) from error
    print(f"已生成模板:{args.out}")
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    """Write the sample files into the folder ``--out``."""
    try:
        paths = write_sample(args.out)
    except OSError as error:
        raise cannot_write(args.out, error) from error
    print(f"已生成 {len(paths)} 个示例文件,位于 {args.out}")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    """Back up the whole store to one file (``store.backup``)."""
    engine = open_store(args.db)
    summary = backup(engine, args.out)
    print(f"已备份 {len(summary.rows)} 个数据表共 {summary.total_rows} 行到:{args.out}")
    print(key_advice(engine))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore the whole store from a backup file."""
    engine = open_store(args.db)
    summary = restore(engine, args.file, replace=args.replace)
    print(f"已从「{args.file}」恢复 {len(summary.rows)} 个数据表共 {summary.total_rows} 行。")
    print(key_advice(engine, restored=True))
    return EXIT_OK
