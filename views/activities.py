"""活动: 活动与培训 (§3.8) — 场次 and 参与人次 by type and by month, 活动经费, the list of activities."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from unionstats.formatting import MISSING
from unionstats.metrics.ledgers import DEFAULT_LIMIT
from unionstats.output.charts import category_bars, category_months, sum_trend
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.metrics import metrics_of
from views.common import (
    CHOOSE,
    NUMBERS_AS_WRITTEN,
    current_filters,
    data_table,
    download_buttons,
    figure,
    greet_empty_store,
    ledger,
    metrics,
    show_figure,
    stop_without_data,
)

ACTIVITY_METRICS = [m.id for m in metrics_of("activities")]
ALL_TYPES = "全部类型"

st.title("活动")
if greet_empty_store():
    st.stop()

filters = current_filters()
table = metrics(filters)
year = filters.year
stop_without_data(table, ACTIVITY_METRICS, "所选范围内还没有活动与培训数据。导入活动或培训台账后,这里显示场次、参与人次和经费。")

st.subheader("历年活动与培训")
left, middle, right = st.columns(3)
with left:
    show_figure(
        figure(sum_trend, table, "activity_sessions", title="活动场次"), "所选范围内暂无活动数据。", key="activity_sessions"
    )
with middle:
    show_figure(
        figure(sum_trend, table, "activity_participants", title="参与人次"),
        "所选范围内暂无参与人次。",
        key="activity_participants",
    )
with right:
    show_figure(figure(sum_trend, table, "activity_spend", title="活动经费"), "所选范围内暂无活动经费。", key="activity_spend")

if year:
    st.subheader(f"按活动类型({year}年)")
    by_type = [
        ("activity_sessions", "各类型场次", "暂无活动数据", "sessions_by_type"),
        ("activity_participants", "各类型参与人次", "暂无参与人次", "participants_by_type"),
        ("activity_spend", "各类型经费", "暂无活动经费", "spend_by_type"),
    ]
    for column, (metric, title, missing, key) in zip(st.columns(3), by_type, strict=True):
        with column:
            by_type_figure = figure(
                category_bars, table, metric, categories=STANDARD_TYPES, periods=[year], horizontal=True, title=title
            )
            show_figure(by_type_figure, f"{year}年{missing}。", key=key)

    st.subheader(f"按月({year}年)")
    months = metrics(replace(filters, years=(year, year)), period="month")
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(category_months, months, "activity_sessions", categories=STANDARD_TYPES, title="各月场次"),
            f"{year}年暂无按月的活动数据。",
            key="sessions_by_month",
        )
    with right:
        show_figure(
            figure(category_months, months, "activity_participants", categories=STANDARD_TYPES, title="各月参与人次"),
            f"{year}年暂无按月的参与人次。",
            key="participants_by_month",
        )

# one year's activities under one year's heading, never the range added up
detail = replace(filters, years=(year, year)) if year else filters
st.subheader(f"活动一览({year}年)" if year else "活动一览")
chosen = st.selectbox("活动类型", [ALL_TYPES, *STANDARD_TYPES], placeholder=CHOOSE, key="activity_type")
rows = ledger("activity_rows", detail, activity_type=None if chosen == ALL_TYPES else chosen)
if rows.empty:
    st.info(f"{year}年没有这一类活动的记录。" if year else "所选范围内没有这一类活动的记录。")
else:
    if len(rows) >= DEFAULT_LIMIT:
        st.caption(f"仅显示最近的{DEFAULT_LIMIT}项活动。")
    # numbers stay numbers (the downloads sum in a spreadsheet); the page writes them 1,234.50
    listing = pd.DataFrame(
        {
            "日期": rows["date"].fillna(rows["period"]),
            "单位": rows["unit"],
            "活动名称": rows["name"],
            "类型": rows["type"],
            "原始类型": rows["type_raw"].fillna(""),
            "场次": rows["sessions"],
            "参加人次": rows["participants"],
            "经费(元)": rows["spend"],
        }
    )
    # a missing 经费 or 人次 is shown as offices write it (—), never as the grid's "None"
    st.dataframe(listing, hide_index=True, width="stretch", column_config=NUMBERS_AS_WRITTEN, placeholder=MISSING)
    download_buttons(listing, f"{year}年活动一览" if year else "活动一览", key="activity_rows")

data_table(table[table["metric"].isin(ACTIVITY_METRICS)], "活动与培训统计", key="activity_table")
