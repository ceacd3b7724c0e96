"""数据导入: upload files, see per file and sheet what was stored, rejected or warned, answer
overlap prompts, download the rejected rows, undo batches and download templates.

Wiring only: the importer (``unionstats.importer.import_bytes``) does the work, the report
tables come from ``unionstats.output.import_report``. The last import's report stays in
``st.session_state`` so it survives reruns (a download is a rerun).
"""

from __future__ import annotations

import io
import logging
import math

import streamlit as st

from unionstats.errors import UnionStatsError
from unionstats.formatting import upload_year
from unionstats.importer import import_bytes
from unionstats.ingest.rejected import rejected_workbook
from unionstats.output import import_report
from unionstats.output.templates import write_template
from unionstats.rules.columns import KIND_LABELS, KINDS
from unionstats.store import list_batches, undo_batch
from views.common import load_sample, show_error, store_is_empty
from views.session import current_user_name, current_viewer, engine

log = logging.getLogger(__name__)

MAX_FILES = 200
FILE_TYPES = ["xlsx", "xlsm", "xls", "csv"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# 重叠 choice shown → on_overlap of the importer (contract §2)
OVERLAP_CHOICES: dict[str, str | None] = {"询问": None, "遇到重叠时替换旧数据": "replace", "保留两份": "keep"}
BATCHES_PER_PAGE = 15

REPORT_KEY = "import_report"  # {"reports": [...], "rejected": bytes | None}
PENDING_KEY = "import_pending"  # file index → (bytes, file name, unit, year) of files stopped at an overlap
UNDO_KEY = "undo_confirm"  # the batch id waiting for confirmation
NOTICE_KEY = "import_notice"  # a sentence to show once after a rerun


def may_import() -> bool:
    viewer = current_viewer()
    return viewer is None or viewer.can_import


def run_import(files: list, unit: str | None, year: str | None, on_overlap: str | None) -> None:
    """Import the uploaded files one by one with a progress bar and a status line per file."""
    reports, parsed_files, pending = [], [], {}
    bar = st.progress(0.0, text="准备导入…")
    lines = st.status(f"正在导入 {len(files)} 个文件…", expanded=True)
    for index, upload in enumerate(files):
        bar.progress(index / len(files), text=f"正在导入 {upload.name}({index + 1}/{len(files)})")
        data = upload.getvalue()
        report, parsed = import_bytes(
            engine(),
            data,
            upload.name,
            unit=unit,
            year=year,
            on_overlap=on_overlap,
            user=current_user_name(),
            viewer=current_viewer(),
        )
        reports.append(report)
        if parsed is not None:
            parsed_files.append(parsed)
        if report["status"] == "overlap":
            pending[index] = (data, upload.name, unit, year)
        lines.markdown(f"{import_report.status_icon(report)} {import_report.file_heading(report)}")
    bar.progress(1.0, text="导入完成")
    lines.update(label="导入完成", state="complete", expanded=False)
    st.session_state[REPORT_KEY] = {"reports": reports, "rejected": rejected_workbook(parsed_files)}
    st.session_state[PENDING_KEY] = pending


def resolve_overlap(index: int, on_overlap: str) -> None:
    """Import again a file that stopped at an overlap, now replacing or keeping the earlier batch."""
    data, name, unit, year = st.session_state[PENDING_KEY].pop(index)
    report, _ = import_bytes(
        engine(), data, name, unit=unit, year=year, on_overlap=on_overlap, user=current_user_name(), viewer=current_viewer()
    )
    st.session_state[REPORT_KEY]["reports"][index] = report
    if report["status"] == "overlap":  # another upload got there first: ask again
        st.session_state[PENDING_KEY][index] = (data, name, unit, year)


def show_report() -> None:
    """The last import's report: a summary, then per file its sheets and every problem."""
    saved = st.session_state.get(REPORT_KEY)
    if not saved:
        return
    reports = saved["reports"]
    st.subheader("本次导入结果")
    st.write(import_report.summary_sentence(reports))
    if saved["rejected"] is not None:
        st.download_button(
            "下载被拒收的行(Excel,改正后可重新上传)",
            data=saved["rejected"],
            file_name="被拒收的行.xlsx",
            mime=XLSX_MIME,
            icon=":material/download:",
            key="download_rejected",
        )
    pending = st.session_state.get(PENDING_KEY, {})
    for index, report in enumerate(reports):
        problems = import_report.problem_table(report)
        needs_eye = report["status"] != "imported" or not problems.empty
        with st.expander(
            import_report.file_heading(report),
            expanded=needs_eye and len(reports) <= 10,
            icon=import_report.status_icon(report),
        ):
            if report["message"]:
                alert = st.error if report["status"] == "unreadable" else st.warning if report["status"] == "overlap" else st.info
                alert(report["message"])
            if report["status"] == "overlap" and index in pending:
                left, right = st.columns(2)
                if left.button("替换旧批次并导入", key=f"overlap_replace_{index}", disabled=not may_import()):
                    answer_overlap(index, "replace")
                if right.button("保留两份并导入", key=f"overlap_keep_{index}", disabled=not may_import()):
                    answer_overlap(index, "keep")
            sheets = import_report.sheet_table(report)
            if not sheets.empty:
                st.dataframe(sheets, hide_index=True, width="stretch")
            if not problems.empty:
                st.caption(f"问题明细({len(problems):,}条)")
                st.dataframe(problems, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(problems)))


