"""unionstats.importer: one file's bytes → parsed → committed → the report of contract §6.

Store tests run on SQLite and PostgreSQL (the ``engine`` / ``store_url`` fixtures). The
workbooks are built in code (``tests/workbooks.py``).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from tests.workbooks import xlsx
from unionstats import importer
from unionstats.access import OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError
from unionstats.importer import file_report, import_bytes, import_files, parse_options
from unionstats.ingest import parse
from unionstats.ingest.model import ParsedSheet, Problem
from unionstats.metrics import compute_metrics
from unionstats.rules.welfare import CATEGORY_RULES, WELFARE_STANDARDS
from unionstats.store import list_batches
from unionstats.store.keys import person_key_secret
from unionstats.store.settings import ALIASES_SETTING, SALT_SETTING, get_setting, set_setting
from unionstats.store.units import list_units, merge_units, unit_aliases

TODAY = dt.date(2024, 12, 31)
MEMBERSHIP = [["单位名称", "年度", "职工人数", "会员人数"], ["甲工会", "2024", 100, 90], ["乙工会", "2024", 50, -1]]


# --- the report --------------------------------------------------------------------------


def test_a_report_without_a_parsed_file_names_it_and_lists_no_sheets():
    assert file_report("会员.xlsx", "unreadable", message="读不出。") == {
        "file": "会员.xlsx",
        "status": "unreadable",
        "message": "读不出。",
        "batch": None,
        "suggestions": [],
        "duplicate_of": None,
        "sheets": [],
    }


def test_a_report_masks_numbers_in_file_and_sheet_names_and_stores_nothing_unless_imported(engine):
    # contract §5: a file named after a person's phone is shown and downloaded
    report, parsed = import_bytes(engine, xlsx(("13812345678", MEMBERSHIP)), "张三13812345678.xlsx", today=TODAY)
    assert "13812345678" not in report["file"] and "13812345678" not in report["sheets"][0]["sheet"]
    duplicate = file_report("张三13812345678.xlsx", "duplicate", parsed=parsed)
    assert [s["stored"] for s in duplicate["sheets"]] == [0]
    assert [s["stored"] for s in report["sheets"]] == [1]


def test_a_sheet_reports_each_problem_with_row_column_level_and_message():
    sheet = ParsedSheet(name="会员", kind="membership", skipped=None)
    sheet.problems.append(
        Problem(sheet="会员", row=4, column="会员人数", level="rejected", code="negative", message="不能为负数")
    )
    part = importer.sheet_report(sheet)
    assert part["problems"] == [{"row": 4, "column": "会员人数", "level": "rejected", "message": "不能为负数"}]


# --- importing bytes ---------------------------------------------------------------------


def test_a_file_is_stored_once_then_reported_as_a_duplicate(engine):
    data = xlsx(MEMBERSHIP)  # once: a workbook written a second later carries another timestamp
    first, parsed = import_bytes(engine, data, "会员.xlsx", today=TODAY)
    assert (first["status"], first["message"]) == ("imported", None)
    assert [(s["kind"], s["stored"], s["rejected"]) for s in first["sheets"]] == [("membership", 1, 1)]
    assert parsed is not None and parsed.kinds == ["membership"]

    again, parsed_again = import_bytes(engine, data, "改名.xlsx", today=TODAY)
    assert (again["status"], again["batch"], again["duplicate_of"], parsed_again) == ("duplicate", None, first["batch"], None)
    # the store's sentence (store/messages.py), with the earlier batch, when it came, and 重新识别
    assert re.fullmatch(
        rf"该文件已于\d{{4}}-\d\d-\d\d \d\d:\d\d导入过\(批次 #{first['batch']}\),未重复导入。"
        "如需按现行规则重新读取,可在「导入记录」中对该批次「重新识别」。",
        again["message"],
    )
    assert len(list_batches(engine)) == 1


def test_the_same_bytes_named_for_another_unit_are_another_import(engine):
    ledger = xlsx([["日期", "类别", "金额", "慰问对象"], ["2024-03-01", "生日慰问", 200, "张三"]])
    first, _ = import_bytes(engine, ledger, "台账.xlsx", unit="甲工会", today=TODAY)
    second, _ = import_bytes(engine, ledger, "台账.xlsx", unit="乙工会", today=TODAY)
    assert (first["status"], second["status"]) == ("imported", "imported")


def test_bytes_that_are_no_table_store_nothing_and_say_why(engine):
    report, parsed = import_bytes(engine, b"\x00\x01 not a workbook", "坏文件.xlsx", today=TODAY)
    assert (report["status"], parsed) == ("unreadable", None)
    assert report["message"] == "文件「坏文件.xlsx」不是 Excel 或 CSV 文件,请另存为 .xlsx 后再上传。"
    assert list_batches(engine) == []


def test_a_workbook_without_any_known_table_is_imported_with_nothing_stored(engine):
    report, parsed = import_bytes(engine, xlsx([["随便", "什么"], ["a", "b"]]), "备忘.xlsx", today=TODAY)
    assert (report["status"], report["batch"]) == ("imported", None)
    assert report["message"] == (
        "未入库任何数据:文件中没有可识别的统计表"
        "(工作表「Sheet1」:未找到可识别的表头（如「单位」「年度」「会员人数」「实缴金额」「金额」等）)。"
    )
    assert parsed is not None and list_batches(engine) == []


def test_a_file_whose_every_row_is_rejected_stores_nothing_and_says_so(engine):
    rows = [["单位", "年度", "职工人数", "会员人数"], ["A厂", 2024, "很多", 90], ["B厂", "去年", 50, 40]]
    report, _ = import_bytes(engine, xlsx(rows), "全错.xlsx", today=TODAY)
    assert (report["status"], report["batch"]) == ("imported", None)
    assert report["message"] == "未入库任何数据:2个数据行全部被拒收,原因见下方;改正后可重新导入。"
    assert report["sheets"][0]["rejected"] == 2 and list_batches(engine) == []
    # nothing was stored, so the corrected file — or the same one after a new alias — is no duplicate
    again, _ = import_bytes(engine, xlsx(rows), "全错.xlsx", today=TODAY)
    assert again["status"] == "imported"


def test_the_year_named_at_upload_is_used_and_makes_another_import(engine):
    rows = [["单位", "职工人数", "会员人数"], ["A厂", 100, 90]]
    without, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=TODAY)
    assert without["batch"] is None and "请在导入时填写所属年度" in without["sheets"][0]["problems"][0]["message"]
    named, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", year="2024", today=TODAY)
    assert named["batch"] is not None and named["sheets"][0]["stored"] == 1
    members = compute_metrics(engine, by="unit")
    assert members.query("metric == 'members'")[["unit", "period", "value"]].values.tolist() == [["A厂", "2024", 90.0]]


def test_a_bug_while_parsing_costs_only_that_file(engine, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(parse, "parse_file", broken)
    report, parsed = import_bytes(engine, xlsx(MEMBERSHIP), "会员.xlsx", today=TODAY)
    assert (report["status"], parsed) == ("unreadable", None)
    assert report["message"] == "读取文件「会员.xlsx」时程序出错,该文件没有导入任何数据。请把文件发给维护人员排查。"


def test_an_observer_is_refused_before_the_file_is_read(engine):
    with pytest.raises(AccessDeniedError, match="观察者账号只能查看数据,不能导入文件"):
        import_bytes(engine, b"not even read", "x.xlsx", viewer=Viewer("观察", OBSERVER))


def test_a_unit_user_stores_only_rows_of_their_units(engine):
    viewer = Viewer("甲", UNIT, frozenset({"甲工会"}))
    report, _ = import_bytes(engine, xlsx(MEMBERSHIP[:3]), "会员.xlsx", today=TODAY, viewer=viewer)
    assert report["status"] == "imported"
    assert (report["sheets"][0]["stored"], report["sheets"][0]["rejected"]) == (1, 1)


# --- the options the parser gets ---------------------------------------------------------


def test_parse_options_carry_the_users_rules_over_the_defaults(engine):
    set_setting(engine, ALIASES_SETTING, [["membership", "members", "在册会员"], ["nonsense", "x", "y"], ["too", "short"]])
    set_setting(engine, "welfare_standards", {"生日慰问": 100})
    set_setting(engine, "welfare_category_rules", [["困难帮扶", ["大病"]]])
    options = parse_options(engine, unit="甲工会", today=TODAY, viewer=Viewer("甲", UNIT, frozenset({"甲工会"})))
    assert options.aliases.by_kind["membership"]["在册会员"].field == "members"
    assert options.welfare_standards == {**WELFARE_STANDARDS, "生日慰问": 100}
    assert options.category_rules == (("困难帮扶", ("大病",)), *CATEGORY_RULES)  # the user's first
    assert (options.unit, options.today, options.allowed_units) == ("甲工会", TODAY, frozenset({"甲工会"}))


def test_without_a_viewer_every_unit_may_be_imported(engine):
    assert parse_options(engine).allowed_units is None


def test_person_keys_are_made_with_the_stores_key_which_is_not_in_the_store(engine):
    """Issue 17, finding 4: the key of the person keys comes from ``store.keys`` (a key file
    or UNIONSTATS_KEY), never from the store's settings."""
    assert parse_options(engine).person_key_secret == person_key_secret(engine)
    assert get_setting(engine, SALT_SETTING) is None


