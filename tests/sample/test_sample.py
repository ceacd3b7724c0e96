"""Tests of unionstats.sample (district.py): the seeded sample files of the fictional 示范区总工会.

The importer is not needed here: the headers are checked against the aliases table of
rules/columns.py with a small normaliser of the test's own, and totals are re-added by hand.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import xlrd

from unionstats.ingest import idcard
from unionstats.ingest.model import REJECTED, WARNING
from unionstats.ingest.parse import ParseOptions, parse_file
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.columns import EXTRA_COLUMNS, IGNORED_HEADERS, KINDS, columns_of
from unionstats.sample import DEFAULT_SEED, SEED_UNIT, planted_problems, write_sample
from unionstats.sample.activities import activity_facts

# Every file the sample writes, and the kind of its sheets.
FILE_KINDS: dict[str, str] = {
    "2019年会员统计表.xls": "membership",
    "会员统计表（2020-2024年）.xlsx": "membership",
    "工会经费收缴台账（2019-2022年）.xlsx": "dues",
    "2023年度工会经费收缴台账.xlsx": "dues",
    "2024年度工会经费收缴台账.xlsx": "dues",
    "华新机械有限公司工会2024年经费收缴台账.xlsx": "dues",
    "帮扶慰问台账（2019-2022年）.xlsx": "welfare",
    "2023年帮扶慰问台账.xlsx": "welfare",
    "2024年东城街道帮扶慰问台账.xlsx": "welfare",
    "2024年西城街道帮扶慰问台账.xlsx": "welfare",
    "2024年南湖街道帮扶慰问台账.xlsx": "welfare",
    "华新机械有限公司工会2024年帮扶慰问台账.xlsx": "welfare",
    "劳动竞赛获奖情况（2019-2023年）.xlsx": "competitions",
    "2024年职工技能比武成绩表.xlsx": "competitions",
    "基层工会组建情况统计表（2019-2023年）.xlsx": "units",
    "2024年单位信息登记表.csv": "units",
    "示范区总工会经费收支决算表（2019-2024年）.xlsx": "finance",
    "2024年基层工会经费收支决算表（万元）.xlsx": "finance",
    # §3.8 activities
    "职工活动与培训开展情况（2023-2024年）.xlsx": "activities",
    "华新机械有限公司工会2024年活动与培训台账.xlsx": "activities",
    "2024年会员实名制名册.xlsx": "roster",  # §3.7
}
# Files without a 单位 column: their unit is on the 填报单位 line (contract §3 yes*).
UNIT_ON_LINE = {
    "华新机械有限公司工会2024年经费收缴台账.xlsx",
    "华新机械有限公司工会2024年帮扶慰问台账.xlsx",
    "示范区总工会经费收支决算表（2019-2024年）.xlsx",
    "华新机械有限公司工会2024年活动与培训台账.xlsx",
    "2024年会员实名制名册.xlsx",  # 填表单位（盖章）：…
}
FEMALE_CHILDREN = {"女", "其中女", "其中:女", "女性"}
# Headers of no kind that offices add: the importer passes over them.
OFFICE_EXTRAS = {"备注"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = write_sample(tmp_path_factory.mktemp("sample"))
    return {p.name: p for p in paths}


def normalise(header: str) -> str:
    """Width-fold, drop spaces and line breaks, drop a bracketed unit: 金额（元） → 金额."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))
    return re.sub(r"\(.*?\)", "", text)


