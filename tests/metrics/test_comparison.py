"""unionstats.metrics.comparison: ranking, top and bottom, heatmap matrix and the comparison table
reshape compute_metrics' table without recomputing a figure."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from unionstats.metrics import comparison


def row(metric, unit, period, value, numerator=None, denominator=None, category=None):
    return {
        "metric": metric,
        "label": metric,
        "unit": unit,
        "period": period,
        "category": category,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
    }


@pytest.fixture
def table() -> pd.DataFrame:
    rows = [
        row("membership_rate", "甲", "2024", 0.99, 99, 100),
        row("membership_rate", "乙", "2024", 0.90, 90, 100),
        row("membership_rate", "丙", "2024", 0.90, 45, 50),
        row("membership_rate", "丁", "2024", math.nan),
        row("membership_rate", "甲", "2023", 0.97, 97, 100),
        row("members", "甲", "2024", 99),
        row("members", "乙", "2024", 90),
        row("members", "丙", "2024", 45),
        row("welfare_amount", "甲", "2024", 500, category="住院慰问"),
        row("welfare_amount", "甲", "2024", 800),
    ]
    return pd.DataFrame(rows)


def test_ranking_largest_first_ties_share_a_rank_and_missing_last(table):
    ranked = comparison.ranking(table, "membership_rate", "2024", target=0.95)
    assert ranked["unit"].tolist() == ["甲", "丙", "乙", "丁"]  # a tie by name
    assert ranked["rank"].tolist()[:3] == [1, 2, 2] and pd.isna(ranked["rank"].iloc[3])
    assert ranked["below_target"].tolist() == [False, True, True, False]  # no value: not flagged
    assert comparison.below_target_units(ranked) == ["丙", "乙"]


def test_top_and_bottom_keeps_both_ends(table):
    ranked = comparison.ranking(table, "membership_rate", "2024")
    assert comparison.top_and_bottom(ranked, 1)["unit"].tolist() == ["甲", "乙"]
    assert comparison.top_and_bottom(ranked, 2)["unit"].tolist() == ["甲", "丙", "乙"]  # 丁 has no value


def test_only_rows_over_all_categories_are_compared(table):
    assert comparison.figure_of(table, "welfare_amount", "2024", "甲")["value"] == 800
    assert comparison.rankable_metrics(table) == ["membership_rate", "members", "welfare_amount"]
    assert comparison.rankable_metrics(table, rates_only=True) == ["membership_rate"]


def test_largest_units_and_year_matrix(table):
    assert comparison.largest_units(table, 2, "2024") == ["甲", "乙"]
    matrix = comparison.year_matrix(table, "membership_rate", ["乙", "甲"])
    assert matrix[["unit", "period"]].values.tolist() == [["乙", "2024"], ["甲", "2023"], ["甲", "2024"]]


def test_ranking_display_writes_values_and_parts(table):
    ranked = comparison.ranking(table, "membership_rate", "2024", target=0.95)
    shown = comparison.ranking_display(ranked, "membership_rate", target=0.95)
    assert shown.iloc[0].tolist() == ["1", "甲", "99.0%", "99", "100", "达标"]
    assert shown.iloc[3].tolist()[2:] == ["—", "—", "—", "—"]


def test_unit_history_by_year(table):
    history = comparison.unit_history(table, "甲")
    assert list(history.columns) == ["2023年", "2024年"]
    assert history.loc["入会率"].tolist() == ["97.0%", "99.0%"]
    assert history.loc["慰问金额", "2024年"] == "800元"
