"""Bytes of an uploaded file → raw cell grids, one per sheet (contract §1).

``iter_sheets`` (and ``read_sheets``, its list) is the only door through which a user's file enters the library. It
accepts ``.xlsx`` / ``.xlsm`` (read with python-calamine: cached values of formulas,
macros never run), ``.xls`` (python-calamine, falling back to xlrd) and ``.csv`` in
UTF-8, UTF-8 with BOM or GB18030/GBK. The format is decided by the file's content
first and by its name second, because offices rename files freely (a CSV saved as
``.xls`` by a web system is common).

Everything that can go wrong becomes ``UnreadableFileError`` with one Chinese sentence
naming the file: a corrupt or truncated file, a password, a PDF, a zip bomb. No other
exception leaves this module.

Before calamine sees a zip-based workbook, every package part is inflated once as a
stream and counted (contract §1 safety limits), and its cell references are scanned so
that a tiny file cannot make calamine allocate a grid of billions of cells — calamine
builds each sheet as a dense rectangle and aborts the whole process when that
allocation fails, which no ``except`` can catch.

The grids are returned as written: no header detection, no cleaning. That is
``header.py``'s and ``clean.py``'s job.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

import numpy as np
import python_calamine
import xlrd

from unionstats.errors import UnreadableFileError

# contract §1 safety limits. Module constants so tests can lower them.
MAX_FILE_BYTES = 200 * 1024**2
MAX_PART_BYTES = 1024**3
RATIO_CHECKED_FROM_BYTES = 100 * 1024**2
MAX_RATIO = 100
# Not in the contract, but without them a hostile package of thousands of parts, each
# just under the per-part limits, would keep a worker busy for minutes.
MAX_ZIP_MEMBERS = 10_000
MAX_TOTAL_INFLATED_BYTES = 2 * 1024**3
# Largest rectangle of cells one sheet may span (rows × columns between its first and
# last non-empty cell). A 100,000-row × 100-column ledger fits; past this calamine's
# dense grid and its Python copy alone need gigabytes.
MAX_SHEET_CELLS = 10_000_000
# Text the grids of one workbook may hold, in UTF-8 bytes. calamine copies a shared
# string into every cell that points at it, so a 100 KB file whose 20,000 cells all
# point at one 32,767-character string would need gigabytes; a real ledger of 100,000
# rows holds a few tens of megabytes.
MAX_TEXT_BYTES = 256 * 1024**2

_CHUNK_BYTES = 1024**2
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE2 container holding this stream (MS-OFFCRYPTO).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
# Formats users upload by mistake under a spreadsheet's name; GB18030 would decode
# their bytes as text, so they are named before any decoding is tried.
_OTHER_FORMAT_MAGICS = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
    b"{\\rtf",
)
# A text file under a spreadsheet's name is read as CSV (web systems' "导出Excel" often
# writes tab-separated text named .xls); text under any other name (a .md, a .json) is
# not a table the user meant to upload.
_SPREADSHEET_EXTENSIONS = (".xls", ".xlsx", ".xlsm", ".et")
# Floats with an integral value below this become int; above it a float no longer
# holds every integer exactly, so it stays as calamine gave it.
_LARGEST_EXACT_INTEGER = 1e15

# One sentence per way a file can be unreadable: what is wrong and what to do.
_MESSAGES = {
    "empty": "文件「{name}」是空的,请检查后重新上传。",
    "too_large": "文件「{name}」超过 {limit},请拆分成几个较小的文件后再上传。",
    "not_table": "文件「{name}」不是 Excel 或 CSV 文件,请另存为 .xlsx 后再上传。",
    "html": ("文件「{name}」其实是网页(HTML/XML)格式,不是真正的 Excel 文件,请用 Excel 打开后另存为 .xlsx 再上传。"),
    "encoding": "文件「{name}」的文字编码无法识别,请另存为 UTF-8 编码的 CSV 或 .xlsx 后再上传。",
    "not_workbook": (
        "文件「{name}」是压缩包,但不是 .xlsx/.xlsm 工作簿(可能是 .xlsb、WPS 或其他格式),请在 Excel 中另存为 .xlsx 后再上传。"
    ),
    "too_many_parts": "文件「{name}」内部包含的部件超过 {limit} 个,疑似恶意文件,已拒绝读取。",
    "part_too_large": "文件「{name}」解压后超过 {limit},疑似压缩炸弹,已拒绝读取。",
    "ratio": "文件「{name}」的压缩比超过 {limit} 倍,疑似压缩炸弹,已拒绝读取。",
    "total_too_large": "文件「{name}」解压后总计超过 {limit},已拒绝读取,请拆分后再上传。",
    "text_too_large": (
        "文件「{name}」中的文字展开后超过 {limit}(大量单元格重复引用超长文字),疑似恶意文件,已拒绝读取,请删除多余内容后另存再上传。"
    ),
    "sheet_too_large": (
        "文件「{name}」中有工作表的数据区域超过 {limit} 个单元格(可能在很远的行列里有零星内容),请删除多余内容后另存再上传。"
    ),
    "encrypted": "文件「{name}」设有打开密码,请在 Excel 中取消密码后另存为 .xlsx 再上传。",
    "corrupt": "文件「{name}」已损坏或不完整,无法读取,请用 Excel 打开后另存为 .xlsx 再上传。",
}


@dataclass
class RawSheet:
    """One sheet's cells exactly as the file holds them.

    ``rows`` is a rectangle of cell values: ``None`` (empty), ``str``, ``int``,
    ``float``, ``bool``, ``datetime.date``, ``datetime.datetime``, ``datetime.time``
    or ``datetime.timedelta`` (a duration format such as ``[h]:mm``). Error cells
    (``#DIV/0!``) are ``None``. Leading and trailing empty rows and leading empty
    columns are trimmed, so ``rows`` is empty for an empty sheet.

    ``first_row`` is the row number Excel shows for ``rows[0]`` (1-based): the Excel
    row of ``rows[i]`` is ``first_row + i``. ``first_col`` is the 0-based Excel
    column of ``rows[i][0]`` (0 = A). For a CSV file, rows are records and columns are
    fields, numbered the way Excel would show the file.

    ``merged`` lists merged ranges as ``(row0, col0, row1, col1)``, 0-based and
    inclusive, relative to ``rows`` (``rows[row0][col0]`` holds the value). A range is
    clipped to the rectangle; one whose value cell lies outside it is dropped (its
    value cell is empty).
    """

    name: str
    rows: list[list[object]]
    first_row: int
    first_col: int
    merged: list[tuple[int, int, int, int]]


def read_sheets(data: bytes, file_name: str) -> list[RawSheet]:
    """Read every worksheet of an uploaded file, in workbook order (see ``iter_sheets``)."""
    return list(iter_sheets(data, file_name))


def iter_sheets(data: bytes, file_name: str) -> Iterator[RawSheet]:
    """Read the worksheets of an uploaded file one at a time, in workbook order.

    ``file_name`` is the name the user gave the file (a path is fine); it names the
    file in messages and the sheet of a CSV. Hidden worksheets are read; chart,
    dialog and macro sheets are skipped. Raises ``UnreadableFileError`` — and nothing
    else — when the file cannot be read or breaks a safety limit (contract §1); the
    package checks run before the first sheet is given. A caller that is done with a
    sheet before it asks for the next holds one sheet's grid, not the workbook's: a
    1,000,000-row ledger split over sheets is read in the memory of its largest sheet.
    """
    name = _display_name(file_name)
    try:
        file_format, text = _sniff(data, name, file_name)
        if file_format == "xlsx":
            _check_package(data, name)
            yield from _read_with_calamine(data, name)
        elif file_format == "xls":
            _check_xls_text(data, name)
            yield from _read_xls(data, name)
        else:
            yield _read_csv(text or "", PurePosixPath(name).stem or name)
    except UnreadableFileError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        # BaseException, not Exception: a panic inside calamine's Rust code arrives as
        # pyo3's PanicException, which derives from BaseException.
        raise _error("corrupt", name) from exc


def sniff_format(data: bytes, file_name: str) -> str:
    """Say how a file must be read: ``"xlsx"`` (also .xlsm), ``"xls"`` or ``"csv"``.

    Decided by the bytes before the extension: a zip is an xlsx/xlsm, an OLE2 container
    an xls; text is a CSV when the name ends in .csv/.txt or the bytes decode as
    text. Raises ``UnreadableFileError`` for an empty file, HTML/XML disguised as a
    spreadsheet, or anything else.
    """
    file_format, _ = _sniff(data, _display_name(file_name), file_name)
    return file_format


def _sniff(data: bytes, name: str, file_name: str) -> tuple[str, str | None]:
    """Return the format and, for a CSV, its decoded text (decoded once, used twice)."""
    if not data:
        raise _error("empty", name)
    if len(data) > MAX_FILE_BYTES:
        raise _error("too_large", name, limit=_size_text(MAX_FILE_BYTES))
    if data.startswith(_ZIP_MAGIC):
        return "xlsx", None
    if data.startswith(_OLE2_MAGIC):
        return "xls", None
    if data.startswith(_OTHER_FORMAT_MAGICS):
        raise _error("not_table", name)  # a PDF or an image renamed .xlsx
    text = _decode_text(data)
    named_as_text = file_name.lower().endswith(_TEXT_EXTENSIONS)
    if text is None:
        raise _error("encoding" if named_as_text else "not_table", name)
    if not _looks_like_text(text):
        raise _error("encoding" if named_as_text else "not_table", name)
    suffix = PurePosixPath(file_name.lower()).suffix
    if suffix and not file_name.lower().endswith(_TEXT_EXTENSIONS + _SPREADSHEET_EXTENSIONS):
        raise _error("not_table", name)
    if text.lstrip().startswith("<"):
        # Web systems' "导出Excel" often writes an HTML table or XML Spreadsheet 2003
        # and names it .xls; Excel opens it, we cannot.
        raise _error("html", name)
    return "csv", text


# ---------------------------------------------------------------- zip-based workbooks


def _check_package(data: bytes, name: str) -> None:
    """Refuse a zip that is not a workbook or that breaks a safety limit (contract §1).

    Every part is inflated as a stream in fixed-size chunks and counted, so a bomb is
    refused after at most ``MAX_PART_BYTES`` of inflation and nothing inflated is kept.
    The header's sizes are never trusted, except the compressed size, which is capped
    by the file's own length. Each part's cells are located on the way (see
    ``_FastCellScan``) so that no sheet can make calamine build a giant grid.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as exc:
        raise _error("corrupt", name) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise _error("too_many_parts", name, limit=MAX_ZIP_MEMBERS)
    # calamine reads xlsx/xlsm from xl/workbook.xml; .xlsb, .ods and .docx lack it.
    if "xl/workbook.xml" not in {member.filename.lower() for member in members}:
        raise _error("not_workbook", name)
    inflater = _Inflater(archive, name, len(data))
    text = _SharedText()
    # The shared strings first: each cell is charged the length of the string it points at.
    members.sort(key=lambda member: not _is_shared_strings(member))
    for member in members:
        fast = _FastCellScan()
        strings = _SharedStringLengths() if _is_shared_strings(member) else None
        for chunk in inflater.chunks(member):
            fast.add(chunk)
            if strings is not None:
                strings.add(chunk)
            else:
                text.add(chunk)
        if strings is not None:
            text.learn(strings.finish())
        else:
            text.finish_part()
        if text.total > MAX_TEXT_BYTES:
            raise _error("text_too_large", name, limit=_size_text(MAX_TEXT_BYTES))
        if not fast.needs_exact_scan():
            continue
        # Rare writers omit cell references or order attributes differently; walk the
        # part again tag by tag (its size is already known to be within the limits).
        exact = _ExactCellScan()
        try:
            for chunk in inflater.chunks(member, counted=False):
                exact.add(chunk)
                if exact.done or exact.too_large():
                    break
        except _MalformedPart as exc:
            raise _error("corrupt", name) from exc
        if exact.too_large():
            raise _error("sheet_too_large", name, limit=_count_text(MAX_SHEET_CELLS))


class _Inflater:
    """Streams the parts of one package, enforcing the inflation limits as it goes."""

    def __init__(self, archive: zipfile.ZipFile, name: str, file_size: int) -> None:
        self.archive = archive
        self.name = name
        self.file_size = file_size
        self.total = 0

    def chunks(self, member: zipfile.ZipInfo, counted: bool = True) -> Iterator[bytes]:
        """Yield the part's inflated bytes, at most ``_CHUNK_BYTES`` at a time."""
        # A lying header could claim a huge compressed size to dodge the ratio test.
        compressed = max(1, min(member.compress_size, self.file_size))
        inflated = 0
        with self.archive.open(member) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                inflated += len(chunk)
                if inflated > MAX_PART_BYTES:
                    raise _error("part_too_large", self.name, limit=_size_text(MAX_PART_BYTES))
                if inflated > RATIO_CHECKED_FROM_BYTES and inflated > MAX_RATIO * compressed:
                    raise _error("ratio", self.name, limit=MAX_RATIO)
                if counted:
                    self.total += len(chunk)
                    if self.total > MAX_TOTAL_INFLATED_BYTES:
                        raise _error("total_too_large", self.name, limit=_size_text(MAX_TOTAL_INFLATED_BYTES))
                yield chunk


def _is_shared_strings(member: zipfile.ZipInfo) -> bool:
    """True for the part calamine reads shared strings from (it ignores the rels and
    matches this one name, in any case and with either slash)."""
    return member.filename.replace("\\", "/").lower() == "xl/sharedstrings.xml"


# A shared string begins at each <si> (any prefix); what lies between two of them is an
# upper bound of the first one's text in UTF-8 (markup and entities only add bytes).
_SHARED_STRING_START = re.compile(rb"<(?:[^\s/>\"':<]+:)?si[\s/>]")
# A cell pointing at a shared string, as Excel, WPS, LibreOffice and openpyxl write it.
_SHARED_CELL = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,6}")? t="s"(?: s="[0-9]{1,6}")?><v>([0-9]{1,10})</v>')
# Any attribute t="s" (or t = 's'): a shared-string cell, however it is written.
_SHARED_TYPE = re.compile(rb"""\st\s*=\s*["']s["']""")


