"""Tables as files: a page's 数据表 as CSV and Excel, the 催报清单 of 单位对比, and the one cell
writer behind them and the report's 汇总表 (``unionstats.report.xlsx``).

Every cell goes through ``SheetWriter.put`` (Excel) or ``safe_frame`` (CSV): a text that a
spreadsheet would read as a formula (=, +, -, @, tab, CR at the start) gets a leading
apostrophe and is typed as text, so a unit named ``=HYPERLINK(...)`` in an upload is
never run by Excel, WPS or LibreOffice (product.md: 汇总表); a missing number stays blank,
never 0. CSV is UTF-8 with a BOM (utf-8-sig) so that Excel and WPS open the Chinese right.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pandas as pd

from unionstats.formatting import MONEY_PARTS, metric_value, number_or_none, parts_text, period_label
from unionstats.metrics.catalog import MISSING, NOT_EXPECTED, REPORTED
from unionstats.rules.columns import KIND_LABELS
from unionstats.rules.metrics import METRIC_BY_ID, RATE, YUAN

if TYPE_CHECKING:  # annotations only: openpyxl itself is loaded with the first workbook
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

# A text starting with one of these is read as a formula (or DDE) by Excel, WPS or LibreOffice.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"

SHOWN_COLUMNS: tuple[str, ...] = ("指标", "单位", "期间", "类别", "数值", "分子", "分母")
# a 数据表 as a file: 单位 is the union, 计量单位 what 数值 is counted in
DOWNLOAD_COLUMNS: tuple[str, ...] = ("指标", "单位", "期间", "类别", "数值", "计量单位", "分子", "分母", "分子项", "分母项")
ALL_CATEGORIES = "合计"  # the category cell of a row over all categories


# --- text and number formats ------------------------------------------------------------


def safe_text(text: str) -> str:
    """Text that no spreadsheet reads as a formula: a leading ' before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number_format(metric: str, part: str | None = None) -> str:
    """The Excel format of a metric's value (``part`` None) or of a ratio's "numerator" / "denominator".

    A rate as 96.3%; money (元, or a money part such as 应缴金额) with two decimals; counts
    of people, 人次 and units whole, with thousands separators.
    """
    info = METRIC_BY_ID[metric]
    if part is None:
        if info.value_unit == RATE:
            return PERCENT_FORMAT
        return MONEY_FORMAT if info.value_unit == YUAN else COUNT_FORMAT
    money_numerator, money_denominator = MONEY_PARTS.get(metric, (False, False))
    is_money = money_numerator if part == "numerator" else money_denominator
    return MONEY_FORMAT if is_money else COUNT_FORMAT


