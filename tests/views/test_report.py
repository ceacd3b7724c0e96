"""views/report.py: the 报告 page on the sample store and on an empty store."""

from __future__ import annotations

from unionstats.formatting import percent
from unionstats.metrics.compute import compute_metrics
from unionstats.store import open_store


def test_the_report_page_shows_the_summary_and_offers_the_files(sample_url, open_page):
    app = open_page("report", filter_years=("2020", "2024"))
    assert not app.exception
    assert app.title[0].value == "报告"
    (summary,) = app.text_area
    table = compute_metrics(open_store(sample_url), years=("2024", "2024"))
    rate = table[table["metric"] == "membership_rate"]["value"].iloc[0]
    assert f"入会率{percent(rate)}" in summary.value
    assert "nan" not in summary.value
    labels = [b.label for b in app.button]
    for label in ("生成职代会演示文稿", "生成Word 报告", "生成Excel 汇总表", "生成网页报告", "进入演示模式"):
        assert label in labels
    assert app.get("download_button")  # the summary text is downloadable at once

    app.button(key="make_xlsx").click().run()
    assert not app.exception
    assert any(d.proto.label == "下载.xlsx" for d in app.get("download_button"))


def test_presentation_mode_pages_through_the_charts(sample_url, open_page):
    app = open_page("report", filter_years=("2023", "2024"), filter_units=["华新机械有限公司工会"])
    assert not app.exception
    assert "华新机械有限公司工会" in app.text_area[0].value
    app.button(key="slide_start").click().run()
    assert not app.exception and not app.text_area
    assert any("第1页" in m.value for m in app.markdown)
    app.button(key="slide_next").click().run()
    assert not app.exception
    assert any("第2页" in m.value for m in app.markdown)
    assert app.get("plotly_chart")
    app.button(key="slide_leave").click().run()
    assert app.text_area


def test_an_empty_store_greets_instead_of_a_report(empty_url, open_page):
    app = open_page("report")
    assert not app.exception
    assert app.title[0].value == "报告"
    assert any("还没有数据" in info.value for info in app.info)
    assert not app.text_area
