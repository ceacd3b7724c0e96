"""数据导入: upload files, see before anything is stored what each file and sheet would become
(kind, unit, period, rows, look-alike unit names, overlaps, duplicates), fix a file's 所属单位
and 所属年度, confirm, read the honest result, undo or 重新识别 batches, download templates.

Wiring only: the importer reads (``preview_bytes``) and stores (``commit_preview``); the
tables and sentences come from ``unionstats.output.import_report``. The uploaded files and
their previews stay in the signed-in user's ``user_state()`` between reruns (a click, a
download, a changed field), each read once and again only when its unit or year is changed;
a sign-out or another user in the tab finds none of them.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from dataclasses import dataclass

import streamlit as st

from unionstats import importer
from unionstats.access import may_merge_units
from unionstats.errors import UnionStatsError
from unionstats.formatting import upload_year
from unionstats.importer import FilePreview, commit_preview, preview_bytes, preview_report
from unionstats.ingest.rejected import rejected_workbook
from unionstats.output import import_report
from unionstats.output.templates import write_template
from unionstats.rules.columns import KIND_LABELS, KINDS
from unionstats.store import list_batches, undo_batch
from unionstats.store.messages import overlap_stopped_message
from views.common import CHOOSE, WriteProgress, download_now, load_sample, plain_markdown, store_is_empty
from views.session import current_user_name, current_viewer, engine, user_state

log = logging.getLogger(__name__)

MAX_FILES = 200
FILE_TYPES = ["xlsx", "xlsm", "xls", "csv"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# a file overlapping earlier ledger batches: the choice shown → on_overlap of the importer (contract §2)
OVERLAP_CHOICES: dict[str, str] = {"替换旧批次": "replace", "两者都保留": "keep"}
BATCHES_PER_PAGE = 15
PREVIEW_ROWS_SHOWN = 12  # rows of the preview table in view before it scrolls

# in user_state(): what this user uploaded and imported in this tab
PREVIEWS_KEY = "import_previews"  # list[Upload]: the files read, nothing stored yet
REPORT_KEY = "import_report"  # {"reports": [...], "rejected": bytes | None}: the last commit
UNDO_KEY = "undo_confirm"  # the batch id waiting for confirmation
NOTICE_KEY = "import_notice"  # a sentence to show once after a rerun


@dataclass
class Upload:
    """One uploaded file between reruns: its bytes (kept, so nothing is uploaded twice), the
    unit and year named for it, and what the importer read (``preview``)."""

    key: str  # the file's name and content hash: the same file added twice is one
    preview: FilePreview


def may_import() -> bool:
    viewer = current_viewer()
    return viewer is None or viewer.can_import


def say_error(error: UnionStatsError) -> None:
    st.error(plain_markdown(error.message))  # the library's sentences name files and units


def previews() -> list[Upload]:
    return user_state().setdefault(PREVIEWS_KEY, [])


# --- 1. upload and read -----------------------------------------------------------------------


def upload_form() -> None:
    """Files and the unit and year named for all of them; 读取 reads them with progress, storing nothing."""
    with st.form("upload_form", clear_on_submit=True):
        files = st.file_uploader(
            f"选择 Excel 或 CSV 文件(可一次选多个,最多{MAX_FILES}个)",
            type=FILE_TYPES,
            accept_multiple_files=True,
            key="upload_files",
            help="支持 .xlsx、.xlsm、.xls 和 .csv(UTF-8 或 GBK 编码)。读取后先预览,确认后才入库。",
        )
        unit_column, year_column = st.columns([3, 1])
        unit = unit_column.text_input(
            "文件所属单位",
            key="upload_unit",
            placeholder="例如:华新机械有限公司工会",
            help="文件里没有「单位」列、只含本单位数据时填写;预览中还可以逐个文件修改。",
        )
        year = year_column.text_input(
            "所属年度",
            key="upload_year",
            placeholder="例如:2024",
            help="表中没有年度或日期列、标题、工作表名和文件名中也没有年份时填写;其他情况以表中的年份为准。",
        )
        submitted = st.form_submit_button("读取并预览", type="primary", disabled=not may_import())
    if not submitted or not may_import():  # the disabled button is not the only guard
        return
    if not files:
        st.warning("请先选择要导入的文件。")
        return
    if len(files) > MAX_FILES:
        st.error(f"一次最多导入{MAX_FILES}个文件,这次选了{len(files)}个。请分批上传。")
        return
    try:
        read_files([(f.name, f.getvalue()) for f in files], unit.strip() or None, upload_year(year))
    except UnionStatsError as error:
        say_error(error)
        return
    user_state().pop(REPORT_KEY, None)  # the last commit's report gives way to the new preview
    st.rerun()


def read_files(files: list[tuple[str, bytes]], unit: str | None, year: str | None) -> None:
    """Preview each file (a progress bar per file): the new upload is the preview. A file of the
    last preview read with the same unit and year is not read again."""
    earlier = {(u.key, u.preview.unit, u.preview.year): u for u in previews()}
    waiting: list[Upload] = []
    bar = st.progress(0.0, text="准备读取…")
    for index, (name, data) in enumerate(files):
        key = f"{name}#{hashlib.sha256(data).hexdigest()[:16]}"
        bar.progress(index / len(files), text=plain_markdown(f"正在读取 {name}({index + 1}/{len(files)})"))
        if any(u.key == key for u in waiting):
            continue  # the same file chosen twice
        upload = earlier.get((key, unit, year))
        if upload is None:
            upload = Upload(key=key, preview=preview_bytes(engine(), data, name, unit=unit, year=year, viewer=current_viewer()))
        waiting.append(upload)
    bar.progress(1.0, text="读取完成")
    user_state()[PREVIEWS_KEY] = waiting


# --- 2. the preview --------------------------------------------------------------------------


def overlap_choice(upload: Upload) -> str | None:
    """The on_overlap chosen for a file that overlaps earlier batches (None: not chosen yet)."""
    shown = st.session_state.get(f"overlap_{upload.key}")
    return OVERLAP_CHOICES.get(shown) if shown else None


def preview_reports(waiting: list[Upload]) -> list[dict]:
    """The report each file would get, as it stands: an overlap not yet answered is said so,
    with the rows the file would store."""
    reports = []
    for upload in waiting:
        chosen = overlap_choice(upload)
        report = preview_report(upload.preview, on_overlap=chosen or "keep")
        if upload.preview.overlaps and chosen is None and report["status"] == "imported":
            report = {**report, "status": "overlap"}
        reports.append(report)
    return reports


def preview_section() -> None:
    waiting = previews()
    if not waiting:
        return
    st.subheader("导入预览(尚未入库)")
    reports = preview_reports(waiting)
    st.markdown(import_report.preview_sentence(reports))
    table = import_report.preview_table(reports)
    st.dataframe(table, hide_index=True, width="stretch", height=38 + 35 * min(len(table), PREVIEW_ROWS_SHOWN))
    for line in import_report.roster_lines(reports):  # a 会员名册: its people and the figures it gives
        st.markdown(plain_markdown(line))
    suggestions_section(waiting)
    attention_section(waiting, reports)
    fix_section(waiting)
    confirm_section(waiting, reports)


def suggestions_section(waiting: list[Upload]) -> None:
    """New unit names that look like known units: one 是 checkbox each (never merged by itself)."""
    found = {(s.name, s.known) for u in waiting for s in u.preview.suggestions}
    if not found:
        return
    st.markdown("**名称相近的单位**")
    st.caption(
        "文件中的这些单位名称与已有单位很接近。勾选「是」则按已有单位入库,并记入「设置 → 单位名称对照」(可撤销);不勾选则作为新单位入库。"
    )
    if not may_merge_units(current_viewer()):  # a merge changes every unit's figures: an admin's call
        st.caption("合并单位名称需要管理员操作;这些名称先按文件中的写法入库,管理员可在「设置 → 单位名称对照」中合并。")
        for name, known in sorted(found):
            st.markdown(plain_markdown(f"「{name}」可能就是「{known}」"))
        return
    for name, known in sorted(found):
        question, answer = st.columns([6, 1], vertical_alignment="center")
        question.markdown(plain_markdown(f"「{name}」是否就是「{known}」?"))
        answer.checkbox("是", key=same_key(name, known))


def same_key(name: str, known: str) -> str:
    return "same_" + hashlib.sha256(f"{name}\n{known}".encode()).hexdigest()[:16]


def same_as_chosen(upload: Upload) -> dict[str, str]:
    """new name → known unit of this file's suggestions the user said 是 to."""
    return {s.name: s.known for s in upload.preview.suggestions if st.session_state.get(same_key(s.name, s.known))}


