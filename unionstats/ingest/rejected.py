"""The rejected rows as an Excel file to fix and re-upload (contract §2).

One sheet per source sheet that had rejections: the original headers and cells, the
Excel row number they came from, and a 原因 column. Text cells are written as text
(never as formulas), so a cell such as ``=HYPERLINK(...)`` in the upload stays inert.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from unionstats.ingest.model import ParsedFile

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", name)[:28] or "Sheet"
    title, n = base, 1
    while title in used:
        n += 1
        title = f"{base[:26]}_{n}"
    used.add(title)
    return title


def rejected_workbook(files: Iterable[ParsedFile]) -> bytes | None:
    """An .xlsx with every rejected row of these files, or None when nothing was rejected."""
    # heavy: openpyxl (~0.2 s to load) only when a rejected-rows file is written, so the
    # importer, the command line and the first page do not load it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for parsed in files:
        for sheet in parsed.sheets:
            frame = sheet.rejected_rows
            if frame is None or frame.empty:
                continue
            ws = wb.create_sheet(_sheet_title(f"{parsed.file_name.rsplit('.', 1)[0]}-{sheet.name}", used))
            ws.append([f"来源:{parsed.file_name} · 工作表「{sheet.name}」 · 改正后可重新上传"])
            ws.append([str(c) for c in frame.columns])
            for cell in ws[2]:
                cell.font = Font(bold=True)
            for values in frame.itertuples(index=False, name=None):
                ws.append([None if v is None or v != v else v for v in values])
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # text, never a formula
            reason_col = ws.max_column
            for (cell,) in ws.iter_rows(min_col=reason_col, max_col=reason_col, min_row=3):
                cell.fill = PatternFill("solid", fgColor="FDE2E1")
                cell.alignment = Alignment(wrap_text=True)
            ws.column_dimensions[ws.cell(2, reason_col).column_letter].width = 60
            ws.freeze_panes = "A3"
    if not wb.sheetnames:
        return None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
