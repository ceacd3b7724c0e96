"""The command line, ``python -m unionstats`` (data contract §6): the parser, the dispatch, the error edge.

Each command runs in a module of its own (``COMMANDS``) that is imported only when that
command runs, so ``--help`` and a mistyped command line answer without loading pandas,
SQLAlchemy or the library. Library errors are turned into one Chinese sentence on stderr
here and nowhere else (``--debug`` shows the traceback instead); the exit codes are the
table in ``cli/common.py``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from unionstats.access import check_switches
from unionstats.cli.common import EXIT_FAILURE, exit_code_of
from unionstats.errors import UnionStatsError, UsageError
from unionstats.formatting import upload_year
from unionstats.report import FORMATS

USER_HELP = "操作人的称呼:操作记录仍记为当前系统用户,并注明「自称」此名(环境变量 UNIONSTATS_USER 同样)"
DB_HELP = "数据库地址(默认:内置 SQLite data/store/unionstats.db;环境变量 UNIONSTATS_DB_URL 可覆盖)"

# command → (module of unionstats.cli, function). The one deliberate late import of the
# command line: a command's module loads the library at its top, and only when it runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("imports", "cmd_import"),
    "batches": ("imports", "cmd_batches"),
    "undo": ("imports", "cmd_undo"),
    "reidentify": ("imports", "cmd_reidentify"),
    "metrics": ("data", "cmd_metrics"),
    "template": ("data", "cmd_template"),
    "sample": ("data", "cmd_sample"),
    "backup": ("data", "cmd_backup"),
    "restore": ("data", "cmd_restore"),
    "user": ("users", "cmd_user"),
    "units": ("units", "cmd_units"),
    "report": ("report", "cmd_report"),
}


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse that says a wrong command line in one Chinese sentence (exit 1: exit 2
    means a file could not be read, contract §6)."""

    def error(self, message: str) -> None:
        self.exit(EXIT_FAILURE, f"错误:命令参数有误({message}),请用 python -m unionstats --help 查看用法。\n")


