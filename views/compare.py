"""单位对比 (district): ranking against the district figure and the target, a unit × year
heatmap, 报送情况, one unit's figures over the years, and the comparison as Excel.

Wiring only: figures come from ``compute_metrics`` (by unit or by 上级工会) through
``views.common``; ``unionstats.metrics.comparison`` ranks and reshapes them, ``unionstats.output.charts``
draws them, ``unionstats.output.tables`` writes the workbook.
"""

from __future__ import annotations

import math
from dataclasses import replace

import streamlit as st

from unionstats.errors import UnionStatsError
from unionstats.formatting import metric_value, parts_text, percent
from unionstats.metrics import comparison
from unionstats.metrics.catalog import MONTHLY_KINDS
from unionstats.output import charts
from unionstats.output.tables import reminders_xlsx
from unionstats.report.xlsx import comparison_xlsx
from unionstats.rules.columns import KIND_LABELS, KINDS
from unionstats.rules.metrics import METRIC_BY_ID
from views.common import (
    CHOOSE,
    XLSX_MIME,
    cached_reporting_reminders,
    cached_reporting_status,
    cached_unit_tree,
    cached_years,
    current_filters,
    download_now,
    figure,
    greet_empty_store,
    metrics,
    plain_markdown,
    show_error,
    show_figure,
    targets,
)
from views.session import current_viewer, store_version

GROUPINGS = {"按单位": "unit", "按上级工会": "parent"}
ROWS_PER_PAGE = 20
# More units than this in the sidebar's scope (a city: 10,000 units under 50 上级工会): the page
# opens on the 上级工会, ranks the units for the one year compared (a table to search and page
# through, the chart only its first and last few), and takes the heatmap and a unit's details
# one 上级工会 at a time. A chart of 10,000 bars or a list of 10,000 names helps nobody.
MANY_UNITS = 300
BELOW_NAMED = 20  # units under target named in the warning; the table flags every one
WHOLE_YEAR = "全年"
MONTHS = [WHOLE_YEAR, *(f"{m}月" for m in range(1, 13))]


def metric_label(metric: str) -> str:
    return METRIC_BY_ID[metric].label


def paged(frame, key: str):
    """The rows of ``frame`` on the page chosen below it (ROWS_PER_PAGE a page)."""
    pages = max(1, math.ceil(len(frame) / ROWS_PER_PAGE))
    page = st.pagination(pages, key=key) if pages > 1 else 1
    page = min(page, pages)  # a search may leave fewer pages than the one last chosen
    return frame.iloc[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]


def units_in_scope(filters, tree):
    """The unit tree's rows (unit, parent) within the sidebar's 上级工会 and units."""
    if filters.parents is not None:
        tree = tree[tree["parent"].isin(filters.parents)]
    if filters.units is not None:
        tree = tree[tree["unit"].isin(filters.units)]
    return tree


def choose_parent(scope_tree, key: str) -> list[str]:
    """A 上级工会 chosen here (many units: one at a time); its units in the sidebar's scope."""
    parents = sorted(scope_tree["parent"].unique())
    parent = st.selectbox(
        "上级工会", parents, placeholder=CHOOSE, key=key, help=f"单位超过{MANY_UNITS}个时,一次看一个上级工会的单位。"
    )
    return scope_tree.loc[scope_tree["parent"] == parent, "unit"].tolist()


def scope_label(filters) -> str:
    """What the figure over all groups is called: 全区, or 所选范围 when the sidebar narrows the units."""
    return "全区" if filters.parents is None and filters.units is None else "所选范围"


