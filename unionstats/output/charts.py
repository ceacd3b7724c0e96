"""Plotly figures from the tidy metrics table (``unionstats.metrics.compute``), for pages and reports.

Conventions (product.md): one colour per area, and one shade of it per series
(SERIES_SHADES), the same on every page and in every export; target lines dashed, their
labels beside the plot; every rate's hover shows numerator and denominator; a chart with
few marks writes their values on them; rate axes end at the first tick over the data and
the target; every month of a year stays on a month axis; rates as 96.3%, money in 元 /
万元, periods as 2023年 / 2023年5月.

Every function is pure: ``(table, …) -> go.Figure``, where ``table`` is (a selection of
the rows of) ``compute_metrics``'s table. Nothing here computes a metric except
``cumulative_rate``, which adds up a rate's numerators and denominators month by month
(a ratio of sums, contract §4). A figure without data carries one annotation 暂无数据
(``is_empty``), so a report can still place it and a page can choose to say so instead.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from unionstats.formatting import WAN_YUAN_FROM, metric_value, parts_text, percent, period_label, yuan
from unionstats.rules.metrics import ALL_UNITS, METRIC_BY_ID, RATE, SESSIONS, YUAN
from unionstats.rules.roster import MAKEUP_DIMENSIONS

# One colour per area (product.md "Conventions"); reports use the same table.
AREA_COLORS: dict[str, str] = {
    "membership": "#c0392b",  # 会员: union red
    "dues": "#2e6fb7",  # 经费收缴
    "finance": "#16a085",  # 经费收支
    "welfare": "#e67e22",  # 帮扶慰问
    "competitions": "#8e44ad",  # 竞赛
    "units": "#7f8c8d",  # 建会
    "activities": "#3a7d44",  # 活动与培训: green
}
AREA_COLORS["roster"] = AREA_COLORS["membership"]  # §3.7 会员名册: drawn on the 会员 page
# One colour per series, the same in every chart and export: a metric drawn beside others of
# its area keeps its shade of the area's colour (0 the colour itself, 1 white) wherever it
# appears — 应缴 is always the light bar and 实缴 the full one (as in the deck), 入会率 the
# full line and 女职工入会率 a lighter one. A metric not listed is drawn in the full colour.
SERIES_SHADES: dict[str, float] = {
    "female_membership_rate": 0.35,
    "migrant_membership_rate": 0.6,
    "checkup_rate": 0.5,
    "dues_due": 0.55,
    "competition_entries": 0.55,
    "expense": 0.5,
    "contract_rate": 0.45,
    "wage_bargaining_rate": 0.7,
}
# The heatmap around a target: below it warm, above it cool, the further the darker.
BELOW_TARGET_COLORS = ("#b2182b", "#fddbc7")  # far below → just below
ABOVE_TARGET_COLORS = ("#d1e5f0", "#2166ac")  # just above → far above
TARGET_COLOR = "#555555"  # target lines, dashed
CUMULATIVE_RATE_COLOR = "#1b3f6b"  # the running 收缴率 over the 应缴/实缴 bars: 经费's colour, darker
BARS_UNDER_LINE = 1.7  # the money axis of 应缴/实缴 by month runs to this × the highest bar
FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

NO_DATA = "暂无数据"
NO_ROWS_IN_MONTH = "当月无记录"
# Value labels are written on a chart with at most this many points (lines, all together) or
# bars; more would overlap.
LABELLED_POINTS = 12
LABELLED_BARS = 24
LABEL_FONT = {"size": 12}
# a bar's label shrinks to its bar's width, down to this size, and shows at it if still wider
UNIFORM_TEXT = {"minsize": 10, "mode": "show"}
# A rate axis ticks at the first of these steps that gives at most 5 intervals over the data.
RATE_STEPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0)
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


def _value_range(values: Sequence[float], *, grow: float = 1.12) -> list[float]:
    """An axis range over ``values`` and 0 with room for the labels outside the bars;
    never empty (all values 0 would give [0, 0], which draws nothing)."""
    start = min(0.0, *values)
    end = max(values) * grow if max(values) > 0 else 0.0
    if end - start < 1e-9:
        end = start + 1.0
    return [start, end]


def _float(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def axis_number(value: float, divisor: float = 1.0) -> str:
    """A mark's label in the axis's unit, which the axis title names: 1,279 and 142.5 (万元), 5,108
    (人), 850 and 3.5 (元). Whole from 1,000 on, so that a label fits its bar; the hover is exact."""
    shown = value / divisor
    if abs(shown) >= 1000 or float(shown).is_integer():
        return f"{shown:,.0f}"
    return f"{shown:,.1f}"


def value_label(metric: str, value: float, divisor: float = 1.0) -> str:
    """A mark's label: a rate as 96.3%, a sum in the axis's unit (``axis_number``)."""
    return percent(value) if METRIC_BY_ID[metric].value_unit == RATE else axis_number(value, divisor)


# --- colours, layout ----------------------------------------------------------------------


def shade(color: str, lightness: float) -> str:
    """``color`` ('#rrggbb') mixed with white: 0 the colour itself, 1 white."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    mixed = (round(c + (255 - c) * lightness) for c in (red, green, blue))
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def series_color(metric: str) -> str:
    """The one colour of a metric's series in every chart: its area's colour in its shade (SERIES_SHADES)."""
    return shade(AREA_COLORS[area_of(metric)], SERIES_SHADES.get(metric, 0.0))


