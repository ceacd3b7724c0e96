"""The Excel 汇总表 (.xlsx): one sheet per kind in the layout district offices use; and the
单位对比 汇总表 of the 单位对比 page in the same layout.

Each sheet: a title row, a 填报单位 / 统计期间 line, the header (序号, 单位, 上级工会, the
counts behind each rate beside it: 职工人数 and 会员人数 beside 入会率 …), one row per unit
of the scope, and a 合计 row. For a group of units, the sheets of the kinds every union
files (``REPORTED_KINDS``) list every unit expected to report, one that did not marked
未报送 in 备注. The 合计 row is the scope's figure from ``compute_metrics`` (``by="all"``): a
rate there is Σ numerator / Σ denominator, never a sum or mean of the units' rates, and
its counts are those two sums. Numbers carry number and percent formats; the header is
frozen. Every cell goes through ``unionstats.output.tables.SheetWriter``, so a unit named
``=HYPERLINK(…)`` stays text. The layout is here; how a cell is written is there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment

from unionstats.output.tables import OFFICE_STYLE, SheetWriter, display_width, number_format, workbook_bytes
from unionstats.report.model import ReportModel
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.competitions import AWARD_TIERS, NO_AWARD
from unionstats.rules.metrics import ALL_UNITS
from unionstats.rules.roster import GROUP_ORDER

TOTAL_LABEL = "合计"
NOTE_HEADER = "备注"
NOT_REPORTED = "未报送"  # an expected unit without a figure of the sheet's kind for the year
NOT_EXPECTED = "无需报送"  # the 单位对比 汇总表: a unit not expected to report (未建会, or files other kinds only)


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

    def figure(self, record: pd.Series | None) -> float | None:
        """This column's figure of a metrics record (value, or the rate's part); None when missing."""
        if record is None:
            return None
        value = record["value" if self.part is None else self.part]
        return None if value is None or value != value else float(value)


# The membership figures with the counts behind each rate (contract §4): a sheet's columns,
# left out where the scope has no figure at all.
MEMBERSHIP_COLUMNS: tuple[Column, ...] = (
    Column("职工人数", "membership_rate", part="denominator"),
    Column("会员人数", "members"),
    Column("入会率", "membership_rate"),
    Column("女职工人数", "female_membership_rate", part="denominator"),
    Column("女会员人数", "female_membership_rate", part="numerator"),
    Column("女职工入会率", "female_membership_rate"),
    Column("农民工人数", "migrant_membership_rate", part="denominator"),
    Column("农民工会员人数", "migrant_membership_rate", part="numerator"),
    Column("农民工入会率", "migrant_membership_rate"),
    Column("新发展会员", "new_members"),
    Column("实名制录入人数", "realname_rate", part="numerator"),
    Column("实名制录入率", "realname_rate"),
    Column("互助保障参保人数", "insurance_rate", part="numerator"),
    Column("互助保障参保率", "insurance_rate"),
    Column("体检人数", "checkup_rate", part="numerator"),
    Column("体检率", "checkup_rate"),
)
DUES_COLUMNS: tuple[Column, ...] = (
    Column("应缴金额", "dues_due"),
    Column("实缴金额", "dues_collected"),
    Column("收缴率", "dues_collection_rate"),
)
# The 单位对比 汇总表: the key figures of each unit, counts beside their rates.
COMPARISON_COLUMNS: tuple[Column, ...] = (
    *(c for c in MEMBERSHIP_COLUMNS if c.metric in ("membership_rate", "members", "female_membership_rate", "realname_rate")),
    Column("新发展会员", "new_members"),
    *DUES_COLUMNS,
    Column("慰问人次", "welfare_count"),
    Column("慰问金额", "welfare_amount"),
    Column("参赛人次", "competition_entries"),
    Column("获奖人次", "competition_awards"),
    Column("活动场次", "activity_sessions"),  # §3.8
    Column("活动参与人次", "activity_participants"),
)


@dataclass(frozen=True)
class Sheet:
    """One kind's sheet: name, title, the 单位 note, its columns, and the kind whose 报送情况 it shows (None: none)."""

    name: str
    title: str
    unit_note: str
    columns: list[Column]
    reported_kind: str | None = None


