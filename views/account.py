"""Sign-in for district mode and the admin sections of 设置 (users, audit).

In one-person mode (the default, on localhost) nobody signs in and ``current_viewer``
is None: the library then shows everything. With ``UNIONSTATS_AUTH=on`` (district mode)
``login_gate`` draws a sign-in form until a session is live, and ``current_viewer`` is
the signed-in user's ``Viewer`` — every library read then keeps to their units. The
rules (passwords, lockout, expiry, scope) live in ``unionstats.store.users``; this file only
draws them.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from unionstats.access import ADMIN, OBSERVER, ROLE_LABELS, UNIT, Viewer
from unionstats.errors import UnionStatsError

TOKEN_KEY = "account_token"  # the session token (the store keeps only its hash)
VIEWER_KEY = "account_viewer"  # the viewer of this run, set by login_gate
EXPIRED_KEY = "account_expired"

# In district mode, a page reached without a live session sees nothing: an empty scope,
# never None (None would be "everything").
NOBODY = Viewer(name="", role=OBSERVER, units=frozenset())

REFUSED = "用户名或密码不正确,或尝试次数过多已被暂时锁定,请稍后再试。"


def _engine():
    from views.common import engine  # views.common imports this module: import late

    return engine()


def current_viewer() -> Viewer | None:
    """The signed-in viewer, or None in one-person mode (NOBODY when signed out)."""
    from unionstats.store.users import district_mode

    if not district_mode():
        return None
    return st.session_state.get(VIEWER_KEY) or NOBODY


def login_gate() -> bool:
    """Draw the sign-in form when district mode needs it; True when the page may be shown.

    On every run a live session is checked again in the store (expiry, a disabled user,
    a changed role), so a stale browser tab never keeps rights it lost.
    """
    from unionstats.store.users import district_mode, resume_session

    if not district_mode():
        return True
    try:
        viewer = resume_session(_engine(), st.session_state.get(TOKEN_KEY))
    except UnionStatsError as error:
        st.error(error.message)
        return False
    if viewer is not None:
        st.session_state[VIEWER_KEY] = viewer
        _account_sidebar(viewer)
        return True
    if st.session_state.pop(TOKEN_KEY, None):
        st.session_state[EXPIRED_KEY] = True
    st.session_state.pop(VIEWER_KEY, None)
    _login_form()
    return False


def _account_sidebar(viewer: Viewer) -> None:
    with st.sidebar:
        st.caption(f"当前用户:{viewer.name}({ROLE_LABELS.get(viewer.role, viewer.role)})")
        # a callback: it runs before the next run draws anything, so no page sees the old viewer
        st.button("退出登录", key="account_logout", icon=":material/logout:", on_click=_sign_out)


def _sign_out() -> None:
    from unionstats.store.users import end_session

    try:
        end_session(_engine(), st.session_state.pop(TOKEN_KEY, None))
    except UnionStatsError:
        pass  # the token is gone from this browser either way; the row expires by itself
    st.session_state.pop(VIEWER_KEY, None)


def _login_form() -> None:
    from unionstats.store.users import authenticate, count_admins, start_session

    st.title("工会统计看板 · 登录")
    if st.session_state.pop(EXPIRED_KEY, False):
        st.info("登录已过期,请重新登录。")
    engine = _engine()
    if not count_admins(engine):
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
        user = authenticate(engine, name, password)
        if user is None:
            st.error(REFUSED)
            return
        st.session_state[TOKEN_KEY] = start_session(engine, user.name)
    except UnionStatsError as error:
        st.error(error.message)
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
    from unionstats.store.users import list_users

    st.subheader("用户")
    engine = _engine()
    try:
        users = list_users(engine, by=viewer)
    except UnionStatsError as error:
        st.error(error.message)
        return
    table = pd.DataFrame(
        [
            {
                "用户名": u.name,
                "角色": u.role_label,
                "所属单位": u.unit or "全部单位",
                "状态": "已停用"
                if u.disabled
                else ("已锁定" if u.locked_until and u.locked_until > dt.datetime.now() else "正常"),
                "创建时间": u.created_at,
            }
            for u in users
        ],
        columns=["用户名", "角色", "所属单位", "状态", "创建时间"],
    )
    st.dataframe(table, hide_index=True, width="stretch")
    names = [u.name for u in users]
    roles = [ADMIN, UNIT, OBSERVER]

    with st.expander("新建用户"), st.form("account_add_user", clear_on_submit=True):
        name = st.text_input("用户名", key="account_new_name")
        role = st.selectbox("角色", roles, format_func=ROLE_LABELS.get, key="account_new_role")
        unit = st.text_input("所属单位", key="account_new_unit", help="基层工会必填;观察者不填则可查看全部单位;管理员不填。")
        password = st.text_input("初始密码", type="password", key="account_new_password", help="至少8个字符。")
        if st.form_submit_button("新建"):
            _act(
                lambda: _users().add_user(engine, name, password, role=role, unit=unit or None, by=viewer),
                f"已新建用户「{name}」。",
            )

    if not names:
        return
    with st.expander("重设密码、修改角色、停用"):
        who = st.selectbox("用户", names, key="account_pick_user")
        with st.form("account_password_form", clear_on_submit=True):
            password = st.text_input("新密码", type="password", key="account_reset_password")
            if st.form_submit_button("重设密码"):
                _act(lambda: _users().set_password(engine, who, password, by=viewer), f"已重设「{who}」的密码。")
        with st.form("account_role_form"):
            role = st.selectbox("新角色", roles, format_func=ROLE_LABELS.get, key="account_change_role")
            unit = st.text_input("所属单位", key="account_change_unit")
            if st.form_submit_button("修改角色"):
                _act(lambda: _users().set_role(engine, who, role=role, unit=unit or None, by=viewer), f"已修改「{who}」的角色。")
        left, right = st.columns(2)
        if left.button("停用", key="account_disable"):
            _act(lambda: _users().set_disabled(engine, who, True, by=viewer), f"已停用「{who}」。")
        if right.button("重新启用", key="account_enable"):
            _act(lambda: _users().set_disabled(engine, who, False, by=viewer), f"已启用「{who}」。")


def _users():
    from unionstats.store import users

    return users


def _act(action, done: str) -> None:
    try:
        action()
    except UnionStatsError as error:
        st.error(error.message)
        return
    st.success(done)


def _audit_section(viewer: Viewer | None) -> None:
    from unionstats.store.audit import ACTIONS, describe, list_entries, users_in_log

    st.subheader("操作记录")
    engine = _engine()
    left, middle, right = st.columns(3)
    who = left.selectbox("用户", ["全部", *users_in_log(engine)], key="audit_user")
    action = middle.selectbox("操作", ["全部", *ACTIONS], format_func=lambda a: ACTIONS.get(a, a), key="audit_action")
    today = dt.date.today()
    days = right.date_input("日期", value=(today - dt.timedelta(days=30), today), key="audit_days")
    since = until = None
    if isinstance(days, tuple | list) and len(days) == 2:
        since = dt.datetime.combine(days[0], dt.time.min)
        until = dt.datetime.combine(days[1], dt.time.max)
    try:
        entries = list_entries(
            engine,
            viewer=viewer,
            user=None if who == "全部" else who,
            action=None if action == "全部" else action,
            since=since,
            until=until,
        )
    except UnionStatsError as error:
        st.error(error.message)
        return
    if not entries:
        st.info("这段时间没有符合条件的操作记录。")
        return
    st.dataframe(
        pd.DataFrame(
            [{"时间": e["at"], "用户": e["user"], "操作": e["action_label"], "内容": describe(e)} for e in entries],
        ),
        hide_index=True,
        width="stretch",
    )


def note_export(what: str) -> None:
    """Record in the audit log that the current user exported ``what`` (e.g. "汇总表 2024年")."""
    from unionstats.store.audit import record

    viewer = current_viewer()
    try:
        record(_engine(), user=viewer.name if viewer else None, action="export", detail={"what": what})
    except UnionStatsError:
        # the download itself must not fail because the log could not be written
        logging.getLogger(__name__).warning("export of %s not recorded in the audit log", what, exc_info=True)