def year_argument(text: str) -> str:
    """``--year 2024`` (also 2024年): the year as four digits, or a Chinese usage error."""
    try:
        return upload_year(text) or ""
    except UsageError as error:
        raise argparse.ArgumentTypeError(error.message) from None


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of ``python -m unionstats``, with Chinese help."""
    parser = ChineseArgumentParser(
        prog="python -m unionstats",
        description="工会统计看板命令行:导入 Excel/CSV、计算指标、生成模板与示例数据。",
    )
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的技术信息(traceback)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=ChineseArgumentParser)

    p = commands.add_parser("import", help="导入一个或多个 Excel/CSV 文件")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--unit", help="文件所属单位(表中没有「单位」列时使用)")
    p.add_argument("--year", type=year_argument, metavar="YYYY", help="所属年度(表中、标题、工作表名和文件名都没有年份时使用)")
    p.add_argument("--on-overlap", choices=["replace", "keep"], help="台账与已导入批次重叠时:replace 替换旧批次,keep 两者都保留")
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")
    p.add_argument(
        "--dry-run", action="store_true", help="只试读:报告每个工作表的类别、单位、期间、行数和相似的单位名称,不写入数据库"
    )
    p.add_argument("--rejected-out", type=Path, metavar="FILE.xlsx", help="把被拒收的行(原样加「原因」列)写入此 Excel 文件")

    p = commands.add_parser("metrics", help="计算各项指标")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--by", choices=["all", "unit", "parent"], default="all", help="汇总方式:全部、按单位、按上级工会")
    p.add_argument("--period", choices=["year", "month"], default="year", help="按年或按月")
    p.add_argument("--format", choices=["json", "csv"], default="json")

    p = commands.add_parser("template", help="生成某类数据的标准模板(.xlsx)")
    p.add_argument("kind", metavar="KIND", help="membership | dues | welfare | competitions | units | finance")
    p.add_argument("--out", required=True, type=Path)

    p = commands.add_parser("sample", help="生成示例数据文件")
    p.add_argument("--out", required=True, type=Path)

    p = commands.add_parser("batches", help="列出导入批次")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("undo", help="撤销一个导入批次")
    p.add_argument("batch", type=int, metavar="BATCH_ID")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--user", help=USER_HELP)

    p = commands.add_parser("reidentify", help="按现行规则重新识别一个批次保存的原文件,作为替换它的新批次(可撤销)")
    p.add_argument("batch", type=int, metavar="BATCH_ID")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--user", help=USER_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")

    p = commands.add_parser("backup", help="把整个数据库备份为一个文件(SQLite 与 PostgreSQL 通用)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--db", help=DB_HELP)

    p = commands.add_parser("restore", help="从备份文件恢复整个数据库")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--replace", action="store_true", help="数据库已有数据时,先清空再用备份覆盖")

    _add_user_parser(commands)
    _add_units_parser(commands)
    _add_report_parser(commands)
    return parser


def _add_user_parser(commands) -> None:
    """``user add | list | passwd | disable | enable``."""
    p = commands.add_parser("user", help="管理区级模式的用户(创建第一个管理员、重设密码、停用)")
    actions = p.add_subparsers(dest="user_command", required=True, metavar="操作", parser_class=type(p))

    a = actions.add_parser("add", help="新建用户")
    a.add_argument("name", metavar="NAME")
    a.add_argument(
        "--role", required=True, choices=["admin", "unit", "observer"], help="admin 区总工会管理员;unit 基层工会;observer 观察者"
    )
    a.add_argument("--unit", help="所属单位(基层工会必填,与台账中的单位名称一致;观察者可选,不填则可查看全部单位)")
    a.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码(一行),不提示")
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("list", help="列出用户")
    a.add_argument("--json", action="store_true")
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("passwd", help="重设用户密码(同时解除锁定)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码(一行),不提示")
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("disable", help="停用用户(不能再登录)")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("enable", help="重新启用用户")
    a.add_argument("name", metavar="NAME")
    a.add_argument("--db", help=DB_HELP)


def _add_units_parser(commands) -> None:
    """``units list | merge OLD NEW | undo-merge ID``: the 单位名称对照."""
    p = commands.add_parser("units", help="单位名称对照:列出单位及其其他写法,合并同一单位的两种写法,撤销合并")
    actions = p.add_subparsers(dest="units_command", required=True, metavar="操作", parser_class=type(p))

    a = actions.add_parser("list", help="列出单位、上级工会、其他写法和入库行数")
    a.add_argument("--json", action="store_true")
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("merge", help="把单位 OLD 的全部数据并入 NEW,OLD 记为 NEW 的别名(可撤销)")
    a.add_argument("old", metavar="OLD")
    a.add_argument("new", metavar="NEW")
    a.add_argument("--user", help=USER_HELP)
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("undo-merge", help="撤销一次合并,数据恢复为原来的单位名称")
    a.add_argument("merge", type=int, metavar="ID")
    a.add_argument("--user", help=USER_HELP)
    a.add_argument("--db", help=DB_HELP)

    a = actions.add_parser("merges", help="列出合并记录")
    a.add_argument("--json", action="store_true")
    a.add_argument("--db", help=DB_HELP)


def _add_report_parser(commands) -> None:
    """``report --year YYYY [--unit NAME | --parent NAME] [--format F] [--out FILE]``."""
    p = commands.add_parser("report", help="生成年度报告:工作总结文字、职代会PPT、Word、Excel汇总表、网页")
    p.add_argument("--year", required=True, help="报告年度,如 2024")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--unit", help="只报告这个单位(与台账中的单位名称一致)")
    scope.add_argument("--parent", help="报告这个上级工会及其所属单位")
    p.add_argument("--format", choices=list(FORMATS), default="summary", help="summary 文字(默认)、pptx、docx、xlsx、html")
    p.add_argument("--out", type=Path, metavar="FILE", help="输出文件(summary 不写则打印到屏幕)")
    p.add_argument("--db", help=DB_HELP)


def load_command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs command ``name``, its module imported now (``COMMANDS``)."""
    module_name, function_name = COMMANDS[name]
    return getattr(importlib.import_module(f"unionstats.cli.{module_name}"), function_name)


def main(argv: list[str] | None = None) -> int:
    """Run one command line; its exit code (``cli/common.py``). A wrong command line exits 1
    through ``SystemExit``, as argparse does."""
    args = build_parser().parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    try:
        check_switches()  # a mistyped UNIONSTATS_AUTH stops every command, as it stops the app
        return load_command(args.command)(args)
    except KeyboardInterrupt as error:
        print("已中断。", file=sys.stderr)
        return exit_code_of(error)
    except Exception as error:  # the last line of defence: never a traceback for the user
        if args.debug:
            raise
        print(f"错误:{sentence_for(error)}", file=sys.stderr)
        return exit_code_of(error)


def sentence_for(error: Exception) -> str:
    """The one Chinese sentence the user sees for ``error`` (after 「错误:」)."""
    if isinstance(error, UnionStatsError):
        return error.message
    return f"发生了意外问题({type(error).__name__}),请加 --debug 重试并把输出发给维护人员。"
