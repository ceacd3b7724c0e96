"""The import report (contract §6, the shape of ``import --json``) as tables and sentences.

Views only: every figure is read from the report ``unionstats.importer`` returned. The
数据导入 page shows the tables, ``python -m unionstats import`` prints ``file_report_text``;
both say a status, a kind and a problem's level in the words defined here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from unionstats.formatting import percent, period_label, when_text
from unionstats.metrics.roster import roster_totals
from unionstats.rules.columns import KIND_LABELS
from unionstats.rules.messages import message

# What a file's import came to, as shown: the contract's statuses (§6), and "imported"
# without a batch told apart — a readable file that stored nothing is no success.
STATUS_LABELS: dict[str, str] = {
    "imported": "已导入",
    "nothing_stored": "未入库任何数据",
    "duplicate": "重复文件,未导入",
    "overlap": "与已导入的批次重叠,未导入",
    "unreadable": "无法读取",
}
# Streamlit's Material icon names (shown without an emoji font on office PCs too)
STATUS_ICONS: dict[str, str] = {
    "imported": ":material/check_circle:",
    "nothing_stored": ":material/block:",
    "duplicate": ":material/content_copy:",
    "overlap": ":material/warning:",
    "unreadable": ":material/error:",
}
LEVEL_LABELS: dict[str, str] = {"rejected": "拒收", "warning": "警告"}
BATCH_STATUS_LABELS: dict[str, str] = {"active": "有效", "replaced": "已被替换", "undone": "已撤销"}

# What became of one sheet, as shown: rows stored, nothing stored (read, every row rejected or
# none), or skipped (no statistics table recognised) — a sheet that stores nothing is no success.
SHEET_OUTCOMES: dict[str, str] = {"stored": "已入库", "nothing": "未入库", "skipped": "已跳过"}

SHEET_COLUMNS: tuple[str, ...] = ("工作表", "识别为", "结果", "单位", "期间", "入库行数", "拒收行数", "警告行数", "说明")
PROBLEM_COLUMNS: tuple[str, ...] = ("工作表", "行", "列", "类型", "原因")
UNSTORED_COLUMNS: tuple[str, ...] = ("文件", "工作表", "结果", "原因")


def shown_status(report: dict) -> str:
    """The status a person is told: the report's, or ``nothing_stored`` for a file that
    was read but stored no row (no batch)."""
    if report["status"] == "imported" and report.get("batch") is None:
        return "nothing_stored"
    return report["status"]


def status_icon(report: dict) -> str:
    return STATUS_ICONS[shown_status(report)]


def kind_label(kind: str | None) -> str:
    """A kind id in Chinese (会员统计 …); None → 未识别."""
    return KIND_LABELS.get(kind, kind) if kind else "未识别"


def file_totals(report: dict) -> dict[str, int]:
    """Rows stored, rejected and warned over a file's sheets (stored is 0 unless imported)."""
    sheets = report.get("sheets", [])
    return {key: sum(int(s[key]) for s in sheets) for key in ("stored", "rejected", "warned")}


def sheet_outcome(sheet: dict) -> str:
    """What became of a sheet: "stored" (rows stored), "nothing" (read, no row stored) or "skipped"."""
    if sheet["kind"] is None:
        return "skipped"
    return "stored" if int(sheet["stored"]) > 0 else "nothing"


def totals(reports: Sequence[dict]) -> dict[str, int]:
    """Files per shown status (imported, nothing_stored, duplicate, overlap, unreadable), sheets
    skipped ("skipped_sheets"), and rows stored, rejected, warned."""
    found = {status: sum(shown_status(r) == status for r in reports) for status in STATUS_LABELS}
    found["skipped_sheets"] = sum(sheet_outcome(s) == "skipped" for r in reports for s in r.get("sheets", []))
    for key in ("stored", "rejected", "warned"):
        found[key] = sum(file_totals(r)[key] for r in reports)
    return found


# why a file stored nothing, in the summary's brackets (a file that stored data has no word here)
UNSTORED_WHY: dict[str, str] = {
    "nothing_stored": "读取后无数据可入库",
    "duplicate": "重复",
    "overlap": "重叠待确认",
    "unreadable": "无法读取",
}


