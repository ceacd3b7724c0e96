"""A 会员名册 in a real browser (issue 15): a platform-style roster (title, 填表单位（盖章） line, the
ID header with its instruction line, a 转出, one ID with a wrong check digit) goes through the
real uploader on an empty store; the preview says how many people it lists and what it gives;
确认导入 stores it; 会员 draws 会员构成 and 实名制录入率 from it.

The people are made up (``unionstats.sample.roster.made_up_id``: area 990101, no real person).
Screenshots of each step land in test-output/screenshots/roster-*.png: look at them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.browser.pages import open_page, screenshot, settle
from tests.paths import SCREENSHOTS
from tests.workbooks import platform_roster, xlsx
from unionstats.metrics.compute import compute_metrics, records
from unionstats.sample.roster import made_up_id
from unionstats.store import list_batches, open_store

pytestmark = pytest.mark.browser

UNIT = "测试和平社区工会"
SHEET = "和平社区"
MEMBERS = 25  # and one who transferred out
BAD_ID = 3  # the fourth person's ID: one digit mistyped
NEW = (5, 9, 14)  # joined in 2024


def person(index: int) -> list:
    female = index % 5 in (0, 1, 3) and index != MEMBERS  # 15 of 25 members; the one who left is a man
    birth = dt.date(1965 + index, 1 + index % 12, 1 + index % 28)
    person_id = made_up_id(birth, index + 1, female)
    if index == BAD_ID:
        person_id = person_id[:17] + ("0" if person_id[17] != "0" else "1")
    if index == MEMBERS:
        status, changed = "转出", "2024-09-01"
    elif index in NEW:
        status, changed = "入会", f"2024-0{index % 9 + 1}-15"
    else:
        status, changed = "保留" if index == 7 else "入会", f"{2005 + index % 15}-06-01"
    sex = None if index == 6 else ("女" if female else "男")  # one sex left empty: read from the ID
    return [index + 1, f"职工{index + 1:02d}", person_id, sex, birth.strftime("%Y/%m/%d"), status, changed, "非农业户口"]


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roster-upload") / "2024年会员实名制名册.xlsx"
    path.write_bytes(xlsx((SHEET, platform_roster(UNIT, [person(i) for i in range(MEMBERS + 1)]))))
    return path


def test_a_platform_roster_is_previewed_stored_and_drawn_on_the_membership_page(page, server, roster):
    open_page(page, server.url, "imports", "数据导入")
    page.wait_for_selector("input[type=file]", state="attached")
    page.locator("input[type=file]").set_input_files([str(roster)])
    page.get_by_text(roster.name).first.wait_for()
    page.get_by_role("button", name="读取并预览").click()
    page.get_by_text("导入预览(尚未入库)").wait_for(timeout=180_000)
    settle(page)
    # by hand: 26 people, 25 members (转出 left), 15 women, no 农民工, 3 new in 2024, 24 with a valid ID
    line = (
        f"名册「{SHEET}」共26人;按此名册计,{UNIT} 2024年:会员25人,女会员15人,农民工会员0人,新发展会员3人,"
        "实名制录入24人(实名制录入率96.0%)。"
    )
    assert page.get_by_text(line, exact=True).count() == 1
    assert list_batches(open_store(server.store)) == []  # read, nothing stored
    screenshot(page, "roster-1-preview")

    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("本次导入结果").wait_for(timeout=180_000)
    settle(page)
    batches = list_batches(open_store(server.store))
    assert len(batches) == 1 and batches[0]["rows_stored"] == 26 and batches[0]["kinds"] == ["roster"]
    found = {
        r["metric"]: r for r in records(compute_metrics(open_store(server.store))) if r["period"] == "2024" and not r["category"]
    }
    assert (found["members"]["value"], found["realname_rate"]["numerator"]) == (25, 24)  # what the preview said
    screenshot(page, "roster-2-stored")

    open_page(page, server.url, "membership", "会员")
    page.get_by_role("heading", name="会员构成(2024年,据会员名册)").wait_for()
    charts = page.locator("[data-testid=stPlotlyChart]")
    charts.locator(".gtitle", has_text="会员构成").first.wait_for(timeout=120_000)  # drawn after the heading on a busy machine
    settle(page)
    titles = [charts.nth(i).locator(".gtitle").first.text_content() for i in range(charts.count())]
    assert "会员构成" in titles and "实名制录入率" in titles
    makeup = charts.nth(titles.index("会员构成"))
    assert makeup.locator(".point").count() >= 5  # 女, 男 and the age bands drawn as bars
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, "roster-3-membership")
    makeup.scroll_into_view_if_needed()
    makeup.screenshot(path=str(SCREENSHOTS / "roster-4-makeup.png"))  # the chart alone, as drawn


def test_the_sample_rosters_and_activities_read_at_1366(browser, sample_server):
    """The sample's 会员构成 (three rosters) and the 活动 page on an office laptop's screen."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_page(page, sample_server.url, "membership", "会员")
        makeup = page.locator("[data-testid=stPlotlyChart]").filter(has_text="会员构成")
        makeup.first.scroll_into_view_if_needed()
        for group in ("性别", "年龄", "其中", "35岁及以下", "农民工"):
            assert makeup.first.get_by_text(group, exact=True).count() >= 1, group
        screenshot(page, "roster-sample-1366-membership")
        open_page(page, sample_server.url, "activities", "活动")
        assert page.get_by_role("heading", name="活动一览(2024年)").count() == 1
        screenshot(page, "roster-sample-1366-activities")
    finally:
        context.close()
