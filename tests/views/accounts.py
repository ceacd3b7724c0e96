"""District-mode accounts for page tests: the sample store's admin and a unit user, and signing in
through the form (the ``district`` fixture is in conftest.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

HUAXIN = "华新机械有限公司工会"
ADMIN_PASSWORD = "admin-pass-123"
UNIT_PASSWORD = "unit-pass-123"


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    """Fill in the sign-in form and press 登录."""
    app.text_input(key="account_name").input(name)
    app.text_input(key="account_password").input(password)
    return next(b for b in app.button if b.label == "登录").click().run()
