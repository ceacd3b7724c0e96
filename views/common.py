"""UI-side shared pieces: the global filters, cached reads keyed by the store version, the
empty-store greeting, the one way errors reach the page, and the widgets pages share.

Every read goes through a ``st.cache_data`` function whose first argument is the store
version (it changes on every import and undo), so a rerun after a filter change asks
the database only for what changed. Pages never compute a metric: they call these
functions, which call ``unionstats``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import pickle
import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from unionstats import preferences
from unionstats.access import Viewer
from unionstats.errors import UnionStatsError
from unionstats.importer import import_sample
from unionstats.metrics import catalog, ledgers
from unionstats.metrics.compute import compute_metrics
from unionstats.output.charts import is_empty, unit_bars
from unionstats.output.tables import csv_bytes, excel_bytes, metrics_download, metrics_sheet
from unionstats.report.model import build_report
from unionstats.report.summary import summary_text
from views.session import (
    current_user_name,
    current_viewer,
    engine,
    export_noter,
    handed_files,
    note_handed_file,
    store_version,
    user_state,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

log = logging.getLogger(__name__)

ALL = "全部"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_LISTED = 500  # the sidebar lists units to choose from up to this many (else: choose a 上级工会 first)
CHOOSE = "请选择"  # every selectbox's placeholder: Streamlit's own is "Choose an option"


# --- Streamlit's own words, in Chinese -------------------------------------------------------

# Streamlit 1.67 writes a few words of its own in English and has no setting for the language.
# Where a widget takes the text (placeholder=, select_all=False) the pages pass it; the rest is
# relabelled here: the English text is hidden — so it is also left out of the page's text — and
# a Chinese one takes its place. One rule per text; tests/browser/test_chinese.py holds every
# page to it. What cannot be reached this way (texts drawn on a canvas, hover tips, menus) is
# listed in docs/architecture.md.
CHINESE_UI_CSS = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="InputInstructions"] > span,
[data-testid="stStatusWidget"] button,
[data-testid="stSkipToContent"],
[data-testid="stDownloadButtonError"],
[role="listbox"][data-empty="true"] [role="option"] > span {
    visibility: hidden; font-size: 0 !important;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after,
[data-testid="stFileUploaderDropzoneInstructions"] span::after,
[data-testid="InputInstructions"]::after,
[data-testid="stStatusWidget"] button::after,
[data-testid="stSkipToContent"]::after,
[data-testid="stDownloadButtonError"]::after,
[role="listbox"][data-empty="true"] [role="option"] > span::after {
    visibility: visible; font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after { content: "选择文件"; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "每个文件不超过 %(upload_mb)sMB"; }
[data-testid="InputInstructions"]::after { content: "按回车键确认"; }
[data-testid="stForm"] [data-testid="InputInstructions"]::after { content: "按回车键提交"; }
[data-testid="stTextArea"] [data-testid="InputInstructions"]::after { content: "按 Ctrl+回车键确认"; }
[data-testid="stStatusWidget"] button::after { content: "停止"; }
[data-testid="stSkipToContent"]::after { content: "跳到正文"; font-size: 1rem; }
[data-testid="stDownloadButtonError"]::after { content: "文件没有生成,原因见下方提示。"; }
[role="listbox"][data-empty="true"] [role="option"] > span::after { content: "没有符合的选项"; }
/* the charts' one tool: a picture of the chart (show_figure leaves only that button) */
.js-plotly-plot .plotly .modebar-btn[data-title]::after { content: "下载为图片"; }
"""


def chinese_ui() -> None:
    """Put Streamlit's own English words into Chinese on this run's page (CHINESE_UI_CSS); drawn
    by dashboard.py on every run. A style-only ``st.html`` takes no room on the page."""
    st.html(f"<style>{CHINESE_UI_CSS % {'upload_mb': st.get_option('server.maxUploadSize')}}</style>")


# --- global filters (sidebar, drawn by dashboard.py on every run) -------------------------


