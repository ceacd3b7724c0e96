"""Plotly figures from the tidy metrics table (``unionstats.metrics.compute``), for pages and reports.

Conventions (product.md): one colour per area, the same on every page and in every
export; target lines dashed; every rate's hover shows numerator and denominator; rates
as 96.3%, money in 元 / 万元, periods as 2023年 / 2023年5月.

Every function is pure: ``(table, …) -> go.Figure``, where ``table`` is (a selection of
the rows of) ``compute_metrics``'s table. Nothing here computes a metric except
``cumulative_rate``, which adds up a rate's numerators and denominators month by month
(a ratio of sums, contract §4). A figure without data carries one annotation 暂无数据
(``is_empty``), so a report can still place it and a page can choose to say so instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from unionstats.formatting import WAN_YUAN_FROM, metric_value, parts_text, percent, period_label, yuan
from unionstats.rules.metrics import ALL_UNITS, METRIC_BY_ID, RATE, YUAN

# One colour per area (product.md "Conventions"); reports use the same table.
AREA_COLORS: dict[str, str] = {
    "membership": "#c0392b",  # 会员: union red
    "dues": "#2e6fb7",  # 经费收缴
    "finance": "#16a085",  # 经费收支
    "welfare": "#e67e22",  # 帮扶慰问
    "competitions": "#8e44ad",  # 竞赛
    "units": "#7f8c8d",  # 建会
}
TARGET_COLOR = "#555555"  # target lines, dashed
FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

NO_DATA = "暂无数据"
# A unit's name on an axis is shortened to this many characters (the hover shows it whole):
# a 60-character name would otherwise squeeze the plot to nothing.
LABEL_CHARS = 16
_MONTH_LABEL = re.compile(r"^\d{4}年\d{1,2}月$")


# --- text ---------------------------------------------------------------------------------


def area_of(metric: str) -> str:
    """The area (key of AREA_COLORS) a metric belongs to: its fact table."""
    return METRIC_BY_ID[metric].kind


def hover_text(row: pd.Series | dict) -> str:
    """One row's hover: '入会率 96.3%<br>会员人数 1,234 ÷ 职工人数 1,281' for a ratio, '慰问金额 3.2万元' for a sum."""
    metric = METRIC_BY_ID[row["metric"]]
    head = f"{metric.label} {metric_value(metric.id, _float(row['value']))}"
    if metric.denominator is None:
        return head
    numerator, denominator = parts_text(row)
    return f"{head}<br>{metric.numerator} {numerator} ÷ {metric.denominator} {denominator}"


def literal(text: object) -> str:
    """Text that plotly shows as typed: it reads <b>, <br>, <a …> and entities in labels and
    hovers, so a unit named "<b>粗体</b>工会" would lose its brackets (and "<br>" would break it)."""
    return html.escape(str(text), quote=False)


def short_label(text: object, limit: int = LABEL_CHARS) -> str:
    """A name for an axis tick: literal, shortened to ``limit`` characters with "…"."""
    text = str(text)
    return literal(text if len(text) <= limit else text[: limit - 1] + "…")


def _name_ticks(fig: go.Figure, names: Sequence[str], axis: str = "y") -> None:
    """The category ticks of ``axis`` show ``names`` literal and shortened; the categories stay whole,
    so two long names with the same beginning remain two bars."""
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(tickmode="array", tickvals=list(names), ticktext=[short_label(n) for n in names])


def _value_range(values: Sequence[float], *, low: float | None = None, grow: float = 1.12) -> list[float]:
    """An axis range over ``values`` (and 0 or ``low``) with room for the labels outside the bars;
    never empty (all values 0 would give [0, 0], which draws nothing)."""
    start = min(0.0, *values) if low is None else low
    end = max(values) * grow if max(values) > 0 else 0.0
    if end - start < 1e-9:
        end = start + (0.1 if low is not None else 1.0)
    return [start, end]


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


# --- colours, layout ----------------------------------------------------------------------


