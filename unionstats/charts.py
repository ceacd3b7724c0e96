"""Plotly figures from the tidy metrics table (``unionstats.metrics``), for pages and reports.

Conventions (product.md): one colour per area, the same on every page and in every
export; target lines dashed; every rate's hover shows numerator and denominator; rates
as 96.3%, money in 元 / 万元, periods as 2023年 / 2023年5月.
"""

from __future__ import annotations

# One colour per area (product.md "Conventions"); reports use the same table.
AREA_COLORS: dict[str, str] = {
    "membership": "#c0392b",  # 会员: union red
    "dues": "#2e6fb7",  # 经费收缴
    "finance": "#16a085",  # 经费收支
    "welfare": "#e67e22",  # 帮扶慰问
    "competitions": "#8e44ad",  # 竞赛
    "units": "#7f8c8d",  # 建会
}
TARGET_COLOR = "#555555"  # target lines, dashed
FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
