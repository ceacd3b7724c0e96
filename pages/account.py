"""Sign-in for district mode and the admin sections of 设置 (users, audit).

In one-person mode (the default, on localhost) nobody signs in and ``current_viewer``
is None: the library then shows everything.
"""

from __future__ import annotations

from unionstats.access import Viewer


def current_viewer() -> Viewer | None:
    """The signed-in viewer, or None in one-person mode."""
    return None


def login_gate() -> bool:
    """Draw the sign-in form when district mode needs it; True when the page may be shown."""
    return True


def admin_sections() -> None:
    """Users and audit on 设置, for admins in district mode (nothing in one-person mode)."""


def note_export(what: str) -> None:
    """Record in the audit log that the current user exported ``what`` (e.g. "汇总表 2024年")."""
