"""Columns of every kind, with their aliases (data contract §3).

One row per (kind, field). ``field`` is the English id used in code and in the store;
``name`` is the canonical Chinese header; ``aliases`` are other headers that mean the
same column. Headers are compared after ``normalise_header`` (whole name, never a
substring). ``required``: "yes", "no", or "unit" for the unit column that may come from
the upload form or a 填报单位 line instead (contract §3 ``yes*``).

``dtype`` tells the cleaner what the cells hold:
  text      free text, NFKC-normalised and trimmed
  count     a non-negative whole number of people or items (negative → rejected)
  amount    money in 元 (negative → stored with a warning: a 红字冲销)
  period    a year or a month (2023, 2023年, 2023-05, 202305, an Excel date …)
  date      a date, or at least a month or a year, for ledgers
  yesno     是/否, √/×, 1/0, 已建/未建 …
  secret    an ID or phone number: never stored in clear (contract §5)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    kind: str
    field: str
    name: str
    aliases: tuple[str, ...]
    required: str  # "yes" | "no" | "unit"
    dtype: str


UNIT_ALIASES = (
    "单位名称",
    "基层工会",
    "工会名称",
    "企业名称",
    "基层工会名称",
    "单位全称",
    "单位(工会)名称",
    "基层单位",
    "基层单位名称",
    "用人单位",
    "企业(单位)名称",
)
PARENT_ALIASES = (
    "上级单位",
    "所属工会",
    "主管工会",
    "上级工会名称",
    "所属上级工会",
    "所属街道",
    "所属乡镇",
    "所属镇街",
    "所属街道工会",
    "上级主管工会",
)
# Issue 13 item 4: a part of a unit (分会, 车间 …). Rows of one unit and period that differ
# by it are parts of the unit, summed (membership, dues).
SUB_UNIT_ALIASES = (
    "分会",
    "部门",
    "车间",
    "班组",
    "科室",
    "支部",
    "分会名称",
    "分工会",
    "部门名称",
    "车间名称",
    "班组名称",
    "科室名称",
    "支部名称",
    "工会小组",
)
ID_ALIASES = ("身份证号", "身份证号码", "身份证", "证件号码", "公民身份号码")
PHONE_ALIASES = ("联系电话", "手机号", "手机号码", "电话", "联系方式", "电话号码")


def _c(kind, field, name, aliases, required, dtype):
    return Column(kind, field, name, tuple(aliases), required, dtype)


COLUMNS: tuple[Column, ...] = (
    # §3.1 membership — one row per unit and period
    _c("membership", "unit", "单位", (*UNIT_ALIASES, "地区", "地区名称"), "unit", "text"),  # §3.1: an area's row
    _c(
        "membership",
        "period",
        "年度",
        ("年份", "统计年度", "期间", "统计期", "月份", "统计期间", "统计时间", "统计月份", "报告期", "时间"),
        "yes",
        "period",
    ),
    _c(
        "membership",
        "employees",
        "职工人数",
        (
            "职工总数",
            "职工数",
            "在岗职工人数",
            "从业人员数",
            "职工人数合计",
            "职工总人数",
            "在职职工人数",
            "全部职工人数",
            "单位职工人数",
            "职工人数总计",
            "就业人数",  # economic census tables by region
            "年末职工人数",  # 统计年报: the stock at the year's end
            "期末职工人数",
            "年末职工总数",
        ),
        "yes",
        "count",
    ),
    _c(
        "membership",
        "members",
        "会员人数",
        (
            "会员数",
            "会员总数",
            "工会会员人数",
            "工会会员数",
            "会员人数合计",
            "会员总人数",
            "已入会人数",
            "入会人数",
            "工会会员总数",
            "加入工会人数",  # economic census tables: 就业人数 | #加入工会人数
            "年末会员人数",  # 统计年报: the stock at the year's end
            "年末会员数",
            "期末会员人数",
        ),
        "yes",
        "count",
    ),
    _c("membership", "female_employees", "女职工人数", ("女职工数", "其中女职工", "女职工", "其中女职工人数"), "no", "count"),
    _c(
        "membership",
        "female_members",
        "女会员人数",
        ("女会员数", "其中女会员", "女会员", "其中女会员人数", "女职工会员数", "女职工会员人数"),
        "no",
        "count",
    ),
    _c(
        "membership",
        "migrant_workers",
        "农民工人数",
        ("农民工数", "农民工职工人数", "农民工职工数", "其中农民工", "农民工"),
        "no",
        "count",
    ),
    _c("membership", "migrant_members", "农民工会员人数", ("农民工会员数", "其中农民工会员", "农民工会员"), "no", "count"),
    _c(
        "membership",
        "new_members",
        "新发展会员人数",
        (
            "新入会人数",
            "新增会员",
            "发展会员",
            "新发展会员",
            "新增会员人数",
            "本年新发展会员",
            "新发展会员数",
            "本年新入会人数",
            "新入会会员",
        ),
        "no",
        "count",
    ),
    _c("membership", "realname_members", "实名制录入人数", ("实名制人数", "已录入人数", "实名制录入"), "no", "count"),
    _c("membership", "insured_members", "互助保障参保人数", ("参保人数", "互助保障人数"), "no", "count"),
    _c("membership", "checkup_count", "体检人数", ("健康体检人数",), "no", "count"),
    # §3.1: a row of an area (街道, 区, 省) counts its units instead of listing them
    _c("membership", "unit_count", "单位数", ("法人单位数", "企业数", "单位总数", "法人单位总数"), "no", "count"),
    _c(
        "membership",
        "union_unit_count",
        "建会单位数",
        ("已成立工会单位数", "已建会单位数", "建会企业数", "已建工会单位数", "成立工会单位数"),
        "no",
        "count",
    ),
    _c("membership", "parent", "上级工会", PARENT_ALIASES, "no", "text"),
    # §3.2 dues — one row per unit, period and fund type
    # tax offices collect 工会经费 and list the payer as 纳税人名称 / 缴费人名称
    _c("dues", "unit", "单位", (*UNIT_ALIASES, "纳税人名称", "缴费人名称", "缴费单位", "缴费单位名称"), "unit", "text"),
    _c(
        "dues",
        "period",
        "期间",
        (
            "年度",
            "月份",
            "所属期",
            "缴费期间",
            "年份",
            "所属期间",
            "缴费月份",
            "所属月份",
            "所属年度",
            "缴费年度",
            "统计月份",
            "年月",
            "缴费日期",
            "到账日期",
            "入账日期",
            "拨缴月份",
            "缴交月份",
            "税款所属期止",  # tax-collected 工会经费: the period's last day names the month
            "所属期止",
            "费款所属期止",
        ),
        "yes",
        "period",
    ),
    _c(
        "dues",
        "due",
        "应缴金额",
        (
            "应缴",
            "应缴经费",
            "应拨缴金额",
            "应收金额",
            "应缴数",
            "应拨缴经费",
            "应缴会费",
            "应交",
            "应交金额",
            "应交经费",
            "应交会费",
            "应缴额",
            "应拨缴",
            "应收",
            "应拨缴工会经费",
            "应缴工会经费",
            "应征金额",
            "应缴费额",
        ),
        "yes",
        "amount",
    ),
    _c(
        "dues",
        "paid",
        "实缴金额",
        (
            "实缴",
            "已缴",
            "实收金额",
            "到账金额",
            "实拨缴金额",
            "实缴经费",
            "已缴金额",
            "实缴数",
            "实拨缴经费",
            "实缴会费",
            "实交",
            "实交金额",
            "实交经费",
            "已交",
            "已交金额",
            "实缴额",
            "实拨缴",
            "实收",
            "已拨缴金额",
            "已缴经费",
            "实交会费",
            "实际拨缴金额",
            "实际拨缴",
            "实拨金额",
            "实缴工会经费",
            "实缴费额",
            "入库金额",
        ),
        "yes",
        "amount",
    ),
    _c("dues", "fund_type", "经费类别", ("类别", "经费类型", "缴费类别"), "no", "text"),
    _c(
        "dues",
        "wage_total",
        "工资总额",
        ("全部职工工资总额", "职工工资总额", "全年工资总额", "计税依据", "计费依据", "工资总额合计"),
        "no",
        "amount",
    ),
    _c("dues", "remitted", "上解金额", ("上缴金额", "上解上级", "上解", "上解经费", "上缴上级", "上缴"), "no", "amount"),
    _c("dues", "parent", "上级工会", PARENT_ALIASES, "no", "text"),
    # §3.3 welfare — a ledger, one row per payment or per line
    _c(
        "welfare",
        "date",
        "日期",
        (
            "发放日期",
            "慰问日期",
            "时间",
            "期间",
            "年度",
            "月份",
            "慰问时间",
            "发放时间",
            "领取日期",
            "帮扶日期",
            "帮扶时间",
            "救助时间",
            "救助日期",
            "日 期",
            "补助时间",
            "补助日期",
            "资助时间",
            "资助日期",
            "慰问日期时间",
            "发生日期",  # 会员福利信息 templates (issue 13 corpus)
            "发生时间",
        ),
        "yes",
        "date",
    ),
    _c(
        "welfare",
        "category_raw",
        "类别",
        (
            "慰问类别",
            "慰问类型",
            "事由",
            "项目",
            "慰问事由",
            "慰问项目",
            "慰问原因",
            "帮扶类型",
            "帮扶类别",
            "帮扶项目",
            "慰问种类",
            "补助类别",
            "补助事由",
            "救助类别",
            "类型",
            "慰问内容",
            "帮扶事由",
            "补助类型",
            "资助类别",
            "资助类型",
            "救助类型",
            "福利项目",  # 会员福利信息 templates (issue 13 corpus)
            "福利类型",
        ),
        "yes",
        "text",
    ),
    _c(
        "welfare",
        "amount",
        "金额",
        (
            "慰问金",
            "慰问金额",
            "发放金额",
            "慰问金额元",
            "金额元",
            "补助金额",
            "帮扶金额",
            "慰问品折合金额",  # goods given instead of money, valued
            "折合金额",
            "救助金额",
            "慰问金额合计",
            "发放金额合计",
            "慰问款",
            "资助金额",
            "补助金",
            "补助金额合计",
            "资助金",
        ),
        "yes",
        "amount",
    ),
    _c("welfare", "count", "人次", ("人数", "次数", "慰问人次", "慰问人数", "帮扶人次", "发放人次"), "no", "count"),
    _c("welfare", "unit", "单位", UNIT_ALIASES + ("所在单位",), "unit", "text"),
    _c(
        "welfare",
        "recipient",
        "慰问对象",
        ("姓名", "对象", "职工姓名", "慰问对象姓名", "受助人", "受慰问人", "帮扶对象", "救助对象", "领取人", "受助职工"),
        "no",
        "text",
    ),
    _c("welfare", "fund_source", "资金来源", ("经费来源",), "no", "text"),
    _c("welfare", "id_number", "身份证号", ID_ALIASES, "no", "secret"),
    _c("welfare", "phone", "联系电话", PHONE_ALIASES, "no", "secret"),
    # §3.4 competitions — one row per entry
    _c(
        "competitions",
        "contest",
        "竞赛名称",
        (
            "比赛名称",
            "赛事",
            "活动名称",
            "赛事名称",
            "竞赛项目名称",
            "竞赛活动名称",
            "比赛",
            "竞赛",
            "技能竞赛名称",
            "比武名称",
            "比武项目名称",
            "技能比武名称",
        ),
        "yes",
        "text",
    ),
    _c(
        "competitions",
        "date",
        "日期",
        (
            "年度",
            "比赛日期",
            "时间",
            "竞赛日期",
            "举办时间",
            "比赛时间",
            "竞赛时间",
            "举办日期",
            "年份",
            "比武时间",
            "比武日期",
            "比武开始时间",
            "开始时间",
            "比赛开始时间",
            "竞赛开始时间",
            "获奖时间",  # 获奖名单 forms date the award
            "获奖日期",
        ),
        "yes",
        "date",
    ),
    _c("competitions", "unit", "单位", UNIT_ALIASES + ("所在单位", "参赛单位"), "unit", "text"),
    _c("competitions", "person", "姓名", ("参赛人", "选手", "参赛者", "参赛选手", "选手姓名"), "no", "text"),
    _c("competitions", "event", "项目", ("工种", "赛项", "组别", "比赛项目", "竞赛项目"), "no", "text"),
    _c("competitions", "level", "级别", ("竞赛级别", "层级", "比赛级别", "赛事级别", "竞赛层级", "竞赛等级"), "no", "text"),
    _c(
        "competitions",
        "award",
        "奖项",
        (
            "名次",
            "获奖等级",
            "成绩等级",
            "获奖情况",
            "获奖名次",
            "获奖等次",
            "奖次",
            "等次",
            "获奖",
            "所获奖项",
            "奖励等级",
        ),
        "no",
        "text",
    ),
    _c("competitions", "entries", "人数", ("参赛人数", "参赛人次", "人次"), "no", "count"),
    _c("competitions", "id_number", "身份证号", ID_ALIASES, "no", "secret"),
    _c("competitions", "phone", "联系电话", PHONE_ALIASES, "no", "secret"),
    # §3.5 units — one row per unit, optionally per year
    _c("units", "unit", "单位", UNIT_ALIASES, "yes", "text"),
    _c("units", "parent", "上级工会", PARENT_ALIASES + ("所属街道",), "no", "text"),
    _c(
        "units",
        "unit_type",
        "单位类型",
        ("类型", "企业类型", "行业", "单位性质", "企业性质", "单位类别", "所属行业"),
        "no",
        "text",
    ),
    _c(
        "units",
        "established",
        "已建会",
        ("是否建会", "建会情况", "是否已建会", "是否建立工会", "是否成立工会", "建会", "已建工会", "工会状态", "建会状态"),
        "no",
        "yesno",
    ),
    _c("units", "collective_contract", "签订集体合同", ("集体合同", "是否签订集体合同"), "no", "yesno"),
    _c("units", "wage_bargaining", "开展工资集体协商", ("工资集体协商", "是否开展工资集体协商"), "no", "yesno"),
    _c("units", "legal_person", "法人资格登记", ("工会法人登记", "法人登记", "是否法人资格登记"), "no", "yesno"),
    _c("units", "year", "年度", ("年份",), "no", "period"),
    # §3.6 finance — one row per unit, year and account
    _c("finance", "account", "科目", ("项目", "收支项目", "科目名称", "会计科目"), "yes", "text"),
    # §3.6: 科目 split into 编号 | 名称 under one merged 科目 cell reads 科目编号 | 科目名称
    _c("finance", "account_code", "科目编码", ("科目代码", "科目编号", "科目号"), "no", "text"),
    _c("finance", "year", "年度", ("年份",), "yes", "period"),
    _c(
        "finance",
        "actual",
        "决算数",
        (
            "实际数",
            "实际金额",
            "本年实际",
            "金额",
            "决算金额",
            "本年决算数",
            "本年决算",
            "执行数",
            "本年执行数",
            "决算",
            "实际发生额",
        ),
        "yes",
        "amount",
    ),
    _c(
        "finance",
        "budget",
        "预算数",
        ("预算金额", "年初预算", "本年预算", "预算", "年初预算数", "全年预算", "预算数合计", "本年预算数"),
        "no",
        "amount",
    ),
    # §3.6: a budget table's 上年决算数 is the 决算数 of the year before (see SHIFTED_COLUMNS)
    _c(
        "finance",
        "prior_actual",
        "上年决算数",
        ("上年实际数", "上年决算", "上年实际", "上年执行数", "上年决算金额"),
        "no",
        "amount",
    ),
    _c("finance", "flow", "收支类型", ("类型", "收支"), "no", "text"),
    _c("finance", "unit", "单位", UNIT_ALIASES, "unit", "text"),
    # §3.8 activities — a ledger, one row per activity or class (活动与培训)
    *(
        _c(
            "activities",
            "name",
            "活动名称",
            (
                "活动",
                "项目名称",
                "培训名称",
                "班次名称",
                "活动主题",
                "培训项目",
                "培训班名称",
                "活动项目",
                "培训主题",
            ),
            "yes",
            "text",
        ),
        _c(
            "activities",
            "date",
            "日期",
            (
                "活动日期",
                "活动时间",
                "培训时间",
                "时间",
                "年度",
                "培训日期",
                "举办时间",
                "举办日期",
                "开展时间",
                "月份",
                "开班时间",
                "开班日期",
            ),
            "yes",
            "date",
        ),
        _c("activities", "type_raw", "类型", ("活动类型", "活动类别", "类别", "培训类型", "培训类别"), "no", "text"),
        _c(
            "activities",
            "sessions",
            "场次",
            ("次数", "期数", "班次", "场数", "活动场次", "培训期数", "培训场次", "举办期数", "开班期数"),
            "no",
            "count",
        ),
        _c(
            "activities",
            "participants",
            "参加人次",
            (
                "参与人次",
                "参加人数",
                "培训人次",
                "参训人数",
                "人数",
                "参训人次",
                "参与人数",
                "参加职工人数",
                "参加职工人次",
                "受益人次",
                "受益职工人次",
                "培训人数",
            ),
            "no",
            "count",
        ),
        _c(
            "activities",
            "spend",
            "经费",
            ("活动经费", "费用", "支出金额", "金额", "经费支出", "培训经费", "活动费用", "投入经费", "使用经费"),
            "no",
            "amount",
        ),
        _c("activities", "unit", "单位", UNIT_ALIASES + ("主办单位", "举办单位", "承办单位"), "unit", "text"),
    ),
)

# §3.7 roster — 会员名册, one row per member (person-level). Stored per person only as the
# metrics need it: the keyed hash of the ID, sex, birth year, 农民工, 入会 year, status (§5).
ROSTER_UNIT_ALIASES = (*(a for a in UNIT_ALIASES if a != "用人单位"), "所在工会", "所在工会支部", "所在基层工会", "所属工会")
ROSTER_COLUMNS: tuple[Column, ...] = (
    _c("roster", "unit", "单位", ROSTER_UNIT_ALIASES, "unit", "text"),  # 工作单位 is the employer (EXTRA_COLUMNS)
    _c("roster", "name", "姓名", ("会员姓名", "职工姓名"), "yes", "text"),
    # required, or else one of 性别, 出生日期, 入会日期 (REQUIRED_ALTERNATIVES)
    _c("roster", "id_number", "身份证号", (*ID_ALIASES, "公民身份证号", "身份证件号码", "证件号"), "yes", "secret"),
    _c("roster", "sex", "性别", (), "no", "text"),
    _c("roster", "birth_date", "出生日期", ("出生年月", "出生时间", "出生年月日"), "no", "date"),
    _c("roster", "joined", "入会日期", ("入会时间", "加入工会时间", "注册时间", "会籍变化日期", "入会年月"), "no", "date"),
    _c("roster", "status", "会籍变化", ("会籍变化类型", "会籍状态", "会员状态", "变动类型"), "no", "text"),
    _c("roster", "migrant", "是否农民工", ("农民工", "是否农民工会员", "户籍类型", "户口性质", "户籍性质"), "no", "text"),
    _c("roster", "year", "年度", ("年份", "统计年度"), "no", "period"),
    _c("roster", "phone", "手机号码", (*PHONE_ALIASES, "移动电话", "手机"), "no", "secret"),
)
COLUMNS = (*COLUMNS, *ROSTER_COLUMNS)
# §3.7: a roster's 姓名 makes a row a person's; it is read, never stored (only what the metrics need)
UNSTORED_COLUMNS: frozenset[tuple[str, str]] = frozenset({("roster", "name")})
# §3.7: dates a roster keeps only as their year: (kind, field) → the stored column
STORED_AS_YEAR: dict[tuple[str, str], str] = {("roster", "birth_date"): "birth_year", ("roster", "joined"): "joined_year"}

# Columns a kind reads that have no column of their own in its table: kept in the row's
# ``extra``, or stored as rows of another kind. Matched like COLUMNS, never required.
EXTRA_COLUMNS: tuple[Column, ...] = (
    # issue 13: a part of a unit; rows of one unit and period under different parts are summed
    _c("membership", "sub_unit", "分会", SUB_UNIT_ALIASES, "no", "text"),
    _c("dues", "sub_unit", "分会", SUB_UNIT_ALIASES, "no", "text"),
    # §3.5: kept in the registry row's extra
    _c("units", "founded", "建会日期", ("建会时间", "成立时间", "成立日期", "工会成立时间", "工会成立日期"), "no", "date"),
    _c("units", "employer", "工作单位", ("就业单位", "所属单位"), "no", "text"),
    # §3.7: a roster's other columns are kept in extra under their header (工作单位 is the
    # employer, not the unit); known, so that a roster's header is found by them too
    _c("roster", "employer", "工作单位", ("就业单位", "用人单位", "所在单位"), "no", "text"),
    _c("roster", "ethnicity", "民族", (), "no", "text"),
    _c("roster", "education", "学历", ("文化程度", "最高学历"), "no", "text"),
    _c("roster", "politics", "政治面貌", (), "no", "text"),
    _c("roster", "employment", "就业状况", ("就业状态", "工作状态"), "no", "text"),
    # §3.5: a registry's 职工人数, 会员人数 (and the other headcounts of §3.1) are stored as
    # membership rows of the same units and year: the units kind knows them by the same names
    *(_c("units", c.field, c.name, c.aliases, "no", "count") for c in COLUMNS if c.kind == "membership" and c.dtype == "count"),
)

# §3.5: what makes a sheet a units registry whatever else it holds — a column only a
# registry has, or a union's name beside its employer's (单位名称 + 工会名称).
REGISTRY_OWN_FIELDS: frozenset[str] = frozenset(
    {"established", "founded", "collective_contract", "wage_bargaining", "legal_person"}
)
# The unit headers that name a union, not an employer: with another unit header beside
# them they are the unit, and the other one is the employer (§3.5).
UNION_NAME_HEADERS: tuple[str, ...] = ("工会名称", "基层工会名称", "基层工会", "工会全称", "工会组织名称")

# §3.3, §3.4: a count left blank is 1 (one payment, one entry) — also in a 合计 row's check.
BLANK_COUNT_DEFAULTS: dict[tuple[str, str], int] = {
    ("welfare", "count"): 1,
    ("competitions", "entries"): 1,
    ("activities", "sessions"): 1,  # §3.8: one activity or class per row unless 场次 says more
}

# A required column that another column can stand in for (contract §3.2: 应缴 may be
# derived as 2% × 工资总额).
REQUIRED_ALTERNATIVES: dict[tuple[str, str], tuple[str, ...]] = {
    ("dues", "due"): ("wage_total",),
    ("finance", "actual"): ("prior_actual",),  # §3.6: a budget table (上年决算数 | 本年预算数)
    ("roster", "id_number"): ("sex", "birth_date", "joined"),  # §3.7: one of 身份证号, 性别, 出生日期, 入会日期
}

# Columns stored as another column of another period (contract §3.6: a budget table's
# 上年决算数 for the year Y is the 决算数 of Y−1): (kind, field) → (stored field, years added).
SHIFTED_COLUMNS: dict[tuple[str, str], tuple[str, int]] = {
    ("finance", "prior_actual"): ("actual", -1),
}

# §2 warnings: a count that must not exceed another (stored, but suspicious).
MEMBERSHIP_ORDER_CHECKS: tuple[tuple[str, str, str], ...] = (
    ("members", "employees", "members_over_employees"),  # 会员人数 > 职工人数
    ("female_members", "members", "female_over_members"),  # 女会员 > 会员
    ("female_members", "female_employees", "female_members_over_female_employees"),
    ("migrant_members", "migrant_workers", "migrant_members_over_workers"),
)

# Headers that are never data columns (contract §1: a 序号 column is ignored).
IGNORED_HEADERS: tuple[str, ...] = ("序号", "编号", "行次", "行号")

KINDS: tuple[str, ...] = ("membership", "dues", "welfare", "competitions", "units", "finance", "activities")
KINDS += ("roster",)  # §3.7

KIND_LABELS: dict[str, str] = {
    "membership": "会员统计",
    "dues": "经费收缴",
    "welfare": "帮扶慰问",
    "competitions": "劳动竞赛",
    "units": "单位信息",
    "finance": "经费收支",
    "activities": "活动与培训",
}
KIND_LABELS["roster"] = "会员名册"  # §3.7

# The kinds a union is urged to report (催报, product.md 单位对比 报送情况): its membership
# return, its dues and its welfare ledger. 竞赛 are held by some unions only; 单位信息 is the
# district's registry and 经费收支 the 决算 of whoever keeps accounts — none is chased.
REMINDER_KINDS: tuple[str, ...] = ("membership", "dues", "welfare")
# … and those chased for a month: dues are paid monthly; a membership return is yearly, and a
# month without a welfare visit is no missing report.
MONTHLY_REMINDER_KINDS: tuple[str, ...] = ("dues",)

# Words of a title, sheet or file name that name a kind: where two kinds recognise as many
# columns of a sheet (项目 | 金额 is a 决算表 and a 慰问台账), the one the title names wins.
TITLE_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "membership": ("会员统计", "会员情况", "入会"),
    "dues": ("经费收缴", "会费收缴", "拨缴", "收缴"),
    "welfare": ("慰问", "帮扶", "补助", "救助", "助学", "助困", "送温暖"),
    "competitions": ("竞赛", "比武", "比赛"),
    "units": ("单位信息", "名录", "名册", "组织信息"),
    "finance": ("收支", "决算", "预算", "财务"),
    "activities": ("活动", "培训", "讲座", "班次"),
}
TITLE_KIND_WORDS["roster"] = ("会员名册", "花名册", "会员信息", "实名制", "会员登记")  # §3.7

# Aggregate kinds are keyed and replaced; ledger kinds append (contract §2).
AGGREGATE_KINDS: tuple[str, ...] = ("membership", "dues", "units", "finance")
AGGREGATE_KINDS += ("roster",)  # §3.7: a later roster of a unit and year replaces the earlier one
LEDGER_KINDS: tuple[str, ...] = ("welfare", "competitions", "activities")


def columns_of(kind: str) -> tuple[Column, ...]:
    """The columns of one kind, in table order (not its EXTRA_COLUMNS)."""
    return tuple(c for c in COLUMNS if c.kind == kind)


# (kind, field) → its column: the canonical name, dtype and required flag of any field.
COLUMN_OF: dict[tuple[str, str], Column] = {(c.kind, c.field): c for c in (*COLUMNS, *EXTRA_COLUMNS)}
