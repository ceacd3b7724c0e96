"""Words that tell what a cell or a row is (data contract §1)."""

from __future__ import annotations

from typing import NamedTuple

# Cells that mean "no value" (§1: `—`, `-`, `/`, `无`, empty = missing).
MISSING_TOKENS: frozenset[str] = frozenset(
    {
        "",
        "—",
        "——",
        "-",
        "--",
        "－",
        "/",
        "无",
        "空",
        "暂无",
        "n/a",
        "na",
        "null",
        "none",
        "nan",
        "\\",
        # statistical yearbooks print these for figures not published (§1)
        "***",
        "**",
        "*",
        "…",
        "……",
        "...",
        "….",
    }
)
# In a figure's cell only (a yes/no column reads x as 否): yearbooks' x for "not applicable".
MISSING_FIGURE_TOKENS: frozenset[str] = frozenset({"x", "×"})

# A row whose first text cell is, or ends with, one of these is a totals row (§1).
TOTAL_WORDS: tuple[str, ...] = ("合计", "总计", "小计", "累计")
# … or is, without spaces, one of these: yearbooks and census tables by region open with
# the whole country's or province's row (`全 国`, typeset for alignment).
TOTAL_LABELS: frozenset[str] = frozenset({"全国", "全省", "全市", "全区", "全县", "总计", "合计"})

# Header text (§1): a second line that instructs (`证件号码\n(填写18位身份证)`) is not part of
# the name; neither is a line with no Chinese (`Number of Staff and Workers`).
HEADER_INSTRUCTION_PREFIXES: tuple[str, ...] = ("填写", "请", "注", "如", "格式", "例", "说明", "必填", "选填")
# A leading mark meaning "of which": the column is the child of the column before it
# (`会员人数 | #女会员` → 女会员人数).
CHILD_MARKS: tuple[str, ...] = ("#", "其中:", "其中")

# A row whose label starts with this breaks down the row above (其中:女), already counted
# in it (§2: nothing counted twice); in a header, 其中女 under 会员人数 names 女会员人数.
DETAIL_PREFIX = "其中"

# Child headers under a merged parent that stand for the parent's own total (会员人数 over
# 合计 | 女: the 合计 column is 会员人数 itself).
TOTAL_CHILD_HEADERS: frozenset[str] = frozenset(
    {"合计", "小计", "总计", "总数", "计", "总", "人数", "数量", "数", "金额", "总人数", "合计数"}
)

# A row whose first cell is one of these words followed by a colon (or standing alone,
# with the name in the next cell) is a footer, not data (§1): 填表人:张三. A unit called
# 制表车间工会 is data.
FOOTER_WORDS: tuple[str, ...] = (
    "填表人",
    "填报人",
    "制表人",
    "制表",
    "填表",
    "审核人",
    "审核",
    "审批",
    "负责人",
    "单位负责人",
    "经办人",
    "联系人",
    "联系电话",
    "主管领导",
    "分管领导",
    "报送日期",
    "填报日期",
    "填表日期",
    "制表日期",
    "单位(盖章)",
    "单位盖章",
    "(盖章)",
    "盖章",
    "工会主席",
    "财务负责人",
)
# Notes under a table: 注:…, 说明:…, 以上数据…, 本表…
NOTE_PREFIXES: tuple[str, ...] = ("注:", "注1", "注2", "说明:", "备注:", "附注", "以上", "本表", "填表说明")

# A row right under the header that numbers or measures the columns (official forms):
# 甲 | 乙 | 1 | 2 | 3, 栏次, or 人 | 元 | %.
COLUMN_CODE_WORDS: frozenset[str] = frozenset(
    {
        "甲",
        "乙",
        "丙",
        "丁",
        "戊",
        "己",
        "庚",
        "辛",
        "壬",
        "癸",
        "栏次",
        "行次",
        "列次",
        "计量单位",
        "单位",
        "序号",
        "全称",
        "简称",
    }
)

# 序号 cells of the example row in our own templates (`template KIND`).
EXAMPLE_MARKERS: frozenset[str] = frozenset({"示例", "例", "样例", "填写示例"})

# Unit words that may follow a number typed as text (`500元`, `120人`).
NUMBER_SUFFIXES: tuple[str, ...] = (
    "万元",
    "元",
    "人次",
    "人",
    "个",
    "次",
    "名",
    "户",
    "家",
    "位",
    "项",
    "场",
    "场次",
    "期",
)  # 场次, 期: §3.8

