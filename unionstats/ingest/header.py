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
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from unionstats.rules.values import (
    AMOUNT_SCALE_WORDS,
    CHILD_MARKS,
    DETAIL_PREFIX,
    HEADER_INSTRUCTION_PREFIXES,
    MEASURE_WORDS,
    MULTIPLIERS,
    PERSON_FORM_LABELS,
    SEX_WORDS,
    SLASH_MEASURE_WORDS,
    TOTAL_CHILD_HEADERS,
    UNIT_LINE_LABELS,
    unit_multiplier,
)

MAX_TITLE_ROWS = 10  # contract §1: up to 10 rows above the header
MAX_HEADER_ROWS = 4  # §1: 法 人 / 单位数 / (个), or 人员情况 over 职工人数 over 合计 | 女
_SCAN_ROWS = MAX_TITLE_ROWS + MAX_HEADER_ROWS

_SPACE = re.compile(r"\s+")
# A unit in brackets: 职工人数(人), 金额（元）, 金额[万元], 金额【元】; NFKC folds the
# full-width brackets first.
_BRACKETED = re.compile(r"[(\[【〔<《]([^)\]】〕>》]*)[)\]】〕>》]")
# Scale words that may stand inside a longer unit text: (单位:万元), 单位:千元.
_SCALE_WORDS = tuple(m.word for m in MULTIPLIERS if m.within)
# A unit after a slash or at the end without brackets: 金额/元, 金额/万元.
_SLASH_UNIT = re.compile("/(" + "|".join(map(re.escape, _SCALE_WORDS + SLASH_MEASURE_WORDS)) + ")$")
_PUNCT = re.compile(r"[:：、,，.。;；*＊\"'“”‘’_\-－—~]")


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
    multiplier: float  # 10,000 for a 万元 or 万人 column, 1,000 for 千元, else 1
    label: str  # as written (tidied), for messages: 「实缴金额(万元)」
    parent: str = ""  # the normalised merged parent above it in a two-row header (会费)
    written: str = ""  # exactly as typed (for the rejected-rows download)
    child: bool = False  # written `#女职工` / `其中:女`: a part of the column before it
    year: str | None = None  # the year a header names before its name (2023年会员人数)


_CJK = re.compile(r"[\u3400-\u9fff]")
_LINE_BREAK = re.compile(r"[\r\n]+")


def _name_lines(text: str) -> str:
    """The lines of a header cell that make its name (§1).

    The first line always; a later line only when it has Chinese and does not instruct
    (`填写"是"或"否"`, `请选择`) — `Number of Staff and Workers` translates, it names nothing.
    A later line that is all brackets is kept: it carries the unit (`金额\n(万元)`)."""
    lines = [line.strip() for line in _LINE_BREAK.split(text) if line.strip()]
    if len(lines) <= 1:
        return text
    kept = [lines[0]]
    for line in lines[1:]:
        bare = _BRACKETED.sub("", _SPACE.sub("", line))
        if not bare:
            kept.append(line)  # (万元), (人): a unit, read below
        elif _CJK.search(bare) and not bare.lstrip("(（[【*＊").startswith(HEADER_INSTRUCTION_PREFIXES):
            kept.append(line)
    return "".join(kept)


def normalise_header(text: object) -> HeaderName:
    """Normalise header text for alias matching (contract §1, §3).

    Drops the lines of the cell that instruct or translate, strips spaces (also
    full-width ones), anything in brackets (a unit, a note, an example: ``（2021-01-20）``,
    ``【必填】``), a unit after a slash and punctuation, width-folds and lower-cases. A
    scale word in a removed unit sets the multiplier (万元/万人 → 10,000, 千元 → 1,000).
    A leading ``#`` or ``其中`` marks the column as a part of the one before it.
    """
    label = clean_label(text)
    folded = _SPACE.sub("", fold(_name_lines(fold(text)) if text is not None else ""))
    child = folded.startswith(CHILD_MARKS)
    folded = folded.lstrip("#")
    multiplier = 1.0
    units = _BRACKETED.findall(folded)
    slash = _SLASH_UNIT.search(folded)
    if slash:
        units.append(slash.group(1))
    for unit in units:
        multiplier = unit_multiplier(unit) or multiplier
    key = _BRACKETED.sub("", folded)
    if not key and units and not _only_measures(units):
        key = units[0]  # a header that is all brackets: (其中女) is a name, not a unit
    key = _SLASH_UNIT.sub("", key)
    key = _PUNCT.sub("", key).lower()
    year = None
    dated = _HEADER_YEAR.match(key)
    if dated and _CJK.search(key[dated.end() :]):
        year, key = dated.group(1), key[dated.end() :]  # 2023年末会员人数: 会员人数 of 2023
    return HeaderName(key=key, multiplier=multiplier, label=label or key, child=child, year=year)


