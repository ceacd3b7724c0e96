"""Fuzzing the importer (issue 7, item 1): real workbooks, mutated byte by byte or inside
their zip parts, only ever give an import report or a typed refusal.

``import_bytes`` turns an unexpected exception from parsing into an "unreadable" report
and logs it; that path is a bug of ours, so this test fails when it is taken.
"""

from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.trust.stores import REPO
from tests.workbooks import csv_bytes, xls, xlsx
from unionstats.errors import UnionStatsError
from unionstats.importer import import_bytes
from unionstats.store import close_store, open_store

STATUSES = {"imported", "duplicate", "overlap", "unreadable"}
FUZZ_EXAMPLES = int(os.environ.get("UNIONSTATS_FUZZ_EXAMPLES", "150"))


def seed_files() -> list[tuple[str, bytes]]:
    """The small sample files and a few office-shaped workbooks built in code."""
    samples = [(p.name, p.read_bytes()) for p in sorted((REPO / "data" / "sample").iterdir()) if p.stat().st_size < 25_000]
    header = [["2023年度会员统计表"], ["填报单位:东城街道总工会"], ["单位", "年度", "职工人数", "会员人数", None]]
    header += [[None, None, None, "合计", "女"]]
    rows = [
        ["甲公司工会", "2023年", "1,200", 1000, 400],
        ["乙公司工会", 2023, "800人", "７５０", None],
        ["合计", None, 2000, 1750, None],
    ]
    built = [
        ("会员统计.xlsx", xlsx(header + rows, merged=["D3:E3"])),
        (
            "慰问.xls",
            xls([["单位", "日期", "类别", "金额"], ["甲工会", "2023-05-12", "住院", "500元"], ["乙工会", 45000, "春节", 300]]),
        ),
        ("经费.csv", csv_bytes([["单位", "期间", "应缴金额", "实缴金额"], ["甲工会", "2023/5", "1,000", "980"]], encoding="gbk")),
    ]
    return samples + built


SEEDS = seed_files()
XML_SNIPPETS = [
    b"<",
    b">",
    b'"',
    b"&",
    b"&amp;",
    b"9999999",
    b"XFD1048576",
    b"<c>",
    b"<row>",
    b"</row>",
    b"<v>",
    b"</c>",
    b't="s"',
]


@st.composite
def damaged(draw: st.DrawFn, data: bytes, snippets: list[bytes]) -> bytes:
    """``data`` with 1–8 bytes flipped, runs inserted or ranges deleted."""
    body = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        if not body:
            break
        position = draw(st.integers(0, len(body) - 1))
        operation = draw(st.sampled_from(["flip", "insert", "delete"]))
        if operation == "flip":
            body[position] ^= draw(st.integers(1, 255))
        elif operation == "insert":
            body[position:position] = draw(st.sampled_from(snippets) | st.binary(min_size=1, max_size=16))
        else:
            del body[position : position + draw(st.integers(1, 64))]
    return bytes(body)


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name, data = draw(st.sampled_from(SEEDS))
    if data.startswith(b"PK") and draw(st.booleans()):
        # Damage inside one part of a well-formed zip: this is what reaches calamine.
        source = zipfile.ZipFile(io.BytesIO(data))
        member = draw(st.sampled_from(source.namelist()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                body = source.read(info.filename)
                if info.filename == member:
                    body = draw(damaged(body, XML_SNIPPETS))
                target.writestr(info.filename, body)
        data = buffer.getvalue()
    else:
        data = draw(damaged(data, [b"\x00", b"\xff", b",", b"\n", b'"', "合计".encode(), "年".encode("gbk")]))
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(1, max(1, len(data))))]
    if draw(st.integers(0, 9)) == 0:
        name = Path(name).stem + draw(st.sampled_from([".xlsx", ".xls", ".csv", ".xlsm"]))
    return name, data


