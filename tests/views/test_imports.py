"""views/imports.py (数据导入): upload, the preview (nothing stored before 确认导入), a file's unit
fixed in the preview, look-alike unit names, overlap choices, the report per file and sheet, the
rejected rows, undo with confirmation, templates; and the empty store's upload entry."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

from openpyxl import load_workbook

from tests.paths import ROOT
from tests.views.streamlit_markdown import shown_text
from tests.views.uploading import SAMPLE_FILES
from tests.workbooks import csv_bytes, platform_roster, xlsx
from unionstats.access import OBSERVER, UNIT, Viewer
from unionstats.metrics.compute import compute_metrics
from unionstats.output.templates import write_template
from unionstats.rules.columns import KIND_LABELS, KINDS
from unionstats.sample.roster import made_up_id
from unionstats.store import list_batches, open_store
from unionstats.store.units import unit_aliases

# every file the sample writes (20 with the activities of §3.8) is one batch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A grassroots union's ledger as it arrives: title, 填报单位 line instead of a unit column,
# a 合计 row, a missing amount (rejected), a negative 人次 (rejected), a 红字冲销 (warning),
# and a second sheet that is no statistics table at all.
WELFARE = xlsx(
    (
        "2024年慰问",
        [
            ["2024年帮扶慰问台账"],
            ["填报单位:测试机械厂工会"],
            ["序号", "慰问日期", "慰问事由", "慰问金额(元)", "人次"],
            [1, "2024-03-01", "职工住院", "500元", 1],
            [2, "2024-04-02", "春节慰问", "暂缺", 1],
            [3, "2024年5月3日", "父亲病故", 2000, -1],
            [4, "2024/6/4", "职工住院", -500, 1],
            [None, "合计", None, 2000, 2],
            ["填表人:王五"],
        ],
    ),
    ("说明", [["本表由工会办公室填写"], ["联系人:王五"]]),
)
# A membership CSV in GBK, one row with more members than employees (warning).
MEMBERSHIP = csv_bytes(
    [
        ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
        ["测试机械厂工会", "2024年", "1,200", "1,150", "测试街道总工会"],
        ["测试电子厂工会", "2024", 80, 90, "测试街道总工会"],
    ],
    encoding="gbk",
)
FILES = [("测试机械厂2024年慰问台账.xlsx", WELFARE, XLSX), ("2024年会员统计.csv", MEMBERSHIP, "text/csv")]


def read(app, files, *, unit: str = "", year: str = ""):
    """Choose files, name their unit and year, 读取并预览: nothing is stored yet."""
    app.file_uploader(key="upload_files").set_value(files)
    app.text_input(key="upload_unit").set_value(unit)
    app.text_input(key="upload_year").set_value(year)
    return next(b for b in app.button if b.label == "读取并预览").click().run()


def confirm(app):
    return app.button(key="confirm_import").click().run()


def upload(app, files, *, unit: str = "", year: str = ""):
    """Read the files, then 确认导入."""
    return confirm(read(app, files, unit=unit, year=year))


def preview_table(app):
    return next(d.value for d in app.dataframe if "将入库行数" in d.value.columns)


def sheet_tables(app):
    """The per-sheet tables of the report, in file order."""
    return [d.value for d in app.dataframe if "入库行数" in d.value.columns]


def problem_tables(app):
    return [d.value for d in app.dataframe if "类型" in d.value.columns]


def unstored_table(app):
    """The first screen's list of files and sheets that stored nothing (None when there is none)."""
    return next((d.value for d in app.dataframe if list(d.value.columns) == ["文件", "工作表", "结果", "原因"]), None)


