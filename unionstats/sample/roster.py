"""The sample's 会员名册 (contract §3.7): 2024 rosters of three small units, as a 智慧工会
platform exports them — an instruction line in a header cell (`证件号码\\n(填写18位身份证)`),
a 填表单位（盖章） line, 会籍变化类型, 户籍类型 and a phone column.

Every person is made up; their IDs are built with a right GB 11643 check digit, except one
planted wrong. Each roster lists as many members as the unit's 2024 会员统计 row (so the two
agree), one member who transferred out (转出, not counted), and one member whose 性别 is left
empty (read from the ID). Small on purpose: 载入示例数据 takes seconds.
"""

from __future__ import annotations

import datetime as dt

from unionstats.ingest.idcard import check_character
from unionstats.ingest.model import WARNING
from unionstats.sample.membership import MembershipFacts
from unionstats.sample.names import UNIT_BY_NAME, PersonNames, seeded_rng
from unionstats.sample.sheets import SIGNATURE, BuiltFiles, Table

ROSTER_FILE = "2024年会员实名制名册.xlsx"
ROSTER_YEAR = 2024
# (unit, sheet name): small units of each 街道, so the sample stays small
ROSTER_UNITS: tuple[tuple[str, str], ...] = (
    ("和平社区工会", "和平社区"),
    ("佳味餐饮管理有限公司工会", "佳味餐饮"),
    ("南湖中心幼儿园工会", "南湖中心幼儿园"),
)
HEADER = (
    "序号",
    "姓名",
    "证件号码\n(填写18位身份证)",
    "性别",
    "出生日期（格式：yyyy/MM/dd）",
    "会籍变化类型",
    "会籍变化日期",
    "户籍类型",
    "工作单位",
    "手机号码",
    "民族",
    "学历",
)
ID_COLUMN = HEADER.index("证件号码\n(填写18位身份证)")
SEX_COLUMN = HEADER.index("性别")
AREA_CODE = "990101"  # no real 行政区划代码 begins 99: the IDs are plainly made up
EDUCATION = ("大专", "本科", "高中", "中专", "硕士研究生")
BAD_ID_ROW = 3  # 和平社区's fourth member: the one ID with a wrong check digit (planted)
MISSING_SEX_ROW = 5  # each roster's sixth member: 性别 left empty, read from the ID


def made_up_id(birth: dt.date, sequence: int, female: bool) -> str:
    """An 18-digit ID of a made-up person: area 990101, the birth date, a sequence whose last
    digit is even for a woman and odd for a man, and its GB 11643 check character."""
    sequence = sequence * 2 % 1000 + (0 if female else 1)
    first17 = f"{AREA_CODE}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def add_rosters(built: BuiltFiles, seed: int, membership: MembershipFacts) -> None:
    """The roster workbook: one sheet per unit, its 2024 members and one transfer-out."""
    sheets = []
    for unit_name, sheet_name in ROSTER_UNITS:
        table = roster_table(seed, unit_name, membership[unit_name, ROSTER_YEAR]["members"])
        sheets.append((sheet_name, table))
        if unit_name == ROSTER_UNITS[0][0]:
            built.plant(ROSTER_FILE, sheet_name, table, BAD_ID_ROW, ID_COLUMN, WARNING, "身份证号校验位不符")
    built.add_tables(ROSTER_FILE, sheets, "roster")


def roster_table(seed: int, unit_name: str, members: int) -> Table:
    unit = UNIT_BY_NAME[unit_name]
    rng = seeded_rng(seed, f"roster-{unit_name}")
    names = PersonNames(rng)
    employer = unit_name.removesuffix("工会")
    rows: list[list | None] = []
    for index in range(members + 1):  # the last one transferred out
        female = rng.random() < unit.female_share
        birth = dt.date(ROSTER_YEAR - rng.randint(21, 59), rng.randint(1, 12), rng.randint(1, 28))
        person_id = made_up_id(birth, index + 1, female)
        if unit_name == ROSTER_UNITS[0][0] and index == BAD_ID_ROW:
            person_id = person_id[:17] + ("0" if person_id[17] != "0" else "1")  # a digit mistyped
        if index == members:
            status, changed = "转出", dt.date(ROSTER_YEAR, rng.randint(3, 11), rng.randint(1, 28))
        elif rng.random() < 0.08:
            status, changed = "入会", dt.date(ROSTER_YEAR, rng.randint(1, 11), rng.randint(1, 28))
        elif rng.random() < 0.04:
            status, changed = "转入", dt.date(ROSTER_YEAR, rng.randint(1, 11), rng.randint(1, 28))
        else:
            status, changed = "保留" if rng.random() < 0.03 else "入会", dt.date(rng.randint(2000, ROSTER_YEAR - 1), 6, 1)
        migrant = rng.random() < unit.migrant_share
        rows.append(
            [
                index + 1,
                names.next(),
                person_id,
                None if index == MISSING_SEX_ROW else ("女" if female else "男"),
                birth.strftime("%Y/%m/%d"),
                status,
                changed,
                "农业户口" if migrant else "非农业户口",
                employer,
                f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}",
                "汉族",
                rng.choice(EDUCATION),
            ]
        )
    return Table(
        title=f"{ROSTER_YEAR}年度工会会员实名制信息表",
        lines=(f"填表单位（盖章）：{unit_name}",),
        header=HEADER,
        rows=rows,
        footer=(SIGNATURE,),
        widths=(6, 10, 22, 6, 14, 12, 14, 12, 24, 14, 8, 10),
    )
