"""Reports of a year for one scope: the 工作总结 text, the 职代会 deck, Word, the Excel 汇总表, HTML.

``build_report`` (``model.py``) makes the one model from ``compute_metrics``; each format
renders that model (``render``). The renderers import python-pptx, python-docx, openpyxl
and plotly only when called, so importing this package stays cheap.
"""

from __future__ import annotations

from unionstats.access import Viewer

# format id → (中文 name, file suffix, MIME type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "summary": ("工作总结文字", ".txt", "text/plain"),
    "pptx": ("职代会演示文稿", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "docx": ("Word 报告", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Excel 汇总表", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("网页报告", ".html", "text/html"),
}


def render(model, fmt: str, viewer: Viewer | None = None) -> bytes:
    """The report ``model`` (``model.ReportModel``) in format ``fmt`` (a key of FORMATS) as bytes."""
    from unionstats.errors import UsageError

    if fmt == "summary":
        from unionstats.report.summary import summary_text

        return summary_text(model).encode("utf-8")
    if fmt == "pptx":
        from unionstats.report.pptx import write_pptx

        return write_pptx(model, viewer)
    if fmt == "docx":
        from unionstats.report.docx import write_docx

        return write_docx(model, viewer)
    if fmt == "xlsx":
        from unionstats.report.xlsx import write_xlsx

        return write_xlsx(model, viewer)
    if fmt == "html":
        from unionstats.report.html import write_html

        return write_html(model, viewer)
    raise UsageError(f"不支持的报告格式「{fmt}」,请用 {'、'.join(FORMATS)} 之一。")


def file_name(model, fmt: str) -> str:
    """A download name such as '华新机械有限公司工会2024年度工会工作统计报告.pptx'."""
    stem = model.heading if fmt != "xlsx" else f"{model.title}{model.year}年度统计汇总表"
    if fmt == "summary":
        stem = f"{model.title}{model.year}年度工作总结数据"
    return stem.replace("/", "_").replace("\\", "_") + FORMATS[fmt][1]
