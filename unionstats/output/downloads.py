"""The 数据表 of a page: its figures as a formatted table, and that table as CSV and Excel bytes.

CSV is UTF-8 with a BOM (utf-8-sig) so that Excel and WPS open the Chinese right. Text
cells go through ``unionstats.output.exports.safe_text`` in CSV and Excel alike, so a unit name
such as ``=HYPERLINK(...)`` from an upload stays inert text.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from unionstats.formatting import metric_value
from unionstats.output.charts import parts_text, period_label
from unionstats.output.exports import HEADER_FILL, put_value, safe_text
from unionstats.rules.metrics import METRIC_BY_ID

SHOWN_COLUMNS: tuple[str, ...] = ("指标", "单位", "期间", "类别", "数值", "分子", "分母")
RAW_VALUE = "原值"  # the unrounded value, in downloads
ALL_CATEGORIES = "合计"  # the category cell of a row over all categories


def metrics_sheet(table: pd.DataFrame, *, raw: bool = False) -> pd.DataFrame:
    """Rows of the tidy metrics table as people read them: 指标, 单位, 期间 (2023年), 类别, 数值, 分子, 分母.

    数值 is formatted in the metric's unit (96.3%, 3.2万元, 1,234人); 分子 and 分母 are
    filled for ratios only; 类别 is 合计 over all categories. ``raw`` adds 原值, the
    unrounded value (for sums in Excel).
    """
    columns = [*SHOWN_COLUMNS, *([RAW_VALUE] if raw else [])]
    rows = []
    for _, row in table.iterrows():
        value = None if pd.isna(row["value"]) else float(row["value"])
        has_parts = METRIC_BY_ID[row["metric"]].denominator is not None
        numerator, denominator = parts_text(row) if has_parts else ("", "")
        category = row["category"] if isinstance(row["category"], str) else ALL_CATEGORIES
        shown = [row["label"], row["unit"], period_label(row["period"]), category]
        shown += [metric_value(row["metric"], value), numerator, denominator]
        rows.append([*shown, *([value] if raw else [])])
    return pd.DataFrame(rows, columns=columns)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell and column name passed through ``safe_text``."""
    safe = frame.astype(object).copy()
    for column in safe.columns:
        safe[column] = safe[column].map(lambda v: safe_text(v) if isinstance(v, str) else v)
    safe.columns = [safe_text(str(c)) for c in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV in utf-8-sig, text cells safe from formula injection."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, *, sheet: str = "数据") -> bytes:
    """``frame`` as one .xlsx sheet: bold frozen header, widths to fit, text cells kept as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for index, heading in enumerate(frame.columns, start=1):
        cell = ws.cell(1, index)
        put_value(cell, str(heading))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row_number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        for index, value in enumerate(values, start=1):
            put_value(ws.cell(row_number, index), value)
    for index, column in enumerate(frame.columns, start=1):
        texts = [str(column), *(str(v) for v in frame[column].head(500) if isinstance(v, str))]
        # a CJK character is about two widths of a Latin one
        width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) for text in texts)
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
