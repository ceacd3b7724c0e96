"""工会统计看板 — entry: navigation over pages/, the global sidebar filters, nothing else."""

import streamlit as st

from pages.account import login_gate
from pages.common import sidebar_filters

st.set_page_config(page_title="工会统计看板", page_icon="📊", layout="wide")

PAGES = {
    "看板": [
        st.Page("pages/overview.py", title="概览", icon="📊", default=True),
        st.Page("pages/membership.py", title="会员", icon="👥"),
        st.Page("pages/dues.py", title="经费", icon="💰"),
        st.Page("pages/welfare.py", title="帮扶慰问", icon="🤝"),
        st.Page("pages/competitions.py", title="竞赛", icon="🏆"),
        st.Page("pages/compare.py", title="单位对比", icon="🏢"),
    ],
    "数据": [
        st.Page("pages/imports.py", title="数据导入", icon="📤"),
        st.Page("pages/settings.py", title="设置", icon="⚙️"),
    ],
}

if login_gate():
    navigation = st.navigation(PAGES)
    sidebar_filters()
    navigation.run()
