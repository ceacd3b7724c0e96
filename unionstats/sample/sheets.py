"""An office's table on a sheet (title, 填报单位 lines, merged two-row headers, 合计 rows,
footer) and its writers: an openpyxl workbook in memory, a write-only one straight to disk, a
legacy .xls. The same table always gives the same bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from unionstats.output.templates import save_workbook_reproducibly
from unionstats.sample.names import CITY_UNION, DISTRICT

SAMPLE_TIMESTAMP = datetime(2025, 1, 15, 9, 0, 0)  # every workbook's saved time: same seed, same bytes
SIGNATURE = "填表人:张丽  审核人:李明  联系电话:0000-8765 4321"  # the sign-off under a table

TITLE_FONT = Font(name="宋体", bold=True, size=16)
HEADER_FONT = Font(name="宋体", bold=True, size=11)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

Header = tuple[object, ...]  # str, or (parent, (child, child)) for a merged two-row header


@dataclass
class Table:
    """One sheet as an office lays it out."""

    title: str
    lines: tuple[str, ...]
    header: Header
    rows: list[list | None]  # data and totals rows; None is a blank row
    footer: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    date_format: str = "yyyy-mm-dd"
    gap_before_header: bool = False

    @property
    def width(self) -> int:
        return sum(len(h[1]) if isinstance(h, tuple) else 1 for h in self.header)

    @property
    def header_rows(self) -> int:
        return 2 if any(isinstance(h, tuple) for h in self.header) else 1

    @property
    def first_data_row(self) -> int:
        """The Excel row of ``rows[0]``."""
        return 2 + len(self.lines) + self.gap_before_header + self.header_rows


def put_table(ws, table: Table) -> None:
    ws.cell(1, 1, table.title).font = TITLE_FONT
    ws.cell(1, 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    ws.row_dimensions[1].height = 30
    for offset, line in enumerate(table.lines):
        ws.cell(2 + offset, 1, line)

    top = 2 + len(table.lines) + table.gap_before_header
    two_rows = table.header_rows == 2
    column = 1
    for item in table.header:
        if isinstance(item, tuple):
            parent, children = item
            ws.cell(top, column, parent)
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(children) - 1)
            for offset, child in enumerate(children):
                ws.cell(top + 1, column + offset, child)
            column += len(children)
        else:
            ws.cell(top, column, item)
            if two_rows:
                ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            column += 1
    for row in ws.iter_rows(min_row=top, max_row=top + table.header_rows - 1, max_col=table.width):
        for cell in row:
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER

    excel_row = table.first_data_row
    for values in table.rows:
        if values is not None:
            for column, value in enumerate(values, start=1):
                cell = ws.cell(excel_row, column, value)
                if isinstance(value, date):
                    cell.number_format = table.date_format
                elif isinstance(value, float):
                    cell.number_format = "#,##0.00"
        excel_row += 1
    for line in table.footer:
        ws.cell(excel_row, 1, line)
        excel_row += 1

    for column, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(table.first_data_row, 1)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = DISTRICT
    wb.properties.lastModifiedBy = DISTRICT
    return wb


@dataclass(frozen=True)
class PlantedProblem:
    """A row made wrong on purpose: what importing the sample must report for it.

    ``row`` is the row number as Excel shows it; ``column`` the header as written;
    ``level`` is ``rejected`` or ``warning`` (``unionstats.ingest.model``).
    """

    file: str
    sheet: str
    row: int
    column: str | None
    level: str
    what: str


@dataclass
class BuiltFiles:
    """The sample's files, kept in memory as bytes until ``write_sample`` writes them."""

    files: list[tuple[str, bytes]]
    planted: list[PlantedProblem]

    def add_workbook(self, name: str, wb: Workbook) -> None:
        buffer = io.BytesIO()
        save_workbook_reproducibly(wb, buffer, SAMPLE_TIMESTAMP)
        self.files.append((name, buffer.getvalue()))

    def add_tables(self, name: str, sheets: Sequence[tuple[str, Table]], kind: str) -> None:
        """A workbook of one table per sheet (``kind``: the contract's id of its tables)."""
        wb = new_workbook()
        for sheet, table in sheets:
            put_table(wb.create_sheet(sheet), table)
        self.add_workbook(name, wb)

    def add_bytes(self, name: str, payload: bytes, kind: str, rows: int) -> None:
        """A file made elsewhere (a CSV) holding ``rows`` data rows of ``kind``."""
        self.files.append((name, payload))

    def plant(self, file: str, sheet: str, table: Table, index: int, column: int | None, level: str, what: str) -> None:
        header = _flat_header(table.header)
        self.planted.append(
            PlantedProblem(
                file,
                sheet,
                table.first_data_row + index,
                header[column] if column is not None else None,
                level,
                what,
            )
        )


def _flat_header(header: Header) -> list[str]:
    flat = []
    for item in header:
        if isinstance(item, tuple):
            flat += [f"{item[0]}{child}" for child in item[1]]
        else:
            flat.append(item)
    return flat


def layout_year_for(layouts: dict[int, object], year: int) -> int:
    """The year whose layout ``year`` uses: its own, or (a year the sample lacks) one a
    multiple of six years away."""
    first = min(layouts)
    return year if year in layouts else first + (year - first) % len(layouts)


