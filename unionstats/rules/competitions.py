"""劳动竞赛 rules: award tiers and contest levels (§3.4). First match wins."""

from __future__ import annotations

AWARD_TIERS: tuple[str, ...] = ("一等奖", "二等奖", "三等奖", "优秀奖", "未获奖")
NO_AWARD = "未获奖"

# (tier, words): a cell equal to a word, or containing it, maps to the tier.
AWARD_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("未获奖", ("未获奖", "参赛", "无", "未获")),
    ("一等奖", ("一等奖", "一等", "金奖", "金牌", "第一名", "第1名", "冠军", "特等奖", "第一")),
    ("二等奖", ("二等奖", "二等", "银奖", "银牌", "第二名", "第2名", "亚军", "第二")),
    ("三等奖", ("三等奖", "三等", "铜奖", "铜牌", "第三名", "第3名", "季军", "第三")),
    ("优秀奖", ("优秀奖", "优胜奖", "鼓励奖", "优秀", "优胜", "鼓励", "入围奖")),
)
# A non-empty award that matches no rule still is an award: counted as 优秀奖, with a warning.
UNKNOWN_AWARD_TIER = "优秀奖"

LEVELS: tuple[str, ...] = ("单位内", "区县级", "市级", "省级", "全国")
LEVEL_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("全国", ("全国", "国家")),
    ("省级", ("省",)),
    ("市级", ("市",)),
    ("区县级", ("区", "县", "街道")),
    ("单位内", ("单位", "集团", "公司", "厂", "内部", "企业", "车间")),
)
