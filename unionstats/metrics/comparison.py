"""单位对比: units (or 上级工会) ranked, flagged against targets and laid out over years.

Everything here reshapes the tidy table of ``unionstats.metrics.compute.compute_metrics`` (by
"unit" or "parent"); no figure is recomputed. Only rows over all categories
(``category`` None) are compared: a unit's 入会率, its 经费收缴率 over all fund types …
"""

from __future__ import annotations

import pandas as pd

from unionstats.formatting import MISSING, metric_value, number_or_none, parts_text
from unionstats.rules.metrics import METRIC_BY_ID, METRIC_ORDER, RATE

# The figures a comparison shows by default, in this order (contract §4 ids).
KEY_METRICS: tuple[str, ...] = (
    "membership_rate",
    "members",
    "female_membership_rate",
    "realname_rate",
    "new_members",
    "dues_collection_rate",
    "dues_due",
    "dues_collected",
    "welfare_amount",
    "welfare_count",
    "competition_entries",
    "competition_awards",
    "activity_sessions",  # §3.8
    "activity_participants",
)
# The size of a unit, for choosing the largest ones (heatmap default).
SIZE_METRIC = "members"

RANKING_COLUMNS: tuple[str, ...] = ("rank", "unit", "value", "numerator", "denominator", "below_target")


def overall(table: pd.DataFrame) -> pd.DataFrame:
    """The rows over all categories (``category`` missing)."""
    return table[table["category"].isna()]


def rankable_metrics(table: pd.DataFrame, *, rates_only: bool = False) -> list[str]:
    """Metric ids with at least one value over all categories in ``table``, in the order of the metric table."""
    rows = overall(table)
    present = set(rows.loc[rows["value"].notna(), "metric"])
    found = [m for m in METRIC_ORDER if m in present]
    return [m for m in found if METRIC_BY_ID[m].value_unit == RATE] if rates_only else found


def ranking(table: pd.DataFrame, metric: str, period: str, *, target: float | None = None) -> pd.DataFrame:
    """Groups ranked by one metric in one period, largest first; groups without a value last.

    Columns: rank (1 = largest; ties share a rank; missing for no value), unit, value,
    numerator, denominator, below_target (True only for a value under ``target``, a
    fraction; always False without a target).
    """
    rows = overall(table)
    rows = rows[(rows["metric"] == metric) & (rows["period"] == period)]
    frame = rows[["unit", "value", "numerator", "denominator"]].sort_values(
        ["value", "unit"], ascending=[False, True], na_position="last", ignore_index=True
    )
    frame.insert(0, "rank", frame["value"].rank(method="min", ascending=False).astype("Int64"))
    frame["below_target"] = frame["value"] < target if target is not None else False
    frame["below_target"] = frame["below_target"].fillna(False).astype(bool)
    return frame[list(RANKING_COLUMNS)]


def below_target_units(ranked: pd.DataFrame) -> list[str]:
    """The groups of a ranking whose value is under the target, lowest last."""
    return ranked.loc[ranked["below_target"], "unit"].tolist()


def top_and_bottom(ranked: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first ``n`` and the last ``n`` ranked groups with a value (all when there are at most 2n)."""
    valued = ranked[ranked["value"].notna()]
    if len(valued) <= 2 * n:
        return valued.reset_index(drop=True)
    return pd.concat([valued.head(n), valued.tail(n)], ignore_index=True)


def figure_of(table: pd.DataFrame, metric: str, period: str, unit: str | None = None) -> dict[str, float | None]:
    """One group's value, numerator and denominator (None where missing); ``unit`` None: the only group (by="all")."""
    rows = overall(table)
    rows = rows[(rows["metric"] == metric) & (rows["period"] == period)]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if rows.empty:
        return {"value": None, "numerator": None, "denominator": None}
    first = rows.iloc[0]
    return {key: number_or_none(first[key]) for key in ("value", "numerator", "denominator")}


def largest_units(table: pd.DataFrame, n: int, period: str) -> list[str]:
    """The ``n`` groups with the most members in ``period`` (by name when no membership figures)."""
    sizes = ranking(table, SIZE_METRIC, period)
    named = sizes.loc[sizes["value"].notna(), "unit"].tolist()
    if len(named) < n:
        named += sorted(set(overall(table)["unit"]) - set(named))
    return named[:n]


def year_matrix(table: pd.DataFrame, metric: str, units: list[str]) -> pd.DataFrame:
    """One metric of these groups over every period: columns unit, period, value, numerator, denominator.

    Groups keep the order of ``units``; periods ascending.
    """
    rows = overall(table)
    rows = rows[(rows["metric"] == metric) & rows["unit"].isin(units)]
    order = {unit: index for index, unit in enumerate(units)}
    frame = rows[["unit", "period", "value", "numerator", "denominator"]].copy()
    frame["order"] = frame["unit"].map(order)
    return frame.sort_values(["order", "period"], ignore_index=True).drop(columns="order")


def unit_history(table: pd.DataFrame, unit: str, metrics: tuple[str, ...] = KEY_METRICS) -> pd.DataFrame:
    """One group's key figures over the periods, written out (96.3%, 1,234人): index 指标, one column per period ('2023年')."""
    rows = overall(table)
    rows = rows[(rows["unit"] == unit) & rows["metric"].isin(metrics)]
    periods = sorted(rows["period"].unique())
    lines = []
    for metric in metrics:
        mine = rows[rows["metric"] == metric].set_index("period")["value"]
        if mine.notna().any():
            lines.append(
                {
                    "指标": METRIC_BY_ID[metric].label,
                    **{f"{p}年": metric_value(metric, number_or_none(mine.get(p))) for p in periods},
                }
            )
    return pd.DataFrame(lines, columns=["指标", *(f"{p}年" for p in periods)]).set_index("指标")


def ranking_display(ranked: pd.DataFrame, metric: str, *, group_label: str = "单位", target: float | None = None) -> pd.DataFrame:
    """A ranking written out for a table: 排名, the group, the value (96.3%), for a ratio its
    numerator and denominator, and with a target 是否达标."""
    info = METRIC_BY_ID[metric]
    shown = pd.DataFrame(
        {
            "排名": [MISSING if pd.isna(r) else str(int(r)) for r in ranked["rank"]],
            group_label: ranked["unit"].tolist(),
            info.label: [metric_value(metric, number_or_none(v)) for v in ranked["value"]],
        }
    )
    if info.denominator is not None:
        parts = [
            parts_text({"metric": metric, "numerator": n, "denominator": d})
            for n, d in zip(ranked["numerator"], ranked["denominator"], strict=True)
        ]
        shown[info.numerator] = [numerator for numerator, _ in parts]
        shown[info.denominator] = [denominator for _, denominator in parts]
    if target is not None:
        shown["是否达标"] = [
            MISSING if pd.isna(v) else ("低于目标" if below else "达标")
            for v, below in zip(ranked["value"], ranked["below_target"], strict=True)
        ]
    return shown
