"""Simple Excel exports of the pages: the 单位对比 table as one sheet (the full multi-sheet
汇总表 is ``unionstats.report.xlsx``).

Text cells are safe against formula injection (product.md: 汇总表): a unit name typed
as ``=HYPERLINK(...)`` in an upload is written as text with a leading apostrophe, so
neither Excel nor WPS ever runs it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from unionstats.rules.metrics import METRIC_BY_ID, PEOPLE, PERSON_TIMES, RATE, YUAN

# A text starting with one of these is read as a formula (or DDE) by Excel, WPS or LibreOffice.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

NUMBER_FORMATS: dict[str, str] = {RATE: "0.0%", YUAN: "#,##0.00", PEOPLE: "#,##0", PERSON_TIMES: "#,##0"}
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_FILL = PatternFill("solid", fgColor="FCE4D6")


def safe_text(text: str) -> str:
    """Text that no spreadsheet reads as a formula: a leading ' before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def put_value(cell: Cell, value: object) -> None:
    """Write a value into a cell: text safe and typed as text, missing numbers blank."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        cell.value = None
    elif isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = float(value) if not isinstance(value, bool) else value


def column_heading(metric: str) -> str:
    """A metric's column heading with its unit: 入会率, 会员人数(人), 应缴(元)."""
    info = METRIC_BY_ID[metric]
    return info.label if info.value_unit == RATE else f"{info.label}({info.value_unit})"


def summary_table_xlsx(
    table: pd.DataFrame,
    *,
    title: str,
    total: Mapping[str, float | None] | None = None,
    group_label: str = "单位",
) -> bytes:
    """One sheet 单位对比: a title row, a header, one row per group, and optionally a 全区 row.

    ``table`` is ``comparison.comparison_table``'s: column ``unit``, optionally ``parent``,
    then metric ids holding their values (rates as fractions, shown as 96.3%). ``total``
    maps metric ids to the figure over all groups (written as the last row, 全区合计).
    """
    metrics = [c for c in table.columns if c in METRIC_BY_ID]
    leading = ["unit", *(["parent"] if "parent" in table.columns else [])]
    headings = [group_label, *(["上级工会"] if "parent" in table.columns else []), *(column_heading(m) for m in metrics)]

    wb = Workbook()
    ws = wb.active
    ws.title = "单位对比"
    put_value(ws.cell(1, 1), title)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    for index, text in enumerate(headings, start=1):
        cell = ws.cell(2, index)
        put_value(cell, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    row_number = 2
    for row_number, values in enumerate(table[leading + metrics].itertuples(index=False, name=None), start=3):
        for index, value in enumerate(values, start=1):
            put_value(ws.cell(row_number, index), value)
    if total is not None:
        row_number += 1
        put_value(ws.cell(row_number, 1), "全区合计")
        for index, metric in enumerate(metrics, start=len(leading) + 1):
            put_value(ws.cell(row_number, index), total.get(metric))
        for cell in ws[row_number]:
            cell.font = Font(bold=True)
            cell.fill = TOTAL_FILL

    for index, metric in enumerate(metrics, start=len(leading) + 1):
        number_format = NUMBER_FORMATS.get(METRIC_BY_ID[metric].value_unit, "General")
        for (cell,) in ws.iter_rows(min_row=3, max_row=row_number, min_col=index, max_col=index):
            cell.number_format = number_format
        ws.column_dimensions[get_column_letter(index)].width = max(12, 2.2 * len(headings[index - 1]) + 2)
    for index in range(1, len(leading) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 30
    ws.freeze_panes = ws.cell(3, len(leading) + 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
