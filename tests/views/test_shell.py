"""dashboard.py: the navigation, the sidebar filters and the empty-store greeting."""

from __future__ import annotations

from unionstats.metrics.catalog import years
from unionstats.store import open_store
from views.common import Filters


def test_empty_store_shows_the_greeting_and_no_filters(empty_url, open_page):
    app = open_page("overview")
    assert not app.exception
    assert any("还没有数据" in info.value for info in app.info)
    assert [b.label for b in app.button] == ["载入示例数据"]
    assert not app.sidebar.select_slider
    assert app.session_state["filters"] == Filters(None, None, None, None)


def test_loading_the_sample_fills_the_store(empty_url, open_page):
    app = open_page("overview")
    app.button(key="load_sample").click().run()
    assert not app.exception
    assert not any("还没有数据" in info.value for info in app.info)
    stored = years(open_store(empty_url))
    assert (stored[0], stored[-1]) == ("2019", "2024")
    # a new visit sees the filters, the year range defaulting to the last five years
    again = open_page("overview")
    assert again.sidebar.select_slider(key="filter_years").value == ("2020", "2024")


def test_the_sidebar_turns_widget_choices_into_filters(sample_url, open_page):
    app = open_page("overview", filter_years=("2021", "2022"), filter_parents=["南湖街道总工会"], filter_fund_type="会费")
    assert not app.exception
    filters = app.session_state["filters"]
    assert filters == Filters(years=("2021", "2022"), parents=("南湖街道总工会",), units=None, fund_type="会费")
    assert (filters.year, filters.previous_year) == ("2022", "2021")
    # the unit list offers only that parent's units
    units = app.sidebar.multiselect(key="filter_units").options
    assert "天诚汽车零部件有限公司工会" in units and "启明电子有限公司工会" not in units


def test_filters_survive_a_page_switch(sample_url, open_page):
    app = open_page("membership", filter_years=("2021", "2022"))
    assert not app.exception
    assert app.session_state["filters"].years == ("2021", "2022")
    assert app.session_state["filter_years"] == ("2021", "2022")


def test_an_unknown_sign_in_switch_stops_the_dashboard_before_any_page(sample_url, open_page, monkeypatch):
    # issue 17, finding 7: UNIONSTATS_AUTH=enabled used to open every page without sign-in
    monkeypatch.setenv("UNIONSTATS_AUTH", "enabled")
    app = open_page("overview")
    assert not app.exception
    (error,) = app.error
    assert "UNIONSTATS_AUTH" in error.value and "on、1、true、yes" in error.value
    # nothing else is drawn: no page, no sign-in form, no sidebar filters
    assert not app.title and not app.text_input and not app.metric and not app.dataframe and not app.sidebar.children