def cli_report(tmp_path, files) -> dict:
    for name, data, _ in files:
        (tmp_path / name).write_bytes(data)
    command = [sys.executable, "-m", "unionstats", "import", "--json", "--db", f"sqlite:///{tmp_path / 'cli.db'}"]
    done = subprocess.run(
        command + [str(tmp_path / name) for name, _, _ in files], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_report_shows_what_the_command_line_reports(sample_url, open_page, tmp_path):
    app = upload(open_page("imports"), FILES)
    assert not app.exception and not app.error
    expected = cli_report(tmp_path, FILES)["files"]
    assert [f["status"] for f in expected] == ["imported", "imported"]

    shown = sheet_tables(app)
    assert len(shown) == 2
    for table, report in zip(shown, expected, strict=True):
        assert table["工作表"].tolist() == [s["sheet"] for s in report["sheets"]]
        assert table["识别为"].tolist() == [KIND_LABELS[s["kind"]] if s["kind"] else "未识别" for s in report["sheets"]]
        assert table[["入库行数", "拒收行数", "警告行数"]].values.tolist() == [
            [s["stored"], s["rejected"], s["warned"]] for s in report["sheets"]
        ]
    # the welfare ledger: 2 stored (one a 红字冲销), 2 rejected, the notes sheet skipped with its reason
    assert shown[0].iloc[0][["入库行数", "拒收行数"]].tolist() == [2, 2]
    assert shown[0].iloc[1]["说明"] == expected[0]["sheets"][1]["skipped"] != ""

    messages = [set(t["原因"]) for t in problem_tables(app)]
    assert messages == [{p["message"] for s in f["sheets"] for p in s["problems"]} for f in expected]
    assert any("第5行" in m and "暂缺" in m for m in messages[0])
    summary = next(m.value for m in app.markdown if m.value.startswith("共2个文件"))
    assert summary.startswith("共2个文件:2个入库了数据,0个未入库任何数据;跳过工作表1个;") and "拒收2行" in summary
    # the notes sheet stored nothing: said on the first screen, not only inside the file's panel
    assert unstored_table(app).values.tolist() == [
        ["测试机械厂2024年慰问台账.xlsx", "说明", "已跳过", expected[0]["sheets"][1]["skipped"]]
    ]
    assert shown[0]["结果"].tolist() == ["已入库", "已跳过"]


def test_rejected_rows_are_downloadable_with_their_reason(sample_url, open_page):
    app = upload(open_page("imports"), FILES)
    assert any(b.label.startswith("下载被拒收的行") for b in app.get("download_button"))
    workbook = load_workbook(io.BytesIO(app.session_state["user_state:"]["import_report"]["rejected"]))
    rows = list(workbook.worksheets[0].values)
    assert rows[1][-1] == "原因"
    assert "暂缺" in rows[2] and "不是数字" in rows[2][-1]  # the original row, as written, plus why
    assert len(rows) == 4  # source line, header, the two rejected rows


def test_the_file_unit_fills_a_ledger_without_one(sample_url, open_page):
    rows = [["日期", "类别", "金额"], ["2024-02-01", "生日", 200]]
    app = upload(open_page("imports"), [("生日.xlsx", xlsx(rows), XLSX)], unit="测试化工厂工会")
    assert sheet_tables(app)[0]["入库行数"].tolist() == [1]
    assert list_batches(open_store(sample_url))[0]["file_name"] == "生日.xlsx"


def test_the_year_field_dates_a_table_that_gives_none_and_a_file_storing_nothing_is_no_success(sample_url, open_page):
    rows = [["单位", "职工人数", "会员人数"], ["测试化工厂工会", 100, 90]]
    birthdays = [["单位", "日期", "类别", "金额"], ["测试化工厂工会", "2024-02-01", "生日", 200]]
    app = read(open_page("imports"), [("会员.xlsx", xlsx(rows), XLSX), ("生日.xlsx", xlsx(birthdays), XLSX)])
    assert any("「会员.xlsx」不会入库" in shown_text(w.value) and "年度" in w.value for w in app.warning)
    app = confirm(app)
    # §6: read, but nothing stored: said so, never counted as imported, its reason on the first screen
    assert any(m.value.startswith("共2个文件:1个入库了数据,1个未入库任何数据(读取后无数据可入库1个);") for m in app.markdown)
    assert any(e.proto.label.startswith(r"会员\.xlsx · 未入库任何数据") for e in app.expander)  # escaped: plain text
    assert not any(e.proto.label.startswith("会员") for e in app.expander if e.proto.icon == ":material/check_circle:")
    unstored = unstored_table(app)
    assert unstored.values.tolist() == [["会员.xlsx", "", "未入库任何数据", unstored.iloc[0]["原因"]]]
    assert "年度" in unstored.iloc[0]["原因"]
    assert any("没有入库任何数据" in w.value for w in app.warning)
    assert all(b["file_name"] != "会员.xlsx" for b in list_batches(open_store(sample_url)))
    app = upload(app, [("会员.xlsx", xlsx(rows), XLSX)], year="2024")
    assert sheet_tables(app)[0]["入库行数"].tolist() == [1]
    assert sheet_tables(app)[0][["单位", "期间"]].values.tolist() == [["测试化工厂工会", "2024年"]]  # where it went
    assert list_batches(open_store(sample_url))[0]["file_name"] == "会员.xlsx"


def test_nothing_to_store_cannot_be_confirmed(sample_url, open_page):
    rows = [["单位", "职工人数", "会员人数"], ["测试化工厂工会", 100, 90]]
    app = read(open_page("imports"), [("会员.xlsx", xlsx(rows), XLSX)])
    assert app.button(key="confirm_import").disabled
    assert any("这些文件都不会入库" in c.value for c in app.caption)
    app = next(b for b in app.button if b.label == "放弃本次导入").click().run()
    assert "confirm_import" not in [b.key for b in app.button]


def test_a_year_that_is_no_year_is_one_chinese_sentence(sample_url, open_page):
    app = read(open_page("imports"), FILES, year="去年")
    assert [shown_text(e.value) for e in app.error] == ["所属年度「去年」不是年份,请写成 2024 这样的四位数字。"]


def test_an_overlap_is_chosen_in_the_preview_then_replaced(sample_url, open_page):
    first = [["单位", "日期", "类别", "金额"], ["测试机械厂工会", "2024-03-01", "住院", 500]]
    # 2 February to 20 March: covers the day of the first file
    second = [
        ["单位", "日期", "类别", "金额"],
        ["测试机械厂工会", "2024-02-02", "生日", 200],
        ["测试机械厂工会", "2024-03-20", "住院", 800],
    ]
    app = upload(open_page("imports"), [("三月.xlsx", xlsx(first), XLSX)])
    earlier = list_batches(open_store(sample_url))[0]["id"]
    app = read(app, [("三月补报.xlsx", xlsx(second), XLSX)])
    assert any("重叠" in w.value and f"#{earlier}" in shown_text(w.value) for w in app.warning)
    assert app.button(key="confirm_import").disabled  # a choice first
    assert any("请先为它们选择" in c.value for c in app.caption)
    assert "与已导入的批次重叠" in preview_table(app)["说明"].iloc[0]

    key = next(r.key for r in app.radio if r.key.startswith("overlap_"))
    app.radio(key=key).set_value("替换旧批次").run()
    assert list_batches(open_store(sample_url))[0]["id"] == earlier  # nothing stored yet
    app = confirm(app)
    assert not app.exception
    batches = {b["id"]: b for b in list_batches(open_store(sample_url))}
    assert batches[earlier]["status"] == "replaced"  # kept, to come back on undo
    newest = max(batches)
    assert (batches[earlier]["status"], batches[earlier]["replaced_by"]) == ("replaced", newest)
    assert batches[newest]["file_name"] == "三月补报.xlsx" and batches[newest]["status"] == "active"
    assert app.session_state["user_state:"]["import_report"]["reports"][0]["status"] == "imported"

    # undoing the correction says, before and after, that the replaced batch comes back
    app = app.button(key=f"undo_{newest}").click().run()
    warning = next(shown_text(w.value) for w in app.warning if "确定撤销" in w.value)
    assert f"被它替换的批次 #{earlier} 将恢复" in warning
    app = app.button(key="undo_yes").click().run()
    assert not app.exception
    notice = next(shown_text(s.value) for s in app.success)
    assert f"#{newest}" in notice and f"被它替换的批次 #{earlier} 已恢复" in notice
    batches = {b["id"]: b for b in list_batches(open_store(sample_url))}
    assert (batches[earlier]["status"], batches[newest]["status"]) == ("active", "undone")


def test_preview_stores_nothing_until_confirmed_and_a_unit_fixed_in_it_is_stored(sample_url, open_page):
    rows = [["日期", "类别", "金额"], ["2024-02-01", "生日", 200], ["2024-03-01", "住院", 500]]
    before = len(list_batches(open_store(sample_url)))
    app = read(open_page("imports"), [("慰问台账.xlsx", xlsx(rows), XLSX)])
    assert not app.exception
    # the preview: what each sheet would become, and why this one would store nothing
    table = preview_table(app)
    assert table[["文件", "识别为", "将入库行数", "拒收行数"]].values.tolist() == [["慰问台账.xlsx", "帮扶慰问", 0, 2]]
    assert table["说明"].iloc[0].startswith("不会入库。首个原因:第2行缺少单位")
    assert any("缺少单位" in w.value for w in app.warning)  # on the first screen
    assert any(m.value.startswith("共1个文件:0个将入库,1个不会入库") for m in app.markdown)
    assert len(list_batches(open_store(sample_url))) == before

    # fix the file's unit in the preview: read again, still nothing stored
    app.text_input(key=next(t.key for t in app.text_input if t.key.startswith("fix_unit_"))).set_value("测试化工厂工会")
    app = next(b for b in app.button if b.label == "按此重新读取").click().run()
    assert not app.exception
    table = preview_table(app)
    assert table[["单位", "期间", "将入库行数", "拒收行数"]].values.tolist() == [["测试化工厂工会", "2024年2月至2024年3月", 2, 0]]
    assert any("重新读取" in shown_text(s.value) for s in app.success)
    assert len(list_batches(open_store(sample_url))) == before

    app = confirm(app)
    assert not app.exception
    batches = list_batches(open_store(sample_url))
    assert len(batches) == before + 1 and batches[0]["file_name"] == "慰问台账.xlsx" and batches[0]["rows_stored"] == 2
    assert any(m.value.startswith("共1个文件:1个入库了数据,0个未入库任何数据") for m in app.markdown)
    assert not app.session_state["user_state:"].get("import_previews")

    # and undo it: the confirmation says what happens, the notice what happened
    app = app.button(key=f"undo_{batches[0]['id']}").click().run()
    warning = next(shown_text(w.value) for w in app.warning if "确定撤销" in w.value)
    assert "2行数据将不再计入" in warning and "恢复" not in warning  # it replaced nothing
    app = app.button(key="undo_yes").click().run()
    assert not app.exception
    assert list_batches(open_store(sample_url))[0]["status"] == "undone"
    assert any(f"批次 #{batches[0]['id']}" in shown_text(s.value) for s in app.success)


def test_a_look_alike_unit_name_is_offered_and_stored_under_the_known_unit_when_confirmed(sample_url, open_page):
    rows = [["单位名称", "年度", "职工人数", "会员人数"], ["杭州华新机械有限公司工会委员会(盖章)", "2025", 300, 290]]
    app = read(open_page("imports"), [("华新2025.xlsx", xlsx(rows), XLSX)])
    boxes = [c for c in app.checkbox if c.key.startswith("same_")]
    assert len(boxes) == 1 and boxes[0].label == "是"
    question = "「杭州华新机械有限公司工会委员会(盖章)」是否就是「华新机械有限公司工会」?"
    assert any(shown_text(m.value) == question for m in app.markdown)
    assert not boxes[0].value  # never merged by itself
    boxes[0].check().run()
    app = confirm(app)
    assert not app.exception
    units = set(compute_metrics(open_store(sample_url), by="unit", years=("2025", "2025"))["unit"])
    assert units == {"华新机械有限公司工会"}
    assert unit_aliases(open_store(sample_url))["杭州华新机械有限公司工会委员会(盖章)"] == "华新机械有限公司工会"


def test_a_unit_account_is_told_of_a_look_alike_name_but_not_asked_to_merge(sample_url, open_page, monkeypatch):
    # a merge changes every unit's figures: only an admin (or the one-person mode) may answer 是
    variant = "杭州华新机械有限公司工会委员会(盖章)"  # within the account's scope, so its rows are stored
    huaxin = Viewer(name="华新", role=UNIT, units=frozenset({"华新机械有限公司工会", variant}))
    for module in ("views.session", "views.common", "views.account"):
        monkeypatch.setattr(f"{module}.current_viewer", lambda: huaxin)
    rows = [["单位名称", "年度", "职工人数", "会员人数"], ["杭州华新机械有限公司工会委员会(盖章)", "2025", 300, 290]]
    app = read(open_page("imports"), [("华新2025.xlsx", xlsx(rows), XLSX)])
    assert not app.exception
    assert not [c for c in app.checkbox if c.key.startswith("same_")]
    assert any("需要管理员" in c.value for c in app.caption)
    said = "「杭州华新机械有限公司工会委员会(盖章)」可能就是「华新机械有限公司工会」"
    assert any(shown_text(m.value) == said for m in app.markdown)
    assert unit_aliases(open_store(sample_url)) == {}


def test_a_duplicate_names_the_batch_holding_it(sample_url, open_page):
    rows = [["单位", "日期", "类别", "金额"], ["测试机械厂工会", "2024-05-01", "住院", 500]]
    data = xlsx(rows)  # one file, uploaded twice (a workbook written again differs in its timestamps)
    app = upload(open_page("imports"), [("五月.xlsx", data, XLSX)])
    batch = list_batches(open_store(sample_url))[0]["id"]
    app = read(app, [("五月.xlsx", data, XLSX)])
    assert any(f"#{batch}" in shown_text(i.value) for i in app.info)
    assert preview_table(app)["说明"].iloc[0].startswith("重复文件")
    assert any(m.value.startswith("共1个文件:0个将入库,1个不会入库(重复1个)") for m in app.markdown)


def test_undo_asks_first_then_removes_the_batch(sample_url, open_page):
    newest = list_batches(open_store(sample_url))[0]
    app = open_page("imports")
    app = app.button(key=f"undo_{newest['id']}").click().run()
    assert any(f"确定撤销批次 #{newest['id']}" in shown_text(w.value) for w in app.warning)
    assert list_batches(open_store(sample_url))[0]["status"] == "active"  # not before it is confirmed

    app = app.button(key="undo_yes").click().run()
    assert not app.exception
    assert list_batches(open_store(sample_url))[0]["status"] == "undone"
    assert any(f"已撤销批次 #{newest['id']}" in shown_text(s.value) for s in app.success)
    assert f"undo_{newest['id']}" not in [b.key for b in app.button]


def test_templates_for_every_kind(sample_url, open_page):
    app = open_page("imports")
    buttons = [b for b in app.get("download_button") if b.label.endswith("模板")]
    labels = [b.label for b in buttons]
    assert sorted(labels) == sorted(f"{KIND_LABELS[kind]}模板" for kind in KINDS)  # each kind once, roster and activities too
    # four columns, row by row: 会员统计 beside 会员名册, then the money; the ledgers, then the registry
    # (AppTest lists a column's buttons before the next column's)
    columns = [labels[i : i + 2] for i in range(0, 8, 2)]
    assert [column[0] for column in columns] == ["会员统计模板", "会员名册模板", "经费收缴模板", "经费收支模板"]
    assert [column[1] for column in columns] == ["帮扶慰问模板", "活动与培训模板", "劳动竞赛模板", "单位信息模板"]
    for kind in ("roster", "activities"):  # what the button gives (views.imports.template_bytes)
        out = io.BytesIO()
        write_template(kind, out)
        assert "说明" in load_workbook(io.BytesIO(out.getvalue())).sheetnames, kind


def test_an_empty_store_offers_the_upload_and_the_sample(empty_url, open_page):
    app = open_page("imports")
    assert not app.exception
    assert any("还没有数据" in i.value for i in app.info)
    assert app.file_uploader(key="upload_files").accept_multiple_files
    assert set(app.file_uploader(key="upload_files").allowed_type) >= {".xlsx", ".xls", ".csv", ".xlsm"}
    app = app.button(key="load_sample").click().run()
    assert not app.exception
    assert len(list_batches(open_store(empty_url))) == SAMPLE_FILES >= 20


def test_submitting_without_files_says_so(empty_url, open_page):
    app = open_page("imports")
    app = next(b for b in app.button if b.label == "读取并预览").click().run()
    assert any("请先选择" in w.value for w in app.warning)


def test_an_observer_cannot_import_or_undo(sample_url, open_page, monkeypatch):
    observer = Viewer(name="观察员", role=OBSERVER, units=None)
    for module in ("views.session", "views.common", "views.account"):
        monkeypatch.setattr(f"{module}.current_viewer", lambda: observer)
    app = open_page("imports")
    assert not app.exception
    assert next(b for b in app.button if b.label == "读取并预览").disabled
    assert not [b for b in app.button if b.label == "撤销"]
    assert any(b.label.endswith("模板") for b in app.get("download_button"))  # templates stay available


def test_a_sheet_skipped_for_one_wrong_header_is_on_the_first_screen_and_names_show_as_written(sample_url, open_page):
    # issue 14: 在册职工 written for 职工人数 — the sheet was skipped inside a folded panel while the
    # summary said 拒收0行; and a file name that Markdown would turn into bold text and a link
    name = "**街道**_[汇总](http://x).xlsx"
    workbook = xlsx(
        ("会员", [["单位名称", "年度", "职工人数", "会员人数"], ["测试化工厂工会", "2024", 100, 90]]),
        ("经费", [["单位名称", "年度", "在册职工", "会员数"], ["测试化工厂工会", "2024", 100, 90]]),
    )
    app = upload(open_page("imports"), [(name, workbook, XLSX)])
    assert not app.exception
    summary = next(m.value for m in app.markdown if m.value.startswith("共1个文件"))
    assert summary.startswith("共1个文件:1个入库了数据,0个未入库任何数据;跳过工作表1个;入库1行")
    unstored = unstored_table(app)
    assert unstored[["文件", "工作表", "结果"]].values.tolist() == [[name, "经费", "已跳过"]]
    assert unstored.iloc[0]["原因"]  # why, in words
    label = next(e.proto.label for e in app.expander if "入库1行" in e.proto.label)
    assert shown_text(label).startswith(name + " · 已导入") and "**" not in label.replace(r"\*", "")


def test_a_duplicate_upload_offers_to_read_its_batch_again_with_todays_rules(sample_url, open_page):
    rows = [["单位", "日期", "类别", "金额"], ["测试机械厂工会", "2024-06-01", "住院", 500]]
    data = xlsx(rows)
    app = upload(open_page("imports"), [("六月.xlsx", data, XLSX)])
    batch = list_batches(open_store(sample_url))[0]["id"]
    assert f"reidentify_{batch}" in [b.key for b in app.button]  # every active batch offers it
    app = read(app, [("六月.xlsx", data, XLSX)])
    button = next(b for b in app.button if b.key and b.key.startswith("reidentify_dup_"))
    assert button.label == f"重新识别批次 #{batch}"
    app = button.click().run()
    assert not app.exception
    batches = {b["id"]: b for b in list_batches(open_store(sample_url))}
    newest = max(batches)
    assert batches[batch]["status"] == "replaced" and batches[newest]["status"] == "active"
    assert batches[newest]["file_name"] == "六月.xlsx"
    assert any("重新识别" in shown_text(s.value) and f"#{batch}" in shown_text(s.value) for s in app.success)
    assert not app.session_state["user_state:"]["import_previews"]  # the duplicate upload is done with


def test_a_roster_preview_says_how_many_people_and_what_it_gives(empty_url, open_page, tmp_path):
    """Issue 15: a 会员名册's people and the figures it gives, one plain line under the preview
    table, and the same under its sheet in ``import --dry-run``."""
    people = [
        [1, "测试甲", made_up_id(dt.date(1990, 3, 7), 1, True), "女", "1990-03-07", "入会", "2024-04-01", "农业户口"],
        [2, "测试乙", made_up_id(dt.date(1980, 5, 1), 2, False), "男", None, "在册", "2010-06-01", "非农业户口"],
        [3, "测试丙", made_up_id(dt.date(1975, 1, 9), 3, True), "女", None, "转出", "2024-08-01", "非农业户口"],
        [4, "测试丁", made_up_id(dt.date(1985, 2, 2), 4, True)[:17] + "0", "女", None, None, None, "农业户口"],
    ]
    data = xlsx(("名册_样例_", platform_roster("测试社区工会", people)))
    app = read(open_page("imports"), [("2024年会员名册.xlsx", data, XLSX)])
    assert not app.exception
    assert preview_table(app)[["识别为", "将入库行数"]].values.tolist() == [["会员名册", 4]]
    line = "名册「名册_样例_」共4人;按此名册计,测试社区工会 2024年:会员3人,女会员2人,农民工会员2人,新发展会员1人,实名制录入2人(实名制录入率66.7%)。"
    assert [shown_text(m.value) for m in app.markdown if "按此名册计" in m.value] == [line]  # the _ are no Markdown
    assert list_batches(open_store(empty_url)) == []

    (tmp_path / "2024年会员名册.xlsx").write_bytes(data)
    command = [
        sys.executable,
        "-m",
        "unionstats",
        "import",
        "--dry-run",
        "--db",
        empty_url,
        str(tmp_path / "2024年会员名册.xlsx"),
    ]
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"    {line}" in printed.splitlines()
