"""竞赛: entries and awards by level and tier, unit ranking by 获奖人次, the 获奖名单, the contest list."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from unionstats.metrics.ledgers import DEFAULT_LIMIT
from unionstats.output.charts import category_bars, rate_trend, sum_trend, unit_bars
from unionstats.rules.competitions import AWARD_TIERS, LEVELS, NO_AWARD
from unionstats.rules.metrics import UNSPECIFIED, metrics_of
from views.common import (
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

COMPETITION_METRICS = [m.id for m in metrics_of("competitions")]
TIERS = [t for t in AWARD_TIERS if t != NO_AWARD]
LEVEL_ORDER = [*LEVELS, UNSPECIFIED]
RANKED_UNITS = 20

st.title("竞赛")
if greet_empty_store():
    st.stop()

filters = current_filters()
table = metrics(filters)
year = filters.year
stop_without_data(table, COMPETITION_METRICS, "所选范围内还没有劳动竞赛数据。导入竞赛成绩表后,这里显示参赛和获奖情况。")

st.subheader("历年参赛与获奖")
left, right = st.columns(2)
with left:
    show_figure(
        figure(sum_trend, table, ["competition_entries", "competition_awards"], title="参赛人次与获奖人次"),
        "所选范围内暂无竞赛数据。",
        key="competition_sums",
    )
with right:
    show_figure(figure(rate_trend, table, "award_rate", title="获奖率"), "所选范围内暂无竞赛数据。", key="award_rate")

by_unit = pd.DataFrame(columns=table.columns)
if year:
    st.subheader(f"按级别和奖项({year}年)")
    left, right = st.columns(2)
    with left:
        show_figure(
            figure(category_bars, table, "competition_entries", categories=LEVEL_ORDER, periods=[year], title="各级别参赛人次"),
            f"{year}年暂无竞赛数据。",
            key="entries_by_level",
        )
        show_figure(
            figure(category_bars, table, "competition_awards", categories=LEVEL_ORDER, periods=[year], title="各级别获奖人次"),
            f"{year}年暂无获奖数据。",
            key="awards_by_level",
        )
    with right:
        show_figure(
            figure(category_bars, table, "competition_awards", categories=TIERS, title="各奖项获奖人次"),
            "所选范围内暂无获奖数据。",
            key="awards_by_tier",
        )
        show_figure(
            figure(category_bars, table, "award_rate", categories=LEVEL_ORDER, periods=[year], title="各级别获奖率"),
            f"{year}年暂无竞赛数据。",
            key="award_rate_by_level",
        )

    st.subheader(f"单位获奖排名({year}年)")
    by_unit = metrics(replace(filters, years=(year, year)), by="unit", only=COMPETITION_METRICS)
    by_unit = by_unit[by_unit["metric"].isin(COMPETITION_METRICS) & (by_unit["period"] == year)]
    show_figure(
        figure(unit_bars, by_unit, "competition_awards", period=year, top=RANKED_UNITS, title=f"获奖人次(前{RANKED_UNITS}名)"),
        f"{year}年没有单位获奖。",
        key="awards_by_unit",
    )

st.subheader("竞赛一览")
contests = ledger("contests")
if contests.empty:
    st.info("所选范围内没有竞赛台账记录。")
else:
    listing = pd.DataFrame(
        {
            "年度": contests["year"].map(lambda y: f"{y}年"),
            "竞赛名称": contests["contest"],
            "级别": contests["level"].fillna(UNSPECIFIED),
            "参与单位数": contests["units"],
            "参赛人次": contests["entries"],
            "获奖人次": contests["awards"],
            "日期": contests["last"].fillna(""),
        }
    )
    if len(contests) >= DEFAULT_LIMIT:
        st.caption(f"仅显示最近的{DEFAULT_LIMIT}项竞赛。")
    st.dataframe(listing, hide_index=True, width="stretch", column_config=NUMBERS_AS_WRITTEN)
    download_buttons(listing, "竞赛一览", key="contests")

if year:
    # 获奖名单 by name (product.md pages 6): only units the viewer may see are read (contract §5)
    st.subheader(f"获奖名单({year}年)")
    winners = ledger("award_winners", replace(filters, years=(year, year)))
    if winners.empty:
        st.info(f"{year}年没有获奖记录。")
    else:
        roll = pd.DataFrame(
            {
                "姓名": winners["person"].fillna("(未填写姓名)"),
                "单位": winners["unit"],
                "竞赛名称": winners["contest"],
                "项目": winners["event"].fillna(""),
                "级别": winners["level"].fillna(UNSPECIFIED),
                "奖项": winners["award"],
                "人数": winners["entries"],
            }
        )
        if len(winners) >= DEFAULT_LIMIT:
            st.caption(f"仅显示级别最高的{DEFAULT_LIMIT}条获奖记录。")
        st.dataframe(roll, hide_index=True, width="stretch", column_config=NUMBERS_AS_WRITTEN)
        download_buttons(roll, f"{year}年获奖名单", key="winners")

data_table(
    pd.concat([table[table["metric"].isin(COMPETITION_METRICS)], by_unit], ignore_index=True), "竞赛统计", key="competition_table"
)
