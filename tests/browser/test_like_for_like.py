"""概览 in a real browser when the two years' units differ: 较上年 like for like, and said so.

The store is built here: the sample (the same 20 unions report membership in 2023 and 2024),
then one more union's first return, for 2024 only, through the importer. Its members are no
increase on last year; the card compares the 20 unions of both years and says so. The
单位对比 汇总表 downloaded in one click lists every unit, the new one included.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.browser.pages import open_page, screenshot
from tests.workbooks import xlsx
from unionstats.formatting import change, metric_value
from unionstats.importer import import_bytes, import_sample
from unionstats.metrics.catalog import unit_tree
from unionstats.metrics.compute import compute_metrics
from unionstats.metrics.kpis import OVERVIEW_METRICS, like_for_like
from unionstats.report.xlsx import NOT_EXPECTED, TOTAL_LABEL
from unionstats.store import open_store

pytestmark = pytest.mark.browser

NEW_UNIT = "东方新材料有限公司工会"
NEW_RETURN = [
    ["2024年度会员情况统计表"],
    ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
    [NEW_UNIT, 2024, "500", "480", "东城街道总工会"],
]


@pytest.fixture(scope="module")
def changed_store(server) -> str:
    engine = open_store(server.store)
    import_sample(engine)
    report, _ = import_bytes(engine, xlsx(NEW_RETURN), "东方新材料会员统计.xlsx")
    assert report["status"] == "imported", report
    return server.store


def test_the_overview_compares_the_units_of_both_years_and_says_so(page, server, changed_store):
    engine = open_store(changed_store)
    basis = like_for_like(engine, "2024", metrics=OVERVIEW_METRICS)
    assert basis.units["members"] == 20  # the sample's 20 unions, not the new one
    open_page(page, server.url, "", "概览")

    card = page.locator("[data-testid=stMetric]").filter(has_text="会员人数").first
    text = card.inner_text()
    now = compute_metrics(engine, years=("2024", "2024"), only=["members"])["value"].iloc[0]
    assert metric_value("members", now) in text  # the year's figure: every unit
    assert change("members", basis.change("members")) in text  # 较上年: the 20 unions of both years
    assert change("members", basis.change("members")) == "增加110人"  # not the 590 the new union would add
    note = page.get_by_text("较上年按两年均报送的20家单位计")
    assert note.count() >= 2  # 入会率 and 会员人数
    assert note.first.is_visible()
    screenshot(page, "like-for-like-overview")


def test_the_comparison_workbook_lists_every_unit_in_one_click(page, server, changed_store):
    open_page(page, server.url, "compare", "单位对比")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="下载2024年单位对比汇总表(Excel)").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["单位对比"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    tree = unit_tree(open_store(changed_store))
    assert [row[0] for row in rows] == [*range(1, len(tree) + 1), TOTAL_LABEL]  # 序号, then the 合计 row
    assert {row[1] for row in rows[:-1]} == set(tree["unit"])  # every unit, those without figures too
    notes = {row[1]: row[-1] for row in rows[:-1]}
    assert notes["恒远装饰工程有限公司"] == NOT_EXPECTED  # no union: nothing to report
    assert notes[NEW_UNIT] is None
