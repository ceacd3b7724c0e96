"""Placeholder until the page is built."""

import streamlit as st

from pages.common import greet_empty_store

st.title("settings")
greet_empty_store()
