"""``python -m unionstats user …``: manage the users of district mode from the command line.

The way to create the first admin (``user add 张敏 --role admin``). Whoever runs these
commands on the server can reach the database anyway, so they act as the operator
(``by=None``) and are recorded in the audit log under the login name.

Imported only when ``user`` runs (``cli.main.COMMANDS``), so it loads the store
(SQLAlchemy) at its top.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from unionstats.access import ROLE_LABELS
from unionstats.cli.common import EXIT_OK
from unionstats.errors import UsageError
from unionstats.store import open_store
from unionstats.store.users import add_user, check_user_fields, list_users, set_disabled, set_password


def cmd_user(args: argparse.Namespace) -> int:
    """Run one ``user`` action; library errors reach ``cli.main`` as one Chinese sentence."""
    engine = open_store(args.db)
    action = args.user_command
    if action == "add":
        check_user_fields(args.name, args.role, args.unit)
        password = _read_password(args.password_stdin, confirm=True)
        user = add_user(engine, args.name, password, role=args.role, unit=args.unit)
        where = f",单位:{user.unit}" if user.unit else ""
        print(f"已新建用户「{user.name}」({ROLE_LABELS[user.role]}{where})。")
    elif action == "list":
        found = list_users(engine)
        if args.json:
            rows = [
                {
                    "name": u.name,
                    "role": u.role,
                    "unit": u.unit,
                    "created_at": u.created_at,
                    "disabled": u.disabled,
                    "locked_until": u.locked_until,
                }
                for u in found
            ]
            print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
            return EXIT_OK
        if not found:
            print("还没有用户。用 python -m unionstats user add 名字 --role admin 创建第一个管理员。")
        for u in found:
            print(f"{u.name}  {ROLE_LABELS[u.role]}  {u.unit or '全部单位'}  {u.state_label()}  创建于 {u.created_at:%Y-%m-%d}")
    elif action == "passwd":
        set_password(engine, args.name, _read_password(args.password_stdin, confirm=True))
        print(f"已重设用户「{args.name}」的密码。")
    elif action in ("disable", "enable"):
        set_disabled(engine, args.name, action == "disable")
        print(f"已{'停用' if action == 'disable' else '启用'}用户「{args.name}」。")
    return EXIT_OK


def _read_password(from_stdin: bool, *, confirm: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    try:
        first = getpass.getpass("密码:")
        if confirm and getpass.getpass("再输入一次:") != first:
            raise UsageError("两次输入的密码不一致,请重试。")
    except EOFError as error:
        raise UsageError("没有读到密码:请在终端中运行,或加 --password-stdin 从标准输入读取。") from error
    return first
