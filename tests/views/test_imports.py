"""views/imports.py (数据导入): upload, the report per file and sheet, overlap prompts, the
rejected rows, undo with confirmation, templates; and the empty store's upload entry."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from openpyxl import load_workbook

from tests.paths import ROOT
from tests.workbooks import csv_bytes, xlsx
from unionstats.access import OBSERVER, Viewer
from unionstats.rules.columns import KIND_LABELS
from unionstats.store import list_batches, open_store

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


def upload(app, files, *, unit: str = "", year: str = "", overlap: str = "询问"):
    app.file_uploader(key="upload_files").set_value(files)
    app.text_input(key="upload_unit").set_value(unit)
    app.text_input(key="upload_year").set_value(year)
    app.radio(key="upload_overlap").set_value(overlap)
    return next(b for b in app.button if b.label == "开始导入").click().run()


def sheet_tables(app):
    """The per-sheet tables of the report, in file order."""
    return [d.value for d in app.dataframe if "入库行数" in d.value.columns]


def problem_tables(app):
    return [d.value for d in app.dataframe if "原因" in d.value.columns]


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
    assert "拒收2行" in summary


def test_rejected_rows_are_downloadable_with_their_reason(sample_url, open_page):
    app = upload(open_page("imports"), FILES)
    assert any(b.label.startswith("下载被拒收的行") for b in app.get("download_button"))
    workbook = load_workbook(io.BytesIO(app.session_state["import_report"]["rejected"]))
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
    app = upload(open_page("imports"), [("会员.xlsx", xlsx(rows), XLSX)])
    # §6: read, but nothing stored: said so, never counted as imported
    assert any(m.value.startswith("共1个文件:未入库任何数据1个;") for m in app.markdown)
    assert any(e.proto.label.startswith("会员.xlsx · 未入库任何数据") for e in app.expander)
    assert all(b["file_name"] != "会员.xlsx" for b in list_batches(open_store(sample_url)))
    app = upload(app, [("会员.xlsx", xlsx(rows), XLSX)], year="2024")
    assert sheet_tables(app)[0]["入库行数"].tolist() == [1]
    assert list_batches(open_store(sample_url))[0]["file_name"] == "会员.xlsx"


def test_a_year_that_is_no_year_is_one_chinese_sentence(sample_url, open_page):
    app = upload(open_page("imports"), FILES, year="去年")
    assert [e.value for e in app.error] == ["所属年度「去年」不是年份,请写成 2024 这样的四位数字。"]


def test_an_overlap_is_asked_then_replaced(sample_url, open_page):
    first = [["单位", "日期", "类别", "金额"], ["测试机械厂工会", "2024-03-01", "住院", 500]]
    # 2 February to 20 March: covers the day of the first file
    second = [
        ["单位", "日期", "类别", "金额"],
        ["测试机械厂工会", "2024-02-02", "生日", 200],
        ["测试机械厂工会", "2024-03-20", "住院", 800],
    ]
    app = upload(open_page("imports"), [("三月.xlsx", xlsx(first), XLSX)])
    earlier = list_batches(open_store(sample_url))[0]["id"]
    app = upload(app, [("三月补报.xlsx", xlsx(second), XLSX)])
    assert any("重叠" in w.value and f"#{earlier}" in w.value for w in app.warning)
    assert list_batches(open_store(sample_url))[0]["id"] == earlier  # nothing stored yet

    app = app.button(key="overlap_replace_0").click().run()
    assert not app.exception
    batches = {b["id"]: b for b in list_batches(open_store(sample_url))}
    assert batches[earlier]["status"] == "undone"
    newest = max(batches)
    assert batches[newest]["file_name"] == "三月补报.xlsx" and batches[newest]["status"] == "active"
    assert app.session_state["import_report"]["reports"][0]["status"] == "imported"


def test_undo_asks_first_then_removes_the_batch(sample_url, open_page):
    newest = list_batches(open_store(sample_url))[0]
    app = open_page("imports")
    app = app.button(key=f"undo_{newest['id']}").click().run()
    assert any(f"确定撤销批次 #{newest['id']}" in w.value for w in app.warning)
    assert list_batches(open_store(sample_url))[0]["status"] == "active"  # not before it is confirmed

    app = app.button(key="undo_yes").click().run()
    assert not app.exception
    assert list_batches(open_store(sample_url))[0]["status"] == "undone"
    assert any(f"已撤销批次 #{newest['id']}" in s.value for s in app.success)
    assert f"undo_{newest['id']}" not in [b.key for b in app.button]


def test_templates_for_every_kind(sample_url, open_page):
    app = open_page("imports")
    labels = {b.label for b in app.get("download_button")}
    assert {f"{label}模板" for label in KIND_LABELS.values()} <= labels


def test_an_empty_store_offers_the_upload_and_the_sample(empty_url, open_page):
    app = open_page("imports")
    assert not app.exception
    assert any("还没有数据" in i.value for i in app.info)
    assert app.file_uploader(key="upload_files").accept_multiple_files
    assert set(app.file_uploader(key="upload_files").allowed_type) >= {".xlsx", ".xls", ".csv", ".xlsm"}
    app = app.button(key="load_sample").click().run()
    assert not app.exception
    assert len(list_batches(open_store(empty_url))) == 19


def test_submitting_without_files_says_so(empty_url, open_page):
    app = open_page("imports")
    app = next(b for b in app.button if b.label == "开始导入").click().run()
    assert any("请先选择" in w.value for w in app.warning)


def test_an_observer_cannot_import_or_undo(sample_url, open_page, monkeypatch):
    observer = Viewer(name="观察员", role=OBSERVER, units=None)
    for module in ("views.session", "views.common", "views.account"):
        monkeypatch.setattr(f"{module}.current_viewer", lambda: observer)
    app = open_page("imports")
    assert not app.exception
    assert next(b for b in app.button if b.label == "开始导入").disabled
    assert not [b for b in app.button if b.label == "撤销"]
    assert any(b.label.endswith("模板") for b in app.get("download_button"))  # templates stay available
