"""The report's charts as plotly figures (``unionstats.output.charts``), for Word, HTML and the 演示模式.

One list per model, one chart per entry, in report order; areas without figures have none.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionstats.output import charts
from unionstats.report.model import RANKED_METRICS, ReportModel
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.competitions import AWARD_TIERS, NO_AWARD
from unionstats.rules.metrics import LABELS, METRIC_BY_ID, rates_of


@dataclass(frozen=True)
class ReportFigure:
    """One chart of a report: its area (key of ``charts.AREA_COLORS``), title and plotly figure."""

    area: str
    title: str
    figure: object  # plotly.graph_objects.Figure


def report_figures(model: ReportModel, *, height: int = 380) -> list[ReportFigure]:
    """The report's charts from the model's tables (trend, units), each drawn by ``unionstats.output.charts``."""
    years = [model.previous_year, model.year]
    targets = model.targets
    made: list[ReportFigure] = []

    def add(area: str, title: str, figure) -> None:
        if not charts.is_empty(figure):
            made.append(ReportFigure(area, title, figure))

    if model.has("membership"):
        add(
            "membership",
            "入会率",
            charts.rate_trend(
                model.trend,
                ["membership_rate", "female_membership_rate", "migrant_membership_rate"],
                target=targets.get("membership_rate"),
                height=height,
            ),
        )
        add("membership", "会员人数", charts.sum_trend(model.trend, "members", height=height))
    if model.has("units") and model.scope.kind != "unit":
        add("units", "建会率与集体合同覆盖率", charts.rate_trend(model.trend, rates_of("units"), height=height))
    if model.has("dues"):
        add("dues", "应缴与实缴", charts.sum_trend(model.trend, ["dues_due", "dues_collected"], height=height))
        add(
            "dues",
            "经费收缴率(按经费类别)",
            charts.category_bars(
                model.trend, "dues_collection_rate", periods=years, target=targets.get("dues_collection_rate"), height=height
            ),
        )
    if model.has("finance"):
        add("finance", f"{model.year}年经费收支:预算与决算", charts.budget_and_actual(model.trend, period=model.year))
    if model.has("welfare"):
        add(
            "welfare",
            f"{model.year}年慰问金额(按类别)",
            charts.category_bars(model.trend, "welfare_amount", periods=[model.year], horizontal=True, height=height),
        )
    if model.has("competitions"):
        tiers = [t for t in AWARD_TIERS if t != NO_AWARD]
        add(
            "competitions",
            "获奖人次(按奖项等级)",
            charts.category_bars(model.trend, "competition_awards", categories=tiers, periods=years, height=height),
        )
    if model.has("activities"):  # §3.8
        add(
            "activities",
            f"{model.year}年活动参与人次(按类型)",
            charts.category_bars(
                model.trend,
                "activity_participants",
                categories=STANDARD_TYPES,
                periods=[model.year],
                horizontal=True,
                height=height,
            ),
        )
    if model.scope.kind != "unit":
        for metric in RANKED_METRICS:
            figure = charts.unit_bars(model.units, metric, period=model.year, target=targets.get(metric))
            if len(figure.data) and len(figure.data[0].y) >= 2:
                add(METRIC_BY_ID[metric].kind, f"{model.year}年各单位{LABELS[metric]}", figure)
    return made