class _SharedStringLengths:
    """The length of every shared string (upper bounds, UTF-8 bytes), from its part."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.offset = 0  # bytes of the part before the current chunk
        self.tail = b""

    def add(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        base = self.offset - len(self.tail)
        # A start ending inside the old tail was found with the previous chunk.
        self.starts.extend(base + m.start() for m in _SHARED_STRING_START.finditer(buffer) if m.end() > len(self.tail))
        self.offset += len(chunk)
        self.tail = buffer[-8:]

    def finish(self) -> list[int]:
        ends = [*self.starts[1:], self.offset]
        return [end - start for start, end in zip(self.starts, ends, strict=True)]


class _SharedText:
    """Text the sheets' grids will hold through shared strings (``total``, UTF-8 bytes).

    calamine copies a shared string into every cell that points at it. Each cell of the
    canonical form is charged the length of its string; any other cell typed ``t="s"``
    the longest string's length — so ``total`` is an upper bound.
    """

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.longest = 0
        self.total = 0
        self.tail = b""
        self.typed = 0
        self.matched = 0

    def learn(self, lengths: list[int]) -> None:
        # Several parts may carry the name; calamine reads one of them: assume the worst.
        self.lengths = [max(pair) for pair in itertools.zip_longest(self.lengths, lengths, fillvalue=0)]
        self.longest = max(self.lengths, default=0)

    def add(self, chunk: bytes) -> None:
        if not self.longest:
            return
        buffer = self.tail + chunk
        found = _SHARED_CELL.findall(buffer)
        seen = len(_SHARED_CELL.findall(self.tail))  # counted with the previous chunk
        size = len(self.lengths)
        for index in found[seen:]:
            number = int(index)
            self.total += self.lengths[number] if number < size else 0
        self.matched += len(found) - seen
        self.typed += len(_SHARED_TYPE.findall(buffer)) - len(_SHARED_TYPE.findall(self.tail))
        self.tail = buffer[-_OVERLAP_BYTES:]

    def finish_part(self) -> None:
        self.total += max(0, self.typed - self.matched) * self.longest
        self.tail, self.typed, self.matched = b"", 0, 0


class _MalformedPart(Exception):
    """A package part no spreadsheet writer produces (a DTD, a bad cell reference)."""


# Excel's grid; a reference beyond it comes from a broken or hostile writer.
_EXCEL_ROWS = 1_048_576
_EXCEL_COLUMNS = 16_384


class _Extent:
    """Rectangle spanned by the non-empty cells of one package part (0-based)."""

    def __init__(self) -> None:
        self.min_row = self.min_col = 1 << 62
        self.max_row = self.max_col = -1

    def include(self, row: int, col: int) -> None:
        self.min_row = min(self.min_row, row)
        self.max_row = max(self.max_row, row)
        self.min_col = min(self.min_col, col)
        self.max_col = max(self.max_col, col)

    def cells(self) -> int:
        if self.max_row < 0:
            return 0
        return (self.max_row - self.min_row + 1) * (self.max_col - self.min_col + 1)

    def too_large(self) -> bool:
        """True when calamine's dense grid for this part would break MAX_SHEET_CELLS."""
        return self.max_row >= _EXCEL_ROWS or self.max_col >= _EXCEL_COLUMNS or self.cells() > MAX_SHEET_CELLS


