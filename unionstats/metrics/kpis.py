"""KPI cards: a year's figure of a metric, its change on the year before, its trend and target.

Read from the tidy metrics table (``unionstats.metrics.compute``), over all units (``unit`` 全部)
and all categories; nothing is recomputed. A change of a rate is in 个百分点 (product.md
"Conventions"), of a sum in its own unit (元 / 万元, 人, 人次).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from unionstats.formatting import change as change_text
from unionstats.formatting import metric_value, parts_text, percent
from unionstats.rules.metrics import ALL_UNITS, METRIC_BY_ID, OVERVIEW_CARD, RATE, headlines

# The cards of 概览 (product.md pages 1), in this order.
OVERVIEW_METRICS: tuple[str, ...] = headlines(OVERVIEW_CARD)

UP, DOWN, FLAT = "up", "down", "flat"


@dataclass(frozen=True)
class Kpi:
    """One metric for one year: value, the year before's value, target and trend.

    ``value`` / ``previous`` None when the table has no figure; ``target`` a fraction for a
    rate with a target, else None; ``trend`` (period, value) pairs of every year shown.
    """

    metric: str
    year: str
    value: float | None
    previous: float | None
    numerator: float | None
    denominator: float | None
    target: float | None
    trend: tuple[tuple[str, float], ...]

    @property
    def label(self) -> str:
        return METRIC_BY_ID[self.metric].label

    @property
    def is_rate(self) -> bool:
        return METRIC_BY_ID[self.metric].value_unit == RATE

    @property
    def change(self) -> float | None:
        """value − previous (a fraction for a rate), None when either is missing."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def direction(self) -> str | None:
        """UP, DOWN or FLAT (as shown: a rate's change under 0.05 个百分点 is flat); None without a change."""
        change = self.change
        if change is None:
            return None
        shown = round(abs(change) * 100, 1) if self.is_rate else abs(change)
        if shown == 0:
            return FLAT
        return UP if change > 0 else DOWN

    @property
    def value_text(self) -> str:
        """'96.3%', '5,108人', '142.5万元'."""
        return metric_value(self.metric, self.value)

    @property
    def change_text(self) -> str | None:
        """'较上年提高1.2个百分点', '较上年增加3.2万元', '与上年持平'; None without the year before."""
        change, direction = self.change, self.direction
        if change is None:
            return None
        if direction == FLAT:
            return "与上年持平"
        return f"较上年{change_text(self.metric, change)}"

    @property
    def parts_text(self) -> str | None:
        """A ratio's numerator ÷ denominator, '会员人数 5,108 ÷ 职工人数 5,354'; None for a plain sum."""
        info = METRIC_BY_ID[self.metric]
        if info.denominator is None or self.value is None:
            return None
        numerator, denominator = parts_text({"metric": self.metric, "numerator": self.numerator, "denominator": self.denominator})
        return f"{info.numerator} {numerator} ÷ {info.denominator} {denominator}"

    @property
    def meets_target(self) -> bool | None:
        """True / False against the target (value ≥ target), None without a target or value."""
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target

    @property
    def target_text(self) -> str | None:
        """'达标(目标≥95.0%)' or '未达标(目标≥95.0%)'; None without a target."""
        met = self.meets_target
        if met is None:
            return None
        return f"{'达标' if met else '未达标'}(目标≥{percent(self.target)})"


def _value(rows: pd.DataFrame, period: str, column: str = "value") -> float | None:
    found = rows.loc[rows["period"] == period, column]
    if found.empty:
        return None
    value = float(found.iloc[0])
    return None if math.isnan(value) else value


def year_kpis(
    table: pd.DataFrame,
    year: str,
    *,
    metrics: Sequence[str] = OVERVIEW_METRICS,
    targets: Mapping[str, float] | None = None,
) -> list[Kpi]:
    """One Kpi per metric for ``year`` from a ``by="all"``, ``period="year"`` table, in ``metrics`` order."""
    previous = str(int(year) - 1)
    overall = table[(table["unit"] == ALL_UNITS) & table["category"].isna()]
    cards = []
    for metric in metrics:
        rows = overall[overall["metric"] == metric].sort_values("period")
        trend = tuple((p, float(v)) for p, v in zip(rows["period"], rows["value"], strict=True) if not pd.isna(v))
        cards.append(
            Kpi(
                metric=metric,
                year=year,
                value=_value(rows, year),
                previous=_value(rows, previous),
                numerator=_value(rows, year, "numerator"),
                denominator=_value(rows, year, "denominator"),
                target=(targets or {}).get(metric) if METRIC_BY_ID[metric].value_unit == RATE else None,
                trend=trend,
            )
        )
    return cards
