"""报告: the year's 工作总结 text (editable, copyable), the report files to download, and 演示模式.

Year and scope come from the sidebar: the last year of the range; one chosen unit, else one
chosen 上级工会, else all units (a choice among several is offered here). Every figure comes
from ``unionstats.report`` (which reads ``compute_metrics``), cached by store version.
"""

from __future__ import annotations

import html

import streamlit as st

from unionstats.errors import UnionStatsError
from unionstats.formatting import change as change_text
from unionstats.formatting import metric_value
from unionstats.output.charts import AREA_COLORS
from unionstats.report import FORMATS, file_name, format_label, render
from unionstats.report.figures import report_figures
from unionstats.report.model import NoReportDataError
from unionstats.rules.metrics import LABELS, METRIC_BY_ID, PRESENTED, headlines
from views.common import (
    ALL,
    CHOOSE,
    cached_report,
    cached_summary,
    current_filters,
    download_now,
    greet_empty_store,
    plain_markdown,
    report_scope,
    show_error,
)
from views.session import current_viewer, store_version

DOWNLOADS = ("pptx", "docx", "xlsx", "html")
PRESENTING = "report_presenting"
SLIDE = "report_slide"


def choose_scope(filters) -> tuple[str | None, str | None]:
    """(unit, parent) of the report: the sidebar's one unit or one 上级工会 (``report_scope``), else a
    choice here among the sidebar's units or 上级工会; (None, None) for all."""
    scope = report_scope(filters)
    if scope is not None:
        return scope
    if filters.units:
        return st.selectbox("报告单位", list(filters.units), placeholder=CHOOSE, key="report_unit"), None
    return None, st.selectbox("报告的上级工会", list(filters.parents), placeholder=CHOOSE, key="report_parent")


def downloads(model) -> None:
    """One button per format: a click writes the file (the button spins) and downloads it.

    ``model`` is this run's report for the signed-in viewer; the files are written from it
    when clicked and kept nowhere (``download_now``), so none outlives a sign-out or reaches
    another user of the tab.
    """
    columns = st.columns(len(DOWNLOADS))
    for column, fmt in zip(columns, DOWNLOADS, strict=True):
        _, suffix, mime = FORMATS[fmt]
        label = format_label(model, fmt)
        with column:
            download_now(
                f"下载{label}",
                lambda fmt=fmt: render(model, fmt),
                file_name=file_name(model, fmt),
                mime=mime,
                key=f"download_{fmt}",
                what=f"{label} {model.title} {model.year}年",
                type="primary" if fmt == "pptx" else "secondary",
                width="stretch",
                help=f"点一下即生成并下载{suffix}文件;Word 报告要画图,需要几秒。",
            )


SLIDE_CHART_HEIGHT = 520  # px: title, buttons and chart fit a 1366×768 projector screen


def _turn(step: int) -> None:
    st.session_state[SLIDE] = max(0, st.session_state.get(SLIDE, 0) + step)


KPI_CARDS_PER_ROW = 3
KPI_SCREEN_CSS = """<style>
.kpi-grid { display: grid; grid-template-columns: repeat(%(columns)d, 1fr); gap: 1.2rem; margin-top: 0.6rem; }
.kpi-card { border: 1px solid #dddddd; border-top: 0.5rem solid var(--area); border-radius: 0.6rem; padding: 0.8rem 1.4rem; }
.kpi-label { font-size: 1.7rem; color: #555555; }
.kpi-value { font-size: 4.2rem; font-weight: 700; line-height: 1.15; color: var(--area); white-space: nowrap; }
.kpi-change { font-size: 1.6rem; color: #555555; }
.kpi-change.up { color: #1e7b34; } .kpi-change.down { color: #b2182b; }
</style>"""


def kpi_screen(model) -> None:
    """演示模式's first screen: the year's headline figures in projector type, each with its 较上年."""
    heading = html.escape(f"{model.title} {model.year}年主要指标")  # unit names are user data
    st.markdown(f"<h1 style='font-size:2.8rem'>{heading}</h1>", unsafe_allow_html=True)
    cards = []
    for metric in (m for m in headlines(PRESENTED) if model.value(m) is not None):
        change = model.change(metric)
        if change is None:
            trend, said = "", f"{model.previous_year}年无可比数据"
        else:
            said = change_text(metric, change)
            trend = "" if said == "持平" else ("up" if change > 0 else "down")
            said = "与上年持平" if said == "持平" else f"较上年{said}"
        cards.append(
            f"<div class='kpi-card' style='--area:{AREA_COLORS[METRIC_BY_ID[metric].kind]}'>"
            f"<div class='kpi-label'>{html.escape(LABELS[metric])}</div>"
            f"<div class='kpi-value'>{html.escape(metric_value(metric, model.value(metric)))}</div>"
            f"<div class='kpi-change {trend}'>{html.escape(said)}</div></div>"
        )
    st.markdown(
        KPI_SCREEN_CSS % {"columns": KPI_CARDS_PER_ROW} + f"<div class='kpi-grid'>{''.join(cards)}</div>",
        unsafe_allow_html=True,
    )