def _sheets(model: ReportModel) -> list[Sheet]:
    """The sheets of the kinds that have figures for the year, each with the columns that have any."""
    funds = sorted(model.categories("dues_due"))
    welfare = model.categories("welfare_amount")
    tiers = [t for t in AWARD_TIERS if t != NO_AWARD]
    types = [t for t in STANDARD_TYPES if model.value("activity_sessions", t) is not None]
    sheets = [
        Sheet("会员", "会员统计汇总表", "人", list(MEMBERSHIP_COLUMNS), "membership"),
        Sheet(
            "经费收缴",
            "工会经费收缴汇总表",
            "元",
            [
                *DUES_COLUMNS,
                *(Column(f"{fund}收缴率", "dues_collection_rate", fund) for fund in funds),
                Column("上解金额", "dues_remitted"),
            ],
            "dues",
        ),
        Sheet(
            "经费收支",
            "工会经费收支汇总表",
            "元",
            [
                Column("上年结余", "opening_balance"),
                Column("经费收入", "income"),
                Column("经费支出", "expense"),
                Column("本年结余", "closing_balance"),
                Column("收入预算执行率", "budget_execution_rate", "收入"),
                Column("支出预算执行率", "budget_execution_rate", "支出"),
            ],
        ),
        Sheet(
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
        Sheet(
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
        # §3.8: the year's activities, over all types and per type
        Sheet(
            "活动与培训",
            "职工活动与培训汇总表",
            "场、人次、元",
            [
                Column("活动场次", "activity_sessions"),
                Column("参与人次", "activity_participants"),
                Column("活动经费", "activity_spend"),
                *(Column(f"{kind}场次", "activity_sessions", kind) for kind in types),
                *(Column(f"{kind}人次", "activity_participants", kind) for kind in types),
            ],
        ),
        Sheet(
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
    sheets.insert(1, _makeup_sheet())  # §3.7: after 会员
    found = []
    for sheet in sheets:
        columns = [c for c in sheet.columns if c.figure(model.row(c.metric, c.category)) is not None]
        if any(model.value(c.metric, c.category) is not None for c in columns):
            found.append(Sheet(sheet.name, sheet.title, sheet.unit_note, columns, sheet.reported_kind))
    return found


def _makeup_sheet() -> Sheet:
    """§3.7 会员构成 from the rosters: the members of each unit's roster by sex, 农民工 and age band."""
    columns = [Column("名册会员人数", "members_by_group"), *(Column(group, "members_by_group", group) for group in GROUP_ORDER)]
    return Sheet("会员构成", "会员构成汇总表(据会员名册)", "人", columns)


def write_xlsx(model: ReportModel) -> bytes:
    """The 汇总表 of ``model`` as .xlsx bytes: one sheet per kind with figures for the year."""
    book = Workbook()
    book.remove(book.active)
    sheets = _sheets(model)
    if not sheets:
        SheetWriter(book.create_sheet("汇总表")).put(1, 1, f"{model.title}{model.year}年暂无统计数据")
    for sheet in sheets:
        _write_sheet(SheetWriter(book.create_sheet(sheet.name), OFFICE_STYLE), model, sheet)
    return workbook_bytes(book)


def _write_sheet(writer: SheetWriter, model: ReportModel, sheet: Sheet) -> None:
    """One kind's sheet: a row per unit with figures (and per expected unit that did not report), the 合计 row."""
    columns = sheet.columns
    reported = {u for u in model.unit_names() if any(model.unit_record(u, c.metric, c.category) is not None for c in columns)}
    status = model.reporting.get(sheet.reported_kind) if sheet.reported_kind else None
    parents = dict(model.parents)
    missing: set[str] = set()
    if status is not None:
        parents.update(zip(status["unit"], status["parent"], strict=True))
        missing = set(status["unit"]) - reported
    units = sorted(reported | missing, key=lambda unit: (parents.get(unit, ""), unit))
    rows = [
        (
            unit,
            parents.get(unit, ""),
            [model.unit_record(unit, c.metric, c.category) for c in columns],
            NOT_REPORTED if unit in missing else None,
        )
        for unit in units
    ]
    total = [model.row(c.metric, c.category) for c in columns]
    title = f"{model.title}{model.year}年度{sheet.title}"
    line = (
        f"填报单位:{model.title}    统计期间:{model.year}年    单位:{sheet.unit_note}    生成日期:{model.generated_on:%Y-%m-%d}"
    )
    _write_table(writer, title, line, "单位", columns, rows, total, notes=status is not None)


def comparison_xlsx(
    by_group: pd.DataFrame,
    overall: pd.DataFrame,
    period: str,
    groups: Sequence[tuple[str, str | None, bool]],
    *,
    title: str,
    scope: str,
    group_label: str = "单位",
) -> bytes:
    """The 单位对比 汇总表 as .xlsx bytes: every group of ``groups`` in the office layout.

    ``by_group``: ``compute_metrics`` by unit (or by 上级工会) with ``period``; ``overall``:
    ``by="all"`` of the same filters, the 合计 row (rates as ratios of sums). ``groups``:
    (name, 上级工会 or None, expected to report) of every group to list, in order — a group
    without any figure is listed too, 未报送 (or 无需报送 when not expected) in 备注.
    ``scope`` names what the table covers (全区, 所选范围) in its 填报单位 line.
    """
    columns = [c for c in COMPARISON_COLUMNS if c.figure(_record_of(overall, c, ALL_UNITS, period)) is not None]
    rows = []
    for name, parent, expected in groups:
        records = [_record_of(by_group, c, name, period) for c in columns]
        has_figures = any(c.figure(r) is not None for c, r in zip(columns, records, strict=True))
        note = None if has_figures else NOT_REPORTED if expected else NOT_EXPECTED
        rows.append((name, parent, records, note))
    line = f"统计范围:{scope}    统计期间:{period}年    单位:人、元、人次"
    book = Workbook()
    writer = SheetWriter(book.active, OFFICE_STYLE)
    writer.sheet.title = "单位对比"
    with_parent = any(parent is not None for _, parent, _ in groups)
    total = [_record_of(overall, c, ALL_UNITS, period) for c in columns]
    _write_table(writer, title, line, group_label, columns, rows, total, notes=True, with_parent=with_parent)
    return workbook_bytes(book)


def _record_of(table: pd.DataFrame, column: Column, unit: str, period: str) -> pd.Series | None:
    """The record of ``column``'s metric (and category) for one group and period, None when there is none."""
    rows = table[(table["metric"] == column.metric) & (table["unit"] == unit) & (table["period"] == period)]
    rows = rows[rows["category"].isna()] if column.category is None else rows[rows["category"] == column.category]
    return None if rows.empty else rows.iloc[0]


def _write_table(
    writer: SheetWriter,
    title: str,
    line: str,
    group_label: str,
    columns: list[Column],
    rows: list[tuple[str, str | None, list, str | None]],
    total: list,
    *,
    notes: bool,
    with_parent: bool = True,
) -> None:
    """Title, the 填报单位 line, the header (序号, the group, 上级工会, figures, 备注), one row per
    (name, parent, records, note), the 合计 row from ``total``'s records; header frozen, A4 landscape."""
    sheet = writer.sheet
    leading = ["序号", group_label, *(["上级工会"] if with_parent else [])]
    headers = [*leading, *(c.header for c in columns), *([NOTE_HEADER] if notes else [])]
    first = len(leading) + 1
    width = len(headers)
    writer.title(title, size=16, across=width)
    sheet.row_dimensions[1].height = 30
    writer.title(line, size=10, row=2, bold=False)
    writer.merge(2, width)
    writer.header(3, headers)
    sheet.row_dimensions[3].height = 32
    row = 4
    for number, (name, parent, records, note) in enumerate(rows, start=1):
        writer.put(row, 1, number)
        writer.put(row, 2, name)
        if with_parent:
            writer.put(row, 3, parent or "")
        for col, (column, record) in enumerate(zip(columns, records, strict=True), start=first):
            _put(writer, row, col, column, record, per_unit=True)
        if notes and note:
            writer.put(row, width, note)
        row += 1
    writer.merge(row, len(leading))
    writer.put(row, 1, TOTAL_LABEL).alignment = Alignment(horizontal="center")
    for col, (column, record) in enumerate(zip(columns, total, strict=True), start=first):
        _put(writer, row, col, column, record, per_unit=False)
    writer.mark_total(row, width)
    sheet.freeze_panes = sheet.cell(4, first).coordinate
    writer.width(1, 6)
    writer.width(2, max([12, *(display_width(name) + 2 for name, _, _, _ in rows)]))
    if with_parent:
        writer.width(3, max([12, *(display_width(parent or "") + 2 for _, parent, _, _ in rows)]))
    for col, column in enumerate(columns, start=first):
        writer.width(col, max(12, display_width(column.header) + 3))
    if notes:
        writer.width(width, 10)
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
