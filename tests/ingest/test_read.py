"""Tests for ``unionstats.ingest.read``: bytes of a file → raw cell grids.

Every file is built in code, so each test shows the mess it feeds in: a title row and
merged header above data that starts at B3, an old .xls from xlwt, CSVs in the three
encodings offices use, and hostile files (zip bombs, far-away cells, random bytes).
The scan that keeps calamine from building giant grids is checked against calamine
itself, since it models how calamine places cells.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
import python_calamine
import xlsxwriter
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionstats.errors import UnreadableFileError
from unionstats.ingest import read
from unionstats.ingest.read import RawSheet, read_sheets, sniff_format

CJK = re.compile(r"[\u4e00-\u9fff]")

# Issue 7: a hostile file is refused or read within 60 s (a liveness bound on a shared
# machine, not a speed target; speed is measured by bench/).
HOSTILE_FILE_SECONDS = 60


def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_refused(data: bytes, file_name: str, *words: str) -> str:
    """read_sheets refuses with a Chinese sentence that names the file (and says words)."""
    with pytest.raises(UnreadableFileError) as caught:
        read_sheets(data, file_name)
    message = caught.value.message
    assert f"「{file_name.rsplit('/', 1)[-1]}」" in message
    assert CJK.search(message)
    for word in words:
        assert word in message
    return message


def replace_member(data: bytes, member: str, content: bytes) -> bytes:
    """The same zip with one member's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = content if info.filename == member else source.read(info.filename)
            target.writestr(info.filename, body)
    return buffer.getvalue()


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def with_sheet_data(sheet_data: bytes) -> bytes:
    """A one-sheet xlsx whose <sheetData> is exactly the XML given."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "placeholder"
    data = workbook_bytes(workbook)
    xml = re.sub(rb"<sheetData>.*</sheetData>", lambda _: sheet_data, sheet_xml(data), flags=re.S)
    return replace_member(data, "xl/worksheets/sheet1.xml", xml)


def streamed_zip(size: int, block: bytes, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A zip holding ``xl/workbook.xml`` and one member of ``size`` bytes built from
    ``block`` repeated, written in chunks so the test never holds the inflated part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open(name, "w", force_zip64=True) as member:
            written = 0
            while written < size:
                piece = block[: size - written]
                member.write(piece)
                written += len(piece)
    return buffer.getvalue()


# ---------------------------------------------------------------- xlsx / xlsm


@pytest.fixture
def ledger_xlsx() -> bytes:
    """A 台账 as offices make it: title in B3 merged over the table, a two-row header
    with merged parents, data below; nothing in column A or rows 1–2."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "会员统计"
    sheet["B3"] = "2023年度会员统计表"
    sheet.merge_cells("B3:E3")
    sheet["B4"] = "单位"
    sheet.merge_cells("B4:B5")
    sheet["C4"] = "会员人数"
    sheet.merge_cells("C4:D4")
    sheet["C5"] = "合计"
    sheet["D5"] = "女"
    sheet["E4"] = "填报日期"
    sheet.merge_cells("E4:E5")
    sheet.append([None, "甲工会", 120, 56.0, datetime.date(2023, 5, 12)])
    sheet.append([None, "乙工会", "1,234", 2.5, datetime.datetime(2023, 5, 12, 8, 30)])
    sheet.append([None, "丙工会", None, True, "2023年5月"])
    return workbook_bytes(workbook)


def test_xlsx_starting_at_b3_gives_excel_row_numbers_and_relative_merges(ledger_xlsx):
    [sheet] = read_sheets(ledger_xlsx, "会员统计.xlsx")
    assert sheet.name == "会员统计"
    assert (sheet.first_row, sheet.first_col) == (3, 1)  # B3
    assert sheet.rows[0][0] == "2023年度会员统计表"
    assert sheet.rows[4 - sheet.first_row][0] == "单位"  # Excel row 4
    assert sorted(sheet.merged) == [
        (0, 0, 0, 3),  # B3:E3 title
        (1, 0, 2, 0),  # B4:B5 单位
        (1, 1, 1, 2),  # C4:D4 会员人数 over 合计 | 女
        (1, 3, 2, 3),  # E4:E5 填报日期
    ]
    assert sheet.rows[1:] == [
        ["单位", "会员人数", None, "填报日期"],
        [None, "合计", "女", None],
        ["甲工会", 120, 56, datetime.date(2023, 5, 12)],
        ["乙工会", "1,234", 2.5, datetime.datetime(2023, 5, 12, 8, 30)],
        ["丙工会", None, True, "2023年5月"],
    ]


