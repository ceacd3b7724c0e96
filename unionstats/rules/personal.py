"""Personal numbers in text: the patterns of ID and mobile numbers and their masking (contract §5).

ID numbers and phone numbers are never stored or shown in clear (§5): every text the
store keeps or a view shows passes ``mask_personal``. The store's own pre-check
(``LONG_DIGIT_RUN``) lets most texts go without running the full patterns.
"""

from __future__ import annotations

import re
import unicodedata

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


# --- contract §5, the extended list: other personal numbers, family members' names, addresses ---
# Headers (compared without spaces, brackets and a trailing colon, width-folded) of columns that
# no kind reads and that are kept, if at all, in a row's ``extra`` or shown in the rejected rows.
OTHER_NUMBER_HEADERS: tuple[str, ...] = (
    "医保号",
    "医保卡号",
    "医疗保险号",
    "社保号",
    "社保卡号",
    "社会保障号",
    "社会保障号码",
    "社会保障卡号",
    "银行卡号",
    "银行账号",
    "银行帐号",
    "账号",
    "帐号",
    "卡号",
    "开户账号",
    "收款账号",
    "工资卡号",
    "护照号",
    "护照号码",
    "警号",
)
FAMILY_NAME_HEADERS: tuple[str, ...] = (
    "子女姓名",
    "配偶姓名",
    "被帮扶人姓名",
    "被帮扶人",
    "家属姓名",
    "父亲姓名",
    "母亲姓名",
    "监护人姓名",
)
ADDRESS_HEADERS: tuple[str, ...] = (
    "住址",
    "家庭住址",
    "现住址",
    "家庭地址",
    "居住地址",
    "现居住地址",
    "户籍地址",
    "联系地址",
    "通讯地址",
    "通信地址",
    "地址",
)
NUMBER, FAMILY_NAME, ADDRESS = "number", "family_name", "address"
KEPT_DIGITS = 4  # a personal number is shown as ****1234


def _header_key(label: object) -> str:
    text = unicodedata.normalize("NFKC", str(label))
    text = _BRACKETED.sub("", text)
    return "".join(text.split()).rstrip(":")


_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_PERSONAL_COLUMNS: dict[str, str] = {
    **{_header_key(h): NUMBER for h in OTHER_NUMBER_HEADERS},
    **{_header_key(h): FAMILY_NAME for h in FAMILY_NAME_HEADERS},
    **{_header_key(h): ADDRESS for h in ADDRESS_HEADERS},
}


def personal_column(label: object) -> str | None:
    """NUMBER, FAMILY_NAME or ADDRESS for a column of §5's extended list (by its header), else None."""
    return _PERSONAL_COLUMNS.get(_header_key(label)) if label is not None else None


def mask_other_number(value: object) -> str:
    """A personal number (医保号, 银行卡号, 护照号, 警号 …) as ****1234: its last four characters."""
    text = "".join(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).split())
    kept = text[-KEPT_DIGITS:] if len(text) > KEPT_DIGITS else ""
    return "*" * max(len(text) - len(kept), 4) + kept


def mask_family_name(value: object) -> str:
    """A family member's name as 王*, 欧阳**; several names (王小明、李红) each masked."""
    return _NAME_PARTS.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), str(value))


_NAME_PARTS = re.compile(r"[^\s,，、;；/]+")


def guard_personal(label: object, value: object) -> tuple[bool, object]:
    """(keep?, value as kept or shown) of one cell under ``label`` (§5): an address is not kept,
    another personal number and a family member's name are masked, anything else passes
    ``mask_personal`` (ID and phone numbers in any text)."""
    kind = personal_column(label)
    if kind == ADDRESS:
        return False, None
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, value
    if kind == NUMBER:
        return True, mask_other_number(value)
    if kind == FAMILY_NAME:
        return True, mask_family_name(value)
    return True, mask_personal(value)
