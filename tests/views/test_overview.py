"""views/overview.py (概览): KPI cards for the filter's last year, 较上年, targets, trends."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.views.plotly_specs import figures, trace
from tests.workbooks import xlsx
from unionstats.formatting import change, metric_value, points
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.metrics.kpis import like_for_like
from unionstats.store import close_store, open_store

NEW_UNIT = "东方新材料有限公司工会"
CARDS = ["入会率", "会员人数", "经费收缴率", "慰问金额", "慰问人次", "获奖人次", "建会率", "活动参与人次"]
METRIC_OF = {
    "入会率": "membership_rate",
    "会员人数": "members",
    "经费收缴率": "dues_collection_rate",
    "慰问金额": "welfare_amount",
    "慰问人次": "welfare_count",
    "获奖人次": "competition_awards",
    "建会率": "union_coverage_rate",
    "活动参与人次": "activity_participants",  # §3.8
}


@pytest.fixture
def library(sample_url):
    """compute_metrics on the page's store: value(metric, year, **filters) → the overall figure."""
    engine = open_store(sample_url)

    def value(metric: str, year: str, **filters) -> float:
        table = compute_metrics(engine, years=(year, year), **filters)
        (found,) = table[(table["metric"] == metric) & table["category"].isna()]["value"]
        return found

    yield value
    close_store(sample_url)


def cards(app) -> dict:
    return {m.label: m for m in app.metric}


def test_the_cards_show_the_library_figures_of_the_last_year(sample_url, open_page, library):
    app = open_page("overview")
    assert not app.exception
    assert [t.value for t in app.title] == ["概览"]
    shown = cards(app)
    assert list(shown) == CARDS
    for label, metric in METRIC_OF.items():
        assert shown[label].value == metric_value(metric, library(metric, "2024")), label
    # hand-checked against the sample's documented figures
    assert shown["入会率"].value == "95.4%" and shown["会员人数"].value == "5,108人"


def test_rates_change_in_points_and_sums_in_their_unit(sample_url, open_page, library):
    shown = cards(open_page("overview"))
    change = library("membership_rate", "2024") - library("membership_rate", "2023")
    assert shown["入会率"].delta == f"较上年{points(change)}" == "较上年提高0.8个百分点"
    assert shown["经费收缴率"].delta.startswith("较上年下降") and shown["经费收缴率"].delta.endswith("个百分点")
    more = library("members", "2024") - library("members", "2023")
    assert shown["会员人数"].delta == f"较上年增加{metric_value('members', more)}" == "较上年增加110人"
    assert shown["获奖人次"].delta == "较上年减少6人次"
    assert shown["慰问金额"].delta.endswith("万元")
    # the district's activity list names other units each year: 较上年 over the units of both years
    basis = like_for_like(open_store(sample_url), "2024", metrics=["activity_participants"])
    now, before = basis.values("activity_participants")
    assert basis.applies("activity_participants") and now - before > 0
    assert shown["活动参与人次"].delta == f"较上年增加{metric_value('activity_participants', now - before)}"


def test_target_status_against_the_targets(sample_url, open_page):
    app = open_page("overview")
    statuses = [m.value for m in app.markdown]
    assert ":green[达标(目标≥95.0%)]" in statuses  # 入会率 95.4% ≥ 95%
    assert ":red[未达标(目标≥100.0%)]" in statuses  # 经费收缴率 87.8% < 100%
    # the trends drawn beside the cards carry the target as a dashed line
    spec = figures(app)["入会率"]
    assert any(shape["line"]["dash"] == "dash" and shape["y0"] == 0.95 for shape in spec["layout"]["shapes"])
    assert trace(spec)["hovertext"][-1].endswith("会员人数 5,108 ÷ 职工人数 5,354")


def test_another_year_range_changes_the_cards(sample_url, open_page, library):
    app = open_page("overview", filter_years=("2021", "2022"))
    assert not app.exception
    shown = cards(app)
    # the sample's activity ledgers begin in 2023: no card for them in 2021-2022 (§3.8)
    assert "活动参与人次" not in shown
    for label, metric in METRIC_OF.items():
        if label != "活动参与人次":
            assert shown[label].value == metric_value(metric, library(metric, "2022")), label
    assert shown["入会率"].value != cards(open_page("overview"))["入会率"].value
    assert ":red[未达标(目标≥95.0%)]" in [m.value for m in app.markdown]  # 2022: 94.0%
    assert any("2022年" in c.value and "2021年" in c.value for c in app.caption)


def test_a_parent_filter_changes_the_cards(sample_url, open_page, library):
    app = open_page("overview", filter_parents=["南湖街道总工会"])
    assert not app.exception
    rate = library("membership_rate", "2024", parents=["南湖街道总工会"])
    assert cards(app)["入会率"].value == metric_value("membership_rate", rate)
    assert rate != library("membership_rate", "2024")


def test_a_change_compares_the_units_of_both_years_and_says_so(sample_url, open_page, library):
    # a unit that reports for the first time in 2024: its members are no 较上年 increase
    engine = open_store(sample_url)
    rows = [["单位名称", "年度", "职工人数", "会员人数", "上级工会"], [NEW_UNIT, 2024, 500, 480, "东城街道总工会"]]
    report, _ = import_bytes(engine, xlsx(rows), "新单位会员统计.xlsx", today=dt.date(2025, 1, 10))
    assert report["status"] == "imported", report
    units = sorted(set(compute_metrics(engine, by="unit", years=("2023", "2023"), only=["members"])["unit"]))
    assert NEW_UNIT not in units and len(units) == 20

    app = open_page("overview")
    assert not app.exception
    shown = cards(app)
    before, now = (library("members", year, units=units) for year in ("2023", "2024"))
    assert shown["会员人数"].value == metric_value("members", library("members", "2024"))  # this year: every unit
    assert shown["会员人数"].delta == f"较上年{change('members', now - before)}" == "较上年增加110人"  # not 590
    assert "较上年按两年均报送的20家单位计" in [c.value for c in app.caption]
    assert shown["经费收缴率"].delta.startswith("较上年下降")  # its units did not change: no note needed


def test_an_empty_store_greets_instead(empty_url, open_page):
    app = open_page("overview")
    assert not app.exception
    assert [t.value for t in app.title] == ["概览"]
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.metric


def test_a_card_without_any_figure_for_the_scope_is_left_out(empty_url, open_page):
    # one company's union that keeps only its membership return: no 建会, 经费, 慰问 or 竞赛
    # figures, and never an empty card for them
    workbook = xlsx([["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", 2024, 100, 90], ["华新工会", 2023, 100, 85]])
    engine = open_store(empty_url)
    import_bytes(engine, workbook, "会员.xlsx", today=dt.date(2024, 12, 31))
    close_store(empty_url)
    app = open_page("overview")
    assert not app.exception
    shown = cards(app)
    assert list(shown) == ["入会率", "会员人数"]
    assert shown["入会率"].value == "90.0%" and shown["入会率"].delta == "较上年提高5.0个百分点"
    (note,) = [c.value for c in app.caption if "未显示" in c.value]
    assert note == "所选范围没有经费收缴率、慰问金额、慰问人次、获奖人次、建会率、活动参与人次的数据,未显示。"