def answer_overlap(index: int, on_overlap: str) -> None:
    if not may_import():
        return
    try:
        resolve_overlap(index, on_overlap)
    except UnionStatsError as error:
        show_error(error)
        return
    st.rerun()


def upload_form() -> None:
    """Files, their unit, the overlap choice, then the import with progress."""
    with st.form("upload_form", clear_on_submit=True):
        files = st.file_uploader(
            f"选择 Excel 或 CSV 文件(可一次选多个,最多{MAX_FILES}个)",
            type=FILE_TYPES,
            accept_multiple_files=True,
            key="upload_files",
            help="支持 .xlsx、.xlsm、.xls 和 .csv(UTF-8 或 GBK 编码)。每个文件单独导入,一个文件出错不影响其他文件。",
        )
        unit_column, year_column = st.columns([3, 1])
        unit = unit_column.text_input(
            "文件所属单位",
            key="upload_unit",
            placeholder="例如:华新机械有限公司工会",
            help="文件里没有「单位」列、只含本单位数据时填写;表中有「单位」列或写了「填报单位:」时可以不填。",
        )
        year = year_column.text_input(
            "所属年度",
            key="upload_year",
            placeholder="例如:2024",
            help="表中没有年度或日期列、标题、工作表名和文件名中也没有年份时填写;其他情况以表中的年份为准。",
        )
        choice = st.radio(
            "帮扶慰问、竞赛台账与已导入的批次在单位和期间上重叠时",
            list(OVERLAP_CHOICES),
            horizontal=True,
            key="upload_overlap",
            help="「询问」:先不导入,在结果中让您选择替换旧批次还是保留两份。",
        )
        submitted = st.form_submit_button("开始导入", type="primary", disabled=not may_import())
    if not submitted or not may_import():  # the disabled button is not the only guard
        return
    if not files:
        st.warning("请先选择要导入的文件。")
        return
    if len(files) > MAX_FILES:
        st.error(f"一次最多导入{MAX_FILES}个文件,这次选了{len(files)}个。请分批上传。")
        return
    try:
        run_import(files, unit.strip() or None, upload_year(year), OVERLAP_CHOICES[choice])
    except UnionStatsError as error:
        show_error(error)
        return
    st.rerun()  # the sidebar's years and units include the new data


