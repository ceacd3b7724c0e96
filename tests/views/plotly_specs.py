"""Reading the plotly figures an AppTest run drew: their JSON specs, found by title."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def figures(app: AppTest) -> dict[str, dict]:
    """Every plotly figure of the run with a title, as its JSON spec, keyed by that title."""
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs if spec["layout"].get("title")}


def trace(spec: dict, name: str | None = None) -> dict:
    """The trace of a figure called ``name`` (the only one when None)."""
    if name is None:
        (only,) = spec["data"]
        return only
    return next(t for t in spec["data"] if t.get("name") == name)
