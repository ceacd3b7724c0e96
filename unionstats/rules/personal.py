"""Personal numbers in text: the patterns of ID and mobile numbers and their masking (contract §5).

ID numbers and phone numbers are never stored or shown in clear (§5): every text the
store keeps or a view shows passes ``mask_personal``. The store's own pre-check
(``LONG_DIGIT_RUN``) lets most texts go without running the full patterns.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

# Between the digits of one number people write a space, a dash, a dot, a slash, an underscore or
# a bracket round the first group (139.1234.5678, 139/8765/4321, (139)12345678,
# 330211_1990_0101_1236): at most two such characters between two digits. Never a comma: that
# is a figure's thousands separator (12,345,678,901). Full-width forms are read as ASCII first.
_SEP = r"[ \-./_()]{0,2}"
# nor begins in, or runs into, the decimals of a figure (1.19 100000000.00 is two amounts)
_NOT_A_FRACTION = r"(?<!\d)(?<!\d[.,])"

# contract §5: an 18-digit ID, shown as 3302**********1234
ID_NUMBER = re.compile(r"(?<!\d)(\d{6})[ -]?\d{4}[ -]?\d{4}[ -]?(\d{3}[\dXx])(?![\dXx])")
# the first-generation 15-digit ID (area, YYMMDD, sequence); the date keeps other
# 15-digit numbers (order numbers, accounts) from being taken for one
OLD_ID_NUMBER = re.compile(r"(?<!\d)(\d{4})\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d(\d{2})(?!\d)")
# a mobile number, also written with the country code (+86 / 0086 / 86) glued on
# not before a decimal part: "130 10000000.00" is two amounts, not a number 130 1000 0000
PHONE = re.compile(r"(?:(?<!\d)|(?<=86))(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d|[.,]\d)")
# a bank card number (§5 extended list): 16 to 19 digits in one run, or in groups of four
BANK_CARD = re.compile(r"(?<![\d*])[1-9](?:\d{15,18}|\d{3}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d*])")


# Every form below has 11 digits or more, each at most two separators apart (in any
# script's digits, before full-width ones are read as ASCII): a text without such a run
# holds none, and most texts are let go after this one search.
LONG_DIGIT_RUN = re.compile(r"\d(?:[ \-－\u3000\xa0./_()．／＿（）]{0,2}\d){10}")

# Also written with separators between any two digits (3302 1119 9001 0112 34, 1380-013-8000,
# 139.1234.5678): taken for a number only when the digits read as one — an ID's area and
# birth date, a mobile's 1[3-9] — so that a list of figures or a date range is left alone.
_SPACED_ID = re.compile(rf"{_NOT_A_FRACTION}\(?\d(?:{_SEP}\d){{16}}{_SEP}[\dXx](?![\dXx]|[.,]\d)")
_SPACED_OLD_ID = re.compile(rf"{_NOT_A_FRACTION}\(?\d(?:{_SEP}\d){{14}}(?![\dXx]|[.,]\d)")
_SPACED_PHONE = re.compile(rf"(?:{_NOT_A_FRACTION}|(?<=86))\(?1{_SEP}[3-9](?:{_SEP}\d){{9}}(?!\d|[.,]\d)")
_PLAUSIBLE_ID = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_PLAUSIBLE_OLD_ID = re.compile(r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")
# full-width digits, Ｘ, separators and brackets read as their ASCII forms (the rest of the text is kept)
_WIDE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "Ｘ": "X",
        "ｘ": "x",
        "－": "-",
        "\u3000": " ",
        "\xa0": " ",
        "．": ".",
        "／": "/",
        "＿": "_",
        "（": "(",
        "）": ")",
    }
)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _one_separator(text: str) -> bool:
    """Whether the digits of ``text`` are apart by one separator throughout (139.1234.5678,
    (139)1234 5678), as a number is written — not a list of figures (13.00 0.00 10.00) nor an
    amount with its decimal point (130000000.00)."""
    gaps = _GAP.findall(text.replace("(", "").replace(")", ""))
    if len(set(gaps)) > 1:
        return False
    # one dot is a decimal point (130000000.00); a number written with dots has two or more
    return not (len(gaps) == 1 and "." in gaps[0])


_GAP = re.compile(r"(?<=\d)[^\dXx]+(?=[\dXx])")


def _mask_spaced(match: re.Match, plausible: re.Pattern, keep: int) -> str:
    digits = _digits(match.group(0))
    if not plausible.fullmatch(digits) or not _one_separator(match.group(0)):
        return match.group(0)
    return digits[:4] + "*" * (len(digits) - 4 - keep) + digits[-keep:]


def _mask_spaced_phone(match: re.Match) -> str:
    if not _one_separator(match.group(0)):
        return match.group(0)
    digits = _digits(match.group(0))
    return digits[:3] + "****" + digits[-4:]


def mask_personal(text: object) -> object:
    """Mask ID and mobile numbers anywhere in a cell: 3302**********1234, 138****5678
    (a 15-digit ID: 3302*********23).

    Text is searched (also with spaces, dashes, dots, slashes, underscores or brackets inside
    the number, and in full-width forms); a whole number that is an ID, a mobile or a bank
    card number (Excel keeps 13812345678 as a number) becomes the masked text. A bank card
    number (16 to 19 digits) is shown 6222***********0123; a number after a word that names
    one (护照号 E12345678, 警号:012345, 医保号 …) as ****5678. Anything else comes back unchanged.
    """
    if isinstance(text, (int, np.integer)) and not isinstance(text, bool):
        digits = str(text)
        if PHONE.search(digits) or ID_NUMBER.fullmatch(digits) or OLD_ID_NUMBER.fullmatch(digits) or BANK_CARD.fullmatch(digits):
            text = digits
        else:
            return text
    if not isinstance(text, str) or not may_hold_personal(text):
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
    text = _SPACED_PHONE.sub(_mask_spaced_phone, text)
    text = BANK_CARD.sub(lambda m: (d := _digits(m.group(0)))[:4] + "*" * (len(d) - 8) + d[-4:], text)
    return _LABELLED_NUMBER.sub(lambda m: m.group(1) + mask_other_number(m.group(2)), text)


def may_hold_personal(text: str) -> bool:
    """Whether ``text`` may hold a number ``mask_personal`` masks: a long run of digits, or a
    word that names a personal number. The cheap test the store runs on every text first."""
    return bool(LONG_DIGIT_RUN.search(text) or _NUMBER_WORD.search(text))


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
# Words in a header that make it one of the list's, however the rest is written (银行卡号码,
# 开户行及账号, 工资卡号(工行), 社会保障卡号码, 医保卡, 护照, 警员编号, 家庭住址(详细), 子女情况):
# a column a header names so is treated as the list's even when its whole name is not listed.
OTHER_NUMBER_WORDS: tuple[str, ...] = (
    "医保",
    "社保",
    "社会保障",
    "银行卡",
    "卡号",
    "账号",
    "帐号",
    "账户",
    "帐户",
    "工资卡",
    "护照",
    "警号",
    "警员编号",
)
FAMILY_NAME_WORDS: tuple[str, ...] = ("子女", "配偶", "被帮扶人", "家属", "父亲", "母亲", "监护人", "丈夫", "妻子")
ADDRESS_WORDS: tuple[str, ...] = ("住址", "地址", "住所")
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
    """NUMBER, FAMILY_NAME or ADDRESS for a column of §5's extended list (by its header: a listed
    name, else a header holding one of the list's words — an address first), else None."""
    if label is None:
        return None
    key = _header_key(label)
    if key in _PERSONAL_COLUMNS:
        return _PERSONAL_COLUMNS[key]
    for words, kind in ((ADDRESS_WORDS, ADDRESS), (OTHER_NUMBER_WORDS, NUMBER), (FAMILY_NAME_WORDS, FAMILY_NAME)):
        if any(word in key for word in words):
            return kind
    return None