def batch_history() -> None:
    """Every batch, newest first, with 撤销 (confirmed first) on the active ones."""
    st.subheader("导入记录")
    batches = list_batches(engine(), viewer=current_viewer())  # the library keeps to the viewer's units
    viewer = current_viewer()
    if viewer is not None and not viewer.sees_all:
        batches = [b for b in batches if b["created_by"] == viewer.name]  # a unit sees its own imports
    if not batches:
        st.caption("还没有导入记录。")
        return
    by_id = {b["id"]: b for b in batches}
    waiting = st.session_state.get(UNDO_KEY)
    if waiting in by_id and by_id[waiting]["status"] == "active":
        batch = by_id[waiting]
        st.warning(
            f"确定撤销批次 #{batch['id']}「{batch['file_name']}」吗?该批次入库的{batch['rows_stored']:,}行数据将被删除,"
            "被它替换的旧数据会恢复。撤销后不能恢复,需要时请重新导入该文件。"
        )
        yes, no, _ = st.columns([1, 1, 4])
        if yes.button("确认撤销", type="primary", key="undo_yes", disabled=not may_import()) and may_import():
            try:
                undone = undo_batch(engine(), batch["id"], user=current_user_name(), viewer=current_viewer())
            except UnionStatsError as error:
                show_error(error)
            else:
                st.session_state[NOTICE_KEY] = f"「{batch['file_name']}」:{undone.message}"
                st.session_state.pop(UNDO_KEY, None)
                st.rerun()
        if no.button("取消", key="undo_no"):
            st.session_state.pop(UNDO_KEY, None)
            st.rerun()
    pages = math.ceil(len(batches) / BATCHES_PER_PAGE)
    page = st.pagination(pages, key="batch_page") if pages > 1 else 1
    for batch in batches[(page - 1) * BATCHES_PER_PAGE : page * BATCHES_PER_PAGE]:
        text, action = st.columns([6, 1], vertical_alignment="center")
        line = import_report.batch_line(batch)
        text.markdown(line if batch["status"] == "active" else f":gray[~~{line}~~]")
        if batch["status"] == "active" and may_import():
            if action.button("撤销", key=f"undo_{batch['id']}"):
                st.session_state[UNDO_KEY] = batch["id"]
                st.rerun()


@st.cache_data(show_spinner=False)
def template_bytes(kind: str) -> bytes:
    """The blank 标准模板 of a kind as .xlsx bytes (the same for every user)."""
    out = io.BytesIO()
    write_template(kind, out)
    return out.getvalue()


def templates() -> None:
    st.subheader("标准模板")
    st.caption("按模板填写最省事:表头已是标准列名,带一行填写示例、下拉选项和「说明」工作表。各单位自己的表格也可以直接上传。")
    columns = st.columns(3)
    for index, kind in enumerate(KINDS):
        columns[index % 3].download_button(
            f"{KIND_LABELS[kind]}模板",
            data=template_bytes(kind),
            file_name=f"{KIND_LABELS[kind]}模板.xlsx",
            mime=XLSX_MIME,
            icon=":material/description:",
            key=f"template_{kind}",
            width="stretch",
        )


st.title("数据导入")
notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    st.success(notice)
try:
    if store_is_empty():
        st.info("数据库里还没有数据。可以在下面上传本单位的 Excel 台账,或先载入示例数据看看效果。")
        if st.button("载入示例数据", type="primary", key="load_sample", disabled=not may_import()):
            load_sample()
    if not may_import():
        st.info("您的账号只能查看数据,不能导入或撤销。")
    upload_form()
    show_report()
    st.divider()
    batch_history()
    st.divider()
    templates()
except UnionStatsError as error:
    show_error(error)
except Exception:  # a bug of ours: one Chinese sentence, the details in the server log
    log.exception("数据导入 page failed")
    st.error("页面出现了意外问题,请刷新后重试;如果仍然出错,请把服务器日志发给维护人员。")