def sheet_grids(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet of a file as rows of cell values, merged cells left empty."""
    if path.suffix == ".xls":
        book = xlrd.open_workbook(file_contents=path.read_bytes())
        return {s.name: [s.row_values(r) for r in range(s.nrows)] for s in book.sheets()}
    if path.suffix == ".csv":
        return {path.stem: list(csv.reader(io.StringIO(path.read_bytes().decode("gb18030"))))}
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def headers_of(grid: list[list[object]]) -> list[str]:
    """The header of a sheet (the row starting 序号, plus a merged second row), combined
    the way the contract reads it: 会员人数 over 合计 | 女 → 会员人数, 女会员人数."""
    top = next(i for i, row in enumerate(grid) if row and row[0] == "序号")
    first = [str(v) if v not in (None, "") else "" for v in grid[top]]
    below = [str(v) if v not in (None, "") else "" for v in grid[top + 1]]
    # 序号 spans both rows of a two-row header, and the second row holds no figures
    two_rows = below[0] == "" and any(below) and not any(isinstance(v, (int, float)) for v in grid[top + 1])
    names, parent = [], ""
    for column, text in enumerate(first):
        parent = text or parent
        child = below[column] if two_rows else ""
        if not child:
            names.append(normalise(text))
        elif child == "合计":
            names.append(normalise(parent))
        elif child in FEMALE_CHILDREN:
            names.append(normalise("女" + parent))
        else:
            names.append(normalise(parent + child))
    return [n for n in names if n]


def test_the_sample_has_every_kind_in_the_expected_files(sample):
    assert set(sample) == set(FILE_KINDS)
    assert set(FILE_KINDS.values()) == set(KINDS)


@pytest.mark.parametrize("file_name", sorted(FILE_KINDS))
def test_every_header_is_a_name_or_alias_of_its_kind(sample, file_name):
    kind = FILE_KINDS[file_name]
    kept = [c for c in EXTRA_COLUMNS if c.kind == kind]  # read into extra (a roster's 工作单位, 民族 …)
    known = (
        {normalise(n) for c in (*columns_of(kind), *kept) for n in (c.name, *c.aliases)} | set(IGNORED_HEADERS) | OFFICE_EXTRAS
    )
    for sheet, grid in sheet_grids(sample[file_name]).items():
        headers = headers_of(grid)
        assert set(headers) <= known, (sheet, set(headers) - known)
        found = {c.field for c in columns_of(kind) if {normalise(n) for n in (c.name, *c.aliases)} & set(headers)}
        required = {c.field for c in columns_of(kind) if c.required == "yes"}
        if file_name not in UNIT_ON_LINE:
            required |= {c.field for c in columns_of(kind) if c.required == "unit"}
        assert required <= found, (sheet, required - found)


def test_a_file_without_unit_column_names_its_unit_above_the_header(sample):
    for file_name in UNIT_ON_LINE:
        for grid in sheet_grids(sample[file_name]).values():
            lines = [str(row[0]) for row in grid[:5] if row and row[0]]
            assert any(line.startswith(("填报单位:", "填表单位（盖章）：")) for line in lines)


def test_same_seed_same_bytes(sample, tmp_path):
    again = write_sample(tmp_path / "again")
    assert [p.name for p in again] == list(sample)
    for path in again:
        assert path.read_bytes() == sample[path.name].read_bytes(), path.name


def test_another_seed_gives_other_figures(sample, tmp_path):
    other = {p.name: p for p in write_sample(tmp_path / "other", seed=7)}
    assert other["2023年帮扶慰问台账.xlsx"].read_bytes() != sample["2023年帮扶慰问台账.xlsx"].read_bytes()


def test_the_sample_is_small(sample):
    assert sum(p.stat().st_size for p in sample.values()) < 3 * 1024 * 1024


def amount(value: object) -> float:
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").removesuffix("元").removesuffix("人")
    return float(text)


def test_the_seed_units_ledger_adds_up_to_the_products_example(sample):
    grid = sheet_grids(sample[f"{SEED_UNIT}2024年帮扶慰问台账.xlsx"])["Sheet1"]
    rows = [row for row in grid if isinstance(row[0], int)]
    by_reason = {"住院": [0, 0.0], "生育": [0, 0.0], "丧葬": [0, 0.0], "退休": [0, 0.0], "困难": [0, 0.0]}
    words = {"住院": ("住院",), "生育": ("生育",), "丧葬": ("病故", "去世"), "退休": ("退休",), "困难": ("困难",)}
    for row in rows:
        reason = next(r for r, ws in words.items() if any(w in row[3] for w in ws))
        by_reason[reason][0] += row[5]
        by_reason[reason][1] += amount(row[4])
    assert by_reason == {
        "住院": [16, 4000.0],
        "生育": [5, 2500.0],
        "丧葬": [2, 20000.0],
        "退休": [2, 2000.0],
        "困难": [6, 6000.0],
    }
    total = next(row for row in grid if row[0] == "合计")
    assert (total[4], total[5]) == (34500, 31)


def test_the_seed_units_2024_figures_are_in_its_own_files_only(sample):
    for file_name in ("2024年东城街道帮扶慰问台账.xlsx", "2024年度工会经费收缴台账.xlsx"):
        for grid in sheet_grids(sample[file_name]).values():
            assert not any(SEED_UNIT in row for row in grid)


def test_totals_rows_add_up_except_the_one_planted(sample):
    """Each 合计 equals the sum of the data rows, each 小计 those since the last 小计."""
    planted = {(p.file, p.sheet, p.row) for p in planted_problems() if p.level == WARNING and p.column and "合计" in p.what}
    mismatches = set()
    for file_name in FILE_KINDS:
        if file_name.endswith((".csv", ".xls")) or FILE_KINDS[file_name] == "finance":
            continue
        for sheet, grid in sheet_grids(sample[file_name]).items():
            data, block = [], []
            for number, row in enumerate(grid, start=1):
                if isinstance(row[0], int):
                    data.append(row)
                    block.append(row)
                    continue
                label = next((v for v in row if isinstance(v, str)), "")
                if not label.endswith(("合计", "小计")):
                    continue
                rows = block if label.endswith("小计") else data
                for column, value in enumerate(row):
                    if isinstance(value, (int, float)) and column:
                        added = sum(amount(r[column]) for r in rows if _is_number(r[column]))
                        if abs(added - value) > 0.005:
                            mismatches.add((file_name, sheet, number))
                block = []
    assert mismatches == planted


def _is_number(value: object) -> bool:
    try:
        amount(value)
    except ValueError:
        return False
    return value is not None and value != ""


def test_finance_balances_hold(sample):
    """上年结余 + 收入合计 − 支出合计 = 本年结余 in every statement, in 元 and in 万元."""
    for file_name in ("示范区总工会经费收支决算表（2019-2024年）.xlsx", "2024年基层工会经费收支决算表（万元）.xlsx"):
        for sheet, grid in sheet_grids(sample[file_name]).items():
            lines = {}
            for row in grid:
                for label in ("上年结余", "收入合计", "支出合计", "本年结余"):
                    if label in row:
                        actual_column = len(row) - 1 if file_name.endswith("（万元）.xlsx") else 4
                        lines[label] = amount(row[actual_column])
            balance = lines["上年结余"] + lines["收入合计"] - lines["支出合计"] - lines["本年结余"]
            assert balance == pytest.approx(0, abs=0.01), (file_name, sheet)


def test_planted_problems_point_at_the_spoiled_cells(sample):
    problems = planted_problems()
    assert {p.level for p in problems} == {REJECTED, WARNING}
    assert sum(p.level == REJECTED for p in problems) == 5
    for problem in problems:
        ws = openpyxl.load_workbook(sample[problem.file])[problem.sheet]
        header = next(r for r in ws.iter_rows(max_row=10, values_only=True) if r[0] == "序号")
        value = ws.cell(problem.row, header.index(problem.column) + 1).value
        if problem.level == REJECTED:
            assert value == "暂缺" or value < 0, problem
        elif "合计" in problem.what:
            assert "合计" in [c.value for c in ws[problem.row]], problem
        elif "身份证" in problem.what:  # §3.7: an 18-digit ID whose check digit is wrong
            assert idcard.normalise(value) is not None and not idcard.is_valid(value), problem
        else:
            assert value < 0, problem


def test_units_registry_has_units_without_a_union(sample):
    grid = sheet_grids(sample["2024年单位信息登记表.csv"])["2024年单位信息登记表"]
    header = grid[2]
    established = [row[header.index("建会情况")] for row in grid[3:] if row and row[0].isdigit()]
    assert 0 < established.count("未建") < len(established)


# --- §3.8 activities -------------------------------------------------------------------------


def test_the_activity_ledgers_read_back_as_their_facts(sample):
    """Every activity of the sample is stored once, with the type its facts give, whether the
    type comes from a loosely written 活动类型 cell or from the name alone (2023)."""
    facts = activity_facts(DEFAULT_SEED)
    stored = []
    for name in ("职工活动与培训开展情况（2023-2024年）.xlsx", "华新机械有限公司工会2024年活动与培训台账.xlsx"):
        parsed = parse_file(sample[name].read_bytes(), name, ParseOptions(today=date(2025, 1, 15)))
        for sheet in parsed.sheets:
            assert (sheet.kind, sheet.rejected, sheet.problems) == ("activities", 0, [])
            stored += sheet.rows[["unit", "year", "name", "type", "sessions", "participants"]].values.tolist()
    expected = [[f.unit, str(f.when.year), f.name, f.type, f.sessions, f.participants] for f in facts]
    assert sorted(stored) == sorted(expected)
    assert {f.type for f in facts} == set(STANDARD_TYPES)
    assert not any(f.unit == SEED_UNIT for f in facts if f.when.year != 2024)  # its own file only


def test_the_rosters_are_made_up_people_with_right_ids_but_the_planted_one(sample):
    """§3.7: each roster lists the unit's 2024 members (as its 会员统计 row) plus one 转出; one 性别
    is left empty; every ID has a right check digit except the planted one."""
    grids = sheet_grids(sample["2024年会员实名制名册.xlsx"])
    assert list(grids) == ["和平社区", "佳味餐饮", "南湖中心幼儿园"]
    planted = {(p.sheet, p.row) for p in planted_problems() if p.file == "2024年会员实名制名册.xlsx"}
    assert len(planted) == 1
    for sheet, grid in grids.items():
        assert (
            grid[1][0]
            == f"填表单位（盖章）：{ {'和平社区': '和平社区工会', '佳味餐饮': '佳味餐饮管理有限公司工会'}.get(sheet, '南湖中心幼儿园工会') }"
        )
        header = grid[2]
        assert header[2] == "证件号码\n(填写18位身份证)"
        people = [(number, row) for number, row in enumerate(grid, start=1) if isinstance(row[0], int)]
        assert [row[5] for _, row in people].count("转出") == 1
        assert sum(row[3] is None for _, row in people) == 1
        bad = {(sheet, number) for number, row in people if not idcard.is_valid(row[2])}
        assert bad <= planted and all(row[2].startswith("990101") for _, row in people)