def display_width(text: object) -> int:
    """Columns a text takes in Excel: a Chinese character about two, any other one."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- the one cell writer ------------------------------------------------------------------


@dataclass(frozen=True)
class TableStyle:
    """How a sheet looks: its typeface (None: the workbook's), header and total fills, cell borders."""

    font_name: str | None = None
    header_fill: str = "F2F2F2"
    total_fill: str = "FCE4D6"
    borders: bool = False


PLAIN = TableStyle()  # a page's 数据表 downloads
# the district offices' layout: 宋体, a rose header, every cell ruled (汇总表, 单位对比, 催报清单)
OFFICE_STYLE = TableStyle(font_name="宋体", header_fill="F2DCDB", total_fill="F2F2F2", borders=True)


@functools.cache
def _xl() -> SimpleNamespace:
    """openpyxl's classes, loaded when the first workbook is written, not with the module:
    every page imports this module for its download buttons, and openpyxl takes ~0.2 s
    to load, which the first page of a just-started server would pay for nothing."""
    # heavy: openpyxl, see above
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    return SimpleNamespace(
        Workbook=Workbook,
        Alignment=Alignment,
        Font=Font,
        PatternFill=PatternFill,
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        get_column_letter=get_column_letter,
    )


def new_workbook() -> Workbook:
    """An empty openpyxl workbook (one blank sheet)."""
    return _xl().Workbook()


class SheetWriter:
    """Writes the cells of one worksheet in one ``TableStyle``: values safe, numbers formatted."""

    def __init__(self, sheet: Worksheet, style: TableStyle = PLAIN) -> None:
        self.sheet = sheet
        self.style = style
        self._xl = _xl()

    def put(self, row: int, column: int, value: object, *, number_format: str | None = None, bold: bool = False) -> Cell:
        """Write ``value`` at (``row``, ``column``), 1-based.

        Text is made safe and typed as text (never a formula); a missing number (None, NA,
        NaN) leaves the cell blank; a number is written as a float (an int or a bool as itself) with
        ``number_format``. The style's typeface and borders apply to every written cell.
        """
        cell = _write(self.sheet.cell(row, column), value, number_format)
        if bold or self.style.font_name:
            cell.font = self._xl.Font(name=self.style.font_name, bold=bold)
        if self.style.borders:
            cell.border = self._xl.border
        return cell

    def title(self, text: str, *, size: int, row: int = 1, bold: bool = True, across: int | None = None) -> Cell:
        """A title line in column A, unbordered; with ``across``, merged over that many columns and centred."""
        cell = _write(self.sheet.cell(row, 1), text)
        cell.font = self._xl.Font(name=self.style.font_name, size=size, bold=bold)
        if across is not None:
            self.merge(row, across)
            cell.alignment = self._xl.Alignment(horizontal="center", vertical="center")
        return cell

    def merge(self, row: int, columns: int) -> None:
        """Merge the first ``columns`` cells of ``row`` into one."""
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)

    def header(self, row: int, headings: Sequence[str]) -> None:
        """The header row: bold, filled, centred and wrapped."""
        for column, heading in enumerate(headings, start=1):
            cell = self.put(row, column, str(heading), bold=True)
            cell.fill = self._xl.PatternFill("solid", fgColor=self.style.header_fill)
            cell.alignment = self._xl.Alignment(horizontal="center", vertical="center", wrap_text=True)

    def rows(self, first_row: int, rows: Iterable[Sequence[object]], formats: Sequence[str | None] = ()) -> int:
        """Write ``rows`` from ``first_row`` on, column i with ``formats[i]``; returns the last row written."""
        row_number = first_row - 1
        for row_number, values in enumerate(rows, start=first_row):
            for column, value in enumerate(values, start=1):
                self.put(row_number, column, value, number_format=formats[column - 1] if column <= len(formats) else None)
        return row_number

    def mark_total(self, row: int, columns: int) -> None:
        """The total row: bold and filled over its first ``columns`` cells (written or blank)."""
        for column in range(1, columns + 1):
            cell = self.sheet.cell(row, column)
            cell.font = self._xl.Font(name=self.style.font_name, bold=True)
            cell.fill = self._xl.PatternFill("solid", fgColor=self.style.total_fill)
            if self.style.borders:
                cell.border = self._xl.border

    def width(self, column: int, width: float) -> None:
        """Set a column's width (in Excel's character widths)."""
        self.sheet.column_dimensions[self._xl.get_column_letter(column)].width = width


def _write(cell: Cell, value: object, number_format: str | None = None) -> Cell:
    if _missing(value):
        cell.value = None
    elif isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value if isinstance(value, bool | int) else float(value)
        if number_format is not None:
            cell.number_format = number_format
    return cell


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file of ``book``."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- a page's 数据表 ----------------------------------------------------------------------


