"""会员: 入会率 and its companion rates over years, by unit for the last year, members and new members."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from unionstats.output.charts import member_makeup, rate_trend, sum_trend
from unionstats.rules.metrics import LABELS, metrics_of
from views.common import (
    current_filters,
    data_table,
    figure,
    greet_empty_store,
    metrics,
    show_figure,
    stop_without_data,
    targets,
    unit_chart,
)

MEMBERSHIP_METRICS = [m.id for m in (*metrics_of("membership"), *metrics_of("roster"))]  # §3.7: 会员构成 too
UNIT_RATES = ["membership_rate", "female_membership_rate", "migrant_membership_rate", "realname_rate", "insurance_rate"]

st.title("会员")
if greet_empty_store():
    st.stop()

filters = current_filters()
table = metrics(filters)
goals = targets()
stop_without_data(table, MEMBERSHIP_METRICS, "所选范围内还没有会员统计数据。导入会员统计表后,这里显示入会率、会员人数等。")
shown = table[table["metric"].isin(MEMBERSHIP_METRICS)]

st.subheader("入会率")
left, right = st.columns(2)
with left:
    show_figure(
        figure(rate_trend, table, "membership_rate", target=goals.get("membership_rate"), title="入会率"),
        "所选范围内暂无会员数据。",
        key="membership_rate",
    )
with right:
    show_figure(
        figure(rate_trend, table, ["female_membership_rate", "migrant_membership_rate"], title="女职工、农民工入会率"),
        "所选范围内暂无女职工、农民工入会数据。",
        key="companion_rates",
    )

st.subheader("实名制与服务")
left, right = st.columns(2)
with left:
    show_figure(
        figure(rate_trend, table, "realname_rate", target=goals.get("realname_rate"), title="实名制录入率"),
        "所选范围内暂无实名制录入数据。",
        key="realname_rate",
    )
with right:
    show_figure(
        figure(rate_trend, table, ["insurance_rate", "checkup_rate"], title="互助保障参保率、体检率"),
        "所选范围内暂无参保、体检数据。",
        key="service_rates",
    )

# §3.7: the make-up of the members, from the rosters (会员名册) of the year
makeup_years = sorted(table.loc[(table["metric"] == "members_by_group") & table["value"].notna(), "period"].unique())
if makeup_years:
    makeup_year = filters.year if filters.year in makeup_years else makeup_years[-1]
    st.subheader(f"会员构成({makeup_year}年,据会员名册)")
    show_figure(figure(member_makeup, table, makeup_year), "所选范围内暂无会员名册。", key="member_makeup")

st.subheader("会员人数")
left, right = st.columns(2)
with left:
    show_figure(figure(sum_trend, table, "members", kind="line", title="会员人数"), "所选范围内暂无会员人数。", key="members")
with right:
    show_figure(figure(sum_trend, table, "new_members", title="新发展会员"), "所选范围内暂无新发展会员数据。", key="new_members")

by_unit = pd.DataFrame(columns=table.columns)
if filters.year:
    st.subheader(f"各单位({filters.year}年)")
    chosen = st.segmented_control(
        "指标",
        UNIT_RATES,
        default=UNIT_RATES[0],
        format_func=LABELS.get,
        key="membership_unit_metric",
        label_visibility="collapsed",
    )
    # one year, membership only: at 10,000 units the whole table by unit takes seconds
    by_unit = metrics(replace(filters, years=(filters.year, filters.year)), by="unit", only=MEMBERSHIP_METRICS)
    by_unit = by_unit[by_unit["metric"].isin(MEMBERSHIP_METRICS) & (by_unit["period"] == filters.year)]
    metric = chosen or UNIT_RATES[0]
    unit_chart(
        by_unit,
        metric,
        period=filters.year,
        target=goals.get(metric),
        title=f"各单位{LABELS[metric]}",
        missing=f"{filters.year}年暂无各单位的{LABELS[metric]}。",
        key="membership_by_unit",
    )

data_table(pd.concat([shown, by_unit], ignore_index=True), "会员统计", key="membership_table")
