"""经费: 应缴 vs 实缴 by month with the cumulative 收缴率, by fund type and unit, 上解, and 经费收支
(with the year's 上年结余 and 本年结余)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from unionstats.metrics.kpis import year_kpis
from unionstats.output.charts import category_bars, due_and_paid_by_month, rate_trend, sum_trend
from unionstats.rules.finance import EXPENSE, INCOME
from unionstats.rules.metrics import metrics_of
from views.common import (
    current_filters,
    data_table,
    figure,
    greet_empty_store,
    metrics,
    plain_markdown,
    show_figure,
    stop_without_data,
    targets,
    unit_chart,
)

DUES_METRICS = [m.id for m in metrics_of("dues")]
FINANCE_METRICS = [m.id for m in metrics_of("finance")]
BALANCES = ("opening_balance", "closing_balance")  # 上年结余, 本年结余 (§3.6)

st.title("经费")
if greet_empty_store():
    st.stop()

filters = current_filters()
table = metrics(filters)
target = targets().get("dues_collection_rate")
year = filters.year
stop_without_data(
    table,
    DUES_METRICS + FINANCE_METRICS,
    "所选范围内还没有经费收缴或收支数据。导入经费收缴台账或经费收支决算表后,这里显示收缴率和收支。",
)
if filters.fund_type:
    st.caption(plain_markdown(f"经费类型:{filters.fund_type}"))

st.subheader("经费收缴")
left, right = st.columns(2)
with left:
    show_figure(
        figure(rate_trend, table, "dues_collection_rate", target=target, title="经费收缴率"),
        "所选范围内暂无经费收缴数据。",
        key="dues_rate",
    )
with right:
    show_figure(
        figure(sum_trend, table, ["dues_due", "dues_collected"], title="应缴与实缴"),
        "所选范围内暂无经费收缴数据。",
        key="dues_sums",
    )

by_unit = pd.DataFrame(columns=table.columns)
if year:
    st.subheader(f"按月收缴({year}年)")
    months = metrics(replace(filters, years=(year, year)), period="month")
    show_figure(
        figure(due_and_paid_by_month, months, target=target, title=f"{year}年各月应缴、实缴与累计收缴率"),
        f"{year}年没有按月填报的经费收缴数据。",
        key="dues_months",
    )

    st.subheader(f"按经费类型和单位({year}年)")
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(category_bars, table, "dues_collection_rate", periods=[year], target=target, title="各经费类型收缴率"),
            f"{year}年暂无分经费类型的收缴数据。",
            key="dues_by_fund",
        )
    with right:
        show_figure(
            figure(category_bars, table, "dues_collected", title="各经费类型实缴金额"),
            "所选范围内暂无分经费类型的实缴数据。",
            key="dues_paid_by_fund",
        )
    by_unit = metrics(replace(filters, years=(year, year)), by="unit", only=DUES_METRICS)
    by_unit = by_unit[by_unit["metric"].isin(DUES_METRICS) & (by_unit["period"] == year)]
    unit_chart(
        by_unit,
        "dues_collection_rate",
        period=year,
        target=target,
        title="各单位经费收缴率",
        missing=f"{year}年暂无各单位的收缴数据。",
        key="dues_by_unit",
    )

st.subheader("上解")
show_figure(figure(sum_trend, table, "dues_remitted", title="上解金额"), "所选范围内暂无上解金额数据。", key="dues_remitted")

st.subheader("经费收支")
finance = table[table["metric"].isin(FINANCE_METRICS)]
if finance["value"].notna().any():
    balances = [card for card in year_kpis(table, year, metrics=BALANCES) if card.value is not None] if year else []
    if balances:
        for column, card in zip(st.columns(len(balances)), balances, strict=True):
            column.metric(f"{year}年{card.label}", card.value_text)
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(sum_trend, table, ["income", "expense"], title="经费收入与支出"), "暂无经费收支数据。", key="finance_sums"
        )
    with right:
        show_figure(
            figure(category_bars, table, "budget_execution_rate", categories=[INCOME, EXPENSE], title="预算执行率"),
            "暂无预算数据。",
            key="finance_execution",
        )
    if year:
        left, right = st.columns(2)
        with left:
            show_figure(
                figure(category_bars, table, "income", periods=[year], horizontal=True, title=f"{year}年收入构成"),
                f"{year}年暂无收入数据。",
                key="finance_income",
            )
        with right:
            show_figure(
                figure(category_bars, table, "expense", periods=[year], horizontal=True, title=f"{year}年支出构成"),
                f"{year}年暂无支出数据。",
                key="finance_expense",
            )
else:
    st.info("所选范围内还没有经费收支(决算)数据。导入经费收支表后,这里显示收入、支出与预算执行率。")

shown = table[table["metric"].isin(DUES_METRICS + FINANCE_METRICS)]
data_table(pd.concat([shown, by_unit], ignore_index=True), "经费统计", key="dues_table")