def attention_section(waiting: list[Upload], reports: list[dict]) -> None:
    """Per file what needs a choice or will not be stored: overlaps (替换旧批次 / 两者都保留),
    duplicates (the batch holding the file, 重新识别), files that would store nothing and why."""
    for upload, report in zip(waiting, reports, strict=True):
        preview = upload.preview
        if preview.overlaps:
            st.warning(plain_markdown(f"「{preview.file_name}」:{overlap_stopped_message(preview.overlaps)}"))
            st.radio(
                "请选择",
                list(OVERLAP_CHOICES),
                index=None,
                horizontal=True,
                key=f"overlap_{upload.key}",
                label_visibility="collapsed",
                help="替换:旧批次的数据不再计入,撤销本次导入时会恢复;保留:两批数据都计入。",
            )
        elif preview.status == importer.DUPLICATE:
            st.info(plain_markdown(f"「{preview.file_name}」:{preview.message}"))
            reidentify_button(preview.duplicate_of, key=f"reidentify_dup_{upload.key}", upload=upload)
        elif import_report.preview_status(report) != "to_store":
            alert = st.error if preview.status == importer.UNREADABLE else st.warning
            alert(plain_markdown(import_report.preview_warning(report)))


def fix_section(waiting: list[Upload]) -> None:
    """One file's 所属单位 and 所属年度, changed and read again (the other files stay as read)."""
    with st.expander("修改某个文件的所属单位或年度", expanded=any(needs_fixing(u) for u in waiting)):
        first = next((i for i, u in enumerate(waiting) if needs_fixing(u)), 0)
        index = st.selectbox(
            "文件",
            range(len(waiting)),
            index=first,
            format_func=lambda i: waiting[i].preview.file_name,
            placeholder=CHOOSE,
            key="fix_file",
        )
        if index is None:
            return
        upload = waiting[index]
        with st.form(f"fix_form_{upload.key}", border=False):
            unit_column, year_column = st.columns([3, 1])
            unit = unit_column.text_input(
                "所属单位", value=upload.preview.unit or "", key=f"fix_unit_{upload.key}", placeholder="例如:华新机械有限公司工会"
            )
            year = year_column.text_input(
                "所属年度", value=upload.preview.year or "", key=f"fix_year_{upload.key}", placeholder="例如:2024"
            )
            submitted = st.form_submit_button("按此重新读取", disabled=not may_import())
        if submitted and may_import():
            try:
                reread(upload, unit.strip() or None, upload_year(year))
            except UnionStatsError as error:
                say_error(error)
                return
            user_state()[NOTICE_KEY] = (
                f"已按所属单位「{unit.strip() or '未填'}」、所属年度「{year.strip() or '未填'}」重新读取「{upload.preview.file_name}」。"
            )
            st.rerun()


