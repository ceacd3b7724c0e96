"""The HTML report: one self-contained file (plotly.js inline, no network), printable on A4.

Summary paragraphs, the main figures as a table, and the report's charts (``report.figures``),
each chart kept whole on a printed page. Every text from the data is escaped.
"""

from __future__ import annotations

from html import escape

from plotly.offline import get_plotlyjs

from unionstats.formatting import metric_value
from unionstats.output.charts import AREA_COLORS
from unionstats.report.figures import report_figures
from unionstats.report.model import ReportModel, change_text
from unionstats.report.summary import summary_paragraphs
from unionstats.rules.metrics import LABELS

STYLE = """
:root { --accent: %(accent)s; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
       color: #222; max-width: 960px; margin: 0 auto; padding: 24px; line-height: 1.7; }
h1 { font-size: 26px; text-align: center; border-bottom: 3px solid var(--accent); padding-bottom: 8px; }
.meta { text-align: center; color: #666; font-size: 14px; }
h2 { font-size: 20px; border-left: 6px solid var(--accent); padding-left: 10px; margin-top: 28px; }
h3 { font-size: 17px; margin: 18px 0 4px; }
p.summary { text-indent: 2em; font-size: 16px; margin: 4px 0; }
table { border-collapse: collapse; width: 100%%; font-size: 15px; }
th, td { border: 1px solid #999; padding: 4px 8px; }
th { background: #f2dcdb; }
td.number { text-align: right; }
figure { margin: 16px 0; page-break-inside: avoid; break-inside: avoid; }
figcaption { text-align: center; font-size: 14px; color: #444; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  figure, table, tr { page-break-inside: avoid; break-inside: avoid; }
  .plotly-graph-div { width: 170mm !important; }
  .modebar-container { display: none !important; }
}
"""


def write_html(model: ReportModel) -> bytes:
    """The HTML report of ``model`` as UTF-8 bytes: one file that works offline."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(model.heading)}</title>",
        f"<style>{STYLE % {'accent': AREA_COLORS['membership']}}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<h1>{escape(model.heading)}</h1>",
        f'<p class="meta">统计范围:{escape(model.title)} · 统计年度:{model.year}年 · 生成日期:{model.generated_on:%Y年%m月%d日}</p>',
        "<h2>年度工作总结数据</h2>",
    ]
    paragraphs = summary_paragraphs(model)
    if not paragraphs:
        parts.append(f'<p class="summary">{model.year}年暂无可写入总结的统计数据。</p>')
    for paragraph in paragraphs:
        parts.append(f"<h3>{escape(paragraph.heading)}</h3>")
        parts.append(f'<p class="summary">{escape(paragraph.text)}</p>')
    rows = model.main_figures()
    if rows:
        parts.append("<h2>主要指标</h2>")
        parts.append(f"<table><thead><tr><th>指标</th><th>{model.year}年</th><th>较上年</th></tr></thead><tbody>")
        for metric, value in rows:
            change = model.change(metric)
            parts.append(
                f"<tr><td>{escape(LABELS[metric])}</td><td class='number'>{escape(metric_value(metric, value))}</td>"
                f"<td>{escape(change_text(metric, change)) if change is not None else ''}</td></tr>"
            )
        parts.append("</tbody></table>")
        parts += [f'<p class="meta">{escape(note)}</p>' for note in model.basis_notes([m for m, _ in rows])]
    figures = report_figures(model)
    if figures:
        parts.append("<h2>图表</h2>")
    for number, figure in enumerate(figures, start=1):
        chart = figure.figure.to_html(
            full_html=False, include_plotlyjs=False, config={"displayModeBar": False, "responsive": True}
        )
        parts.append(f"<figure>{chart}<figcaption>图{number} {escape(figure.title)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
