"""views/report.py: the 报告 page on the sample store and on an empty store."""

from __future__ import annotations

from unionstats.formatting import percent, points
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
    assert "进入演示模式" in [b.label for b in app.button]
    # one click per file: a download button that writes its file when clicked, no 生成 first
    labels = [d.proto.label for d in app.get("download_button")]
    # the whole district's deck is its 工作报告; one unit's is for its 职代会
    assert labels == ["下载文字(.txt)", "下载工作报告演示文稿", "下载Word 报告", "下载Excel 汇总表", "下载网页报告"]
    assert not any(b.label.startswith("生成") for b in app.button)
    unit = open_page("report", filter_years=("2020", "2024"), filter_units=["华新机械有限公司工会"])
    assert "下载职代会演示文稿" in [d.proto.label for d in unit.get("download_button")]


def test_presentation_mode_pages_through_the_charts(sample_url, open_page):
    app = open_page("report", filter_years=("2023", "2024"), filter_units=["华新机械有限公司工会"])
    assert not app.exception
    assert "华新机械有限公司工会" in app.text_area[0].value
    app.button(key="slide_start").click().run()
    assert not app.exception and not app.text_area
    assert any("第1页" in m.value for m in app.markdown)
    # the first screen: the headline figures in projector type, each with its 较上年
    (screen,) = [m.value for m in app.markdown if "kpi-grid" in m.value]
    table = compute_metrics(open_store(sample_url), units=["华新机械有限公司工会"], years=("2023", "2024"))
    rates = table[(table["metric"] == "membership_rate") & table["category"].isna()].set_index("period")["value"]
    assert f"<div class='kpi-value'>{percent(rates['2024'])}</div>" in screen
    assert f"较上年{points(rates['2024'] - rates['2023'])}" in screen
    assert "font-size: 4.2rem" in screen
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


def test_no_report_file_is_kept_in_the_session_for_whoever_uses_the_tab_next(sample_url, open_page):
    # the files are written when their button is clicked, from this run's report for the
    # signed-in viewer, and kept nowhere: not in the session (a sign-out keeps the tab's
    # session), not in a cache shared by users
    app = open_page("report", filter_years=("2023", "2024"))
    assert not app.exception
    held = [
        key
        for key, value in app.session_state.items()
        if isinstance(value, bytes | bytearray) or (isinstance(value, tuple) and any(isinstance(v, bytes) for v in value))
    ]
    assert held == []
