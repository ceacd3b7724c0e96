"""unionstats.cli.main — the command line end to end, as contract §6 fixes it.

Imports every sample file, reads the metrics three ways, re-imports (refused as
duplicates, metrics unchanged), and checks Chinese one-line errors and every command's
exit code (``EXIT_CODES``: 0 done, 2 a file could not be read at all, 1 anything else).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workbooks import xlsx
from unionstats.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = sorted(p for p in (ROOT / "data" / "sample").iterdir() if p.suffix in {".xlsx", ".xls", ".csv"})


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str):
    code, out, err = run(capsys, *argv, "--json") if argv[0] == "import" else run(capsys, *argv)
    return code, json.loads(out)


def test_import_samples_then_metrics_then_duplicates(store_url, capsys):
    code, report = run_json(capsys, "import", *map(str, SAMPLES), "--db", store_url)
    assert code == 0
    files = report["files"]
    assert [f["status"] for f in files] == ["imported"] * len(SAMPLES)
    assert all(isinstance(f["batch"], int) for f in files)
    assert all(set(f) == {"file", "status", "message", "batch", "suggestions", "duplicate_of", "sheets"} for f in files)
    sheet_keys = {"sheet", "kind", "skipped", "stored", "rejected", "warned", "units", "periods", "problems", "roster"}
    sheets = [s for f in files for s in f["sheets"]]
    assert all(set(s) == sheet_keys for s in sheets)
    assert all((s["roster"] is None) == (s["kind"] != "roster") for s in sheets)
    assert {s["kind"] for s in sheets} == {
        "membership",
        "dues",
        "welfare",
        "competitions",
        "units",
        "finance",
        "activities",
        "roster",
    }
    problems = [p for s in sheets for p in s["problems"]]
    assert all(set(p) == {"row", "column", "level", "message"} for p in problems)
    # the sample's planted problems: 5 rejected rows, the rest stored
    assert sum(s["rejected"] for s in sheets) == 5
    assert any("不是数字" in p["message"] and p["level"] == "rejected" for p in problems)

    code, overall = run_json(capsys, "metrics", "--db", store_url)
    assert code == 0
    keys = {"metric", "label", "unit", "period", "category", "value", "numerator", "denominator"}
    assert overall and all(set(r) == keys for r in overall)
    rate = {r["period"]: r for r in overall if r["metric"] == "membership_rate"}
    assert set(rate) == {str(y) for y in range(2019, 2025)}
    assert all(0.85 <= record["value"] <= 1.0 for record in rate.values())
    dues = [r for r in overall if r["metric"] == "dues_collection_rate" and r["category"] is None]
    assert dues and all(0.7 <= r["value"] <= 1.1 for r in dues)

    code, by_unit = run_json(capsys, "metrics", "--db", store_url, "--by", "unit")
    code, by_parent = run_json(capsys, "metrics", "--db", store_url, "--by", "parent")
    assert len({r["unit"] for r in by_unit}) >= 15
    parents = {r["unit"] for r in by_parent}
    assert {"东城街道总工会", "西城街道总工会", "南湖街道总工会"} <= parents

    # a group's rate is the ratio of its members' sums
    def sums(records, period):
        picked = [r for r in records if r["metric"] == "membership_rate" and r["period"] == period]
        return sum(r["numerator"] for r in picked), sum(r["denominator"] for r in picked)

    numerator, denominator = sums(by_parent, "2023")
    assert rate["2023"]["numerator"] == pytest.approx(numerator)
    assert rate["2023"]["denominator"] == pytest.approx(denominator)

    code, again = run_json(capsys, "import", *map(str, SAMPLES), "--db", store_url)
    assert code == 0 and {f["status"] for f in again["files"]} == {"duplicate"}
    assert all(f["batch"] is None and f["message"] for f in again["files"])
    assert run_json(capsys, "metrics", "--db", store_url)[1] == overall

    code, out, _ = run(capsys, "metrics", "--db", store_url, "--format", "csv", "--period", "month")
    assert code == 0 and out.splitlines()[0] == "metric,label,unit,period,category,value,numerator,denominator"
    assert any(",2023-05," in line for line in out.splitlines())


def test_a_rate_is_the_ratio_of_the_sums_computed_by_hand(store_url, capsys, tmp_path):
    path = tmp_path / "会员.xlsx"
    path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 100, 90], ["乙工会", 2023, 300, 150]]))
    assert run(capsys, "import", str(path), "--db", store_url)[0] == 0
    overall = run_json(capsys, "metrics", "--db", store_url)[1]
    rate = next(r for r in overall if r["metric"] == "membership_rate" and r["period"] == "2023")
    # (90 + 150) / (100 + 300), not the mean of 0.9 and 0.5
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (240, 400, pytest.approx(0.6))
    by_unit = run_json(capsys, "metrics", "--db", store_url, "--by", "unit")[1]
    rates = {r["unit"]: r["value"] for r in by_unit if r["metric"] == "membership_rate"}
    assert rates == {"甲工会": pytest.approx(0.9), "乙工会": pytest.approx(0.5)}


def test_the_seed_example_welfare_ledger(store_url, capsys):
    ledger = next(p for p in SAMPLES if p.name.startswith("华新机械有限公司工会2024年帮扶慰问"))
    assert run(capsys, "import", str(ledger), "--db", store_url)[0] == 0
    code, records = run_json(capsys, "metrics", "--db", store_url, "--by", "unit")
    welfare = {
        (r["metric"], r["category"]): r["value"] for r in records if r["period"] == "2024" and r["unit"] == "华新机械有限公司工会"
    }
    assert welfare[("welfare_amount", None)] == 34_500
    assert welfare[("welfare_count", "住院慰问")] == 16 and welfare[("welfare_amount", "住院慰问")] == 4_000
    assert welfare[("welfare_amount", "丧葬慰问")] == 20_000


def test_unreadable_file_exits_2_with_one_chinese_line_and_stores_nothing(store_url, capsys, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    good = tmp_path / "会员.xlsx"
    good.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 100, 90]]))
    code, report = run_json(capsys, "import", str(bad), str(good), "--db", store_url)
    assert code == 2
    bad_report, good_report = report["files"]
    assert bad_report["status"] == "unreadable" and bad_report["batch"] is None and bad_report["sheets"] == []
    assert "坏文件.xlsx" in bad_report["message"]
    assert good_report["status"] == "imported"
    code, out, err = run(capsys, "import", str(bad), "--db", store_url)
    assert code == 2 and "无法读取" in out and "Traceback" not in out + err


def test_unit_option_for_one_unit_files_and_ledger_overlap(store_url, capsys, tmp_path):
    ledger = [["日期", "事由", "金额"], ["2023-05-01", "住院", 500], ["2023-09-01", "生育", 800]]
    first, second = tmp_path / "一月台账.xlsx", tmp_path / "重报台账.xlsx"
    first.write_bytes(xlsx(ledger))
    second.write_bytes(xlsx(ledger + [["2023-10-01", "退休", 1000]]))
    code, report = run_json(capsys, "import", str(first), "--db", store_url, "--unit", "甲工会")
    assert report["files"][0]["sheets"][0]["stored"] == 2
    code, report = run_json(capsys, "import", str(second), "--db", store_url, "--unit", "甲工会")
    assert code == 0 and report["files"][0]["status"] == "overlap" and report["files"][0]["batch"] is None
    assert report["files"][0]["sheets"][0]["stored"] == 0  # nothing of it was stored
    code, report = run_json(capsys, "import", str(second), "--db", store_url, "--unit", "甲工会", "--on-overlap", "replace")
    assert report["files"][0]["status"] == "imported"
    code, records = run_json(capsys, "metrics", "--db", store_url)
    amount = next(r for r in records if r["metric"] == "welfare_amount" and r["category"] is None)
    assert amount["value"] == 2_300  # the first batch was replaced, not added to


def test_template_is_read_back_by_the_importer(store_url, capsys, tmp_path):
    for kind in ("membership", "dues", "welfare", "competitions", "units", "finance"):
        out = tmp_path / f"{kind}.xlsx"
        assert run(capsys, "template", kind, "--out", str(out))[0] == 0
        code, report = run_json(capsys, "import", str(out), "--db", store_url)
        sheets = report["files"][0]["sheets"]
        assert sheets[0]["kind"] == kind and sheets[0]["stored"] == 0 and sheets[0]["rejected"] == 0
        assert any(s["sheet"] == "说明" and s["skipped"] for s in sheets)


def test_unknown_template_kind_and_bad_database_are_one_chinese_sentence(capsys, tmp_path):
    code, out, err = run(capsys, "template", "salary", "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and err.startswith("错误:") and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "metrics", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    assert code == 1 and err.startswith("错误:") and "Traceback" not in err


def test_batches_and_undo(store_url, capsys, tmp_path):
    path = tmp_path / "会员.xlsx"
    path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 100, 90]]))
    batch = run_json(capsys, "import", str(path), "--db", store_url)[1]["files"][0]["batch"]
    code, listed = run_json(capsys, "batches", "--db", store_url, "--json")
    assert listed[0]["id"] == batch and listed[0]["status"] == "active"
    assert run(capsys, "undo", str(batch), "--db", store_url)[0] == 0
    assert run_json(capsys, "metrics", "--db", store_url)[1] == []
    code, out, err = run(capsys, "undo", str(batch), "--db", store_url)
    assert code == 1 and err.startswith("错误:")
    # an undone file may be imported again
    assert run_json(capsys, "import", str(path), "--db", store_url)[1]["files"][0]["status"] == "imported"


def test_replace_then_undo_restores_and_reidentify_reads_a_batch_again(store_url, capsys, tmp_path):
    header = ["单位", "日期", "类别", "金额", "慰问对象"]
    first, corrected = tmp_path / "2024慰问.xlsx", tmp_path / "2024慰问(更正).xlsx"
    first.write_bytes(xlsx([header, ["甲工会", "2024-01-15", "节日慰问", 500, "张三"]]))
    corrected.write_bytes(xlsx([header, ["甲工会", "2024-01-15", "节日慰问", 450, "张三"]]))
    a = run_json(capsys, "import", str(first), "--db", store_url)[1]["files"][0]["batch"]
    b = run_json(capsys, "import", str(corrected), "--db", store_url, "--on-overlap", "replace")[1]["files"][0]["batch"]

    listed = {row["id"]: row for row in run_json(capsys, "batches", "--db", store_url, "--json")[1]}
    assert (listed[a]["status"], listed[a]["replaced_by"]) == ("replaced", b)
    assert f"已被替换(被批次 #{b} 替换)" in run(capsys, "batches", "--db", store_url)[1]
    again = run_json(capsys, "import", str(first), "--db", store_url)[1]["files"][0]
    assert (again["status"], again["batch"], again["duplicate_of"]) == ("duplicate", None, a)

    code, out, _ = run(capsys, "undo", str(b), "--db", store_url)
    assert (code, out) == (0, f"已撤销批次 #{b};被它替换的批次 #{a} 已恢复。\n")

    code, report = run_json(capsys, "reidentify", str(a), "--db", store_url, "--json")
    new = report["files"][0]["batch"]
    assert code == 0 and report["files"][0]["status"] == "imported" and new > b
    assert f"新批次 #{new} 替换了批次 #{a}" in report["files"][0]["message"]
    code, out, err = run(capsys, "reidentify", str(a), "--db", store_url)
    assert code == 1 and f"已被批次 #{new} 替换" in err


def test_python_dash_m_runs_and_help_is_chinese():
    result = subprocess.run([sys.executable, "-m", "unionstats", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "导入" in result.stdout


def test_rejected_rows_download_keeps_the_original_form_plus_a_reason(store_url, capsys, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "经费.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["2023年经费收缴台账"],
                ["单位", "年度", "应缴金额", "实缴金额"],
                ["甲工会", 2023, 100, 100],
                ['=HYPERLINK("http://x","点我")', 2023, 100, "暂缺"],
            ]
        )
    )
    out = tmp_path / "拒收.xlsx"
    code, report = run_json(capsys, "import", str(path), "--db", store_url, "--rejected-out", str(out))
    assert code == 0 and report["files"][0]["sheets"][0]["rejected"] == 1
    ws = load_workbook(out).active
    header = [c.value for c in ws[2]]
    assert header == ["Excel行号", "单位", "年度", "应缴金额", "实缴金额", "原因"]
    row = [c.value for c in ws[3]]
    assert row[:5] == [4, '=HYPERLINK("http://x","点我")', 2023, 100, "暂缺"]
    assert ws.cell(3, 2).data_type == "s"  # kept as text, never a live formula
    assert row[5] == '第4行「实缴金额」不是数字:"暂缺"'


def test_an_internal_error_on_one_file_does_not_lose_the_others(store_url, capsys, tmp_path, monkeypatch):
    import unionstats.ingest.parse as parse_module

    real = parse_module.parse_file

    def failing(data, name, options=None, **keywords):
        if name.startswith("坏"):
            raise ZeroDivisionError("a bug")
        return real(data, name, options, **keywords)

    monkeypatch.setattr(parse_module, "parse_file", failing)
    first, second = tmp_path / "坏.xlsx", tmp_path / "好.xlsx"
    for path in (first, second):
        path.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], [path.stem, 2023, 100, 90]]))
    code = main(["import", str(first), str(second), "--db", store_url, "--json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2 and "Traceback" not in err
    assert [f["status"] for f in report["files"]] == ["unreadable", "imported"]
    assert "程序出错" in report["files"][0]["message"]


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_records(both_stores, capsys):
    results = []
    for url in both_stores:
        assert run(capsys, "import", *map(str, SAMPLES), "--db", url)[0] == 0
        for by in ("all", "unit", "parent"):
            for period in ("year", "month"):
                results.append(run_json(capsys, "metrics", "--db", url, "--by", by, "--period", period)[1])
    half = len(results) // 2
    for on_sqlite, on_postgres in zip(results[:half], results[half:], strict=True):
        assert len(on_sqlite) == len(on_postgres) > 0
        for left, right in zip(on_sqlite, on_postgres, strict=True):
            assert {k: v for k, v in left.items() if k not in ("value", "numerator", "denominator")} == {
                k: v for k, v in right.items() if k not in ("value", "numerator", "denominator")
            }
            for key in ("value", "numerator", "denominator"):
                assert left[key] == pytest.approx(right[key], rel=1e-9) if left[key] is not None else right[key] is None


def test_naming_the_unit_on_a_second_try_is_not_a_duplicate(store_url, capsys, tmp_path):
    path = tmp_path / "会员.xlsx"
    path.write_bytes(xlsx([["年度", "职工人数", "会员人数"], [2023, 100, 90]]))
    first = run_json(capsys, "import", str(path), "--db", store_url)[1]["files"][0]
    assert first["sheets"][0]["stored"] == 0 and "填写所属单位" in first["sheets"][0]["problems"][0]["message"]
    second = run_json(capsys, "import", str(path), "--db", store_url, "--unit", "丙厂工会")[1]["files"][0]
    assert second["status"] == "imported" and second["sheets"][0]["stored"] == 1
    again = run_json(capsys, "import", str(path), "--db", store_url, "--unit", "丙厂工会")[1]["files"][0]
    assert again["status"] == "duplicate"
    batches = run_json(capsys, "batches", "--db", store_url, "--json")[1]
    assert len(batches[0]["content_hash"]) == 64


def test_command_line_mistakes_are_one_chinese_line(capsys, tmp_path):
    for argv in (["metrics", "--by", "foo"], ["undo", "abc"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 1
        err = capsys.readouterr().err
        assert err.startswith("错误:") and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "template", "units", "--out", str(tmp_path / "x.csv"))
    assert code == 1 and err.startswith("错误:") and ".xlsx" in err
    code, out, err = run(
        capsys, "import", str(tmp_path / "没有这个文件.xlsx"), "--json", "--db", f"sqlite:///{tmp_path / 's.db'}"
    )
    assert code == 2 and "找不到该文件" in json.loads(out)["files"][0]["message"]


# --- every command's exit code -------------------------------------------------------------------
# In the command lines: {db} a store holding one imported file (batch 1, 甲工会 2023), {good}
# that file, {rejecting} a file with one rejected row, {bad} a file that is no workbook,
# {missing} a file that does not exist, {backup} a backup of {db}, {out} a writable folder,
# {folder} an existing folder, {blocked} a plain file (nothing can be written under it,
# even by root, who may write into a read-only folder).
SUCCESS, USAGE, UNREADABLE, WRITE_FAILURE = "success", "usage error", "unreadable file", "write failure"
EXIT_CODES = [
    ("import", SUCCESS, ["import", "{rejecting}", "--db", "{db}", "--rejected-out", "{out}/拒收.xlsx"], 0),
    ("import", USAGE, ["import", "--db", "{db}"], 1),
    ("import", USAGE, ["import", "{good}", "--on-overlap", "merge", "--db", "{db}"], 1),
    ("import", UNREADABLE, ["import", "{bad}", "--db", "{db}"], 2),
    ("import", SUCCESS, ["import", "{rejecting}", "--dry-run", "--db", "{db}"], 0),
    ("import", UNREADABLE, ["import", "{bad}", "--dry-run", "--db", "{db}"], 2),
    ("import", UNREADABLE, ["import", "{missing}", "--dry-run", "--json", "--db", "{db}"], 2),
    ("import", UNREADABLE, ["import", "{missing}", "--db", "{db}"], 2),
    ("import", WRITE_FAILURE, ["import", "{rejecting}", "--db", "{db}", "--rejected-out", "{blocked}/拒收.xlsx"], 1),
    ("batches", SUCCESS, ["batches", "--db", "{db}"], 0),
    ("batches", USAGE, ["batches", "--all", "--db", "{db}"], 1),
    ("undo", SUCCESS, ["undo", "1", "--db", "{db}"], 0),
    ("undo", USAGE, ["undo", "abc", "--db", "{db}"], 1),
    ("undo", USAGE, ["undo", "99", "--db", "{db}"], 1),
    ("reidentify", SUCCESS, ["reidentify", "1", "--db", "{db}"], 0),
    ("reidentify", USAGE, ["reidentify", "abc", "--db", "{db}"], 1),
    ("reidentify", USAGE, ["reidentify", "99", "--db", "{db}"], 1),
    ("metrics", SUCCESS, ["metrics", "--db", "{db}"], 0),
    ("metrics", USAGE, ["metrics", "--by", "foo", "--db", "{db}"], 1),
    ("template", SUCCESS, ["template", "dues", "--out", "{out}/经费.xlsx"], 0),
    ("template", USAGE, ["template", "--out", "{out}/经费.xlsx"], 1),
    ("template", USAGE, ["template", "salary", "--out", "{out}/工资.xlsx"], 1),
    ("template", USAGE, ["template", "dues", "--out", "{out}/经费.csv"], 1),
    ("template", WRITE_FAILURE, ["template", "dues", "--out", "{blocked}/经费.xlsx"], 1),
    ("template", WRITE_FAILURE, ["template", "dues", "--out", "{folder}"], 1),
    ("sample", SUCCESS, ["sample", "--out", "{out}/示例"], 0),
    ("sample", USAGE, ["sample"], 1),
    ("sample", WRITE_FAILURE, ["sample", "--out", "{blocked}/示例"], 1),
    ("backup", SUCCESS, ["backup", "--out", "{out}/备份.zip", "--db", "{db}"], 0),
    ("backup", USAGE, ["backup", "--db", "{db}"], 1),
    ("backup", WRITE_FAILURE, ["backup", "--out", "{blocked}/备份.zip", "--db", "{db}"], 1),
    ("restore", SUCCESS, ["restore", "{backup}", "--replace", "--db", "{db}"], 0),
    ("restore", USAGE, ["restore", "{backup}", "--db", "{db}"], 1),  # the store holds data: --replace
    ("restore", UNREADABLE, ["restore", "{bad}", "--replace", "--db", "{db}"], 2),
    ("restore", UNREADABLE, ["restore", "{missing}", "--replace", "--db", "{db}"], 2),
    ("user", SUCCESS, ["user", "list", "--db", "{db}"], 0),
    ("units", SUCCESS, ["units", "list", "--db", "{db}"], 0),
    ("units", SUCCESS, ["units", "list", "--json", "--db", "{db}"], 0),
    ("units", SUCCESS, ["units", "merge", "甲工会", "甲公司工会", "--db", "{db}"], 0),
    ("units", SUCCESS, ["units", "merges", "--db", "{db}"], 0),
    ("units", USAGE, ["units", "merge", "甲工会", "--db", "{db}"], 1),
    ("units", USAGE, ["units", "merge", "甲工会", "甲工会", "--db", "{db}"], 1),
    ("units", USAGE, ["units", "undo-merge", "99", "--db", "{db}"], 1),
    ("units", USAGE, ["units", "undo-merge", "abc", "--db", "{db}"], 1),
    ("user", USAGE, ["user", "add", "某人", "--role", "king", "--db", "{db}"], 1),
    ("user", USAGE, ["user", "disable", "没有这个人", "--db", "{db}"], 1),
    ("report", SUCCESS, ["report", "--year", "2023", "--db", "{db}"], 0),
    ("report", SUCCESS, ["report", "--year", "2023", "--format", "xlsx", "--out", "{out}/汇总.xlsx", "--db", "{db}"], 0),
    ("report", USAGE, ["report", "--db", "{db}"], 1),
    ("report", USAGE, ["report", "--year", "2023", "--format", "xlsx", "--db", "{db}"], 1),
    ("report", USAGE, ["report", "--year", "2023", "--unit", "不存在的工会", "--db", "{db}"], 1),
    (
        "report",
        WRITE_FAILURE,
        ["report", "--year", "2023", "--format", "xlsx", "--out", "{blocked}/汇总.xlsx", "--db", "{db}"],
        1,
    ),
    ("report", WRITE_FAILURE, ["report", "--year", "2023", "--format", "xlsx", "--out", "{folder}", "--db", "{db}"], 1),
]


def test_the_exit_code_table_covers_every_command():
    assert {command for command, *_ in EXIT_CODES} == set(COMMANDS)
    for command in COMMANDS:
        cases = {case for name, case, *_ in EXIT_CODES if name == command}
        assert {SUCCESS, USAGE} <= cases, command


@pytest.fixture
def places(tmp_path, capsys) -> dict[str, str]:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    good, rejecting, bad = tmp_path / "会员.xlsx", tmp_path / "经费.xlsx", tmp_path / "坏文件.xlsx"
    good.write_bytes(xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 100, 90]]))
    rejecting.write_bytes(xlsx([["单位", "年度", "应缴金额", "实缴金额"], ["甲工会", 2023, 100, "暂缺"]]))
    bad.write_bytes(b"PK\x03\x04 this is not a workbook")
    (tmp_path / "挡路的文件").write_text("not a folder")
    (tmp_path / "输出").mkdir()
    (tmp_path / "文件夹.xlsx").mkdir()
    assert main(["import", str(good), "--db", db]) == 0
    assert main(["backup", "--out", str(tmp_path / "备份.zip"), "--db", db]) == 0
    capsys.readouterr()
    return {
        "db": db,
        "good": str(good),
        "rejecting": str(rejecting),
        "bad": str(bad),
        "missing": str(tmp_path / "没有这个文件.xlsx"),
        "backup": str(tmp_path / "备份.zip"),
        "out": str(tmp_path / "输出"),
        "folder": str(tmp_path / "文件夹.xlsx"),
        "blocked": str(tmp_path / "挡路的文件"),
    }


@pytest.mark.parametrize(
    ("command", "case", "argv", "expected"), EXIT_CODES, ids=[f"{c}-{case}-{i}" for i, (c, case, *_) in enumerate(EXIT_CODES)]
)
def test_each_command_exits_by_the_one_table(places, capsys, command, case, argv, expected):
    try:
        code = main([part.format(**places) for part in argv])
    except SystemExit as stopped:  # argparse stops on a wrong command line
        code = stopped.code
    out, err = capsys.readouterr()
    assert code == expected, (out, err)
    if expected == 1:
        assert err.startswith("错误:") and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_rejected_rows_file_that_cannot_be_written_is_told_before_anything_is_imported(store_url, capsys, tmp_path):
    rejecting = tmp_path / "经费.xlsx"
    rejecting.write_bytes(xlsx([["单位", "年度", "应缴金额", "实缴金额"], ["甲工会", 2023, 100, "暂缺"]]))
    blocked = tmp_path / "占位"
    blocked.write_text("a plain file: no folder can be made under it")
    code, out, err = run(capsys, "import", str(rejecting), "--db", store_url, "--rejected-out", str(blocked / "拒收.xlsx"))
    assert code == 1
    assert err.startswith("错误:无法写入「") and err.count("\n") == 1
    assert out == ""
    assert run(capsys, "batches", "--db", store_url)[1] == "还没有导入任何文件。\n"
    # a path that can be written is left as it was when it is checked: no empty file behind
    code, out, _ = run(capsys, "import", str(rejecting), "--db", store_url, "--rejected-out", str(tmp_path / "拒收.xlsx"))
    assert code == 0 and (tmp_path / "拒收.xlsx").stat().st_size > 0


def test_year_option_for_tables_that_give_no_year_and_a_file_that_stores_nothing(store_url, capsys, tmp_path):
    table = tmp_path / "会员统计.xlsx"
    table.write_bytes(xlsx([["单位", "职工人数", "会员人数"], ["甲工会", 100, 90]]))
    code, report = run_json(capsys, "import", str(table), "--db", store_url)
    file = report["files"][0]
    # §6: exit 0 (the file was read), but nothing stored: no batch, and a message that says why
    assert (code, file["status"], file["batch"]) == (0, "imported", None)
    assert file["message"] == "未入库任何数据:1个数据行全部被拒收,原因见下方;改正后可重新导入。"
    assert "请在导入时填写所属年度" in file["sheets"][0]["problems"][0]["message"]
    code, report = run_json(capsys, "import", str(table), "--db", store_url, "--year", "2024年")
    assert report["files"][0]["batch"] is not None and report["files"][0]["sheets"][0]["stored"] == 1
    code, records = run_json(capsys, "metrics", "--db", store_url)
    assert [(r["period"], r["value"]) for r in records if r["metric"] == "members"] == [("2024", 90)]


def test_a_year_option_that_is_no_year_is_one_chinese_sentence(store_url, capsys, tmp_path):
    with pytest.raises(SystemExit) as stopped:
        main(["import", str(tmp_path / "a.xlsx"), "--db", store_url, "--year", "二四年"])
    assert stopped.value.code == 1  # a usage error (cli/common.py's exit codes)
    assert "所属年度「二四年」不是年份,请写成 2024 这样的四位数字。" in capsys.readouterr().err


# --- import --dry-run (contract §6, issue 14) -------------------------------------------------------

REGISTRY = [
    ["单位名称", "上级工会", "是否建会", "年度", "职工人数", "会员人数"],
    ["恒达电子有限公司工会", "滨江街道总工会", "是", "2024", 100, 90],
    ["云溪建设集团有限公司工会", "滨江街道总工会", "是", "2024", 200, 180],
]


def own_files(tmp_path) -> list[str]:
    """The units' own returns of the district scenario: the unit only in the 填报单位 line."""
    paths = []
    for name, unit in (("恒达.xlsx", "杭州恒达电子有限公司工会"), ("云溪.xlsx", "云溪建设集团有限公司工会委员会（盖章）")):
        path = tmp_path / name
        path.write_bytes(xlsx([["2024年会员统计表"], [f"填报单位:{unit}"], ["年度", "职工人数", "会员人数"], ["2024", 110, 100]]))
        paths.append(str(path))
    return paths


