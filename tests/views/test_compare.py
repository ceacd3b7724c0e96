"""views/compare.py (单位对比): ranking, targets, heatmap, 报送情况, drill-down and the export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

import views.common
from tests.views.plotly_specs import figures, trace
from tests.views.streamlit_markdown import shown_text
from tests.workbooks import xlsx
from unionstats.formatting import metric_value
from unionstats.importer import import_bytes
from unionstats.metrics.catalog import reporting_reminders, reporting_status
from unionstats.metrics.compute import compute_metrics
from unionstats.preferences import save_targets
from unionstats.store import close_store, open_store


def table_with(app, column: str):
    return next(d.value for d in app.dataframe if column in d.value.columns)


def expected_ranking(url: str, by: str, metric: str, year: str) -> dict[str, str]:
    table = compute_metrics(open_store(url), by=by, years=("2020", year))
    rows = table[(table["metric"] == metric) & (table["period"] == year) & table["category"].isna()]
    return {r.unit: metric_value(metric, r.value) for r in rows.itertuples()}


def test_the_ranking_shows_compute_metrics_by_unit(sample_url, open_page):
    app = open_page("compare")
    assert not app.exception and not app.error
    ranking = table_with(app, "排名")
    expected = expected_ranking(sample_url, "unit", "membership_rate", "2024")
    assert len(ranking) == len(expected) == 20  # one page holds them all
    assert dict(zip(ranking["单位"], ranking["入会率"], strict=True)) == expected
    table = compute_metrics(open_store(sample_url), by="unit", years=("2024", "2024"))
    rates = table[(table["metric"] == "membership_rate") & table["category"].isna()]
    assert ranking["单位"].iloc[0] == rates.loc[rates["value"].idxmax(), "unit"]  # largest first
    assert [c.value for c in app.caption if c.value.startswith("全区2024年入会率")]


def test_units_under_target_are_flagged(sample_url, open_page):
    save_targets(open_store(sample_url), {"membership_rate": 0.96})
    app = open_page("compare")
    table = compute_metrics(open_store(sample_url), by="unit", years=("2024", "2024"))
    rates = table[(table["metric"] == "membership_rate") & table["category"].isna()]
    under = set(rates.loc[rates["value"] < 0.96, "unit"])
    warning = next(shown_text(w.value) for w in app.warning if "低于目标(96.0%)" in w.value)
    assert f"有{len(under)}个" in warning and all(unit in warning for unit in under)
    ranking = table_with(app, "排名")
    assert set(ranking.loc[ranking["是否达标"] == "低于目标", "单位"]) == under


def test_grouping_by_parent_and_another_metric(sample_url, open_page):
    app = open_page("compare")
    app.radio(key="compare_by").set_value("按上级工会").run()
    app.selectbox(key="compare_metric").set_value("dues_collection_rate").run()
    assert not app.exception
    ranking = table_with(app, "排名")
    expected = expected_ranking(sample_url, "parent", "dues_collection_rate", "2024")
    assert dict(zip(ranking["上级工会"], ranking["经费收缴率"], strict=True)) == expected


def test_units_rank_by_the_activity_metrics(sample_url, open_page):
    # §3.8: 活动参与人次, 活动场次 and 活动经费 are among the metrics a comparison ranks by
    app = open_page("compare")
    assert {"活动场次", "活动参与人次", "活动经费"} <= set(app.selectbox(key="compare_metric").options)
    app.selectbox(key="compare_metric").set_value("activity_participants").run()
    assert not app.exception
    ranking = table_with(app, "排名")
    expected = expected_ranking(sample_url, "unit", "activity_participants", "2024")
    shown = {unit: value for unit, value in zip(ranking["单位"], ranking["活动参与人次"], strict=True) if unit in expected}
    assert shown == expected and len(expected) >= 8


def test_reporting_lists_the_expected_units_without_data(sample_url, open_page):
    app = open_page("compare")
    status = reporting_status(open_store(sample_url), "membership", "2024")
    expected = status[status["expected"]]
    # every union reported its 2024 membership; 恒远 (no union yet) and the district union
    # (filing only its 经费收支) are not expected to, so nobody is "missing"
    assert expected["reported"].all() and not {"恒远装饰工程有限公司", "示范区总工会"} & set(expected["unit"])
    assert any("所有单位都已报送2024年的会员统计数据" in s.value for s in app.success)
    assert any("无需报送会员统计" in c.value for c in app.caption)
    headline = next(m for m in app.metric if "2024年会员统计" in m.label)
    assert headline.value == f"{len(expected)} / {len(expected)}" == "20 / 20"

    app.selectbox(key="reporting_kind").set_value("dues").run()
    app.selectbox(key="reporting_month").set_value("5月").run()
    assert not app.exception
    by_month = reporting_status(open_store(sample_url), "dues", "2024-05")
    by_month = by_month[by_month["expected"]]
    headline = next(m for m in app.metric if "2024年5月经费收缴" in m.label)
    assert headline.value == f"{int(by_month['reported'].sum())} / {len(by_month)}"

    app.selectbox(key="reporting_kind").set_value("finance").run()  # 经费收支: by year only
    finance = reporting_status(open_store(sample_url), "finance", "2024")
    finance = finance[finance["expected"]]
    missing = table_with(app, "上级工会")  # the not-reported list comes first in its tab
    assert set(missing["单位"]) == set(finance.loc[~finance["reported"], "unit"]) != set()
    assert "恒远装饰工程有限公司" not in set(missing["单位"])


def test_heatmap_drill_down_and_export_are_drawn(sample_url, open_page):
    app = open_page("compare")
    assert len(app.get("plotly_chart")) >= 3  # ranking, heatmap, the unit's trends
    # the heatmap holds every unit with a 入会率, not the largest 15, coloured around the target
    heatmap = next(s for s in figures(app).values() if s["layout"]["title"]["text"] == "各单位入会率")
    table = compute_metrics(open_store(sample_url), by="unit", years=("2020", "2024"))
    rated = table[(table["metric"] == "membership_rate") & table["category"].isna() & table["value"].notna()]
    assert set(trace(heatmap)["y"]) == set(rated["unit"]) and len(rated["unit"].unique()) > 15
    assert trace(heatmap)["zmid"] == 0.95
    app.selectbox(key="drill_unit").set_value("华新机械有限公司工会").run()
    history = next(d.value for d in app.dataframe if "2024年" in d.value.columns)
    table = compute_metrics(open_store(sample_url), by="unit", units=["华新机械有限公司工会"], years=("2024", "2024"))
    members = table[(table["metric"] == "members") & table["category"].isna()]["value"].iloc[0]
    assert history.loc["会员人数", "2024年"] == metric_value("members", members)
    assert any(b.label == "下载2024年单位对比汇总表(Excel)" for b in app.get("download_button"))


def test_filters_choose_the_year(sample_url, open_page):
    app = open_page("compare", filter_years=("2021", "2022"))
    ranking = table_with(app, "排名")
    assert dict(zip(ranking["单位"], ranking["入会率"], strict=True)) == expected_ranking(
        sample_url, "unit", "membership_rate", "2022"
    )


def test_an_empty_store_is_greeted(empty_url, open_page):
    app = open_page("compare")
    assert not app.exception
    assert any("还没有数据" in i.value for i in app.info)


# --- a city: more units than one page can compare (views.compare.MANY_UNITS) ------------------

CITY_PARENTS = [f"第{p}街道总工会" for p in range(1, 5)]
CITY_UNITS = 320  # 80 under each 上级工会


def city_unit(number: int) -> str:
    return f"城市{number:04d}号工会"


@pytest.fixture(scope="module")
def city_db(tmp_path_factory) -> Path:
    """320 units under 4 上级工会, two years of membership, imported from one CSV."""
    lines = ["单位,上级工会,年度,职工人数,会员人数"]
    for number in range(CITY_UNITS):
        employees = 100 + number
        for year, joined in (("2023", 0.90), ("2024", 0.80 + (number % 20) / 100)):
            lines.append(f"{city_unit(number)},{CITY_PARENTS[number % 4]},{year},{employees},{round(employees * joined)}")
    path = tmp_path_factory.mktemp("city") / "city.db"
    engine = open_store(f"sqlite:///{path}")
    (report, _) = import_bytes(engine, "\n".join(lines).encode("utf-8"), "全市会员统计.csv")
    assert report["status"] == "imported" and report["sheets"][0]["stored"] == 2 * CITY_UNITS
    close_store(f"sqlite:///{path}")
    return path


@pytest.fixture
def city_url(city_db, monkeypatch) -> str:
    url = f"sqlite:///{city_db}"
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


def test_a_city_opens_on_its_parents(city_url, open_page):
    app = open_page("compare")
    assert not app.exception
    assert app.radio(key="compare_by").value == "按上级工会"
    ranking = table_with(app, "排名")
    assert sorted(ranking["上级工会"]) == CITY_PARENTS
    assert dict(zip(ranking["上级工会"], ranking["入会率"], strict=True)) == expected_ranking(
        city_url, "parent", "membership_rate", "2024"
    )


def test_a_city_ranks_its_units_a_page_at_a_time_and_finds_one_by_name(city_url, open_page):
    app = open_page("compare")
    app.radio(key="compare_by").set_value("按单位").run()
    assert not app.exception
    assert any(f"共{CITY_UNITS}个单位" in c.value for c in app.caption)
    ranking = table_with(app, "排名")
    assert len(ranking) == 20  # one page
    expected = expected_ranking(city_url, "unit", "membership_rate", "2024")
    assert all(expected[u] == v for u, v in zip(ranking["单位"], ranking["入会率"], strict=True))
    chart = next(s for s in figures(app).values() if s["layout"]["title"]["text"].startswith("2024年入会率排名"))
    assert len(chart["data"][0]["y"]) == 20  # the first and the last 10, not 320 bars
    assert "共320个" in chart["layout"]["title"]["text"]

    wanted = city_unit(123)
    app.text_input(key="ranking_search").input("0123").run()
    found = table_with(app, "排名")
    assert found["单位"].tolist() == [wanted]
    table = compute_metrics(open_store(city_url), by="unit", years=("2024", "2024"))
    rates = table[(table["metric"] == "membership_rate") & table["category"].isna()].set_index("unit")["value"]
    assert found["排名"].tolist() == [str(int((rates > rates[wanted]).sum()) + 1)]  # its rank among all 320


def test_a_city_heatmap_and_details_take_one_parent_at_a_time(city_url, open_page):
    app = open_page("compare")
    app.radio(key="compare_by").set_value("按单位").run()
    assert app.selectbox(key="heatmap_parent").options == CITY_PARENTS
    app.selectbox(key="heatmap_parent").set_value(CITY_PARENTS[2]).run()
    app.selectbox(key="drill_parent").set_value(CITY_PARENTS[2]).run()
    assert not app.exception
    heatmap = next(s for s in figures(app).values() if "各单位入会率" in s["layout"]["title"]["text"])
    mine = {city_unit(n) for n in range(2, CITY_UNITS, 4)}
    # every unit of the 上级工会 is reachable: the largest first, HEATMAP_ROWS a page
    assert set(trace(heatmap)["y"]) <= mine and len(trace(heatmap)["y"]) == 25
    assert any(f"共{len(mine)}个单位,每页25个" in c.value for c in app.caption)
    assert set(app.selectbox(key="drill_unit").options) == mine


def test_the_reminder_list_names_a_union_that_owes_its_returns(sample_url, open_page, monkeypatch):
    made = {}  # label → the function the button runs when clicked (what the browser's request gets)
    drawn = views.common.download_now
    monkeypatch.setattr(
        "views.common.download_now", lambda label, make, **kw: (made.update({label: make}), drawn(label, make, **kw))
    )
    registry = [["单位名称", "上级工会", "是否建会", "年度"], ["新成立公司工会", "示范街道总工会", "是", "2024"]]
    report, _ = import_bytes(open_store(sample_url), xlsx(registry), "新建会单位.xlsx")
    assert report["status"] == "imported"
    app = open_page("compare")
    assert not app.exception
    expected = reporting_reminders(open_store(sample_url), "2024")
    assert expected["unit"].tolist() == ["新成立公司工会"]
    assert any(c.value.startswith("催报清单:1个单位有应报未报的会员统计、经费收缴、帮扶慰问数据") for c in app.caption)
    assert any(b.proto.label == "下载催报清单(Excel)" for b in app.get("download_button"))
    sheet = load_workbook(io.BytesIO(made["下载催报清单(Excel)"]())).active
    assert sheet["A1"].value == "2024年数据催报清单"
    assert sheet["A2"].value.startswith("统计范围:全区    统计期间:2024年")
    assert [c.value for c in sheet[3]] == ["序号", "上级工会", "单位", "会员统计", "经费收缴", "帮扶慰问"]
    assert [c.value for c in sheet[4]] == [1, "示范街道总工会", "新成立公司工会", "未报送", "未报送", "未报送"]
    assert sheet.max_row == 4


def test_a_complete_period_has_nobody_to_chase(sample_url, open_page):
    app = open_page("compare")
    assert reporting_reminders(open_store(sample_url), "2024").empty
    assert any(c.value == "催报清单:2024年没有应报未报会员统计、经费收缴、帮扶慰问的单位。" for c in app.caption)
    assert not [b for b in app.get("download_button") if b.proto.label == "下载催报清单(Excel)"]
    app.selectbox(key="reporting_kind").set_value("dues").run()
    app.selectbox(key="reporting_month").set_value("5月").run()
    assert any(c.value == "催报清单:2024年5月没有应报未报经费收缴的单位。" for c in app.caption)
