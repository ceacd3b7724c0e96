"""A union chair's first session in a real browser: upload two messy workbooks through the
real uploader, read the import report, load the sample data, then open every page.

Every page is checked for visible figures and saved as a full-page screenshot in
test-output/screenshots/ (look at them: Chinese rendered, nothing overlapping).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.pages import PAGES, open_page, screenshot, settle
from tests.paths import ROOT
from tests.workbooks import xlsx
from unionstats.formatting import count, percent
from unionstats.importer import import_sample
from unionstats.metrics.catalog import years
from unionstats.metrics.compute import compute_metrics
from unionstats.output.import_report import summary_sentence
from unionstats.store import open_store

pytestmark = pytest.mark.browser


def membership_workbook() -> bytes:
    """A 2024 membership return as offices send it: a title, a filing line, a two-row merged
    header, text numbers with separators, a 合计 row, a row with a word for a number, a note."""
    return xlsx(
        [
            ["2024年度基层工会会员情况统计表"],
            ["填报单位:东湖街道总工会", None, None, None, "单位:人"],
            ["序号", "单位名称", "职工情况", None, "会员情况", None],
            [None, None, "职工人数", "女职工人数", "会员人数", "女会员人数"],
            [1, "东湖机械厂工会", "1,200", 500, "1,150", 480],
            [2, "东湖商贸公司工会", 300, "120", 290, 118],
            [3, "东湖小学工会", "八十", 60, 78, 59],
            ["合计", None, 1580, 680, 1518, 657],
            ["填表人:李红    审核人:王强"],
        ],
        merged=["A1:F1", "C3:D3", "E3:F3", "A3:A4", "B3:B4"],
    )


def welfare_workbook() -> bytes:
    """A 2024 welfare ledger: dates written three ways, amounts as text, a 合计 row and one
    row whose amount is not a number."""
    return xlsx(
        [
            ["东湖机械厂工会2024年帮扶慰问台账"],
            ["日期", "单位", "姓名", "慰问类型", "金额(元)", "备注"],
            ["2024.3.5", "东湖机械厂工会", "张伟", "住院慰问", "500元", None],
            ["2024年5月1日", "东湖机械厂工会", "刘芳", "生育慰问", "600", None],
            ["2024-09-10", "东湖机械厂工会", "陈军", "困难帮扶", "1,000", "家中变故"],
            ["2024-10-01", "东湖机械厂工会", "赵敏", "住院慰问", "若干", None],
            ["合计", None, None, None, "2,100", None],
        ]
    )


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("uploads")
    files = [folder / "2024会员统计(东湖).xlsx", folder / "帮扶慰问台账2024.xlsx"]
    files[0].write_bytes(membership_workbook())
    files[1].write_bytes(welfare_workbook())
    return files


def expected_report(files: list[Path], tmp_path: Path) -> list[dict]:
    """What `python -m unionstats import --json` says of the same files on a fresh store."""
    store = f"sqlite:///{tmp_path / 'cli.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "unionstats", "import", *map(str, files), "--db", store, "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["files"]


def test_a_chair_loads_the_sample_uploads_two_messy_workbooks_and_reads_every_page(page, server, uploads, tmp_path):
    # 1. an empty store greets with the sample button, never a blank page
    open_page(page, server.url, "", "概览")
    screenshot(page, "00-empty-store")
    page.get_by_role("button", name="载入示例数据").click()
    page.locator("[data-testid=stMetric]").first.wait_for(timeout=300_000)
    settle(page)

    # 2. upload both files through the real uploader, read the report
    open_page(page, server.url, "imports", "数据导入")
    page.wait_for_selector("input[type=file]", state="attached")
    page.locator("input[type=file]").set_input_files([str(path) for path in uploads])
    page.get_by_text(uploads[1].name).first.wait_for()
    page.get_by_role("button", name="读取并预览").click()  # read first: nothing is stored before 确认导入
    page.get_by_text("导入预览(尚未入库)").wait_for(timeout=180_000)
    settle(page)
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("本次导入结果").wait_for(timeout=180_000)
    settle(page)
    reports = expected_report(uploads, tmp_path)
    assert [r["status"] for r in reports] == ["imported", "imported"]
    rejected = sum(sheet["rejected"] for report in reports for sheet in report["sheets"])
    assert rejected >= 2  # 八十 and 若干 are not numbers
    assert page.get_by_text(summary_sentence(reports)).count() == 1, summary_sentence(reports)
    screenshot(page, "01-imports-report")

    # 3. the uploaded units are in the store the pages read
    names = set(compute_metrics(open_store(server.store), by="unit", years=("2024", "2024"))["unit"])
    assert {"东湖机械厂工会", "东湖商贸公司工会"} <= names

    # 4. every page opens with figures and no traceback
    for number, (path, title) in enumerate(PAGES, start=2):
        open_page(page, server.url, path, title)
        screenshot(page, f"{number:02d}-{path or 'overview'}")


def test_overview_cards_equal_the_library(page, server):
    engine = open_store(server.store)
    if not years(engine):
        import_sample(engine)
    open_page(page, server.url, "", "概览")
    table = compute_metrics(open_store(server.store), years=("2023", "2024"))
    overall = table[(table.unit == "全部") & table.category.isna() & (table.period == "2024")].set_index("metric")["value"]
    card = page.locator("[data-testid=stMetric]").filter(has_text="入会率").first
    assert percent(overall["membership_rate"]) in card.inner_text()
    card = page.locator("[data-testid=stMetric]").filter(has_text="会员人数").first
    assert count(overall["members"]) in card.inner_text()


def test_a_filter_chosen_on_one_page_holds_on_the_next(page, server):
    engine = open_store(server.store)
    if not years(engine):  # run alone: the first test has not loaded the sample
        import_sample(engine)
    open_page(page, server.url, "", "概览")
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()  # 上级工会
    page.get_by_role("option", name="南湖街道总工会").click()
    page.keyboard.press("Escape")
    settle(page)
    # switch pages through the navigation, as a user does (a new URL would be a new session)
    page.locator("[data-testid=stSidebarNav]").get_by_text("会员", exact=True).click()
    page.get_by_role("heading", name="会员", exact=True).first.wait_for()
    settle(page)
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.get_by_text("南湖街道总工会").count() >= 1
    # and the page obeys it: only that street's units are ranked
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "天诚汽车零部件有限公司工会" in main  # a 南湖街道 unit, drawn in the by-unit chart
    assert "启明电子有限公司工会" not in main  # a 西城街道 unit
    screenshot(page, "11-membership-filtered")


def test_presentation_mode_pages_with_the_arrow_keys(page, server):
    engine = open_store(server.store)
    if not years(engine):
        import_sample(engine)
    page.set_viewport_size({"width": 1366, "height": 768})  # a common projector
    open_page(page, server.url, "report", "报告")
    page.get_by_role("button", name="进入演示模式").click()
    page.get_by_text("第1页 / 共").wait_for()
    page.keyboard.press("ArrowRight")
    page.get_by_text("第2页 / 共").wait_for()
    settle(page)
    assert page.get_by_role("button", name="上一页").is_enabled()
    # the slide's chart fits the screen: its bottom edge is inside the window
    chart = page.locator("[data-testid=stPlotlyChart]").first.bounding_box()
    assert chart is not None and chart["y"] + chart["height"] <= 768
    screenshot(page, "12-presentation")
    page.keyboard.press("ArrowLeft")
    page.get_by_text("第1页 / 共").wait_for()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="进入演示模式").wait_for()
    page.set_viewport_size({"width": 1400, "height": 1000})