def summary_sentence(reports: Sequence[dict]) -> str:
    """The one line over an import: files that stored data, files that stored nothing (and why),
    sheets skipped, rows — '共3个文件:1个入库了数据,2个未入库任何数据(重复1个、无法读取1个);
    跳过工作表1个;入库120行,拒收2行,警告5行。'"""
    found = totals(reports)
    unstored = len(reports) - found["imported"]
    why = "、".join(f"{UNSTORED_WHY[s]}{found[s]}个" for s in UNSTORED_WHY if found[s])
    files = f"{found['imported']}个入库了数据,{unstored}个未入库任何数据" + (f"({why})" if why else "")
    return (
        f"共{len(reports)}个文件:{files};跳过工作表{found['skipped_sheets']}个;"
        f"入库{found['stored']:,}行,拒收{found['rejected']:,}行,警告{found['warned']:,}行。"
    )


def unstored_table(reports: Sequence[dict]) -> pd.DataFrame:
    """Every file and sheet that stored nothing, with why — for the first screen, never folded away.

    A file that stored nothing is one row (工作表 blank; its message says why, the sheets'
    reasons included); of a file that stored data, each sheet skipped or storing nothing is a
    row. Columns UNSTORED_COLUMNS: 文件, 工作表, 结果 (未入库任何数据, 已跳过 …), 原因.
    """
    rows = []
    for report in reports:
        status = shown_status(report)
        if status != "imported":
            why = (report.get("message") or "") + first_rejection(report.get("sheets", []))
            rows.append((report["file"], "", STATUS_LABELS[status], why))
            continue
        for sheet in report.get("sheets", []):
            outcome = sheet_outcome(sheet)
            if outcome != "stored":
                rows.append((report["file"], sheet["sheet"], SHEET_OUTCOMES[outcome], sheet_reason(sheet)))
    return pd.DataFrame(rows, columns=list(UNSTORED_COLUMNS), dtype=object)


def sheet_reason(sheet: dict) -> str:
    """Why a sheet stored nothing: its skip reason, or its rejected rows (the first one's reason), or no rows."""
    if sheet["kind"] is None:
        return sheet["skipped"] or ""
    if int(sheet["rejected"]):
        return message("nothing_stored_rejected", rows=int(sheet["rejected"])) + first_rejection([sheet])
    return message("nothing_stored_empty")


def first_rejection(sheets: Sequence[dict]) -> str:
    """' 首个原因:…' — the first rejected row's reason, so the first screen says why without the
    problem list; '' when no row was rejected."""
    found = next((p["message"] for s in sheets for p in s.get("problems", []) if p["level"] == "rejected"), None)
    return f" 首个原因:{found}" if found else ""


def file_heading(report: dict) -> str:
    """One line per file: name, status, batch and its row counts (the icon is ``STATUS_ICONS``)."""
    head = f"{report['file']} · {STATUS_LABELS[shown_status(report)]}"
    if report.get("batch"):
        head += f"(批次 #{report['batch']})"
    if report.get("sheets"):
        found = file_totals(report)
        head += f" · 入库{found['stored']:,}行,拒收{found['rejected']:,}行,警告{found['warned']:,}行"
    return head


def sheet_table(report: dict) -> pd.DataFrame:
    """One row per sheet of a file: 工作表, 识别为, 结果 (已入库, 未入库, 已跳过), 单位 and 期间 (where
    its rows went), 入库行数, 拒收行数, 警告行数, 说明 (why skipped)."""
    rows = [
        (
            s["sheet"],
            kind_label(s["kind"]),
            SHEET_OUTCOMES[sheet_outcome(s)],
            units_text(s.get("units", [])),
            periods_text(s.get("periods", [])),
            int(s["stored"]),
            int(s["rejected"]),
            int(s["warned"]),
            s["skipped"] or "",
        )
        for s in report.get("sheets", [])
    ]
    return pd.DataFrame(rows, columns=list(SHEET_COLUMNS))


