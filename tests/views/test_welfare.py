"""views/welfare.py (帮扶慰问): amounts and 人次 by year, category and month, 人均慰问金, drill-down."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import ROOT
from tests.views.plotly_specs import figures, trace
from unionstats.formatting import count, yuan
from unionstats.importer import import_files
from unionstats.metrics import ledgers
from unionstats.metrics.compute import compute_metrics
from unionstats.store import close_store, open_store


@pytest.fixture
def engine(sample_url):
    yield open_store(sample_url)
    close_store(sample_url)


def overall(table, metric: str):
    rows = table[(table["metric"] == metric) & (table["unit"] == "全部") & table["category"].isna()]
    return rows.sort_values("period")


def test_amounts_counts_and_per_member_over_years(sample_url, open_page, engine):
    app = open_page("welfare")
    assert not app.exception
    assert [t.value for t in app.title] == ["帮扶慰问"]
    assert [s.value for s in app.subheader][:4] == ["历年慰问", "按慰问类别(2024年)", "按月(2024年)", "明细查看(2024年)"]
    table = compute_metrics(engine, years=("2020", "2024"))
    amount = figures(app)["慰问金额"]
    assert amount["layout"]["yaxis"]["title"]["text"] == "金额(万元)"
    assert trace(amount)["y"] == pytest.approx((overall(table, "welfare_amount")["value"] / 10_000).tolist())
    assert trace(figures(app)["慰问人次"])["y"] == pytest.approx(overall(table, "welfare_count")["value"].tolist())
    per_member = trace(figures(app)["人均慰问金"])
    assert per_member["y"] == pytest.approx(overall(table, "welfare_per_member")["value"].tolist())
    assert "慰问金额 142.5万元 ÷ 会员人数 5,108" in per_member["hovertext"][-1]


def test_categories_of_the_last_year_largest_first(sample_url, open_page, engine):
    app = open_page("welfare")
    table = compute_metrics(engine, years=("2024", "2024"))
    rows = table[(table["metric"] == "welfare_amount") & table["category"].notna()].sort_values("value", ascending=False)
    drawn = trace(figures(app)["各类别慰问金额"])
    assert drawn["y"] == rows["category"].tolist()
    assert drawn["x"] == pytest.approx((rows["value"] / 10_000).tolist())
    months = compute_metrics(engine, years=("2024", "2024"), period="month")
    monthly = overall(months, "welfare_amount")
    monthly = monthly[monthly["period"].str.len() == 7]
    drawn = trace(figures(app)["各月慰问金额"])
    assert drawn["x"][0] == "2024年1月"
    assert sum(drawn["y"]) == pytest.approx(monthly["value"].sum() / 10_000)


def test_drill_down_shows_the_categories_as_written_and_the_ledger_rows(sample_url, open_page, engine):
    app = open_page("welfare", welfare_drill_category="住院慰问")
    assert not app.exception
    assert app.selectbox(key="welfare_drill_category").value == "住院慰问"
    # the year's rows only, under the year's heading: never 2023 and 2024 added up
    written = ledgers.welfare_categories_as_written(engine, category="住院慰问", years=("2024", "2024"))
    as_written, listing, _ = (d.value for d in app.dataframe)
    year = compute_metrics(engine, years=("2024", "2024"))
    hospital = year[(year["metric"] == "welfare_amount") & (year["category"] == "住院慰问")]["value"].iloc[0]
    assert written["amount"].sum() == pytest.approx(hospital)
    assert as_written["原始类别"].tolist() == written["category_raw"].fillna("(未填写)").tolist()
    assert as_written["金额"].tolist() == [yuan(v) for v in written["amount"]]
    assert as_written["人次"].tolist() == [count(v) for v in written["count"]]
    assert "冲销:重复登记住院慰问" in as_written["原始类别"].tolist()  # an odd free text stays visible
    rows = ledgers.welfare_rows(engine, category="住院慰问", years=("2024", "2024"))
    assert listing["原始类别"].tolist() == rows["category_raw"].tolist()
    assert listing["慰问对象"].tolist() == rows["recipient"].tolist()
    assert list(listing.columns) == ["日期", "单位", "原始类别", "慰问对象", "人次", "金额(元)", "经费来源"]
    # numbers, as the ledger holds them: the downloads sum in a spreadsheet
    assert listing["金额(元)"].tolist() == pytest.approx(rows["amount"].tolist())
    assert listing["人次"].tolist() == pytest.approx(rows["count"].tolist())
    assert [b.proto.label for b in app.get("download_button")][:2] == ["下载 CSV", "下载 Excel"]


def test_another_year_range_changes_the_figures(sample_url, open_page, engine):
    app = open_page("welfare", filter_years=("2021", "2022"))
    assert not app.exception
    assert "按慰问类别(2022年)" in [s.value for s in app.subheader]
    table = compute_metrics(engine, years=("2021", "2022"))
    drawn = trace(figures(app)["慰问金额"])
    assert drawn["x"] == ["2021年", "2022年"]
    assert drawn["y"] == pytest.approx((overall(table, "welfare_amount")["value"] / 10_000).tolist())


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("welfare")
    assert not app.exception
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.get("plotly_chart") and not app.dataframe


@pytest.fixture
def competitions_only_url(tmp_path: Path, monkeypatch) -> str:
    """A store holding one contest table and nothing else."""
    url = f"sqlite:///{tmp_path / 'contests.db'}"
    import_files([ROOT / "data" / "sample" / "2024年职工技能比武成绩表.xlsx"], url=url)
    close_store(url)
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


def test_a_store_without_welfare_says_so_once(competitions_only_url, open_page):
    app = open_page("welfare")
    assert not app.exception
    assert [i.value for i in app.info] == ["所选范围内还没有帮扶慰问数据。导入帮扶慰问台账后,这里显示慰问金额和人次。"]
    assert not app.get("plotly_chart") and not app.dataframe
    # the page it stands beside still draws the contests
    other = open_page("competitions")
    assert not other.exception and other.get("plotly_chart")