def shade(color: str, lightness: float) -> str:
    """``color`` ('#rrggbb') mixed with white: 0 the colour itself, 1 white."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * lightness) for c in (red, green, blue))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def shades(area: str, n: int) -> list[str]:
    """``n`` colours of one area, from the full colour towards light (one colour per area)."""
    color = AREA_COLORS[area]
    if n <= 1:
        return [color]
    return [shade(color, 0.65 * i / (n - 1)) for i in range(n)]


def _layout(fig: go.Figure, title: str | None, *, height: int = 380, y_title: str | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xref": "paper", "xanchor": "left"} if title else None,
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        margin={"l": 20, "r": 20, "t": 60 if title else 20, "b": 40},
        # at the bottom of the figure (container): above the plot it would run into the title,
        # just under it into the tick labels
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=".,",
    )
    # automargin: tick labels and axis titles make room for themselves (the margins above are minimums)
    # exponentformat none: 159,000 as Chinese offices write it, never 159k
    fig.update_xaxes(type="category", showgrid=False, linecolor="#cccccc", automargin=True, exponentformat="none")
    fig.update_yaxes(
        gridcolor="#eeeeee",
        zerolinecolor="#cccccc",
        automargin=True,
        exponentformat="none",
        title={"text": y_title} if y_title else None,
    )
    _month_ticks(fig)
    return fig


def _month_ticks(fig: go.Figure) -> None:
    """Many months along the x axis: '1月' with the year below it where it changes, never slanted."""
    months = list(dict.fromkeys(x for t in fig.data for x in (t.x or ()) if isinstance(x, str) and _MONTH_LABEL.match(x)))
    if len(months) > 6:
        # the year under the first month and where it changes: '2024年 / 1月', '2月', …
        ticks = [
            label[5:] + (f"<br>{label[:5]}" if i == 0 or label[:4] != months[i - 1][:4] else "") for i, label in enumerate(months)
        ]
        fig.update_xaxes(tickvals=months, ticktext=ticks, tickangle=0, tickfont={"size": 12})


def empty_figure(title: str | None = None, message: str = NO_DATA) -> go.Figure:
    """A figure without traces that says ``message`` (暂无数据) in its middle."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title={"text": title} if title else None, font={"family": FONT_FAMILY, "size": 14}, height=240)
    fig.update_layout(plot_bgcolor="white", paper_bgcolor="white")
    return fig


def is_empty(fig: go.Figure) -> bool:
    """True for a figure from ``empty_figure`` (no data to show)."""
    return not fig.data and any(a.text == NO_DATA for a in fig.layout.annotations)


def _scale(metric: str, values: pd.Series) -> tuple[float, str]:
    """(divisor, axis unit): money from 10万元 on is drawn in 万元 and the axis says so."""
    unit = METRIC_BY_ID[metric].value_unit
    if unit == RATE:
        return 1.0, "%"
    if unit == YUAN:
        if values.abs().max() >= WAN_YUAN_FROM:
            return 10_000.0, "万元"
        return 1.0, "元"
    return 1.0, unit


def _axis_title(name: str, unit: str) -> str:
    """'金额(万元)'; the name alone for a rate or when it already says the unit (获奖人次)."""
    return name if unit == "%" or name.endswith(unit) else f"{name}({unit})"


def _rows(table: pd.DataFrame, metric: str, *, unit: str | None, category: str | None = None) -> pd.DataFrame:
    """The rows of one metric (group ``unit``, None for any; ``category`` None: over all), by period."""
    rows = table[table["metric"] == metric]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    return rows[rows["value"].notna()].sort_values("period")


def target_line(dash: str = "dash") -> dict:
    """The look of a target line (``dash``) or of a benchmark (``"dot"``): thin, grey."""
    return {"color": TARGET_COLOR, "dash": dash, "width": 1.5}