def problem_table(report: dict) -> pd.DataFrame:
    """Every problem of a file: 工作表, 行 (as Excel shows it; blank for the whole sheet), 列, 类型 (拒收/警告), 原因."""
    rows = [
        (
            s["sheet"],
            "" if p["row"] is None else f"第{p['row']}行",
            p["column"] or "",
            LEVEL_LABELS.get(p["level"], p["level"]),
            p["message"],
        )
        for s in report.get("sheets", [])
        for p in s["problems"]
    ]
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))


# A preview's (``import --dry-run``) words for what would become of a file: nothing is stored yet.
DRY_RUN_LABELS: dict[str, str] = {
    "imported": "可以导入(试读,未入库)",
    "nothing_stored": "不会入库任何数据(试读)",
    "duplicate": "重复文件,不会导入(试读)",
    "overlap": "与已导入的批次重叠,导入时需选择替换或保留(试读)",
    "unreadable": "无法读取",
}
UNITS_SHOWN = 5  # units named per sheet on the command line; the rest are counted


def file_report_text(report: dict, *, dry_run: bool = False) -> str:
    """One file's report as plain lines for the command line: the file and its status, then per
    sheet its kind and row counts (or why it was skipped) and the units and periods its rows go
    under, then each problem marked 拒收 or 警告, then the new names that look like known units.
    ``dry_run``: the report of a preview (``import --dry-run``): nothing was stored."""
    status = shown_status(report)
    if dry_run and report["status"] == "imported" and file_totals(report)["stored"]:
        status = "imported"  # a preview has no batch yet: rows to store say it will be imported
    head = f"文件「{report['file']}」:{(DRY_RUN_LABELS if dry_run else STATUS_LABELS)[status]}"
    if report.get("batch"):
        head += f"(批次 #{report['batch']})"
    lines = [head]
    if report.get("message"):
        lines.append(f"  {report['message']}")
    stored = "可入库" if dry_run else "入库"
    for sheet in report["sheets"]:
        if sheet["kind"] is None:
            lines.append(f"  工作表「{sheet['sheet']}」:已跳过,{sheet['skipped']}")
            continue
        lines.append(
            f"  工作表「{sheet['sheet']}」:{kind_label(sheet['kind'])},{stored} {sheet['stored']} 行,"
            f"拒收 {sheet['rejected']} 行,警告 {sheet['warned']} 行"
        )
        where = where_text(sheet)
        if where:
            lines.append(f"    {where}")
        if sheet.get("roster"):
            lines.append(f"    {roster_line(sheet, shown=UNITS_SHOWN)}")
        lines.extend(f"    [{LEVEL_LABELS.get(p['level'], p['level'])}] {p['message']}" for p in sheet["problems"])
    lines.extend(f"  {suggestion_text(s)}" for s in report.get("suggestions", []))
    return "\n".join(lines)


def where_text(sheet: dict) -> str:
    """'单位:甲工会、乙工会;期间:2024年' — what a sheet's rows are stored under ('' when none)."""
    units, periods = sheet.get("units") or [], sheet.get("periods") or []
    parts = []
    if units:
        shown = "、".join(units[:UNITS_SHOWN])
        parts.append(f"单位:{shown}" + (f"等{len(units)}个" if len(units) > UNITS_SHOWN else ""))
    if periods:
        first, last = period_text(periods[0]), period_text(periods[-1])
        parts.append(f"期间:{first}" if first == last else f"期间:{first}至{last}")
    return ";".join(parts)


def period_text(period: str) -> str:
    """'2024' → 2024年, '2024-05' → 2024年5月."""
    if len(period) >= 7 and period[4] == "-":
        return f"{period[:4]}年{int(period[5:7])}月"
    return f"{period}年"


def suggestion_text(suggestion: dict) -> str:
    """A new name that looks like a known unit, as a question: never merged without a yes."""
    name, known = suggestion["name"], suggestion["known"]
    return f'「{name}」可能就是「{known}」:如确认,运行 units merge "{name}" "{known}" 合并(可撤销)。'