# A header that names its year first: 2023年会员人数, 2023年末职工人数, 2023年度实缴金额
_HEADER_YEAR = re.compile(r"^((?:19|20)\d{2})年(?:度|末|底)?")


def _only_measures(units: list[str]) -> bool:
    """(个), (万人), (元): a header row that only gives the column's measure (§1: a
    name split over rows, `法 人` / `单位数` / `(个)`)."""
    return all(_PUNCT.sub("", u) in MEASURE_WORDS or unit_multiplier(u) for u in units)


def combine_header(parent: str, child: str, known: Collection[str]) -> str:
    """The name of a column under a merged parent cell (normalised keys in, key out).

    ``会员人数`` over ``合计`` → ``会员人数``; over ``女`` / ``其中女`` / ``女性`` →
    ``女会员人数``; ``经费收缴`` over ``应缴`` → ``应缴``. Candidates are tried in order and
    the first that is a known alias wins; otherwise parent and child are joined. When
    ``known`` maps each alias to its column's canonical name, the parent's canonical name
    is tried too: ``职工总数 | 其中:女`` → 女职工人数.
    """
    if not parent:
        return child
    if not child:
        return parent
    qualifier = child.removeprefix(DETAIL_PREFIX)
    qualifier = qualifier.removesuffix("性") if qualifier in SEX_WORDS else qualifier
    for candidate in (qualifier + parent, parent + child, parent + qualifier, child + parent):
        if candidate in known:
            return candidate
    canonical = known.get(parent) if isinstance(known, Mapping) else None
    if canonical and canonical != parent:
        for candidate in (qualifier + canonical, canonical + qualifier):
            if candidate in known:
                return candidate
    # 合计 / 人数 under 职工人数 is 职工人数 itself, even where 人数 names a column of
    # another kind
    if child in TOTAL_CHILD_HEADERS or qualifier in TOTAL_CHILD_HEADERS:
        return parent
    for candidate in (child, qualifier):
        if candidate in known:
            return candidate
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


def _spread_rows(
    rows: list[list[object]], merged: list[tuple[int, int, int, int]], top: int, bottom: int, width: int
) -> list[list[object]]:
    """The header rows top..bottom as written, a merged cell's text spread over the
    columns it spans (on its own row; below a vertical merge the cells stay empty: the
    name lives in the top cell)."""
    layers = [[_cell(rows, r, c) if _is_text(_cell(rows, r, c)) else None for c in range(width)] for r in range(top, bottom + 1)]
    for r0, c0, _r1, c1 in merged:
        if top <= r0 <= bottom and c1 > c0 and c0 < width:
            layer = layers[r0 - top]
            for c in range(c0 + 1, min(c1, width - 1) + 1):
                if layer[c] is None:
                    layer[c] = layer[c0]
    if bottom != top and not any(top <= m[0] <= bottom for m in merged):
        # No merge information (csv, some WPS files): a parent written once spans the
        # empty cells to its right that have a child below them.
        for upper, lower in zip(layers, layers[1:], strict=False):
            for c in range(1, width):
                if (
                    upper[c] is None
                    and lower[c] is not None
                    and upper[c - 1] is not None
                    and lower[c - 1] is not None
                    and not _marks_part(lower[c])  # `#已成立工会` is a part of its left neighbour
                    and not _is_measure(str(lower[c]))  # (万人) measures the column it stands in
                ):
                    upper[c] = upper[c - 1]
    return layers


def _layout_names(rows, merged, top, bottom, width, known) -> list[HeaderName | None]:
    """One name per column from header rows top..bottom, folded parent → child.

    A column marked as a part (`#女职工`, `其中:女`) is named under the nearest unmarked
    column before it (§1: `会员人数 | #女会员` → 女会员人数)."""
    names: list[HeaderName | None] = []
    whole: HeaderName | None = None  # the last column not marked as a part
    for column in zip(*_spread_rows(rows, merged, top, bottom, width), strict=True):
        every = [normalise_header(text) for text in column if text is not None]
        parts = [p for p in every if p.key]
        if not parts:
            names.append(None)
            continue
        key, parent = parts[0].key, ""
        for part in parts[1:]:
            if part.key != key:
                parent, key = key, combine_header(key, part.key, known)
        child = any(p.child for p in parts)
        # a unit anywhere above or below holds for the column: 金额(万元) over 应缴 | 实缴,
        # 法 人 / 单位数 / (万个)
        multiplier = max(p.multiplier for p in every)
        if child and whole is not None:
            parent, key = whole.key, combine_header(whole.key, key, known)
            if multiplier == 1.0:
                multiplier = whole.multiplier  # 就业人数(万人) | #加入工会人数: the same measure
        label = "/".join(dict.fromkeys(p.label for p in parts))
        written = "/".join(dict.fromkeys(str(text).strip() for text in column if text is not None))
        name = HeaderName(
            key=key,
            multiplier=multiplier,
            label=label,
            parent=parent if parent != key else "",
            written=written,
            child=child,
            year=next((p.year for p in parts if p.year), None),
        )
        names.append(name)
        if not child:
            whole = name
    return names