def shades(area: str, n: int) -> list[str]:
    """``n`` colours of one area, from the full colour towards light (one colour per area)."""
    color = AREA_COLORS[area]
    if n <= 1:
        return [color]
    return [shade(color, 0.65 * i / (n - 1)) for i in range(n)]


PREVIOUS_YEAR_SHADE = 0.55  # last year beside this year: the deck's shade too


def period_colors(area: str, n: int) -> list[str]:
    """Colours of ``n`` periods side by side, oldest first: the latest in the area's full colour,
    earlier ones lighter; two periods as the deck draws them (last year PREVIOUS_YEAR_SHADE)."""
    if n == 2:
        return [shade(AREA_COLORS[area], PREVIOUS_YEAR_SHADE), AREA_COLORS[area]]
    return list(reversed(shades(area, n)))


def _layout(fig: go.Figure, title: str | None, *, height: int = 380, y_title: str | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xref": "paper", "xanchor": "left"} if title else None,
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        # a target's label beside the plot has widened the right margin already (add_target)
        margin={"l": 20, "r": max(20, fig.layout.margin.r or 0), "t": 60 if title else 20, "b": 40},
        # at the bottom of the figure (container): above the plot it would run into the title,
        # just under it into the tick labels
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        plot_bgcolor="white",
        paper_bgcolor="white",
        separators=".,",
        # no zoom by dragging: a chart of a report needs none, and plotly's hint to undo it
        # ("Double-click to zoom back out") is English
        dragmode=False,
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
    _room_for_end_labels(fig)
    return fig


LINE_END_ROOM = 0.9  # categories of room before the first and after the last point of a labelled line


def _room_for_end_labels(fig: go.Figure) -> None:
    """A labelled line's first and last labels lean sideways (``_label_positions``): the category
    axis gets room at both ends, so that they sit inside the plot, never on the tick labels."""
    labelled = [t for t in fig.data if t.type == "scatter" and t.text is not None and "text" in (t.mode or "")]
    points = list(dict.fromkeys(x for t in fig.data for x in (t.x or ()) if isinstance(x, str)))
    if labelled and points and fig.layout.xaxis.type == "category":
        fig.update_xaxes(range=[-LINE_END_ROOM, len(points) - 1 + LINE_END_ROOM])


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


def _whole_ticks(update_axis, drawn: Sequence[float], unit: str, *, from_zero: bool = True) -> None:
    """People, 人次 and 场次 are whole: an axis over a few of them ticks 0, 1, 2 …, never 2.5.
    ``update_axis``: the figure's update_xaxes or update_yaxes; ``from_zero``: bars (the axis
    starts at 0), else a line's axis over its values only."""
    if unit in ("%", "元", "万元") or not drawn:
        return
    low = min(0.0, *drawn) if from_zero else min(drawn)
    if max(drawn) - low < 6:
        update_axis(dtick=1, tick0=0)


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


TARGET_LABEL_ROOM = 90  # px right of the plot for a target's label ('目标 95.0%')


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
    text (e.g. when the legend names the line); ``dash`` "dot" for a benchmark. The label
    stands outside the plot — right of a horizontal line, above a vertical one — so it never
    sits on a point, a bar or a value label.
    """
    if target is None:
        return
    value_axis = axis or ("x" if vertical else "y")
    across = "y domain" if vertical else "x domain"
    # below the traces: behind a bar that reaches past it, never through the label inside the bar's end
    if vertical:
        fig.add_shape(
            type="line", xref=value_axis, x0=target, x1=target, yref=across, y0=0, y1=1, line=target_line(dash), layer="below"
        )
    else:
        fig.add_shape(
            type="line", xref=across, x0=0, x1=1, yref=value_axis, y0=target, y1=target, line=target_line(dash), layer="below"
        )
    if label is None:
        return
    text, font = f"{label} {percent(target)}", {"color": TARGET_COLOR, "size": 12}
    if vertical:  # above the plot, centred on the line
        fig.add_annotation(
            text=text, xref=value_axis, x=target, yref=across, y=1, xanchor="center", yanchor="bottom", showarrow=False, font=font
        )
    else:  # right of the plot, level with the line
        fig.add_annotation(
            text=text, xref=across, x=1, yref=value_axis, y=target, xanchor="left", yanchor="middle", showarrow=False, font=font
        )
        fig.update_layout(margin={"r": max(TARGET_LABEL_ROOM, fig.layout.margin.r or 0)})


def rate_ticks(
    values: Sequence[float], *, below: float | None = None, from_zero: bool = False
) -> tuple[list[float], list[float]]:
    """(range, tick values) of a rate axis over ``values`` (the data and the target, fractions).

    Ticks at a round step (RATE_STEPS); the top tick is the first at or above the largest
    value — 100% when the rates end there, never 105% or 110% for room — with a third of a
    step above it for the value labels. The axis starts at 0 (``from_zero``, for bars drawn
    from the axis), else ``below`` under the lowest value (default half a step): rates of
    90–100% differ in points.
    """
    low, high = min(values), max(values)
    if from_zero:
        low = min(low, 0.0)
    step = next((s for s in RATE_STEPS if max(high - low, 0.02) / s <= 5), RATE_STEPS[-1])
    if from_zero:
        bottom = min(0.0, math.floor(low / step) * step)
    else:
        room = step / 2 if below is None else below
        bottom = max(0.0, math.floor((low - room) / step + 1e-9) * step) if low >= 0 else math.floor((low - room) / step) * step
    top = max(math.ceil(high / step - 1e-9) * step, bottom + step)
    ticks = [round(bottom + i * step, 6) for i in range(round((top - bottom) / step) + 1)]
    return [bottom, top + step / 3], ticks


def _rate_axis(fig: go.Figure, values: list[float], target: float | None, **options) -> float:
    """Percent ticks over the data and the target (``rate_ticks``) on the y axis; returns the tick step."""
    span, ticks = rate_ticks([v for v in [*values, target] if v is not None], **options)
    fig.update_yaxes(tickformat=".0%", range=span, tickmode="array", tickvals=ticks)
    return ticks[1] - ticks[0] if len(ticks) > 1 else span[1] - span[0]


def _label_positions(lines: Sequence[Sequence[float]], target: float | None, *, near: float) -> list[list[str]]:
    """Where the value labels of ``lines`` (values of each line, one per point; several lines
    share their periods, in order) go, so that they neither sit on the lines nor on each other.

    Up or down: where lines meet at a period, the highest point's label goes above it, the
    lowest's below, one between towards the wider gap; a point near the target line (less
    than ``near`` from it) has its label on its far side of that line. Sideways the label
    leans off its own line: above a rising point to its left, below it to its right (the
    other way for a falling one), centred on a peak, a dip or a flat.
    """
    placed: list[list[str]] = [[] for _ in lines]
    for index in range(max((len(values) for values in lines), default=0)):
        here = sorted((values[index], i) for i, values in enumerate(lines) if index < len(values))
        for rank, (value, i) in enumerate(here):
            higher = here[rank + 1][0] if rank + 1 < len(here) else math.inf
            lower = here[rank - 1][0] if rank > 0 else -math.inf
            side = "top" if higher - value >= value - lower else "bottom"
            if target is not None and abs(value - target) < near:
                side = "top" if value >= target else "bottom"
            values = lines[i]
            before = values[index - 1] if index > 0 else value
            after = values[index + 1] if index + 1 < len(values) else value
            lean = "center"
            if before <= value <= after and before < after:  # rising
                lean = "left" if side == "top" else "right"
            elif before >= value >= after and before > after:  # falling
                lean = "right" if side == "top" else "left"
            placed[i].append(f"{side} {lean}")
    return placed


def _bar_labels_placed(across_a_line: bool) -> dict:
    """Where a bar's value label goes: outside its end; when a target or benchmark line
    crosses the bars — it would run through a label just beyond a bar's end — inside the
    bar's end, where the line passes behind the bar (add_target draws it below the traces)."""
    if across_a_line:
        return {"textposition": "inside", "insidetextanchor": "end"}
    return {"textposition": "outside"}


