"""Contract §5: ID numbers (身份证号) and mobile numbers are never stored in clear and never
leave the library in clear — not in any table of the store (every column, JSON too), not
in the import report, the rejected-rows workbook, a ledger listing or download, the audit
log or a report.

Ledgers are imported that carry the numbers where offices put them: 身份证号 and 手机号
columns (18 digits with an X check digit, 15 digits, spaced, dashed, +86), numbers in
the name column, in 备注 and other unknown columns, and in rows that are rejected. Then
everything is searched for a clear number with the regular expressions below and for
each planted number itself.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import MetaData, select

from tests.workbooks import csv_bytes, xlsx
from unionstats.importer import import_bytes
from unionstats.ingest.rejected import rejected_workbook
from unionstats.metrics import ledgers
from unionstats.store import audit

TODAY = dt.date(2024, 12, 31)


def id_with_check_digit(first17: str) -> str:
    """An 18-digit 身份证号 with its GB 11643 check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


ID_X = id_with_check_digit("11010519491231002")  # ends in X
ID_18 = id_with_check_digit("33010619900307123")
ID_OLD = "330106900307123"  # first generation, 15 digits
PHONE = "13812345678"
PHONE_2 = "15987654321"
ID_IN_NOTE = id_with_check_digit("44030419850615321")
PHONE_IN_NOTE = "18600001111"
PLANTED = (ID_X, ID_18, ID_OLD, PHONE, PHONE_2, ID_IN_NOTE, PHONE_IN_NOTE)
assert ID_X.endswith("X")

# What counts as a clear number, once spaces and dashes between digits are taken out.
CLEAR = [
    re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])"),
    re.compile(r"(?<![0-9])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])"),
    re.compile(r"(?<![0-9])(?:86)?1[3-9]\d{9}(?![0-9])"),
]
# Hashes and tokens are hex or base64: a run of digits in them is chance, not a number.
HASH_COLUMNS = {"content_hash", "person_key", "password_hash", "token_hash", "version_num"}


def clear_numbers(text: str) -> list[str]:
    joined = re.sub(r"(?<=\d)[ \-](?=\d)", "", text)
    found = [m.group(0) for pattern in CLEAR for m in pattern.finditer(joined)]
    return found + [p for p in PLANTED if p in joined]


WELFARE = [
    ["2024年帮扶慰问台账"],
    ["序号", "单位", "慰问对象", "身份证号", "联系电话", "日期", "类别", "金额", "备注"],
    [1, "华新工会", "王芳", ID_X, PHONE, "2024-01-15", "困难职工帮扶", 2000, f"身份证{ID_IN_NOTE}"],
    [2, "华新工会", f"李强 {ID_18}", ID_18, "138 1234 5678", "2024-02-01", "生病住院慰问", 800, f"家属电话 {PHONE_IN_NOTE}"],
    [3, "华新工会", "赵敏", ID_OLD, f"+86{PHONE_2}", "2024-03-08", "节日慰问", 300, f"电话 186-0000-1111,老身份证{ID_OLD}"],
    # rejected: no amount — the rejected-rows download must not show these numbers either
    [4, "华新工会", "孙丽", ID_IN_NOTE, PHONE_IN_NOTE, "2024-04-01", "困难职工帮扶", "暂缺", f"身份证 {ID_X}"],
    # rejected: no date
    [5, "华新工会", "周杰", ID_18, PHONE, None, "节日慰问", 200, None],
]

COMPETITIONS = [
    ["竞赛名称", "日期", "单位", "姓名", "身份证号码", "手机号", "项目", "级别", "奖项", "备注"],
    ["职工技能比武", "2024-05-20", "华新工会", "钱进", ID_X, PHONE, "焊工", "市级", f"一等奖(电话{PHONE_2})", f"联系{PHONE_2}"],
    ["职工技能比武", "2024-05-20", "华新工会", "吴刚", int(ID_OLD), int(PHONE_2), f"车工 {PHONE}", "区级", "二等奖", None],
    [None, "2024-05-20", "华新工会", "郑好", ID_18, PHONE, "钳工", "市级", "三等奖", ID_IN_NOTE],  # rejected: no contest
]

# §3.8: an activity row lists no person, but a name, a note or a contact column may hold numbers
ACTIVITIES = [
    ["活动名称", "活动时间", "单位", "参加人数", "联系电话", "备注"],
    [f"职工篮球赛(报名电话{PHONE})", "2024-06-01", "华新工会", 40, PHONE_2, f"负责人身份证{ID_18}"],
    ["安全培训班", "2024-07-01", "华新工会", "八十", PHONE, None],  # 八十: blanked with a warning, kept
    [None, "2024-07-02", "华新工会", 10, PHONE, ID_X],  # rejected: no name
]