# Lines above the header naming the file's unit (§3 yes*): 填报单位:xx工会. A bare
# 单位: line names the unit too unless it gives a measure (单位:元).
UNIT_LINE_LABELS: tuple[str, ...] = (
    "填报单位",
    "填表单位",
    "编制单位",
    "单位名称",
    "工会名称",
    "基层工会名称",
    "报送单位",
)
MEASURE_WORDS: frozenset[str] = frozenset(
    {
        "元",
        "万元",
        "千元",
        "人",
        "个",
        "户",
        "家",
        "人次",
        "%",
        "次",
        "名",
        "万人",
        "万个",
        "万台",
        "台",
        "万户",
        "项",
        "场",
        "期",
        "所",
        "岁",
    }
)
# Measures written after a slash at the end of a header (金额/元, 人数/人), besides the
# scale words of ``MULTIPLIERS`` (金额/万元).
SLASH_MEASURE_WORDS: tuple[str, ...] = ("元", "人", "人次", "个", "%")

# yes/no cells (§3.5), compared after normalisation; anything else starting with 已 is
# yes (已建工会), with 未/没 no (未建会, 没签).
YES_WORDS: frozenset[str] = frozenset(
    {"是", "√", "✓", "✔", "1", "y", "yes", "true", "有", "已建", "已签订", "已开展", "已登记", "对", "已建会"}
)
NO_WORDS: frozenset[str] = frozenset(
    {"否", "×", "✗", "✘", "x", "0", "n", "no", "false", "无", "未建", "未签订", "未开展", "未登记", "没有", "未建会"}
)
YES_PREFIXES: tuple[str, ...] = ("已",)
NO_PREFIXES: tuple[str, ...] = ("未", "没")


class Multiplier(NamedTuple):
    """A scale word of amounts and what it multiplies by (§1: 万元 columns ×10,000)."""

    word: str
    factor: float
    within: bool  # counts inside a longer unit text (单位:万元); else only alone: (万)
    after_figure: bool  # also read after a figure typed in a cell (3.2万元, 3.2万)


# One row per word; the first row that fits wins, so a longer word comes before its part.
MULTIPLIERS: tuple[Multiplier, ...] = (
    Multiplier("万元", 10_000.0, within=True, after_figure=True),
    Multiplier("千元", 1_000.0, within=True, after_figure=False),
    Multiplier("万人", 10_000.0, within=True, after_figure=False),  # yearbooks: 职工人数(万人)
    Multiplier("万", 10_000.0, within=False, after_figure=True),
)
# Which columns a 单位:… line above the header scales (§1): 单位:万元 the amounts, 单位:万人
# the counts.
AMOUNT_SCALE_WORDS: tuple[str, ...] = ("万元", "千元")
COUNT_SCALE_WORDS: tuple[str, ...] = ("万人",)


def unit_multiplier(unit: str) -> float | None:
    """The factor a header's or a title line's unit text names (万元 → 10,000), None if none."""
    for multiplier in MULTIPLIERS:
        if unit == multiplier.word or (multiplier.within and multiplier.word in unit):
            return multiplier.factor
    return None


# A period written in two columns (§1): the year column's header holds 年 and not 月, the
# month column's holds one of these (月份, 发放日期, 时间).
YEAR_COLUMN_WORD = "年"
MONTH_WORD = "月"
MONTH_COLUMN_WORDS = (MONTH_WORD, "日", "时间")

# Dues written side by side per fund type (§3.2): a merged parent naming a fund — 工会经费 |
# 会费 | 拨缴经费 — over 应缴 | 实缴.
FUND_PARENT_WORDS = ("会费", "经费", "拨缴")

# 女性 / 男性 under a merged 会员人数 read as 女 / 男 (其中女性 → 女会员人数).
SEX_WORDS = ("女性", "男性")

# A per-person form (入会申请书, 登记表) lays these labels out beside their values, row
# after row; a roster puts them in one header row. §1: such a sheet is named as a form.
PERSON_FORM_LABELS: frozenset[str] = frozenset(
    {
        "姓名",
        "性别",
        "出生年月",
        "出生日期",
        "民族",
        "籍贯",
        "政治面貌",
        "文化程度",
        "学历",
        "工作单位",
        "身份证号",
        "身份证号码",
        "联系电话",
        "家庭住址",
        "入会时间",
        "申请人",
        "职务",
        "工种",
        "婚姻状况",
        "健康状况",
        "参加工作时间",
        "申请理由",
        "申请日期",
    }
)