# The form every common writer uses (Excel, WPS, openpyxl, xlsxwriter): r comes first,
# <c r="B3" — as a regular expression, rb'<c r="([A-Z]{1,3})([0-9]{1,7})"'.
# Other cell tags are <c followed by a space, '>' or '/'; a tag with a tab or line
# break after <c, or a namespace prefix (<x:c , any prefix length), the canonical
# reading cannot place.
# Longer than any fast pattern, so a match cut by a chunk boundary lies whole in the
# overlap: '<c r="XFD1048576"' is 18 bytes.
_OVERLAP_BYTES = 32
# Bytes looked at after "<c": ' r="' (4), three letters, seven digits and the quote.
_AFTER_C_BYTES = 16
_PADDING = bytes(_AFTER_C_BYTES + 8)
_REFERENCE_BYTES = 11
_REFERENCE_POSITIONS = np.arange(_REFERENCE_BYTES)
_REFERENCE_OFFSETS = _REFERENCE_POSITIONS + 5  # after "<c r=\"", counted from the c
_SPACE_BYTES = np.frombuffer(b" \t\n\r\x0b\x0c", dtype=np.uint8)  # regex \s on bytes


class _FastCellScan(_Extent):
    """Upper bound of the grid, from ``<c r="B3"`` tags alone, at numpy speed.

    It counts every cell, empty ones included, so it can only overstate the grid. When
    some cell tag is not in the canonical form, or the bound is too large, the caller
    runs ``_ExactCellScan``, which follows calamine's own rules.

    Each chunk is looked at as a numpy byte array: the positions of every "<c", then the
    bytes after each, so a 55 MB sheet of 800,000 cells costs no Python object per cell
    (``tests/ingest/test_read_scan.py`` checks it against the regular expressions it replaced).
    """

    def __init__(self) -> None:
        super().__init__()
        self.tail = b""  # end of the previous chunk, for matches cut by the boundary
        self.cell_tags = 0
        self.canonical_tags = 0
        self.unusual = False

    def needs_exact_scan(self) -> bool:
        return self.unusual or self.cell_tags != self.canonical_tags or self.too_large()

    def add(self, chunk: bytes) -> None:
        buffer = self.tail + chunk
        seen = len(self.tail)  # a match ending within these bytes was counted with the previous chunk
        self.tail = buffer[-_OVERLAP_BYTES:]
        size = len(buffer)
        # zeros after the end: a match cut by it fails as a regular expression's would
        data = np.frombuffer(buffer + _PADDING, dtype=np.uint8)
        c_at = np.flatnonzero(data[1:size] == ord("c")) + 1
        before, after = data[c_at - 1], data[c_at + 1]
        at_tag = before == ord("<")
        if not self.unusual:
            odd_space = at_tag & ((after == ord("\t")) | (after == ord("\r")) | (after == ord("\n")))
            prefixed = (before == ord(":")) & (np.isin(after, _SPACE_BYTES) | (after == ord("/")) | (after == ord(">")))
            self.unusual = bool(odd_space.any() or prefixed.any())
        tags = c_at[at_tag & ((after == ord(" ")) | (after == ord(">")) | (after == ord("/")))]
        # "<c " ends two bytes after its c
        self.cell_tags += int(np.count_nonzero(tags + 2 > seen))
        opens = tags[
            (data[tags + 1] == ord(" "))
            & (data[tags + 2] == ord("r"))
            & (data[tags + 3] == ord("="))
            & (data[tags + 4] == ord('"'))
        ]
        if not len(opens):
            return
        # the reference and its closing quote: up to three letters, seven digits, '"'
        window = data[opens[:, None] + _REFERENCE_OFFSETS]
        at = np.arange(len(window))
        letter_count = ((window < ord("A")) | (window > ord("Z"))).argmax(axis=1)  # the first non-letter
        not_digit = (window < ord("0")) | (window > ord("9"))
        not_digit[_REFERENCE_POSITIONS < letter_count[:, None]] = False
        digit_count = not_digit.argmax(axis=1) - letter_count
        canonical = (
            (letter_count >= 1)
            & (letter_count <= 3)
            & (digit_count >= 1)
            & (digit_count <= 7)
            & (window[at, np.minimum(letter_count + digit_count, _REFERENCE_BYTES - 1)] == ord('"'))
        )
        self.canonical_tags += int(np.count_nonzero(canonical & (opens + 6 + letter_count + digit_count > seen)))
        if not canonical.any():
            return
        window, letter_count, digit_count = window[canonical].astype(np.int64), letter_count[canonical], digit_count[canonical]
        at = np.arange(len(window))
        letters = window[:, :3] - (ord("A") - 1)  # A = 1 … Z = 26
        cols = (
            np.select(
                [letter_count == 1, letter_count == 2],
                [letters[:, 0], letters[:, 0] * 26 + letters[:, 1]],
                letters[:, 0] * 676 + letters[:, 1] * 26 + letters[:, 2],
            )
            - 1
        )
        rows = np.zeros(len(window), dtype=np.int64)
        for place in range(7):
            digit = window[at, np.minimum(letter_count + place, _REFERENCE_BYTES - 1)] - ord("0")
            rows = np.where(place < digit_count, rows * 10 + digit, rows)
        self.include(int(rows.min()) - 1, int(cols.min()))
        self.include(int(rows.max()) - 1, int(cols.max()))


