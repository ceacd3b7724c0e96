"""活动与培训 rules: an activity's type from its 类型 cell or its name (data contract §3.8).

TYPE_RULES is ordered: the first type one of whose keywords occurs in the text wins; text
that matches none is 其他. The original 类型 text is kept beside the type. A type's own
name always names it (the 类型 column of our template holds the names themselves).
IGNORED_WORDS are taken out of the text first: the 班 of 班组 (a work team) is no class.
"""

from __future__ import annotations

# contract §3.8, in this order; 文体 and 关爱 added so that the standard names match
TYPE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("培训", ("培训", "班", "讲座", "课堂", "学校")),
    (
        "文体活动",
        ("文体", "文艺", "体育", "运动会", "演出", "比赛", "健步", "球", "歌", "舞", "书画", "摄影"),
    ),
    ("宣传教育", ("宣传", "学习", "宣讲", "讲堂", "读书")),
    ("志愿服务", ("志愿", "义务")),
    ("关爱服务", ("关爱", "疗休养", "体检", "相亲", "联谊", "托管")),
)
OTHER_TYPE = "其他"

# Words left out before the keywords are looked for: 班组 is a work team, not a class
# ("班组篮球赛" is 文体活动, "班组长培训班" still 培训 by its 培训).
IGNORED_WORDS: tuple[str, ...] = ("班组",)

# The standard types in the order of the rules, 其他 last (templates, pages, settings).
STANDARD_TYPES: tuple[str, ...] = tuple(name for name, _ in TYPE_RULES) + (OTHER_TYPE,)
