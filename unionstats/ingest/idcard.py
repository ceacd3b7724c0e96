"""The 18-digit 公民身份号码 (GB 11643-1999): its check digit, sex and birth date (contract §3.7).

python-stdnum (``stdnum.cn.ric``) does the same but is not in the registry this project pins
from; the check is a dozen lines (ISO 7064 MOD 11-2).
"""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"  # the check character for a weighted sum ≡ 0 … 10 (mod 11)
_SHAPE = re.compile(r"\d{17}[\dX]")


def normalise(value: object) -> str | None:
    """The ID as 18 characters (digits, X upper-case; spaces, dashes, full-width folded), or
    None when it has not that shape (empty, 15 digits, masked …)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return None  # an 18-digit number in a float has lost its last digits
    text = "".join(ch for ch in str(value).upper().translate(_WIDE) if ch.isalnum())
    return text if _SHAPE.fullmatch(text) else None


_WIDE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X"})


def check_character(first17: str) -> str:
    """The check character of the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def is_valid(value: object) -> bool:
    """Whether ``value`` is an 18-character ID whose check digit holds (§3.7: 实名制录入)."""
    text = normalise(value)
    return text is not None and check_character(text[:17]) == text[17]


def sex(value: object) -> str | None:
    """女 or 男 from the 17th digit (odd 男, even 女); None where the ID has not the shape."""
    text = normalise(value)
    if text is None:
        return None
    return "男" if int(text[16]) % 2 else "女"


def birth_date(value: object) -> dt.date | None:
    """The birth date the ID holds (digits 7–14), None where it has none."""
    text = normalise(value)
    if text is None:
        return None
    try:
        return dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