# --- importing files ---------------------------------------------------------------------


def test_files_are_imported_one_by_one_with_progress_and_a_missing_one_reported(store_url, tmp_path):
    good = tmp_path / "会员.xlsx"
    good.write_bytes(xlsx(MEMBERSHIP))
    missing = tmp_path / "不存在.xlsx"
    seen = []
    reports = import_files([missing, good], url=store_url, progress=lambda i, n, name: seen.append((i, n, name)))
    assert seen == [(0, 2, "不存在.xlsx"), (1, 2, "会员.xlsx")]
    assert [r["status"] for r in reports] == ["unreadable", "imported"]
    assert reports[0]["message"].startswith(f"无法打开文件「{missing}」:")


def test_rejected_rows_are_written_only_when_there_are_any(store_url, tmp_path):
    with_rejected, clean = tmp_path / "有误.xlsx", tmp_path / "无误.xlsx"
    with_rejected.write_bytes(xlsx(MEMBERSHIP))
    clean.write_bytes(xlsx(MEMBERSHIP[:2]))
    out = tmp_path / "rejected.xlsx"
    import_files([clean], url=store_url, rejected_out=out)
    assert not out.exists()
    import_files([with_rejected], url=store_url, rejected_out=out)
    sheet = load_workbook(out).worksheets[0]
    assert "乙工会" in [cell.value for row in sheet.iter_rows() for cell in row]