def test_whole_numbers_become_int_but_bools_and_huge_numbers_do_not(ledger_xlsx):
    [sheet] = read_sheets(ledger_xlsx, "会员统计.xlsx")
    count, women = sheet.rows[3][1], sheet.rows[3][2]
    assert type(count) is int and type(women) is int
    assert sheet.rows[5][2] is True

    workbook = openpyxl.Workbook()
    workbook.active.append([1e15, 1e20, -0.0, 3.25])
    [sheet] = read_sheets(workbook_bytes(workbook), "x.xlsx")
    assert sheet.rows == [[1e15, 1e20, 0, 3.25]]
    assert [type(v) for v in sheet.rows[0]] == [float, float, int, float]


def test_empty_strings_and_error_cells_are_none():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet("经费")
    sheet.write_row("A1", ["单位", "实缴金额", "比例", "备注"])
    sheet.write("A2", "甲工会")
    sheet.write_formula("B2", '=""', None, "")  # a formula whose cached value is ""
    sheet.write_formula("C2", "=1/0", None, "#DIV/0!")
    sheet.write("D2", "暂缺")
    workbook.close()
    [raw] = read_sheets(buffer.getvalue(), "经费.xlsx")
    assert raw.rows == [["单位", "实缴金额", "比例", "备注"], ["甲工会", None, None, "暂缺"]]


def test_a_lone_cell_far_away_is_read_without_building_the_grid_from_a1():
    workbook = openpyxl.Workbook()
    workbook.active["XFD1048576"] = "最后一格"
    [sheet] = read_sheets(workbook_bytes(workbook), "far.xlsx")
    assert sheet.rows == [["最后一格"]]
    assert (sheet.first_row, sheet.first_col) == (1048576, 16383)


def test_hidden_sheets_are_read_and_chart_sheets_skipped():
    workbook = openpyxl.Workbook()
    workbook.active.title = "汇总"
    workbook.active["A1"] = "单位"
    hidden = workbook.create_sheet("隐藏的明细")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "甲工会"
    workbook.create_chartsheet("图表")
    sheets = read_sheets(workbook_bytes(workbook), "x.xlsx")
    assert [s.name for s in sheets] == ["汇总", "隐藏的明细"]
    assert sheets[1].rows == [["甲工会"]]


def test_an_empty_workbook_gives_sheets_without_rows():
    sheets = read_sheets(workbook_bytes(openpyxl.Workbook()), "空白.xlsx")
    assert sheets == [RawSheet(name="Sheet", rows=[], first_row=1, first_col=0, merged=[])]


def test_trailing_empty_rows_are_dropped():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write("A1", "单位")
    sheet.write("A2", "甲工会")
    sheet.write_formula("A5", '=""', None, "")  # looks empty, holds ""
    workbook.close()
    [raw] = read_sheets(buffer.getvalue(), "x.xlsx")
    assert raw.rows == [["单位"], ["甲工会"]]