def mask_other_number(value: object) -> str:
    """A personal number (医保号, 银行卡号, 护照号, 警号 …) as ****1234: its last four characters."""
    text = "".join(str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).split())
    kept = text[-KEPT_DIGITS:] if len(text) > KEPT_DIGITS else ""
    return "*" * max(len(text) - len(kept), 4) + kept


def mask_family_name(value: object) -> str:
    """A family member's name as 王*, 欧阳**; several names (王小明、李红) each masked."""
    return _NAME_PARTS.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), str(value))


_NAME_PARTS = re.compile(r"[^\s,，、;；/]+")

# In free text, a number right after a word naming a personal number (护照号E12345678, 警号:012345,
# 医保卡号 ZJ330106A1234567): masked as a column of that name would be. Only words that name the
# number itself (not 社保 alone: "缴纳社保 3000元" is an amount), and five characters at least.
_NUMBER_WORD = re.compile(
    "|".join(sorted({*OTHER_NUMBER_HEADERS, "护照", "医保卡", "社保卡", "银行卡", "警员编号"}, key=len, reverse=True))
)
_LABELLED_NUMBER = re.compile(
    rf"((?:{_NUMBER_WORD.pattern})(?:号码|号)?\s*[:：]?\s*)((?=[A-Za-z]*\d)[A-Za-z0-9][A-Za-z0-9 \-]{{3,}}[A-Za-z0-9])"
)


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
