"""KPI cards: a year's figure of a metric, its change on the year before, its trend and target;
and the like-for-like basis of every 较上年 (cards, summary sentences, deck).

Read from the tidy metrics table (``unionstats.metrics.compute``), over all units (``unit`` 全部)
and all categories; nothing is recomputed. A change of a rate is in 个百分点 (product.md
"Conventions"), of a sum in its own unit (元 / 万元, 人, 人次).

较上年 compares like with like (product.md "Reports"): when the units that gave a metric's
figure this year are not the units that gave it the year before, the change is taken over
the units that gave it in both years — ``compute_metrics`` asked again for just those units
(``like_for_like``), never a second formula — and says so ("按两年均报送的21家单位计").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from unionstats.access import Viewer
from unionstats.formatting import change as change_text
from unionstats.formatting import metric_value, number_or_none, parts_text, percent
from unionstats.metrics.compute import compute_metrics
from unionstats.rules.metrics import ALL_UNITS, METRIC_BY_ID, METRIC_ORDER, OVERVIEW_CARD, RATE, headlines
from unionstats.rules.sentences import LIKE_FOR_LIKE

# The cards of 概览 (product.md pages 1), in this order.
OVERVIEW_METRICS: tuple[str, ...] = headlines(OVERVIEW_CARD)

UP, DOWN, FLAT = "up", "down", "flat"


@dataclass(frozen=True)
class LikeForLike:
    """The basis of 较上年 for one year: which metrics' units differ between the two years.

    ``units``: metric id → how many units gave its figure (over all categories) in both
    ``year`` and the year before, only for metrics whose units differ between the two years
    (a metric not in it compares its plain figures: the same units both years). ``table``:
    ``compute_metrics(by="all")`` of those metrics over just those units, for both years.
    """

    year: str
    units: Mapping[str, int] = field(default_factory=dict)
    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["metric", "unit", "period", "category", "value"]))

    @property
    def previous_year(self) -> str:
        return str(int(self.year) - 1)

    def applies(self, metric: str) -> bool:
        """True when ``metric``'s change is taken over the units of both years (its units differ)."""
        return metric in self.units

    def values(self, metric: str, category: str | None = None) -> tuple[float | None, float | None]:
        """(this year, the year before) of ``metric`` over the units of both years; None where missing."""
        rows = self.table[(self.table["metric"] == metric) & (self.table["unit"] == ALL_UNITS)]
        rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
        found = dict(zip(rows["period"], rows["value"], strict=True))
        return number_or_none(found.get(self.year)), number_or_none(found.get(self.previous_year))

    def change(self, metric: str, category: str | None = None) -> float | None:
        """This year's figure minus last year's over the units of both years; None when either is missing."""
        now, before = self.values(metric, category)
        return None if now is None or before is None else now - before

    def note(self, metric: str) -> str | None:
        """'按两年均报送的21家单位计' for a metric compared over the units of both years, else None."""
        if not self.applies(metric) or not self.units[metric]:
            return None
        return LIKE_FOR_LIKE.format(units=self.units[metric])


def units_of_both_years(by_unit: pd.DataFrame, year: str, metrics: Iterable[str]) -> dict[str, frozenset[str]]:
    """Per metric whose units differ between ``year`` and the year before: the units with its figure in both.

    ``by_unit``: ``compute_metrics(by="unit")`` covering both years. A unit "gives" a figure
    when its value over all categories is present (a rate with a missing denominator gives
    none). Metrics with the same units in both years, or without figures in one of the years
    (nothing to compare), are left out.
    """
    previous = str(int(year) - 1)
    given = by_unit[by_unit["category"].isna() & by_unit["value"].notna()]
    found: dict[str, frozenset[str]] = {}
    for metric in metrics:
        rows = given[given["metric"] == metric]
        now = frozenset(rows.loc[rows["period"] == year, "unit"])
        before = frozenset(rows.loc[rows["period"] == previous, "unit"])
        if now and before and now != before:
            found[metric] = now & before
    return found


def like_for_like(
    engine: Engine,
    year: str,
    *,
    metrics: Iterable[str] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    fund_type: str | None = None,
    viewer: Viewer | None = None,
) -> LikeForLike:
    """The like-for-like basis of ``year``'s 较上年 for ``metrics`` (None: every metric).

    The filters are those of ``compute_metrics``. Asks ``compute_metrics`` by unit for the two
    years; for each set of units of both years that differs from either year's units, asks it
    again over all of just those units (one query per distinct set, for its metrics).
    """
    year = str(year)
    previous = str(int(year) - 1)
    wanted = list(metrics) if metrics is not None else list(METRIC_ORDER)
    query = {"units": units, "parents": parents, "fund_type": fund_type, "viewer": viewer}
    by_unit = compute_metrics(engine, by="unit", years=(previous, year), only=wanted, **query)
    both_years = units_of_both_years(by_unit, year, wanted)
    grouped: dict[frozenset[str], list[str]] = {}
    for metric, common in both_years.items():
        grouped.setdefault(common, []).append(metric)
    pieces = [
        # the common units lie within the filters' units and 上级工会: asked for by name
        compute_metrics(engine, years=(previous, year), units=sorted(common), fund_type=fund_type, viewer=viewer, only=asked)
        for common, asked in grouped.items()
        if common
    ]
    table = pd.concat(pieces, ignore_index=True) if pieces else LikeForLike(year).table
    return LikeForLike(year, {metric: len(common) for metric, common in both_years.items()}, table)


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
    like_for_like: LikeForLike | None = None

    @property
    def label(self) -> str:
        return METRIC_BY_ID[self.metric].label

    @property
    def is_rate(self) -> bool:
        return METRIC_BY_ID[self.metric].value_unit == RATE

    @property
    def change(self) -> float | None:
        """value − previous (a fraction for a rate), None when either is missing; over the units
        of both years when the two years' units differ (``like_for_like``)."""
        if self.like_for_like is not None and self.like_for_like.applies(self.metric):
            return self.like_for_like.change(self.metric)
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def basis_text(self) -> str | None:
        """'按两年均报送的21家单位计' when the change is taken over the units of both years, else None."""
        if self.like_for_like is None or self.change is None:
            return None
        return self.like_for_like.note(self.metric)

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
    like_for_like: LikeForLike | None = None,
) -> list[Kpi]:
    """One Kpi per metric for ``year`` from a ``by="all"``, ``period="year"`` table, in ``metrics`` order.

    With ``like_for_like`` (of the same year and filters) a change is taken over the units of
    both years where the two years' units differ.
    """
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
                like_for_like=like_for_like,
            )
        )
    return cards