# §3.7: a member roster as a platform exports it, with §5's extended list beside the ID and phone
BANK_CARD = "6222021234567890123"
ADDRESS = "幸福路88号3单元"
ROSTER = [
    ["2024年会员实名制信息表"],
    ["填表单位（盖章）：", "华新工会"],
    [
        "序号",
        "姓名",
        "证件号码\n(填写18位身份证)",
        "性别",
        "手机号码",
        "会籍变化类型",
        "家庭住址",
        "银行卡号",
        "子女姓名",
        "备注",
    ],
    [1, "王芳", ID_X, "女", PHONE, "入会", ADDRESS, BANK_CARD, "王小明", f"医保 {ID_IN_NOTE}"],
    [2, "李强", ID_18, None, "138 1234 5678", "转出", ADDRESS, BANK_CARD, None, None],
    [3, None, ID_IN_NOTE, "女", PHONE_2, "在册", ADDRESS, BANK_CARD, "李红", None],  # rejected: no name
]


@pytest.fixture
def imported(engine):
    """The ledgers imported as .xlsx and as .csv; returns the reports and parsed files."""
    files = [
        ("帮扶慰问台账.xlsx", xlsx(WELFARE)),
        ("竞赛获奖.xlsx", xlsx(COMPETITIONS)),
        ("活动台账.xlsx", xlsx(ACTIVITIES)),
        ("帮扶慰问台账.csv", csv_bytes([[str(c) if c is not None else None for c in row] for row in WELFARE[1:]])),
        ("会员名册.xlsx", xlsx(ROSTER)),
    ]
    reports, parsed_files = [], []
    for name, data in files:
        report, parsed = import_bytes(engine, data, name, today=TODAY, on_overlap="keep")
        assert report["status"] == "imported", report
        reports.append(report)
        parsed_files.append(parsed)
    stored = sum(s["stored"] for r in reports for s in r["sheets"])
    rejected = sum(s["rejected"] for r in reports for s in r["sheets"])
    assert (stored, rejected) == (12, 7)
    return reports, parsed_files


def test_no_table_of_the_store_holds_a_clear_number(engine, imported):
    tables = MetaData()
    tables.reflect(engine)
    found, cells = {}, 0
    with engine.connect() as conn:
        for table in tables.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None or column in HASH_COLUMNS:
                        continue
                    cells += 1
                    numbers = clear_numbers(str(value)) + [x for x in (BANK_CARD, ADDRESS, "王小明") if x in str(value)]
                    if numbers:
                        found.setdefault(f"{table.name}.{column}", []).extend(numbers)
    assert found == {}
    assert cells > 100


def test_people_are_told_apart_by_a_keyed_hash(engine, imported):
    from unionstats.store.schema import competitions, welfare

    with engine.connect() as conn:
        keys = conn.execute(select(welfare.c.recipient, welfare.c.person_key).order_by(welfare.c.id)).all()
    by_name = {name: key for name, key in keys}
    assert by_name["王芳"] and len(by_name["王芳"]) == 32
    # the same ID in the .xlsx and the .csv: the same key; another ID: another key
    assert [k for n, k in keys if n == "王芳"] == [by_name["王芳"]] * 2
    assert len({by_name["王芳"], by_name["赵敏"]}) == 2
    # the key is not the plain sha256 of the number (a key outside the store is mixed in)
    import hashlib

    assert by_name["王芳"] not in hashlib.sha256(ID_X.encode()).hexdigest()
    with engine.connect() as conn:
        assert all(conn.execute(select(competitions.c.person_key)).scalars())


def test_names_and_notes_keep_the_masked_number(engine, imported):
    from unionstats.store.schema import welfare

    with engine.connect() as conn:
        rows = conn.execute(select(welfare.c.recipient, welfare.c.extra)).all()
    assert (f"李强 {ID_18[:4]}**********{ID_18[-4:]}", json.dumps({"备注": "家属电话 186****1111"}, ensure_ascii=False)) in rows


