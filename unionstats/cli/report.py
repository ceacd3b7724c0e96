"""``python -m unionstats report``: a year's report for a unit, a 上级工会 or all, in one format.

The summary prints to stdout unless ``--out`` names a file; the other formats need
``--out``. Exit codes as the other commands: 0 done, 2 a wrong input (unknown unit or
上级工会, a year without figures, no --out), 1 anything else (e.g. no browser for Word).
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def add_parser(commands, db_help: str) -> None:
    """Register ``report`` on the CLI's subparsers."""
    from unionstats.report import FORMATS

    p = commands.add_parser("report", help="生成年度报告:工作总结文字、职代会PPT、Word、Excel汇总表、网页")
    p.add_argument("--year", required=True, help="报告年度,如 2024")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--unit", help="只报告这个单位(与台账中的单位名称一致)")
    scope.add_argument("--parent", help="报告这个上级工会及其所属单位")
    p.add_argument("--format", choices=list(FORMATS), default="summary", help="summary 文字(默认)、pptx、docx、xlsx、html")
    p.add_argument("--out", type=Path, metavar="FILE", help="输出文件(summary 不写则打印到屏幕)")
    p.add_argument("--db", help=db_help)


def run_report(args: argparse.Namespace) -> int:
    """Build the report model and write it in the asked format; a wrong input → exit 2."""
    from unionstats.errors import UsageError
    from unionstats.report import render
    from unionstats.report.model import build_report
    from unionstats.store import open_store

    try:
        if args.format != "summary" and args.out is None:
            raise UsageError(f"请用 --out 指定输出文件,例如 --out 报告.{args.format}。")
        model = build_report(open_store(args.db), args.year, unit=args.unit, parent=args.parent)
    except UsageError as error:
        print(f"错误:{error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    data = render(model, args.format)
    if args.out is None:
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    except OSError as error:
        print(f"错误:无法写入「{args.out}」({_why(error)}),请换一个位置或文件名。", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"已生成报告:{args.out}")
    return EXIT_OK


def _why(error: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's own words are English)."""
    if isinstance(error, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(error, PermissionError):
        return "没有写入权限"
    if isinstance(error, FileNotFoundError):
        return "路径不存在"
    if isinstance(error, NotADirectoryError):
        return "路径中有一段不是文件夹"
    if error.errno == errno.ENOSPC:
        return "磁盘已满"
    return "系统无法写入该文件"
