"""Find the header of a sheet: title lines above it, one or two header rows.

Office sheets open with up to 10 title lines ("2023年度会费收缴台账", "填报单位:xx工会
单位:元"), then a header of one row or of two rows where a merged parent cell spans its
children (``会员人数`` over ``合计 | 女``). This module finds those rows and turns each
column's header into one normalised name (``会员人数`` / ``女会员人数``) with its unit
multiplier (``万元`` → 10,000).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from unionstats.rules.values import MEASURE_WORDS, UNIT_LINE_LABELS

MAX_TITLE_ROWS = 10  # contract §1: up to 10 rows above the header
_SCAN_ROWS = MAX_TITLE_ROWS + 3

_SPACE = re.compile(r"\s+")
# A unit in brackets: 职工人数(人), 金额（元）, 金额[万元], 金额【元】; NFKC folds the
# full-width brackets first.
_BRACKETED = re.compile(r"[(\[【〔<《]([^)\]】〕>》]*)[)\]】〕>》]")
# A unit after a slash or at the end without brackets: 金额/元, 金额/万元.
_SLASH_UNIT = re.compile(r"/(万元|千元|元|人|人次|个|%)$")
_PUNCT = re.compile(r"[:：、,，.。;；*＊\"'“”‘’_\-－—~]")
# Words that turn a child header into its parent's total (会员人数 over 合计 → 会员人数).
_TOTAL_CHILD = {"合计", "小计", "总计", "总数", "计", "总", "人数", "数量", "数", "金额", "总人数", "合计数"}


def fold(text: object) -> str:
    """NFKC-fold a cell to text: full-width letters, digits, brackets and spaces → half-width."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text))


def clean_label(text: object) -> str:
    """A name as written, tidied: folded, trimmed, inner runs of spaces collapsed (§1)."""
    return _SPACE.sub(" ", fold(text)).strip()


@dataclass(frozen=True)
class HeaderName:
    """One column's header: the normalised name to match and its unit multiplier."""

    key: str  # normalised: no spaces, brackets, units or punctuation; lower case
    multiplier: float  # 10,000 for a 万元 column, 1,000 for 千元, else 1
    label: str  # as written (tidied), for messages: 「实缴金额(万元)」
    parent: str = ""  # the normalised merged parent above it in a two-row header (会费)


def normalise_header(text: object) -> HeaderName:
    """Normalise header text for alias matching (contract §3).

    Strips spaces (also full-width ones and line breaks), bracketed units, a unit after a
    slash and punctuation, width-folds and lower-cases. ``万元`` anywhere in a removed
    unit makes the multiplier 10,000.
    """
    label = clean_label(text)
    folded = _SPACE.sub("", fold(text))
    multiplier = 1.0
    units = _BRACKETED.findall(folded)
    slash = _SLASH_UNIT.search(folded)
    if slash:
        units.append(slash.group(1))
    for unit in units:
        if "万元" in unit or unit == "万":
            multiplier = 10_000.0
        elif "千元" in unit:
            multiplier = 1_000.0
    key = _BRACKETED.sub("", folded)
    key = _SLASH_UNIT.sub("", key)
    key = _PUNCT.sub("", key).lower()
    return HeaderName(key=key, multiplier=multiplier, label=label or key)


def combine_header(parent: str, child: str, known: set[str]) -> str:
    """The name of a column under a merged parent cell (normalised keys in, key out).

    ``会员人数`` over ``合计`` → ``会员人数``; over ``女`` / ``其中女`` / ``女性`` →
    ``女会员人数``; ``经费收缴`` over ``应缴`` → ``应缴``. Candidates are tried in order and
    the first that is a known alias wins; otherwise parent and child are joined.
    """
    if not parent:
        return child
    if not child:
        return parent
    qualifier = child.removeprefix("其中")
    qualifier = qualifier.removesuffix("性") if qualifier in {"女性", "男性"} else qualifier
    candidates = [qualifier + parent, parent + child, parent + qualifier, child + parent, child, qualifier]
    for candidate in candidates:
        if candidate in known:
            return candidate
    if child in _TOTAL_CHILD or qualifier in _TOTAL_CHILD:
        return parent
    return parent + child


@dataclass
class HeaderLayout:
    """Where the header of a sheet is and what each column is called.

    ``top``/``bottom`` are 0-based indices into the sheet's rows (equal for a one-row
    header); data starts at ``bottom + 1``. ``names`` has one entry per column (None
    for a column with no header). ``title_lines`` are the text lines above the header.
    """

    top: int
    bottom: int
    names: list[HeaderName | None]
    title_lines: list[str] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        return self.bottom + 1


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _row_keys(row: list[object], width: int) -> list[str]:
    keys = []
    for i in range(width):
        value = row[i] if i < len(row) else None
        keys.append(normalise_header(value).key if _is_text(value) else "")
    return keys


def _fill_merged(
    rows: list[list[object]], merged: list[tuple[int, int, int, int]], top: int, bottom: int, width: int
) -> tuple[list[str], list[str]]:
    """Header keys of rows top and bottom, with merged parent cells spread over their span."""
    upper = _row_keys(rows[top], width)
    lower = _row_keys(rows[bottom], width) if bottom != top else [""] * width
    spans = [m for m in merged if m[0] <= top <= m[2]]
    for _r0, c0, r1, c1 in spans:
        source = upper[c0] if c0 < width else ""
        for c in range(c0, min(c1, width - 1) + 1):
            if not upper[c]:
                upper[c] = source
            if r1 >= bottom and bottom != top and not lower[c]:
                lower[c] = ""  # a vertical merge: the name lives in the upper row only
    if bottom != top and not spans:
        # No merge information (csv, some WPS files): a parent written once spans the
        # empty cells to its right that have a child below them.
        for c in range(1, width):
            if not upper[c] and lower[c] and upper[c - 1] and lower[c - 1]:
                upper[c] = upper[c - 1]
    return upper, lower


