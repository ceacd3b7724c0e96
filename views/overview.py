"""概览: KPI cards for the filter's last year with 较上年 changes, trends and target status."""

import streamlit as st

from unionstats.access import Viewer
from unionstats.formatting import percent
from unionstats.metrics.kpis import DOWN, FLAT, OVERVIEW_METRICS, UP, like_for_like, year_kpis
from unionstats.output.charts import rate_trend, sparkline
from views.common import Filters, current_filters, figure, greet_empty_store, metrics, show_figure, targets
from views.session import current_viewer, engine, store_version

ARROWS = {UP: ("up", "green"), DOWN: ("down", "red"), FLAT: ("off", "gray")}
CARDS_PER_ROW = 4


@st.cache_data(show_spinner=False, max_entries=32)
def cached_like_for_like(version: str, viewer: Viewer | None, filters: Filters):
    """The like-for-like basis of the cards' 较上年 (the version only keys the cache)."""
    asked = {key: value for key, value in filters.query().items() if key != "years"}
    return like_for_like(engine(), filters.year, metrics=OVERVIEW_METRICS, viewer=viewer, **asked)


st.title("概览")
if greet_empty_store():
    st.stop()

filters = current_filters()
if filters.year is None:
    st.info("请在左侧选择年度。")
    st.stop()

table = metrics(filters.with_previous_year())
goals = targets()
st.caption(f"{filters.year}年 · 与{filters.previous_year}年比较 · 趋势为所选年度范围")

basis = cached_like_for_like(store_version(), current_viewer(), filters)
cards = year_kpis(table, filters.year, targets=goals, like_for_like=basis)
# a card without any figure in the range (建会率 of one company's union) says nothing: left out
empty = [card for card in cards if card.value is None and not card.trend]
cards = [card for card in cards if card not in empty]
for start in range(0, len(cards), CARDS_PER_ROW):
    columns = st.columns(CARDS_PER_ROW)
    for column, card in zip(columns, cards[start : start + CARDS_PER_ROW], strict=False):
        with column.container(border=True, height="stretch"):
            arrow, color = ARROWS.get(card.direction, ("off", "gray"))
            st.metric(
                card.label,
                card.value_text,
                delta=card.change_text,
                delta_arrow=arrow,
                delta_color=color,
                help=card.parts_text,
            )
            # one status line on every card keeps the cards of a row the same height
            if card.target_text:
                st.markdown(f":{'green' if card.meets_target else 'red'}[{card.target_text}]")
            elif card.target is not None:  # a target, but no figure this year to hold against it
                st.markdown(f":gray[目标≥{percent(card.target)}]")
            else:
                st.markdown(":gray[未设目标]")
            if card.basis_text:  # 较上年 over the units of both years (the two years' units differ)
                st.caption(f"较上年{card.basis_text}")
            if len(card.trend) > 1:
                st.plotly_chart(
                    figure(sparkline, table, card.metric),
                    width="stretch",
                    theme=None,
                    key=f"spark_{card.metric}",
                    config={"displayModeBar": False},
                )
            elif card.value is None:
                st.caption(f"{card.year}年暂无数据")

if empty:
    st.caption(f"所选范围没有{'、'.join(card.label for card in empty)}的数据,未显示。")

st.subheader("达标情况")
left, right = st.columns(2)
with left:
    show_figure(
        figure(rate_trend, table, "membership_rate", target=goals.get("membership_rate"), title="入会率"),
        "暂无会员数据。",
        key="trend_membership",
    )
with right:
    show_figure(
        figure(rate_trend, table, "dues_collection_rate", target=goals.get("dues_collection_rate"), title="经费收缴率"),
        "暂无经费收缴数据。",
        key="trend_dues",
    )