def test_xlsm_is_read_and_its_macros_are_not(ledger_xlsx):
    # An .xlsm is an xlsx with a VBA project inside; the project is never touched.
    data = zipfile.ZipFile(io.BytesIO(ledger_xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in data.infolist():
            target.writestr(info.filename, data.read(info.filename))
        target.writestr("xl/vbaProject.bin", os.urandom(2048))
    assert sniff_format(buffer.getvalue(), "宏.xlsm") == "xlsx"
    [sheet] = read_sheets(buffer.getvalue(), "宏.xlsm")
    assert sheet == read_sheets(ledger_xlsx, "会员统计.xlsx")[0]


# ---------------------------------------------------------------- xls


@pytest.fixture
def dues_xls() -> bytes:
    """An Excel 97–2003 ledger as WPS writes it: merged title at B3, a date column."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("经费收缴")
    sheet.write_merge(2, 2, 1, 3, "2023年度会费收缴台账")  # B3:D3
    for col, text in enumerate(["单位", "实缴金额", "缴费日期"], start=1):
        sheet.write(3, col, text)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(4, 1, "甲工会")
    sheet.write(4, 2, 1200)
    sheet.write(4, 3, datetime.date(2023, 5, 12), date_style)
    sheet.write(5, 1, "乙工会")
    sheet.write(5, 2, 350.5)
    sheet.write(5, 3, "暂缺")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DUES_ROWS = [
    ["2023年度会费收缴台账", None, None],
    ["单位", "实缴金额", "缴费日期"],
    ["甲工会", 1200, datetime.date(2023, 5, 12)],
    ["乙工会", 350.5, "暂缺"],
]


def test_xls_gives_excel_row_numbers_and_merges(dues_xls):
    assert sniff_format(dues_xls, "台账.xls") == "xls"
    [sheet] = read_sheets(dues_xls, "台账.xls")
    assert sheet == RawSheet("经费收缴", DUES_ROWS, first_row=3, first_col=1, merged=[(0, 0, 0, 2)])


def test_xls_falls_back_to_xlrd_with_the_same_result(dues_xls, monkeypatch):
    def calamine_fails(data: bytes, name: str) -> list[RawSheet]:
        raise ValueError("calamine could not read it")

    monkeypatch.setattr(read, "_read_with_calamine", calamine_fails)
    [sheet] = read_sheets(dues_xls, "台账.xls")
    assert sheet == RawSheet("经费收缴", DUES_ROWS, first_row=3, first_col=1, merged=[(0, 0, 0, 2)])


# ---------------------------------------------------------------- csv

MEMBERSHIP_CSV = "单位,年度,会员人数\n甲工会,2023年,120\n乙工会,2023,\n"
MEMBERSHIP_ROWS = [["单位", "年度", "会员人数"], ["甲工会", "2023年", "120"], ["乙工会", "2023", None]]


@pytest.mark.parametrize(
    "encoded",
    [
        MEMBERSHIP_CSV.encode("utf-8"),
        MEMBERSHIP_CSV.encode("utf-8-sig"),
        MEMBERSHIP_CSV.encode("gb18030"),
        MEMBERSHIP_CSV.encode("gbk"),
        MEMBERSHIP_CSV.replace("\n", "\r\n").encode("utf-8-sig"),  # Excel on Windows
        MEMBERSHIP_CSV.replace(",", "\t").encode("utf-16"),  # Excel's "Unicode 文本"
        MEMBERSHIP_CSV.replace(",", "\t").encode("utf-8"),
        MEMBERSHIP_CSV.replace(",", ";").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "crlf", "utf-16-tab", "tab", "semicolon"],
)
def test_csv_in_every_office_encoding_reads_the_same(encoded):
    assert read_sheets(encoded, "会员/2023会员.csv") == [
        RawSheet("2023会员", MEMBERSHIP_ROWS, first_row=1, first_col=0, merged=[])
    ]


def test_csv_keeps_line_numbers_past_blank_lines_and_pads_short_rows():
    text = "\n\n2023年度会员统计\n单位,年度,会员人数\n甲工会,2023\n"
    [sheet] = read_sheets(text.encode("gb18030"), "统计.csv")
    assert sheet.first_row == 3
    assert sheet.rows == [
        ["2023年度会员统计", None, None],
        ["单位", "年度", "会员人数"],
        ["甲工会", "2023", None],
    ]


def test_a_csv_saved_as_xls_is_read_as_csv():
    data = MEMBERSHIP_CSV.encode("gb18030")
    assert sniff_format(data, "导出.xls") == "csv"
    assert read_sheets(data, "导出.xls")[0].rows == MEMBERSHIP_ROWS


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("data", "file_name", "expected"),
    [
        (b"PK\x03\x04rest", "a.csv", "xlsx"),  # content wins over the name
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xlsx", "xls"),
        ("单位,年度\n".encode("gb18030"), "a.txt", "csv"),
        (b"unit,year\n", "no-extension", "csv"),
    ],
)
def test_sniff_format(data, file_name, expected):
    assert sniff_format(data, file_name) == expected


@pytest.mark.parametrize(
    ("data", "file_name", "words"),
    [
        (b"", "空.xlsx", ["空"]),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02\x03", "报表.pdf", ["不是 Excel"]),
        (b"<html><table><tr><td>1</td></tr></table></html>", "系统导出.xls", ["网页"]),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "x.xls", ["网页"]),
        (b"\x81\xff\x80\xfe\x00\x00", "乱码.csv", ["编码"]),
    ],
    ids=["empty", "pdf", "html-as-xls", "xml-spreadsheet-2003", "undecodable-csv"],
)
def test_files_that_are_not_tables_are_refused(data, file_name, words):
    assert_refused(data, file_name, *words)
    with pytest.raises(UnreadableFileError):
        sniff_format(data, file_name)


# ---------------------------------------------------------------- hostile files


def test_random_bytes_are_refused():
    noise = os.urandom(64 * 1024)
    for file_name in ["随机.xlsx", "随机.xls", "随机.csv", "随机.bin"]:
        assert_refused(noise, file_name)
    assert_refused(b"PK\x03\x04" + noise, "随机.xlsx")
    assert_refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise, "随机.xls")


def test_truncated_workbooks_are_refused(ledger_xlsx, dues_xls):
    for cut in (len(ledger_xlsx) // 2, len(ledger_xlsx) - 30, 100):
        assert_refused(ledger_xlsx[:cut], "截断.xlsx", "损坏")
    assert_refused(dues_xls[: len(dues_xls) // 2], "截断.xls", "损坏")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert_refused(buffer.getvalue(), "通知.docx", "不是 .xlsx")


def test_a_corrupt_part_is_refused(ledger_xlsx):
    # Flip bytes inside the compressed sheet: the CRC check catches it while inflating.
    archive = zipfile.ZipFile(io.BytesIO(ledger_xlsx))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    damaged = bytearray(ledger_xlsx)
    damaged[start : start + 8] = b"\x00" * 8
    assert_refused(bytes(damaged), "坏.xlsx", "损坏")


def test_a_password_protected_xlsx_is_refused_as_encrypted():
    # An encrypted .xlsx is an OLE2 container with an EncryptedPackage stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    assert_refused(data, "加密.xlsx", "密码")


def test_zip_bomb_of_zeros_is_refused_quickly_without_holding_it():
    bomb = streamed_zip(1100 * 1024**2, bytes(16 * 1024**2))  # 1.1 GB of zeros
    assert len(bomb) < 10 * 1024**2
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert_refused(bomb, "炸弹.xlsx", "压缩炸弹")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < HOSTILE_FILE_SECONDS
    assert peak < 50 * 1024**2


def test_part_inflating_more_than_100_times_past_100_mb_is_refused():
    bomb = streamed_zip(150 * 1024**2, bytes(1024**2))  # ratio ~1000, 150 MB
    assert_refused(bomb, "比例.xlsx", "压缩比超过 100 倍")


def test_part_inflating_past_1_gb_is_refused_even_at_a_modest_ratio():
    # 1 % noise in zeros compresses only ~50 times: the ratio rule does not fire, the
    # 1 GB rule does.
    block = os.urandom(160 * 1024) + bytes(16 * 1024**2 - 160 * 1024)
    bomb = streamed_zip(1100 * 1024**2, block)
    assert 1100 * 1024**2 / len(bomb) < 100
    started = time.perf_counter()
    assert_refused(bomb, "大.xlsx", "超过 1 GB")
    assert time.perf_counter() - started < HOSTILE_FILE_SECONDS


def test_too_many_parts_and_too_much_in_total_are_refused(ledger_xlsx, monkeypatch):
    monkeypatch.setattr(read, "MAX_ZIP_MEMBERS", 3)
    assert_refused(ledger_xlsx, "多.xlsx", "部件超过 3 个")
    monkeypatch.undo()
    monkeypatch.setattr(read, "MAX_TOTAL_INFLATED_BYTES", 2 * 1024)
    assert_refused(ledger_xlsx, "多.xlsx", "解压后总计超过")


def test_a_file_over_the_size_limit_is_refused(ledger_xlsx, monkeypatch):
    monkeypatch.setattr(read, "MAX_FILE_BYTES", len(ledger_xlsx) - 1)
    for name in ("大.xlsx", "大.csv", "大.xls"):
        assert_refused(ledger_xlsx, name, "超过")
    monkeypatch.setattr(read, "MAX_FILE_BYTES", len(ledger_xlsx))
    assert read_sheets(ledger_xlsx, "大.xlsx")


FAR_CELL = b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.parametrize(
    "sheet_data",
    [
        # Two cells at opposite corners: calamine would allocate 17 billion cells and
        # abort the whole process.
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">' + FAR_CELL + b"</row></sheetData>",
        # The same with attributes in an unusual order.
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c t="n" r="XFD1048576"><v>2</v></c></row></sheetData>',
        # Cells without r: each sits right of the previous one (16384 of them).
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
        + b"<c><v>2</v></c>" * 16384
        + b"</row></sheetData>",
        # A namespace prefix on the cell tag.
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' r="XFD1048576"><x:v>2</x:v></x:c></row></sheetData>',
    ],
    ids=["corners", "attribute-order", "cells-without-r", "prefixed"],
)
def test_a_sheet_spanning_billions_of_cells_is_refused(sheet_data):
    started = time.perf_counter()
    assert_refused(with_sheet_data(sheet_data), "远.xlsx", "1000 万")
    assert time.perf_counter() - started < HOSTILE_FILE_SECONDS


def test_a_sheet_without_cell_references_is_read():
    # Files written with the bare OpenXML SDK often omit r on rows and cells; calamine
    # places each cell right of the previous one and each row below the previous one.
    rows = b"".join(b"<row>" + b"".join(b"<c><v>%d</v></c>" % (r * 20 + c) for c in range(20)) + b"</row>" for r in range(2000))
    [sheet] = read_sheets(with_sheet_data(b"<sheetData>" + rows + b"</sheetData>"), "无引用.xlsx")
    assert (sheet.first_row, sheet.first_col) == (1, 0)
    assert len(sheet.rows) == 2000 and sheet.rows[1999][19] == 39999


@pytest.mark.parametrize(
    "decoy",
    [b"<!-- <row> -->", b"<![CDATA[<row>]]>", b"<?pi <row> ?>", b'<x a="><row>"/>'],
    ids=["comment", "cdata", "processing-instruction", "quoted-attribute"],
)
def test_row_tags_hidden_in_comments_or_attributes_do_not_fool_the_scan(decoy):
    # calamine does not see the decoy <row>, so its 16384 cells share one row.
    cells = (b"<c><v>2</v></c>" + decoy) * 16384
    data = with_sheet_data(b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">' + cells + b"</row></sheetData>")
    assert_refused(data, "诱饵.xlsx", "1000 万")


def test_long_comments_and_attributes_are_skipped_by_the_exact_scan():
    # Cells without r force the exact scan. A 1.5 MB comment and attribute are longer
    # than it carries between chunks, so it must skip them as a stream — and not count
    # the far-away cell written inside them, which calamine does not see either.
    decoy = b'<c r="XFD1048576"><v>1</v></c>' * 50_000
    long_comment = b"<!--" + decoy + b"-->"
    long_attribute = b'<sheetPr codeName="' + decoy + b'"/>'
    rows = b"<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>"
    data = with_sheet_data(b"<sheetData>" + rows + b"</sheetData>")
    xml = sheet_xml(data).replace(b"<sheetData>", long_comment + long_attribute + b"<sheetData>")
    [sheet] = read_sheets(replace_member(data, "xl/worksheets/sheet1.xml", xml), "长注释.xlsx")
    assert sheet.rows == [[1, 2], [3, None]]


def test_image_bytes_that_look_like_cells_do_not_stop_a_workbook(ledger_xlsx):
    # An image whose bytes happen to hold "<c " and an unterminated "<!--" sends the
    # exact scan through binary data; it must skip it, not refuse the workbook.
    noise = os.urandom(8192).replace(b"<", b"x")
    image = noise + b"<c >" + noise + b"<!--" + bytes(2 * 1024**2) + b"<c\n"
    source = zipfile.ZipFile(io.BytesIO(ledger_xlsx))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/media/image1.png", image)
    assert read_sheets(buffer.getvalue(), "带图.xlsx") == read_sheets(ledger_xlsx, "带图.xlsx")


def test_a_dtd_in_a_sheet_that_needs_the_exact_scan_is_refused():
    data = with_sheet_data(b"<sheetData><row><c><v>1</v></c></row></sheetData>")
    xml = b'<!DOCTYPE worksheet [<!ENTITY e "x">]>' + sheet_xml(data)
    assert_refused(replace_member(data, "xl/worksheets/sheet1.xml", xml), "dtd.xlsx", "损坏")


def test_an_empty_formatted_cell_far_away_does_not_count():
    # Styling a far cell without a value is harmless: calamine ignores it, and so do we.
    data = with_sheet_data(
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="0" /></row></sheetData>'
    )
    [sheet] = read_sheets(data, "格式.xlsx")
    assert sheet.rows == [[1]]


def test_an_xml_entity_bomb_does_not_expand():
    laughs = b'<!ENTITY lol0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    xml = sheet_xml(workbook_bytes(openpyxl.Workbook()))
    xml = (
        b"<!DOCTYPE worksheet ["
        + laughs
        + b"]>"
        + re.sub(
            rb"<sheetData\s*/>|<sheetData>.*</sheetData>",
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>',
            xml,
            flags=re.S,
        )
    )
    data = replace_member(workbook_bytes(openpyxl.Workbook()), "xl/worksheets/sheet1.xml", xml)
    started = time.perf_counter()
    try:
        sheets = read_sheets(data, "实体.xlsx")
    except UnreadableFileError as error:
        assert "实体.xlsx" in error.message
    else:
        assert all(len(str(v)) < 1000 for s in sheets for row in s.rows for v in row)
    assert time.perf_counter() - started < HOSTILE_FILE_SECONDS


# ---------------------------------------------------------------- the scan follows calamine

# Pieces of <sheetData> in the shapes writers produce, plus decoys that hide tag-like
# text in comments, CDATA, processing instructions and quoted attributes.
DECOYS = st.sampled_from(
    [
        b"",
        b'<!-- <row r="30"> </row> <c r="Z9"><v>1</v></c> -->',
        b"<![CDATA[</row><row>]]>",
        b"<?pi </row> ?>",
        b"<x a=\"></row><row r=&quot;40&quot;>\" b='</row>'/>",
    ]
)
CELL_VALUES = st.sampled_from(
    [
        None,
        b"",
        b"<P:v>7</P:v>",
        b"<P:v></P:v>",
        b"<P:v/>",
        b"<P:is><P:t>x</P:t></P:is>",
        b"<P:f>1</P:f>",
        b"<P:f>1</P:f><P:v>2</P:v>",
    ]
)


@st.composite
def cell_tags(draw: st.DrawFn) -> bytes:
    prefix = draw(st.sampled_from([b"", b"x:"]))
    attributes = b""
    if draw(st.booleans()):
        column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[draw(st.integers(0, 25))] * draw(st.integers(1, 2))
        attributes += b' r="%s%d"' % (column.encode(), draw(st.integers(1, 60)))
    attributes += draw(st.sampled_from([b"", b' t="str"', b' t="n"', b' s="1"']))
    value = draw(CELL_VALUES)
    if value is None:
        return b"<%sc%s/>" % (prefix, attributes)
    return b"<%sc%s>%s</%sc>" % (prefix, attributes, value.replace(b"P:", prefix), prefix)


@st.composite
def sheet_data(draw: st.DrawFn) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        prefix = draw(st.sampled_from([b"", b"x:"]))
        number = b' r="%d"' % draw(st.integers(1, 60)) if draw(st.booleans()) else b""
        cells = b"".join(draw(cell_tags()) + draw(DECOYS) for _ in range(draw(st.integers(0, 5))))
        rows.append(b"<%srow%s>%s</%srow>" % (prefix, number, cells, prefix) if cells else b"<row%s/>" % number)
    loose = b"".join(draw(cell_tags()) for _ in range(draw(st.integers(0, 2))))
    return draw(DECOYS) + b"".join(rows) + loose


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=sheet_data(), chunk_size=st.integers(1, 64))
def test_the_cell_scan_predicts_calamines_grid(body, chunk_size):
    """read.py's model of calamine (_ExactCellScan) must match calamine itself: if a
    calamine upgrade changes how it places cells, this test says so."""
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + body + b'</sheetData><after><c r="ZZ999"><v>1</v></c></after></worksheet>'
    )
    data = replace_member(with_sheet_data(b"<sheetData/>"), "xl/worksheets/sheet1.xml", xml)
    try:
        sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except python_calamine.CalamineError:
        return  # calamine refuses it, so it builds no grid
    exact = read._ExactCellScan()
    for start in range(0, len(xml), chunk_size):
        exact.add(xml[start : start + chunk_size])
    fast = read._FastCellScan()
    fast.add(xml)
    if sheet.start is None:
        assert exact.cells() == 0
        return
    (top, left), (bottom, right) = sheet.start, sheet.end
    assert (exact.min_row, exact.min_col, exact.max_row, exact.max_col) == (top, left, bottom, right)
    if not fast.needs_exact_scan():  # the fast bound may overstate, never understate
        assert fast.min_row <= top and fast.min_col <= left and fast.max_row >= bottom and fast.max_col >= right


# ---------------------------------------------------------------- never anything else

FILE_NAMES = st.sampled_from(["x.xlsx", "x.xlsm", "x.xls", "x.csv", "x.txt", "x.pdf", "x"])


def read_or_refuse(data: bytes, file_name: str) -> None:
    try:
        sheets = read_sheets(data, file_name)
    except UnreadableFileError as error:
        assert CJK.search(error.message)
        return
    assert isinstance(sheets, list)
    assert all(isinstance(sheet, RawSheet) for sheet in sheets)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=4096), file_name=FILE_NAMES)
def test_arbitrary_bytes_are_read_or_refused(data, file_name):
    read_or_refuse(data, file_name)


def small_workbooks() -> list[bytes]:
    workbook = openpyxl.Workbook()
    workbook.active.append(["单位", "会员人数"])
    workbook.active.append(["甲工会", 120])
    workbook.active.merge_cells("A3:B3")
    old = xlwt.Workbook(encoding="utf-8")
    sheet = old.add_sheet("S")
    sheet.write_merge(0, 0, 0, 1, "单位")
    sheet.write(1, 0, 120)
    buffer = io.BytesIO()
    old.save(buffer)
    return [workbook_bytes(workbook), buffer.getvalue()]


SMALL_WORKBOOKS = small_workbooks()


@st.composite
def mutated_workbooks(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SMALL_WORKBOOKS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(1, len(data)))])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated_workbooks(), file_name=FILE_NAMES)
def test_mutated_workbooks_are_read_or_refused(data, file_name):
    read_or_refuse(data, file_name)


@st.composite
def workbooks_with_a_mutated_part(draw: st.DrawFn) -> bytes:
    """A valid zip (CRCs right) whose XML is damaged: this is what reaches calamine."""
    data = SMALL_WORKBOOKS[0]
    archive = zipfile.ZipFile(io.BytesIO(data))
    member = draw(st.sampled_from(archive.namelist()))
    body = bytearray(archive.read(member))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(body) - 1))
        snippet = draw(st.sampled_from([b"<", b">", b'"', b"&", b"9999999", b"XFD", b"<c>", b"<row>", b"</row>"]))
        if draw(st.booleans()):
            body[position : position + draw(st.integers(1, 20))] = b""
        body[position:position] = snippet
    return replace_member(data, member, bytes(body))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=workbooks_with_a_mutated_part())
def test_workbooks_with_damaged_xml_are_read_or_refused(data):
    read_or_refuse(data, "x.xlsx")


def test_text_that_is_not_a_table_file_is_refused_by_its_name():
    with pytest.raises(UnreadableFileError, match="不是 Excel 或 CSV"):
        read_sheets("# 说明\n\n这是一段说明文字。\n".encode(), "README.md")
    # the same text named .csv is a (one-column) table; named .xls it is a web export
    assert read_sheets("单位,年度\n甲,2023\n".encode(), "导出.xls")[0].rows[1] == ["甲", "2023"]
