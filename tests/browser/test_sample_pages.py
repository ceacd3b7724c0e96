"""Every page on the sample store as a chair would show it: in Chinese at a laptop's and a large
screen's size, 演示模式 in projector type, and files that download with one click.

Streamlit writes some words of its own in English (its uploader, input hints, the Stop button);
the pages relabel them (views/common.CHINESE_UI_CSS). These tests read the text a reader sees —
no hidden, clipped or icon text — and allow only the English that is the product's own words
(Excel, CSV, Word …) or data (file names, the operating-system user who imported the sample).
Screenshots of every page at both sizes land in test-output/screenshots/sample-*.png: look at them.
"""

from __future__ import annotations

import csv
import getpass
import io

import pytest
from openpyxl import load_workbook

from tests.browser.pages import PAGES, english_words, open_expander, open_page, screenshot, settle
from unionstats.formatting import change, metric_value
from unionstats.metrics.compute import compute_metrics
from unionstats.report.model import build_report
from unionstats.rules.metrics import LABELS, PRESENTED, headlines
from unionstats.store import open_store
from unionstats.store.audit import list_entries

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1920, 1080)]
# English a reader may see: names of file formats and programs, keys, units of file size, file
# names' endings, and data — the login name the sample was imported under (导入记录, 操作记录)
ALLOWED = {
    *("Excel", "CSV", "Word", "PPT", "PowerPoint", "WPS", "PDF", "HTML", "ID", "A4", "Esc", "Ctrl", "MB", "KB"),
    *("xlsx", "xlsm", "xls", "csv", "txt", "pptx", "docx", "html"),
    getpass.getuser(),
}