def presentation(model) -> None:
    """演示模式: one big chart per screen, 上一页/下一页 (or ← →), the sidebar hidden."""
    st.markdown(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header, footer { display: none !important; }
        .block-container { max-width: 100% !important; padding-top: 1rem !important; }
        .block-container p, .block-container li { font-size: 1.6rem !important; }
        </style>""",
        unsafe_allow_html=True,
    )
    figures = report_figures(model, height=SLIDE_CHART_HEIGHT)
    total = len(figures) + 1
    page = min(st.session_state.get(SLIDE, 0), total - 1)
    left, middle, right, leave = st.columns([1, 3, 1, 1])
    # callbacks turn the page before the script runs, so both buttons are drawn for the new page
    left.button("上一页", key="slide_previous", shortcut="Left", disabled=page == 0, width="stretch", on_click=_turn, args=(-1,))
    right.button(
        "下一页", key="slide_next", shortcut="Right", disabled=page >= total - 1, width="stretch", on_click=_turn, args=(1,)
    )
    if leave.button("退出演示", key="slide_leave", shortcut="Esc", width="stretch"):
        st.session_state[PRESENTING] = False
        st.rerun()
    middle.markdown(f"<div style='text-align:center;font-size:1.4rem'>第{page + 1}页 / 共{total}页</div>", unsafe_allow_html=True)
    if page == 0:
        kpi_screen(model)
        return
    figure = figures[page - 1]
    st.markdown(f"<h1 style='font-size:2.4rem'>{html.escape(figure.title)}</h1>", unsafe_allow_html=True)
    fig = figure.figure
    fig.update_layout(font={"size": 22}, height=SLIDE_CHART_HEIGHT, title=None)
    fig.update_traces(textfont={"size": 20})  # the value labels in projector type too
    fig.update_annotations(font={"size": 18})
    if any(a.xanchor == "left" and a.x == 1 for a in fig.layout.annotations):  # a target's label beside the plot
        fig.update_layout(margin={"r": 160})
    st.plotly_chart(fig, width="stretch", theme=None, key=f"slide_chart_{page}", config={"displayModeBar": False})


if not st.session_state.get(PRESENTING):  # a slide keeps the whole screen for its chart
    st.title("报告")
if greet_empty_store():
    st.stop()

filters = current_filters()
if filters.year is None:
    st.info("请在左侧选择年度。")
    st.stop()

year = filters.year
unit, parent = choose_scope(filters)
viewer = current_viewer()
version = store_version()
try:
    model = cached_report(version, viewer, year, unit, parent)
    summary = cached_summary(version, viewer, year, unit, parent)
except NoReportDataError as error:  # a year without figures for this scope: nothing to report, not a fault
    st.info(plain_markdown(error.message))
    st.stop()
except UnionStatsError as error:
    show_error(error)
    st.stop()

if st.session_state.get(PRESENTING):
    presentation(model)
    st.stop()

st.caption(
    plain_markdown(f"{year}年 · {model.title} · 与{model.previous_year}年比较。年度和范围请在左侧筛选(取年度范围的最后一年)。")
)
if filters.fund_type and filters.fund_type != ALL:
    st.caption("报告包含全部经费类型(左侧的经费类型筛选不作用于报告)。")

st.subheader("年度工作总结数据")
edited = st.text_area(
    "可直接修改,全选复制后粘贴到工作总结中",
    value=summary,
    height=420,
    key=f"summary_{year}_{unit}_{parent}",
)
download_now(
    "下载文字(.txt)",
    lambda: edited.encode("utf-8"),
    file_name=f"{model.title}{year}年度工作总结数据.txt",
    mime="text/plain",
    key="download_summary",
    what=f"工作总结文字 {model.title} {year}年",
)

st.subheader("导出报告")
st.caption(
    "演示文稿(一个单位的用于职代会,上级工会的为工作报告;16:9,图表可在 PowerPoint/WPS 中编辑)、Word 报告、"
    "Excel 汇总表(含合计行)、网页报告(可离线打开、打印为 A4)。"
)
downloads(model)

st.subheader("演示模式")
st.caption("全屏大字,一屏一张图,用「上一页/下一页」或键盘 ← → 翻页,Esc 退出。")
if st.button("进入演示模式", key="slide_start", type="primary", icon=":material/slideshow:"):
    st.session_state[PRESENTING] = True
    st.session_state[SLIDE] = 0
    st.rerun()
