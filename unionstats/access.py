"""Who is asking: the viewer whose scope every read of the store takes (product.md, roles).

A ``Viewer`` carries the unit names its holder may see. ``None`` in place of a viewer
means the one-person mode on localhost (no login): everything is visible. Every library
function that reads facts (metrics, catalog, ledgers, reports, exports) takes ``viewer``
and restricts rows to ``viewer.units`` in SQL, so hiding a widget is never the only guard.

Whether anyone must sign in at all is the switch ``UNIONSTATS_AUTH``: on (on / 1 / true /
yes), off (off / 0 / false / no, empty or unset), compared without case and surrounding
spaces — any other value is a ``ConfigError`` that stops the app and the command line
(issue 17, finding 7: ``UNIONSTATS_AUTH=enabled`` once turned sign-in off without a word).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from unionstats.errors import AccessDeniedError, ConfigError

# Roles (product.md "Where it runs"); ids are stored, labels are shown.
ADMIN = "admin"  # 区总工会管理员: all units, users, settings
UNIT = "unit"  # 基层工会: its own unit and its children, read and import
OBSERVER = "observer"  # 观察者: read only

ROLE_LABELS = {ADMIN: "区总工会管理员", UNIT: "基层工会", OBSERVER: "观察者"}

# --- switches of the environment: on, off, or stop -----------------------------------------

DISTRICT_MODE_ENV = "UNIONSTATS_AUTH"  # on: sign-in and roles (unionstats.store.users)
SWITCHES = (DISTRICT_MODE_ENV,)  # every on/off switch of the environment

ON_VALUES = ("on", "1", "true", "yes")
OFF_VALUES = ("off", "0", "false", "no", "")


def switch(name: str) -> bool:
    """True when environment variable ``name`` is on, False when off or unset; ``ConfigError``
    (one Chinese line naming the accepted values) for any other value. The value itself is
    not repeated: it could be any text, and the line is shown on a page."""
    value = os.environ.get(name, "").strip().lower()
    if value in ON_VALUES:
        return True
    if value in OFF_VALUES:
        return False
    raise ConfigError(
        f"环境变量 {name} 的值无法识别:打开请设为 {'、'.join(ON_VALUES)} 之一,"
        f"关闭请设为 {'、'.join(v for v in OFF_VALUES if v)} 之一或不设置(不区分大小写),改正后重新启动。"
    )


def check_switches() -> None:
    """Raise ``ConfigError`` if any switch (``SWITCHES``) has a value nobody knows: the app and
    the command line call this before anything else."""
    for name in SWITCHES:
        switch(name)


@dataclass(frozen=True)
class Viewer:
    """A signed-in user as the library sees them.

    ``units``: the unit names whose rows they may read (their own unit and its children,
    already resolved), or None for every unit. ``role`` is one of ADMIN, UNIT, OBSERVER.
    """

    name: str
    role: str
    units: frozenset[str] | None = None

    @property
    def sees_all(self) -> bool:
        return self.units is None

    @property
    def can_import(self) -> bool:
        return self.role in (ADMIN, UNIT)

    @property
    def can_change_settings(self) -> bool:
        return self.role == ADMIN


def may_merge_units(viewer: Viewer | None) -> bool:
    """Whether ``viewer`` may merge two unit names (a merge changes every page's figures): the
    one-person mode (None), or an account that sees all units and may import and change
    settings (an admin)."""
    return viewer is None or (viewer.can_import and viewer.sees_all and viewer.can_change_settings)


def visible_units(viewer: Viewer | None) -> tuple[str, ...] | None:
    """The unit names a viewer may read, or None for all (no viewer, or one who sees all)."""
    if viewer is None or viewer.units is None:
        return None
    return tuple(sorted(viewer.units))


def check_may_import(viewer: Viewer | None, units: Iterable[str] = ()) -> None:
    """Raise ``AccessDeniedError`` unless ``viewer`` may store rows of all ``units``
    (None, the one-person mode, may; an observer never; a unit user within their units)."""
    if viewer is None:
        return
    if not viewer.can_import:
        raise AccessDeniedError("观察者账号只能查看数据,不能导入文件。")
    visible = visible_units(viewer)
    if visible is not None:
        outside = sorted(set(units) - set(visible))
        if outside:
            raise AccessDeniedError(f"本账号只能导入本单位及下属单位的数据,文件中有{len(outside)}个其他单位的行,未导入。")
