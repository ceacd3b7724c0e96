"""views/activities.py (活动): 场次, 参与人次 and 经费 by year, type and month, and the list of activities."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import ROOT
from tests.views.plotly_specs import figures, trace
from unionstats.importer import import_files
from unionstats.metrics import ledgers
from unionstats.metrics.compute import compute_metrics
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.store import close_store, open_store


@pytest.fixture
def engine(sample_url):
    yield open_store(sample_url)
    close_store(sample_url)


def rows_of(table, metric: str, category: str | None = None):
    rows = table[(table["metric"] == metric) & (table["unit"] == "全部")]
    rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
    return rows.sort_values("period")


def test_sessions_participants_and_spend_over_years_by_type_and_month(sample_url, open_page, engine):
    app = open_page("activities")
    assert not app.exception
    assert [t.value for t in app.title] == ["活动"]
    assert [s.value for s in app.subheader][:4] == ["历年活动与培训", "按活动类型(2024年)", "按月(2024年)", "活动一览(2024年)"]
    table = compute_metrics(engine, years=("2020", "2024"))
    drawn = figures(app)
    sessions = trace(drawn["活动场次"])
    assert sessions["x"] == ["2023年", "2024年"]
    assert sessions["y"] == pytest.approx(rows_of(table, "activity_sessions")["value"].tolist())
    assert drawn["活动场次"]["layout"]["yaxis"]["title"]["text"] == "场次(场)"
    assert trace(drawn["参与人次"])["y"] == pytest.approx(rows_of(table, "activity_participants")["value"].tolist())
    spend = rows_of(table, "activity_spend")["value"].tolist()
    assert trace(drawn["活动经费"])["y"] == pytest.approx([v / 10_000 for v in spend])  # 万元 from 10万元 on

    by_type = trace(drawn["各类型参与人次"])
    assert by_type["y"] == [t for t in STANDARD_TYPES if t in by_type["y"]]  # the types in the table's order
    latest = table[(table["metric"] == "activity_participants") & (table["period"] == "2024") & table["category"].notna()]
    assert dict(zip(by_type["y"], by_type["x"], strict=True)) == pytest.approx(
        dict(zip(latest["category"], latest["value"], strict=True))
    )

    months = compute_metrics(engine, years=("2024", "2024"), period="month")
    per_month = drawn["各月场次"]
    training = trace(per_month, "培训")
    assert len(training["x"]) == 12 and training["x"][0] == "2024年1月"
    expected = rows_of(months, "activity_sessions", "培训")
    assert sum(v for v in training["y"] if v is not None) == pytest.approx(expected["value"].sum())
    assert {t["name"] for t in per_month["data"]} <= set(STANDARD_TYPES)
    assert per_month["layout"]["barmode"] == "stack"


def test_the_list_of_activities_comes_from_the_ledger_and_follows_the_type(sample_url, open_page, engine):
    app = open_page("activities")
    listing = app.dataframe[0].value
    rows = ledgers.activity_rows(engine, years=("2024", "2024"))
    assert listing["活动名称"].tolist() == rows["name"].tolist()
    assert listing["参加人次"].tolist() == pytest.approx(rows["participants"].tolist())  # numbers, for the download
    assert listing["类型"].iloc[0] in STANDARD_TYPES
    assert [b.proto.label for b in app.get("download_button")][:2] == ["下载 CSV", "下载 Excel"]

    app.selectbox(key="activity_type").select("培训").run()
    assert not app.exception
    chosen = app.dataframe[0].value
    assert set(chosen["类型"]) == {"培训"}
    assert (
        chosen["活动名称"].tolist()
        == ledgers.activity_rows(engine, years=("2024", "2024"), activity_type="培训")["name"].tolist()
    )


def test_another_year_range_shows_that_years_activities(sample_url, open_page, engine):
    app = open_page("activities", filter_years=("2021", "2023"))
    assert not app.exception
    assert "活动一览(2023年)" in [s.value for s in app.subheader]
    listing = app.dataframe[0].value
    assert set(listing["日期"].str[:4]) == {"2023"}
    table = compute_metrics(engine, years=("2021", "2023"))
    assert trace(figures(app)["活动场次"])["y"] == pytest.approx(rows_of(table, "activity_sessions")["value"].tolist())


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("activities")
    assert not app.exception
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.get("plotly_chart") and not app.dataframe


@pytest.fixture
def welfare_only_url(tmp_path: Path, monkeypatch) -> str:
    """A store holding one welfare ledger and nothing else."""
    url = f"sqlite:///{tmp_path / 'welfare.db'}"
    import_files([ROOT / "data" / "sample" / "华新机械有限公司工会2024年帮扶慰问台账.xlsx"], url=url)
    close_store(url)
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


def test_a_store_without_activities_says_so_once(welfare_only_url, open_page):
    app = open_page("activities")
    assert not app.exception
    assert [i.value for i in app.info] == ["所选范围内还没有活动与培训数据。导入活动或培训台账后,这里显示场次、参与人次和经费。"]
    assert not app.get("plotly_chart") and not app.dataframe
