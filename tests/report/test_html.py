"""unionstats.report.html: one self-contained file that prints on A4."""

from __future__ import annotations

import re

from tests.report.sample import PARENT, YEAR
from unionstats.formatting import metric_value, percent
from unionstats.metrics.compute import compute_metrics
from unionstats.report.figures import report_figures
from unionstats.report.html import write_html
from unionstats.report.model import build_report
from unionstats.report.summary import summary_paragraphs


def test_the_html_report_works_offline_and_prints_on_a4(sample_engine):
    model = build_report(sample_engine, YEAR, parent=PARENT)
    page = write_html(model).decode("utf-8")

    assert not re.search(r"<script[^>]+src=", page)  # nothing fetched: plotly.js is inline
    assert not re.search(r"<link[^>]+href=", page)
    assert "Plotly.newPlot" in page and len(page) > 1_000_000
    assert page.count("Plotly.newPlot") == len(report_figures(model))
    assert "@page { size: A4" in page and "@media print" in page
    for paragraph in summary_paragraphs(model):
        assert paragraph.text in page
    table = compute_metrics(sample_engine, years=(YEAR, YEAR), parents=[PARENT])
    rate = table[(table["metric"] == "membership_rate")]["value"].iloc[0]
    assert f"<td class='number'>{percent(rate)}</td>" in page
    # §3.8: the activities' paragraph and figures, from the same metrics
    people = table[(table["metric"] == "activity_participants") & table["category"].isna()]["value"].iloc[0]
    assert "职工活动与培训" in page and f"<td class='number'>{metric_value('activity_participants', people)}</td>" in page