def metrics_sheet(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the tidy metrics table as people read them on a page: 指标, 单位, 期间 (2023年), 类别,
    数值, 分子, 分母.

    数值 is formatted in the metric's unit (96.3%, 3.2万元, 1,234人); 分子 and 分母 are
    filled for ratios only; 类别 is 合计 over all categories. For files, ``metrics_download``.
    """
    rows = []
    for _, row in table.iterrows():
        value = None if pd.isna(row["value"]) else float(row["value"])
        has_parts = METRIC_BY_ID[row["metric"]].denominator is not None
        numerator, denominator = parts_text(row) if has_parts else ("", "")
        category = row["category"] if isinstance(row["category"], str) else ALL_CATEGORIES
        rows.append(
            [
                row["label"],
                row["unit"],
                period_label(row["period"]),
                category,
                metric_value(row["metric"], value),
                numerator,
                denominator,
            ]
        )
    return pd.DataFrame(rows, columns=list(SHOWN_COLUMNS))


def metrics_download(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the tidy metrics table for a CSV or Excel file: numbers as numbers, at full precision.

    Columns DOWNLOAD_COLUMNS: 数值 in 计量单位 (a rate in %, 96.3 for 96.3%; money in 元,
    never 万元; people, 人次 or units as counted); 分子 and 分母 of a ratio unrounded, with
    what each counts (分子项 会员人数, 分母项 应缴金额(元)); blank where there is none. The
    office's spreadsheet sums and sorts them as they are; the page shows them rounded
    (``metrics_sheet``).
    """
    rows = []
    for _, row in table.iterrows():
        info = METRIC_BY_ID[row["metric"]]
        value = number_or_none(row["value"])
        is_rate = info.value_unit == RATE
        if value is not None and is_rate:
            value = round(value * 100, 12)  # the float's own digits, not 95.40720000000001
        numerator = denominator = numerator_of = denominator_of = None
        if info.denominator is not None:
            money_numerator, money_denominator = MONEY_PARTS.get(info.id, (False, False))
            numerator, denominator = number_or_none(row["numerator"]), number_or_none(row["denominator"])
            numerator_of = info.numerator + ("(元)" if money_numerator else "")
            denominator_of = info.denominator + ("(元)" if money_denominator else "")
        category = row["category"] if isinstance(row["category"], str) else ALL_CATEGORIES
        rows.append(
            [
                row["label"],
                row["unit"],
                period_label(row["period"]),
                category,
                value,
                "%" if is_rate else info.value_unit,
                numerator,
                denominator,
                numerator_of,
                denominator_of,
            ]
        )
    return pd.DataFrame(rows, columns=list(DOWNLOAD_COLUMNS))


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
    book = new_workbook()
    writer = SheetWriter(book.active)
    writer.sheet.title = sheet[:31]
    writer.header(1, [str(c) for c in frame.columns])
    writer.rows(2, frame.itertuples(index=False, name=None))
    for index, column in enumerate(frame.columns, start=1):
        texts = [str(column), *(str(v) for v in frame[column].head(500) if isinstance(v, str))]
        writer.width(index, min(60, max(10, max(display_width(text) for text in texts) + 2)))
    writer.sheet.freeze_panes = "A2"
    return workbook_bytes(book)


# --- the 催报清单 (单位对比 → 报送情况) -------------------------------------------------------

REMINDER_STATES: dict[str, str] = {REPORTED: "已报送", MISSING: "未报送", NOT_EXPECTED: "无需报送"}
MISSING_FONT = "C00000"  # 未报送 in dark red: the cells the office rings about


def reminders_xlsx(reminders: pd.DataFrame, *, title: str, line: str) -> bytes:
    """The 催报清单 as .xlsx bytes in the office layout: ``title`` merged over the table, the
    ``line`` under it (统计范围, 统计期间 …), the header 序号 | 上级工会 | 单位 | one column per
    kind (会员统计 …), one row per unit of ``reminders`` (``catalog.reporting_reminders``) with
    未报送 / 已报送 / 无需报送; header frozen, A4 landscape. Names go through ``SheetWriter``,
    so a unit named ``=HYPERLINK(…)`` stays text.
    """
    kinds = [c for c in reminders.columns if c not in ("unit", "parent")]
    headers = ["序号", "上级工会", "单位", *(KIND_LABELS.get(k, k) for k in kinds)]
    book = new_workbook()
    writer = SheetWriter(book.active, OFFICE_STYLE)
    sheet = writer.sheet
    sheet.title = "催报清单"
    writer.title(title, size=16, across=len(headers))
    sheet.row_dimensions[1].height = 30
    writer.title(line, size=10, row=2, bold=False)
    writer.merge(2, len(headers))
    writer.header(3, headers)
    sheet.row_dimensions[3].height = 24
    centred = _xl().Alignment(horizontal="center", vertical="center")
    missing_font = _xl().Font(name=OFFICE_STYLE.font_name, bold=True, color=MISSING_FONT)
    for row, record in enumerate(reminders.to_dict("records"), start=4):
        writer.put(row, 1, row - 3).alignment = centred
        writer.put(row, 2, record["parent"])
        writer.put(row, 3, record["unit"])
        for column, kind in enumerate(kinds, start=4):
            cell = writer.put(row, column, REMINDER_STATES[record[kind]])
            cell.alignment = centred
            if record[kind] == MISSING:
                cell.font = missing_font
    sheet.freeze_panes = "D4"
    writer.width(1, 6)
    writer.width(2, max([12, *(display_width(p) + 2 for p in reminders["parent"])]))
    writer.width(3, max([14, *(display_width(u) + 2 for u in reminders["unit"])]))
    for column in range(4, len(headers) + 1):
        writer.width(column, max(10, display_width(headers[column - 1]) + 4))
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    return workbook_bytes(book)