def _marks_part(text: object) -> bool:
    return _SPACE.sub("", fold(text)).startswith(CHILD_MARKS)


def _cell(rows: list[list[object]], r: int, c: int) -> object:
    row = rows[r] if r < len(rows) else []
    return row[c] if c < len(row) else None


def find_header(
    rows: list[list[object]],
    merged: list[tuple[int, int, int, int]],
    score,
    known: Collection[str],
) -> HeaderLayout | None:
    """Find the header rows of a sheet.

    ``score(keys)`` rates a list of normalised column names (the number of columns a
    kind would recognise); ``known`` is the set of every alias. Headers of one to
    ``MAX_HEADER_ROWS`` rows starting in the first ``MAX_TITLE_ROWS + 1`` rows are
    tried; the best score wins (the earliest on a tie), and a header of several rows
    only when it recognises more than its shorter parts. None when nothing scores 2.
    """
    width = max((len(r) for r in rows[: _SCAN_ROWS + 1]), default=0)
    scores: dict[tuple[int, int], int] = {}
    for top in range(min(len(rows), MAX_TITLE_ROWS + 1)):
        for bottom in range(top, min(top + MAX_HEADER_ROWS, len(rows))):
            if bottom > top and not _looks_like_header_row(rows[bottom]):
                break
            scores[(top, bottom)] = score([n.key if n else "" for n in _layout_names(rows, merged, top, bottom, width, known)])
    best: tuple[int, int, int] | None = None  # (score, top, bottom)
    for (top, bottom), found in list(scores.items()):
        # a header of several rows must recognise more than any of its shorter parts
        # (a title line above the header adds nothing and stays a title line)
        if bottom > top and found <= max(_sub_window_scores(scores, rows, merged, top, bottom, width, known, score)):
            continue
        if found >= 2 and (best is None or found > best[0]):
            best = (found, top, bottom)
    if best is None:
        return None
    _, top, bottom = best
    # a row under the names that only gives each column's measure — (个) | (万人) — is
    # part of the header: its 万人 scales the column
    while bottom + 1 < len(rows) and bottom - top + 1 < MAX_HEADER_ROWS and _is_measure_row(rows[bottom + 1]):
        bottom += 1
    titles = [clean_label("  ".join(str(v) for v in row if v is not None and str(v).strip())) for row in rows[:top]]
    return HeaderLayout(
        top=top,
        bottom=bottom,
        names=_layout_names(rows, merged, top, bottom, width, known),
        title_lines=[t for t in titles if t],
    )


def _sub_window_scores(scores, rows, merged, top, bottom, width, known, score) -> list[int]:
    """Scores of the windows one row shorter at either end (computed when not scored yet)."""
    found = []
    for window in ((top + 1, bottom), (top, bottom - 1)):
        if window not in scores:
            scores[window] = score([n.key if n else "" for n in _layout_names(rows, merged, *window, width, known)])
        found.append(scores[window])
    return found


def _is_measure_row(row: list[object]) -> bool:
    """Every filled cell names a measure, bracketed or not: (个) | (万人) | 元 — two at least."""
    values = [v for v in row if v is not None and str(v).strip() != ""]
    return len(values) >= 2 and all(isinstance(v, str) and _is_measure(v) for v in values)


def _is_measure(text: str) -> bool:
    bare = _SPACE.sub("", fold(text))
    units = _BRACKETED.findall(bare)
    if units and not _BRACKETED.sub("", bare):
        return _only_measures(units)
    return _only_measures([bare])