# How calamine's XML parser (quick-xml) reads a part, as regular expressions. A tag
# ends at the first '>' outside quotes; comments, CDATA and processing instructions
# hide whatever they hold. Only tags calamine's cell reader acts on are returned as
# tokens; everything between them is skipped inside the regex engine.
_PREFIX = rb"(?:[^\s/>\"':<]+:)?"
_NAME_READ = rb"(?:sheetData|row|c|v|is|f)"
_TAG_BODY = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_SKIPPABLE = (
    rb"(?:[^<]+"
    rb"|<!--.*?-->"
    rb"|<!\[CDATA\[.*?\]\]>"
    rb"|<\?.*?\?>"
    rb"|</(?!" + _PREFIX + _NAME_READ + rb"[\s>])[^>]*>"
    rb"|<(?![!?/])(?!" + _PREFIX + _NAME_READ + rb"[\s/>])" + _TAG_BODY + rb">"
    rb")*+"
)
_SKIP = re.compile(_SKIPPABLE, re.S)
_TOKEN = re.compile(
    _SKIPPABLE
    + rb"(?:"
    # The common cell, <c r="B3" t="s"><v>12</v></c>, in one token.
    + rb"(?P<cell><(?P<cp>"
    + _PREFIX
    + rb")c(?P<ca>\s"
    + _TAG_BODY
    + rb")?(?<!/)>"
    + rb"(?:<(?P=cp)v>(?P<vt>[^<]*)</(?P=cp)v>)?</(?P=cp)c>)"
    + rb"|(?P<start><(?P<sn>"
    + _PREFIX
    + _NAME_READ
    + rb")(?P<sa>(?=[\s/>])"
    + _TAG_BODY
    + rb")>)"
    + rb"|(?P<end></(?P<en>"
    + _PREFIX
    + _NAME_READ
    + rb")(?=[\s>])[^>]*>)"
    + rb"|(?P<dtd><![Dd][Oo][Cc][Tt][Yy][Pp][Ee])"
    + rb")",
    re.S,
)
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW_NUMBER = re.compile(rb"[0-9]{1,7}")
_CELL_REFERENCE = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
# An unfinished construct longer than this is skipped as a stream instead of carried.
_MAX_CARRIED_BYTES = 64 * 1024
_QUOTE_OR_TAG_END = re.compile(rb"""[>"']""")
_SKIPPED_CONSTRUCTS = (
    (b"<!--", b"-->"),
    (b"<![CDATA[", b"]]>"),
    (b"<?", b"?>"),
    (b"<!", b">"),
)
_NAMES_READ = (b"sheetData", b"row", b"c", b"v", b"is", b"f")
# Cell types whose <v> calamine reads as empty unless text comes first.
_PLAIN_TYPES = (None, b"n", b"s", b"b", b"e")
# Tokens one part may take: a few per cell and per row. More is a hostile file, and
# walking it would keep a worker busy for minutes.
_MAX_TOKENS = 2 * MAX_SHEET_CELLS


