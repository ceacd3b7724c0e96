"""帮扶慰问 rules: free-text categories → standard ones, and welfare standards (§3.3).

CATEGORY_RULES is ordered: the first standard category one of whose keywords occurs in
the free text wins; text that matches none is 其他. The original text is kept beside.
YIELDING_WORDS names the few keywords that count only when another category's words are
absent (the bare 病 of 住院慰问 yields to 困难帮扶: 大病救助 is 困难帮扶).
"""

from __future__ import annotations

# contract §3.3, in this order.
CATEGORY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("丧葬慰问", ("丧", "去世", "死亡", "逝世", "病故")),
    ("生育慰问", ("生育", "产妇", "分娩", "生小孩")),
    ("住院慰问", ("住院", "生病", "患病", "病")),
    ("退休慰问", ("退休",)),
    # §3.3: 助困, 重困, 扶贫 also mean 困难帮扶
    ("困难帮扶", ("困难", "帮扶", "建档", "救助", "特困", "助困", "重困", "扶贫")),
    ("金秋助学", ("助学", "金秋", "升学")),
    ("夏送清凉", ("清凉", "防暑", "高温")),
    ("生日慰问", ("生日", "蛋糕")),
    ("结婚慰问", ("结婚", "新婚")),
    ("医疗互助", ("互助", "医疗补助")),
    (
        "节日慰问",
        ("春节", "元旦", "中秋", "端午", "三八", "节日", "送温暖", "国庆", "五一", "劳动节", "重阳", "妇女节", "元宵", "过节"),
    ),
)
OTHER_CATEGORY = "其他"

# §3.3: (category, keyword, the category it yields to). The keyword names its category only
# when no keyword of the other category is in the text: "困难帮扶(大病救助)" and "大病救助"
# are 困难帮扶, "生病住院" stays 住院慰问 (住院 and 生病 do not yield).
YIELDING_WORDS: tuple[tuple[str, str, str], ...] = (("住院慰问", "病", "困难帮扶"),)

# §3.3: words of a title, sheet or file name that name the whole kind, not one category
# ("2023年帮扶慰问台账" is a ledger of every category, not of 困难帮扶): left out before a
# title is asked which category it names.
GENERIC_TITLE_WORDS: tuple[str, ...] = ("帮扶慰问", "慰问帮扶")

# Caps per person per year, cumulated, in 元 (product.md 设置: one province's set as the
# editable default). A payment over its cap is stored with a warning (contract §2).
WELFARE_STANDARDS: dict[str, float] = {
    "生日慰问": 300,
    "住院慰问": 1000,
    "结婚慰问": 1000,
    "生育慰问": 1000,
    "节日慰问": 2000,
    "丧葬慰问": 10000,
    "退休慰问": 1000,
}