def needs_fixing(upload: Upload) -> bool:
    """A file read but storing nothing, which a unit or a year might mend."""
    return upload.preview.status == importer.NOTHING


def reread(upload: Upload, unit: str | None, year: str | None) -> None:
    old = upload.preview
    upload.preview = preview_bytes(engine(), old.data, old.file_name, unit=unit, year=year, viewer=current_viewer())


def confirm_section(waiting: list[Upload], reports: list[dict]) -> None:
    unanswered = [u.preview.file_name for u, r in zip(waiting, reports, strict=True) if r["status"] == "overlap"]
    if unanswered:
        st.caption(f"还有{len(unanswered)}个文件与已导入的批次重叠,请先为它们选择「替换旧批次」或「两者都保留」。")
    storing = any(import_report.preview_status(r) in ("to_store", "overlap") for r in reports)
    if not storing:
        st.caption("这些文件都不会入库:请按上面的原因修改所属单位或年度后重新读取,或改正文件后重新上传。")
    left, right, _ = st.columns([1, 1, 3])
    confirmed = left.button(
        "确认导入", type="primary", key="confirm_import", disabled=not may_import() or bool(unanswered) or not storing
    )
    if right.button("放弃本次导入", key="discard_import"):
        user_state().pop(PREVIEWS_KEY, None)
        st.rerun()
    if confirmed and may_import() and not unanswered:
        try:
            commit_all(waiting)
        except UnionStatsError as error:
            say_error(error)
            return
        st.rerun()


def commit_all(waiting: list[Upload]) -> None:
    """Store every previewed file (each its own transaction) with a progress bar; the report
    replaces the preview. A file that overlaps a batch stored meanwhile is read again and waits."""
    reports, parsed_files, again = [], [], []
    bar = WriteProgress("准备导入…")
    for index, upload in enumerate(waiting):
        preview = upload.preview
        bar.show(index / len(waiting), f"正在导入 {preview.file_name}({index + 1}/{len(waiting)})")
        report = commit_preview(
            engine(),
            preview,
            on_overlap=overlap_choice(upload),
            same_as=same_as_chosen(upload) or None,
            user=current_user_name(),
            viewer=current_viewer(),
        )
        reports.append(report)
        if preview.parsed is not None:
            parsed_files.append(preview.parsed)
        if report["status"] == "overlap":  # another upload got there first: asked again in the preview
            reread(upload, preview.unit, preview.year)
            again.append(upload)
    user_state()[REPORT_KEY] = {"reports": reports, "rejected": rejected_workbook(parsed_files)}
    user_state()[PREVIEWS_KEY] = again
    st.cache_data.clear()  # the sidebar's years and units include the new data
    bar.finish("导入完成")  # all kept first: a page opened meanwhile shows the new data, 数据导入 the report


