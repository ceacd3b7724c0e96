"""The Word report (.docx): the 工作总结 text, a table of the main figures (with a note where a
较上年 is taken over the units of both years), the charts as images.

Body in 宋体, headings in 黑体 (named for East Asian text too, ``w:eastAsia``), A4. Charts are
PNG images drawn by ``unionstats.output.charts`` through kaleido (``report.images``); without a
browser that raises ``ChartImageError`` with a Chinese sentence.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from unionstats.formatting import change as change_text
from unionstats.formatting import metric_value
from unionstats.report.figures import report_figures
from unionstats.report.images import figure_pngs
from unionstats.report.model import ReportModel
from unionstats.report.summary import summary_paragraphs
from unionstats.rules.metrics import LABELS

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TITLE_ONE_LINE = 12  # characters of a scope's name that still fit on the title's line with the year


def write_docx(model: ReportModel) -> bytes:
    """The Word report of ``model`` as .docx bytes. Raises ChartImageError without a browser."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    _set_fonts(normal.font, BODY_FONT, Pt(12))
    normal.paragraph_format.line_spacing = 1.5
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        _set_fonts(style.font, HEADING_FONT)
        style.font.color.rgb = None

    title = document.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if len(model.title) > TITLE_ONE_LINE:  # a long name on lines of its own, the year's line whole under it
        _run(title, model.title, Pt(20), HEADING_FONT, bold=True).add_break()
        _run(title, model.heading.removeprefix(model.title), Pt(20), HEADING_FONT, bold=True)
    else:
        _run(title, model.heading, Pt(20), HEADING_FONT, bold=True)
    note = document.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(note, f"统计范围:{model.title} · 统计年度:{model.year}年 · 生成日期:{model.generated_on:%Y年%m月%d日}", Pt(10.5))

    document.add_heading("年度工作总结数据", level=1)
    paragraphs = summary_paragraphs(model)
    if not paragraphs:
        document.add_paragraph(f"{model.year}年暂无可写入总结的统计数据。")
    for paragraph in paragraphs:
        document.add_heading(paragraph.heading, level=2)
        body = document.add_paragraph(paragraph.text)
        body.paragraph_format.first_line_indent = Pt(24)

    rows = model.main_figures()
    if rows:
        document.add_heading("主要指标", level=1)
        _figures_table(document, model, rows)
        for note in model.basis_notes([metric for metric, _ in rows]):  # 较上年 like for like, said so
            _run(document.add_paragraph(), note, Pt(10.5))

    figures = report_figures(model)
    if figures:
        document.add_heading("图表", level=1)
        pictures = figure_pngs([figure.figure for figure in figures], width=900)
        for number, (figure, picture) in enumerate(zip(figures, pictures, strict=True), start=1):
            document.add_picture(io.BytesIO(picture), width=Cm(16))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.paragraphs[-1].paragraph_format.keep_with_next = True  # a chart never parts from its caption
            caption = document.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(caption, f"图{number} {figure.title}", Pt(10.5), HEADING_FONT)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _figures_table(document, model: ReportModel, rows: list[tuple[str, float]]) -> None:
    """指标 | {year}年 | 较上年: one row per figure, the values formatted as in the summary."""
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("指标", f"{model.year}年", "较上年"), strict=True):
        _run(cell.paragraphs[0], text, Pt(11), HEADING_FONT, bold=True)
    for metric, value in rows:
        change = model.change(metric)
        cells = table.add_row().cells
        texts = (LABELS[metric], metric_value(metric, value), change_text(metric, change) if change is not None else "")
        for cell, text in zip(cells, texts, strict=True):
            _run(cell.paragraphs[0], text, Pt(11))
    # one page for the whole table (it is short): every row but the last keeps with the next
    for row in table.rows[:-1]:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _set_fonts(font, east_asian: str, size=None) -> None:
    """Name the Latin and the East Asian font (python-docx's ``font.name`` sets only the Latin ones)."""
    font.name = LATIN_FONT
    properties = font.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        font.size = size


def _run(paragraph, text: str, size, east_asian: str = BODY_FONT, *, bold: bool = False):
    run = paragraph.add_run(text)
    _set_fonts(run.font, east_asian, size)
    run.bold = bold
    return run
