"""The sign-in form of district mode and the admin sections of 设置 (users, audit).

The sign-in state (token, viewer, expiry) lives in ``views.session``; this file only draws
the form, the signed-in user's sidebar line and the admin tables. The rules (passwords,
lockout, expiry, scope) live in ``unionstats.store.users``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from unionstats.access import ADMIN, OBSERVER, ROLE_LABELS, UNIT, Viewer
from unionstats.errors import UnionStatsError
from unionstats.formatting import when_text
from unionstats.output.audit_text import entry_sentence
from unionstats.store import users
from unionstats.store.audit import ACTIONS, list_entries, users_in_log
from views.common import CHOOSE, plain_markdown
from views.session import cookie_script, current_viewer, engine, resume_viewer, session_expired, sign_in, sign_out

# the 操作记录's time filter: shown → days back from today (None: every entry kept)
AUDIT_SPANS: dict[str, int | None] = {"最近7天": 7, "最近30天": 30, "最近90天": 90, "最近一年": 365, "全部": None}
REFUSED = "用户名或密码不正确,或尝试次数过多已被暂时锁定,请稍后再试。"


def login_gate() -> bool:
    """Draw the sign-in form when district mode needs it; True when the page may be shown.

    On every run a live session is checked again in the store (``session.resume_viewer``),
    so a stale browser tab never keeps rights it lost; a reload or a second tab resumes it
    from the browser's signed cookie.
    """
    if not users.district_mode():
        return True
    try:
        viewer = resume_viewer()
    except UnionStatsError as error:
        st.error(plain_markdown(error.message))
        return False
    if viewer is not None:
        _account_sidebar(viewer)
        return True
    _login_form()
    return False


def _account_sidebar(viewer: Viewer) -> None:
    with st.sidebar:
        st.caption(plain_markdown(f"当前用户:{viewer.name}({ROLE_LABELS.get(viewer.role, viewer.role)})"))
        # a callback: it runs before the next run draws anything, so no page sees the old viewer
        st.button("退出登录", key="account_logout", icon=":material/logout:", on_click=sign_out)
        _session_cookie()


def _session_cookie() -> None:
    """Give the browser its session cookie, or tell it to forget a dead one (``cookie_script``)."""
    script = cookie_script()
    if script:
        st.html(script, unsafe_allow_javascript=True)


def _login_form() -> None:
    st.title("工会统计看板 · 登录")
    _session_cookie()
    if session_expired():
        st.info("登录已过期,请重新登录。")
    if not users.count_admins(engine()):
        st.warning(
            "还没有管理员账号。请在服务器上运行 `python -m unionstats user add 名字 --role admin` 创建第一个管理员,然后在这里登录。"
        )
    with st.form("account_login"):
        name = st.text_input("用户名", key="account_name")
        password = st.text_input("密码", type="password", key="account_password")
        submitted = st.form_submit_button("登录", type="primary")
    if not submitted:
        return
    try:
        if not sign_in(name, password):
            st.error(REFUSED)
            return
    except UnionStatsError as error:
        st.error(plain_markdown(error.message))
        return
    st.rerun()


# --- 设置: users and the audit log (admins only) -----------------------------------------------


def admin_sections() -> None:
    """Users and audit on 设置, for admins in district mode (nothing in one-person mode)."""
    viewer = current_viewer()
    if viewer is None:
        _audit_section(None)  # one person on localhost: the log of their own work
        return
    if viewer.role != ADMIN:
        return
    _users_section(viewer)
    _audit_section(viewer)


def _users_section(viewer: Viewer) -> None:
    st.subheader("用户")
    store = engine()
    try:
        accounts = users.list_users(store, by=viewer)
    except UnionStatsError as error:
        st.error(plain_markdown(error.message))
        return
    table = pd.DataFrame(
        [
            {
                "用户名": u.name,
                "角色": u.role_label,
                "所属单位": u.unit or "全部单位",
                "状态": u.state_label(),
                "创建时间": u.created_at,
            }
            for u in accounts
        ],
        columns=["用户名", "角色", "所属单位", "状态", "创建时间"],
    )
    st.dataframe(table, hide_index=True, width="stretch")
    names = [u.name for u in accounts]
    roles = [ADMIN, UNIT, OBSERVER]

    with st.expander("新建用户"), st.form("account_add_user", clear_on_submit=True):
        name = st.text_input("用户名", key="account_new_name")
        role = st.selectbox("角色", roles, format_func=ROLE_LABELS.get, placeholder=CHOOSE, key="account_new_role")
        unit = st.text_input("所属单位", key="account_new_unit", help="基层工会必填;观察者不填则可查看全部单位;管理员不填。")
        password = st.text_input("初始密码", type="password", key="account_new_password", help="至少8个字符。")
        if st.form_submit_button("新建"):
            _act(
                lambda: users.add_user(store, name, password, role=role, unit=unit or None, by=viewer),
                f"已新建用户「{name}」。",
            )

    if not names:
        return
    with st.expander("重设密码、修改角色、停用"):
        who = st.selectbox("用户", names, placeholder=CHOOSE, key="account_pick_user")
        with st.form("account_password_form", clear_on_submit=True):
            password = st.text_input("新密码", type="password", key="account_reset_password")
            if st.form_submit_button("重设密码"):
                _act(lambda: users.set_password(store, who, password, by=viewer), f"已重设「{who}」的密码。")
        with st.form("account_role_form"):
            role = st.selectbox("新角色", roles, format_func=ROLE_LABELS.get, placeholder=CHOOSE, key="account_change_role")
            unit = st.text_input("所属单位", key="account_change_unit")
            if st.form_submit_button("修改角色"):
                _act(lambda: users.set_role(store, who, role=role, unit=unit or None, by=viewer), f"已修改「{who}」的角色。")
        left, right = st.columns(2)
        if left.button("停用", key="account_disable"):
            _act(lambda: users.set_disabled(store, who, True, by=viewer), f"已停用「{who}」。")
        if right.button("重新启用", key="account_enable"):
            _act(lambda: users.set_disabled(store, who, False, by=viewer), f"已启用「{who}」。")


def _act(action, done: str) -> None:
    try:
        action()
    except UnionStatsError as error:
        st.error(plain_markdown(error.message))
        return
    st.success(plain_markdown(done))  # it names the user


def _audit_section(viewer: Viewer | None) -> None:
    st.subheader("操作记录")
    store = engine()
    left, middle, right = st.columns(3)
    who = left.selectbox("用户", ["全部", *users_in_log(store)], placeholder=CHOOSE, key="audit_user")
    action = middle.selectbox(
        "操作", ["全部", *ACTIONS], format_func=lambda a: ACTIONS.get(a, a), placeholder=CHOOSE, key="audit_action"
    )
    # a choice of spans, not a calendar: Streamlit's calendar names its months in English
    days = right.selectbox("时间", list(AUDIT_SPANS), index=1, placeholder=CHOOSE, key="audit_span")
    back = AUDIT_SPANS.get(days)
    since = None if back is None else dt.datetime.combine(dt.date.today() - dt.timedelta(days=back), dt.time.min)
    try:
        entries = list_entries(
            store,
            viewer=viewer,
            user=None if who == "全部" else who,
            action=None if action == "全部" else action,
            since=since,
        )
    except UnionStatsError as error:
        st.error(plain_markdown(error.message))
        return
    if not entries:
        st.info("这段时间没有符合条件的操作记录。")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {"时间": when_text(e["at"]), "用户": e["user"], "操作": e["action_label"], "内容": entry_sentence(e)}
                for e in entries
            ],
        ),
        hide_index=True,
        width="stretch",
        column_config={"时间": st.column_config.TextColumn(width="small"), "内容": st.column_config.TextColumn(width="large")},
    )
