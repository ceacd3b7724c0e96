"""views/membership.py (会员): rates over years, by unit for the last year, members; its 数据表."""

from __future__ import annotations

import pytest

from tests.views.plotly_specs import figures, trace
from unionstats.formatting import metric_value
from unionstats.metrics.compute import compute_metrics
from unionstats.output.charts import period_label
from unionstats.store import close_store, open_store


@pytest.fixture
def library(sample_url):
    """compute_metrics on the page's store, with the page's filters."""
    engine = open_store(sample_url)
    yield lambda **options: compute_metrics(engine, **options)
    close_store(sample_url)


def overall(table, metric: str):
    rows = table[(table["metric"] == metric) & (table["unit"] == "全部") & table["category"].isna()]
    return rows.sort_values("period")


def test_the_rates_over_years_are_the_library_figures(sample_url, open_page, library):
    app = open_page("membership")
    assert not app.exception
    assert [t.value for t in app.title] == ["会员"]
    assert [s.value for s in app.subheader][:5] == [
        "入会率",
        "实名制与服务",
        "会员构成(2024年,据会员名册)",
        "会员人数",
        "各单位(2024年)",
    ]
    expected = overall(library(years=("2020", "2024")), "membership_rate")
    drawn = trace(figures(app)["入会率"])
    assert drawn["x"] == [period_label(p) for p in expected["period"]] == ["2020年", "2021年", "2022年", "2023年", "2024年"]
    assert drawn["y"] == pytest.approx(expected["value"].tolist())
    assert "会员人数 5,108 ÷ 职工人数 5,354" in drawn["hovertext"][-1]
    realname = figures(app)["实名制录入率"]
    assert any(s["line"]["dash"] == "dash" and s["y0"] == 0.8 for s in realname["layout"]["shapes"])  # 实名制 target 80%
    companions = figures(app)["女职工、农民工入会率"]
    assert [t["name"] for t in companions["data"]] == ["女职工入会率", "农民工入会率"]


def test_the_data_table_shows_the_figures_formatted(sample_url, open_page, library):
    app = open_page("membership")
    (table,) = app.dataframe
    shown = table.value
    rates = shown[(shown["指标"] == "入会率") & (shown["单位"] == "全部")]
    expected = overall(library(years=("2020", "2024")), "membership_rate")
    assert rates["数值"].tolist() == [metric_value("membership_rate", v) for v in expected["value"]]
    assert rates.iloc[-1][["期间", "数值", "分子", "分母"]].tolist() == ["2024年", "95.4%", "5,108", "5,354"]
    assert [b.proto.label for b in app.get("download_button")] == ["下载 CSV", "下载 Excel"]


def test_units_of_the_last_year_ranked_and_the_rate_can_be_chosen(sample_url, open_page, library):
    by_unit = library(by="unit", years=("2024", "2024"))
    app = open_page("membership")
    drawn = trace(figures(app)["各单位入会率"])
    expected = by_unit[by_unit["metric"] == "membership_rate"].sort_values(["value", "unit"], ascending=[False, True])
    assert drawn["y"] == expected["unit"].tolist()
    assert drawn["x"] == pytest.approx(expected["value"].tolist())
    other = open_page("membership", membership_unit_metric="realname_rate")
    assert not other.exception
    drawn = trace(figures(other)["各单位实名制录入率"])
    realname = by_unit[by_unit["metric"] == "realname_rate"].set_index("unit")["value"]
    assert dict(zip(drawn["y"], drawn["x"], strict=True)) == pytest.approx(realname.to_dict())


def test_another_year_range_changes_the_figures(sample_url, open_page, library):
    app = open_page("membership", filter_years=("2021", "2022"))
    assert not app.exception
    assert "各单位(2022年)" in [s.value for s in app.subheader]
    drawn = trace(figures(app)["入会率"])
    expected = overall(library(years=("2021", "2022")), "membership_rate")
    assert drawn["x"] == ["2021年", "2022年"]
    assert drawn["y"] == pytest.approx(expected["value"].tolist())
    members = app.dataframe[0].value
    assert set(members["期间"]) == {"2021年", "2022年"}


def test_a_unit_filter_narrows_everything_to_that_unit(sample_url, open_page, library):
    unit = "华新机械有限公司工会"
    app = open_page("membership", filter_units=[unit])
    assert not app.exception
    expected = overall(library(years=("2020", "2024"), units=[unit]), "membership_rate")
    assert trace(figures(app)["入会率"])["y"] == pytest.approx(expected["value"].tolist())
    assert trace(figures(app)["各单位入会率"])["y"] == [unit]


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("membership")
    assert not app.exception
    assert [t.value for t in app.title] == ["会员"]
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_the_make_up_of_the_members_is_drawn_from_the_rosters(sample_url, open_page, library):
    """§3.7: 会员构成 from the sample's three rosters — the library's members_by_group of 2024."""
    app = open_page("membership")
    expected = library(years=("2024", "2024"), only=["members_by_group"])
    expected = expected[expected["category"].notna()].set_index("category")["value"]
    makeup = figures(app)["会员构成"]
    sex, age, of_whom = (trace(makeup, name) for name in ("性别", "年龄", "其中"))  # each under what it tells apart
    assert (sex["x"][1], of_whom["x"][1]) == (["女", "男"], ["农民工"])
    assert age["x"][1] == ["35岁及以下", "36-45岁", "46-55岁", "56岁及以上"]
    for drawn in (sex, age, of_whom):
        assert drawn["y"] == pytest.approx([expected[c] for c in drawn["x"][1]])
    assert sum(sex["y"]) == sum(age["y"]) == 129  # the members of the three rosters: 24 + 59 + 46, 转出 left out
    shown = app.dataframe[0].value
    assert "会员构成" in set(shown["指标"])


def test_without_rosters_the_make_up_is_left_out(sample_url, open_page):
    app = open_page("membership", filter_years=("2021", "2022"))
    assert not any(s.value.startswith("会员构成") for s in app.subheader)