# --- 3. the result ---------------------------------------------------------------------------


def show_report() -> None:
    """The last import's report: a summary, what stored nothing and why, then per file its sheets and problems."""
    saved = user_state().get(REPORT_KEY)
    if not saved:
        return
    reports = saved["reports"]
    st.subheader("本次导入结果")
    st.markdown(import_report.summary_sentence(reports))
    unstored = import_report.unstored_table(reports)
    if not unstored.empty:  # on the first screen: a file or sheet that stored nothing is never folded away
        st.warning("以下文件或工作表没有入库任何数据:")
        st.dataframe(unstored, hide_index=True, width="stretch", height=38 + 35 * min(len(unstored), 10))
    if saved["rejected"] is not None:
        rejected = saved["rejected"]
        download_now(
            "下载被拒收的行(Excel,改正后可重新上传)",
            lambda: rejected,
            file_name="被拒收的行.xlsx",
            mime=XLSX_MIME,
            key="download_rejected",
            what="被拒收的行",
        )
    for report in reports:
        problems = import_report.problem_table(report)
        sheets = import_report.sheet_table(report)
        needs_eye = import_report.shown_status(report) != "imported" or not problems.empty or (sheets["结果"] != "已入库").any()
        with st.expander(
            plain_markdown(import_report.file_heading(report)),
            expanded=(needs_eye or len(reports) <= 3) and len(reports) <= 10,  # a few files: where each sheet went
            icon=import_report.status_icon(report),
        ):
            if report["message"]:
                shown = import_report.shown_status(report)
                alert = st.error if shown == "unreadable" else st.info if shown == "imported" else st.warning
                alert(plain_markdown(report["message"]))
            if not sheets.empty:
                st.dataframe(sheets, hide_index=True, width="stretch")
            if not problems.empty:
                st.caption(f"问题明细({len(problems):,}条)")
                st.dataframe(problems, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(problems)))


# --- 4. history: undo, 重新识别 -------------------------------------------------------------


def reidentify_button(batch_id: int | None, *, key: str, upload: Upload | None = None) -> None:
    """重新识别 a stored batch: its kept file read with today's rules as a new batch that replaces it.
    ``upload``: the previewed file that is this batch's duplicate — handed over first (a batch
    imported before files were kept gets it), left out of the preview once done."""
    if batch_id is None or not may_import():
        return
    if st.button(
        f"重新识别批次 #{batch_id}",
        key=key,
        help="按现在的规则(别名、单位名称对照等)重新读取该批次保存的原文件,替换该批次;可撤销。",
    ):
        try:
            if upload is not None:  # stores nothing but, for an old batch, the file it lacks
                commit_preview(engine(), upload.preview, user=current_user_name(), viewer=current_viewer())
            report = importer.reidentify_batch(engine(), batch_id, user=current_user_name(), viewer=current_viewer())
        except UnionStatsError as error:
            say_error(error)
            return
        user_state()[REPORT_KEY] = {"reports": [report], "rejected": None}
        if upload is not None:
            user_state()[PREVIEWS_KEY] = [u for u in previews() if u.key != upload.key]
        user_state()[NOTICE_KEY] = report.get("message") or f"已重新识别批次 #{batch_id}。"
        st.cache_data.clear()
        st.rerun()


def undo_confirmation(batch: dict) -> str:
    """What undoing ``batch`` does, truthfully: its rows leave; the batches it replaced come back."""
    text = f"确定撤销批次 #{batch['id']}「{batch['file_name']}」吗?该批次入库的{batch['rows_stored']:,}行数据将不再计入"
    replaced = batch.get("replaces") or []
    if replaced:
        text += ",被它替换的批次 " + "、".join(f"#{i}" for i in replaced) + " 将恢复"
    return text + "。撤销会记入操作日志;需要时可以重新导入该文件。"


