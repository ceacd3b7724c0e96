"""会员名册 (contract §3.7): the words a roster writes, the statuses, the groups of 会员构成.

One row each; the reading is in ``ingest/build.py`` (``build_roster``) and the sums in
``metrics/compute.py``.
"""

from __future__ import annotations

# 会籍变化 as written → the standard status; first match wins (转入 before 入会: "转入" holds no 入会,
# but "重新入会" does). A cell that matches none is 在册 with a warning.
STATUS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("转出", ("转出", "调出", "迁出")),
    ("退会", ("退会", "退出工会", "退出")),
    ("除名", ("除名", "开除")),
    ("转入", ("转入", "调入", "迁入")),
    ("保留", ("保留",)),
    ("入会", ("入会", "新增", "新发展", "加入")),
    ("在册", ("在册", "正常", "在职", "会员", "有效")),
)
DEFAULT_STATUS = "在册"  # §3.7: no 会籍变化 column, or an empty cell
# §3.7: 会员人数 = rows not 转出 / 退会 / 除名
LEFT_STATUSES: tuple[str, ...] = ("转出", "退会", "除名")
JOINED_STATUS = "入会"  # 新发展会员: joined that year, not transferred in
TRANSFERRED_IN = "转入"

# 性别 as written: a cell holding 女 is 女, one holding 男 is 男 (男性, 女性, 女士 …)
FEMALE, MALE = "女", "男"
SEX_CODES: dict[str, str] = {"f": FEMALE, "m": MALE, "female": FEMALE, "male": MALE}

# 是否农民工 / 户籍类型: 农业户口 = 农民工 (§3.7); 非农业户口, 城镇户口 = not. Words that say "not"
# are looked for first (非农业户口 holds 农业).
MIGRANT_NO_WORDS: tuple[str, ...] = ("非农", "城镇", "城市", "居民户口", "非农民工")
MIGRANT_YES_WORDS: tuple[str, ...] = ("农业", "农村", "农民工", "农民")

# 会员构成 (members_by_group, §4): the categories, in the order they are shown
MIGRANT_GROUP = "农民工"
# age at the end of the year: (first age, last age or None, category)
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 35, "35岁及以下"),
    (36, 45, "36-45岁"),
    (46, 55, "46-55岁"),
    (56, None, "56岁及以上"),
)
YOUNG_GROUP = AGE_BANDS[0][2]  # the 工作总结 sentence's "35岁及以下会员占…"
GROUP_ORDER: tuple[str, ...] = (FEMALE, MALE, MIGRANT_GROUP, *(band[2] for band in AGE_BANDS))
# 会员构成 as the page draws it: each group under what it tells apart (one colour each); 农民工 is
# "of whom" (其中), not a third part of the whole
MAKEUP_DIMENSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("性别", (FEMALE, MALE)),
    ("年龄", tuple(band[2] for band in AGE_BANDS)),
    ("其中", (MIGRANT_GROUP,)),
)

# §3.7: a sheet that also has one of these columns is that ledger, not a roster (ledgers list
# people too): (kind, field) of the other kinds, and headers of kinds read elsewhere.
LEDGER_FIELDS: tuple[tuple[str, str], ...] = (
    ("welfare", "amount"),
    ("welfare", "category_raw"),  # 慰问类别, 帮扶类型: a list of people helped, not of members
    ("competitions", "contest"),
    ("activities", "name"),
)
# A list of people whose title, sheet or file name names one of these kinds' words (困难职工帮扶名单,
# 技能比武获奖名单) is that kind's list, not a member roster (rules/columns.TITLE_KIND_WORDS).
LEDGER_TITLE_KINDS: tuple[str, ...] = ("welfare", "competitions", "activities")
LEDGER_HEADERS: tuple[str, ...] = ("活动名称", "培训名称", "班次名称", "活动主题", "活动项目")