class _ExactCellScan(_Extent):
    """The grid exactly as calamine will build it, walking the part tag by tag.

    It follows calamine's xlsx cell reader (``calamine/src/xlsx/cells_reader.rs``):
    only tags inside ``<sheetData>`` count; ``<row r="5">`` sets the row and every
    ``</row>`` moves to the next row and back to column A; a ``<c>`` without ``r``
    sits at that row, right of the previous cell; inside a ``<c>`` only its ``<v>``,
    ``<is>`` and ``<f>`` are read, to their end; a cell whose ``<v>`` is empty, or
    that has neither ``<v>`` nor ``<is>``, is not part of the grid. An empty element
    ``<x/>`` counts as ``<x></x>``. ``test_read.py`` checks this model against calamine.

    Constructs longer than ``_MAX_CARRIED_BYTES`` (a huge comment, or an image whose
    bytes happen to contain ``<c ``) are skipped as a stream, so memory stays bounded
    whatever the part holds.
    """

    def __init__(self) -> None:
        super().__init__()
        self.row = 0
        self.col = 0
        self.in_sheet_data = False
        self.done = False  # past </sheetData>: calamine reads no further
        self.tokens = 0
        self.cell: tuple[int, int] | None = None  # position of the open <c>
        self.cell_type: bytes | None = None
        self.cell_has_value = False
        self.value_tag: bytes | None = None  # the open <v>, <is> or <f> inside it
        self.value_depth = 0
        self.value_tag_is_v = False
        self.value_content = False  # anything seen since the value tag opened
        self.carry = b""  # an unfinished construct at the end of the last chunk
        self.skip_until: bytes | None = None  # terminator of a construct being skipped
        self.tail = b""  # end of the skipped bytes, in case the terminator is cut
        self.skip_tag = False  # skipping a long tag: its end is '>' outside quotes
        self.quote: bytes | None = None

    def add(self, chunk: bytes) -> None:
        while chunk and not self.done:
            if self.skip_tag:
                chunk = self._skip_tag(chunk)
            elif self.skip_until is not None:
                chunk = self._skip_until(chunk)
            else:
                chunk = self._tokenize(chunk)

    def _tokenize(self, chunk: bytes) -> bytes:
        buffer = self.carry + chunk
        position = 0
        while not self.done:
            match = _TOKEN.match(buffer, position)
            if match is None:
                skipped_to = _SKIP.match(buffer, position).end()
                self.value_content = self.value_content or skipped_to > position
                position = skipped_to
                break
            kind = match.lastgroup
            self.value_content = self.value_content or match.start(kind) > position
            position = match.end()
            self.tokens += 1
            if self.tokens > _MAX_TOKENS:
                raise _MalformedPart("too many tags")
            if kind == "cell":
                self._cell(match)
            elif kind == "start":
                attributes = match.group("sa").rstrip()
                self._start(match.group("sn"), attributes)
                if attributes.endswith(b"/"):
                    self._end(match.group("sn"))
            elif kind == "end":
                self._end(match.group("en"))
            else:
                raise _MalformedPart("a DTD in a workbook part")
        self.carry = buffer[position:]
        if len(self.carry) <= _MAX_CARRIED_BYTES or self.done:
            return b""
        return self._start_skipping(self.carry)

    def _start_skipping(self, carried: bytes) -> bytes:
        """Skip, as a stream, the long unfinished construct ``carried`` begins with."""
        self.carry = b""
        for opener, terminator in _SKIPPED_CONSTRUCTS:
            if carried.startswith(opener):
                self.skip_until, self.tail = terminator, b""
                return carried[len(opener) :]
        closing = carried.startswith(b"</")
        name = re.match(rb"""</([^\s>]*)""" if closing else rb"""<([^\s/>"']*)""", carried).group(1)
        name_end = len(name) + (2 if closing else 1)
        # Only a tag's name changes what calamine does, so a long tag can be skipped
        # unless calamine acts on it (or its name is itself endless).
        if name_end == len(carried) or _local_name(name) in _NAMES_READ or name == self.value_tag:
            raise _MalformedPart("a tag of more than 64 KB that calamine reads")
        if closing:
            self.skip_until, self.tail = b">", b""  # an end tag ends at the first '>'
        else:
            self.skip_tag = True  # a start tag ends at the first '>' outside quotes
        return carried[name_end:]

    def _cell(self, match: re.Match[bytes]) -> None:
        """A whole ``<c …><v>text</v></c>`` (or ``<c …></c>``) token."""
        prefix, attributes, text = match.group("cp", "ca", "vt")
        name = prefix + b"c"
        if not self.in_sheet_data or self.cell is not None or self.value_tag is not None:
            # Not where calamine reads cells (or nested in another): replay the tags.
            self._start(name, attributes or b"")
            if text is not None:
                self._start(prefix + b"v", b"")
                self.value_content = self.value_content or text != b""
                self._end(prefix + b"v")
            self._end(name)
            return
        self._open_cell(attributes or b"")
        if text is not None and (text != b"" or self.cell_type not in _PLAIN_TYPES):
            self.include(*self.cell)
        self.col += 1
        self.cell = None

    def _open_cell(self, attributes: bytes) -> None:
        reference = cell_type = None
        for attribute in _ATTRIBUTE.finditer(attributes):  # the first of each, as calamine
            key = attribute.group(1)
            if key == b"r" and reference is None:
                reference = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            elif key == b"t" and cell_type is None:
                cell_type = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
        if reference is None:
            self.cell = (self.row, self.col)
        else:
            parts = _CELL_REFERENCE.fullmatch(reference)
            if parts is None:
                raise _MalformedPart("a bad cell reference")
            self.col = _column_index(parts.group(1))
            self.cell = (int(parts.group(2)) - 1, self.col)
        self.cell_type = cell_type
        self.cell_has_value = False

    def _start(self, name: bytes, attributes: bytes) -> None:
        local_name = _local_name(name)
        if self.value_tag is not None:
            self.value_content = True
            if name == self.value_tag:
                self.value_depth += 1
        elif self.cell is not None:
            if local_name in (b"v", b"is", b"f"):
                self.value_tag, self.value_depth, self.value_content = name, 1, False
                self.value_tag_is_v = local_name == b"v"
                self.cell_has_value = self.cell_has_value or local_name == b"is"
        elif not self.in_sheet_data:
            self.in_sheet_data = local_name == b"sheetData"
        elif local_name == b"row":
            reference = _attribute(attributes, b"r")
            if reference is not None:
                if not _ROW_NUMBER.fullmatch(reference):
                    raise _MalformedPart("a bad row number")
                self.row = int(reference) - 1
        elif local_name == b"c":
            self._open_cell(attributes)

    def _end(self, name: bytes) -> None:
        local_name = _local_name(name)
        if self.value_tag is not None:
            if name != self.value_tag:
                self.value_content = True
                return
            self.value_depth -= 1
            if self.value_depth == 0:
                # A plain <v> holds a value once anything comes before </v>; counting
                # a comment as a value can only overstate the grid.
                if self.value_tag_is_v and (self.value_content or self.cell_type not in _PLAIN_TYPES):
                    self.cell_has_value = True
                self.value_tag = None
        elif self.cell is not None:
            if local_name == b"c":
                if self.cell_has_value:
                    self.include(*self.cell)
                self.col += 1
                self.cell = None
        elif not self.in_sheet_data:
            return
        elif local_name == b"row":
            self.row += 1
            self.col = 0
            if self.row > _EXCEL_ROWS:
                raise _MalformedPart("more rows than Excel has")
        elif local_name == b"sheetData":
            self.done = True

    def _skip_until(self, chunk: bytes) -> bytes:
        buffer = self.tail + chunk
        end = buffer.find(self.skip_until)
        if end == -1:
            self.tail = buffer[len(buffer) - len(self.skip_until) + 1 :]
            return b""
        rest = buffer[end + len(self.skip_until) :]
        self.skip_until = None
        return rest

    def _skip_tag(self, chunk: bytes) -> bytes:
        position = 0
        while True:
            if self.quote is not None:
                end = chunk.find(self.quote, position)
                if end == -1:
                    return b""
                self.quote = None
                position = end + 1
                continue
            found = _QUOTE_OR_TAG_END.search(chunk, position)
            if found is None:
                return b""
            if found.group() == b">":
                self.skip_tag = False
                return chunk[found.end() :]
            self.quote = found.group()
            position = found.end()


