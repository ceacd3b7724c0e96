"""The Streamlit entry page (pages/start.py) on an empty store and on the sample data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from unionstats.formatting import percent
from unionstats.metrics import compute_metrics
from unionstats.store import open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(store_url, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_DB_URL", store_url)
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)


def test_empty_store_greets_with_the_sample_button_then_shows_the_figures(app, store_url):
    app.run()
    assert not app.exception
    assert app.title[0].value == "工会统计看板"
    assert any("还没有数据" in info.value for info in app.info)
    [button] = [b for b in app.button if b.label == "载入示例数据"]
    button.click().run()
    assert not app.exception
    app.run()
    table = app.dataframe[0].value
    expected = compute_metrics(open_store(store_url))
    year = app.selectbox[0].value

    def rate_in(period):
        picked = expected[(expected.metric == "membership_rate") & (expected.period == period) & expected.category.isna()]
        return picked["value"].item()

    shown = table[table["指标"] == "入会率"]["数值"].item()
    assert shown == percent(rate_in(year))
    # another year shows that year's figure
    app.selectbox[0].select("2019").run()
    assert app.dataframe[0].value[lambda t: t["指标"] == "入会率"]["数值"].item() == percent(rate_in("2019"))
    assert percent(rate_in("2019")) != percent(rate_in(year))
