"""unionstats.report.docx: the Word report, opened again with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.report.ledgers import EAST
from tests.report.sample import UNIT, YEAR
from unionstats.formatting import change as change_text
from unionstats.formatting import metric_value
from unionstats.metrics.compute import compute_metrics
from unionstats.report.docx import write_docx
from unionstats.report.figures import report_figures
from unionstats.report.images import ChartImageError
from unionstats.report.model import build_report
from unionstats.report.summary import summary_paragraphs
from unionstats.rules.metrics import LABELS


def test_the_word_report_has_the_summary_the_figures_and_the_charts(sample_engine):
    model = build_report(sample_engine, YEAR, unit=UNIT)
    document = Document(io.BytesIO(write_docx(model)))
    texts = [p.text for p in document.paragraphs]

    for paragraph in summary_paragraphs(model):
        assert paragraph.heading in texts and paragraph.text in texts
    assert "全年共看望住院职工16人次,发放慰问金4,000元" in "\n".join(texts)
    assert "职工活动与培训" in "\n".join(texts)  # §3.8: the seed unit's 2024 activity ledger

    (table,) = document.tables
    shown = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    metrics = compute_metrics(sample_engine, years=(YEAR, YEAR), units=[UNIT])
    overall = metrics[metrics["category"].isna() & metrics["value"].notna()].set_index("metric")["value"]
    assert shown["入会率"] == metric_value("membership_rate", overall["membership_rate"])
    for label, text in shown.items():
        metric = next(m for m, name in LABELS.items() if name == label)
        assert text == metric_value(metric, overall[metric]), label

    assert len(document.inline_shapes) == len(report_figures(model)) >= 5
    body = document.styles["Normal"].element.rPr.rFonts
    assert body.get(qn("w:eastAsia")) == "宋体"


def test_without_a_browser_the_word_report_says_so_in_chinese(sample_engine, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # kaleido finds no browser
    with pytest.raises(ChartImageError, match="没有可用的 Chromium"):
        write_docx(build_report(sample_engine, YEAR, unit=UNIT))


def test_a_change_over_the_units_of_both_years_is_noted_under_the_table(district):
    model = build_report(district, 2024, parent=EAST)
    document = Document(io.BytesIO(write_docx(model)))
    (table,) = document.tables
    changes = {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}
    assert changes["会员人数"] == change_text("members", model.like_for_like.change("members")) == "增加16人"
    texts = [p.text for p in document.paragraphs]
    assert "注:会员人数、入会率的较上年变化按两年均报送的2家单位计。" in texts
