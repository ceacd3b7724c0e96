"""The audit log: who imported, undid, changed settings or users, signed in or exported
what, and when (issue 7). Kept in the store's ``audit`` table, listed on 设置 for admins.

Library functions that change the store record their entry in the same transaction as
the change (``record_in``), so an entry exists exactly when the change does. Details are
JSON with ID and phone numbers masked (contract §5): a file name may hold one.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from unionstats.access import ADMIN, Viewer
from unionstats.errors import AccessDeniedError, StoreError
from unionstats.rules.personal import mask_personal
from unionstats.store.engine import describe_error
from unionstats.store.schema import audit

# The actions recorded, with the words 设置 shows for them. One row per action.
ACTIONS: dict[str, str] = {
    "import": "导入",
    "undo": "撤销批次",
    "reidentify": "重新识别",
    "settings": "修改设置",
    "export": "导出",
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "user_add": "新建用户",
    "user_password": "重设密码",
    "user_role": "修改角色",
    "user_disable": "停用用户",
    "user_enable": "启用用户",
    "merge_units": "合并单位",
    "undo_merge": "撤销合并单位",
}


CLAIMED_USER_ENV = "UNIONSTATS_USER"  # a name the operator gives themself: kept, marked as claimed
NAME_LENGTH = 100  # the audit's user column


def system_user() -> str:
    """The operating-system account running this process: the name of the effective user id
    (``pwd``), not ``$USER`` or ``$LOGNAME`` (anyone can set those); elsewhere (Windows, an
    id without a name in a container) ``getpass.getuser()`` or the id itself."""
    try:
        import pwd  # POSIX only

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError, OSError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "未知系统用户"


def operator_name(user: str | None = None, *, claimed: str | None = None) -> str:
    """Who to record for a change: ``user`` when given (a signed-in viewer's name, proven by
    their password); otherwise the operating-system user (``system_user``) — the command line
    and the one-person mode — with any name they give themself (``claimed``, else
    ``UNIONSTATS_USER``) marked as claimed: ``root(自称「华新工会」)``. At most 100 characters."""
    if user:
        return user[:NAME_LENGTH]
    who = system_user()
    claimed = " ".join((claimed or os.environ.get(CLAIMED_USER_ENV) or "").split())
    if claimed and claimed != who:
        mark = f"(自称「{claimed[: max(NAME_LENGTH - len(who) - 6, 1)]}」)"
        who = who[: NAME_LENGTH - len(mark)] + mark
    return who[:NAME_LENGTH]


LIST_LIMIT = 1000  # entries listed at most; the newest first


def record(engine: Engine, *, user: str | None, action: str, detail: Any = None, now: datetime | None = None) -> None:
    """Add one entry in its own transaction. ``detail``: any JSON value (None for none).
    ``user`` None: the operating-system user (and any claimed name, ``operator_name``)."""
    if user is None:
        user = operator_name()
    try:
        with engine.begin() as conn:
            record_in(conn, user=user, action=action, detail=detail, now=now)
    except SQLAlchemyError as exc:
        raise StoreError(f"无法写入操作记录:{describe_error(exc)}。") from exc


def record_in(conn: Connection, *, user: str | None, action: str, detail: Any = None, now: datetime | None = None) -> None:
    """Add one entry inside the caller's transaction (it is kept only if the change is)."""
    conn.execute(
        insert(audit).values(
            at=now or datetime.now().replace(microsecond=0),
            user_name=(user or None) and user[:100],
            action=action[:40],
            detail=None if detail is None else json.dumps(_masked(detail), ensure_ascii=False, default=str),
        )
    )


def list_entries(
    engine: Engine,
    *,
    viewer: Viewer | None = None,
    user: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = LIST_LIMIT,
) -> list[dict]:
    """Audit entries, newest first: id, at, user, action, action_label, detail (decoded JSON).

    Filters: ``user`` exact name, ``action`` one of ``ACTIONS``, ``since`` / ``until``
    inclusive times; None for no filter. Only an admin (or the one-person mode, viewer
    None) may read the log: anyone else gets ``AccessDeniedError``.
    """
    if viewer is not None and viewer.role != ADMIN:
        raise AccessDeniedError("只有区总工会管理员可以查看操作记录。")
    query = select(audit).order_by(audit.c.at.desc(), audit.c.id.desc()).limit(limit)
    if user:
        query = query.where(audit.c.user_name == user)
    if action:
        query = query.where(audit.c.action == action)
    if since is not None:
        query = query.where(audit.c.at >= since)
    if until is not None:
        query = query.where(audit.c.at <= until)
    try:
        with engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
    except SQLAlchemyError as exc:
        raise StoreError(f"无法读取操作记录:{describe_error(exc)}。") from exc
    return [
        {
            "id": row["id"],
            "at": row["at"],
            "user": row["user_name"],
            "action": row["action"],
            "action_label": ACTIONS.get(row["action"], row["action"]),
            "detail": None if row["detail"] is None else json.loads(row["detail"]),
        }
        for row in rows
    ]


def users_in_log(engine: Engine) -> list[str]:
    """Every user name that appears in the log, sorted (for the filter on 设置)."""
    with engine.connect() as conn:
        names = conn.execute(select(audit.c.user_name).where(audit.c.user_name.is_not(None)).group_by(audit.c.user_name))
        return sorted(names.scalars().all())


def count_entries(engine: Engine) -> int:
    """How many entries the log holds."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit)).scalar_one())


def _masked(value: Any) -> Any:
    """The value with every ID or phone number inside it masked (contract §5)."""
    if isinstance(value, dict):
        return {str(k): _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_masked(v) for v in value]
    if isinstance(value, str):
        return mask_personal(value)
    return value
