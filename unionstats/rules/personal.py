"""Personal numbers in text: the patterns of ID and mobile numbers and their masking (contract §5).

ID numbers and phone numbers are never stored or shown in clear (§5): every text the
store keeps or a view shows passes ``mask_personal``. The store's own pre-check
(``LONG_DIGIT_RUN``) lets most texts go without running the full patterns.
"""

from __future__ import annotations

import re

import numpy as np

# contract §5: an 18-digit ID, shown as 3302**********1234
ID_NUMBER = re.compile(r"(?<!\d)(\d{6})[ -]?\d{4}[ -]?\d{4}[ -]?(\d{3}[\dXx])(?![\dXx])")
# the first-generation 15-digit ID (area, YYMMDD, sequence); the date keeps other
# 15-digit numbers (order numbers, accounts) from being taken for one
OLD_ID_NUMBER = re.compile(r"(?<!\d)(\d{4})\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d(\d{2})(?!\d)")
# a mobile number, also written with the country code (+86 / 0086 / 86) glued on
PHONE = re.compile(r"(?:(?<!\d)|(?<=86))(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")


# Every form below has 11 digits or more, each at most one separator apart (in any
# script's digits, before full-width ones are read as ASCII): a text without such a run
# holds none, and most texts are let go after this one search.
LONG_DIGIT_RUN = re.compile(r"\d(?:[ \-－\u3000\xa0]?\d){10}")

# Also written with a space or dash between any two digits (3302 1119 9001 0112 34,
# 1380 013 8000): taken for a number only when the digits read as one — an ID's area and
# birth date, a mobile's 1[3-9] — so that a list of figures is left alone.
_SPACED_ID = re.compile(r"(?<!\d)\d(?:[ -]?\d){16}[ -]?[\dXx](?![\dXx])")
_SPACED_OLD_ID = re.compile(r"(?<!\d)\d(?:[ -]?\d){14}(?![\dXx])")
_SPACED_PHONE = re.compile(r"(?:(?<!\d)|(?<=86))1[3-9]\d(?:[ -]?\d){8}(?!\d)")
_PLAUSIBLE_ID = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_PLAUSIBLE_OLD_ID = re.compile(r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
# full-width digits, Ｘ and separators read as their ASCII forms (the rest of the text is kept)
_WIDE = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "x", "－": "-", "\u3000": " ", "\xa0": " "}
)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _mask_spaced(match: re.Match, plausible: re.Pattern, keep: int) -> str:
    digits = _digits(match.group(0))
    if not plausible.fullmatch(digits):
        return match.group(0)
    return digits[:4] + "*" * (len(digits) - 4 - keep) + digits[-keep:]


def mask_personal(text: object) -> object:
    """Mask ID and mobile numbers anywhere in a cell: 3302**********1234, 138****5678
    (a 15-digit ID: 3302*********23).

    Text is searched (also with spaces or dashes inside the number, and in full-width
    digits); a whole number that is an ID or a mobile number (Excel keeps 13812345678 as
    a number) becomes the masked text. Anything else comes back unchanged.
    """
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        digits = str(text)
        if PHONE.search(digits) or ID_NUMBER.fullmatch(digits) or OLD_ID_NUMBER.fullmatch(digits):
            text = digits
        else:
            return text
    if not isinstance(text, str) or not LONG_DIGIT_RUN.search(text):
        return text
    wide = text.translate(_WIDE)
    masked = _masked_text(wide)
    return text if masked == wide else masked


def _masked_text(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: m.group(1)[:4] + "*" * 10 + m.group(2), text)
    text = _SPACED_ID.sub(lambda m: _mask_spaced(m, _PLAUSIBLE_ID, 4), text)
    text = OLD_ID_NUMBER.sub(lambda m: m.group(1) + "*" * 9 + m.group(2), text)
    text = _SPACED_OLD_ID.sub(lambda m: _mask_spaced(m, _PLAUSIBLE_OLD_ID, 2), text)
    text = PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return _SPACED_PHONE.sub(lambda m: (d := _digits(m.group(0)))[:3] + "****" + d[-4:], text)