def batch_line(batch: dict) -> str:
    """A batch of ``list_batches`` in one line: 批次 #3 · 文件 · 类别 · 行数 · when and who."""
    kinds = "、".join(kind_label(k) for k in batch["kinds"]) or "无可识别的数据"
    when = when_text(batch["created_at"])
    who = f" · {batch['created_by']}" if batch.get("created_by") else ""
    text = (
        f"#{batch['id']} {batch['file_name']} · {kinds} · 入库{batch['rows_stored']:,}行,拒收{batch['rows_rejected']:,}行,"
        f"警告{batch['rows_warned']:,}行 · {when}{who}"
    )
    if batch["status"] == "replaced":
        text += f" · 已被批次 #{batch['replaced_by']} 替换(撤销 #{batch['replaced_by']} 即可恢复)"
    elif batch["status"] != "active":
        undone = batch.get("undone_at")
        undone_text = when_text(undone) if hasattr(undone, "strftime") else ""
        text += f" · 已于{undone_text}撤销" if undone_text else " · 已撤销"
    return text


# --- the preview (issue 14: read, show, then commit) --------------------------------------------

PREVIEW_COLUMNS: tuple[str, ...] = ("文件", "工作表", "识别为", "单位", "期间", "将入库行数", "拒收行数", "警告行数", "说明")
PREVIEW_WORDS: dict[str, str] = {
    "to_store": "将入库",
    "nothing_stored": "不会入库",
    "duplicate": "重复文件",
    "overlap": "与已导入的批次重叠,待选择",
    "unreadable": "无法读取",
}
UNITS_NAMED = 3  # units named in a preview cell; the rest counted


def units_text(units: Sequence[str]) -> str:
    """'甲工会、乙工会、丙工会等5个单位' — the first UNITS_NAMED units a sheet is stored under."""
    if len(units) <= UNITS_NAMED:
        return "、".join(units)
    return "、".join(units[:UNITS_NAMED]) + f"等{len(units):,}个单位"


def periods_text(periods: Sequence[str]) -> str:
    """'2024年', '2024年1月至2024年12月': the periods a sheet is stored under, first to last."""
    if not periods:
        return ""
    first, last = period_label(periods[0]), period_label(periods[-1])
    return first if first == last else f"{first}至{last}"


def preview_status(report: dict) -> str:
    """What a previewed file will come to: to_store, nothing_stored, duplicate, overlap, unreadable."""
    status = shown_status(report)
    if status == "imported" or (status == "nothing_stored" and file_totals(report)["stored"]):
        return "to_store"
    return status


def preview_table(reports: Sequence[dict]) -> pd.DataFrame:
    """One row per sheet of every previewed file (``importer.preview_report``), one per file
    without sheets: 文件, 工作表, 识别为, 单位 and 期间 (what the rows would be stored under), rows
    to store / reject / warn, 说明 (why nothing is stored, or the file's state)."""
    rows = []
    for report in reports:
        status = preview_status(report)
        if not report.get("sheets"):
            rows.append((report["file"], "", "", "", "", 0, 0, 0, f"{PREVIEW_WORDS[status]}:{report.get('message') or ''}"))
            continue
        for sheet in report["sheets"]:
            outcome = sheet_outcome(sheet)
            if status in ("duplicate", "overlap", "unreadable"):
                note = PREVIEW_WORDS[status]
            elif outcome == "skipped":
                note = f"已跳过:{sheet['skipped'] or ''}"
            elif outcome == "nothing":
                why = first_rejection([sheet]).strip() or message("nothing_stored_empty")
                note = f"{PREVIEW_WORDS['nothing_stored']}。{why}"
            else:
                note = PREVIEW_WORDS["to_store"]
            rows.append(
                (
                    report["file"],
                    sheet["sheet"],
                    kind_label(sheet["kind"]),
                    units_text(sheet.get("units", [])),
                    periods_text(sheet.get("periods", [])),
                    int(sheet["stored"]),
                    int(sheet["rejected"]),
                    int(sheet["warned"]),
                    note,
                )
            )
    return pd.DataFrame(rows, columns=list(PREVIEW_COLUMNS))