def _local_name(name: bytes) -> bytes:
    """A tag's name without its namespace prefix (after the first ':', as quick-xml)."""
    return name.partition(b":")[2] or name


def _attribute(attributes: bytes, key: bytes) -> bytes | None:
    """The raw value of the first attribute named ``key`` (no prefix), or None."""
    for attribute in _ATTRIBUTE.finditer(attributes):
        if attribute.group(1) == key:
            return attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
    return None


def _column_index(letters: bytes) -> int:
    """0-based column of Excel letters: b"A" → 0, b"AA" → 26."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index - 1


# ---------------------------------------------------------------- calamine and xlrd


def _read_with_calamine(data: bytes, name: str) -> Iterator[RawSheet]:
    """Read the worksheets with python-calamine (xlsx, xlsm, xls), one at a time."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise _error("encrypted", name) from exc
    with workbook:
        for index, metadata in enumerate(workbook.sheets_metadata):
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart, dialog and Excel 4 macro sheets hold no table
            yield _calamine_sheet(workbook.get_sheet_by_index(index), name)


def _calamine_sheet(sheet: python_calamine.CalamineSheet, name: str) -> RawSheet:
    # sheet.start is the 0-based (row, col) of the first non-empty cell, or None for an
    # empty sheet. to_python(skip_empty_area=True) starts its grid at that cell;
    # skip_empty_area=False would start at A1 and first build, in Rust, a dense copy
    # from A1 — a single cell at XFD1048576 would then need hundreds of gigabytes.
    if sheet.start is None:
        return RawSheet(sheet.name, [], 1, 0, [])
    if sheet.height * sheet.width > MAX_SHEET_CELLS:
        raise _error("sheet_too_large", name, limit=_count_text(MAX_SHEET_CELLS))
    top, left = sheet.start
    # Row by row, each made plain as it comes: calamine gives every cell its own copy of
    # a text, and a whole grid of copies before ``_plain_row`` shares them would be
    # hundreds of megabytes on a 500,000-row sheet. iter_rows begins at row 1 (padding
    # the rows above the first filled cell) and at the first filled column.
    shared: dict[object, object] = {}
    rows = [_plain_row(row, shared) for row in itertools.islice(sheet.iter_rows(), top, None)]
    merged = [(r0 - top, c0 - left, r1 - top, c1 - left) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
    return _trimmed(sheet.name, rows, top + 1, left, merged)


def _plain_row(row: list[object], shared: dict[object, object]) -> list[object]:
    """calamine's values → RawSheet's: "" (empty or error) → None, 3.0 → 3.

    Equal texts and dates share one object (``shared``, one per sheet): a ledger repeats
    its units, categories and sources on every row. Only str and date keys go into
    ``shared``: 1 == 1.0 == True would mix types. Whole floats become int so that a
    会员人数 of 120 is 120 downstream, not 120.0. type() not isinstance(): bool stays bool.
    Runs once per cell of every sheet, hence one expression.
    """
    share = shared.setdefault
    return [
        (share(value, value) if value else None)
        if (kind := type(value)) is str
        else (int(value) if value.is_integer() and -_LARGEST_EXACT_INTEGER < value < _LARGEST_EXACT_INTEGER else value)
        if kind is float
        else share(value, value)
        if kind is datetime.datetime or kind is datetime.date
        else value
        for value in row
    ]


def _plain_value(value: object) -> object:
    """calamine's value → RawSheet's: "" (empty or error) → None, 3.0 → 3."""
    if value == "":
        return None
    # type() not isinstance(): bool must stay bool. Whole floats become int so that a
    # 会员人数 of 120 is 120 downstream, not 120.0.
    if type(value) is float and value.is_integer() and abs(value) < _LARGEST_EXACT_INTEGER:
        return int(value)
    return value


# BIFF8 record types: a cell pointing at the shared string table.
_BIFF_LABELSST = 0x00FD
# The smallest LABELSST record on disk: 4 bytes of header and 10 of body.
_BIFF_LABELSST_BYTES = 14


def _check_xls_text(data: bytes, name: str) -> None:
    """Refuse an .xls whose cells would copy more than ``MAX_TEXT_BYTES`` of shared text.

    As in a zip workbook, calamine copies a shared string into every cell pointing at
    it: a 1 MB .xls whose cells all point at one 32,767-character string would need
    gigabytes. xlrd reads the workbook's globals (the string table) without the
    sheets; the cell records are then counted in the workbook stream. A file whose
    globals xlrd cannot read is refused as corrupt: its text cannot be bounded.
    """
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises several types for a damaged container
        if "encrypted" in str(exc).lower() or _ENCRYPTED_PACKAGE in data:
            raise _error("encrypted", name) from exc
        raise _error("corrupt", name) from exc
    try:
        lengths = [len(text.encode("utf-8", "surrogatepass")) for text in book._sharedstrings or []]
        # The workbook stream may lie inside the file's own bytes, from ``base`` on.
        stream = memoryview(book.mem or b"")[book.base : book.base + book.stream_len]
    finally:
        book.release_resources()
    longest = max(lengths, default=0)
    if len(stream) // _BIFF_LABELSST_BYTES * longest <= MAX_TEXT_BYTES:
        return  # even a stream of nothing but such cells stays within the limit
    total = 0
    position = 0
    end = len(stream) - 4
    size = len(lengths)
    while position <= end:
        record, length = struct.unpack_from("<HH", stream, position)
        if record == _BIFF_LABELSST and length >= 10 and position + 14 <= len(stream):
            index = struct.unpack_from("<I", stream, position + 10)[0]
            total += lengths[index] if index < size else 0
            if total > MAX_TEXT_BYTES:
                raise _error("text_too_large", name, limit=_size_text(MAX_TEXT_BYTES))
        position += 4 + length


def _read_xls(data: bytes, name: str) -> list[RawSheet]:
    """Read an Excel 97–2003 workbook: calamine first, xlrd when calamine fails."""
    try:
        return _read_with_calamine(data, name)
    except UnreadableFileError:
        raise  # a password or an oversized sheet: xlrd would fare no better
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # any calamine failure means "try xlrd"
        calamine_failure: BaseException = exc
    if _ENCRYPTED_PACKAGE in data:
        # An .xlsx with a password is an OLE2 container; neither reader can open it.
        raise _error("encrypted", name) from calamine_failure
    try:
        return _read_with_xlrd(data, name)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise _error("encrypted", name) from exc
        raise _error("corrupt", name) from exc


def _read_with_xlrd(data: bytes, name: str) -> list[RawSheet]:
    # xlrd prints warnings to stdout unless given a log file.
    book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    sheets = []
    for sheet in book.sheets():
        if sheet.nrows * sheet.ncols > MAX_SHEET_CELLS:
            raise _error("sheet_too_large", name, limit=_count_text(MAX_SHEET_CELLS))
        rows = [[_xlrd_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
        sheets.append(_trimmed(sheet.name, rows, 1, 0, merged))
    return sheets


def _xlrd_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    """xlrd's typed cell → the same values calamine gives."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        moment = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        if cell.value < 1:
            return moment.time()
        if moment.time() == datetime.time():
            return moment.date()
        return moment
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return _plain_value(cell.value)


# ---------------------------------------------------------------- CSV


_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TEXT_SAMPLE_CHARS = 64 * 1024


def _decode_text(data: bytes) -> str | None:
    """Decode CSV bytes: UTF-8 (with or without BOM) strictly, then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode 文本" export is UTF-16 with a BOM.
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        # GB18030 is a superset of GBK and GB2312, which WPS and older Excel write.
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _has_utf8_lines(data):
            return None  # lines of UTF-8 beside lines of GBK: GB18030 would garble the first
        return text
    return None


def _has_utf8_lines(data: bytes) -> bool:
    """True when some line of a file that is not UTF-8 is UTF-8 with Chinese in it.

    GBK text passes for UTF-8 only by chance, a chance that shrinks with every
    character: three Chinese characters in one line make it negligible.
    """
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_CHINESE.findall(text)) >= 3:
            return True
    return False


def _looks_like_text(text: str) -> bool:
    """False for binary data that happens to decode (NUL bytes, many control codes)."""
    sample = text[:_TEXT_SAMPLE_CHARS]
    if "\x00" in sample:
        return False
    return len(_CONTROL_CHARACTERS.findall(sample)) * 100 <= len(sample)


def _read_csv(text: str, sheet_name: str) -> RawSheet:
    """One sheet from CSV text; comma unless the sniffer finds tab or semicolon."""
    try:
        delimiter = csv.Sniffer().sniff(text[:_TEXT_SAMPLE_CHARS], delimiters=",\t;").delimiter
    except csv.Error:
        delimiter = ","
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = [[_csv_cell(field) for field in record] for record in records]
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return _trimmed(sheet_name, rows, 1, 0, [])


def _csv_cell(field: str) -> str | None:
    """A CSV field; web systems write ="2023" so that Excel keeps the text as typed."""
    if len(field) >= 3 and field.startswith('="') and field.endswith('"'):
        field = field[2:-1]
    return field or None


# ---------------------------------------------------------------- shared helpers


def _trimmed(
    name: str,
    rows: list[list[object]],
    first_row: int,
    first_col: int,
    merged: list[tuple[int, int, int, int]],
) -> RawSheet:
    """Drop empty rows above and below and empty columns on the left; fix ``merged``."""
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    top = 0
    while top < len(rows) and all(value is None for value in rows[top]):
        top += 1
    rows = rows[top:]
    left = min((len(row) for row in rows), default=0)
    for row in rows:  # the first filled column of any row; most rows fill the first cell
        if not left:
            break
        left = next((i for i in range(left) if row[i] is not None), left)
    if left:
        rows = [row[left:] for row in rows]
    height = len(rows)
    width = len(rows[0]) if rows else 0
    kept = []
    for r0, c0, r1, c1 in merged:
        r0, r1, c0, c1 = r0 - top, r1 - top, c0 - left, c1 - left
        # The value of a merged range lives in its top-left cell; outside the grid that
        # cell is empty, so the range carries nothing.
        if 0 <= r0 < height and 0 <= c0 < width:
            kept.append((r0, c0, min(r1, height - 1), min(c1, width - 1)))
    return RawSheet(name, rows, first_row + top, first_col + left, kept)


def _display_name(file_name: str) -> str:
    """The file's own name, without folders (Windows or POSIX)."""
    return file_name.replace("\\", "/").rsplit("/", 1)[-1] or "上传的文件"


def _size_text(size: int) -> str:
    if size >= 1024**3 and size % 1024**3 == 0:
        return f"{size // 1024**3} GB"
    if size >= 1024**2:
        return f"{size // 1024**2} MB"
    return f"{size} 字节"


def _count_text(count: int) -> str:
    if count >= 10_000 and count % 10_000 == 0:
        return f"{count // 10_000} 万"
    return str(count)


def _error(reason: str, name: str, **values: object) -> UnreadableFileError:
    return UnreadableFileError(_MESSAGES[reason].format(name=name, **values))
