"""Hostile files (issue 7, item 1; contract §1 safety limits): each is refused, or read,
within 60 seconds and 2 GB, with one Chinese sentence, and stores nothing.

Every file is imported by ``import_bytes`` in a process of its own, so that time and
peak memory are measured there (``tests/trust/hostile_child.py``) and a file that
crashed or exhausted the process would fail this test rather than the test run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from tests.trust.hostile import HOSTILE_FILES, package
from tests.trust.stores import REPO, child_env, snapshot
from unionstats.errors import UnreadableFileError
from unionstats.importer import import_bytes
from unionstats.ingest import read
from unionstats.ingest.read import read_sheets
from unionstats.store import close_store, open_store

MAX_SECONDS = 60
MAX_PEAK_BYTES = 2 * 1024**3
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory) -> str:
    """A store file with one sample batch in it, to be copied."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    url = f"sqlite:///{path}"
    sample = REPO / "data" / "sample" / "2019年会员统计表.xls"
    report, _ = import_bytes(open_store(url), sample.read_bytes(), sample.name)
    assert report["status"] == "imported"
    close_store(url)  # the last connection folds the WAL into the file
    return str(path)


def one_sentence(message: str) -> bool:
    """One Chinese sentence: Chinese text ending in 。 with no other 。 before it."""
    return bool(CJK.search(message)) and message.endswith("。") and message.count("。") == 1


@pytest.mark.parametrize("key", list(HOSTILE_FILES))
def test_a_hostile_file_is_refused_or_read_and_stores_nothing(key, seeded_sqlite, tmp_path):
    hostile = HOSTILE_FILES[key]
    path = tmp_path / hostile.file_name
    path.write_bytes(hostile.build())
    store = tmp_path / "store.db"
    shutil.copy(seeded_sqlite, store)
    url = f"sqlite:///{store}"
    before = snapshot(url)

    child = subprocess.run(
        [sys.executable, "-m", "tests.trust.hostile_child", url, str(path), hostile.file_name],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert child.returncode == 0, f"the importing process died ({child.returncode}): {child.stderr[-2000:]}"
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    assert outcome["internal_errors"] == [], f"{hostile.threat}: an internal error, not a clean refusal"
    assert outcome["seconds"] < MAX_SECONDS, f"{hostile.threat}: {outcome['seconds']:.0f} s"
    assert outcome["peak_bytes"] < MAX_PEAK_BYTES, f"{hostile.threat}: {outcome['peak_bytes'] / 1024**2:.0f} MB"
    assert outcome["status"] in ("unreadable", "imported"), outcome
    assert outcome["batch"] is None
    assert one_sentence(outcome["message"]), outcome["message"]
    if outcome["status"] == "unreadable":
        assert f"「{hostile.file_name}」" in outcome["message"]
    assert snapshot(url) == before


def test_every_promised_threat_is_in_the_list():
    """The issue names these; the list must keep them (the docs quote its length)."""
    threats = " ".join(h.threat for h in HOSTILE_FILES.values())
    for words in ("random bytes", "damaged", "zeros", "billion laughs", "1,048,576 rows", "16,384 columns", "32,767", "GBK"):
        assert words in threats
    assert {h.file_name.rsplit(".", 1)[-1] for h in HOSTILE_FILES.values()} >= {"xlsx", "xlsm", "xls", "csv"}


# ---------------------------------------------------------------- the limits behind them


def test_shared_text_is_counted_per_string_so_real_long_notes_are_read(monkeypatch):
    """Cells are charged the length of the string they point at, not the longest one."""
    notes = ["备注" * 5000] + [f"单位{i}" for i in range(2000)]

    def rows():
        yield b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        for r in range(2, 2002):
            yield b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (r, r, r - 1)

    data = package({"Sheet1": rows}, shared_strings=notes)
    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 100_000)  # one long note and 2,000 names fit
    assert len(read_sheets(data, "长备注.xlsx")[0].rows) == 2001
    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 20_000)  # the note alone is 30,000 bytes
    with pytest.raises(UnreadableFileError, match="文字展开后超过"):
        read_sheets(data, "长备注.xlsx")


def test_shared_string_cells_written_unusually_are_charged_the_longest_string(monkeypatch):
    rows = [b'<row r="%d"><c t="s" r="A%d"><v>0</v></c></row>' % (r, r) for r in range(1, 11)]
    data = package({"Sheet1": lambda: rows}, shared_strings=["长" * 1000])
    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 10 * 3100)  # each string is 3,000 bytes and its markup
    assert len(read_sheets(data, "x.xlsx")[0].rows) == 10
    monkeypatch.setattr(read, "MAX_TEXT_BYTES", 9 * 3000)
    with pytest.raises(UnreadableFileError, match="文字展开后超过"):
        read_sheets(data, "x.xlsx")


def test_a_large_gbk_csv_with_short_names_is_still_read():
    """GBK passes for UTF-8 now and then by chance; one such line must not make a GBK
    file 'mixed'."""
    names = ["小刘", "王芳", "李娜", "张伟", "陈静", "杨洋", "赵磊", "黄敏", "周杰", "吴琼"]
    lines = ["姓名,金额"] + [f"{names[i % 10]}{chr(0x4E00 + i % 20000)},{i}" for i in range(20000)]
    data = "\n".join(lines).encode("gbk", errors="ignore")
    [sheet] = read_sheets(data, "名单.csv")
    assert sheet.rows[0] == ["姓名", "金额"] and len(sheet.rows) == 20001


@pytest.mark.parametrize("magic", [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"{\\rtf1\\ansi"])
def test_documents_and_images_renamed_as_spreadsheets_are_refused(magic):
    with pytest.raises(UnreadableFileError, match="不是 Excel 或 CSV"):
        read_sheets(magic + b"abc,def\n" * 10, "报表.xlsx")
