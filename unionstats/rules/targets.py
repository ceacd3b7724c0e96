"""Default targets (product.md 设置); the user's own are stored in ``settings``."""

from __future__ import annotations

TARGETS: dict[str, float] = {
    "membership_rate": 0.95,
    "dues_collection_rate": 1.00,
    "realname_rate": 0.80,
}
