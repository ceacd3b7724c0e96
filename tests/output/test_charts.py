"""unionstats.output.charts: figures from a small tidy metrics table written out by hand.

Each figure is checked for what a reader sees: the values its traces carry, hovers with
numerator ÷ denominator, periods as 2023年 / 2023年5月, the dashed target, the area
colour, the Chinese font, and a 暂无数据 figure when there is nothing to draw.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.tidy import tidy
from unionstats.output import charts
from unionstats.rules.metrics import rates_of

NAN = math.nan


TABLE = tidy(
    ("membership_rate", "全部", "2022", None, 1200 / 1300, 1200, 1300),
    ("membership_rate", "全部", "2023", None, 1234 / 1281, 1234, 1281),
    ("female_membership_rate", "全部", "2023", None, 0.9, 450, 500),
    ("membership_rate", "甲厂", "2023", None, 0.5, 5, 10),  # another group: never drawn with 全部
    ("members", "全部", "2022", None, 1200, NAN, NAN),
    ("members", "全部", "2023", None, 1234, NAN, NAN),
    ("dues_collection_rate", "全部", "2023", None, 0.9, 900_000, 1_000_000),
    ("dues_due", "全部", "2022", None, 80_000, NAN, NAN),
    ("dues_due", "全部", "2023", None, 1_000_000, NAN, NAN),
    ("dues_collected", "全部", "2023", None, 900_000, NAN, NAN),
    ("welfare_amount", "全部", "2023", None, 9_000, NAN, NAN),
    ("welfare_amount", "全部", "2023", "住院慰问", 4_000, NAN, NAN),
    ("welfare_amount", "全部", "2023", "生日慰问", 5_000, NAN, NAN),
    ("welfare_amount", "全部", "2022", "住院慰问", 3_000, NAN, NAN),
    ("competition_awards", "全部", "2023", "市级", 7, NAN, NAN),
    ("competition_awards", "全部", "2023", "一等奖", 2, NAN, NAN),
    ("competition_awards", "全部", "2023", "二等奖", 5, NAN, NAN),
)


@pytest.mark.parametrize(("period", "shown"), [("2023", "2023年"), ("2023-05", "2023年5月"), ("2023-12", "2023年12月")])
def test_periods_are_written_in_chinese(period, shown):
    assert charts.period_label(period) == shown


def test_rate_trend_carries_the_values_and_hovers_with_numerator_and_denominator():
    fig = charts.rate_trend(TABLE, "membership_rate", target=0.95, title="入会率")
    (trace,) = fig.data
    assert list(trace.x) == ["2022年", "2023年"]
    assert list(trace.y) == pytest.approx([1200 / 1300, 1234 / 1281])  # 全部 only, never 甲厂's 0.5
    assert trace.hovertext[1] == "入会率 96.3%<br>会员人数 1,234 ÷ 职工人数 1,281"
    assert trace.line.color == charts.AREA_COLORS["membership"]
    assert fig.layout.font.family == charts.FONT_FAMILY
    assert fig.layout.yaxis.tickformat == ".0%"


def test_the_target_is_a_dashed_line_at_its_value():
    fig = charts.rate_trend(TABLE, "membership_rate", target=0.95)
    (line,) = [s for s in fig.layout.shapes if s.type == "line"]
    assert (line.y0, line.y1) == (0.95, 0.95)
    assert line.line.dash == "dash" and line.line.color == charts.TARGET_COLOR
    assert any("目标 95.0%" in a.text for a in fig.layout.annotations)
    assert not charts.rate_trend(TABLE, "membership_rate").layout.shapes  # no target, no line


def test_each_series_keeps_its_colour_whatever_is_drawn_beside_it():
    together = charts.rate_trend(TABLE, ["membership_rate", "female_membership_rate"])
    assert [t.name for t in together.data] == ["入会率", "女职工入会率"]
    assert together.data[0].line.color == charts.AREA_COLORS["membership"]
    assert together.data[1].hovertext == ("女职工入会率 90.0%<br>女会员人数 450 ÷ 女职工人数 500",)
    alone = charts.rate_trend(TABLE, "female_membership_rate")
    assert alone.data[0].line.color == together.data[1].line.color != charts.AREA_COLORS["membership"]
    # the rates drawn together are told apart
    for together in (rates_of("membership")[:3], rates_of("units"), ("insurance_rate", "checkup_rate")):
        assert len({charts.series_color(m) for m in together}) == len(together)


def test_labels_of_lines_that_meet_go_above_the_higher_and_below_the_lower():
    rates = tidy(
        *(("union_coverage_rate", "全部", y, None, v, v * 100, 100) for y, v in [("2023", 0.90), ("2024", 0.909)]),
        *(("contract_rate", "全部", y, None, v, v * 100, 100) for y, v in [("2023", 0.90), ("2024", 0.90)]),
        *(("wage_bargaining_rate", "全部", y, None, v, v * 100, 100) for y, v in [("2023", 0.80), ("2024", 0.85)]),
    )
    fig = charts.rate_trend(rates, list(rates_of("units")))
    assert [t.textposition[-1] for t in fig.data] == ["top left", "bottom center", "bottom right"]


def test_due_is_the_light_bar_and_paid_the_full_one_by_year_and_by_month_as_in_the_deck():
    months = tidy(
        ("dues_due", "全部", "2023-01", None, 100, NAN, NAN),
        ("dues_collected", "全部", "2023-01", None, 90, NAN, NAN),
    )
    full = charts.AREA_COLORS["dues"]
    light = charts.shade(full, 0.55)  # the deck's 应缴 (report/pptx.py)
    yearly = charts.sum_trend(TABLE, ["dues_due", "dues_collected"])
    monthly = charts.due_and_paid_by_month(months)
    assert [t.marker.color for t in yearly.data] == [light, full]
    assert [t.marker.color for t in monthly.data if t.type == "bar"] == [light, full]
    # asked in the other order, 应缴 is still the light one
    assert [t.marker.color for t in charts.sum_trend(TABLE, ["dues_collected", "dues_due"]).data] == [full, light]


def test_money_from_ten_wan_on_is_drawn_in_wan_yuan_and_the_axis_says_so():
    fig = charts.sum_trend(TABLE, ["dues_due", "dues_collected"])
    due, paid = fig.data
    assert list(due.y) == [8.0, 100.0]  # 80,000元 and 1,000,000元 in 万元
    assert list(paid.y) == [90.0]
    assert fig.layout.yaxis.title.text == "金额(万元)"
    assert due.hovertext == ("应缴 80,000元", "应缴 100.0万元")
    small = charts.sum_trend(TABLE, "welfare_amount")
    assert list(small.data[0].y) == [9000] and small.layout.yaxis.title.text == "金额(元)"


def test_counts_keep_their_unit_on_the_axis():
    fig = charts.sum_trend(TABLE, "members", kind="line")
    assert list(fig.data[0].y) == [1200, 1234]
    assert fig.layout.yaxis.title.text == "人数(人)"
    assert fig.data[0].hovertext[1] == "会员人数 1,234人"


def test_category_bars_group_by_period_and_keep_the_asked_categories_in_order():
    fig = charts.category_bars(TABLE, "welfare_amount")
    assert [t.name for t in fig.data] == ["2022年", "2023年"]
    latest = fig.data[1]
    assert list(latest.x) == ["生日慰问", "住院慰问"]  # largest first
    assert list(latest.y) == [5000, 4000]
    # competition_awards holds levels and tiers: asking for the tiers leaves the levels out
    tiers = charts.category_bars(TABLE, "competition_awards", categories=["一等奖", "二等奖", "三等奖"])
    assert list(tiers.data[0].x) == ["一等奖", "二等奖"] and list(tiers.data[0].y) == [2, 5]


def test_unit_bars_rank_units_and_mark_those_under_target():
    table = tidy(
        ("membership_rate", "甲厂", "2023", None, 0.97, 97, 100),
        ("membership_rate", "乙厂", "2023", None, 0.90, 90, 100),
        ("membership_rate", "丙厂", "2023", None, 0.99, 99, 100),
        ("membership_rate", "丙厂", "2022", None, 0.10, 1, 10),
    )
    fig = charts.unit_bars(table, "membership_rate", period="2023", target=0.95)
    (bars,) = fig.data
    assert list(bars.y) == ["丙厂", "甲厂", "乙厂"]
    assert list(bars.x) == [0.99, 0.97, 0.90]
    assert list(bars.text) == ["99.0%", "97.0%", "90.0%"]
    assert bars.hovertext[2] == "乙厂<br>入会率 90.0%<br>会员人数 90 ÷ 职工人数 100"
    full = charts.AREA_COLORS["membership"]
    assert list(bars.marker.color) == [full, full, charts.shade(full, 0.55)]
    assert any(s.line.dash == "dash" and s.x0 == 0.95 for s in fig.layout.shapes)
    assert list(charts.unit_bars(table, "membership_rate", period="2023", top=1).data[0].y) == ["丙厂"]


def test_the_cumulative_rate_is_the_ratio_of_running_sums():
    months = tidy(
        ("dues_collection_rate", "全部", "2023-01", None, 1.0, 100, 100),
        ("dues_collection_rate", "全部", "2023-02", None, 0.5, 150, 300),
        ("dues_collection_rate", "全部", "2023", None, 0.1, 1, 10),  # a year-only row: not a month
        ("dues_collection_rate", "全部", "2024-01", None, NAN, 0, 0),  # a new year starts again
    )
    cumulative = charts.cumulative_rate(months, "dues_collection_rate")
    assert cumulative["period"].tolist() == ["2023-01", "2023-02", "2024-01"]
    assert cumulative["numerator"].tolist() == [100, 250, 0]
    assert cumulative["denominator"].tolist() == [100, 400, 0]
    # (100 + 150) / (100 + 300) = 0.625, not the mean of 100% and 50%
    assert cumulative["value"].iloc[1] == pytest.approx(0.625)
    assert math.isnan(cumulative["value"].iloc[2])  # a zero denominator is missing, never 0


def test_due_and_paid_by_month_with_the_cumulative_rate_against_target():
    months = tidy(
        ("dues_due", "全部", "2023-01", None, 100, NAN, NAN),
        ("dues_due", "全部", "2023-02", None, 300, NAN, NAN),
        ("dues_due", "全部", "2023", None, 5_000, NAN, NAN),  # year-only: not drawn by month
        ("dues_collected", "全部", "2023-01", None, 100, NAN, NAN),
        ("dues_collected", "全部", "2023-02", None, 150, NAN, NAN),
        ("dues_collection_rate", "全部", "2023-01", None, 1.0, 100, 100),
        ("dues_collection_rate", "全部", "2023-02", None, 0.5, 150, 300),
    )
    fig = charts.due_and_paid_by_month(months, target=1.0)
    due, paid, rate, target_entry = fig.data
    assert list(due.x) == [f"2023年{m}月" for m in range(1, 13)]  # every month, March on a gap
    assert list(due.y)[:3] == [100, 300, None] and list(paid.y)[:2] == [100, 150]
    assert rate.name == "累计收缴率" and rate.yaxis == "y2"
    assert list(rate.y) == pytest.approx([1.0, 0.625])
    assert rate.hovertext[1] == "2023年2月 累计<br>经费收缴率 62.5%<br>实缴金额 250元 ÷ 应缴金额 400元"
    assert list(rate.text) == ["100.0%", "62.5%"]
    (target,) = fig.layout.shapes
    assert target.yref == "y2" and target.y0 == 1.0 and target.line.dash == "dash"
    assert target_entry.name == "目标 100.0%"  # named in the legend, not beside the right axis's ticks
    assert fig.layout.yaxis2.tickvals[-1] == pytest.approx(1.0)
    assert fig.layout.yaxis.title.text == "金额(元)" and fig.layout.yaxis2.title.text == "累计收缴率"


def test_sparkline_has_no_axes_and_keeps_the_hover():
    fig = charts.sparkline(TABLE, "membership_rate")
    assert list(fig.data[0].y) == pytest.approx([1200 / 1300, 1234 / 1281])
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert "会员人数 1,234 ÷ 职工人数 1,281" in fig.data[0].hovertext[1]


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: charts.rate_trend(t, "membership_rate", target=0.95),
        lambda t: charts.sum_trend(t, "welfare_amount"),
        lambda t: charts.category_bars(t, "welfare_amount"),
        lambda t: charts.unit_bars(t, "membership_rate", period="2023"),
        lambda t: charts.due_and_paid_by_month(t),
        lambda t: charts.sparkline(t, "members"),
    ],
)
def test_an_empty_table_gives_a_figure_that_says_so(draw):
    fig = draw(TABLE.iloc[0:0])
    assert charts.is_empty(fig)
    assert not fig.data
    assert [a.text for a in fig.layout.annotations] == ["暂无数据"]
    assert not charts.is_empty(charts.rate_trend(TABLE, "membership_rate"))


def test_a_metric_missing_from_the_table_is_also_no_data():
    assert charts.is_empty(charts.rate_trend(TABLE, "checkup_rate"))
    assert charts.is_empty(charts.category_bars(TABLE, "welfare_amount", periods=["2019"]))


def test_every_month_of_the_years_stays_on_the_axis_upright_with_the_year_where_it_changes():
    months = tidy(
        *(("welfare_amount", "全部", f"{y}-{m:02d}", None, 100.0, NAN, NAN) for y in (2023, 2024) for m in (11, 12, 1, 2))
    )
    fig = charts.sum_trend(months.sort_values("period"), "welfare_amount")
    assert list(fig.data[0].x) == [f"{y}年{m}月" for y in (2023, 2024) for m in range(1, 13)]
    ticks = list(fig.layout.xaxis.ticktext)
    assert ticks[0] == "1月<br>2023年" and ticks[1] == "2月" and ticks[12] == "1月<br>2024年" and ticks[-1] == "12月"
    assert fig.layout.xaxis.tickangle == 0
    assert list(fig.data[0].y)[:4] == [100.0, 100.0, None, None]  # March 2023 has no row: a gap, not dropped


def test_a_ledger_month_without_rows_is_zero_up_to_the_last_month_entered():
    months = tidy(
        ("welfare_amount", "全部", "2024-02", None, 500.0, NAN, NAN),
        ("welfare_amount", "全部", "2024-05", None, 300.0, NAN, NAN),
    )
    fig = charts.sum_trend(months, "welfare_amount", missing_months="zero")
    (bars,) = fig.data
    assert list(bars.x) == [f"2024年{m}月" for m in range(1, 13)]
    # nothing paid in March and April: 0; January before the first entry and the months after
    # the last one (not entered yet, perhaps) stay gaps
    assert list(bars.y) == [None, 500.0, 0.0, 0.0, 300.0, *[None] * 7]
    assert bars.hovertext[2] == "慰问金额 0元(当月无记录)"
    assert list(bars.text)[:5] == [None, "500", "0", "0", "300"]


def test_few_marks_carry_their_values_many_do_not():
    fig = charts.sum_trend(TABLE, ["dues_due", "dues_collected"])
    assert [list(t.text) for t in fig.data] == [["8", "100"], ["90"]]  # in the axis's 万元
    assert [charts.axis_number(v, 10_000) for v in (12_787_000, 1_425_000, 80_000)] == ["1,279", "142.5", "8"]
    assert fig.data[0].textposition == "outside"
    rates = tidy(
        *(("membership_rate", "全部", y, None, v, v * 1000, 1000) for y, v in [("2022", 0.90), ("2023", 0.946), ("2024", 0.97)])
    )
    line = charts.rate_trend(rates, "membership_rate", target=0.95)
    assert list(line.data[0].text) == ["90.0%", "94.6%", "97.0%"]
    # a point just under the target has its label below, off the target line; on a rising line
    # a label above leans left and one below leans right, off the line
    assert list(line.data[0].textposition) == ["top left", "bottom right", "top left"]
    peak = tidy(*(("members", "全部", y, None, v, NAN, NAN) for y, v in [("2022", 10), ("2023", 30), ("2024", 20)]))
    assert list(charts.sum_trend(peak, "members", kind="line").data[0].textposition) == ["top left", "top center", "top right"]
    # too many points to label: each line's latest
    years = tidy(*(("membership_rate", "全部", str(y), None, 0.9, 90, 100) for y in range(2000, 2020)))
    assert list(charts.rate_trend(years, "membership_rate").data[0].text) == [""] * 19 + ["90.0%"]
    bars = charts.category_bars(TABLE, "welfare_amount")
    assert list(bars.data[1].text) == ["5,000", "4,000"]
    many = tidy(*(("members", "全部", str(year), None, 100.0 + year, NAN, NAN) for year in range(1990, 2020)))
    assert charts.sum_trend(many, "members").data[0].text is None
    assert charts.sum_trend(many, "members", kind="line").data[0].text is None


@pytest.mark.parametrize(
    ("values", "target", "top_tick"),
    [
        ([0.923, 0.963], 0.95, 0.97),
        ([0.90, 0.97, 1.0], 0.95, 1.0),  # data ending at 100%: the axis too, no 105% or 110%
        ([0.85, 0.88], 1.0, 1.0),  # the target is in view
        ([1.02, 1.18], 1.0, 1.2),  # over 100% where the data are
    ],
)
def test_a_rate_axis_ends_at_the_first_tick_over_the_data_and_the_target(values, target, top_tick):
    table = tidy(*(("membership_rate", "全部", str(2020 + i), None, v, v * 100, 100) for i, v in enumerate(values)))
    axis = charts.rate_trend(table, "membership_rate", target=target).layout.yaxis
    assert axis.tickvals[-1] == pytest.approx(top_tick)
    assert axis.tickvals[0] <= min(values) and axis.range[0] <= min(values)
    assert top_tick <= axis.range[1] < top_tick + 0.5 * (axis.tickvals[1] - axis.tickvals[0])  # room for labels, no tick
    assert axis.tickformat == ".0%"


def test_the_target_label_stands_right_of_the_plot_clear_of_the_points():
    fig = charts.rate_trend(TABLE, "membership_rate", target=0.95, title="入会率")
    (label,) = [a for a in fig.layout.annotations if a.text.startswith("目标")]
    assert (label.xref, label.x, label.xanchor) == ("x domain", 1, "left")
    assert fig.layout.margin.r >= charts.TARGET_LABEL_ROOM


# --- hostile unit names, many units, extreme targets (QA regressions) -------------------


def by_unit(values: dict[str, float], metric: str = "membership_rate") -> pd.DataFrame:
    return tidy(*((metric, unit, "2024", None, value, value * 100, 100) for unit, value in values.items()))


def test_unit_names_are_shown_literally_not_read_as_html():
    # plotly reads <b> and <br> in labels and hovers: the name must come out as typed
    fig = charts.unit_bars(by_unit({"<b>粗体</b>工会": 0.9, "甲&乙工会": 0.8}), "membership_rate", period="2024")
    assert list(fig.layout.yaxis.ticktext) == ["&lt;b&gt;粗体&lt;/b&gt;工会", "甲&amp;乙工会"]
    assert fig.data[0].hovertext[0].startswith("&lt;b&gt;粗体&lt;/b&gt;工会<br>入会率 90.0%")
    ranked = pd.DataFrame({"rank": [1], "unit": ["<br>工会"], "value": [0.9], "numerator": [9], "denominator": [10]})
    ranked["below_target"] = False
    fig = charts.ranking_bars(ranked, "membership_rate")
    assert list(fig.layout.yaxis.ticktext) == ["第1名 &lt;br&gt;工会"]


def test_long_unit_names_are_shortened_on_the_axis_but_stay_two_bars():
    long_a, long_b = "超长名称" * 15 + "甲", "超长名称" * 15 + "乙"  # the same first 60 characters
    fig = charts.unit_bars(by_unit({long_a: 0.9, long_b: 0.8}), "membership_rate", period="2024")
    assert list(fig.data[0].y) == [long_a, long_b]  # two categories, whole
    assert all(len(text) == charts.LABEL_CHARS and text.endswith("…") for text in fig.layout.yaxis.ticktext)
    assert fig.data[0].hovertext[0].startswith(long_a)
    matrix = pd.DataFrame({"unit": [long_a], "period": ["2024"], "value": [0.9], "numerator": [9], "denominator": [10]})
    assert fig.layout.yaxis.ticktext[0] == charts.unit_year_heatmap(matrix, "membership_rate").layout.yaxis.ticktext[0]


def test_unit_bars_keep_the_first_and_the_last_of_many_units():
    table = by_unit({f"单位{i:03d}": i / 200 for i in range(200)})
    fig = charts.unit_bars(table, "membership_rate", period="2024", top=15, bottom=15)
    names = list(fig.data[0].y)
    assert (
        len(names) == 30
        and names[0] == "单位199"
        and names[14] == "单位185"
        and names[15] == "单位014"
        and names[-1] == "单位000"
    )
    assert len(charts.unit_bars(table.head(20), "membership_rate", period="2024", top=15, bottom=15).data[0].y) == 20


@pytest.mark.parametrize("target", [0.0, 1.5])
def test_the_target_line_of_unit_bars_stays_in_view(target):
    fig = charts.unit_bars(by_unit({"甲": 0.9, "乙": 0.95}), "membership_rate", period="2024", target=target)
    low, high = fig.layout.xaxis.range
    assert low <= target <= high
    assert low <= 0.9 and 0.95 < high


def test_all_zero_values_still_give_an_axis_with_room():
    fig = charts.unit_bars(by_unit({"甲": 0.0, "乙": 0.0}), "membership_rate", period="2024")
    low, high = fig.layout.xaxis.range
    assert high > low
    members = by_unit({"甲": 0.0}, metric="members")
    low, high = charts.unit_bars(members, "members", period="2024").layout.xaxis.range
    assert high > low
    ranked = pd.DataFrame({"rank": [1], "unit": ["甲"], "value": [0.0], "numerator": [0], "denominator": [10]})
    ranked["below_target"] = False
    low, high = charts.ranking_bars(ranked, "membership_rate").layout.xaxis.range
    assert high > low


def test_large_counts_are_written_out_never_as_159k():
    table = tidy(("members", "全部", "2023", None, 155_000, NAN, NAN), ("members", "全部", "2024", None, 159_000, NAN, NAN))
    fig = charts.sum_trend(table, "members", kind="line")
    assert fig.layout.yaxis.exponentformat == "none"


# --- §3.7 会员构成 ---------------------------------------------------------------------------


def test_member_makeup_draws_the_groups_in_their_order_with_their_share():
    nan = math.nan
    table = tidy(
        ("members_by_group", "全部", "2024", None, 200, nan, nan),
        ("members_by_group", "全部", "2024", "35岁及以下", 80, nan, nan),
        ("members_by_group", "全部", "2024", "男", 110, nan, nan),
        ("members_by_group", "全部", "2024", "女", 90, nan, nan),
        ("members_by_group", "全部", "2024", "农民工", 30, nan, nan),
        ("members_by_group", "全部", "2023", "女", 70, nan, nan),  # another year: not drawn
    )
    fig = charts.member_makeup(table, "2024")
    # each group under what it tells apart, a colour each: 性别, 年龄, then 其中 农民工
    assert [t.name for t in fig.data] == ["性别", "年龄", "其中"]
    assert [list(t.x[1]) for t in fig.data] == [["女", "男"], ["35岁及以下"], ["农民工"]]
    assert [list(t.y) for t in fig.data] == [[90, 110], [80], [30]]
    assert len({t.marker.color for t in fig.data}) == 3 and fig.layout.xaxis.type == "multicategory"
    assert list(fig.data[0].text) == ["90人<br>45.0%", "110人<br>55.0%"]  # the share on the bar, not only in the hover
    assert "占会员的45.0%" in fig.data[0].hovertext[0] and "占会员的40.0%" in fig.data[1].hovertext[0]
    assert charts.is_empty(charts.member_makeup(table, "2022"))


def test_a_few_people_tick_whole_and_a_labelled_line_has_room_at_both_ends():
    few = tidy(*(("new_members", "全部", y, None, v, NAN, NAN) for y, v in [("2023", 2), ("2024", 3)]))
    assert charts.sum_trend(few, "new_members").layout.yaxis.dtick == 1  # 0, 1, 2, 3 — never 2.5 people
    one = tidy(("members", "全部", "2024", None, 25, NAN, NAN))
    line = charts.sum_trend(one, "members", kind="line")
    assert line.layout.yaxis.dtick == 1
    assert list(line.layout.xaxis.range) == [-charts.LINE_END_ROOM, charts.LINE_END_ROOM]
    many = tidy(*(("members", "全部", y, None, v, NAN, NAN) for y, v in [("2023", 4_600), ("2024", 5_100)]))
    assert charts.sum_trend(many, "members").layout.yaxis.dtick is None
    money = tidy(*(("activity_spend", "全部", "2024", t, v, NAN, NAN) for t, v in [("培训", 73_400), ("其他", 5_800)]))
    bars = charts.category_bars(money, "activity_spend", horizontal=True)
    assert (bars.layout.xaxis.nticks, bars.layout.xaxis.tickangle) == (4, 0)  # level ticks in a narrow column
