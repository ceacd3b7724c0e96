"""Build messy office workbooks in code, so a reader sees the mess a test feeds in."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

Rows = Sequence[Sequence[object]]


def xlsx(*sheets: tuple[str, Rows] | Rows, merged: Sequence[str] = (), start: str = "A1") -> bytes:
    """An .xlsx with one sheet per argument; ``merged`` ranges (e.g. "C3:D3") apply to the
    first sheet. Rows are written from ``start`` (e.g. "B3" to leave empty rows above)."""
    wb = Workbook()
    wb.remove(wb.active)
    for number, sheet in enumerate(sheets):
        name, rows = sheet if isinstance(sheet, tuple) and isinstance(sheet[0], str) else (f"Sheet{number + 1}", sheet)
        ws = wb.create_sheet(name)
        col0 = ord(start[0]) - ord("A")
        row0 = int(start[1:]) - 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    cell = ws.cell(row=row0 + r + 1, column=col0 + c + 1, value=value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text as typed, even "=…" (openpyxl would make it a formula)
        if number == 0:
            for rng in merged:
                ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: Rows, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode(encoding)


def xls(rows: Rows, merged: Sequence[tuple[int, int, int, int]] = (), sheet_name: str = "Sheet1") -> bytes:
    """An Excel 97-2003 .xls (xlwt); ``merged`` as (row0, row1, col0, col1) inclusive, the
    value taken from the top-left cell."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(sheet_name)
    covered = set()
    for r0, r1, c0, c1 in merged:
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        sheet.write_merge(r0, r1, c0, c1, "" if value is None else value)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and (r, c) not in covered:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# A 智慧工会 platform's 会员名册 export (contract §3.7): an instruction line in the ID header and
# a 填表单位（盖章） line; the people are made up (their IDs: ``unionstats.sample.roster.made_up_id``).
ROSTER_HEADER = ["序号", "姓名", "证件号码\n(填写18位身份证)", "性别", "出生日期", "会籍变化类型", "会籍变化日期", "户籍类型"]


def platform_roster(unit: str, people: Rows, *, title: str = "2024年度工会会员实名制信息表") -> list[list]:
    """The rows of a roster sheet: title, 填表单位（盖章）：unit, ROSTER_HEADER, then ``people``."""
    return [[title], ["填表单位（盖章）：", unit], ROSTER_HEADER, *[list(p) for p in people]]
