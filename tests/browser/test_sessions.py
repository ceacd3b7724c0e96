"""District mode in a real browser (issue 17, findings 1, 7 and 8): one tab shared by two users
keeps nothing of the first, a download's /media address dies with the sign-out, and the
signed session cookie carries a session over a reload and into a second tab — until a
sign-out in either tab ends it in both.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from openpyxl import load_workbook

from tests.browser.pages import open_expander, settle
from tests.views.uploading import REJECTING_LEDGER, REJECTING_LEDGER_NAME, REJECTING_LEDGER_UNIT
from unionstats.store import open_store, users
from unionstats.store.audit import list_entries
from views.session import SESSION_COOKIE

LEDGER = REJECTING_LEDGER_NAME  # its unit, 测试机械厂工会, is no unit of 华新's (conftest.district_server)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    yield context
    context.close()


def new_tab(context):
    page = context.new_page()
    page.set_default_timeout(120_000)
    return page


def sign_in(page, name: str, password: str) -> None:
    page.get_by_role("heading", name="工会统计看板 · 登录").wait_for()
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    signed_in_as(page, name)


def signed_in_as(page, name: str) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text(f"当前用户:{name}", exact=False).wait_for()
    settle(page)


def go_to(page, title: str) -> None:
    """Click a page in the navigation: the same tab, the same Streamlit session (no reload)."""
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    settle(page)


def sign_out(page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("heading", name="工会统计看板 · 登录").wait_for()
    settle(page)


def test_the_next_user_of_a_tab_finds_nothing_and_the_download_address_is_dead(context, district_server, tmp_path):
    ledger = tmp_path / LEDGER
    ledger.write_bytes(REJECTING_LEDGER)  # 2 rows stored, 2 rejected
    page = new_tab(context)
    page.goto(district_server.url)
    sign_in(page, "张敏", "admin-pass-123")
    go_to(page, "数据导入")
    page.locator("input[type=file]").set_input_files([str(ledger)])
    page.get_by_text(LEDGER).first.wait_for()
    page.get_by_role("button", name="读取并预览").click()
    page.get_by_text("导入预览(尚未入库)").wait_for(timeout=180_000)
    settle(page)
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("本次导入结果").wait_for(timeout=180_000)
    settle(page)
    # the rejected rows' table above the button is drawn a moment later and pushes it down
    page.locator("[data-testid=stDataFrame] [data-testid=data-grid-canvas]").first.wait_for(timeout=120_000)
    settle(page)
    with page.expect_download(timeout=120_000) as arrived:
        page.get_by_role("button", name="下载被拒收的行(Excel,改正后可重新上传)").click()
    address = arrived.value.url
    assert "/media/" in address and load_workbook(io.BytesIO(arrived.value.path().read_bytes())).sheetnames
    assert page.request.get(address).status == 200  # served while the admin is signed in
    settle(page)
    exports = [e for e in list_entries(open_store(district_server.store), action="export") if e["detail"]["what"] == "被拒收的行"]
    assert [e["user"] for e in exports] == ["张敏"]  # finding 8: the rejected rows are audited
    # a 数据表 CSV starts no run on click: no run of Streamlit's own clean-up comes between it and the sign-out
    go_to(page, "会员")
    open_expander(page, "数据表")
    with page.expect_download(timeout=120_000) as arrived:
        page.get_by_role("button", name="下载 CSV").click()
    table = arrived.value.url
    assert page.request.get(table).status == 200

    sign_out(page)
    # finding 8: both files are gone with the session, not when the tab closes
    assert [page.request.get(url).status for url in (address, table)] == [404, 404]

    sign_in(page, "华新", "unit-pass-123")  # finding 1: the same tab, another user
    for title in ("数据导入", "报告"):
        go_to(page, title)
        text = page.locator("[data-testid=stMain]").inner_text()
        assert "本次导入结果" not in text and "导入预览" not in text and "被拒收的行" not in text, title
        assert LEDGER not in text and REJECTING_LEDGER_UNIT not in text, title


def test_a_session_survives_a_reload_and_a_second_tab_until_signed_out(context, district_server):
    first = new_tab(context)
    first.goto(district_server.url)
    sign_in(first, "华新", "unit-pass-123")
    (cookie,) = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    assert (cookie["path"], cookie["sameSite"], cookie["httpOnly"]) == ("/", "Strict", False)
    lifetime = cookie["expires"] - time.time()
    assert users.SESSION_ABSOLUTE.total_seconds() - 120 < lifetime <= users.SESSION_ABSOLUTE.total_seconds()
    assert not cookie["secure"]  # plain http on this machine; Secure over https

    first.reload()  # a reload is a new Streamlit session: the cookie signs it in
    signed_in_as(first, "华新")
    second = new_tab(context)
    second.goto(f"{district_server.url}/report")  # a second tab
    signed_in_as(second, "华新")

    sign_out(second)  # ends the session in the store: the first tab is signed out on its next run
    go_to_login = first.locator("[data-testid=stSidebarNav]").get_by_role("link", name="会员")
    go_to_login.click()
    first.get_by_role("heading", name="工会统计看板 · 登录").wait_for()
    assert first.get_by_text("登录已过期,请重新登录。").count() == 1
    assert not [c for c in context.cookies() if c["name"] == SESSION_COOKIE]  # the browser forgot it
    first.reload()
    first.get_by_role("heading", name="工会统计看板 · 登录").wait_for()


def test_an_expired_or_changed_cookie_signs_nobody_in(context, district_server):
    engine = open_store(district_server.store)
    live = users.start_session(engine, "华新")  # the session itself is live in the store …
    old = users.signed_token(engine, live, now=dt.datetime.now() - users.SESSION_ABSOLUTE - dt.timedelta(minutes=1))
    carried, expires, signature = users.signed_token(engine, live).split(".")
    for value in (old, f"{carried}.{int(expires) + 86400}.{signature}"):  # … but the cookie expired, or was stretched
        context.clear_cookies()
        context.add_cookies([{"name": SESSION_COOKIE, "value": value, "url": district_server.url}])
        page = new_tab(context)
        page.goto(district_server.url)
        page.get_by_role("heading", name="工会统计看板 · 登录").wait_for()
        settle(page)
        assert page.get_by_text("当前用户", exact=False).count() == 0
        page.close()
    # the same live session with its own, valid cookie: signed in (the refusals were the cookie's)
    context.clear_cookies()
    context.add_cookies([{"name": SESSION_COOKIE, "value": users.signed_token(engine, live), "url": district_server.url}])
    page = new_tab(context)
    page.goto(district_server.url)
    signed_in_as(page, "华新")
