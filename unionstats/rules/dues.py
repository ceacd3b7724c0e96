"""经费收缴 rules (§3.2)."""

from __future__ import annotations

UNION_FUNDS = "工会经费"
MEMBER_DUES = "会费"
FUND_TYPES: tuple[str, ...] = (UNION_FUNDS, MEMBER_DUES)
DEFAULT_FUND_TYPE = UNION_FUNDS
# (fund type, words), first match wins; checked on the normalised cell.
FUND_TYPE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MEMBER_DUES, ("会费",)),
    (UNION_FUNDS, ("经费", "拨缴", "2%")),
)
# §3.2: when 应缴 is missing, 工会经费 应缴 = 2% × 工资总额.
UNION_FUNDS_RATE = 0.02
# §2: 实缴 > 应缴 × 1.2 is suspicious.
OVERPAID_FACTOR = 1.2
