"""The Excel 汇总表 (.xlsx): one sheet per kind in the layout district offices use.

Each sheet: a title row, a 填报单位 / 统计期间 line, the header, one row per unit of the
scope, and a 合计 row. The 合计 row is the scope's figure from ``compute_metrics``
(``by="all"``): a rate there is Σ numerator / Σ denominator, never a sum or mean of the
units' rates. Numbers carry number and percent formats; the header is frozen. Every cell
goes through ``unionstats.output.tables.SheetWriter``, so a unit named ``=HYPERLINK(…)``
stays text. The layout is here; how a cell is written is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment

from unionstats.output.tables import SheetWriter, TableStyle, display_width, number_format, workbook_bytes
from unionstats.report.model import ReportModel
from unionstats.rules.competitions import AWARD_TIERS, NO_AWARD

TOTAL_LABEL = "合计"
# the district offices' layout: 宋体, a rose header, every cell ruled
OFFICE_STYLE = TableStyle(font_name="宋体", header_fill="F2DCDB", total_fill="F2F2F2", borders=True)


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
        """The cell format: a rate's value as 96.3%, money with two decimals, counts whole."""
        return number_format(self.metric, self.part)


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


def write_xlsx(model: ReportModel) -> bytes:
    """The 汇总表 of ``model`` as .xlsx bytes: one sheet per kind with figures for the year."""
    book = Workbook()
    book.remove(book.active)
    sheets = _sheets(model)
    if not sheets:
        SheetWriter(book.create_sheet("汇总表")).put(1, 1, f"{model.title}{model.year}年暂无统计数据")
    for name, title, unit_note, columns in sheets:
        _write_sheet(SheetWriter(book.create_sheet(name), OFFICE_STYLE), model, title, unit_note, columns)
    return workbook_bytes(book)


def _write_sheet(writer: SheetWriter, model: ReportModel, title: str, unit_note: str, columns: list[Column]) -> None:
    """One kind's sheet: title, 填报单位 line, header, a row per unit with figures, the 合计 row."""
    sheet = writer.sheet
    headers = ["序号", "单位", "上级工会", *(c.header for c in columns)]
    width = len(headers)
    writer.title(f"{model.title}{model.year}年度{title}", size=16, across=width)
    sheet.row_dimensions[1].height = 30
    line = f"填报单位:{model.title}    统计期间:{model.year}年    单位:{unit_note}    生成日期:{model.generated_on:%Y-%m-%d}"
    writer.title(line, size=10, row=2, bold=False)
    writer.merge(2, width)
    writer.header(3, headers)
    sheet.row_dimensions[3].height = 32
    units = [u for u in model.unit_names() if any(model.unit_record(u, c.metric, c.category) is not None for c in columns)]
    row = 4
    for number, unit in enumerate(units, start=1):
        writer.put(row, 1, number)
        writer.put(row, 2, unit)
        writer.put(row, 3, model.parents.get(unit, ""))
        for col, column in enumerate(columns, start=4):
            _put(writer, row, col, column, model.unit_record(unit, column.metric, column.category), per_unit=True)
        row += 1
    writer.merge(row, 3)
    writer.put(row, 1, TOTAL_LABEL).alignment = Alignment(horizontal="center")
    for col, column in enumerate(columns, start=4):
        _put(writer, row, col, column, model.row(column.metric, column.category), per_unit=False)
    writer.mark_total(row, width)
    sheet.freeze_panes = "D4"
    writer.width(1, 6)
    writer.width(2, max([12, *(display_width(u) + 2 for u in units)]))
    writer.width(3, max([12, *(display_width(model.parents.get(u, "")) + 2 for u in units)]))
    for col, column in enumerate(columns, start=4):
        writer.width(col, max(12, display_width(column.header) + 3))
    sheet.print_title_rows = "1:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0


def _put(writer: SheetWriter, row: int, col: int, column: Column, record, *, per_unit: bool) -> None:
    """Write one figure (value or a rate's part) with its format; a missing figure stays empty, never 0."""
    value = None if record is None else record["value" if column.part is None else column.part]
    if column.as_yes_no and per_unit and value is not None and value == value:
        writer.put(row, col, "是" if value >= 0.5 else "否").alignment = Alignment(horizontal="center")
        return
    writer.put(row, col, value, number_format=column.number_format)