@dataclass(frozen=True)
class Filters:
    """What the sidebar asks for. ``years`` is an inclusive range ('2021', '2024');
    ``parents`` / ``units`` None for all; ``fund_type`` None for every fund type."""

    years: tuple[str, str] | None
    parents: tuple[str, ...] | None
    units: tuple[str, ...] | None
    fund_type: str | None

    @property
    def year(self) -> str | None:
        """The year a page reports on: the last of the range."""
        return self.years[1] if self.years else None

    @property
    def previous_year(self) -> str | None:
        return str(int(self.year) - 1) if self.year else None

    def with_previous_year(self) -> Filters:
        """These filters with the range stretched back to ``previous_year`` (for 较上年)."""
        if not self.years:
            return self
        first = min(self.years[0], self.previous_year) if self.years[0] else None
        return replace(self, years=(first, self.years[1]))

    def query(self) -> dict:
        """Keyword arguments of ``compute_metrics`` for these filters."""
        return {
            "years": self.years,
            "parents": list(self.parents) if self.parents is not None else None,
            "units": list(self.units) if self.units is not None else None,
            "fund_type": self.fund_type,
        }


NO_FILTERS = Filters(years=None, parents=None, units=None, fund_type=None)


def sidebar_filters() -> Filters:
    """Draw the global filters in the sidebar and remember them for every page.

    Widgets keep their keys in ``st.session_state``; because the entry script draws them
    on every run, the choice survives page switches.
    """
    try:
        version = store_version()
        viewer = current_viewer()
        all_years = cached_years(version, viewer)
        tree = cached_unit_tree(version, viewer)
        funds = cached_fund_types(version, viewer)
    except UnionStatsError as error:
        st.sidebar.error(plain_markdown(error.message))
        return _remember(NO_FILTERS)
    if not all_years:
        st.sidebar.caption("导入数据后,可在这里按年度、上级工会和单位筛选。")
        return _remember(NO_FILTERS)
    with st.sidebar:
        st.subheader("筛选")
        if len(all_years) == 1:
            years = (all_years[0], all_years[0])
            st.caption(f"年度:{all_years[0]}年")
        else:
            years = st.select_slider(
                "年度范围",
                options=all_years,
                value=(all_years[max(0, len(all_years) - 5)], all_years[-1]),
                format_func=lambda y: f"{y}年",
                key="filter_years",
                help="图表显示这段年度;概览和报告按最后一年计算,并与上一年比较。",
            )
        parent_options = sorted(tree["parent"].unique())
        parents = st.multiselect("上级工会", parent_options, key="filter_parents", placeholder="全部上级工会", select_all=False)
        unit_options = tree[tree["parent"].isin(parents)]["unit"].tolist() if parents else tree["unit"].tolist()
        if len(unit_options) <= UNITS_LISTED:
            units = st.multiselect("单位", unit_options, key="filter_units", placeholder="全部单位", select_all=False)
        else:  # a city's 10,000 names: a list nobody scrolls, and seconds for the browser to build
            st.multiselect(
                "单位",
                [],
                key="filter_units",
                disabled=True,
                placeholder=f"共{len(unit_options):,}个单位,先选上级工会",
                select_all=False,
            )
            units = []
        fund = ALL
        if funds:
            fund = st.selectbox("经费类型", [ALL, *funds], key="filter_fund_type", placeholder=CHOOSE)
    return _remember(
        Filters(
            years=tuple(years),
            parents=tuple(parents) or None,
            units=tuple(u for u in units if u in unit_options) or None,
            fund_type=None if fund == ALL else fund,
        )
    )


def _remember(filters: Filters) -> Filters:
    st.session_state["filters"] = filters
    return filters


def current_filters() -> Filters:
    """The filters the sidebar set on this run (NO_FILTERS before it ran, e.g. in tests)."""
    return st.session_state.get("filters", NO_FILTERS)


# --- cached reads --------------------------------------------------------------------------


# Tables by year over all units or by 上级工会 are few rows: they are cached for every year and
# cut to the year range here. A year's figures come from that year's rows only
# (tests/test_metrics_sql.py holds compute_metrics to it), so moving the year slider asks
# nothing of the database, which at 10,000 units takes seconds for what the cut does in
# milliseconds. Tables by unit, and by month, are asked for the range (the pages ask for one
# year): every year of them would cost more than the slider saves.
EVERY_YEAR_GROUPINGS = ("all", "parent")
# A choice of 上级工会 is asked as the list of its units (from the cached unit tree) up to this
# many: the database then reads those units' rows by index instead of working out every
# unit's 上级工会 again in each query.
UNITS_ASKED_BY_NAME = 2_000