def ranking_section(table, district, year: str, group: str, goals: dict[str, float], scope: str = "全区") -> None:
    choices = comparison.rankable_metrics(table)
    if not choices:
        st.info(f"{year}年没有可比较的数据。")
        return
    left, right = st.columns([2, 1])
    metric = left.selectbox(
        "比较的指标",
        choices,
        index=choices.index("membership_rate") if "membership_rate" in choices else 0,
        format_func=metric_label,
        placeholder=CHOOSE,
        key="compare_metric",
    )
    top = right.slider("图中显示前后各几名", min_value=3, max_value=30, value=10, key="compare_top")
    target = goals.get(metric)
    ranked = comparison.ranking(table, metric, year, target=target)
    whole = comparison.figure_of(district, metric, year)
    label = metric_label(metric)
    if whole["value"] is not None:
        parts = parts_text({"metric": metric, **whole}) if METRIC_BY_ID[metric].denominator else None
        detail = f"({METRIC_BY_ID[metric].numerator} {parts[0]} ÷ {METRIC_BY_ID[metric].denominator} {parts[1]})" if parts else ""
        st.caption(f"{scope}{year}年{label}:{metric_value(metric, whole['value'])}{detail}")
    shown = comparison.top_and_bottom(ranked, top)
    valued = ranked["value"].notna().sum()
    title = f"{year}年{label}排名" + (f"(前{top}名与后{top}名,共{valued}个)" if len(shown) < valued else "")
    show_figure(
        figure(charts.ranking_bars, shown, metric, benchmark=whole["value"], benchmark_label=scope, target=target, title=title),
        f"{year}年没有{label}的数据。",
        key="ranking_chart",
    )
    below = comparison.below_target_units(ranked)
    if target is not None and below:
        head = f"{label}低于目标({percent(target)})的{group}有{len(below)}个"
        if len(below) > BELOW_NAMED:  # 182 names would bury the page: the lowest few, the table flags all
            head += f"(全部见下表「是否达标」),最低的{BELOW_NAMED}个"
        named = below[-BELOW_NAMED:][::-1] if len(below) > BELOW_NAMED else below
        st.warning(f"{head}:" + plain_markdown("、".join(named)))
    elif target is not None and valued:
        st.success(f"各{group}的{label}都达到了目标({percent(target)})。")
    listed = ranked
    if len(ranked) > ROWS_PER_PAGE:
        wanted = st.text_input(f"查找{group}", key="ranking_search", placeholder="输入名称中的几个字,排名不变")
        if wanted.strip():
            listed = ranked[ranked["unit"].str.contains(wanted.strip(), regex=False)]
            if listed.empty:  # an empty table would say "empty" on its canvas, in English
                st.info(plain_markdown(f"没有名称含「{wanted.strip()}」的{group}。"))
                return
            st.caption(plain_markdown(f"名称含「{wanted.strip()}」的{group}:{len(listed)}个"))
    # only the page shown is written out: 10,000 rows of 96.3% would cost every rerun
    page = comparison.ranking_display(paged(listed, "ranking_page"), metric, group_label=group, target=target)
    st.dataframe(page, hide_index=True, width="stretch", height=38 + 35 * max(1, len(page)))


HEATMAP_ROWS = 25  # groups per page of the heatmap; every group is on some page


def heatmap_section(table, year: str, group: str, goals: dict[str, float]) -> None:
    rates = comparison.rankable_metrics(table, rates_only=True)
    if not rates:
        st.info("所选年度没有比率类数据。")
        return
    left, right = st.columns([1, 2])
    metric = left.selectbox(
        "比率",
        rates,
        index=rates.index("membership_rate") if "membership_rate" in rates else 0,
        format_func=metric_label,
        placeholder=CHOOSE,
        key="heatmap_metric",
    )
    everyone = sorted(comparison.overall(table)["unit"].unique())
    chosen = right.multiselect(
        f"只看这些{group}(留空则按会员人数从多到少分页显示全部)",
        everyone,
        key="heatmap_units",
        placeholder=f"全部{group}",
        select_all=False,
    )
    target = goals.get(metric)
    shown = chosen or comparison.largest_units(table, len(everyone), year)
    if len(shown) > HEATMAP_ROWS:
        pages = math.ceil(len(shown) / HEATMAP_ROWS)
        page = min(st.pagination(pages, key="heatmap_page"), pages)
        st.caption(f"共{len(shown)}个{group},每页{HEATMAP_ROWS}个,按会员人数从多到少。")
        shown = shown[(page - 1) * HEATMAP_ROWS : page * HEATMAP_ROWS]
    matrix = comparison.year_matrix(table, metric, shown)
    show_figure(
        figure(charts.unit_year_heatmap, matrix, metric, target=target, title=f"各{group}{metric_label(metric)}"),
        f"所选{group}没有{metric_label(metric)}的数据。",
        key="heatmap_chart",
    )
    if target is not None:
        st.caption(f"红色低于目标({percent(target)})、蓝色达到目标,颜色越深离目标越远;▼ 表示低于目标。")


