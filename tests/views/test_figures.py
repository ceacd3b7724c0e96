"""views/common.py's shared figures: ``figure(draw, table, …)`` is ``draw(table, …)``, built once.

The cache is keyed by every value of the table (``table_key``), never by a sample of its
rows: a figure must follow the one cell that changed in a city's 100,000-row table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from unionstats.metrics.compute import compute_metrics
from unionstats.output import charts
from unionstats.store import open_store
from views.common import figure, table_key


@pytest.fixture
def table(sample_url) -> pd.DataFrame:
    return compute_metrics(open_store(sample_url), by="all")


def big_table(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "metric": ["membership_rate"] * rows,
            "unit": [f"单位{i}" for i in range(rows)],
            "period": ["2024"] * rows,
            "value": np.linspace(0.5, 1.0, rows),
        }
    )


@pytest.mark.parametrize("rows", [3, 60_000])  # Streamlit's own hash samples from 50,000 rows on
def test_the_key_follows_every_cell_and_only_the_cells(rows):
    one = big_table(rows)
    assert table_key(one) == table_key(one.copy())
    for column, value in (("value", 0.123), ("unit", "另一个单位"), ("period", "2023")):
        changed = one.copy()
        changed.loc[rows // 2 + 1, column] = value
        assert table_key(changed) != table_key(one), column
    assert table_key(one.rename(columns={"value": "amount"})) != table_key(one)
    assert table_key(one.iloc[::-1]) != table_key(one)  # the order of the rows draws the bars


@pytest.mark.parametrize(
    ("draw", "args", "options"),
    [
        (charts.rate_trend, ("membership_rate",), {"target": 0.95, "title": "入会率"}),
        (charts.sum_trend, (["dues_due", "dues_collected"],), {"title": "应缴与实缴"}),
        (charts.sparkline, ("welfare_amount",), {}),
        (charts.category_bars, ("welfare_amount",), {"periods": ["2024"], "horizontal": True}),
    ],
)
def test_a_shared_figure_is_the_figure_the_chart_draws(table, draw, args, options):
    shared = figure(draw, table, *args, **options)
    assert shared.to_dict() == draw(table, *args, **options).to_dict()
    assert figure(draw, table.copy(), *args, **options) is shared  # the same table again: built once
    other = table[table["period"] != "2024"]
    assert figure(draw, other, *args, **options).to_dict() == draw(other, *args, **options).to_dict()


def test_another_argument_is_another_figure(table):
    plain = figure(charts.rate_trend, table, "membership_rate", title="入会率")
    with_target = figure(charts.rate_trend, table, "membership_rate", target=0.95, title="入会率")
    assert with_target is not plain
    assert with_target.to_dict() == charts.rate_trend(table, "membership_rate", target=0.95, title="入会率").to_dict()


def test_a_table_changed_in_place_after_its_key_is_not_a_case_the_pages_have():
    """The key is remembered per table object (pages never change a table in place); a new
    table with the same rows has the same key, and one gone is forgotten."""
    import gc

    from views import common

    one = big_table(10)
    key = table_key(one)
    assert table_key(one) is key and table_key(big_table(10)) == key
    ident = id(one)
    del one
    gc.collect()
    assert ident not in common._table_keys


def test_the_data_table_is_written_as_metrics_sheet_writes_it(table):
    from unionstats.output.tables import metrics_sheet
    from views.common import shown_sheet

    assert shown_sheet(table.head(50)).equals(metrics_sheet(table.head(50)))
