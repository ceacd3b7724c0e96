"""数据导入 in a real browser (issue 14): a one-unit ledger that names no unit goes through the real
uploader, the preview says it would store nothing and why, 所属单位 is set in the preview and the
file read again, 确认导入 stores it, the result is read, and the batch is undone.

Screenshots of each step land in test-output/screenshots/import-preview-*.png: look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.pages import open_page, screenshot, settle
from tests.workbooks import xlsx
from unionstats.metrics.compute import compute_metrics
from unionstats.store import list_batches, open_store

pytestmark = pytest.mark.browser

UNIT = "东湖机械厂工会"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Path:
    """A grassroots union's 2024 welfare ledger: a title, no unit column, no 填报单位 line."""
    path = tmp_path_factory.mktemp("preview-upload") / "2024年帮扶慰问台账.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["2024年帮扶慰问台账"],
                ["日期", "姓名", "慰问类型", "金额(元)"],
                ["2024-03-05", "张伟", "住院慰问", "500元"],
                ["2024-05-01", "刘芳", "生育慰问", 600],
                ["2024-09-10", "陈军", "困难帮扶", "1,000"],
            ]
        )
    )
    return path


def test_a_file_without_a_unit_is_previewed_given_its_unit_stored_and_undone(page, server, ledger):
    open_page(page, server.url, "imports", "数据导入")
    page.wait_for_selector("input[type=file]", state="attached")
    page.locator("input[type=file]").set_input_files([str(ledger)])
    page.get_by_text(ledger.name).first.wait_for()
    page.get_by_role("button", name="读取并预览").click()
    page.get_by_text("导入预览(尚未入库)").wait_for(timeout=180_000)
    settle(page)
    # read, nothing stored: the preview says the rows lack a unit, on the first screen
    assert list_batches(open_store(server.store)) == []
    assert page.get_by_text("共1个文件:0个将入库,1个不会入库", exact=False).count() == 1
    assert page.locator("[data-testid=stAlert]").filter(has_text="缺少单位").count() >= 1
    screenshot(page, "import-preview-1-read")

    # 所属单位 set in the preview, the file read again
    page.get_by_label("所属单位", exact=True).fill(UNIT)
    page.get_by_role("button", name="按此重新读取").click()
    page.get_by_text("共1个文件:1个将入库,0个不会入库", exact=False).wait_for(timeout=120_000)
    settle(page)
    assert list_batches(open_store(server.store)) == []  # still nothing stored
    screenshot(page, "import-preview-2-unit-set")

    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("本次导入结果").wait_for(timeout=180_000)
    settle(page)
    batches = list_batches(open_store(server.store))
    assert len(batches) == 1 and batches[0]["rows_stored"] == 3 and batches[0]["status"] == "active"
    assert page.get_by_text("共1个文件:1个入库了数据,0个未入库任何数据", exact=False).count() == 1
    screenshot(page, "import-preview-3-stored")

    # undo: asked first, then done and said
    page.get_by_role("button", name="撤销", exact=True).first.click()
    page.get_by_text("确定撤销批次", exact=False).wait_for()
    settle(page)
    screenshot(page, "import-preview-4-undo-asked")
    page.get_by_role("button", name="确认撤销").click()
    page.get_by_text(f"已撤销批次 #{batches[0]['id']}", exact=False).wait_for(timeout=120_000)
    settle(page)
    assert list_batches(open_store(server.store))[0]["status"] == "undone"
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "import-preview-5-undone")


def test_a_look_alike_name_is_asked_about_and_the_merge_shows_in_settings(page, server, tmp_path):
    first, second = tmp_path / "2024会员.csv", tmp_path / "2025会员(恒达).csv"
    first.write_text("单位名称,年度,职工人数,会员人数\n恒达电子有限公司工会,2024,200,190\n", encoding="utf-8")
    second.write_text("单位名称,年度,职工人数,会员人数\n杭州恒达电子有限公司工会委员会,2025,210,200\n", encoding="utf-8")
    for path in (first, second):
        open_page(page, server.url, "imports", "数据导入")
        page.locator("input[type=file]").set_input_files([str(path)])
        page.get_by_text(path.name).first.wait_for()
        page.get_by_role("button", name="读取并预览").click()
        page.get_by_text("导入预览(尚未入库)").wait_for(timeout=180_000)
        settle(page)
        if path == second:
            question = page.get_by_text("「杭州恒达电子有限公司工会委员会」是否就是「恒达电子有限公司工会」?")
            question.wait_for()
            screenshot(page, "import-preview-6-look-alike")
            page.get_by_role("checkbox", name="是").check(force=True)  # the box is drawn over its input
            settle(page)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("本次导入结果").wait_for(timeout=180_000)
        settle(page)
    engine = open_store(server.store)
    assert set(compute_metrics(engine, by="unit", years=("2025", "2025"))["unit"]) == {"恒达电子有限公司工会"}

    open_page(page, server.url, "settings", "设置")
    page.get_by_text("单位名称对照").first.scroll_into_view_if_needed()
    # the merge history (and the audit log) name it; the merge was made before the file's rows were stored
    assert page.get_by_text("「杭州恒达电子有限公司工会委员会」并入「恒达电子有限公司工会」", exact=False).count() >= 1
    assert page.get_by_text("仅记为其他写法", exact=False).count() == 1
    screenshot(page, "import-preview-7-settings-unit-names")
