"""工会统计看板 — entry: navigation over pages/, nothing else."""

import streamlit as st

st.set_page_config(page_title="工会统计看板", page_icon="📊", layout="wide")
st.navigation([st.Page("pages/start.py", title="开始", icon="🏠", default=True)]).run()