@st.cache_data(show_spinner=False, max_entries=256)
def cached_metrics(
    version: str,
    viewer: Viewer | None,
    filters: Filters,
    by: str = "all",
    period: str = "year",
    only: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """``compute_metrics`` for these filters (the version only keys the cache)."""
    return compute_metrics(engine(), by=by, period=period, viewer=viewer, only=only, **filters.query())


def metrics(
    filters: Filters | None = None, *, by: str = "all", period: str = "year", only: list[str] | None = None
) -> pd.DataFrame:
    """The tidy metrics table for the current filters and viewer (cached); ``only`` these metric ids."""
    filters = filters or current_filters()
    version, viewer = store_version(), current_viewer()
    asked = units_of_parents(version, viewer, filters)
    wanted = tuple(only) if only is not None else None
    if by in EVERY_YEAR_GROUPINGS and period == "year":
        return in_years(cached_metrics(version, viewer, replace(asked, years=None), by, period, wanted), filters.years)
    return cached_metrics(version, viewer, asked, by, period, wanted)


def units_of_parents(version: str, viewer: Viewer | None, filters: Filters) -> Filters:
    """``filters`` with a choice of 上级工会 replaced by their units (the same rows), when there
    are at most UNITS_ASKED_BY_NAME of them; else unchanged."""
    if filters.parents is None:
        return filters
    tree = cached_unit_tree(version, viewer)
    units = tree.loc[tree["parent"].isin(filters.parents), "unit"]
    if filters.units is not None:
        units = units[units.isin(filters.units)]
    if len(units) > UNITS_ASKED_BY_NAME:
        return filters
    return replace(filters, parents=None, units=tuple(units))


def in_years(table: pd.DataFrame, years: tuple[str | None, str | None] | None) -> pd.DataFrame:
    """The rows of ``table`` whose period ('2023' or '2023-05') lies in the inclusive range ``years``."""
    if years is None:
        return table
    first, last = years
    year = table["period"].str[:4]
    keep = pd.Series(True, index=table.index)
    if first:
        keep &= year >= first
    if last:
        keep &= year <= last
    return table[keep].reset_index(drop=True)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_ledger(version: str, viewer: Viewer | None, filters: Filters, what: str, **options) -> pd.DataFrame:
    """A grouped or limited ledger listing of ``unionstats.metrics.ledgers`` (``what`` its function's name)."""
    wanted = {key: value for key, value in filters.query().items() if key != "fund_type"}
    return getattr(ledgers, what)(engine(), viewer=viewer, **wanted, **options)


def ledger(what: str, filters: Filters | None = None, **options) -> pd.DataFrame:
    """``unionstats.metrics.ledgers.<what>`` for the current filters and viewer (cached), e.g. ledger("contests")."""
    return cached_ledger(store_version(), current_viewer(), filters or current_filters(), what, **options)


@st.cache_data(show_spinner=False)
def cached_years(version: str, viewer: Viewer | None) -> list[str]:
    return catalog.years(engine(), viewer=viewer)


@st.cache_data(show_spinner=False)
def cached_unit_tree(version: str, viewer: Viewer | None) -> pd.DataFrame:
    return catalog.unit_tree(engine(), viewer=viewer)


@st.cache_data(show_spinner=False)
def cached_fund_types(version: str, viewer: Viewer | None) -> list[str]:
    return catalog.fund_types(engine(), viewer=viewer)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_reporting_status(version: str, viewer: Viewer | None, filters: Filters, kind: str, period: str) -> pd.DataFrame:
    """``catalog.reporting_status`` (报送情况) for the sidebar's units and parents."""
    wanted = filters.query()
    return catalog.reporting_status(engine(), kind, period, viewer=viewer, units=wanted["units"], parents=wanted["parents"])


@st.cache_data(show_spinner=False, max_entries=32)
def cached_reporting_reminders(version: str, viewer: Viewer | None, filters: Filters, period: str) -> pd.DataFrame:
    """``catalog.reporting_reminders`` (the 催报 list, units × kinds) for the sidebar's units and parents."""
    wanted = filters.query()
    return catalog.reporting_reminders(engine(), period, viewer=viewer, units=wanted["units"], parents=wanted["parents"])


@st.cache_data(show_spinner=False)
def cached_targets(version: str) -> dict[str, float]:
    return preferences.targets(engine())


@st.cache_data(show_spinner=False, max_entries=32)
def cached_report(version: str, viewer: Viewer | None, year: str, unit: str | None, parent: str | None):
    """``build_report`` for this year and scope (报告; the version only keys the cache)."""
    return build_report(engine(), year, unit=unit, parent=parent, viewer=viewer)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_summary(version: str, viewer: Viewer | None, year: str, unit: str | None, parent: str | None) -> str:
    return summary_text(cached_report(version, viewer, year, unit, parent))


def report_scope(filters: Filters) -> tuple[str | None, str | None] | None:
    """(unit, parent) the 报告 page reports on for these filters without asking: the one unit or
    the one 上级工会 chosen in the sidebar, (None, None) for all; None when it asks which."""
    if filters.units:
        return (filters.units[0], None) if len(filters.units) == 1 else None
    if filters.parents:
        return (None, filters.parents[0]) if len(filters.parents) == 1 else None
    return None, None


def targets() -> dict[str, float]:
    """Targets per rate metric (fractions): the user's from 设置 over the defaults."""
    return cached_targets(store_version())


def store_is_empty() -> bool:
    return not cached_years(store_version(), current_viewer())


# --- the empty store, errors ---------------------------------------------------------------


def greet_empty_store() -> bool:
    """On an empty store, say so and offer 载入示例数据 and the upload page; True when empty.

    A page calls this first and stops when it returns True: never a blank page.
    """
    if not store_is_empty():
        return False
    st.info("数据库里还没有数据。可以先载入示例数据看看效果,或到「数据导入」上传本单位的 Excel 台账。")
    left, right = st.columns([1, 3])
    if left.button("载入示例数据", type="primary", key="load_sample"):
        load_sample()
    right.page_link("views/imports.py", label="去上传文件", icon=":material/upload_file:")
    return True


def load_sample() -> None:
    """Import data/sample through the normal importer, with a progress bar, then rerun."""
    bar = WriteProgress("正在导入示例数据…")

    def progress(index: int, total: int, name: str) -> None:
        bar.show(index / total, f"正在导入 {name}({index + 1}/{total})")

    try:
        import_sample(engine(), user=current_user_name(), progress=progress, viewer=current_viewer())
    except UnionStatsError as error:
        show_error(error)
        return
    st.cache_data.clear()
    bar.finish("示例数据已导入")
    st.rerun()


class WriteProgress:
    """A progress bar over writes that must not stop half-way (files stored one by one).

    When the user opens another page or the tab goes, Streamlit stops the script at its next
    call (``ScriptControlException``): the bar's update would be that call, and the files after
    it would stay unstored with nobody told (half the sample, and no 载入示例数据 button any
    more). So the bar stops updating instead, the writes go on to the end, and ``finish``
    honours the stop. The page the user opened does not wait: Streamlit starts its run at once
    (``runner.fastReruns``), so it shows what was stored by then, and its next run all of it."""

    def __init__(self, text: str) -> None:
        self._bar = st.progress(0.0, text=plain_markdown(text))
        self._stop: ScriptControlException | None = None

    def show(self, fraction: float, text: str) -> None:
        if self._stop is None:
            try:
                self._bar.progress(fraction, text=plain_markdown(text))
            except ScriptControlException as asked:
                self._stop = asked

    def finish(self, text: str) -> None:
        """The bar full, then the stop or rerun asked for meanwhile, if any (call it once the
        work's results are kept)."""
        self.show(1.0, text)
        if self._stop is not None:
            raise self._stop


def stop_without_data(table: pd.DataFrame, metric_ids: list[str], message: str) -> None:
    """Stop the page with ``message`` and a link to 数据导入 when none of ``metric_ids`` has a value."""
    if not table[table["metric"].isin(metric_ids)]["value"].notna().any():
        st.info(message)
        st.page_link("views/imports.py", label="去导入数据", icon=":material/upload:")
        st.stop()


def show_error(error: UnionStatsError) -> None:
    st.error(plain_markdown(error.message))  # the library's sentences quote names, files and cells


# User text (unit, parent, file, sheet, category and user names, and the sentences quoting them)
# reaches the page only through plain_markdown wherever Streamlit reads Markdown: st.markdown,
# st.caption, alerts, toasts, progress texts, and the labels and help of expanders, tabs, buttons,
# radios and metrics. Options of a selectbox or multiselect and dataframe cells are plain text and
# take the text as it is. A file named "[重新登录](http://…)![b](http://…/b.png).csv" must show
# as written: a link or an image there would lead the reader, or make the browser load, elsewhere.
#
# Every ASCII punctuation character is one Markdown or Streamlit may read (emphasis, links, images,
# code, headings, lists, tables, HTML and entities, ~~strike~~, $maths$, :red[colour], :material/
# icons); a backslash before it makes it a plain character (CommonMark §2.4).
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit also rewrites the text after it is parsed, where a backslash no longer counts:
# :smile: (emoji), :material_icon:, :streamlit: (its logo), a bare http://, www. or a@b.cn
# (remark-gfm's links) and -> <- <-> -- >= <= ~= between spaces (arrows). An invisible word
# joiner (U+2060) inside each keeps it from being recognised.
WORD_JOINER = "\u2060"
REWRITTEN_AFTER_PARSING = re.compile(
    r"(?<=:)(?=[A-Za-z0-9_+\-/])"  # :name: :material_x: :streamlit: http://
    r"|(?<=@)(?=[A-Za-z0-9_\-])"  # user@host
    r"|(?<=www)(?=\.)"  # www.host
    r"|(?<=(?<!\S)<)(?=->(?!\S))|(?<=(?<!\S)[-<>~])(?=[->=](?!\S))",  # <-> -> <- -- >= <= ~= between spaces
    re.IGNORECASE,
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def plain_markdown(text: object) -> str:
    """``text`` as Markdown that Streamlit shows exactly as written: no link, image, HTML, emphasis,
    code, heading, list, icon, emoji, colour or maths — 「**报表**_v2.xlsx」 stays as typed, and
    3302**********1234 keeps its stars. Line breaks stay line breaks; a line's leading spaces go
    (they would make it a code block)."""
    lines = LINE_BREAK.split(str(text))
    return "  \n".join(
        MARKDOWN_PUNCTUATION.sub(r"\\\1", REWRITTEN_AFTER_PARSING.sub(WORD_JOINER, line.lstrip(" \t"))) for line in lines
    )


# --- drawing the library's figures and tables -------------------------------------------------


# plotly's toolbar keeps one tool, a picture of the chart (relabelled 下载为图片): its zoom and
# pan tools speak English ("Double-click to zoom back out") and a report chart needs neither
CHART_CONFIG = {
    "displaylogo": False,
    "modeBarButtons": [["toImage"]],
    "toImageButtonOptions": {"scale": 2},
    "doubleClick": False,
}


# Figures built once per server (st.cache_resource: shared, never copied): a page switch or a
# rerun redraws every chart of a page, and plotly takes 10–40 ms to build each, most of a
# page's run once its figures are cached. The key is the table's every value, so an import,
# an undo or another filter (another table) never meets an old figure.
FIGURES_KEPT = 1_000


def table_key(table: pd.DataFrame) -> bytes:
    """A fingerprint of ``table``'s columns, types, index and every value. (Streamlit's own hash
    of a table samples 10,000 of its rows from 50,000 on, which could hand one table's figure
    to another; a city's table by unit has 100,000 rows.) Worked out once per table object:
    a page draws a dozen figures from one table, and no page changes a table in place."""
    known = _table_keys.get(id(table))
    if known is not None and known[0]() is table:
        return known[1]
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr((list(table.columns), [str(t) for t in table.dtypes])).encode())
    try:
        digest.update(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
    except TypeError:  # a cell pandas cannot hash (a list): the table's bytes instead
        digest.update(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    key = digest.digest()
    ident = id(table)  # forgotten when the table goes, before its id can be another's
    _table_keys[ident] = (weakref.ref(table, lambda _, ident=ident: _table_keys.pop(ident, None)), key)
    return key


_table_keys: dict[int, tuple[weakref.ref, bytes]] = {}


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT, hash_funcs={pd.DataFrame: table_key})
def _shared_figure(name: str, table: pd.DataFrame, args: tuple, options: dict, _draw: Callable[..., go.Figure]) -> go.Figure:
    return _draw(table, *args, **options)


def figure(draw: Callable[..., go.Figure], table: pd.DataFrame, *args, **options) -> go.Figure:
    """``draw(table, *args, **options)``, a figure of ``unionstats.output.charts``, built once per
    server for the same table and arguments and then shared by every session: the figure
    must not be changed (``show_figure`` and ``st.plotly_chart`` only read it)."""
    return _shared_figure(f"{draw.__module__}.{draw.__qualname__}", table, args, options, draw)


def show_figure(fig, missing: str, *, key: str | None = None) -> None:
    """Draw a ``unionstats.output.charts`` figure full width, or say ``missing`` (Chinese) when it has no data."""
    if is_empty(fig):
        st.info(missing)
    else:
        # theme=None: the figure as the library styled it, the same as in the reports
        st.plotly_chart(fig, width="stretch", theme=None, key=key, config=CHART_CONFIG)


UNITS_SHOWN = 15  # a chart by unit shows the first and the last 15 units; 单位对比 ranks them all


def unit_chart(by_unit: pd.DataFrame, metric: str, *, period: str, title: str, missing: str, key: str, **options) -> None:
    """``charts.unit_bars`` of one metric by unit: every unit when there are few, else the first and
    the last UNITS_SHOWN (said in the title), so 200 units stay one readable chart."""
    valued = by_unit[(by_unit["metric"] == metric) & (by_unit["period"] == period) & by_unit["category"].isna()]
    shown = int(valued["value"].notna().sum())
    if shown > 2 * UNITS_SHOWN:
        title += f"(前{UNITS_SHOWN}名与后{UNITS_SHOWN}名,共{shown}个)"
    fig = figure(unit_bars, by_unit, metric, period=period, top=UNITS_SHOWN, bottom=UNITS_SHOWN, title=title, **options)
    show_figure(fig, missing, key=key)
    if shown > 2 * UNITS_SHOWN:
        st.caption("全部单位的排名见「单位对比」。")


# --- one-click downloads -----------------------------------------------------------------------

# s: a click's file begins to be written within this (else its rerun goes on). Generous: if
# the rerun went on first, it would register the button anew and Streamlit drop the callable
# the browser is about to ask for — on a loaded two-core machine the ask came after 5 s.
DOWNLOAD_STARTS_WITHIN = 30.0
DOWNLOAD_WRITTEN_WITHIN = 300.0  # s: the longest a click's rerun waits for its file (a Word report's charts)
DOWNLOAD_FAILURES_KEY = "download_failures"  # user_state(): button key → why its file was not made
UNEXPECTED_DOWNLOAD_FAILURE = "生成文件时出现意外问题,请稍后重试;如果仍然出错,请把服务器日志发给维护人员。"


@dataclass
class FileBeingWritten:
    """The file of one drawn download button, written on Streamlit's thread when it is clicked."""

    started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    failure: str | None = None  # the Chinese sentence when it could not be written


def download_now(
    label: str,
    make: Callable[[], bytes | str],
    *,
    file_name: str,
    mime: str,
    key: str,
    what: str,
    wait_for_file: bool = True,
    **options,
) -> None:
    """A download button that writes its file when clicked and downloads it at once: one click,
    no 生成 first (``st.download_button`` with a callable: the button spins while it runs).

    ``make`` closes over what this run read for the signed-in viewer, and the file is kept
    nowhere of ours: a click writes it again, and a sign-out or expiry deletes the copy
    Streamlit keeps to serve it and the callable (``session.forget_user``), so no other user
    of the tab or of the server is handed it. Every download of the pages goes through here,
    so every download is audited (tests/views/test_downloads.py checks no page calls
    ``st.download_button`` itself). The export is noted in the audit log (``what``) only when
    the file was made; a failure is said under the button in Chinese (the button's own line
    says so too, CHINESE_UI_CSS).

    ``wait_for_file`` True (report files, whose failures need saying at once): the click's rerun
    waits for the file, so a failure shows straight away. False (the 数据表 downloads, written
    from memory in a moment): the click starts no rerun, so nothing can drop the file before
    the browser asks for it however late the ask comes on a loaded server (a rerun registers
    the button anew and Streamlit drops the callable it held); the export is noted as the file
    is handed over and a failure is said on the next run.
    """
    written = FileBeingWritten()
    failures = user_state().setdefault(DOWNLOAD_FAILURES_KEY, {})  # a plain dict: written from the server thread
    handed = handed_files()  # dropped from Streamlit's media store when the session ends
    noted = export_noter(what)

    def write() -> bytes | str:
        written.started.set()
        try:
            data = make()
        except UnionStatsError as error:
            written.failure = failures[key] = error.message
            raise
        except Exception:
            log.exception("writing %s failed", file_name)
            written.failure = failures[key] = UNEXPECTED_DOWNLOAD_FAILURE
            raise
        finally:
            written.finished.set()
        try:
            note_handed_file(handed, data, mime, file_name)
        except Exception:  # the download goes on; its copy is left to Streamlit's own clean-up
            log.warning("download %s not noted for deletion at sign-out", file_name, exc_info=True)
        if not wait_for_file:
            noted()
        return data

    failure = failures.pop(key, None)
    st.download_button(
        label,
        write,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=_after_download_click if wait_for_file else "ignore",
        args=(written, key, noted) if wait_for_file else None,
        icon=options.pop("icon", ":material/download:"),
        **options,
    )
    if failure:
        st.error(plain_markdown(failure))


def _after_download_click(written: FileBeingWritten, key: str, noted: Callable[[], None]) -> None:
    """The click's rerun, before the page is drawn: wait for the file, then note the export (a
    failure is in the user's DOWNLOAD_FAILURES_KEY, said under the button on this run)."""
    if not written.started.wait(DOWNLOAD_STARTS_WITHIN) or not written.finished.wait(DOWNLOAD_WRITTEN_WITHIN):
        return  # nothing to wait for (the browser asked for no file), or the file is slow: the button says so
    if written.failure is None:
        noted()


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *, key: str) -> None:
    """CSV (utf-8-sig) and Excel downloads of ``frame`` (or of what the callable returns), each
    written when clicked (``download_now``): the Excel file of 10,000 units' figures takes seconds."""
    rows = frame if callable(frame) else (lambda: frame)
    left, right, _ = st.columns([1, 1, 4])
    with left:
        download_now(
            "下载 CSV",
            lambda: csv_bytes(rows()),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            what=f"{name} CSV",
            wait_for_file=False,
        )
    with right:
        download_now(
            "下载 Excel",
            lambda: excel_bytes(rows(), sheet=name),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            what=f"{name} Excel",
            wait_for_file=False,
        )


# A listing's number columns on the page: 1,234 and 1,234.5 with separators (the browser's
# zh-CN), while the frame, and so its downloads, keeps the numbers themselves.
NUMBERS_AS_WRITTEN = {
    name: st.column_config.NumberColumn(name, format="localized")
    for name in ("人次", "金额(元)", "参与单位数", "参赛人次", "获奖人次", "场次", "参加人次", "经费(元)")
}

DATA_ROWS_SHOWN = 200  # rows of a 数据表 written out per page; its downloads hold every row


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: table_key})
def shown_sheet(table: pd.DataFrame) -> pd.DataFrame:
    """``metrics_sheet(table)``, written once for the same rows (the 数据表 is drawn on every run,
    closed or open)."""
    return metrics_sheet(table)


def data_table(table: pd.DataFrame, name: str, *, key: str) -> None:
    """The 「数据表」 expander: the figures of the tidy ``table`` formatted, with CSV and Excel downloads.

    A long table (every unit of a city) is shown a page at a time: only the page shown is
    written out on a run.
    """
    with st.expander("数据表"):
        if table.empty:
            st.info("暂无数据。")
            return
        shown = table
        if len(table) > DATA_ROWS_SHOWN:
            pages = math.ceil(len(table) / DATA_ROWS_SHOWN)
            page = min(st.pagination(pages, key=f"{key}_page"), pages)
            shown = table.iloc[(page - 1) * DATA_ROWS_SHOWN : page * DATA_ROWS_SHOWN]
            st.caption(f"共{len(table):,}行,每页{DATA_ROWS_SHOWN}行;下载的文件含全部行。")
        st.dataframe(shown_sheet(shown), hide_index=True, width="stretch")
        download_buttons(lambda: metrics_download(table), name, key=key)