def years_text(years: Sequence[int], dash: str = "-") -> str:
    """2019-2023年 (file names) or 2019—2023年 (titles); a single year is 2023年."""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}{dash}{years[-1]}年"


def legacy_xls(table: Table, sheet_name: str) -> bytes:
    """The table as an Excel 97-2003 workbook, as old office PCs and WPS still save it."""
    import xlwt  # heavy: loaded only when the sample's one legacy .xls is written

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet_name)
    title = xlwt.easyxf("font: name 宋体, bold on, height 320; align: horiz center, vert center")
    head = xlwt.easyxf(
        "font: name 宋体, bold on; align: horiz center, vert center, wrap on; "
        "borders: left thin, right thin, top thin, bottom thin"
    )
    body = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    ws.write_merge(0, 0, 0, table.width - 1, table.title, title)
    for offset, line in enumerate(table.lines):
        ws.write(1 + offset, 0, line)
    top = 1 + len(table.lines) + table.gap_before_header
    column = 0
    for item in table.header:
        if isinstance(item, tuple):
            parent, children = item
            ws.write_merge(top, top, column, column + len(children) - 1, parent, head)
            for offset, child in enumerate(children):
                ws.write(top + 1, column + offset, child, head)
            column += len(children)
        else:
            ws.write_merge(top, top + table.header_rows - 1, column, column, item, head)
            column += 1
    row = table.first_data_row - 1
    for values in table.rows:
        if values is not None:
            for column, value in enumerate(values):
                if value is not None:
                    ws.write(row, column, value, body)
        row += 1
    for line in table.footer:
        ws.write(row, 0, line)
        row += 1
    for column, width in enumerate(table.widths):
        ws.col(column).width = int(width * 256)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stream_table(ws, table: Table) -> None:
    """``put_table`` for a write-only worksheet: the same layout, written top to bottom.

    Widths, frozen panes and merged ranges must be set before the first row is written
    (write-only mode writes them first or keeps them for the end).
    """
    for column, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{table.first_data_row}"
    ws.row_dimensions[1].height = 30
    ws.merged_cells.add(f"A1:{get_column_letter(table.width)}1")
    ws.append([_styled_cell(ws, table.title, TITLE_FONT)])
    for line in table.lines:
        ws.append([line])
    if table.gap_before_header:
        ws.append([])

    top = 2 + len(table.lines) + table.gap_before_header
    first: list[object] = []
    second: list[object] = []
    for item in table.header:
        column = len(first) + 1
        if isinstance(item, tuple):
            parent, children = item
            first += [parent] + [None] * (len(children) - 1)
            second += list(children)
            ws.merged_cells.add(f"{get_column_letter(column)}{top}:{get_column_letter(column + len(children) - 1)}{top}")
        else:
            first.append(item)
            second.append(None)
            if table.header_rows == 2:
                ws.merged_cells.add(f"{get_column_letter(column)}{top}:{get_column_letter(column)}{top + 1}")
    for texts in (first, second)[: table.header_rows]:
        ws.append([_styled_cell(ws, text, HEADER_FONT, HEADER_FILL, BORDER) for text in texts])

    for values in table.rows:
        if values is None:
            ws.append([])
            continue
        ws.append([_formatted_cell(ws, v, table.date_format) if isinstance(v, (date, float)) else v for v in values])
    for line in table.footer:
        ws.append([line])


def _styled_cell(ws, value: object, font: Font, fill: PatternFill | None = None, border: Border | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.font, cell.alignment = font, CENTER
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    return cell


def _formatted_cell(ws, value: date | float, date_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = date_format if isinstance(value, date) else "#,##0.00"
    return cell


def _save_streamed(path: Path, sheets: Sequence[tuple[str, Table]]) -> None:
    """Write a workbook of one table per sheet in write-only mode, reproducibly."""
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = CITY_UNION
    for sheet, table in sheets:
        stream_table(wb.create_sheet(sheet), table)
    save_workbook_reproducibly(wb, path, SAMPLE_TIMESTAMP)


def _stored_rows(table: Table, kind: str) -> int:
    """The rows of a table the importer stores: data rows (a 序号 first), and for finance
    also the 上年结余 / 本年结余 lines."""
    count = 0
    for row in table.rows:
        if row and (isinstance(row[0], int) or (kind == "finance" and ("上年结余" in row or "本年结余" in row))):
            count += 1
    return count


@dataclass
class CityFiles(BuiltFiles):
    """A city's files, each written to ``out_dir`` as soon as it is made, with a list of
    what each holds (file, kind, data rows)."""

    out_dir: Path = Path()
    manifest: list[dict] = field(default_factory=list)

    def add_tables(self, name: str, sheets: Sequence[tuple[str, Table]], kind: str) -> None:
        _save_streamed(self.out_dir / name, sheets)
        self.manifest.append({"file": name, "kind": kind, "rows": sum(_stored_rows(table, kind) for _, table in sheets)})

    def add_bytes(self, name: str, payload: bytes, kind: str, rows: int) -> None:
        (self.out_dir / name).write_bytes(payload)
        self.manifest.append({"file": name, "kind": kind, "rows": rows})
