"""工会统计看板 — entry: navigation over views/, the global sidebar filters, nothing else.

The page files live in ``views/``, not ``pages/``: Streamlit 1.67 still serves a folder
named ``pages/`` the old way when a page's URL is opened directly, which would skip this
script (its sign-in gate and the sidebar filters).
"""

import streamlit as st

from unionstats.access import check_switches
from unionstats.errors import ConfigError
from views.account import login_gate
from views.common import chinese_ui, sidebar_filters

st.set_page_config(page_title="工会统计看板", page_icon="📊", layout="wide")
try:
    check_switches()  # a mistyped UNIONSTATS_AUTH must not open the dashboard without sign-in
except ConfigError as error:
    st.error(error.message)
    st.stop()
chinese_ui()

PAGES = {
    "看板": [
        st.Page("views/overview.py", title="概览", icon=":material/dashboard:", default=True),
        st.Page("views/membership.py", title="会员", icon=":material/groups:"),
        st.Page("views/dues.py", title="经费", icon=":material/payments:"),
        st.Page("views/welfare.py", title="帮扶慰问", icon=":material/volunteer_activism:"),
        st.Page("views/competitions.py", title="竞赛", icon=":material/emoji_events:"),
        st.Page("views/activities.py", title="活动", icon=":material/event:"),
        st.Page("views/compare.py", title="单位对比", icon=":material/leaderboard:"),
        st.Page("views/report.py", title="报告", icon=":material/description:"),
    ],
    "数据": [
        st.Page("views/imports.py", title="数据导入", icon=":material/upload_file:"),
        st.Page("views/settings.py", title="设置", icon=":material/settings:"),
    ],
}

if login_gate():
    navigation = st.navigation(PAGES)
    sidebar_filters()
    navigation.run()