@pytest.fixture(scope="module")
def page(browser, sample_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


def after_content(page, selector: str) -> str:
    """The text a ``::after`` rule puts after the first element matching ``selector``."""
    return page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_is_in_chinese_at_a_laptops_and_a_large_screens_size(page, sample_server, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    for number, (path, title) in enumerate(PAGES):
        open_page(page, sample_server.url, path, title)
        assert page.locator("[data-testid=stMain] h1").first.inner_text() == title
        assert english_words(page, ALLOWED) == {}, title
        screenshot(page, f"sample-{width}x{height}-{number:02d}-{path or 'overview'}")


def test_widgets_in_use_speak_chinese_too(page, sample_server, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    open_page(page, sample_server.url, "imports", "数据导入")
    # the uploader's own button and limit, relabelled
    assert after_content(page, "[data-testid=stFileUploaderDropzone] button p") == '"选择文件"'
    assert after_content(page, "[data-testid=stFileUploaderDropzoneInstructions] span") == '"每个文件不超过 200MB"'
    # a file chosen and a unit typed: the file's chip and the input's hint (Press Enter …)
    chosen = tmp_path / "会员统计.csv"
    chosen.write_text("单位名称,年度,职工人数,会员人数\n华新工会,2024,100,90\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files([str(chosen)])
    page.get_by_text(chosen.name).first.wait_for()
    page.locator("[data-testid=stTextInput] input").first.fill("华新工会")
    page.locator("[data-testid=InputInstructions]").first.wait_for()
    assert after_content(page, "[data-testid=InputInstructions]") == '"按回车键提交"'
    assert english_words(page, ALLOWED) == {}
    screenshot(page, "sample-1366x768-imports-in-use")
    # a search in a list that finds nothing
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox] input").first.click()
    page.keyboard.type("zzz")
    empty = page.locator('[role="listbox"][data-empty="true"] [role="option"] > span').first
    empty.wait_for(state="attached")
    assert empty.evaluate("e => getComputedStyle(e, '::after').content") == '"没有符合的选项"'
    assert english_words(page, ALLOWED) == {}
    page.keyboard.press("Escape")
    # the 单位对比 heatmap: every unit, coloured around the target
    open_page(page, sample_server.url, "compare", "单位对比")
    page.get_by_role("tab", name="热力图").click()
    settle(page)
    assert english_words(page, ALLOWED) == {}
    screenshot(page, "sample-1366x768-compare-heatmap")


def test_presentation_mode_opens_on_the_headline_figures_in_projector_type(page, sample_server):
    page.set_viewport_size({"width": 1366, "height": 768})  # a common projector
    open_page(page, sample_server.url, "report", "报告")
    page.get_by_role("button", name="进入演示模式").click()
    page.locator(".kpi-grid").wait_for()
    settle(page)
    model = build_report(open_store(sample_server.store), "2024")
    for metric in (m for m in headlines(PRESENTED) if model.value(m) is not None):
        card = page.locator(".kpi-card").filter(has_text=LABELS[metric]).first
        assert card.locator(".kpi-value").inner_text() == metric_value(metric, model.value(metric))
        said = change(metric, model.change(metric))
        assert card.locator(".kpi-change").inner_text() == ("与上年持平" if said == "持平" else f"较上年{said}")
        # projector type: the figure over 60 px high, its card inside the screen
        assert float(card.locator(".kpi-value").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 60
        box = card.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768
    assert english_words(page, ALLOWED) == {}
    screenshot(page, "sample-1366x768-presentation-figures")
    page.keyboard.press("ArrowRight")
    page.get_by_text("第2页 / 共").wait_for()
    settle(page)
    # the slide's chart carries its values, written in the projector's type
    assert page.locator("[data-testid=stPlotlyChart] .textpoint, [data-testid=stPlotlyChart] .point text").count() > 0
    screenshot(page, "sample-1366x768-presentation-chart")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="进入演示模式").wait_for()


def test_a_report_file_and_a_data_table_download_with_one_click(page, sample_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    engine = open_store(sample_server.store)
    exports_before = len(list_entries(engine, action="export"))

    # the Excel 汇总表: one click writes it and hands it over, no 生成 first
    open_page(page, sample_server.url, "report", "报告")
    with page.expect_download(timeout=120_000) as arrived:
        page.get_by_role("button", name="下载Excel 汇总表").click()
    workbook = load_workbook(io.BytesIO(arrived.value.path().read_bytes()))
    assert arrived.value.suggested_filename.endswith(".xlsx") and workbook.sheetnames
    settle(page)
    assert page.locator("[data-testid=stDownloadButtonError]").count() == 0

    # a page's 数据表 as CSV: numbers as numbers, the library's, with their unit beside them
    open_page(page, sample_server.url, "membership", "会员")
    open_expander(page, "数据表")
    with page.expect_download(timeout=120_000) as arrived:
        page.get_by_role("button", name="下载 CSV").click()
    rows = list(csv.DictReader(io.StringIO(arrived.value.path().read_bytes().decode("utf-8-sig"))))
    (rate,) = [r for r in rows if r["指标"] == "入会率" and r["单位"] == "全部" and r["期间"] == "2024年"]
    table = compute_metrics(engine, years=("2024", "2024"))
    expected = table[(table["metric"] == "membership_rate") & table["category"].isna()].iloc[0]
    assert float(rate["数值"]) == pytest.approx(expected["value"] * 100) and rate["计量单位"] == "%"
    assert float(rate["分子"]) == expected["numerator"] and float(rate["分母"]) == expected["denominator"]
    (members,) = [r for r in rows if r["指标"] == "会员人数" and r["单位"] == "全部" and r["期间"] == "2024年"]
    assert (float(members["数值"]), members["计量单位"]) == (5108, "人")

    # each made file is noted once in the 操作记录 (by the click's rerun, once the file was made)
    settle(page)
    for _ in range(60):
        if len(list_entries(engine, action="export")) >= exports_before + 2:
            break
        page.wait_for_timeout(500)
    assert len(list_entries(engine, action="export")) == exports_before + 2


def test_a_file_that_cannot_be_written_says_why_in_chinese(browser, server_without_chrome):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    engine = open_store(server_without_chrome.store)
    open_page(page, server_without_chrome.url, "report", "报告")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("button", name="下载Word 报告").click()
    page.get_by_text("没有可用的 Chromium").wait_for()
    settle(page)
    assert downloads == [] and list_entries(engine, action="export") == []  # nothing made, nothing logged
    # the button's own line too ("Failed to generate …"); the sentence names the program to install
    command = {"Chromium", "Chrome", "Debian", "Ubuntu", "apt", "install", "chromium"}
    assert english_words(page, ALLOWED | command) == {}
    for line in page.locator("[data-testid=stDownloadButtonError]").all():  # Streamlit's own, relabelled
        assert line.evaluate("e => getComputedStyle(e, '::after').content") == '"文件没有生成,原因见下方提示。"'

    screenshot(page, "sample-1366x768-report-no-chrome")
    context.close()
