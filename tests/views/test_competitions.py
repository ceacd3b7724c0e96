"""views/competitions.py (竞赛): entries and awards by year, level and tier, unit ranking, contest list."""

from __future__ import annotations

import pytest

from tests.views.plotly_specs import figures, trace
from unionstats.metrics import ledgers
from unionstats.metrics.compute import compute_metrics
from unionstats.store import close_store, open_store


@pytest.fixture
def engine(sample_url):
    yield open_store(sample_url)
    close_store(sample_url)


def rows_of(table, metric: str, category: str | None = None, unit: str = "全部"):
    rows = table[(table["metric"] == metric) & (table["unit"] == unit)]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    return rows.sort_values("period")


def test_entries_awards_and_award_rate_over_years(sample_url, open_page, engine):
    app = open_page("competitions")
    assert not app.exception
    assert [t.value for t in app.title] == ["竞赛"]
    assert [s.value for s in app.subheader][:4] == ["历年参赛与获奖", "按级别和奖项(2024年)", "单位获奖排名(2024年)", "竞赛一览"]
    table = compute_metrics(engine, years=("2020", "2024"))
    sums = figures(app)["参赛人次与获奖人次"]
    assert trace(sums, "参赛人次")["y"] == pytest.approx(rows_of(table, "competition_entries")["value"].tolist())
    assert trace(sums, "获奖人次")["y"] == pytest.approx(rows_of(table, "competition_awards")["value"].tolist())
    assert sums["layout"]["yaxis"]["title"]["text"] == "人次"
    rate = trace(figures(app)["获奖率"])
    assert rate["y"] == pytest.approx(rows_of(table, "award_rate")["value"].tolist())
    assert rate["hovertext"][-1] == "获奖率 56.8%<br>获奖人次 105 ÷ 参赛人次 185"


def test_levels_and_tiers_are_kept_apart(sample_url, open_page, engine):
    app = open_page("competitions")
    table = compute_metrics(engine, years=("2020", "2024"))
    tiers = figures(app)["各奖项获奖人次"]
    latest = trace(tiers, "2024年")
    assert latest["x"] == ["一等奖", "二等奖", "三等奖", "优秀奖"]  # no level, no 未获奖
    assert latest["y"] == pytest.approx([rows_of(table, "competition_awards", t).iloc[-1]["value"] for t in latest["x"]])
    levels = trace(figures(app)["各级别参赛人次"])
    assert levels["x"] == ["单位内", "区县级", "市级", "全国"]  # the order of the levels, 省级 absent in 2024
    assert levels["y"] == pytest.approx([rows_of(table, "competition_entries", lv).iloc[-1]["value"] for lv in levels["x"]])


def test_unit_ranking_by_awards(sample_url, open_page, engine):
    app = open_page("competitions")
    by_unit = compute_metrics(engine, by="unit", years=("2024", "2024"))
    awards = by_unit[(by_unit["metric"] == "competition_awards") & by_unit["category"].isna()]
    awards = awards[awards["value"] > 0].sort_values(["value", "unit"], ascending=[False, True])
    drawn = trace(figures(app)["获奖人次(前20名)"])
    assert drawn["y"] == awards["unit"].head(20).tolist()
    assert drawn["text"][0] == "30人次" == f"{awards['value'].iloc[0]:.0f}人次"


def test_the_contest_list_comes_from_the_ledger(sample_url, open_page, engine):
    app = open_page("competitions")
    listing = app.dataframe[0].value
    contests = ledgers.contests(engine, years=("2020", "2024"))
    assert listing["竞赛名称"].tolist() == contests["contest"].tolist()
    assert listing["参赛人次"].tolist() == pytest.approx(contests["entries"].tolist())  # numbers, for the download
    assert listing.iloc[0][["年度", "竞赛名称", "级别"]].tolist() == ["2024年", "华新机械2024年职工技能比武", "单位内"]
    assert [b.proto.label for b in app.get("download_button")][:2] == ["下载 CSV", "下载 Excel"]


def test_another_year_range_changes_the_figures(sample_url, open_page, engine):
    app = open_page("competitions", filter_years=("2021", "2022"))
    assert not app.exception
    assert "单位获奖排名(2022年)" in [s.value for s in app.subheader]
    listing = app.dataframe[0].value
    assert set(listing["年度"]) == {"2021年", "2022年"}
    table = compute_metrics(engine, years=("2021", "2022"))
    drawn = trace(figures(app)["参赛人次与获奖人次"], "参赛人次")
    assert drawn["y"] == pytest.approx(rows_of(table, "competition_entries")["value"].tolist())


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("competitions")
    assert not app.exception
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.get("plotly_chart") and not app.dataframe


def test_the_award_winners_are_listed_by_name(sample_url, open_page, engine):
    app = open_page("competitions")
    assert "获奖名单(2024年)" in [s.value for s in app.subheader]
    roll = app.dataframe[1].value
    winners = ledgers.award_winners(engine, years=("2024", "2024"))
    assert roll["姓名"].tolist() == winners["person"].fillna("(未填写姓名)").tolist()
    assert roll["奖项"].tolist() == winners["award"].tolist()
    assert roll.iloc[0][["级别", "奖项"]].tolist() == ["全国", "优秀奖"]  # the highest level first
    # every award of the year, the same count as the 获奖人次 metric
    table = compute_metrics(engine, years=("2024", "2024"))
    awards = rows_of(table, "competition_awards")["value"].iloc[0]
    assert sum(winners["entries"]) == awards
