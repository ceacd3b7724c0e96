"""The import report (contract §6, the shape of ``import --json``) as tables and sentences.

Views only: every figure is read from the report ``unionstats.importer`` returned. The
数据导入 page shows the tables, ``python -m unionstats import`` prints ``file_report_text``;
both say a status, a kind and a problem's level in the words defined here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from unionstats.formatting import when_text
from unionstats.rules.columns import KIND_LABELS

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

SHEET_COLUMNS: tuple[str, ...] = ("工作表", "识别为", "入库行数", "拒收行数", "警告行数", "说明")
PROBLEM_COLUMNS: tuple[str, ...] = ("工作表", "行", "列", "类型", "原因")


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


def totals(reports: Sequence[dict]) -> dict[str, int]:
    """Files per shown status (imported, nothing_stored, duplicate, overlap, unreadable) and
    rows stored, rejected, warned."""
    found = {status: sum(shown_status(r) == status for r in reports) for status in STATUS_LABELS}
    for key in ("stored", "rejected", "warned"):
        found[key] = sum(file_totals(r)[key] for r in reports)
    return found


def summary_sentence(reports: Sequence[dict]) -> str:
    """'共3个文件:已导入1个,未入库任何数据1个,重复1个;入库120行,拒收2行,警告5行。'"""
    found = totals(reports)
    short = {
        "imported": "已导入",
        "nothing_stored": "未入库任何数据",
        "duplicate": "重复",
        "overlap": "重叠待确认",
        "unreadable": "无法读取",
    }
    parts = ",".join(f"{short[s]}{found[s]}个" for s in STATUS_LABELS if found[s])
    return f"共{len(reports)}个文件:{parts};入库{found['stored']:,}行,拒收{found['rejected']:,}行,警告{found['warned']:,}行。"


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
    """One row per sheet of a file: 工作表, 识别为, 入库行数, 拒收行数, 警告行数, 说明 (why skipped)."""
    rows = [
        (s["sheet"], kind_label(s["kind"]), int(s["stored"]), int(s["rejected"]), int(s["warned"]), s["skipped"] or "")
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


def file_report_text(report: dict) -> str:
    """One file's report as plain lines for the command line: the file and its status, then per
    sheet its kind and row counts (or why it was skipped), then each problem marked 拒收 or 警告."""
    head = f"文件「{report['file']}」:{STATUS_LABELS[shown_status(report)]}"
    if report.get("batch"):
        head += f"(批次 #{report['batch']})"
    lines = [head]
    if report.get("message"):
        lines.append(f"  {report['message']}")
    for sheet in report["sheets"]:
        if sheet["kind"] is None:
            lines.append(f"  工作表「{sheet['sheet']}」:已跳过,{sheet['skipped']}")
            continue
        lines.append(
            f"  工作表「{sheet['sheet']}」:{kind_label(sheet['kind'])},入库 {sheet['stored']} 行,"
            f"拒收 {sheet['rejected']} 行,警告 {sheet['warned']} 行"
        )
        lines.extend(f"    [{LEVEL_LABELS.get(p['level'], p['level'])}] {p['message']}" for p in sheet["problems"])
    return "\n".join(lines)


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
