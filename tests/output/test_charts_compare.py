"""unionstats.output.charts: the 单位对比 figures (ranking bars, unit × year heatmap)."""

from __future__ import annotations

import pandas as pd

from unionstats.output import charts


def ranked(metric_values: list[tuple[str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"rank": i + 1, "unit": unit, "value": value, "numerator": value * 100, "denominator": 100, "below_target": below}
            for i, (unit, value, below) in enumerate(metric_values)
        ]
    )


def test_ranking_bars_label_ranks_and_name_target_and_benchmark():
    fig = charts.ranking_bars(ranked([("甲", 0.99, False), ("乙", 0.90, True)]), "membership_rate", benchmark=0.953, target=0.95)
    bars = fig.data[0]
    assert list(bars.y) == ["第1名 甲", "第2名 乙"]
    assert list(bars.text) == ["99.0%", "90.0%"]
    assert bars.marker.color[0] != bars.marker.color[1]  # under target: lighter
    assert "会员人数 99 ÷ 职工人数 100" in bars.hovertext[0] and "低于目标" in bars.hovertext[1]
    assert [t.name for t in fig.data[1:]] == ["目标 95.0%", "全区 95.3%"]


def test_a_sum_gets_no_district_line():
    fig = charts.ranking_bars(ranked([("甲", 500.0, False)]), "welfare_amount", benchmark=99999.0)
    assert len(fig.data) == 1


def test_heatmap_cells_written_out_and_marked_under_target():
    matrix = pd.DataFrame(
        [
            {"unit": "乙", "period": "2024", "value": 0.9, "numerator": 90, "denominator": 100},
            {"unit": "甲", "period": "2023", "value": 0.97, "numerator": 97, "denominator": 100},
            {"unit": "甲", "period": "2024", "value": 0.99, "numerator": 99, "denominator": 100},
        ]
    )
    fig = charts.unit_year_heatmap(matrix, "membership_rate", target=0.95)
    heat = fig.data[0]
    assert list(heat.y) == ["乙", "甲"] and list(heat.x) == ["2023年", "2024年"]
    assert [list(row) for row in heat.text] == [["", "90.0% ▼"], ["97.0%", "99.0%"]]
    # diverging around the target: below it warm, above it cool
    assert heat.zmid == 0.95
    colours = [c for _, c in heat.colorscale]
    assert colours[0] == charts.BELOW_TARGET_COLORS[0] and colours[-1] == charts.ABOVE_TARGET_COLORS[1]


def test_heatmap_without_target_shades_the_area_colour():
    matrix = pd.DataFrame([{"unit": "甲", "period": "2024", "value": 0.9, "numerator": 90, "denominator": 100}])
    heat = charts.unit_year_heatmap(matrix, "membership_rate").data[0]
    assert heat.zmid is None and heat.colorscale[-1][1] == charts.AREA_COLORS["membership"]


def test_no_data_gives_the_empty_figure():
    assert charts.is_empty(
        charts.ranking_bars(
            ranked([]).reindex(columns=["rank", "unit", "value", "numerator", "denominator", "below_target"]), "members"
        )
    )
    assert charts.is_empty(
        charts.unit_year_heatmap(pd.DataFrame(columns=["unit", "period", "value", "numerator", "denominator"]), "membership_rate")
    )