def test_no_export_shows_a_clear_number(engine, imported):
    reports, parsed_files = imported
    exports = {"import report": json.dumps(reports, ensure_ascii=False)}
    workbook = rejected_workbook(parsed_files)
    assert workbook is not None
    exports["rejected rows"] = workbook_text(workbook)
    assert "孙丽" in exports["rejected rows"] and "暂缺" in exports["rejected rows"]  # the rows are there, masked
    for name, function in inspect.getmembers(ledgers, inspect.isfunction):
        if name.startswith("_") or function.__module__ != ledgers.__name__:
            continue
        frame = function(engine)
        exports[f"ledgers.{name}"] = frame.to_csv(index=False)
        exports[f"ledgers.{name} download"] = download_text(frame)
    exports["audit log"] = json.dumps(audit.list_entries(engine), ensure_ascii=False, default=str)
    exports.update(report_texts(engine))
    for name, text in exports.items():  # §5's extended list: not kept, or masked
        assert BANK_CARD not in text and ADDRESS not in text and "王小明" not in text, name
    assert {name: clear_numbers(text) for name, text in exports.items() if clear_numbers(text)} == {}
    assert len(exports) >= 6


def workbook_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def download_text(frame: pd.DataFrame) -> str:
    """The page's CSV and Excel downloads of a frame (unionstats.output.tables), as text."""
    try:
        from unionstats.output.tables import csv_bytes as frame_csv
        from unionstats.output.tables import excel_bytes
    except ImportError:
        return ""
    return frame_csv(frame).decode("utf-8-sig") + workbook_text(excel_bytes(frame))


def report_texts(engine) -> dict[str, str]:
    """The year report's model and summary text, when the report module is there."""
    try:
        from unionstats.report.model import build_report
        from unionstats.report.summary import summary_text
    except ImportError:
        return {}
    model = build_report(engine, "2024", today=TODAY)
    texts = {"report model": repr(model), "report summary": summary_text(model)}
    try:  # the 汇总表 and the deck: every export of the report (a roster gives a 会员构成 to both)
        from unionstats.report.pptx import write_pptx
        from unionstats.report.xlsx import write_xlsx
    except ImportError:
        return texts
    return {**texts, "report xlsx": zip_text(write_xlsx(model)), "report pptx": zip_text(write_pptx(model))}


def zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (ID_X, f"{ID_X[:4]}**********{ID_X[-4:]}"),
        (ID_OLD, "3301*********23"),
        (f"身份证:{ID_18[:6]} {ID_18[6:10]} {ID_18[10:14]} {ID_18[14:]}", f"身份证:{ID_18[:4]}**********{ID_18[-4:]}"),
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "+86 138****5678"),
        ("8613812345678", "86138****5678"),
        (13812345678, "138****5678"),
        ("订单号 123456789012345", "订单号 123456789012345"),  # 15 digits without a birth date: no ID
    ],
)
def test_mask_personal(written, shown):
    from unionstats.rules.personal import mask_personal

    assert mask_personal(written) == shown


def test_a_roster_keeps_no_name_id_phone_or_address_and_masks_the_rest(engine, imported):
    """§3.7, §5: a roster row is stored as what the metrics need; its other columns are kept
    masked (银行卡号, 子女姓名) or not at all (家庭住址); the rejected row's download too."""
    from unionstats.store.schema import roster

    with engine.connect() as conn:
        rows = conn.execute(select(roster).order_by(roster.c.source_row)).mappings().all()
    assert [(r["sex"], r["status"], r["id_valid"], r["birth_year"]) for r in rows] == [
        ("女", "入会", True, 1949),
        ("男", "转出", True, 1990),
    ]
    assert all(len(r["person_key"]) == 32 for r in rows)
    assert json.loads(rows[0]["extra"]) == {
        "银行卡号": "***************0123",
        "子女姓名": "王**",
        "备注": f"医保 {ID_IN_NOTE[:4]}**********{ID_IN_NOTE[-4:]}",
    }
    text = json.dumps([dict(r) for r in rows], ensure_ascii=False, default=str)
    assert "王芳" not in text and "李强" not in text
    _reports, parsed_files = imported
    rejected = workbook_text(rejected_workbook(parsed_files))
    assert "***************0123" in rejected and "李*" in rejected and ADDRESS not in rejected


# --- issue 17, finding 6: numbers written with any separator, §5's extended list under any
# spelling, in cells, file names and sheet names --------------------------------------------------