# --- preview, then commit (issue 14) -----------------------------------------------------------------

REGISTRY = [
    ["单位名称", "上级工会", "是否建会", "年度", "职工人数", "会员人数"],
    ["恒达电子有限公司工会", "滨江街道总工会", "是", "2024", 100, 90],
    ["云溪建设集团有限公司工会", "滨江街道总工会", "是", "2024", 200, 180],
]


def own_file(unit: str, employees: int, members: int) -> bytes:
    """A unit's own membership return: the unit only in the 填报单位 line above the header."""
    return xlsx([["2024年会员统计表"], [f"填报单位:{unit}"], ["年度", "职工人数", "会员人数"], ["2024", employees, members]])


def test_a_preview_says_where_each_sheet_goes_and_stores_nothing(engine):
    preview = importer.preview_bytes(engine, xlsx(("会员", MEMBERSHIP)), "会员.xlsx", today=TODAY)
    assert preview.status == "ready" and preview.message is None and preview.duplicate_of is None
    [sheet] = preview.sheets
    assert (sheet.sheet, sheet.kind, sheet.kind_label) == ("会员", "membership", "会员统计")
    assert (sheet.units, sheet.periods, sheet.first_period, sheet.last_period) == (["甲工会"], ["2024"], "2024", "2024")
    assert (sheet.stored, sheet.rejected, sheet.warned) == (1, 1, 0)
    assert sheet.problems[0]["level"] == "rejected"
    assert list_batches(engine) == [] and unit_aliases(engine) == {}

    report = importer.commit_preview(engine, preview)
    assert report["status"] == "imported" and report["batch"] == 1
    assert report["sheets"][0]["units"] == ["甲工会"] and report["sheets"][0]["periods"] == ["2024"]


def test_a_preview_tells_a_duplicate_an_unreadable_file_and_one_that_stores_nothing(engine):
    data = xlsx(MEMBERSHIP)
    import_bytes(engine, data, "会员.xlsx", today=TODAY)
    duplicate = importer.preview_bytes(engine, data, "会员副本.xlsx", today=TODAY)
    assert (duplicate.status, duplicate.duplicate_of) == ("duplicate", 1) and "#1" in duplicate.message
    assert importer.commit_preview(engine, duplicate)["status"] == "duplicate"

    broken = importer.preview_bytes(engine, b"PK\x03\x04 no workbook", "坏.xlsx", today=TODAY)
    assert broken.status == "unreadable" and broken.message and broken.parsed is None

    empty = importer.preview_bytes(
        engine, xlsx([["单位名称", "年度", "职工人数", "会员人数"], ["甲工会", "2024", -1, 1]]), "空.xlsx"
    )
    assert empty.status == "nothing" and "未入库" in empty.message
    report = importer.commit_preview(engine, empty)
    assert report["batch"] is None and report["message"] == empty.message
    assert len(list_batches(engine)) == 1


