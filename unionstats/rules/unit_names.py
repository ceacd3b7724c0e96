"""What offices add to and drop from a unit's name: the variants of one 工会's name (issue 14).

A district's registry writes 恒达电子有限公司工会 and 云溪建设集团有限公司工会; the units' own
files write 杭州恒达电子有限公司工会 and 云溪建设集团有限公司工会委员会（盖章）. Contract §1 keeps
names as written; these rows only build the *comparison key* with which a new name is offered
as "是否就是「…」?" (``unionstats.ingest.unit_names``) — never a merge by themselves (product.md
数据导入, 设置 单位名称对照). Names are NFKC-folded first, so （） are () and full-width
letters are half-width before any row here applies.
"""

from __future__ import annotations

from typing import NamedTuple


class NameRule(NamedTuple):
    """One thing offices add or drop: ``pattern`` (a regular expression on the folded name,
    without spaces) is replaced by ``replacement`` until nothing changes."""

    key: str
    pattern: str
    replacement: str
    example: str  # a written name → what the rule leaves of it


# Bracket pairs of any width (NFKC folds （） and ［］; 【】〔〕〖〗「」 it leaves as they are).
BRACKETS: tuple[tuple[str, str], ...] = (("(", ")"), ("[", "]"), ("【", "】"), ("〔", "〕"), ("〖", "〗"), ("{", "}"))

# A note in brackets that is no part of the name: the seal, and what a form asks to write.
NOTE_WORDS: tuple[str, ...] = ("盖章", "公章", "签章", "章", "印", "签字", "签名", "全称", "必填")

# The common place prefixes of a name in a district's files (the city, the district and
# the province), written without 市/区/省; a prefix with 市/区/县/省 is found by pattern too.
PLACE_PREFIXES: tuple[str, ...] = (
    "中国",
    "浙江省",
    "浙江",
    "杭州市",
    "杭州",
    "宁波",
    "温州",
    "绍兴",
    "湖州",
    "嘉兴",
    "金华",
    "台州",
    "滨江区",
    "滨江",
    "西湖区",
    "上城区",
    "拱墅区",
    "萧山区",
    "余杭区",
    "北京",
    "上海",
    "天津",
    "重庆",
    "广州",
    "深圳",
    "南京",
    "苏州",
)
# X市 / X区 / X县 / X省 at the start: two or three characters and the word (杭州市, 滨江区,
# 石家庄市); a place beginning the name is one the office may write or leave out.
PLACE_PATTERN = r"[\u4e00-\u9fff]{2,3}?(?:省|市|区|县)"

# The rules, in the order they apply (repeatedly, until the name no longer changes).
NAME_RULES: tuple[NameRule, ...] = (
    # 盖章 notes: （盖章）, (章), 【公章】 — in brackets of any width, at the end or not
    NameRule("seal_note", r"[(\[【〔〖{](?:" + "|".join(NOTE_WORDS) + r")[)\]】〕〗}]", "", "某某工会(盖章) → 某某工会"),
    # 盖章 written without brackets after the name
    NameRule("seal_word", r"(?<=.{2})(?:盖章|公章|签章)$", "", "某某工会盖章 → 某某工会"),
    # the union's committee: 工会委员会 is the 工会 (and 工会联合会, 联合工会 of a group)
    NameRule("committee", r"工会(?:委员会|联合会)$", "工会", "某某公司工会委员会 → 某某公司工会"),
    NameRule("committee_alone", r"(?<=.{2})(?:委员会|联合会)$", "工会", "某某公司委员会 → 某某公司工会"),
    NameRule("joint_union", r"联合工会$", "工会", "某某集团联合工会 → 某某集团工会"),
    # a union and its employer: 恒达电子有限公司工会 and 恒达电子有限公司 name one unit
    NameRule("union_word", r"(?<=.{2})总?工会$", "", "某某公司工会 → 某某公司"),
    # the company form: 有限公司, 有限责任公司, 股份有限公司 and 公司 are one word here
    NameRule("company_form", r"(?:股份有限|有限责任|有限)公司", "公司", "某某有限责任公司 → 某某公司"),
)

# A name shorter than this (after the rules) is kept as it was: 工会 alone is no key.
MIN_KEY_LENGTH = 2

# Words whose presence in one name and not the other tells two units apart, however close the
# rest: a number (第一小学 and 第十一小学, 第2单位), a group and its member (集团), a branch
# (分公司, 分会), a unit's own office beside the street's union (机关, 总工会).
DISTINGUISHING_CHARS = frozenset("0123456789一二三四五六七八九十百千零〇两第分总")
DISTINGUISHING_WORDS: tuple[str, ...] = ("集团", "机关", "分公司", "分会", "分厂", "车间", "研究院", "附属")

# How close two keys must be (rapidfuzz ``fuzz.ratio``, 0–100) when one is not the other:
# and only when one key holds the other's characters in order, the words dropped lie inside the
# name (not its first or last character: 红旗第十小学 and 第十小学, 中山街道机关 and 中山街道 are
# other units) and are none of the distinguishing ones above. Never a changed character:
# 恒达电子 and 恒通电子, 东城街道 and 西城街道 are other units (tests/ingest/test_unit_names.py).
CLOSE_SCORE = 85.0
