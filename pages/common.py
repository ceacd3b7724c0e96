"""UI-side shared pieces: the cached engine and cached queries keyed by the store version."""

from __future__ import annotations

import streamlit as st

from unionstats.errors import UnionStatsError


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    from unionstats.store import open_store

    return open_store(url)


def engine():
    """The store's engine, one per URL for the whole server (UNIONSTATS_DB_URL or the default)."""
    from unionstats.store import default_url

    return _engine(default_url())


def store_version() -> str:
    from unionstats.store import store_version as version

    return version(engine())


@st.cache_data(show_spinner=False)
def metrics_table(version: str, by: str = "all", period: str = "year"):
    from unionstats.metrics import compute_metrics

    return compute_metrics(engine(), by=by, period=period)


def show_error(error: UnionStatsError) -> None:
    st.error(error.message)