def test_a_dry_run_names_units_periods_and_suggestions_and_stores_nothing(store_url, capsys, tmp_path):
    registry = tmp_path / "名册.xlsx"
    registry.write_bytes(xlsx(REGISTRY))
    assert run(capsys, "import", str(registry), "--db", store_url)[0] == 0
    code, report = run_json(capsys, "import", *own_files(tmp_path), "--dry-run", "--db", store_url)
    assert code == 0
    files = report["files"]
    assert [(f["status"], f["batch"], f["message"]) for f in files] == [("imported", None, None)] * 2
    assert [f["sheets"][0]["units"] for f in files] == [["杭州恒达电子有限公司工会"], ["云溪建设集团有限公司工会委员会"]]
    assert [f["sheets"][0]["periods"] for f in files] == [["2024"], ["2024"]]
    assert [f["suggestions"] for f in files] == [
        [{"name": "杭州恒达电子有限公司工会", "known": "恒达电子有限公司工会", "score": 100.0}],
        [{"name": "云溪建设集团有限公司工会委员会", "known": "云溪建设集团有限公司工会", "score": 100.0}],
    ]
    code, batches = run_json(capsys, "batches", "--db", store_url, "--json")
    assert len(batches) == 1  # the registry only

    code, out, _ = run(capsys, "import", *own_files(tmp_path), "--dry-run", "--db", store_url)
    assert code == 0
    assert "文件「恒达.xlsx」:可以导入(试读,未入库)" in out
    assert "单位:杭州恒达电子有限公司工会;期间:2024年" in out
    assert "「杭州恒达电子有限公司工会」可能就是「恒达电子有限公司工会」" in out
    assert out.rstrip().endswith("试读完成,没有写入数据库。")
    assert len(run_json(capsys, "batches", "--db", store_url, "--json")[1]) == 1


def test_a_dry_run_tells_a_duplicate_and_an_overlap_as_the_import_would(store_url, capsys, tmp_path):
    welfare = [["单位", "日期", "慰问类别", "金额", "人次"], ["甲工会", "2024-03-01", "生日慰问", 200, 1]]
    first, second = tmp_path / "慰问.xlsx", tmp_path / "慰问2.xlsx"
    first.write_bytes(xlsx(welfare))
    second.write_bytes(xlsx([*welfare, ["甲工会", "2024-03-09", "节日慰问", 500, 1]]))
    run(capsys, "import", str(first), "--db", store_url)
    code, report = run_json(capsys, "import", str(first), str(second), "--dry-run", "--db", store_url)
    assert [f["status"] for f in report["files"]] == ["duplicate", "overlap"]
    assert "#1" in report["files"][1]["message"]
    code, report = run_json(capsys, "import", str(second), "--dry-run", "--on-overlap", "keep", "--db", store_url)
    assert report["files"][0]["status"] == "imported" and report["files"][0]["batch"] is None
    assert len(run_json(capsys, "batches", "--db", store_url, "--json")[1]) == 1