def add_target(
    fig: go.Figure,
    target: float | None,
    *,
    label: str | None = "目标",
    vertical: bool = False,
    axis: str | None = None,
    dash: str = "dash",
) -> None:
    """A line across the plot at ``target`` (a rate, as a fraction), labelled '目标 95.0%'; None draws nothing.

    ``vertical`` for horizontal bars (the value axis is x); ``axis`` the value axis's id
    ("y2" for a rate on the right of money bars; default "x" or "y"); ``label`` None: no
    text (e.g. when the legend names the line); ``dash`` "dot" for a benchmark.
    """
    if target is None:
        return
    value_axis = axis or ("x" if vertical else "y")
    across = "y domain" if vertical else "x domain"
    if vertical:
        fig.add_shape(type="line", xref=value_axis, x0=target, x1=target, yref=across, y0=0, y1=1, line=target_line(dash))
    else:
        fig.add_shape(type="line", xref=across, x0=0, x1=1, yref=value_axis, y0=target, y1=target, line=target_line(dash))
    if label is None:
        return
    text, font = f"{label} {percent(target)}", {"color": TARGET_COLOR, "size": 12}
    if vertical:  # above the plot, centred on the line
        fig.add_annotation(
            text=text, xref=value_axis, x=target, yref=across, y=1, xanchor="center", yanchor="bottom", showarrow=False, font=font
        )
    else:  # at the left end, just above the line
        fig.add_annotation(
            text=text, xref=across, x=0, yref=value_axis, y=target, xanchor="left", yanchor="bottom", showarrow=False, font=font
        )


def _rate_axis(fig: go.Figure, values: list[float], target: float | None) -> None:
    """Percent ticks; the range starts near the data (rates of 90–100% differ in points)."""
    shown = [v for v in [*values, target] if v is not None]
    low, high = min(shown), max(shown)
    pad = max((high - low) * 0.15, 0.02)
    fig.update_yaxes(tickformat=".0%", range=[max(0.0, low - pad), high + pad])


# --- figures ------------------------------------------------------------------------------


