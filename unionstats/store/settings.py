"""Settings: the user's own rules (设置) and the store's own values, as JSON by key.

The keys of every setting the library stores are named here, so that the page that
saves one (``unionstats.preferences``) and the importer that reads it agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from unionstats.access import Viewer
from unionstats.errors import AccessDeniedError, StoreError
from unionstats.store import audit as audit_log
from unionstats.store.audit import operator_name
from unionstats.store.engine import local_now, reading, refusal_reason
from unionstats.store.schema import settings

# The user's own rules, edited on 设置 and merged over the defaults of ``unionstats.rules``
# (by ``unionstats.preferences``).
TARGETS_SETTING = "targets"  # {metric id: fraction}
ALIASES_SETTING = "aliases"  # [[kind, field, alias], ...]
STANDARDS_SETTING = "welfare_standards"  # {standard category: cap in 元}
CATEGORY_RULES_SETTING = "welfare_category_rules"  # [[standard category, [word, ...]], ...]
ACTIVITY_RULES_SETTING = "activity_type_rules"  # §3.8: [[standard type, [word, ...]], ...]

# The store's own values: never listed, never audited. The salt of the person keys was one,
# until it turned out that a salt beside the hashes protects nothing (an ID has ~10^8 likely
# values): revision 0012 deletes it, and so does restoring an older backup. The key now
# lives outside the store (``store.keys``).
SALT_SETTING = "_person_key_salt"

# An audit entry keeps at most this many characters of a setting's JSON.
AUDITED_VALUE_CHARS = 500


def get_setting(engine: Engine, key: str, default: Any = None) -> Any:
    """The stored value of setting ``key`` (any JSON value), or ``default`` when unset."""
    with reading(engine) as conn:
        value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    return default if value is None else json.loads(value)


def set_setting(engine: Engine, key: str, value: Any, *, viewer: Viewer | None = None) -> None:
    """Store setting ``key`` as JSON (replacing any earlier value); recorded in the audit log.

    ``viewer`` (district mode): only an admin may change settings (``AccessDeniedError``).
    """
    if viewer is not None and not viewer.can_change_settings:
        raise AccessDeniedError("只有区总工会管理员可以修改设置。")
    text = json.dumps(value, ensure_ascii=False)
    now = local_now()
    try:
        with engine.begin() as conn:
            changed = conn.execute(update(settings).where(settings.c.key == key).values(value=text, updated_at=now)).rowcount
            if not changed:
                conn.execute(insert(settings).values(key=key, value=text, updated_at=now))
            user = operator_name(viewer.name if viewer else None)
            audit_log.record_in(conn, user=user, action="settings", detail={"key": key, "value": _shortened(text)}, now=now)
    except SQLAlchemyError as exc:
        raise StoreError(f"无法保存设置「{key}」:{refusal_reason(exc)}。") from exc


def setting_once(engine: Engine, key: str, make: Callable[[], Any]) -> Any:
    """The stored value of ``key``; when unset, ``make()`` is stored first (once, also when
    two processes ask at the same moment: the first one's value wins). Not audited: for
    the store's own values, not the user's settings — never for a secret (a secret in the
    store is in every copy of it)."""
    value = get_setting(engine, key)
    if value is not None:
        return value
    try:
        with engine.begin() as conn:
            conn.execute(insert(settings).values(key=key, value=json.dumps(make()), updated_at=local_now()))
    except IntegrityError:
        pass  # another process stored it first
    except SQLAlchemyError as exc:
        raise StoreError(f"无法保存设置「{key}」:{refusal_reason(exc)}。") from exc
    return get_setting(engine, key)


def _shortened(text: str) -> str:
    return text if len(text) <= AUDITED_VALUE_CHARS else text[:AUDITED_VALUE_CHARS] + "…"