def _looks_like_header_row(row: list[object]) -> bool:
    """A second header row holds text labels, not figures."""
    values = [v for v in row if v is not None and str(v).strip() != ""]
    if not values:
        return False
    numbers = sum(1 for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
    return numbers == 0


_UNIT_LINE = re.compile(r"(?:" + "|".join(UNIT_LINE_LABELS) + r")\s*(?:\([^)]*\))?\s*:\s*(.+?)(?=\s{2,}|\s+\S{1,6}:|$)")
# 单位:万元, 金额单位:千元, 单位:万个、万人 (a yearbook's measures for several columns)
_AMOUNT_UNIT_LINE = re.compile(r"(?:^|\s|金额|计量)(?<!填报)(?<!名称)单位\s*:\s*([^\s:]+)")
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
                measures = re.split(r"[、,/;]", name)  # 单位:个、人 lists measures, names no unit
                if name and not all(m.strip() in MEASURE_WORDS for m in measures) and not name.startswith("("):
                    return name
    return None


def multiplier_from_titles(lines: list[str], words: tuple[str, ...] = AMOUNT_SCALE_WORDS) -> float:
    """10,000 when a line above the header says the amounts are in 万元 (单位:万元), 1,000
    for 千元; else 1 (a 单位:元 line says nothing, a later line may still).

    ``words``: which scale words count — the amounts' (万元, 千元) by default, the counts'
    (万人: ``COUNT_SCALE_WORDS``) for a yearbook's 单位:万人 line."""
    for line in lines:
        for match in _AMOUNT_UNIT_LINE.finditer(fold(line)):
            measures = re.split(r"[、,，/;；]", match.group(1))
            factor = next((unit_multiplier(m) for m in measures if m in words), None)
            if factor:
                return factor
    return 1.0


_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*(?:19|20)\d{2}")
# When the form was filled in, not the period of its figures: 填报日期:2024年1月10日.
_FILING_DATE = re.compile(r"(?:填报|填表|报送|制表|打印|上报|编报|编制)(?:日期|时间)\s*:\s*\S*")
# 年度:2021 with the year in the next cell (a budget table's label–value line)
_YEAR_LABEL = re.compile(r"(?:统计年度|所属年度|年度|年份)\s*:\s*((?:19|20)\d{2})(?!\d)")
# a sheet or file named by its year: 2023决算, 2024 慰问 (not 202305, a month)
_LEADING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})(?![\d.\-/])")


def year_from_text(*texts: str) -> str | None:
    """The year a title, sheet name or file name is about ("2023年度会费收缴台账").

    Texts are tried in order. A text naming a range ("2019-2023年") gives no single
    year and is passed over; a filing date (填报日期:2024年1月10日) is not the period
    of the figures and is ignored, while 统计年度:2023年 or "…台账(单位:元)" count.
    """
    for text in texts:
        folded = _FILING_DATE.sub("", fold(text or ""))
        if _YEAR_RANGE.search(folded):
            continue
        match = _YEAR_LINE.search(folded) or _YEAR_LABEL.search(folded) or _LEADING_YEAR.match(folded)
        if match:
            return match.group(1)
    return None


_FORM_ROWS = 40  # a form fits on a page


def is_person_form(rows: list[list[object]]) -> bool:
    """A form filled in for one person (入会申请书, 登记表): labels such as 姓名, 性别,
    出生年月 stand beside their values on three rows or more, where a table would have
    them all in one header row (§1: such a sheet is named as a form, not as "no header")."""
    labelled_rows = 0
    for row in rows[:_FORM_ROWS]:
        cells = [v for v in row if v is not None and str(v).strip()]
        labels = sum(1 for v in cells if isinstance(v, str) and normalise_header(v).key in PERSON_FORM_LABELS)
        if labels and len(cells) > labels:  # a label with its value beside it
            labelled_rows += 1
    return labelled_rows >= 3


_REQUIREDNESS = frozenset({"必填", "选填", "非必填", "可选", "可不填", "必填项", "选填项"})


def is_instruction_row(row: list[object] | tuple) -> bool:
    """A row under a template's header that tells how to fill each column, not data:
    ``（必填）| 请填写全称 | 格式:2023 | 填写数字`` — every filled cell (two at least) is
    text that instructs, says 必填/选填, or is all in brackets."""
    values = [v for v in row if v is not None and str(v).strip()]
    return len(values) >= 2 and all(isinstance(v, str) and _instructs(v) for v in values)


def _instructs(text: str) -> bool:
    bare = _SPACE.sub("", fold(text))
    inside = _BRACKETED.sub("", bare)
    if not inside:
        return True  # (填写单位全称), 【必填】
    inside = inside.strip("*:：")
    return inside in _REQUIREDNESS or inside.startswith(HEADER_INSTRUCTION_PREFIXES)


def header_year(names: list[HeaderName | None]) -> str | None:
    """The one year the headers name (2023年职工人数 | 2023年会员人数), None when none or several."""
    years = {n.year for n in names if n is not None and n.year}
    return years.pop() if len(years) == 1 else None