class _InternalErrors(logging.Handler):
    """Records what the importer logs as an internal error (a bug, not a bad file)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    yield open_store(url)
    close_store(url)


@pytest.fixture(scope="module")
def internal_errors():
    handler = _InternalErrors()
    logger = logging.getLogger("unionstats")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(upload=mutated_files())
def test_a_mutated_workbook_gives_a_report_or_a_typed_refusal(fuzz_engine, internal_errors, upload):
    name, data = upload
    internal_errors.records.clear()
    try:
        report, _ = import_bytes(fuzz_engine, data, name, on_overlap="keep")
    except UnionStatsError as error:
        assert error.message
        return
    assert report["status"] in STATUSES
    assert not internal_errors.records, internal_errors.records[0].exc_text or internal_errors.records[0].getMessage()


# ---------------------------------------------------------------- messy values in real headers

HEADERS = [
    ["单位", "年度", "职工人数", "会员人数", "女职工人数", "女会员人数", "新发展会员人数", "上级工会"],
    ["单位", "期间", "应缴金额", "实缴金额", "经费类别", "工资总额", "上解金额"],
    ["单位", "日期", "类别", "金额", "人次", "慰问对象", "资金来源"],
    ["竞赛名称", "日期", "单位", "姓名", "项目", "级别", "奖项", "人数"],
    ["单位", "上级工会", "单位类型", "已建会", "签订集体合同", "开展工资集体协商", "年度"],
    ["科目", "年度", "决算数", "预算数", "收支类型", "单位"],
]
ODD_TEXT = [
    "合计", "本月小计", "2023年13月", "2023-02-30", "2023/5/12", "202305", "2023.10", "１２３４", "-0", "1e309", "—", "/",
    "无", "#DIV/0!", "=SUM(A1:A3)", '="2023"', "0x10", "500元", "95%", "120人", "1,2,3", "9" * 40, "金额(万元)", "填表人:",
    "2023年度", "上年结余", "401 会费收入", "金奖", "国家级", "是", "×", "√", " ", "\u3000", "甲工会", "其中:女",
]  # fmt: skip
CELL_VALUES = st.one_of(
    st.none(),
    st.sampled_from(ODD_TEXT),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
    st.booleans(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
)


@st.composite
def messy_tables(draw: st.DrawFn) -> tuple[str, bytes]:
    """A table under a real header (some columns dropped or shuffled, titles above),
    its cells anything an office file may hold, saved as .xlsx or .csv."""
    header = draw(st.permutations(draw(st.sampled_from(HEADERS))))
    header = header[: draw(st.integers(2, len(header)))]
    titles = draw(st.lists(st.lists(st.sampled_from(ODD_TEXT), max_size=2), max_size=3))
    rows = draw(st.lists(st.lists(CELL_VALUES, min_size=len(header), max_size=len(header)), max_size=12))
    table = [*titles, list(header), *rows]
    if draw(st.booleans()):
        return "表.xlsx", xlsx(table)
    text_rows = [[v.isoformat() if hasattr(v, "isoformat") else v for v in row] for row in table]
    return "表.csv", csv_bytes(text_rows, encoding=draw(st.sampled_from(["utf-8", "gb18030"])))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(upload=messy_tables(), unit=st.sampled_from([None, "华新机械有限公司工会"]))
def test_a_table_of_messy_values_gives_a_report_or_a_typed_refusal(fuzz_engine, internal_errors, upload, unit):
    name, data = upload
    internal_errors.records.clear()
    try:
        report, _ = import_bytes(fuzz_engine, data, name, unit=unit, on_overlap="keep")
    except UnionStatsError as error:
        assert error.message
        return
    assert report["status"] in STATUSES
    assert not internal_errors.records, internal_errors.records[0].exc_text or internal_errors.records[0].getMessage()


def test_figures_beyond_any_real_one_are_refused_by_row_not_by_crash(fuzz_engine, internal_errors):
    """Found by the fuzz test: 10^20 employees broke the integer cast (1e309, infinity, too)."""
    internal_errors.records.clear()
    data = xlsx(
        [
            ["单位", "年度", "职工人数", "会员人数", "女会员人数"],
            ["甲工会", 2023, 10**20, 90, 40],
            ["乙工会", 2023, 100, 90, 1e300],
        ]
    )
    report, _ = import_bytes(fuzz_engine, data, "大数.xlsx")
    assert not internal_errors.records
    [sheet] = report["sheets"]
    assert (sheet["stored"], sheet["rejected"]) == (1, 1)
    messages = [p["message"] for p in sheet["problems"]]
    assert any("数值过大" in m and "职工人数" in m for m in messages)
    assert any("数值过大" in m and "女会员人数" in m for m in messages)
    assert not any("为空" in m for m in messages)
