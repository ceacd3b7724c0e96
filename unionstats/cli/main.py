"""The command line, ``python -m unionstats`` (data contract §6): thin over the library.

Library errors are turned into one Chinese sentence on stderr here and nowhere else;
``--debug`` shows the traceback instead. Heavy modules are imported inside the commands
so that ``--help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from unionstats.cli.report import add_parser as add_report_parser
from unionstats.cli.report import run_report
from unionstats.cli.users import add_parser as add_user_parser
from unionstats.cli.users import cmd_user
from unionstats.errors import UnionStatsError, UnreadableFileError

EXIT_OK = 0
EXIT_UNREADABLE = 2  # contract §6: a file could not be read at all
EXIT_ERROR = 1


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse that says a wrong command line in one Chinese sentence (exit 1: exit 2
    means a file could not be read, contract §6)."""

    def error(self, message: str) -> None:
        self.exit(1, f"错误:命令参数有误({message}),请用 python -m unionstats --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="python -m unionstats",
        description="工会统计看板命令行:导入 Excel/CSV、计算指标、生成模板与示例数据。",
    )
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的技术信息(traceback)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=ChineseArgumentParser)

    db_help = "数据库地址(默认:内置 SQLite data/unionstats.db;环境变量 UNIONSTATS_DB_URL 可覆盖)"

    p = commands.add_parser("import", help="导入一个或多个 Excel/CSV 文件")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--db", help=db_help)
    p.add_argument("--unit", help="文件所属单位(表中没有「单位」列时使用)")
    p.add_argument("--on-overlap", choices=["replace", "keep"], help="台账与已导入批次重叠时:replace 替换旧批次,keep 两者都保留")
    p.add_argument("--user", help="导入人(默认:当前系统用户)")
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")
    p.add_argument("--rejected-out", type=Path, metavar="FILE.xlsx", help="把被拒收的行(原样加「原因」列)写入此 Excel 文件")

    p = commands.add_parser("metrics", help="计算各项指标")
    p.add_argument("--db", help=db_help)
    p.add_argument("--by", choices=["all", "unit", "parent"], default="all", help="汇总方式:全部、按单位、按上级工会")
    p.add_argument("--period", choices=["year", "month"], default="year", help="按年或按月")
    p.add_argument("--format", choices=["json", "csv"], default="json")

    p = commands.add_parser("template", help="生成某类数据的标准模板(.xlsx)")
    p.add_argument("kind", metavar="KIND", help="membership | dues | welfare | competitions | units | finance")
    p.add_argument("--out", required=True, type=Path)

    p = commands.add_parser("sample", help="生成示例数据文件")
    p.add_argument("--out", required=True, type=Path)

    p = commands.add_parser("batches", help="列出导入批次")
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("undo", help="撤销一个导入批次")
    p.add_argument("batch", type=int, metavar="BATCH_ID")
    p.add_argument("--db", help=db_help)
    p.add_argument("--user")

    p = commands.add_parser("backup", help="把整个数据库备份为一个文件(SQLite 与 PostgreSQL 通用)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("restore", help="从备份文件恢复整个数据库")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--db", help=db_help)
    p.add_argument("--replace", action="store_true", help="数据库已有数据时,先清空再用备份覆盖")

    add_user_parser(commands, db_help)
    add_report_parser(commands, db_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except UnionStatsError as error:
        if args.debug:
            raise
        print(f"错误:{error.message}", file=sys.stderr)
        return EXIT_UNREADABLE if isinstance(error, UnreadableFileError) else EXIT_ERROR
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: never a traceback for the user
        if args.debug:
            raise
        print(f"错误:发生了意外问题({type(error).__name__}),请加 --debug 重试并把输出发给维护人员。", file=sys.stderr)
        return EXIT_ERROR


# ---------------------------------------------------------------- import
def cmd_import(args: argparse.Namespace) -> int:
    from unionstats.importer import import_files

    reports = import_files(
        args.files, url=args.db, unit=args.unit, on_overlap=args.on_overlap, user=args.user, rejected_out=args.rejected_out
    )
    if args.json:
        print(json.dumps({"files": reports}, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(format_file_report(report))
    return EXIT_UNREADABLE if any(r["status"] == "unreadable" for r in reports) else EXIT_OK


STATUS_TEXT = {"imported": "已导入", "duplicate": "重复文件,未导入", "overlap": "与已有批次重叠,未导入", "unreadable": "无法读取"}


def format_file_report(report: dict) -> str:
    """The import report of one file as plain Chinese lines."""
    from unionstats.rules.columns import KIND_LABELS

    head = f"文件「{report['file']}」:{STATUS_TEXT[report['status']]}"
    if report.get("batch"):
        head += f"(批次 #{report['batch']})"
    lines = [head]
    if report.get("message"):
        lines.append(f"  {report['message']}")
    for sheet in report["sheets"]:
        if sheet["kind"] is None:
            lines.append(f"  工作表「{sheet['sheet']}」:已跳过,{sheet['skipped']}")
            continue
        lines.append(
            f"  工作表「{sheet['sheet']}」:{KIND_LABELS[sheet['kind']]},入库 {sheet['stored']} 行,"
            f"拒收 {sheet['rejected']} 行,警告 {sheet['warned']} 行"
        )
        for problem in sheet["problems"]:
            mark = "拒收" if problem["level"] == "rejected" else "警告"
            lines.append(f"    [{mark}] {problem['message']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- metrics
def cmd_metrics(args: argparse.Namespace) -> int:
    from unionstats.metrics.compute import compute_metrics, records
    from unionstats.store import open_store

    table = compute_metrics(open_store(args.db), by=args.by, period=args.period)
    if args.format == "csv":
        sys.stdout.write(table.to_csv(index=False))
    else:
        print(json.dumps(records(table), ensure_ascii=False, indent=2))
    return EXIT_OK


# ---------------------------------------------------------------- templates, samples, batches
def cmd_template(args: argparse.Namespace) -> int:
    from unionstats.errors import UsageError
    from unionstats.output.templates import write_template

    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(f"模板是 Excel 文件,请把 --out 写成以 .xlsx 结尾的文件名(现在是「{args.out.name}」)。")
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_template(args.kind, args.out)
    except OSError as error:
        from unionstats.importer import os_reason

        raise UsageError(f"无法写入「{args.out}」:{os_reason(error)}。") from error
    print(f"已生成模板:{args.out}")
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from unionstats.sample import write_sample

    try:
        paths = write_sample(args.out)
    except OSError as error:
        from unionstats.errors import UsageError
        from unionstats.importer import os_reason

        raise UsageError(f"无法写入「{args.out}」:{os_reason(error)}。") from error
    print(f"已生成 {len(paths)} 个示例文件,位于 {args.out}")
    return EXIT_OK


def cmd_batches(args: argparse.Namespace) -> int:
    from unionstats.store import list_batches, open_store

    batches = list_batches(open_store(args.db))
    if args.json:
        print(json.dumps(batches, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    if not batches:
        print("还没有导入任何文件。")
    for b in batches:
        state = "已撤销" if b["status"] == "undone" else "有效"
        print(
            f"#{b['id']}  {b['created_at']:%Y-%m-%d %H:%M}  {b['file_name']}  入库{b['rows_stored']}行  拒收{b['rows_rejected']}行  {state}"
        )
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    from unionstats.store import open_store, undo_batch

    undo_batch(open_store(args.db), args.batch, user=args.user)
    print(f"已撤销批次 #{args.batch}。")
    return EXIT_OK


# ---------------------------------------------------------------- backup and restore
def cmd_backup(args: argparse.Namespace) -> int:
    from unionstats.store import open_store
    from unionstats.store.backup import backup

    summary = backup(open_store(args.db), args.out)
    print(f"已备份 {len(summary.rows)} 个数据表共 {summary.total_rows} 行到:{args.out}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from unionstats.store import open_store
    from unionstats.store.backup import restore

    summary = restore(open_store(args.db), args.file, replace=args.replace)
    print(f"已从「{args.file}」恢复 {len(summary.rows)} 个数据表共 {summary.total_rows} 行。")
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "metrics": cmd_metrics,
    "template": cmd_template,
    "sample": cmd_sample,
    "batches": cmd_batches,
    "undo": cmd_undo,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "user": cmd_user,
    "report": run_report,
}
