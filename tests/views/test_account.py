"""views/account.py: the sign-in form of district mode, sign-out, and the admin sections of 设置."""

from __future__ import annotations

import threading

import pytest

from tests.views.accounts import HUAXIN, sign_in
from tests.views.streamlit_markdown import shown_text
from unionstats.store import users
from unionstats.store.audit import list_entries

pytestmark = pytest.mark.usefixtures("cheap_passwords")


def test_one_person_mode_has_no_sign_in(sample_url, open_page, monkeypatch):
    monkeypatch.delenv("UNIONSTATS_AUTH", raising=False)
    app = open_page("overview")
    assert not app.exception and not app.text_input
    assert not [b for b in app.sidebar.button if b.label == "退出登录"]


def test_a_wrong_password_is_refused_without_saying_which_part(district, open_page):
    app = open_page("overview")
    assert app.title[0].value == "工会统计看板 · 登录"
    sign_in(app, "华新", "wrong-password")
    assert not app.exception
    refused = app.error[0].value
    sign_in(app, "nobody", "wrong-password")
    assert app.error[0].value == refused == "用户名或密码不正确,或尝试次数过多已被暂时锁定,请稍后再试。"


def test_signing_in_and_out(district, open_page):
    app = sign_in(open_page("overview"), "华新", "unit-pass-123")
    assert not app.exception
    assert any("当前用户:华新(基层工会)" in shown_text(c.value) for c in app.sidebar.caption)
    assert app.session_state["account_viewer"].units == {HUAXIN}
    token = app.session_state["account_token"]
    app.sidebar.button(key="account_logout").click().run()
    assert not app.exception
    assert "account_token" not in app.session_state and users.resume_session(district, token) is None
    again = open_page("overview", account_token=token)  # the old token is worth nothing now
    assert again.title[0].value == "工会统计看板 · 登录"
    assert [e["action"] for e in list_entries(district)][:2] == ["logout", "login"]


def test_an_expired_session_asks_to_sign_in_again(district, open_page):
    import datetime as dt

    token = users.start_session(district, "华新", now=dt.datetime.now() - users.SESSION_ABSOLUTE - dt.timedelta(minutes=1))
    app = open_page("overview", account_token=token)
    assert not app.exception
    assert app.info[0].value == "登录已过期,请重新登录。"


def test_no_admin_yet_says_how_to_create_one(empty_url, open_page, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    app = open_page("overview")
    assert "python -m unionstats user add" in app.warning[0].value


def test_admins_manage_users_and_read_the_log_on_settings(district, open_page):
    app = open_page("settings", account_token=users.start_session(district, "张敏"))
    assert not app.exception
    assert {"用户", "操作记录"} <= {h.value for h in app.subheader}
    app.text_input(key="account_new_name").input("西城观察")
    app.selectbox(key="account_new_role").select("observer")
    app.text_input(key="account_new_password").input("observer-pass-1")
    app.button(key="FormSubmitter:account_add_user-新建").click().run()
    assert not app.exception
    assert any("已新建用户「西城观察」" in s.value for s in app.success)
    assert users.get_user(district, "西城观察").role == "observer"
    assert list_entries(district, action="user_add")[0]["user"] == "张敏"


def test_a_unit_user_sees_no_admin_sections(district, open_page):
    app = open_page("settings", account_token=users.start_session(district, "华新"))
    assert not app.exception
    assert not {"用户", "操作记录"} & {h.value for h in app.subheader}


def test_a_crowd_signing_in_at_once_gets_a_chinese_refusal_not_a_crash(district, open_page, monkeypatch):
    # issue 17, finding 7: no argon2 slot frees in time (every slot taken by other sign-ins)
    monkeypatch.setattr(users, "_argon2_slots", threading.BoundedSemaphore(1))
    monkeypatch.setattr(users, "VERIFY_WAIT_S", 0.05)
    users._argon2_slots.acquire()
    app = sign_in(open_page("overview"), "华新", "unit-pass-123")
    assert not app.exception
    assert [shown_text(e.value) for e in app.error] == ["登录的人较多,请稍后再试。"]
    assert "account_token" not in app.session_state
    users._argon2_slots.release()
    app = sign_in(app, "华新", "unit-pass-123")
    assert app.session_state["account_viewer"].name == "华新"
    # the sign-in came from no known address (AppTest, like localhost): the source "unknown"
    (entry,) = list_entries(district, action="login")
    assert entry["detail"] == {"source": "unknown"}