def preview_warning(report: dict) -> str:
    """Why a previewed file will store nothing, in one sentence for the first screen:
    '「a.xlsx」不会入库:3个数据行全部会被拒收。首个原因:第3行缺少单位:…'."""
    head = f"「{report['file']}」{PREVIEW_WORDS[preview_status(report)]}"
    rejected = sum(int(s["rejected"]) for s in report.get("sheets", []))
    if preview_status(report) == "nothing_stored" and rejected:
        return f"{head}:{rejected:,}个数据行全部会被拒收。{first_rejection(report['sheets']).strip()}"
    return f"{head}:{report.get('message') or ''}"


def preview_sentence(reports: Sequence[dict]) -> str:
    """The line over a preview: '共3个文件:2个将入库,1个不会入库(重复1个);跳过工作表1个;将入库120行,拒收2行,警告5行。'"""
    statuses = [preview_status(r) for r in reports]
    found = {s: statuses.count(s) for s in PREVIEW_WORDS}
    why = "、".join(f"{UNSTORED_WHY[s]}{found[s]}个" for s in UNSTORED_WHY if s != "overlap" and found[s])
    unstored = found["nothing_stored"] + found["duplicate"] + found["unreadable"]
    files = f"{found['to_store']}个将入库"
    if found["overlap"]:
        files += f",{found['overlap']}个与已导入的批次重叠、待选择"
    files += f",{unstored}个不会入库" + (f"({why})" if why else "")
    rows = totals([r for r, s in zip(reports, statuses, strict=True) if s in ("to_store", "overlap")])
    skipped = totals(reports)["skipped_sheets"]
    return (
        f"共{len(reports)}个文件:{files};跳过工作表{skipped}个;"
        f"将入库{rows['stored']:,}行,拒收{rows['rejected']:,}行,警告{rows['warned']:,}行。"
    )


# --- a 会员名册's people and the figures it derives (issue 15) --------------------------------------

# the figures of ``importer.sheet_roster`` as the preview names them, in this order
ROSTER_WORDS: tuple[tuple[str, str], ...] = (
    ("members", "会员"),
    ("female_members", "女会员"),
    ("migrant_members", "农民工会员"),
    ("new_members", "新发展会员"),
    ("realname_members", "实名制录入"),
)
ROSTER_UNITS_SHOWN = 3  # units of a roster named one by one on the page; the rest summed per year


def roster_figures_text(found: dict) -> str:
    """'会员24人,女会员17人,农民工会员0人,新发展会员2人,实名制录入23人(实名制录入率95.8%)'; a
    figure the roster has no column for: '女会员无数据'."""
    parts = [f"{word}{found[name]:,}人" if found[name] is not None else f"{word}无数据" for name, word in ROSTER_WORDS]
    text = ",".join(parts)
    if found.get("realname_rate") is not None:
        text += f"(实名制录入率{percent(found['realname_rate'])})"
    return text


def roster_line(sheet: dict, *, shown: int = ROSTER_UNITS_SHOWN) -> str:
    """What a 会员名册 sheet gives, in one line: '名册「和平社区」共25人;按此名册计,和平社区工会 2024年:会员24人,
    女会员17人,…'. The first ``shown`` units and years one by one, the rest summed per year
    ('其余12个单位 2024年合计:…'). The figures are the roster's own; where a 会员统计表 of the same unit
    and year gives one, the table's figure stands (contract §3.7)."""
    found = sheet.get("roster") or []
    people = sum(r["people"] for r in found)
    units = len({r["unit"] for r in found})
    head = f"名册「{sheet['sheet']}」共{people:,}人" + (f",{units:,}个单位" if units > 1 else "")
    parts = [f"{r['unit']} {period_text(r['year'])}:{roster_figures_text(r)}" for r in found[:shown]]
    parts += [
        f"其余{r['units']:,}个单位 {period_text(r['year'])}合计:{roster_figures_text(r)}" for r in roster_totals(found[shown:])
    ]
    return f"{head};按此名册计," + ";".join(parts) + "。" if parts else f"{head}。"


def roster_lines(reports: Sequence[dict]) -> list[str]:
    """``roster_line`` of every 会员名册 sheet of the previewed files that would be stored."""
    return [
        roster_line(sheet)
        for report in reports
        if preview_status(report) in ("to_store", "overlap")
        for sheet in report.get("sheets", [])
        if sheet.get("roster")
    ]
