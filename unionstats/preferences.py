"""The user's own settings (设置), stored in the store and merged over ``unionstats.rules``.

Targets here; the import rules (aliases, welfare standards, category rules) are read by
``unionstats.importer.parse_options``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from unionstats.errors import UsageError
from unionstats.rules.metrics import METRIC_BY_ID, RATE
from unionstats.rules.targets import TARGETS
from unionstats.store import get_setting, set_setting

TARGETS_SETTING = "targets"  # {metric id: fraction}


def targets(engine: Engine) -> dict[str, float]:
    """Targets per rate metric id (fractions, 0.95): the user's over the defaults."""
    return {**TARGETS, **get_setting(engine, TARGETS_SETTING, {})}


def save_targets(engine: Engine, wanted: dict[str, float | None]) -> None:
    """Store targets (fractions between 0 and 2); a None value removes a target."""
    for metric, value in wanted.items():
        if metric not in METRIC_BY_ID or METRIC_BY_ID[metric].value_unit != RATE:
            raise UsageError(f"「{metric}」不是比率指标,不能设置目标。")
        if value is not None and not 0 <= value <= 2:
            raise UsageError(f"{METRIC_BY_ID[metric].label}的目标应在0%到200%之间。")
    set_setting(engine, TARGETS_SETTING, {m: v for m, v in wanted.items() if v is not None})