def _every_month(periods: Sequence[str]) -> list[str]:
    """Every month of the years of ``periods`` ('2024-03' …), January to December: a month
    without figures stays on the axis (a gap or 0), never dropped."""
    years = sorted({p[:4] for p in periods})
    return [f"{year}-{month:02d}" for year in years for month in range(1, 13)]


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
    """Rates over periods, one line per metric in its series colour, ``target`` a dashed line.

    ``metrics`` one id or several of the same area; ``unit`` the group of the table's unit
    column (None: any). Hover: value, numerator ÷ denominator. Up to LABELLED_POINTS points
    carry their value (96.3%), else each line's latest point: the highest line's labels
    above its points, the others' below; a point under the target has its label below,
    away from the target line.
    """
    ids = [metrics] if isinstance(metrics, str) else list(metrics)
    picked = {m: rows for m in ids if not (rows := _rows(table, m, unit=unit)).empty}
    if not picked:
        return empty_figure(title)
    labelled = sum(len(rows) for rows in picked.values()) <= LABELLED_POINTS
    fig = go.Figure()
    step = _rate_axis(fig, [v for rows in picked.values() for v in rows["value"]], target)
    # the lines share their periods only when they have the same ones; else each is placed alone
    same_periods = len({tuple(rows["period"]) for rows in picked.values()}) == 1
    lines = [rows["value"].tolist() for rows in picked.values()]
    positions = (
        _label_positions(lines, target, near=step)
        if same_periods
        else [_label_positions([line], target, near=step)[0] for line in lines]
    )
    for i, (metric, rows) in enumerate(picked.items()):
        shown = rows["value"].tolist()
        fig.add_trace(
            go.Scatter(
                x=[period_label(p) for p in rows["period"]],
                y=shown,
                name=METRIC_BY_ID[metric].label,
                mode="lines+markers+text",
                # too many points to label them all: the latest of each line, the figure read out
                text=[percent(v) if labelled or j == len(shown) - 1 else "" for j, v in enumerate(shown)],
                textposition=positions[i],
                textfont=LABEL_FONT,
                cliponaxis=False,
                line={"color": series_color(metric), "width": 3 if i == 0 else 2},
                marker={"size": 8 if i == 0 else 6},
                hovertext=[hover_text(r) for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    add_target(fig, target)
    fig.update_layout(showlegend=len(fig.data) > 1)
    return _layout(fig, title, height=height)


def sum_trend(
    table: pd.DataFrame,
    metrics: str | Sequence[str],
    *,
    unit: str | None = ALL_UNITS,
    category: str | None = None,
    kind: str = "bar",
    missing_months: str = "gap",
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """Sums (元, 人, 人次) over periods: grouped bars (``kind="bar"``) or lines, one per metric.

    The metrics share one value unit; money from 10万元 on is drawn in 万元, and the axis
    title says which (金额(万元)). Hover: the value formatted in its own unit. Up to
    LABELLED_BARS bars (LABELLED_POINTS points) carry their value in the axis's unit.

    Months ('2024-05') are drawn for every month of their years: a month without a row is
    a gap (``missing_months="gap"``), or, for a ledger where no row means nothing paid
    (``"zero"``), 0 between the metric's first and last month with rows — a gap after the
    last, whose rows may not be entered yet.
    """
    ids = [metrics] if isinstance(metrics, str) else list(metrics)
    picked = {m: _rows(table, m, unit=unit, category=category) for m in ids}
    present = [r for r in picked.values() if not r.empty]
    if not present:
        return empty_figure(title)
    divisor, axis_unit = _scale(ids[0], pd.concat(present)["value"])
    periods = sorted({p for rows in present for p in rows["period"]})
    months = all(len(p) == 7 for p in periods)
    if months:
        periods = _every_month(periods)
    marks = len(periods) * len(present)
    labelled = marks <= (LABELLED_BARS if kind == "bar" else LABELLED_POINTS)
    fig = go.Figure()
    for metric, rows in picked.items():
        if rows.empty:
            continue
        by_period = {r["period"]: r for _, r in rows.iterrows()}
        first, last = min(by_period), max(by_period)
        values: list[float | None] = []
        hovers: list[str] = []
        for period in periods if months else list(by_period):
            row = by_period.get(period)
            if row is not None:
                values.append(float(row["value"]))
                hovers.append(hover_text(row))
            elif missing_months == "zero" and len(period) == 7 and first <= period <= last:
                values.append(0.0)
                hovers.append(f"{METRIC_BY_ID[metric].label} {metric_value(metric, 0.0)}({NO_ROWS_IN_MONTH})")
            else:
                values.append(None)
                hovers.append(NO_DATA)
        common = {
            "x": [period_label(p) for p in (periods if months else by_period)],
            "y": [None if v is None else v / divisor for v in values],
            "name": METRIC_BY_ID[metric].label,
            "text": [None if v is None else axis_number(v, divisor) for v in values] if labelled else None,
            "textfont": LABEL_FONT,
            "cliponaxis": False,
            "hovertext": hovers,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
        if kind == "bar":
            fig.add_trace(go.Bar(marker={"color": series_color(metric)}, textposition="outside", **common))
        else:
            fig.add_trace(
                go.Scatter(
                    mode="lines+markers+text" if labelled else "lines+markers",
                    line={"color": series_color(metric), "width": 3},
                    textposition=_label_positions([pd.Series(values, dtype=float).ffill().fillna(0.0).tolist()], None, near=0.0)[
                        0
                    ],
                    connectgaps=False,
                    **common,
                )
            )
    name = "金额" if axis_unit in ("元", "万元") else "人数" if axis_unit == "人" else "场次" if axis_unit == SESSIONS else "人次"
    fig.update_layout(
        barmode="group",
        bargap=0.6 if len(periods) <= 2 else 0.2,
        showlegend=len(fig.data) > 1,
        uniformtext=UNIFORM_TEXT,
    )
    drawn = [v for trace in fig.data for v in trace.y if v is not None]
    if kind == "bar":
        # room above the highest bar for its label
        fig.update_yaxes(range=_value_range(drawn, grow=1.15), separatethousands=True)
    else:
        fig.update_yaxes(rangemode="normal", separatethousands=True)
    _whole_ticks(fig.update_yaxes, drawn, axis_unit, from_zero=kind == "bar")
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
    labelled = len(rows) <= LABELLED_BARS
    fig = go.Figure()
    for color, period in zip(period_colors(area_of(metric), len(shown_periods)), shown_periods, strict=True):
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
                text=[value_label(metric, v, divisor) for v in part["value"]] if labelled else None,
                **_bar_labels_placed(info.value_unit == RATE and target is not None),
                textfont=LABEL_FONT,
                cliponaxis=False,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", showlegend=len(shown_periods) > 1, uniformtext=UNIFORM_TEXT)
    fig = _layout(fig, title, height=height)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    drawn = (rows["value"] / divisor).tolist()
    if info.value_unit == RATE:
        span, ticks = rate_ticks([*drawn, *([target] if target is not None else [])], from_zero=True)
        value_axis(
            tickformat=".0%", type="linear", showgrid=True, gridcolor="#eeeeee", range=span, tickvals=ticks, tickmode="array"
        )
        if target is not None:
            # beside horizontal bars the label would sit on the category names
            add_target(fig, target, label=None if horizontal else "目标", vertical=horizontal)
    else:
        value_axis(
            type="linear",
            separatethousands=True,
            range=_value_range(drawn, grow=1.18 if horizontal else 1.15),  # room for the labels
            title={"text": _axis_title(info.label, axis_unit)},
        )
        _whole_ticks(value_axis, drawn, axis_unit)
        if horizontal:  # a narrow column: a few level ticks (the bars carry their values), never slanted
            value_axis(nticks=4, tickangle=0)
    if horizontal:
        fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
        fig.update_layout(margin={"r": max(60, fig.layout.margin.r or 0)})
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
            **_bar_labels_placed(info.value_unit == RATE and target is not None),
            cliponaxis=False,
            hovertext=[f"{literal(r['unit'])}<br>{hover_text(r)}" for _, r in rows.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig = _layout(fig, title, height=max(260, 60 + 28 * len(rows)))
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    _name_ticks(fig, rows["unit"].tolist())
    if info.value_unit == RATE:
        # the target's line stays in view, be it 0% or 150%; labels beyond 100% go in the margin
        span, ticks = rate_ticks(rows["value"].tolist() + ([target] if target is not None else []), below=0.1)
        fig.update_xaxes(type="linear", tickformat=".0%", range=span, tickmode="array", tickvals=ticks)
        if target is not None:
            add_target(fig, target, vertical=True)
    else:
        fig.update_xaxes(
            type="linear",
            separatethousands=True,
            range=_value_range((rows["value"] / divisor).tolist(), grow=1.18),
            title={"text": _axis_title(info.label, axis_unit)},
        )
    fig.update_layout(margin={"r": 60})
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

    ``table`` is a ``period="month"`` table; year-only rows are left out. Every month of the
    years shown stays on the axis (a month without rows is a gap). The cumulative rate
    restarts each year; its points carry their value, its hover shows the running 实缴 ÷
    应缴. The target line is named in the legend: beside the right axis its label would
    sit on the ticks.
    """
    month_rows = table[table["period"].str.len() == 7]
    due = _rows(month_rows, "dues_due", unit=unit, category=category)
    paid = _rows(month_rows, "dues_collected", unit=unit, category=category)
    if due.empty and paid.empty:
        return empty_figure(title)
    divisor, axis_unit = _scale("dues_due", pd.concat([due, paid])["value"])
    months = _every_month(pd.concat([due, paid])["period"].tolist())
    axis = [period_label(p) for p in months]
    fig = go.Figure()
    for metric, rows in (("dues_due", due), ("dues_collected", paid)):
        if rows.empty:
            continue
        by_month = {r["period"]: r for _, r in rows.iterrows()}
        fig.add_trace(
            go.Bar(
                x=axis,
                y=[None if p not in by_month else by_month[p]["value"] / divisor for p in months],
                name=METRIC_BY_ID[metric].label,
                marker={"color": series_color(metric)},
                hovertext=[f"{period_label(p)}<br>{hover_text(by_month[p]) if p in by_month else NO_DATA}" for p in months],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    cumulative = _rows(cumulative_rate(month_rows, "dues_collection_rate"), "dues_collection_rate", unit=unit, category=category)
    if not cumulative.empty:
        rates = cumulative["value"].tolist()
        labelled = len(rates) <= LABELLED_POINTS
        # the line keeps above the bars: its axis starts a quarter below its lowest point
        span, ticks = rate_ticks([*rates, *([target] if target is not None else [])], below=0.25)
        fig.add_trace(
            go.Scatter(
                x=[period_label(p) for p in cumulative["period"]],
                y=rates,
                name="累计收缴率",
                yaxis="y2",
                mode="lines+markers+text" if labelled else "lines+markers",
                text=[percent(v) for v in rates] if labelled else None,
                textposition=_label_positions([rates], target, near=ticks[1] - ticks[0] if len(ticks) > 1 else 0.0)[0],
                textfont=LABEL_FONT,
                cliponaxis=False,
                line={"color": CUMULATIVE_RATE_COLOR, "width": 3},
                hovertext=[f"{period_label(r['period'])} 累计<br>{hover_text(r)}" for _, r in cumulative.iterrows()],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        fig.update_layout(
            yaxis2={
                "overlaying": "y",
                "side": "right",
                "tickformat": ".0%",
                "range": span,
                "tickmode": "array",
                "tickvals": ticks,
            }
        )
        if target is not None:
            add_target(fig, target, axis="y2", label=None)
            fig.add_trace(
                go.Scatter(x=[None], y=[None], mode="lines", line=target_line(), name=f"目标 {percent(target)}", hoverinfo="skip")
            )
    fig.update_layout(barmode="group")
    fig = _layout(fig, title, height=height)
    # the left axis only: update_yaxes would also give the rate axis a money title
    highest = max(v for trace in fig.data if trace.type == "bar" for v in trace.y if v is not None)
    fig.update_layout(
        yaxis={
            # the bars keep to the lower part of the plot, under the rate line and its labels
            "range": [0, (highest or 1.0) * (BARS_UNDER_LINE if not cumulative.empty else 1.1)],
            "separatethousands": True,
            "title": {"text": _axis_title("金额", axis_unit)},
        }
    )
    if not cumulative.empty:
        fig.update_layout(yaxis2={"title": {"text": "累计收缴率"}, "showgrid": False})
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
        dragmode=False,
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
            **_bar_labels_placed(info.value_unit == RATE and (target is not None or benchmark is not None)),
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
        span, ticks = rate_ticks(drawn, below=0.1)
        fig.update_xaxes(type="linear", tickformat=".0%", range=span, tickmode="array", tickvals=ticks)
    else:
        fig.update_xaxes(
            type="linear",
            separatethousands=True,
            range=_value_range(drawn, grow=1.18),
            title={"text": _axis_title(info.label, axis_unit)},
        )
    # room below the axis: Streamlit's theme puts a horizontal legend under the plot
    fig.update_layout(margin={"r": 60, "t": 70 if title else 40, "b": 70 if lines else 10})
    return fig


def unit_year_heatmap(matrix: pd.DataFrame, metric: str, *, target: float | None = None, title: str | None = None) -> go.Figure:
    """One metric per group (rows) and period (columns), cells written out (96.3%).

    ``matrix`` has the columns of ``comparison.year_matrix`` (unit, period, value,
    numerator, denominator); groups keep its order. With a ``target`` the colours diverge
    around it: a cell below it warm (BELOW_TARGET_COLORS), above it cool
    (ABOVE_TARGET_COLORS), the further from it the darker; a cell under the target also
    says so in its hover and is marked ▼. Without a target: shades of the area's colour,
    darker for larger values.
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
    if target is None:
        scale = {"colorscale": [[0.0, shade(color, 0.9)], [1.0, color]]}
    else:
        # zmid: the colour scale is centred on the target, whichever side has the farther cell
        far_below, near_below = BELOW_TARGET_COLORS
        near_above, far_above = ABOVE_TARGET_COLORS
        scale = {
            "colorscale": [[0.0, far_below], [0.4999, near_below], [0.5, near_above], [1.0, far_above]],
            "zmid": target,
        }
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy().tolist(),
            x=[period_label(p) for p in periods],
            y=units,
            text=text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            showscale=False,
            xgap=2,
            ygap=2,
            **scale,
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
    # both bars of an account labelled when few, else the 决算数 alone
    for name, values, bar_color in (("预算数", budget.tolist(), shade(color, 0.55)), ("决算数", actual["value"].tolist(), color)):
        shown = [None if pd.isna(v) else v / divisor for v in values]
        labelled = len(accounts) * (2 if name == "预算数" else 1) <= LABELLED_BARS
        fig.add_trace(
            go.Bar(
                x=shown,
                y=accounts,
                orientation="h",
                name=name,
                marker={"color": bar_color},
                text=[None if v is None else axis_number(v * divisor, divisor) for v in shown] if labelled else None,
                textposition="outside",
                constraintext="none",  # thin bars: the label keeps its size beside the bar
                textfont=LABEL_FONT,
                cliponaxis=False,
                hovertext=[
                    f"{literal(a)}<br>{name} {yuan(v) if not pd.isna(v) else NO_DATA}"
                    for a, v in zip(accounts, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group", uniformtext=UNIFORM_TEXT)
    fig = _layout(fig, title, height=max(300, 80 + 40 * len(accounts)))
    drawn = [v for trace in fig.data for v in trace.x if v is not None]
    fig.update_xaxes(
        type="linear",
        separatethousands=True,
        range=_value_range(drawn, grow=1.18),
        title={"text": _axis_title("金额", axis_unit)},
    )
    fig.update_layout(margin={"r": 60})
    fig.update_yaxes(type="category", autorange="reversed", gridcolor=None)
    return fig


# --- §3.8 activities ---------------------------------------------------------------------------


def category_months(
    table: pd.DataFrame,
    metric: str,
    *,
    categories: Sequence[str],
    unit: str | None = ALL_UNITS,
    title: str | None = None,
    height: int = 380,
) -> go.Figure:
    """A ledger metric by month, stacked by category (活动场次 of 培训, 文体活动 … per month).

    ``table`` holds month records ('2024-05'); every month of their years is on the axis, a
    month without rows drawn as nothing. One colour per category, shades of the metric's
    area in the order of ``categories``; hover: category, month, value in its unit."""
    rows = table[(table["metric"] == metric) & table["category"].isin(list(categories)) & table["value"].notna()]
    rows = rows[rows["period"].str.len() == 7]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    if rows.empty:
        return empty_figure(title)
    divisor, axis_unit = _scale(metric, rows["value"])
    months = _every_month(sorted(rows["period"].unique()))
    present = [c for c in categories if c in set(rows["category"])]
    fig = go.Figure()
    for color, category in zip(shades(area_of(metric), len(present)), present, strict=True):
        part = rows[rows["category"] == category].set_index("period")["value"]
        values = [float(part[m]) / divisor if m in part.index else None for m in months]
        fig.add_trace(
            go.Bar(
                x=[period_label(m) for m in months],
                y=values,
                name=literal(category),
                marker={"color": color},
                hovertext=[
                    f"{literal(category)} · {period_label(m)}<br>{METRIC_BY_ID[metric].label} {metric_value(metric, v * divisor)}"
                    if v is not None
                    else NO_DATA
                    for m, v in zip(months, values, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", showlegend=True)
    fig.update_yaxes(separatethousands=True, rangemode="tozero")
    return _layout(fig, title, height=height, y_title=_axis_title(METRIC_BY_ID[metric].label, axis_unit))


# --- §3.7 会员构成 from rosters ------------------------------------------------------------


def member_makeup(table: pd.DataFrame, period: str, *, unit: str | None = ALL_UNITS, title: str | None = "会员构成") -> go.Figure:
    """members_by_group of one year as bars under what they tell apart (性别, 年龄, 其中 农民工:
    ``MAKEUP_DIMENSIONS``), a colour each; each bar says its members and their share of all members."""
    rows = table[(table["metric"] == "members_by_group") & (table["period"] == period) & table["value"].notna()]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    counts = rows[rows["category"].notna()].set_index("category")["value"]
    if counts.empty:
        return empty_figure(title)
    total = rows.loc[rows["category"].isna(), "value"]
    total = float(total.iat[0]) if len(total) and total.iat[0] else None
    fig = go.Figure()
    drawn: list[float] = []
    for color, (dimension, groups) in zip(shades("membership", len(MAKEUP_DIMENSIONS)), MAKEUP_DIMENSIONS, strict=True):
        shown = [g for g in groups if g in counts.index]
        values = [float(counts[g]) for g in shown]
        if not shown:
            continue
        drawn += values
        shares = [percent(v / total) if total else None for v in values]
        fig.add_trace(
            go.Bar(
                x=[[dimension] * len(shown), shown],
                y=values,
                name=dimension,
                marker={"color": color},
                text=[f"{v:,.0f}人" + (f"<br>{s}" if s else "") for v, s in zip(values, shares, strict=True)],
                textposition="outside",
                textfont=LABEL_FONT,
                cliponaxis=False,
                hovertext=[
                    f"{literal(g)} · {period_label(period)}<br>会员 {v:,.0f}人" + (f",占会员的{s}" if s else "")
                    for g, v, s in zip(shown, values, shares, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_layout(barmode="overlay", showlegend=False, uniformtext=UNIFORM_TEXT)
    fig = _layout(fig, title, y_title="会员人数(人)")
    fig.update_xaxes(type="multicategory", tickangle=0)  # the groups, and under them what they tell apart
    fig.update_yaxes(range=_value_range(drawn, grow=1.25), separatethousands=True)  # room for two-line labels
    _whole_ticks(fig.update_yaxes, drawn, "人")
    return fig
    rows = table[(table["metric"] == "members_by_group") & (table["period"] == period)]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    total = rows.loc[rows["category"].isna(), "value"]
    if total.empty or not total.iat[0]:
        return fig
    bars = fig.data[0]
    names = list(bars.y if bars.orientation == "h" else bars.x)
    values = list(bars.x if bars.orientation == "h" else bars.y)
    bars.hovertext = [
        f"{literal(name)} · {period_label(period)}<br>会员构成 {value:,.0f}人,占会员的{percent(value / total.iat[0])}"
        for name, value in zip(names, values, strict=True)
    ]
    return fig