def reporting_section(filters, year: str, scope: str) -> None:
    st.caption("看哪些单位还没有报送某类数据(单位名单取自所有已导入的数据,按侧栏的上级工会和单位筛选)。")
    kind_col, year_col, month_col = st.columns(3)
    kind = kind_col.selectbox("数据类别", KINDS, format_func=KIND_LABELS.get, placeholder=CHOOSE, key="reporting_kind")
    years = [
        y
        for y in cached_years(store_version(), current_viewer())
        if filters.years is None or filters.years[0] <= y <= filters.years[1]
    ]
    period_year = year_col.selectbox(
        "年度", years[::-1], format_func=lambda y: f"{y}年", placeholder=CHOOSE, key="reporting_year"
    )
    monthly = kind in MONTHLY_KINDS
    month = month_col.selectbox(
        "月份",
        MONTHS,
        placeholder=CHOOSE,
        key="reporting_month",
        disabled=not monthly,
        help="单位信息、经费收支只按年度报送。",
    )
    period = period_year if not monthly or month == WHOLE_YEAR else f"{period_year}-{int(month[:-1]):02d}"
    status = cached_reporting_status(store_version(), current_viewer(), filters, kind, period)
    not_expected = int((~status["expected"]).sum())
    status = status[status["expected"]]  # a unit without a union is never "missing"
    when = f"{period_year}年" + (month if period != period_year else "")
    missing = status[~status["reported"]]
    reported = status[status["reported"]]
    st.metric(f"{when}{KIND_LABELS[kind]} 已报送单位", f"{len(reported)} / {len(status)}")
    if missing.empty:
        st.success(f"所有单位都已报送{when}的{KIND_LABELS[kind]}数据。")
    else:
        st.warning(f"{len(missing)}个单位没有{when}的{KIND_LABELS[kind]}数据:")
        shown = missing.rename(columns={"unit": "单位", "parent": "上级工会"})[["单位", "上级工会"]]
        st.dataframe(paged(shown, "reporting_page"), hide_index=True, width="stretch")
    if not_expected:
        st.caption(f"另有{not_expected}个单位无需报送{KIND_LABELS[kind]}(未建会,或从未报送过且单位信息中未登记为已建会),不列入。")
    with st.expander(f"已报送的单位({len(reported)}个)"):
        if reported.empty:
            st.caption("还没有单位报送。")
        else:
            shown = reported.rename(columns={"unit": "单位", "parent": "上级工会", "rows": "行数"})[["单位", "上级工会", "行数"]]
            st.dataframe(paged(shown, "reported_page"), hide_index=True, width="stretch")
    reminders_section(filters, period, when, scope)


def reminders_section(filters, period: str, when: str, scope: str) -> None:
    """The 催报清单 of the period: how many units owe a report, and the list as Excel (units × kinds)."""
    reminders = cached_reporting_reminders(store_version(), current_viewer(), filters, period)
    kinds = "、".join(KIND_LABELS[k] for k in reminders.columns if k not in ("unit", "parent"))
    if reminders.empty:
        st.caption(f"催报清单:{when}没有应报未报{kinds}的单位。")
        return
    st.caption(f"催报清单:{len(reminders)}个单位有应报未报的{kinds}数据,可下载后逐一催报。")
    title = f"{when}数据催报清单"

    def workbook() -> bytes:
        line = f"统计范围:{scope}    统计期间:{when}    未报送:应报未报;无需报送:未建会或不报送此类数据"
        return reminders_xlsx(reminders, title=title, line=line)

    download_now(
        "下载催报清单(Excel)",
        workbook,
        file_name=f"{title}.xlsx",
        mime=XLSX_MIME,
        key="download_reminders",
        what=f"催报清单 {when}",
    )


