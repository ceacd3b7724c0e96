"""Reports of a year for one scope: the 工作总结 text, the 职代会 deck, Word, the Excel 汇总表, HTML.

``build_report`` (``model.py``) makes the one model from ``compute_metrics``; each format
renders that model (``render``). Importing this package stays cheap: the command line
reads ``FORMATS`` on every start, and ``render`` loads only the one writer it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unionstats.errors import UsageError

if TYPE_CHECKING:  # for the annotations only: the model module pulls in pandas and SQLAlchemy
    from unionstats.report.model import ReportModel

# format id → (中文 name, file suffix, MIME type)
FORMATS: dict[str, tuple[str, str, str]] = {
    "summary": ("工作总结文字", ".txt", "text/plain"),
    "pptx": ("职代会演示文稿", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "docx": ("Word 报告", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Excel 汇总表", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": ("网页报告", ".html", "text/html"),
}


def render(model: ReportModel, fmt: str) -> bytes:
    """The report ``model`` in format ``fmt`` (a key of FORMATS) as bytes."""
    # heavy: each writer loads pandas and plotly, and python-pptx, python-docx or openpyxl
    # (measured: seconds, against 0.05 s for this package); load only the one asked for
    if fmt == "summary":
        from unionstats.report.summary import summary_text

        return summary_text(model).encode("utf-8")
    if fmt == "pptx":
        from unionstats.report.pptx import write_pptx

        return write_pptx(model)
    if fmt == "docx":
        from unionstats.report.docx import write_docx

        return write_docx(model)
    if fmt == "xlsx":
        from unionstats.report.xlsx import write_xlsx

        return write_xlsx(model)
    if fmt == "html":
        from unionstats.report.html import write_html

        return write_html(model)
    raise UsageError(f"不支持的报告格式「{fmt}」,请用 {'、'.join(FORMATS)} 之一。")


# The deck of a 上级工会 is its 工作报告, not a 职代会's (report.pptx.deck_title)
GROUP_DECK_LABEL = "工作报告演示文稿"


def format_label(model: ReportModel, fmt: str) -> str:
    """What a format is called for this report: 职代会演示文稿 for a unit's deck, 工作报告演示文稿
    for a 上级工会's; else FORMATS's name."""
    if fmt == "pptx" and model.is_group:
        return GROUP_DECK_LABEL
    return FORMATS[fmt][0]


def file_name(model: ReportModel, fmt: str) -> str:
    """A download name such as '华新机械有限公司工会2024年度工会工作统计报告.pptx'."""
    stem = model.heading if fmt != "xlsx" else f"{model.title}{model.year}年度统计汇总表"
    if fmt == "summary":
        stem = f"{model.title}{model.year}年度工作总结数据"
    return stem.replace("/", "_").replace("\\", "_") + FORMATS[fmt][1]
