"""Hostile files for the trust tests, built in code: each is a way an upload can try to
crash, hang or exhaust the server (issue 7, item 1).

Big workbooks are written part by part with ``zipfile`` (openpyxl would take minutes),
so a 1,048,576-row sheet costs a second to build and a few megabytes to hold.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import xlwt

from tests.workbooks import csv_bytes, xlsx

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b"%s</Types>"
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="xl/workbook.xml"/></Relationships>'
)


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(row: int, col: int, value: object) -> bytes:
    """One cell: a number, or text as an inline string."""
    ref = f"{column_letters(col)}{row}".encode()
    if isinstance(value, int | float):
        return b'<c r="%s"><v>%s</v></c>' % (ref, str(value).encode())
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").encode()
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def package(
    sheets: dict[str, Callable[[], Iterable[bytes]]],
    *,
    shared_strings: Iterable[str] = (),
    extra: dict[str, bytes] | None = None,
    macros: bool = False,
) -> bytes:
    """An .xlsx (or .xlsm with ``macros``) written by hand: each sheet is a function
    yielding the pieces of its <sheetData>, streamed into the zip."""
    buffer = io.BytesIO()
    overrides = b""
    sheet_tags = b""
    rels = b""
    for number, name in enumerate(sheets, start=1):
        overrides += (
            b'<Override PartName="/xl/worksheets/sheet%d.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % number
        )
        sheet_tags += b'<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (name.encode(), number, number)
        rels += (
            b'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
            b' Target="worksheets/sheet%d.xml"/>' % (number, number)
        )
    strings = list(shared_strings)
    if strings:
        rels += (
            b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
            b' Target="sharedStrings.xml"/>'
        )
    if macros:
        rels += (
            b'<Relationship Id="rId998" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
            b' Target="vbaProject.bin"/>'
        )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES % overrides)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>'
            % (MAIN, sheet_tags),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels,
        )
        if strings:
            items = b"".join(b"<si><t>%s</t></si>" % s.encode() for s in strings)
            archive.writestr(
                "xl/sharedStrings.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
                % (MAIN, len(strings), len(strings), items),
            )
        for number, pieces in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % MAIN)
                for piece in pieces():
                    part.write(piece)
                part.write(b"</sheetData></worksheet>")
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
    return buffer.getvalue()


def welfare_ledger(rows: int, *, unit_count: int = 50, tag: str = "") -> bytes:
    """A valid 帮扶慰问 ledger of ``rows`` data rows (the big file of the crash test)."""

    def pieces() -> Iterable[bytes]:
        yield (
            b'<row r="1">'
            + b"".join(cell(1, c, h) for c, h in enumerate(["单位", "日期", "类别", "金额", "慰问对象"]))
            + b"</row>"
        )
        for r in range(2, rows + 2):
            yield (
                b'<row r="%d">' % r
                + cell(r, 0, f"{tag}第{r % unit_count}工会")
                + cell(r, 1, f"2023-{r % 12 + 1:02d}-{r % 28 + 1:02d}")
                + cell(r, 2, "春节慰问")
                + cell(r, 3, 200 + r % 300)
                + cell(r, 4, f"职工{r}")
                + b"</row>"
            )

    return package({"帮扶慰问": pieces})


# ---------------------------------------------------------------- the hostile files


@dataclass(frozen=True)
class Hostile:
    """One hostile upload: its name as the user gave it, how to build it, what it tries."""

    file_name: str
    build: Callable[[], bytes]
    threat: str


def _random_bytes(size: int, seed: int, prefix: bytes = b"") -> bytes:
    return prefix + random.Random(seed).randbytes(size - len(prefix))


def _small_workbook() -> bytes:
    return xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 120, 100], ["乙工会", 2023, 80, 75]])


def _corrupt_zip() -> bytes:
    data = bytearray(_small_workbook())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + info.compress_size - 4, 7):
        data[offset] ^= 0x5A  # damaged inside the compressed sheet: the CRC no longer matches
    return bytes(data)


def _zeros_zip(parts: dict[str, int]) -> bytes:
    """A package of parts of ``size`` zero bytes each, written without holding them."""
    buffer = io.BytesIO()
    block = bytes(16 * 1024**2)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=True) as part:
                written = 0
                while written < size:
                    piece = block[: size - written]
                    part.write(piece)
                    written += len(piece)
    return buffer.getvalue()


def _laughs(levels: int = 10) -> bytes:
    """The billion laughs: 10 entities each ten times the one before (3 GB expanded)."""
    entities = b'<!ENTITY lol0 "lollollollollollollollollollol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, levels)
    )
    return b"<!DOCTYPE lolz [" + entities + b"]>"


def _xml_bomb(member: str) -> bytes:
    data = package(
        {
            "Sheet1": lambda: [
                b'<row r="1">' + b'<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
            ]
        },
        shared_strings=["单位"],
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == member:
                # the DTD after the XML declaration, the entity where a value is read
                body = body.replace(b"?>", b"?>" + _laughs(), 1)
                body = body.replace("<t>单位</t>".encode(), b"<t>&lol9;</t>").replace(b'name="Sheet1"', b'name="&lol9;"')
            target.writestr(info, body)
    return buffer.getvalue()


def _far_corners() -> bytes:
    return package(
        {"Sheet1": lambda: [b'<row r="1">' + cell(1, 0, 1) + b'</row><row r="1048576">' + cell(1048576, 16383, 2) + b"</row>"]}
    )


def _million_rows() -> bytes:
    def rows() -> Iterable[bytes]:
        for r in range(1, 1_048_577):
            yield b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r)

    return package({"Sheet1": rows})


def _wide() -> bytes:
    def rows() -> Iterable[bytes]:
        yield b'<row r="1">' + b"".join(cell(1, c, f"列{c}") for c in range(16_384)) + b"</row>"
        for r in range(2, 5):
            yield b'<row r="%d">' % r + b"".join(cell(r, c, c) for c in range(16_384)) + b"</row>"

    return package({"Sheet1": rows})


def _long_cells() -> bytes:
    text = "长" * 32_767  # Excel's limit for one cell

    def rows() -> Iterable[bytes]:
        for r in range(1, 201):
            yield b'<row r="%d">' % r + cell(r, 0, text) + b"</row>"

    return package({"Sheet1": rows})


def _shared_text_bomb() -> bytes:
    """100 KB on disk; 40,000 cells each a copy of one 32,767-character string."""

    def rows() -> Iterable[bytes]:
        for r in range(1, 40_001):
            yield b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r)

    return package({"Sheet1": rows}, shared_strings=["长" * 32_767])


def _shared_text_bomb_xls() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    text = "长" * 32_767
    for r in range(40_000):
        sheet.write(r % 65_536, r // 65_536, text)  # xlwt stores the string once, in the SST
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mixed_encodings() -> bytes:
    head = "单位,年度,职工人数,会员人数\n".encode()
    body = "甲工会,2023,120,100\n乙工会,2023,80,75\n".encode("gbk")
    return head + body + "丙工会,2023,60,50\n".encode("utf-16-le")


def _utf8_head_gbk_rows() -> bytes:
    return "单位,年度,职工人数,会员人数\n".encode() + "甲工会,2023,120,100\n乙工会,2023,80,75\n".encode("gbk")


def _gbk_head_utf8_rows() -> bytes:
    return "单位,年度,职工人数,会员人数\n".encode("gbk") + "甲工会,2023,120,100\n乙工会,2023,80,75\n".encode()


def _macro_workbook() -> bytes:
    vba = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b'Attribute VB_Name = "ThisWorkbook"\r\nSub Auto_Open()\r\nShell "cmd /c del C:\\*"\r\nEnd Sub'
    )
    return package(
        {"Sheet1": lambda: [b'<row r="1">' + cell(1, 0, "启用宏后查看内容") + b"</row>"]},
        extra={"xl/vbaProject.bin": vba},
        macros=True,
    )


def _csv_named_xls() -> bytes:
    return csv_bytes([["导出时间", "2024-01-05"], ["说明", "本表由系统导出"], ["序号", "备注"], [1, "无"]], encoding="gbk")


def _html_named_xlsx() -> bytes:
    return (
        "<html><head><meta charset='utf-8'></head><body><table>"
        "<tr><td>单位</td><td>会员人数</td></tr><tr><td>甲工会</td><td>100</td></tr>"
        "<script>alert(1)</script></table></body></html>"
    ).encode()


def _no_workbook_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x00" * 64)  # an .xlsb renamed .xlsx
        archive.writestr("[Content_Types].xml", b"<Types/>")
    return buffer.getvalue()


HOSTILE_FILES: dict[str, Hostile] = {
    "random-bytes-xlsx": Hostile("随机.xlsx", lambda: _random_bytes(65_536, 1), "random bytes named .xlsx"),
    "random-bytes-xls": Hostile(
        "随机.xls", lambda: _random_bytes(65_536, 2, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "random bytes behind an OLE2 header"
    ),
    "random-bytes-csv": Hostile("随机.csv", lambda: _random_bytes(65_536, 3), "random bytes named .csv"),
    "random-zip-xlsx": Hostile(
        "随机包.xlsx", lambda: _random_bytes(65_536, 4, b"PK\x03\x04"), "random bytes behind a zip header"
    ),
    "corrupt-zip": Hostile("损坏.xlsx", _corrupt_zip, "a package whose compressed sheet is damaged"),
    "truncated-zip": Hostile("截断.xlsx", lambda: _small_workbook()[: len(_small_workbook()) // 2], "half a package"),
    "zip-bomb": Hostile("炸弹.xlsx", lambda: _zeros_zip({"xl/worksheets/sheet1.xml": 1100 * 1024**2}), "1.1 GB of zeros in 1 MB"),
    "many-parts-bomb": Hostile(
        "多部件炸弹.xlsx",
        lambda: _zeros_zip({f"xl/media/image{i}.png": 95 * 1024**2 for i in range(23)}),
        "23 parts of 95 MB each: every part within the limits, 2.1 GB in all",
    ),
    "xml-bomb-sheet": Hostile("实体炸弹.xlsx", lambda: _xml_bomb("xl/worksheets/sheet1.xml"), "billion laughs in a sheet"),
    "xml-bomb-shared-strings": Hostile(
        "实体炸弹2.xlsx", lambda: _xml_bomb("xl/sharedStrings.xml"), "billion laughs in the shared strings"
    ),
    "xml-bomb-workbook": Hostile("实体炸弹3.xlsx", lambda: _xml_bomb("xl/workbook.xml"), "billion laughs in the workbook part"),
    "far-corners": Hostile("远角.xlsx", _far_corners, "cells at A1 and XFD1048576: a 17-billion-cell grid"),
    "million-rows": Hostile("百万行.xlsx", _million_rows, "a sheet of 1,048,576 rows"),
    "sixteen-thousand-columns": Hostile("万列.xlsx", _wide, "a sheet of 16,384 columns"),
    "long-cells": Hostile("长文字.xlsx", _long_cells, "200 cells of 32,767 characters"),
    "shared-text-bomb-xlsx": Hostile("文字炸弹.xlsx", _shared_text_bomb, "40,000 cells pointing at one 32,767-character string"),
    "shared-text-bomb-xls": Hostile("文字炸弹.xls", _shared_text_bomb_xls, "the same in an Excel 97 workbook"),
    "mixed-encodings-csv": Hostile("混合编码.csv", _mixed_encodings, "UTF-8, GBK and UTF-16 lines in one CSV"),
    "utf8-head-gbk-rows-csv": Hostile("编码混杂.csv", _utf8_head_gbk_rows, "a UTF-8 header above GBK rows"),
    "gbk-head-utf8-rows-csv": Hostile("编码混杂2.csv", _gbk_head_utf8_rows, "a GBK header above UTF-8 rows"),
    "macro-workbook": Hostile("宏.xlsm", _macro_workbook, "an .xlsm with a vbaProject.bin that deletes files"),
    "csv-named-xls": Hostile("导出.xls", _csv_named_xls, "a GBK CSV named .xls"),
    "html-named-xlsx": Hostile("网页.xlsx", _html_named_xlsx, "an HTML page (with a script) named .xlsx"),
    "encrypted": Hostile(
        "加密.xlsx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
        "a password-protected workbook",
    ),
    "pdf-named-xlsx": Hostile("报告.xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF named .xlsx"),
    "xlsb-named-xlsx": Hostile("二进制.xlsx", _no_workbook_part, "a zip without xl/workbook.xml (an .xlsb)"),
    "empty": Hostile("空.xlsx", lambda: b"", "an empty file"),
}