def rate_trend(
    table: pd.DataFrame,
    metrics: str | Sequence[str],
    *,
    target: float | None = None,
    unit: str | None = ALL_UNITS,
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """Rates over periods, one line per metric in its area's colour, ``target`` a dashed line.

    ``metrics`` one id or several of the same area (the first drawn in the full colour);
    ``unit`` the group of the table's unit column (None: any). Hover: value, numerator
    ÷ denominator.
    """
    ids = [metrics] if isinstance(metrics, str) else list(metrics)
    fig = go.Figure()
    values: list[float] = []
    colors = shades(area_of(ids[0]), len(ids))
    for i, metric in enumerate(ids):
        rows = _rows(table, metric, unit=unit)
        if rows.empty:
            continue
        values += rows["value"].tolist()
        fig.add_trace(
            go.Scatter(
                x=[period_label(p) for p in rows["period"]],
                y=rows["value"].tolist(),
                name=METRIC_BY_ID[metric].label,
                mode="lines+markers",
                line={"color": colors[i], "width": 3 if i == 0 else 2},
                marker={"size": 8 if i == 0 else 6},
                hovertext=[hover_text(r) for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if not fig.data:
        return empty_figure(title)
    add_target(fig, target)
    _rate_axis(fig, values, target)
    fig.update_layout(showlegend=len(fig.data) > 1)
    return _layout(fig, title, height=height)


def sum_trend(
    table: pd.DataFrame,
    metrics: str | Sequence[str],
    *,
    unit: str | None = ALL_UNITS,
    category: str | None = None,
    kind: str = "bar",
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """Sums (元, 人, 人次) over periods: grouped bars (``kind="bar"``) or lines, one per metric.

    The metrics share one value unit; money from 10万元 on is drawn in 万元, and the axis
    title says which (金额(万元)). Hover: the value formatted in its own unit.
    """
    ids = [metrics] if isinstance(metrics, str) else list(metrics)
    picked = {m: _rows(table, m, unit=unit, category=category) for m in ids}
    present = [r for r in picked.values() if not r.empty]
    if not present:
        return empty_figure(title)
    divisor, axis_unit = _scale(ids[0], pd.concat(present)["value"])
    colors = shades(area_of(ids[0]), len(ids))
    fig = go.Figure()
    for i, (metric, rows) in enumerate(picked.items()):
        if rows.empty:
            continue
        common = {
            "x": [period_label(p) for p in rows["period"]],
            "y": (rows["value"] / divisor).tolist(),
            "name": METRIC_BY_ID[metric].label,
            "hovertext": [hover_text(r) for _, r in rows.iterrows()],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
        if kind == "bar":
            fig.add_trace(go.Bar(marker={"color": colors[i]}, **common))
        else:
            fig.add_trace(go.Scatter(mode="lines+markers", line={"color": colors[i], "width": 3}, **common))
    name = "金额" if axis_unit in ("元", "万元") else "人数" if axis_unit == "人" else "人次"
    periods = {p for rows in present for p in rows["period"]}
    fig.update_layout(barmode="group", bargap=0.6 if len(periods) <= 2 else 0.2, showlegend=len(fig.data) > 1)
    fig.update_yaxes(rangemode="tozero" if kind == "bar" else "normal", separatethousands=True)
    return _layout(fig, title, height=height, y_title=_axis_title(name, axis_unit))


def category_bars(
    table: pd.DataFrame,
    metric: str,
    *,
    categories: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    unit: str | None = ALL_UNITS,
    target: float | None = None,
    horizontal: bool = False,
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """One metric by category (fund type, welfare category, award tier, level), one bar group per period.

    ``categories`` keeps those categories in that order (e.g. the award tiers, since
    competition_awards holds levels and tiers); None: every category, largest first.
    ``periods`` None: every period of the table. A rate gets percent ticks, its target
    dashed, numerator ÷ denominator in the hover.
    """
    rows = table[(table["metric"] == metric) & table["category"].notna() & table["value"].notna()]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if periods is not None:
        rows = rows[rows["period"].isin(list(periods))]
    if categories is not None:
        rows = rows[rows["category"].isin(list(categories))]
        order = [c for c in categories if c in set(rows["category"])]
    else:
        order = rows.groupby("category")["value"].max().sort_values(ascending=False).index.tolist()
    if rows.empty:
        return empty_figure(title)
    info = METRIC_BY_ID[metric]
    divisor, axis_unit = _scale(metric, rows["value"])
    shown_periods = sorted(rows["period"].unique())
    colors = list(reversed(shades(area_of(metric), len(shown_periods))))  # the latest period darkest
    fig = go.Figure()
    for color, period in zip(colors, shown_periods, strict=True):
        part = rows[rows["period"] == period].set_index("category").reindex(order).dropna(subset=["value"])
        values = (part["value"] / divisor).tolist()
        labels = part.index.tolist()
        hover = [
            f"{literal(c)} · {period_label(period)}<br>{hover_text(r.to_dict() | {'metric': metric})}" for c, r in part.iterrows()
        ]
        fig.add_trace(
            go.Bar(
                x=values if horizontal else labels,
                y=labels if horizontal else values,
                orientation="h" if horizontal else "v",
                name=period_label(period),
                marker={"color": color},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", showlegend=len(shown_periods) > 1)
    fig = _layout(fig, title, height=height)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    if info.value_unit == RATE:
        value_axis(tickformat=".0%", type="linear", showgrid=True, gridcolor="#eeeeee")
        if target is not None:
            # beside horizontal bars the label would sit on the category names
            add_target(fig, target, label=None if horizontal else "目标", vertical=horizontal)
    else:
        value_axis(type="linear", separatethousands=True, title={"text": _axis_title(info.label, axis_unit)})
    if horizontal:
        fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    _name_ticks(fig, order, axis="y" if horizontal else "x")
    return fig


def unit_bars(
    table: pd.DataFrame,
    metric: str,
    *,
    period: str,
    category: str | None = None,
    target: float | None = None,
    top: int | None = None,
    bottom: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """One metric per unit (a table ``by="unit"`` or ``"parent"``) for one period, largest on top.

    Horizontal bars in the area's colour; a rate's target dashed, units under it lighter.
    ``top`` keeps that many units; with ``bottom`` too, the first ``top`` and the last
    ``bottom`` (all of them when there are no more than that). The height grows with the
    number of units; long names are shortened on the axis (whole in the hover).
    """
    rows = table[(table["metric"] == metric) & (table["period"] == period) & table["value"].notna()]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    rows = rows.sort_values(["value", "unit"], ascending=[False, True])
    if top is not None and bottom is not None:
        if len(rows) > top + bottom:
            rows = pd.concat([rows.head(top), rows.tail(bottom)])
    elif top is not None:
        rows = rows.head(top)
    if rows.empty:
        return empty_figure(title)
    info = METRIC_BY_ID[metric]
    divisor, axis_unit = _scale(metric, rows["value"])
    color = AREA_COLORS[area_of(metric)]
    colors = [color if target is None or v >= target else shade(color, 0.55) for v in rows["value"]]
    fig = go.Figure(
        go.Bar(
            x=(rows["value"] / divisor).tolist(),
            y=rows["unit"].tolist(),
            orientation="h",
            marker={"color": colors},
            text=[metric_value(metric, v) for v in rows["value"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"{literal(r['unit'])}<br>{hover_text(r)}" for _, r in rows.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig = _layout(fig, title, height=max(260, 60 + 28 * len(rows)))
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    _name_ticks(fig, rows["unit"].tolist())
    if info.value_unit == RATE:
        values = rows["value"].tolist() + ([target] if target is not None else [])
        low = min(rows["value"].min(), target if target is not None else 1.0)
        # the target's line stays in view, be it 0% or 150%
        fig.update_xaxes(type="linear", tickformat=".0%", range=_value_range(values, low=max(0.0, low - 0.1)))
        if target is not None:
            add_target(fig, target, vertical=True)
    else:
        fig.update_xaxes(
            type="linear",
            separatethousands=True,
            range=_value_range((rows["value"] / divisor).tolist(), grow=1.18),
            title={"text": _axis_title(info.label, axis_unit)},
        )
    fig.update_layout(margin={"r": 40})
    return fig


def cumulative_rate(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    """A rate cumulated month by month within each year: Σ numerators / Σ denominators so far.

    Takes the month rows ('2023-05') of ``metric`` from a ``period="month"`` table and
    returns rows of the same columns, per unit, category and year, in month order; a
    missing or zero running denominator gives a missing value (contract §4).
    """
    rows = table[(table["metric"] == metric) & (table["period"].str.len() == 7)].copy()
    if rows.empty:
        return rows
    rows["category_key"] = rows["category"].fillna("")
    rows["year"] = rows["period"].str[:4]
    rows = rows.sort_values(["unit", "category_key", "period"])
    keys = ["unit", "category_key", "year"]
    rows["numerator"] = rows.groupby(keys)["numerator"].cumsum()
    rows["denominator"] = rows.groupby(keys)["denominator"].cumsum()
    denominator = rows["denominator"].where(rows["denominator"] != 0)
    rows["value"] = rows["numerator"] / denominator
    return rows.drop(columns=["category_key", "year"]).reset_index(drop=True)


def due_and_paid_by_month(
    table: pd.DataFrame,
    *,
    target: float | None = None,
    unit: str | None = ALL_UNITS,
    category: str | None = None,
    title: str | None = None,
    height: int = 420,
) -> go.Figure:
    """应缴 vs 实缴 bars by month, with the cumulative 收缴率 as a line (right axis), target dashed.

    ``table`` is a ``period="month"`` table; year-only rows are left out. The cumulative
    rate restarts each year; its hover shows the running 实缴 ÷ 应缴.
    """
    month_rows = table[table["period"].str.len() == 7]
    due = _rows(month_rows, "dues_due", unit=unit, category=category)
    paid = _rows(month_rows, "dues_collected", unit=unit, category=category)
    if due.empty and paid.empty:
        return empty_figure(title)
    divisor, axis_unit = _scale("dues_due", pd.concat([due, paid])["value"])
    colors = shades("dues", 2)
    fig = go.Figure()
    for rows, color in ((due, shade(colors[0], 0.55)), (paid, colors[0])):
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=[period_label(p) for p in rows["period"]],
                y=(rows["value"] / divisor).tolist(),
                name=rows["label"].iloc[0],
                marker={"color": color},
                hovertext=[f"{period_label(r['period'])}<br>{hover_text(r)}" for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    cumulative = _rows(cumulative_rate(month_rows, "dues_collection_rate"), "dues_collection_rate", unit=unit, category=category)
    if not cumulative.empty:
        fig.add_trace(
            go.Scatter(
                x=[period_label(p) for p in cumulative["period"]],
                y=cumulative["value"].tolist(),
                name="累计收缴率",
                yaxis="y2",
                mode="lines+markers",
                line={"color": AREA_COLORS["dues"], "width": 3},
                hovertext=[f"{period_label(r['period'])} 累计<br>{hover_text(r)}" for _, r in cumulative.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        shown = [*cumulative["value"].tolist(), *([target] if target is not None else [])]
        low, high = min(shown), max(shown)
        fig.update_layout(
            yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [max(0.0, low - 0.25), high + 0.05]}
        )
        if target is not None:
            add_target(fig, target, axis="y2")
    fig.update_layout(barmode="group")
    fig = _layout(fig, title, height=height)
    # the left axis only: update_yaxes would also give the rate axis a money title
    fig.update_layout(yaxis={"rangemode": "tozero", "separatethousands": True, "title": {"text": _axis_title("金额", axis_unit)}})
    if not cumulative.empty:
        fig.update_layout(yaxis2={"title": {"text": "累计收缴率"}, "dtick": 0.1, "showgrid": False})
    return fig


def sparkline(table: pd.DataFrame, metric: str, *, unit: str | None = ALL_UNITS, height: int = 70) -> go.Figure:
    """A small trend of one metric over periods for a KPI card: no axes, no legend, hover kept."""
    rows = _rows(table, metric, unit=unit)
    if rows.empty:
        return empty_figure(message=NO_DATA)
    fig = go.Figure(
        go.Scatter(
            x=[period_label(p) for p in rows["period"]],
            y=rows["value"].tolist(),
            mode="lines+markers",
            line={"color": AREA_COLORS[area_of(metric)], "width": 2},
            marker={"size": 4},
            hovertext=[f"{period_label(r['period'])}<br>{hover_text(r)}" for _, r in rows.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        font={"family": FONT_FAMILY},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_xaxes(visible=False, type="category")
    fig.update_yaxes(visible=False)
    return fig


# --- 单位对比: ranking and unit × year heatmap ----------------------------------------------


def ranking_bars(
    ranked: pd.DataFrame,
    metric: str,
    *,
    benchmark: float | None = None,
    benchmark_label: str = "全区",
    target: float | None = None,
    title: str | None = None,
) -> go.Figure:
    """Ranked groups as horizontal bars, first on top, each labelled with its rank (第3名 …).

    ``ranked`` has the columns of ``comparison.ranking`` (rank, unit, value, numerator,
    denominator, below_target), possibly only its top and bottom. Bars under ``target``
    are lighter and the target is dashed. ``benchmark`` (the figure over all groups) is a
    dotted line, drawn only for a ratio (a district sum would dwarf every unit's bar);
    both are named in the legend.
    """
    rows = ranked[ranked["value"].notna()]
    if rows.empty:
        return empty_figure(title)
    info = METRIC_BY_ID[metric]
    divisor, axis_unit = _scale(metric, rows["value"])
    color = AREA_COLORS[area_of(metric)]
    below = rows["below_target"].astype(bool).tolist()
    labels = [f"第{int(r)}名 {u}" for r, u in zip(rows["rank"], rows["unit"], strict=True)]
    hover = [
        f"{literal(u)}<br>{hover_text({**r, 'metric': metric})}" + ("<br>低于目标" if b else "")
        for u, r, b in zip(rows["unit"], rows.to_dict("records"), below, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=(rows["value"] / divisor).tolist(),
            y=labels,
            orientation="h",
            marker={"color": [shade(color, 0.55) if b else color for b in below]},
            text=[metric_value(metric, v) for v in rows["value"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    fig = _layout(fig, title, height=max(300, 130 + 28 * len(rows)))
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    fig.update_yaxes(
        tickmode="array",
        tickvals=labels,
        ticktext=[f"第{int(r)}名 {short_label(u)}" for r, u in zip(rows["rank"], rows["unit"], strict=True)],
    )
    lines = [(target, "dash", f"目标 {metric_value(metric, target)}")] if target is not None else []
    if benchmark is not None and info.denominator is not None:
        lines.append((benchmark, "dot", f"{benchmark_label} {metric_value(metric, benchmark)}"))
    for value, dash, text in lines:
        # named in the legend, not beside the line: target and benchmark are often close
        add_target(fig, value / divisor, label=None, vertical=True, dash=dash)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=target_line(dash), name=text, hoverinfo="skip"))
    fig.update_layout(showlegend=bool(lines))
    drawn = [*(rows["value"] / divisor).tolist(), *(v / divisor for v, *_ in lines)]
    if info.value_unit == RATE:
        low = min(drawn)
        fig.update_xaxes(type="linear", tickformat=".0%", range=_value_range(drawn, low=max(0.0, low - 0.1)))
    else:
        fig.update_xaxes(
            type="linear",
            separatethousands=True,
            range=_value_range(drawn, grow=1.18),
            title={"text": _axis_title(info.label, axis_unit)},
        )
    # room below the axis: Streamlit's theme puts a horizontal legend under the plot
    fig.update_layout(margin={"r": 40, "t": 70 if title else 40, "b": 70 if lines else 10})
    return fig


def unit_year_heatmap(matrix: pd.DataFrame, metric: str, *, target: float | None = None, title: str | None = None) -> go.Figure:
    """One metric per group (rows) and period (columns), cells written out (96.3%).

    ``matrix`` has the columns of ``comparison.year_matrix`` (unit, period, value,
    numerator, denominator); groups keep its order. Shades of the area's colour, darker
    for larger values; a cell under ``target`` says so in its hover and is marked ▼.
    """
    rows = matrix[matrix["value"].notna()]
    if rows.empty:
        return empty_figure(title)
    units = list(dict.fromkeys(rows["unit"]))
    periods = sorted(rows["period"].unique())
    grid = rows.pivot_table(index="unit", columns="period", values="value", aggfunc="first").reindex(index=units, columns=periods)
    by_cell = {(r["unit"], r["period"]): r for r in rows.to_dict("records")}
    text, hover = [], []
    for unit in units:
        text_row, hover_row = [], []
        for period in periods:
            cell = by_cell.get((unit, period))
            if cell is None:
                text_row.append("")
                hover_row.append(f"{literal(unit)} · {period_label(period)}<br>暂无数据")
                continue
            low = target is not None and cell["value"] < target
            text_row.append(metric_value(metric, cell["value"]) + (" ▼" if low else ""))
            hover_row.append(
                f"{literal(unit)} · {period_label(period)}<br>{hover_text({**cell, 'metric': metric})}"
                + ("<br>低于目标" if low else "")
            )
        text.append(text_row)
        hover.append(hover_row)
    color = AREA_COLORS[area_of(metric)]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy().tolist(),
            x=[period_label(p) for p in periods],
            y=units,
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=[[0.0, shade(color, 0.9)], [1.0, color]],
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig = _layout(fig, title, height=max(240, 80 + 32 * len(units)))
    fig.update_xaxes(side="top")
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    _name_ticks(fig, units)
    return fig


def budget_and_actual(
    table: pd.DataFrame,
    *,
    period: str,
    unit: str | None = ALL_UNITS,
    title: str | None = None,
) -> go.Figure:
    """经费收支: 预算数 vs 决算数 per account for one year, horizontal bars (income accounts first).

    The 决算数 is the account's income or expense; the 预算数 the denominator of its
    budget_execution_rate (Σ 预算数 over the rows that give both). Money from 10万元 on in 万元.
    """
    rows = table[(table["period"] == period) & table["category"].notna()]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    actual = rows[rows["metric"].isin(["income", "expense"]) & rows["value"].notna()]
    if actual.empty:
        return empty_figure(title)
    actual = actual.sort_values(["metric", "category"], ascending=[False, True])  # income, then expense
    accounts = actual["category"].tolist()
    budget = rows[rows["metric"] == "budget_execution_rate"].set_index("category")["denominator"].reindex(accounts)
    divisor, axis_unit = _scale("income", pd.concat([actual["value"], budget.dropna()]))
    color = AREA_COLORS["finance"]
    fig = go.Figure()
    for name, values, bar_color in (("预算数", budget.tolist(), shade(color, 0.55)), ("决算数", actual["value"].tolist(), color)):
        shown = [None if pd.isna(v) else v / divisor for v in values]
        fig.add_trace(
            go.Bar(
                x=shown,
                y=accounts,
                orientation="h",
                name=name,
                marker={"color": bar_color},
                hovertext=[
                    f"{literal(a)}<br>{name} {yuan(v) if not pd.isna(v) else NO_DATA}"
                    for a, v in zip(accounts, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig = _layout(fig, title, height=max(300, 80 + 40 * len(accounts)))
    fig.update_xaxes(type="linear", separatethousands=True, title={"text": _axis_title("金额", axis_unit)})
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    return fig
