"""views/session.py in district mode: nothing of one user is left in the tab for the next.

The admin imports a file (preview, 本次导入结果, rejected rows), generates the report page
(download buttons, an edited summary), chooses a 上级工会 in the sidebar, then signs out — or
their session ends by itself — and a unit user signs in in the same AppTest session (the
same browser tab). Every element of the pages they open and every key of the tab's session
state is searched for what the admin had (issue 17, finding 1).
"""

from __future__ import annotations

import datetime as dt

import pytest
from google.protobuf import text_format
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from tests.paths import ROOT
from tests.views.accounts import sign_in
from tests.views.streamlit_markdown import shown_text
from tests.views.uploading import REJECTING_LEDGER, REJECTING_LEDGER_NAME, REJECTING_LEDGER_UNIT, XLSX, upload
from unionstats.store import users
from unionstats.store.schema import sessions
from views.common import plain_markdown
from views.session import KEPT, TOKEN_KEY

pytestmark = pytest.mark.usefixtures("cheap_passwords")

ADMIN_NOTE = "管理员写在总结里的私人备注"
# what only the admin's work put on the pages: the imported file's name, its unit, the note
ADMIN_TRACES = (REJECTING_LEDGER_NAME, REJECTING_LEDGER_UNIT, ADMIN_NOTE)


def page_text(app: AppTest) -> str:
    """Every element of the page drawn (main area and sidebar), as text, widgets with their value."""
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(text_format.MessageToString(proto, as_utf8=True))
            if hasattr(type(node), "value"):  # a widget: what it holds now, not only its default
                try:
                    found.append(repr(node.value))
                except (AttributeError, KeyError, AssertionError):
                    pass  # a button's value outside its run
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(found)


def traces_in(text: str) -> list[str]:
    """The admin's traces found in ``text``, as written or as escaped for Markdown (plain_markdown)."""
    return [trace for trace in ADMIN_TRACES if trace in text or plain_markdown(trace) in text]


def admin_at_work(district) -> AppTest:
    """The admin signs in, imports a ledger with rejected rows, opens 报告 and edits its summary, filters a 上级工会."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    sign_in(app.run(), "张敏", "admin-pass-123")
    app.switch_page("views/imports.py").run()
    upload(app, [(REJECTING_LEDGER_NAME, REJECTING_LEDGER, XLSX)])
    assert not app.exception
    assert "本次导入结果" in [h.value for h in app.subheader]
    assert traces_in(page_text(app))[:2] == [REJECTING_LEDGER_NAME, REJECTING_LEDGER_UNIT]  # what must go later
    assert any(b.proto.label.startswith("下载被拒收的行") for b in app.get("download_button"))
    parents = app.sidebar.multiselect(key="filter_parents")
    parents.select(parents.options[0]).run()
    app.switch_page("views/report.py").run()
    summary = next(t for t in app.text_area if t.key.startswith("summary_"))
    summary.input(summary.value + ADMIN_NOTE).run()
    assert not app.exception
    assert any(b.proto.label.startswith("下载") for b in app.get("download_button"))
    assert ADMIN_NOTE in page_text(app)
    return app


def assert_nothing_of_the_admin(app: AppTest) -> None:
    """The unit user, signed in on the admin's tab, finds nothing of the admin's anywhere."""
    assert any(shown_text(c.value) == "当前用户:华新(基层工会)" for c in app.sidebar.caption)
    for page in ("imports", "report", "overview"):
        app.switch_page(f"views/{page}.py").run()
        assert not app.exception
        text = page_text(app)
        assert not traces_in(text), page
        assert "本次导入结果" not in text and "导入预览" not in text and "下载被拒收的行" not in text
    state = app.session_state.to_dict()
    assert not [key for key in state if key.startswith("user_state:张敏")]
    assert not state.get("filter_parents")  # the admin's sidebar choice named other units
    assert not traces_in(repr(state))


def test_a_sign_out_leaves_nothing_for_the_next_user_of_the_tab(district):
    app = admin_at_work(district)
    app.sidebar.button(key="account_logout").click().run()
    assert not app.exception
    assert [t.value for t in app.title] == ["工会统计看板 · 登录"]
    left = app.session_state.to_dict()
    assert set(left) - KEPT <= {"account_name", "account_password", "FormSubmitter:account_login-登录"}  # the form
    assert left["account_name"] == left["account_password"] == ""  # … and it is empty
    sign_in(app, "华新", "unit-pass-123")
    assert_nothing_of_the_admin(app)


def test_an_expired_session_leaves_nothing_for_the_next_user_of_the_tab(district):
    app = admin_at_work(district)
    # the admin walks away: 31 minutes without a click end the session (SESSION_IDLE)
    with district.begin() as conn:
        conn.execute(update(sessions).values(last_seen=dt.datetime.now() - users.SESSION_IDLE - dt.timedelta(minutes=1)))
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["工会统计看板 · 登录"]
    assert app.info[0].value == "登录已过期,请重新登录。"
    assert TOKEN_KEY not in app.session_state
    sign_in(app, "华新", "unit-pass-123")
    assert_nothing_of_the_admin(app)