CARD = "6222021234567890128"
SEPARATED = {  # as written → the number it is
    "139.1234.5678": "13912345678",
    "139/8765/4321": "13987654321",
    "(139)12345678": "13912345678",
    "（１３７）１２３４ ５６７８": "13712345678",
    "330211_1990_0101_1236": "330211199001011236",
    "330211.19900101.1236": "330211199001011236",
    "３３０２１１．１９９００１０１．１２３６": "330211199001011236",
}
# §5's extended list as offices head it: header → value; none may be stored or reported in clear
OTHER_NUMBERS = {
    "银行卡号": CARD,
    "银行卡": "6217 0012 3456 7890",
    "银行卡号码": CARD,
    "收款账号": "6228480012345678913",
    "开户行及账号": f"工行 {CARD}",
    "工资卡号(工行)": CARD,
    "银行账户": "9558801234567890",
    "医保号": "ZJ330106A1234567",
    "医保卡": "ZJ330106A7654321",
    "社保号": "SB3302119988776",
    "社会保障卡号码": "330211888877776666",
    "护照号": "E12345678",
    "护照": "E87654321",
    "警号": "8065431",
    "警员编号": "8065432",
}
FAMILY = {"子女姓名": "王小明", "配偶姓名": "欧阳娜娜", "被帮扶人姓名": "张三丰", "子女": "李红红"}
ADDRESSES = {"住址": "幸福路88号3单元", "家庭住址": "光明路9号", "家庭住址(详细到门牌号)": "和平路7号"}
CLEAR_TEXTS = (
    *SEPARATED.values(),
    *(v for v in OTHER_NUMBERS.values() if not v.startswith("工行")),
    CARD,
    "6217001234567890",
    *FAMILY.values(),
    *ADDRESSES.values(),
)
# what the numbers look like once the separators are taken out (NFKC folds the full-width ones)
_BETWEEN = re.compile(r"(?<=[0-9A-Za-z])[ \-./_()]{1,2}(?=[0-9A-Za-z])")


def clear_texts(text: str) -> list[str]:
    import unicodedata

    joined = _BETWEEN.sub("", unicodedata.normalize("NFKC", text))
    return [clear for clear in CLEAR_TEXTS if clear in joined or clear in text]


def ledger_with_the_extended_list() -> list[list]:
    headers = ["单位", "慰问对象", "日期", "类别", "金额", *OTHER_NUMBERS, *FAMILY, *ADDRESSES, "联系电话", "备注"]
    rows = [["2024年帮扶慰问台账"], headers]
    for number, (written, amount) in enumerate(zip(SEPARATED, (500, 300, None, 200, 100, 600, 700), strict=True)):
        note = f"卡号{CARD},护照号 E12345678,电话{written}"
        rows.append(
            ["华新工会", f"职工{number}", "2024-05-01", "困难帮扶", amount, *OTHER_NUMBERS.values(), *FAMILY.values()]
            + [*ADDRESSES.values(), written, note]
        )
    return rows  # the third row has no 金额: rejected, in the rejected-rows download


@pytest.mark.parametrize("written", list(SEPARATED))
def test_separated_numbers_are_masked(written):
    from unionstats.rules.personal import mask_personal

    assert clear_texts(mask_personal(f"电话{written}。")) == []


def test_no_spelling_of_the_extended_list_reaches_the_store_or_the_report(engine):
    files = [
        (f"王芳{CARD}_139.1234.5678.xlsx", xlsx(("帮扶139.1234.5678", ledger_with_the_extended_list()))),
        ("330211_1990_0101_1236帮扶.xlsx", xlsx(("(139)12345678", ledger_with_the_extended_list()))),
        (
            "330211.19900101.1236.csv",
            csv_bytes([[str(c) if c is not None else None for c in row] for row in ledger_with_the_extended_list()[1:]]),
        ),
    ]
    reports, parsed_files = [], []
    for name, data in files:
        report, parsed = import_bytes(engine, data, name, today=TODAY, on_overlap="keep")
        assert report["status"] == "imported", report
        assert [(s["stored"], s["rejected"]) for s in report["sheets"]] == [(6, 1)]
        reports.append(report)
        parsed_files.append(parsed)
    # the import report (shown and downloaded), file and sheet names included
    assert clear_texts(json.dumps(reports, ensure_ascii=False)) == []
    assert "6222***********0128" in json.dumps(reports, ensure_ascii=False)
    # every table, every column
    tables = MetaData()
    tables.reflect(engine)
    found = {}
    with engine.connect() as conn:
        for table in tables.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is not None and column not in HASH_COLUMNS and (hits := clear_texts(str(value))):
                        found.setdefault(f"{table.name}.{column}", set()).update(hits)
    assert found == {}
    with engine.connect() as conn:
        extra = json.loads(conn.execute(select(tables.tables["welfare"].c.extra)).scalars().first())
    assert extra["银行卡号"].endswith("0128") and extra["开户行及账号"].startswith("*") and extra["子女"] == "李**"
    assert not set(ADDRESSES) & set(extra)  # addresses are not kept
    # the rejected rows' download
    rejected = workbook_text(rejected_workbook(parsed_files))
    assert "6222***********0128" in rejected or "***************0128" in rejected
    assert clear_texts(rejected) == []
