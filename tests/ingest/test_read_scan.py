"""unionstats.ingest.read — the fast cell scan (numpy over the part's bytes) counts and
places cells exactly as the regular expressions it replaced, however the part is cut
into chunks (issue 18: the safety scan stays as strong)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unionstats.ingest import read

CANONICAL_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
PREFIXED_CELL = re.compile(rb":c[\s/>]")
CELL_WITH_ODD_SPACE = re.compile(rb"<c[\t\r\n]")


def count_cell_tags(data: bytes) -> int:
    return data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")


def scan_with_regular_expressions(chunks: list[bytes]) -> tuple:
    """The scan as it was written first: what the numpy one must say."""
    tail, cell_tags, canonical_tags, unusual = b"", 0, 0, False
    extent = read._Extent()
    for chunk in chunks:
        buffer = tail + chunk
        found = CANONICAL_CELL.findall(buffer)
        canonical_tags += len(found) - len(CANONICAL_CELL.findall(tail))
        cell_tags += count_cell_tags(buffer) - count_cell_tags(tail)
        unusual = unusual or bool(PREFIXED_CELL.search(buffer) or CELL_WITH_ODD_SPACE.search(buffer))
        tail = buffer[-32:]
        for letters, digits in found:
            extent.include(int(digits) - 1, read._column_index(letters))
    return cell_tags, canonical_tags, unusual, (extent.min_row, extent.min_col, extent.max_row, extent.max_col)


PIECES = st.sampled_from(
    [
        b'<c r="A1"',
        b'<c r="B12" t="n"><v>3</v></c>',
        b'<c r="XFD1048576"',
        b'<c r="ZZZ9999999"',
        b'<c r="AAAA1"',
        b'<c r="A12345678"',
        b'<c r="a1"',
        b'<c r=""',
        b'<c r="A"',
        b'<c r="1"',
        b'<c r="A1',
        b"<c>",
        b"<c/>",
        b"<c\t",
        b"<c\n",
        b"<x:c ",
        b"<x:c>",
        b":c/",
        b"<cols>",
        b"<c",
        b"c",
        b"<",
        b'"',
        b" ",
        b"r=",
        b"</c></row>",
        b"&#24180;",
    ]
)
DIGITS_AND_LETTERS = st.text(alphabet="ABZ0189", min_size=1, max_size=9).map(str.encode)


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.one_of(PIECES, DIGITS_AND_LETTERS.map(lambda t: b'<c r="' + t + b'"')), max_size=40),
    chunk_size=st.integers(1, 70),
)
def test_the_numpy_scan_equals_the_regular_expressions(parts, chunk_size):
    xml = b"".join(parts)
    chunks = [xml[i : i + chunk_size] for i in range(0, len(xml), chunk_size)]
    fast = read._FastCellScan()
    for chunk in chunks:
        fast.add(chunk)
    found = (fast.cell_tags, fast.canonical_tags, fast.unusual, (fast.min_row, fast.min_col, fast.max_row, fast.max_col))
    assert found == scan_with_regular_expressions(chunks)


def test_a_large_part_in_chunks_of_a_megabyte():
    row = b'<row r="%d"><c r="A%d" t="n"><v>1</v></c><c r="H%d" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = b"<sheetData>" + b"".join(row % (r, r, r) for r in range(5, 60_005)) + b"</sheetData>"
    chunks = [xml[i : i + 1024**2] for i in range(0, len(xml), 1024**2)]
    fast = read._FastCellScan()
    for chunk in chunks:
        fast.add(chunk)
    assert (fast.cell_tags, fast.canonical_tags, fast.unusual) == (120_000, 120_000, False)
    assert (fast.min_row, fast.min_col, fast.max_row, fast.max_col) == (4, 0, 60_003, 7)
