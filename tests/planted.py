"""A store whose user text is hostile Markdown and HTML (security finding 3): a unit, its 上级工会,
the files and a sheet, a welfare category, an activity type, a competition and a user are named
with links, images, HTML, emphasis, a colour directive and maths — what a file's author or a
unit user controls. Every page must show them as written (tests/views/test_plain_text.py, and
in a real browser tests/browser/test_plain_text.py).
"""

from __future__ import annotations

from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.store import close_store, open_store, undo_batch, users

EVIL = "evil.invalid"  # every planted address points here: nothing may link to or load from it
# a link, an image, raw HTML (plotly reads <a href> in labels), emphasis, a Streamlit colour
# directive, maths, an emoji shortcode and a bare address
PAYLOAD = (
    f"[x](http://{EVIL}/p)![b](http://{EVIL}/b.png)<img src=http://{EVIL}/i><a href=http://{EVIL}/a>链</a>"
    f"**粗**:red[红]$x$:smile:www.{EVIL}"
)
UNIT = f"甲{PAYLOAD}工会"
PARENT = f"乙{PAYLOAD}总工会"
FILE_STEM = f"[点此重新登录](http://{EVIL}/phish)![b](http://{EVIL}/beacon.png)"
# Excel forbids [ ] : * ? / \ in a sheet's name and allows 31 characters
SHEET = "<img src=x>$x$~~删~~_斜_`码`"
CATEGORY = f"困难帮扶{PAYLOAD}"
ACTIVITY_TYPE = f"文体活动{PAYLOAD}"
COMPETITION = f"技能比武{PAYLOAD}"
# a user name has no spaces
USER = f"管理员[x](http://{EVIL}/u)![b](http://{EVIL}/b.png)<b>粗</b>**粗**:red[红]$x$"
PASSWORD = "planted-pass-123"
ID_NUMBER = "330211199001011234"  # shown masked: 3302**********1234, stars and all
MASKED_ID = "3302**********1234"
# a file named with two ID numbers: masked, its two runs of stars would pair up as emphasis
TWO_IDS_FILE = f"名单{ID_NUMBER}与330211199001015678.xlsx"
TWO_IDS_SHOWN = f"名单{MASKED_ID}与3302**********5678.xlsx"
UNDONE_FILE = f"{FILE_STEM}已撤销的慰问台账.xlsx"  # imported, then undone: 导入记录 strikes it through

# every planted text and where it comes from; a page shows each as written or not at all
PLANTED = {
    "unit": UNIT,
    "parent": PARENT,
    "file": FILE_STEM,
    "sheet": SHEET,
    "category": CATEGORY,
    "activity type": ACTIVITY_TYPE,
    "competition": COMPETITION,
    "user": USER,
}


def planted_files() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the hostile files, the units registry first."""
    return [
        (
            f"{FILE_STEM}2024年单位信息.xlsx",
            xlsx(
                (
                    SHEET,
                    [
                        ["单位", "上级工会", "单位类型", "已建会", "年度"],
                        [UNIT, PARENT, "企业", "是", 2024],
                        ["丙机械厂工会", PARENT, "企业", "是", 2024],
                    ],
                )
            ),
        ),
        (
            f"{FILE_STEM}会员统计表.xlsx",
            xlsx(
                [
                    ["单位", "年度", "职工人数", "会员人数", "上级工会"],
                    [UNIT, 2023, 120, 100, PARENT],
                    [UNIT, 2024, 120, 90, PARENT],
                    ["丙机械厂工会", 2024, 100, 99, PARENT],
                ]
            ),
        ),
        (
            f"{FILE_STEM}2024年帮扶慰问台账.xlsx",
            xlsx(
                [
                    ["日期", "类别", "金额", "人次", "单位", "慰问对象", "身份证号"],
                    ["2024-03-01", CATEGORY, 500, 1, UNIT, "王某", ID_NUMBER],
                    ["2024-05-01", "大病救助", 800, 1, UNIT, f"李某{ID_NUMBER}", None],
                ]
            ),
        ),
        (
            f"{FILE_STEM}2024年活动与培训台账.xlsx",
            xlsx(
                [
                    ["活动名称", "日期", "类型", "场次", "参加人次", "经费", "单位"],
                    [f"活动{PAYLOAD}", "2024-04-01", ACTIVITY_TYPE, 1, 30, 1000, UNIT],
                ]
            ),
        ),
        (
            f"{FILE_STEM}2024年劳动竞赛获奖情况.xlsx",
            xlsx(
                [
                    ["竞赛名称", "日期", "单位", "姓名", "项目", "级别", "奖项", "人数"],
                    [COMPETITION, "2024-06-01", UNIT, "赵某", f"项目{PAYLOAD}", "区级", "一等奖", 1],
                ]
            ),
        ),
    ]


def welfare_ledger(day: str, amount: object) -> bytes:
    """A one-row 帮扶慰问 ledger of the planted unit, on the planted sheet name."""
    return xlsx(
        (
            SHEET,
            [
                ["日期", "类别", "金额", "人次", "单位", "慰问对象"],
                [day, CATEGORY, amount, 1, UNIT, f"孙某{ID_NUMBER}"],
            ],
        )
    )


def plant_store(url: str) -> list[dict]:
    """Import the hostile files into the store at ``url`` as the admin USER (created here), one
    more named with two ID numbers, and one undone; returns the import reports."""
    engine = open_store(url)
    try:
        users.add_user(engine, USER, PASSWORD, role="admin")
        reports = [import_bytes(engine, data, name, user=USER)[0] for name, data in planted_files()]
        reports.append(import_bytes(engine, welfare_ledger("2024-10-01", 200), TWO_IDS_FILE, user=USER)[0])
        undone = import_bytes(engine, welfare_ledger("2024-11-01", 100), UNDONE_FILE, user=USER)[0]
        undo_batch(engine, undone["batch"], user=USER)
        return [*reports, undone]
    finally:
        close_store(engine)
