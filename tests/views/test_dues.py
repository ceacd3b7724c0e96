"""views/dues.py (经费): collection over years and by month with the cumulative rate, by fund type
and unit, 上解, 经费收支; its 数据表."""

from __future__ import annotations

import pytest

from tests.views.plotly_specs import figures, trace
from unionstats.formatting import metric_value
from unionstats.metrics.compute import compute_metrics
from unionstats.store import close_store, open_store


@pytest.fixture
def library(sample_url):
    engine = open_store(sample_url)
    yield lambda **options: compute_metrics(engine, **options)
    close_store(sample_url)


def overall(table, metric: str, category: str | None = None):
    rows = table[(table["metric"] == metric) & (table["unit"] == "全部")]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    return rows.sort_values("period")


def test_collection_over_years_is_the_library_figure(sample_url, open_page, library):
    app = open_page("dues")
    assert not app.exception
    assert [t.value for t in app.title] == ["经费"]
    assert [s.value for s in app.subheader][:5] == [
        "经费收缴",
        "按月收缴(2024年)",
        "按经费类型和单位(2024年)",
        "上解",
        "经费收支",
    ]
    expected = overall(library(years=("2020", "2024")), "dues_collection_rate")
    spec = figures(app)["经费收缴率"]
    assert trace(spec)["y"] == pytest.approx(expected["value"].tolist())
    assert any(s["line"]["dash"] == "dash" and s["y0"] == 1.0 for s in spec["layout"]["shapes"])  # target 100%
    assert "实缴金额" in trace(spec)["hovertext"][-1] and "÷ 应缴金额" in trace(spec)["hovertext"][-1]
    sums = figures(app)["应缴与实缴"]
    assert sums["layout"]["yaxis"]["title"]["text"] == "金额(万元)"
    due = overall(library(years=("2020", "2024")), "dues_due")
    assert trace(sums, "应缴")["y"] == pytest.approx((due["value"] / 10_000).tolist())


def test_months_with_the_cumulative_rate_as_a_ratio_of_sums(sample_url, open_page, library):
    app = open_page("dues")
    months = library(period="month", years=("2024", "2024"))
    spec = figures(app)["2024年各月应缴、实缴与累计收缴率"]
    due = overall(months, "dues_due")
    due = due[due["period"].str.len() == 7]
    assert trace(spec, "应缴")["x"] == [f"2024年{m}月" for m in range(1, 13)]
    assert trace(spec, "应缴")["y"] == pytest.approx((due["value"] / 10_000).tolist())
    rates = overall(months, "dues_collection_rate")
    rates = rates[rates["period"].str.len() == 7]
    cumulative = trace(spec, "累计收缴率")
    # by hand: January's own rate, then Σ 实缴 / Σ 应缴 of all twelve months
    assert cumulative["y"][0] == pytest.approx(rates["value"].iloc[0])
    assert cumulative["y"][-1] == pytest.approx(rates["numerator"].sum() / rates["denominator"].sum())
    assert any(s["yref"] == "y2" and s["line"]["dash"] == "dash" for s in spec["layout"]["shapes"])


def test_by_fund_type_and_by_unit(sample_url, open_page, library):
    app = open_page("dues")
    table = library(years=("2020", "2024"))
    by_fund = trace(figures(app)["各经费类型收缴率"])
    for fund, value in zip(by_fund["x"], by_fund["y"], strict=True):
        assert value == pytest.approx(overall(table, "dues_collection_rate", fund).query("period == '2024'")["value"].item())
    assert set(by_fund["x"]) == {"工会经费", "会费"}
    by_unit = library(by="unit", years=("2024", "2024"))
    units = by_unit[(by_unit["metric"] == "dues_collection_rate") & by_unit["category"].isna()]
    drawn = trace(figures(app)["各单位经费收缴率"])
    assert drawn["y"][0] == units.sort_values("value", ascending=False)["unit"].iloc[0]
    assert sorted(drawn["x"]) == pytest.approx(sorted(units["value"]))


def test_remittance_and_finance_are_drawn_from_the_library(sample_url, open_page, library):
    app = open_page("dues")
    table = library(years=("2020", "2024"))
    remitted = overall(table, "dues_remitted").dropna(subset=["value"])
    assert trace(figures(app)["上解金额"])["y"] == pytest.approx((remitted["value"] / 10_000).tolist())
    income = overall(table, "income")
    assert trace(figures(app)["经费收入与支出"], "经费收入")["y"] == pytest.approx((income["value"] / 10_000).tolist())
    assert "2024年支出构成" in figures(app)


def test_a_fund_type_filter_changes_the_figures(sample_url, open_page, library):
    app = open_page("dues", filter_fund_type="会费")
    assert not app.exception
    assert any("会费" in c.value for c in app.caption)
    expected = overall(library(years=("2020", "2024"), fund_type="会费"), "dues_collection_rate")
    every = overall(library(years=("2020", "2024")), "dues_collection_rate")
    drawn = trace(figures(app)["经费收缴率"])["y"]
    assert drawn == pytest.approx(expected["value"].tolist())
    assert drawn != pytest.approx(every["value"].tolist())


def test_the_data_table_lists_dues_and_finance(sample_url, open_page):
    app = open_page("dues")
    shown = app.dataframe[0].value
    assert {"经费收缴率", "应缴", "实缴", "上解金额", "经费收入", "经费支出", "预算执行率"} <= set(shown["指标"])
    latest = shown[
        (shown["指标"] == "经费收缴率") & (shown["单位"] == "全部") & (shown["期间"] == "2024年") & (shown["类别"] == "合计")
    ]
    assert latest["数值"].tolist() == ["87.8%"]


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("dues")
    assert not app.exception
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_a_unit_without_finance_or_monthly_data_is_told_so(sample_url, open_page):
    app = open_page("dues", filter_units=["和平社区工会"])  # no 经费收支 rows in the sample
    assert not app.exception
    assert any("还没有经费收支" in info.value for info in app.info)
    assert "经费收入与支出" not in figures(app)


def test_the_finance_section_gives_the_years_balances(sample_url, open_page, library):
    app = open_page("dues")
    shown = {m.label: m.value for m in app.metric}
    table = library(years=("2024", "2024"))
    for metric, label in (("opening_balance", "2024年上年结余"), ("closing_balance", "2024年本年结余")):
        assert shown[label] == metric_value(metric, overall(table, metric)["value"].iloc[0])
    assert shown["2024年本年结余"] == "345.9万元"
