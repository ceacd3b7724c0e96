"""帮扶慰问: amount and 人次 by standard category and month, 人均慰问金, top categories, ledger drill-down."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from unionstats.formatting import count, yuan
from unionstats.metrics.ledgers import DEFAULT_LIMIT
from unionstats.output.charts import category_bars, sum_trend
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
    plain_markdown,
    show_figure,
    stop_without_data,
)

WELFARE_METRICS = [m.id for m in metrics_of("welfare")]
TOP_CATEGORIES = 6

st.title("帮扶慰问")
if greet_empty_store():
    st.stop()

filters = current_filters()
table = metrics(filters)
year = filters.year
stop_without_data(table, WELFARE_METRICS, "所选范围内还没有帮扶慰问数据。导入帮扶慰问台账后,这里显示慰问金额和人次。")

st.subheader("历年慰问")
left, middle, right = st.columns(3)
with left:
    show_figure(figure(sum_trend, table, "welfare_amount", title="慰问金额"), "所选范围内暂无慰问数据。", key="welfare_amount")
with middle:
    show_figure(figure(sum_trend, table, "welfare_count", title="慰问人次"), "所选范围内暂无慰问数据。", key="welfare_count")
with right:
    show_figure(
        figure(sum_trend, table, "welfare_per_member", kind="line", title="人均慰问金"),
        "所选范围内暂无人均慰问金(需要同年的会员人数)。",
        key="welfare_per_member",
    )

if year:
    st.subheader(f"按慰问类别({year}年)")
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(category_bars, table, "welfare_amount", periods=[year], horizontal=True, title="各类别慰问金额"),
            f"{year}年暂无慰问数据。",
            key="welfare_amount_by_category",
        )
    with right:
        show_figure(
            figure(category_bars, table, "welfare_count", periods=[year], horizontal=True, title="各类别慰问人次"),
            f"{year}年暂无慰问数据。",
            key="welfare_count_by_category",
        )

    top = (
        table[(table["metric"] == "welfare_amount") & (table["period"] == year) & table["category"].notna()]
        .sort_values("value", ascending=False)["category"]
        .head(TOP_CATEGORIES)
        .tolist()
    )
    # without 慰问 in the last year there is no top: then every category over the range
    show_figure(
        figure(
            category_bars,
            table,
            "welfare_amount",
            categories=top or None,
            title=f"金额最多的{TOP_CATEGORIES}类历年金额" if top else "各类别历年金额",
        ),
        "所选范围内暂无慰问数据。",
        key="welfare_top_trend",
    )

    st.subheader(f"按月({year}年)")
    months = metrics(replace(filters, years=(year, year)), period="month")
    monthly = months[months["period"].str.len() == 7]  # the month rows; a year-only row has no month
    left, right = st.columns(2)
    # a ledger: a month without rows paid nothing (0), not a month to leave out
    with left:
        show_figure(
            figure(sum_trend, monthly, "welfare_amount", missing_months="zero", title="各月慰问金额"),
            f"{year}年暂无按月的慰问数据。",
            key="welfare_months",
        )
    with right:
        show_figure(
            figure(sum_trend, monthly, "welfare_count", missing_months="zero", title="各月慰问人次"),
            f"{year}年暂无按月的慰问数据。",
            key="welfare_month_counts",
        )

# one year's ledger rows under one year's heading, never the range added up
detail = replace(filters, years=(year, year)) if year else filters
st.subheader(f"明细查看({year}年)" if year else "明细查看")
written = ledger("welfare_categories_as_written", detail)
if written.empty:
    st.info(f"{year}年没有慰问台账记录。" if year else "所选范围内没有慰问台账记录。")
else:
    # the largest categories of the year first, as in the charts above
    ranked = table[(table["metric"] == "welfare_amount") & (table["period"] == year) & table["category"].notna()]
    ranked = ranked.sort_values("value", ascending=False)["category"].tolist()
    categories = [*[c for c in ranked if c in set(written["category"])], *sorted(set(written["category"]) - set(ranked))]
    chosen = st.selectbox("慰问类别", categories, placeholder=CHOOSE, key="welfare_drill_category")
    as_written = written[written["category"] == chosen]
    st.caption(plain_markdown(f"{year}年「{chosen}」在台账中的原始写法(共{len(as_written)}种)"))
    st.dataframe(
        pd.DataFrame(
            {
                "原始类别": as_written["category_raw"].fillna("(未填写)"),
                "记录数": as_written["rows"].map(count),
                "人次": as_written["count"].map(count),
                "金额": as_written["amount"].map(yuan),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    rows = ledger("welfare_rows", detail, category=chosen)
    note = f"(仅显示最近{DEFAULT_LIMIT}条)" if len(rows) >= DEFAULT_LIMIT else f"(共{len(rows)}条)"
    with st.expander(plain_markdown(f"「{chosen}」台账记录{note}")):
        # numbers stay numbers (the downloads sum in a spreadsheet); the page writes them 1,234.50
        listing = pd.DataFrame(
            {
                "日期": rows["date"].fillna(rows["period"]),
                "单位": rows["unit"],
                "原始类别": rows["category_raw"],
                "慰问对象": rows["recipient"],
                "人次": rows["count"],
                "金额(元)": rows["amount"],
                "经费来源": rows["fund_source"],
            }
        )
        st.dataframe(listing, hide_index=True, width="stretch", column_config=NUMBERS_AS_WRITTEN)
        download_buttons(listing, f"{chosen}台账", key="welfare_rows")

data_table(table[table["metric"].isin(WELFARE_METRICS)], "帮扶慰问统计", key="welfare_table")