def test_a_preview_finds_an_overlapping_ledger_without_writing(engine):
    welfare = [["单位", "日期", "慰问类别", "金额", "人次"], ["甲工会", "2024-03-01", "生日慰问", 200, 1]]
    import_bytes(engine, xlsx(welfare), "慰问.xlsx", today=TODAY)
    preview = importer.preview_bytes(engine, xlsx([*welfare, ["甲工会", "2024-03-02", "生日慰问", 100, 1]]), "慰问2.xlsx")
    assert preview.status == "ready" and [o["id"] for o in preview.overlaps] == [1]
    assert importer.preview_report(preview)["status"] == "overlap"
    assert importer.preview_report(preview, on_overlap="keep")["status"] == "imported"
    assert len(list_batches(engine)) == 1
    assert importer.commit_preview(engine, preview, on_overlap="keep")["status"] == "imported"


def test_the_district_scenario_suggestions_confirmed_make_one_unit_and_right_figures_by_parent(engine):
    import_bytes(engine, xlsx(REGISTRY), "名册.xlsx", today=TODAY)
    files = {
        "恒达.xlsx": (own_file("杭州恒达电子有限公司工会", 110, 105), "恒达电子有限公司工会"),
        "云溪.xlsx": (own_file("云溪建设集团有限公司工会委员会（盖章）", 210, 200), "云溪建设集团有限公司工会"),
    }
    for name, (data, known) in files.items():
        preview = importer.preview_bytes(engine, data, name, today=TODAY)
        [suggestion] = preview.suggestions
        assert suggestion.known == known and suggestion.score == 100
        assert preview.sheets[0].units == [suggestion.name]  # as written, before confirming
        report = importer.commit_preview(engine, preview, same_as={suggestion.name: suggestion.known})
        assert report["status"] == "imported" and report["sheets"][0]["units"] == [known]
    units = list_units(engine)
    assert list(units["unit"]) == ["云溪建设集团有限公司工会", "恒达电子有限公司工会", "滨江街道总工会"]
    rate = [
        r
        for r in compute_metrics(engine, by="parent").to_dict(orient="records")
        if r["metric"] == "membership_rate" and r["period"] == "2024"
    ]
    assert [(r["unit"], r["numerator"], r["denominator"]) for r in rate] == [("滨江街道总工会", 305, 320)]
    # the next year's file under the unit's own spelling lands on the registry's name by itself
    preview = importer.preview_bytes(engine, own_file("杭州恒达电子有限公司工会", 120, 110), "恒达2025.xlsx", today=TODAY)
    assert preview.suggestions == [] and preview.sheets[0].units == ["恒达电子有限公司工会"]


def test_import_bytes_reports_the_suggestions_but_never_merges(engine):
    import_bytes(engine, xlsx(REGISTRY), "名册.xlsx", today=TODAY)
    report, _ = import_bytes(engine, own_file("杭州恒达电子有限公司工会", 110, 105), "恒达.xlsx", today=TODAY)
    assert report["suggestions"] == [{"name": "杭州恒达电子有限公司工会", "known": "恒达电子有限公司工会", "score": 100.0}]
    assert report["sheets"][0]["units"] == ["杭州恒达电子有限公司工会"]
    assert unit_aliases(engine) == {}


def test_a_unit_account_is_not_told_other_units_names(engine):
    import_bytes(engine, xlsx(REGISTRY), "名册.xlsx", today=TODAY)
    viewer = Viewer(name="恒达", role=UNIT, units=frozenset({"杭州恒达电子有限公司工会"}))
    preview = importer.preview_bytes(engine, own_file("杭州恒达电子有限公司工会", 1, 1), "恒达.xlsx", viewer=viewer)
    assert preview.suggestions == []


def test_a_merge_after_the_preview_is_applied_when_the_file_is_committed(engine):
    import_bytes(engine, xlsx(REGISTRY), "名册.xlsx", today=TODAY)
    preview = importer.preview_bytes(engine, own_file("杭州恒达电子有限公司工会", 110, 105), "恒达.xlsx", today=TODAY)
    merge_units(engine, "杭州恒达电子有限公司工会", "恒达电子有限公司工会")  # on 设置, meanwhile
    report = importer.commit_preview(engine, preview)
    assert report["sheets"][0]["units"] == ["恒达电子有限公司工会"] and report["suggestions"] == []
