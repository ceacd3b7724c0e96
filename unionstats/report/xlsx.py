"""The Excel 汇总表 (.xlsx): one sheet per kind in the layout district offices use.

Each sheet: a title row, a 填报单位 / 统计期间 line, the header, one row per unit of the
scope, and a 合计 row. The 合计 row is the scope's figure from ``compute_metrics``
(``by="all"``): a rate there is Σ numerator / Σ denominator, never a sum or mean of the
units' rates. Numbers carry number and percent formats; the header is frozen; every text
cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR at the start) is
written with a leading apostrophe, so a unit named ``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from unionstats.access import Viewer
from unionstats.output.exports import safe_text
from unionstats.report.model import ReportModel
from unionstats.rules.competitions import AWARD_TIERS, NO_AWARD
from unionstats.rules.metrics import METRIC_BY_ID, RATE

COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
TOTAL_LABEL = "合计"


@dataclass(frozen=True)
class Column:
    """One figure column of a sheet: header, the metric (and category) it shows, or a part of a rate.

    ``part`` None shows the value; "numerator" / "denominator" a rate's sum (e.g. 职工人数
    is membership_rate's denominator). ``as_yes_no`` writes a unit's 0/1 share as 是/否
    (the 合计 row keeps the rate).
    """

    header: str
    metric: str
    category: str | None = None
    part: str | None = None
    as_yes_no: bool = False

    @property
    def number_format(self) -> str:
        info = METRIC_BY_ID[self.metric]
        if self.part is None and info.value_unit == RATE:
            return PERCENT_FORMAT
        if (
            info.value_unit == "元"
            or self.metric in ("dues_collection_rate", "budget_execution_rate")
            or (self.metric == "welfare_per_member" and self.part == "numerator")
        ):
            return MONEY_FORMAT
        return COUNT_FORMAT


def _sheets(model: ReportModel) -> list[tuple[str, str, str, list[Column]]]:
    """(sheet name, title, 单位 note, columns) per kind that has figures for the year."""
    funds = sorted(model.categories("dues_due"))
    welfare = model.categories("welfare_amount")
    tiers = [t for t in AWARD_TIERS if t != NO_AWARD]
    sheets = [
        (
            "会员",
            "会员统计汇总表",
            "人",
            [
                Column("职工人数", "membership_rate", part="denominator"),
                Column("会员人数", "members"),
                Column("入会率", "membership_rate"),
                Column("女职工入会率", "female_membership_rate"),
                Column("农民工入会率", "migrant_membership_rate"),
                Column("新发展会员", "new_members"),
                Column("实名制录入率", "realname_rate"),
                Column("互助保障参保率", "insurance_rate"),
                Column("体检率", "checkup_rate"),
            ],
        ),
        (
            "经费收缴",
            "工会经费收缴汇总表",
            "元",
            [
                Column("应缴金额", "dues_due"),
                Column("实缴金额", "dues_collected"),
                Column("收缴率", "dues_collection_rate"),
                *(Column(f"{fund}收缴率", "dues_collection_rate", fund) for fund in funds),
                Column("上解金额", "dues_remitted"),
            ],
        ),
        (
            "经费收支",
            "工会经费收支汇总表",
            "元",
            [
                Column("经费收入", "income"),
                Column("经费支出", "expense"),
                Column("收入预算执行率", "budget_execution_rate", "收入"),
                Column("支出预算执行率", "budget_execution_rate", "支出"),
            ],
        ),
        (
            "帮扶慰问",
            "帮扶慰问汇总表",
            "元、人次",
            [
                Column("慰问人次", "welfare_count"),
                Column("慰问金额", "welfare_amount"),
                Column("人均慰问金", "welfare_per_member"),
                *(Column(f"{category}金额", "welfare_amount", category) for category in welfare),
            ],
        ),
        (
            "劳动竞赛",
            "劳动竞赛汇总表",
            "人次",
            [
                Column("参赛人次", "competition_entries"),
                Column("获奖人次", "competition_awards"),
                Column("获奖率", "award_rate"),
                *(Column(tier, "competition_awards", tier) for tier in tiers),
            ],
        ),
        (
            "建会情况",
            "基层工会组建情况汇总表",
            "家",
            [
                Column("已建会", "union_coverage_rate", as_yes_no=True),
                Column("签订集体合同", "contract_rate", as_yes_no=True),
                Column("开展工资集体协商", "wage_bargaining_rate", as_yes_no=True),
            ],
        ),
    ]
    return [sheet for sheet in sheets if any(model.value(c.metric, c.category) is not None for c in sheet[3])]


def write_xlsx(model: ReportModel, viewer: Viewer | None = None) -> bytes:
    """The 汇总表 of ``model`` as .xlsx bytes: one sheet per kind with figures for the year."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    font = "宋体"
    sheets = _sheets(model)
    if not sheets:
        sheet = book.create_sheet("汇总表")
        sheet["A1"] = safe_text(f"{model.title}{model.year}年暂无统计数据")
    for name, title, unit_note, columns in sheets:
        sheet = book.create_sheet(name)
        headers = ["序号", "单位", "上级工会", *(c.header for c in columns)]
        width = len(headers)
        sheet.cell(1, 1, safe_text(f"{model.title}{model.year}年度{title}")).font = Font(name=font, size=16, bold=True)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        sheet.row_dimensions[1].height = 30
        line = f"填报单位:{model.title}    统计期间:{model.year}年    单位:{unit_note}    生成日期:{model.generated_on:%Y-%m-%d}"
        sheet.cell(2, 1, safe_text(line)).font = Font(name=font, size=10)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        for col, header in enumerate(headers, start=1):
            cell = sheet.cell(3, col, safe_text(header))
            cell.font = Font(name=font, bold=True)
            cell.fill = header_fill
            cell.border = border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.row_dimensions[3].height = 32
        units = [u for u in model.unit_names() if any(model.unit_record(u, c.metric, c.category) is not None for c in columns)]
        row = 4
        for number, unit in enumerate(units, start=1):
            sheet.cell(row, 1, number)
            sheet.cell(row, 2, safe_text(unit))
            sheet.cell(row, 3, safe_text(model.parents.get(unit, "")))
            for col, column in enumerate(columns, start=4):
                _put(
                    sheet.cell(row, col),
                    column,
                    lambda c, unit=unit: model.unit_record(unit, c.metric, c.category),
                    per_unit=True,
                )
            row += 1
        sheet.cell(row, 1, TOTAL_LABEL)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        for col, column in enumerate(columns, start=4):
            _put(sheet.cell(row, col), column, lambda c: model.row(c.metric, c.category), per_unit=False)
        for r in range(4, row + 1):
            for col in range(1, width + 1):
                cell = sheet.cell(r, col)
                cell.border = border
                cell.font = Font(name=font, bold=r == row)
                if r == row:
                    cell.fill = total_fill
        sheet.cell(row, 1).alignment = Alignment(horizontal="center")
        sheet.freeze_panes = "D4"
        sheet.column_dimensions["A"].width = 6
        sheet.column_dimensions["B"].width = max([12, *(_display_width(u) + 2 for u in units)])
        sheet.column_dimensions["C"].width = max([12, *(_display_width(model.parents.get(u, "")) + 2 for u in units)])
        for col, column in enumerate(columns, start=4):
            sheet.column_dimensions[get_column_letter(col)].width = max(12, _display_width(column.header) + 3)
        sheet.print_title_rows = "1:3"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put(cell, column: Column, record_of: Callable[[Column], object], *, per_unit: bool) -> None:
    """Write one figure (value or a rate's part) with its format; a missing figure stays empty."""
    from openpyxl.styles import Alignment

    record = record_of(column)
    if record is None:
        return
    value = record["value" if column.part is None else column.part]
    if value is None or value != value:  # None or NaN: left empty, never 0
        return
    if column.as_yes_no and per_unit:
        cell.value = "是" if value >= 0.5 else "否"
        cell.alignment = Alignment(horizontal="center")
        return
    cell.value = float(value)
    cell.number_format = column.number_format


def _display_width(text: str) -> int:
    """Columns a text takes in Excel: a Chinese character about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))