def drill_down_section(table, group: str, goals: dict[str, float]) -> None:
    everyone = sorted(comparison.overall(table)["unit"].unique())
    if not everyone:
        st.info("暂无数据。")
        return
    unit = st.selectbox(f"选择{group}", everyone, placeholder=CHOOSE, key="drill_unit")
    history = comparison.unit_history(table, unit)
    if history.empty:
        st.info(plain_markdown(f"{unit}在所选年度没有数据。"))
        return
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(
                charts.rate_trend,
                table,
                "membership_rate",
                unit=unit,
                target=goals.get("membership_rate"),
                title="入会率",
                height=300,
            ),
            "没有入会率数据。",
            key="drill_membership",
        )
    with right:
        show_figure(
            figure(
                charts.rate_trend,
                table,
                "dues_collection_rate",
                unit=unit,
                target=goals.get("dues_collection_rate"),
                title="经费收缴率",
                height=300,
            ),
            "没有经费收缴数据。",
            key="drill_dues",
        )
    st.dataframe(history, width="stretch")


def export_section(filters, table, district, year: str, group: str, by: str) -> None:
    tree = units_in_scope(filters, cached_unit_tree(store_version(), current_viewer()))
    title = f"{year}年各{group}主要指标对比"

    def workbook() -> bytes:
        # written when clicked: for 10,000 units the table and the workbook take seconds.
        # Every unit of the scope is listed, one without figures as 未报送 (or 无需报送).
        status = cached_reporting_status(store_version(), current_viewer(), filters, "membership", year)
        expected = dict(zip(status["unit"], status["expected"], strict=True))
        if by == "unit":
            groups = [(u, p, expected.get(u, True)) for u, p in zip(tree["unit"], tree["parent"], strict=True)]
        else:  # a 上级工会 is expected to report when one of its units is
            expecting = {p for u, p in zip(tree["unit"], tree["parent"], strict=True) if expected.get(u, True)}
            groups = [(parent, None, parent in expecting) for parent in sorted(tree["parent"].unique())]
        return comparison_xlsx(table, district, year, groups, title=title, scope=scope_label(filters), group_label=group)

    download_now(
        f"下载{year}年单位对比汇总表(Excel)",
        workbook,
        file_name=f"{title}.xlsx",
        mime=XLSX_MIME,
        key="download_comparison",
        what=f"单位对比汇总表 {year}年",
    )


st.title("单位对比")
if greet_empty_store():
    st.stop()
try:
    filters = current_filters()
    year = filters.year or cached_years(store_version(), current_viewer())[-1]
    scope_tree = units_in_scope(filters, cached_unit_tree(store_version(), current_viewer()))
    many = len(scope_tree) > MANY_UNITS
    choice = st.radio("对比对象", list(GROUPINGS), index=1 if many else 0, horizontal=True, key="compare_by")
    by = GROUPINGS[choice]
    group = "单位" if by == "unit" else "上级工会"
    many_units = many and by == "unit"
    with st.spinner(f"正在计算各{group}的指标…"):
        # many units: the ranking needs only the year compared; the heatmap and the details
        # ask for one 上级工会's units over the years, below
        table = metrics(replace(filters, years=(year, year)) if many_units else filters, by=by)
        district = metrics(by="all")
    goals = targets()
    st.caption(f"比较{year}年(侧栏年度范围的最后一年);热力图和{group}详情显示整个年度范围。")
    if many_units:
        st.caption(f"共{len(scope_tree):,}个单位:排名表可查找、翻页,图中只画前后各几名;热力图和单位详情先选上级工会。")
    export_section(filters, table, district, year, group, by)
    ranking_tab, heatmap_tab, reporting_tab, drill_tab = st.tabs(["排名", "热力图", "报送情况", f"{group}详情"])
    with ranking_tab:
        ranking_section(table, district, year, group, goals, scope_label(filters))
    with heatmap_tab:
        if many_units:
            units = choose_parent(scope_tree, "heatmap_parent")
            heatmap_section(metrics(replace(filters, parents=None, units=tuple(units)), by="unit"), year, group, goals)
        else:
            heatmap_section(table, year, group, goals)
    with reporting_tab:
        reporting_section(filters, year, scope_label(filters))
    with drill_tab:
        if many_units:
            units = choose_parent(scope_tree, "drill_parent")
            drill_down_section(metrics(replace(filters, parents=None, units=tuple(units)), by="unit"), group, goals)
        else:
            drill_down_section(table, group, goals)
except UnionStatsError as error:
    show_error(error)