def batch_history() -> None:
    """Every batch, newest first, with 撤销 (confirmed first) and 重新识别 on the active ones."""
    st.subheader("导入记录")
    viewer = current_viewer()
    batches = list_batches(engine(), viewer=viewer)  # the library keeps to the viewer's units
    if viewer is not None and not viewer.sees_all:
        batches = [b for b in batches if b["created_by"] == viewer.name]  # a unit sees its own imports
    if not batches:
        st.caption("还没有导入记录。")
        return
    by_id = {b["id"]: b for b in batches}
    for batch in batches:  # which batches each one replaced (list_batches gives replaced_by)
        if batch.get("replaced_by") in by_id:
            by_id[batch["replaced_by"]].setdefault("replaces", []).append(batch["id"])
    waiting = user_state().get(UNDO_KEY)
    if waiting in by_id and by_id[waiting]["status"] == "active":
        batch = by_id[waiting]
        st.warning(plain_markdown(undo_confirmation(batch)))
        yes, no, _ = st.columns([1, 1, 4])
        if yes.button("确认撤销", type="primary", key="undo_yes", disabled=not may_import()) and may_import():
            try:
                result = undo_batch(engine(), batch["id"], user=current_user_name(), viewer=current_viewer())
            except UnionStatsError as error:
                say_error(error)
            else:
                user_state()[NOTICE_KEY] = f"「{batch['file_name']}」:{result.message}"  # what came back, too
                user_state().pop(UNDO_KEY, None)
                user_state().pop(REPORT_KEY, None)  # its "已导入" would now mislead
                st.cache_data.clear()
                st.rerun()
        if no.button("取消", key="undo_no"):
            user_state().pop(UNDO_KEY, None)
            st.rerun()
    pages = math.ceil(len(batches) / BATCHES_PER_PAGE)
    page = st.pagination(pages, key="batch_page") if pages > 1 else 1
    for batch in batches[(page - 1) * BATCHES_PER_PAGE : page * BATCHES_PER_PAGE]:
        text, undo, again = st.columns([6, 1, 1.3], vertical_alignment="center")
        line = plain_markdown(import_report.batch_line(batch))
        text.markdown(line if batch["status"] == "active" else f":gray[~~{line}~~]")
        if batch["status"] == "active" and may_import():
            if undo.button("撤销", key=f"undo_{batch['id']}"):
                user_state()[UNDO_KEY] = batch["id"]
                st.rerun()
            with again:
                reidentify_button(batch["id"], key=f"reidentify_{batch['id']}")


# the 标准模板 buttons, row by row: members (统计, 名册), money (收缴, 收支), the ledgers, the registry
TEMPLATE_ORDER: tuple[str, ...] = ("membership", "roster", "dues", "finance", "welfare", "activities", "competitions", "units")
TEMPLATE_COLUMNS = 4


def template_kinds() -> list[str]:
    """Every kind with a template, in TEMPLATE_ORDER (a kind added later comes last, never missing)."""
    return [k for k in TEMPLATE_ORDER if k in KINDS] + [k for k in KINDS if k not in TEMPLATE_ORDER]


@st.cache_data(show_spinner=False)
def template_bytes(kind: str) -> bytes:
    """The blank 标准模板 of a kind as .xlsx bytes (the same for every user)."""
    out = io.BytesIO()
    write_template(kind, out)
    return out.getvalue()


def templates() -> None:
    st.subheader("标准模板")
    st.caption("按模板填写最省事:表头已是标准列名,带一行填写示例、下拉选项和「说明」工作表。各单位自己的表格也可以直接上传。")
    columns = st.columns(TEMPLATE_COLUMNS)
    for index, kind in enumerate(template_kinds()):
        with columns[index % TEMPLATE_COLUMNS]:
            download_now(
                f"{KIND_LABELS[kind]}模板",
                lambda kind=kind: template_bytes(kind),
                file_name=f"{KIND_LABELS[kind]}模板.xlsx",
                mime=XLSX_MIME,
                key=f"template_{kind}",
                what=f"{KIND_LABELS[kind]}模板",
                icon=":material/description:",
                width="stretch",
            )


st.title("数据导入")
notice = user_state().pop(NOTICE_KEY, None)
if notice:
    st.success(plain_markdown(notice))
try:
    if store_is_empty() and not previews():
        st.info("数据库里还没有数据。可以在下面上传本单位的 Excel 台账,或先载入示例数据看看效果。")
        if st.button("载入示例数据", type="primary", key="load_sample", disabled=not may_import()):
            load_sample()
    if not may_import():
        st.info("您的账号只能查看数据,不能导入或撤销。")
    upload_form()
    preview_section()
    show_report()
    st.divider()
    batch_history()
    st.divider()
    templates()
except UnionStatsError as error:
    say_error(error)
except Exception:  # a bug of ours: one Chinese sentence, the details in the server log
    log.exception("数据导入 page failed")
    st.error("页面出现了意外问题,请刷新后重试;如果仍然出错,请把服务器日志发给维护人员。")