def _layout_names(rows, merged, top, bottom, width, known) -> list[HeaderName | None]:
    upper_keys, lower_keys = _fill_merged(rows, merged, top, bottom, width)
    names: list[HeaderName | None] = []
    for c in range(width):
        up_raw = _cell(rows, top, c)
        low_raw = _cell(rows, bottom, c) if bottom != top else None
        up = normalise_header(up_raw) if _is_text(up_raw) else None
        low = normalise_header(low_raw) if _is_text(low_raw) else None
        key = combine_header(upper_keys[c], lower_keys[c], known) if bottom != top else upper_keys[c]
        if not key:
            names.append(None)
            continue
        multiplier = max((n.multiplier for n in (up, low) if n), default=1.0)
        # the parent's unit, e.g. 金额(万元) over 应缴 | 实缴, holds for its children
        if multiplier == 1.0 and bottom != top and upper_keys[c]:
            parent_col = next((m[1] for m in merged if m[0] <= top <= m[2] and m[1] <= c <= m[3]), c)
            parent_raw = _cell(rows, top, parent_col)
            if _is_text(parent_raw):
                multiplier = normalise_header(parent_raw).multiplier
        parts = [n.label for n in (up, low) if n]
        label = "/".join(dict.fromkeys(parts)) if parts else key
        parent = upper_keys[c] if bottom != top and lower_keys[c] and upper_keys[c] != key else ""
        names.append(HeaderName(key=key, multiplier=multiplier, label=label, parent=parent))
    return names


def _cell(rows: list[list[object]], r: int, c: int) -> object:
    row = rows[r] if r < len(rows) else []
    return row[c] if c < len(row) else None


def find_header(
    rows: list[list[object]],
    merged: list[tuple[int, int, int, int]],
    score,
    known: set[str],
) -> HeaderLayout | None:
    """Find the header rows of a sheet.

    ``score(keys)`` rates a list of normalised column names (the number of columns a
    kind would recognise); ``known`` is the set of every alias. One-row headers and
    two-row headers starting in the first ``MAX_TITLE_ROWS + 1`` rows are tried; the
    best score wins, a two-row header only when it recognises more columns than either
    of its rows alone. None when no row scores at least 2.
    """
    width = max((len(r) for r in rows[: _SCAN_ROWS + 1]), default=0)
    best: tuple[int, int, int] | None = None  # (score, top, bottom)
    for top in range(min(len(rows), MAX_TITLE_ROWS + 1)):
        single = score([n.key if n else "" for n in _layout_names(rows, merged, top, top, width, known)])
        if single >= 2 and (best is None or single > best[0]):
            best = (single, top, top)
        if top + 1 < len(rows) and _looks_like_header_row(rows[top + 1]):
            double = score([n.key if n else "" for n in _layout_names(rows, merged, top, top + 1, width, known)])
            below = score(_row_keys(rows[top + 1], width))
            if double >= 2 and double > max(single, below) and (best is None or double > best[0]):
                best = (double, top, top + 1)
    if best is None:
        return None
    _, top, bottom = best
    titles = [clean_label("  ".join(str(v) for v in row if v is not None and str(v).strip())) for row in rows[:top]]
    return HeaderLayout(
        top=top,
        bottom=bottom,
        names=_layout_names(rows, merged, top, bottom, width, known),
        title_lines=[t for t in titles if t],
    )


def _looks_like_header_row(row: list[object]) -> bool:
    """A second header row holds text labels, not figures."""
    values = [v for v in row if v is not None and str(v).strip() != ""]
    if not values:
        return False
    numbers = sum(1 for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    return numbers == 0


_UNIT_LINE = re.compile(r"(?:" + "|".join(UNIT_LINE_LABELS) + r")\s*(?:\([^)]*\))?\s*:\s*(.+?)(?=\s{2,}|\s+\S{1,6}:|$)")
_AMOUNT_UNIT_LINE = re.compile(r"(?:^|\s|金额)(?<!填报)(?<!名称)单位\s*:\s*(万元|千元|元)")
_YEAR_LINE = re.compile(r"((?:19|20)\d{2})\s*年")


_SEAL = re.compile(r"\s*\((?:盖章|公章|签章|章)\)\s*$")
_BARE_UNIT_LINE = re.compile(r"(?:^|\s)单位\s*:\s*(.+?)(?=\s{2,}|\s+\S{1,6}:|$)")


def unit_from_titles(lines: list[str]) -> str | None:
    """The unit named by a 填报单位: / 单位名称: / 工会名称: line above the header (§3).

    A bare ``单位:华新工会`` counts too, but not ``单位:元`` (a measure, not a unit).
    """
    for pattern in (_UNIT_LINE, _BARE_UNIT_LINE):
        for line in lines:
            match = pattern.search(fold(line))
            if match:
                name = _SEAL.sub("", clean_label(match.group(1))).strip().rstrip(",;。")
                if name and name not in MEASURE_WORDS and not name.startswith("("):
                    return name
    return None


def multiplier_from_titles(lines: list[str]) -> float:
    """10,000 when a line above the header says the amounts are in 万元 (单位:万元)."""
    for line in lines:
        match = _AMOUNT_UNIT_LINE.search(fold(line))
        if match and match.group(1) == "万元":
            return 10_000.0
        if match and match.group(1) == "千元":
            return 1_000.0
    return 1.0


def year_from_text(*texts: str) -> str | None:
    """A four-digit year written with 年 in a title, sheet name or file name."""
    for text in texts:
        match = _YEAR_LINE.search(fold(text or ""))
        if match:
            return match.group(1)
    return None
