"""``parse_file``: bytes of one uploaded file → a ``ParsedFile`` ready for the store.

For every sheet: find the header (title lines, one or two header rows), recognise the
kind, sort the rows below into data, totals (合计/小计), footers and blanks, clean and
validate the data rows, check the totals. Nothing is dropped silently: a sheet that is
not used says why, and every data row is stored or rejected with a reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
import pandas as pd

from unionstats.ingest import clean
from unionstats.ingest.build import BUILDERS, DerivedRows, SheetData, extra_json
from unionstats.ingest.header import (
    HeaderLayout,
    clean_label,
    find_header,
    header_year,
    is_instruction_row,
    is_person_form,
    multiplier_from_titles,
    normalise_header,
    unit_from_titles,
    year_from_text,
)
from unionstats.ingest.kinds import (
    SHARED_FIELDS,
    AliasTable,
    KindMatch,
    classify,
    missing_required,
    period_field,
    unit_is_union,
)
from unionstats.ingest.model import ParsedFile, ParsedSheet, Problem
from unionstats.ingest.read import RawSheet, iter_sheets
from unionstats.ingest.transpose import turn_round
from unionstats.ingest.unit_names import apply_aliases
from unionstats.ingest.validate import ProblemLog, check_totals
from unionstats.rules import finance as fin_rules
from unionstats.rules.activities import TYPE_RULES
from unionstats.rules.columns import BLANK_COUNT_DEFAULTS, COLUMN_OF, KIND_LABELS
from unionstats.rules.messages import message
from unionstats.rules.personal import guard_personal, mask_personal
from unionstats.rules.values import (
    COLUMN_CODE_WORDS,
    COUNT_SCALE_WORDS,
    DETAIL_PREFIX,
    EXAMPLE_MARKERS,
    FOOTER_WORDS,
    FUND_PARENT_WORDS,
    MEASURE_WORDS,
    MONTH_COLUMN_WORDS,
    MONTH_WORD,
    NOTE_PREFIXES,
    TOTAL_LABELS,
    TOTAL_WORDS,
    YEAR_COLUMN_WORD,
)
from unionstats.rules.welfare import CATEGORY_RULES, WELFARE_STANDARDS

_SPACES = re.compile(r"\s+")
_FOOTER = re.compile("^(?:" + "|".join(re.escape(unicodedata.normalize("NFKC", w)) for w in FOOTER_WORDS) + r")(?::|$)")
_NOTES = tuple(unicodedata.normalize("NFKC", p) for p in NOTE_PREFIXES)


# the person-key secret of a parse that names none: unknown outside this process (§5)
_PROCESS_SECRET = secrets.token_bytes(32)


@dataclass
class ParseOptions:
    """What the caller knows beyond the file.

    ``unit``: the unit named at upload (``--unit``), for sheets without a unit column.
    ``year``: the year named at upload (``--year``, "2024"), for a sheet whose period is
    nowhere else (no 年度/日期 column, no year in the title, sheet or file name: §1).
    ``today``: the import date (future-period warnings; units rows without 年度).
    ``person_key_secret``: the HMAC key of the person keys (§5): the importer passes the
    store's (``store.keys``); the default is random per process, so keys of a parse
    that is never stored cannot be recomputed. ``aliases``: the alias table with
    the user's own aliases merged in. ``welfare_standards``: caps per category in 元.
    ``category_rules``: free-text → standard welfare category, the user's rules first.
    ``activity_type_rules``: 类型 or name → standard activity type (§3.8), the user's rules first.
    ``allowed_units``: the units whose rows may be imported (a 基层工会 user's own unit
    and its children); a row of any other unit is rejected with the reason. None: all.
    ``unit_aliases``: the 单位名称对照 (another spelling → the unit), applied to unit and
    上级工会 names once they are cleaned (issue 14).
    ``unit_parents``: a 基层工会 user's units → the 上级工会 the unit tree gives each today
    (None: none). A row naming another 上级工会 is rejected (a unit account never changes the
    tree, issue 17); a row naming none is stored under today's. None (admin, one-person): any.
    ``registry_years``: the years a 单位信息 row may be stored under (a unit account's registry
    never opens a year by itself, issue 17); None: any.
    """

    unit: str | None = None
    year: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    person_key_secret: bytes = field(default_factory=lambda: _PROCESS_SECRET)
    aliases: AliasTable = field(default_factory=AliasTable.build)
    welfare_standards: dict[str, float] = field(default_factory=lambda: dict(WELFARE_STANDARDS))
    category_rules: tuple[tuple[str, tuple[str, ...]], ...] = CATEGORY_RULES
    # §3.8: 类型 or name → standard activity type, the user's rules first
    activity_type_rules: tuple[tuple[str, tuple[str, ...]], ...] = TYPE_RULES
    allowed_units: frozenset[str] | None = None
    unit_aliases: Mapping[str, str] = field(default_factory=dict)
    unit_parents: Mapping[str, str | None] | None = None
    registry_years: frozenset[str] | None = None


def import_key(data: bytes, unit: str | None = None, year: str | None = None) -> str:
    """What makes two imports "the same file" (§2): the sha256 of the bytes, and the unit
    and year named at upload when there are — the same one-unit ledger named for another
    unit or year (or named at last, after a first try without) is another import."""
    digest = hashlib.sha256(data)
    if unit:
        digest.update(b"\x00unit=" + unit.strip().encode())
    if year:
        digest.update(b"\x00year=" + str(year).strip().encode())
    return digest.hexdigest()


def parse_file(data: bytes, file_name: str, options: ParseOptions | None = None, *, key: str | None = None) -> ParsedFile:
    """Read, clean and validate every sheet of one file.

    ``key``: the file's ``import_key`` when the caller already has it (it checked for
    a duplicate first), so the bytes are hashed once. Raises ``UnreadableFileError``
    (with a Chinese sentence) when the file cannot be read at all; otherwise always
    returns a report, sheet by sheet.
    """
    options = options or ParseOptions()
    masked_name = mask_personal(file_name)  # §5: a file or sheet name may hold a phone number
    parsed = ParsedFile(file_name=masked_name, content_hash=key or import_key(data, options.unit, options.year))
    stem = PurePath(masked_name).stem
    # One sheet's grid at a time: each is parsed and let go before the next is read.
    for raw in iter_sheets(data, file_name):
        raw.name = mask_personal(raw.name)
        sheet = parse_sheet(raw, stem, options)
        # §3.5: a registry's membership rows are reported as a sheet of their own
        parsed.sheets += [sheet, *sheet.derived]
        sheet.derived = []
        del raw
    return parsed


@functools.lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def _text(value: object) -> str:
    return _folded(str(value)) if value is not None else ""


@functools.lru_cache(maxsize=65536)
def _header_key(text: str) -> str:
    return normalise_header(text).key


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and value != value)


def _fill_merged_data(rows: list[list[object]], merged: list[tuple[int, int, int, int]], start: int) -> None:
    """A cell merged downward in the data area (a unit spanning three ledger rows) holds
    for each of those rows. Merges across columns are left alone: a section title
    ("一、东城街道") merged over the whole width is one cell, not a value for every column."""
    for r0, c0, r1, _c1 in merged:
        if r0 < start or r0 >= len(rows) or r1 == r0:
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c0:
                row.extend([None] * (c0 + 1 - len(row)))
            if row[c0] is None:
                row[c0] = value


# What one cell can be, for the row classification: empty, text, number, or another
# filled value (a date, a time).
_EMPTY, _TEXT, _NUMBER, _OTHER = 0, 1, 2, 3


def _cell_class(value: object) -> int:
    if value is None:
        return _EMPTY
    if isinstance(value, str):
        return _TEXT if value.strip() else _EMPTY
    if isinstance(value, (int, float)):  # bool too
        return _EMPTY if value != value else _NUMBER  # NaN
    return _OTHER


def _per_distinct(column: np.ndarray, look: Callable[[object], object], dtype: type, missing: object) -> np.ndarray:
    """``look`` applied to every cell of an object column, computed once per distinct
    value; ``missing`` is the answer for None and NaN.

    Values that compare equal across types (1, 1.0, True) share one result: every look
    here gives them the same answer (they are numbers, and no text)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    answers = np.array([look(value) for value in uniques] + [missing], dtype=dtype)
    return answers[codes]  # code -1 (missing) takes the last answer


def _repeated_header(cells: np.ndarray, keys: list[str], has_text: np.ndarray, text_index: np.ndarray) -> np.ndarray:
    """Rows that repeat the header: the first text cell equals its column's header, and
    so does at least one more cell. Only the rows passing the first test are looked at
    whole (a ledger's 100,000 names are not all compared with every header)."""
    header = np.zeros(len(cells), dtype=bool)
    for c, key in enumerate(keys[: cells.shape[1]]):
        first_here = has_text & (text_index == c)
        if key and first_here.any():
            header[first_here] = _per_distinct(cells[first_here, c], lambda v, key=key: _header_key(v) == key, bool, False)
    for r in np.flatnonzero(header):
        same = sum(
            1 for c, v in enumerate(cells[r]) if isinstance(v, str) and c < len(keys) and keys[c] and _header_key(v) == keys[c]
        )
        header[r] = same >= 2
    return header


def _row_types(cells: np.ndarray, layout_keys: list[str], serial_col: int | None, name_col: int | None) -> np.ndarray:
    """data | blank | total | detail | footer | example | header | note for every row (contract §1).

    A row is judged by its first filled cell and its first text cell. Whatever is not
    clearly something else is data, so that it is stored or rejected with a reason,
    never dropped unseen:

    - blank: no filled cell, or only the serial number (a pre-numbered empty row of a form);
    - total: the first text ends with 合计/总计/小计/累计; detail: it starts with 其中
      (a breakdown of the row above, already counted in it);
    - footer: the first filled cell is a footer word (填表人:…) or a note (注:…) in a row
      without numbers;
    - example: the serial column says 示例;
    - header: the header repeated after a page break (two or more cells equal to their
      column's header, the first text among them);
    - note: one line of text alone (a group title, 单位:元), unless it is the name column
      of a units registry.

    Column by column with numpy, each distinct text looked at once: this runs on every
    row of every sheet (``tests/ingest/test_large_files.py`` checks it against the rules
    written row by row).
    """
    rows, width = cells.shape
    types = np.full(rows, "data", dtype=object)
    if not rows:
        return types
    classes = np.empty((rows, width), dtype=np.int8)
    for c in range(width):
        classes[:, c] = _per_distinct(cells[:, c], _cell_class, np.int8, _EMPTY)
    filled = classes != _EMPTY
    texts = classes == _TEXT
    filled_count = filled.sum(axis=1)
    has_numbers = (classes == _NUMBER).any(axis=1)
    at = np.arange(rows)
    first_index = filled.argmax(axis=1)
    first_any = cells[at, first_index]
    has_text = texts.any(axis=1)
    text_index = texts.argmax(axis=1)
    text_value = np.where(has_text, cells[at, text_index], None)
    first_is_text = texts[at, first_index] & (filled_count > 0)

    first_text = _per_distinct(text_value, lambda v: _folded(v).rstrip(":;,.。") if isinstance(v, str) else "", object, "")
    total = _per_distinct(first_text, _is_total_label, bool, False)
    detail = _per_distinct(first_text, lambda t: t.startswith(DETAIL_PREFIX), bool, False)
    head = np.where(first_is_text, first_any, None)
    footer_word = _per_distinct(head, lambda v: isinstance(v, str) and bool(_FOOTER.match(_folded(v))), bool, False)
    note_word = _per_distinct(head, lambda v: isinstance(v, str) and _folded(v).startswith(_NOTES), bool, False)
    footer = footer_word | (note_word & ~has_numbers)
    if serial_col is not None and serial_col < width:
        example = _per_distinct(cells[:, serial_col], lambda v: isinstance(v, str) and _text(v) in EXAMPLE_MARKERS, bool, False)
    else:
        example = np.zeros(rows, dtype=bool)
    header = _repeated_header(cells, layout_keys, has_text, text_index)
    note = (filled_count == 1) & first_is_text & (first_index != (-1 if name_col is None else name_col))
    blank = (filled_count == 0) | ((filled_count == 1) & (first_index == (-1 if serial_col is None else serial_col)))

    # The first rule that holds wins: applied from the last to the first.
    for mask, name in (
        (note, "note"),
        (header, "header"),
        (example, "example"),
        (footer, "footer"),
        (detail, "detail"),
        (total, "total"),
        (blank, "blank"),
    ):
        types[mask] = name
    return types


def _is_total_label(text: str) -> bool:
    """§1: 合计, 收入合计, 本月小计 … or the whole country's row of a table by region (全 国)."""
    return text.endswith(TOTAL_WORDS) or text in TOTAL_LABELS


def _is_column_code_row(row: list[object] | tuple) -> bool:
    """The row under an official form's header that numbers or measures the columns:
    甲 | 乙 | 1 | 2 | 3 (栏次), or 人 | 人 | 元 (计量单位). Not data."""
    numbers: list[float] = []
    texts = 0
    filled = 0
    first_empty = _is_empty(row[0]) if row else True
    for v in row:
        if v is None or (isinstance(v, str) and clean.is_missing_text(_folded(v))):
            continue  # an empty cell, or — / - in a column that has no number
        filled += 1
        if isinstance(v, str) and _folded(v).isdigit():
            numbers.append(int(_folded(v)))  # csv: every cell is text
        elif isinstance(v, str):
            word = _folded(v).strip("()[]")
            if word not in COLUMN_CODE_WORDS and word not in MEASURE_WORDS:
                return False
            texts += 1
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            numbers.append(v)
        else:
            return False
    consecutive = all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False)) and all(0 < n <= 200 for n in numbers)
    # numbers alone must count the columns from 1 under an empty first cell, or they may
    # be figures; a row of two cells (a registry's 甲 | 乙) is data
    numbered = texts > 0 or (len(numbers) >= 3 and numbers[0] == 1 and first_empty)
    return filled >= 3 and consecutive and numbered


_PEOPLE_KINDS = frozenset({"roster"})


def _warn_second_table(
    layout: HeaderLayout, aliases: AliasTable, kind: str, extra_cols: list[int], year_known: bool, log: ProblemLog
) -> None:
    """Columns left over that make a table of their own (two tables side by side on one
    sheet): they are kept in ``extra`` but not counted, so say so (§1: never silently)."""
    keys = [layout.names[i].key if i in extra_cols and layout.names[i] else "" for i in range(len(layout.names))]
    # §3.7: a ledger's people columns (性别, 出生年月 …) are a roster's too, but no table of their own
    others = [other for other in aliases.by_kind if other not in _PEOPLE_KINDS]
    for other in others:
        found = aliases.fields(other, keys)
        repeats_key = "unit" in found or period_field(other) in found
        if (
            len(found) >= 2
            and repeats_key
            and not missing_required(other, found, year_known)
            and (other != "units" or "unit" in found)
        ):
            first = min(found.values())
            log.warn(None, layout.names[first].label, "second_table", column_number=first + 1, kind=KIND_LABELS[other])
            return
    # columns another kind would count (应缴金额 in a sheet read as 会员统计): kept, not counted
    foreign = []
    for i in extra_cols:
        for other in others:
            column = aliases.by_kind[other].get(keys[i])
            if other != kind and column is not None and column.field not in SHARED_FIELDS:
                foreign.append(layout.names[i].label)
                break
    if foreign:
        listed = "、".join(f"「{label}」" for label in foreign[:5])
        log.warn(None, None, "unused_columns", kind=KIND_LABELS[kind], columns=listed)


def _year_and_month_columns(layout: HeaderLayout, aliases: AliasTable, kind: str) -> tuple[str, int, int] | None:
    """A period written in two columns, 年度 and 月份: (field, year column, month column)."""
    table = aliases.by_kind[kind]
    by_field: dict[str, list[int]] = {}
    for index, name in enumerate(layout.names):
        column = table.get(name.key) if name else None
        if column is not None and column.dtype in ("period", "date"):
            by_field.setdefault(column.field, []).append(index)
    for field_id, columns in by_field.items():
        years = [c for c in columns if YEAR_COLUMN_WORD in layout.names[c].key and MONTH_WORD not in layout.names[c].key]
        months = [c for c in columns if any(w in layout.names[c].key for w in MONTH_COLUMN_WORDS)]
        if years and months:
            return field_id, years[0], months[0]
    return None


def _year_month_cell(year: object, month: object) -> object:
    """One period from a 年度 cell and a 月份 cell: '2023-05', or the cell that says more."""
    if _is_empty(month):
        return year
    parsed_year = clean.parse_period_cell(year)
    default = parsed_year[0] if isinstance(parsed_year, tuple) else None
    parsed = clean.parse_period_cell(month, default)
    if isinstance(parsed, tuple) and parsed[1]:
        return parsed[2] or parsed[1]
    return month  # not a month: the cleaner reports it as written


# Columns where a totals row writes its label: 全区合计 under 单位, 收入合计 under 科目,
# 本月合计 under 日期. Not free-text columns such as 组别 (个人累计 is an event).
_TOTAL_LABEL_FIELDS = frozenset({"unit", "account", "period", "date", "year"})


def _labelled_rows(grid: pd.DataFrame, fields: dict[str, int]) -> pd.Series:
    """ "total" / "detail" for rows labelled in another column than the first text cell: a
    multi-unit 决算表 writes ``甲 | 2023 | 收入合计 | 300`` or ``甲 | 2023 | 其中:教育 | 30``,
    a ledger ``本月合计`` under 日期. A cell of a label column that ends with
    合计/总计/小计/累计 makes a totals row, one that starts with 其中 a breakdown."""
    kinds = pd.Series(None, index=grid.index, dtype=object)
    for field_id, column in fields.items():
        if field_id not in _TOTAL_LABEL_FIELDS or column not in grid.columns:
            continue
        label = _per_distinct(grid[column].to_numpy(dtype=object), _label_kind, object, None)
        kinds = kinds.where(kinds.notna(), pd.Series(label, index=grid.index, dtype=object))
    return kinds


def _label_kind(value: object) -> str | None:
    """ "total" for a label ending with 合计/总计/小计/累计, "detail" for one starting with 其中."""
    if not isinstance(value, str):
        return None
    text = _folded(value).rstrip(":;,.。()")
    if _is_total_label(text):
        return "total"
    return "detail" if text.startswith(DETAIL_PREFIX) else None


@dataclass
class _Table:
    """A sheet's table once its header is found and its kind recognised."""

    name: str  # the sheet's name, personal numbers masked
    layout: HeaderLayout
    match: KindMatch
    keys: list[str]  # each column's normalised header ("" where none)
    default_year: str | None  # the year of the title, sheet or file name (None: none given)
    serial_col: int | None  # the 序号 column, never data
    title_unit: str | None  # the unit a line above the header names (填报单位:…)
    title_multiplier: float  # 10,000 where a line above the header says 单位:万元
    title_count_multiplier: float = 1.0  # 10,000 where it says 单位:万人 (yearbooks)
    title_category: str | None = None  # §3.3: the one welfare category the title, sheet or file name names

    @property
    def kind(self) -> str:
        return self.match.kind

    @property
    def fields(self) -> dict[str, int]:
        return self.match.fields


@dataclass
class _ColumnPlan:
    """Which columns make the fact rows and which are kept as they are.

    ``groups``: one (field → column, fund type) per set of rows to build — one set, or for
    dues written side by side per fund type one per fund type (fund None otherwise).
    ``year_month``: a period written in a 年度 and a 月份 column (field, year col, month col).
    ``extra``: the columns no field of the kind takes, kept in ``extra``.
    """

    groups: list[tuple[dict[str, int], str | None]]
    year_month: tuple[str, int, int] | None
    extra: list[int]


def parse_sheet(raw: RawSheet, file_stem: str, options: ParseOptions) -> ParsedSheet:
    """One sheet → ParsedSheet: find the header and kind, sort the rows, build each column group.

    The steps in order: ``_find_table`` (header, kind), ``_sort_rows`` (data and totals
    rows), ``_plan_columns`` (groups, extra columns), ``_build_group`` (clean, validate,
    build, check totals), ``_reported_problems``. Takes the grid out of ``raw``
    (``raw.rows`` is empty afterwards): once the cells are in a frame their row lists are
    let go, so a large sheet is not held twice.
    """
    raw.rows = [r if isinstance(r, list) else list(r) for r in raw.rows]
    table, skipped = _find_table(raw, file_stem, options.aliases, options.year, options.category_rules)
    unknown_indicators: list[str] = []
    if table is None and (turned := turn_round(raw, options.aliases.known)) is not None:
        # §1: a yearbook's table, indicators as rows and years as columns, read turned round
        table, _ = _find_table(turned.raw, file_stem, options.aliases, options.year, options.category_rules)
        if table is not None:
            raw, unknown_indicators = turned.raw, turned.unknown
    if table is None:
        raw.rows = []
        return ParsedSheet(name=raw.name, kind=None, skipped=skipped)
    data_rows, total_rows = _sort_rows(raw, table)
    log = ProblemLog(sheet=table.name)
    if unknown_indicators:
        listed = "、".join(f"「{name}」" for name in unknown_indicators[:10])
        more = f"等{len(unknown_indicators)}项" if len(unknown_indicators) > 10 else ""
        log.warn(None, None, "indicators_skipped", names=listed + more)
    plan = _plan_columns(table, options.aliases)
    _warn_second_table(table.layout, options.aliases, table.kind, plan.extra, table.default_year is not None, log)
    extra = extra_json(
        data_rows[plan.extra] if plan.extra else data_rows.iloc[:, :0], [table.layout.names[i].label for i in plan.extra]
    )
    derived: list[DerivedRows] = []
    parts = [
        _build_group(table, fields, fund, plan.year_month, data_rows, total_rows, extra, options, log, derived)
        for fields, fund in plan.groups
    ]
    stored = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    problems = _reported_problems(log)
    return ParsedSheet(
        name=table.name,
        kind=table.kind,
        rows=stored,
        problems=problems,
        rejected_rows=_rejected_rows(table.layout, data_rows, problems),
        derived=[_derived_sheet(table, part, data_rows) for part in derived],
    )


def _derived_sheet(table: _Table, part: DerivedRows, data_rows: pd.DataFrame) -> ParsedSheet:
    """Rows of another kind the sheet also gives (§3.5), reported as a sheet of their own."""
    problems = _reported_problems(part.log)
    return ParsedSheet(
        name=part.name,
        kind=part.kind,
        rows=part.rows,
        problems=problems,
        rejected_rows=_rejected_rows(table.layout, data_rows, problems),
    )


def _find_table(
    raw: RawSheet,
    file_stem: str,
    aliases: AliasTable,
    upload_year: str | None = None,
    category_rules=CATEGORY_RULES,
) -> tuple[_Table | None, str | None]:
    """The header and kind of a sheet, or (None, why the sheet is not read).

    The year of the title, sheet name or file name, else the one named at upload, holds
    for a table without a period column (§1); a table whose kind is clear is read even
    when the year is nowhere: its rows are then rejected with that reason."""
    if not any(not _is_empty(v) for r in raw.rows for v in r):
        return None, message("empty_sheet")
    layout = find_header(raw.rows, raw.merged, aliases.score, aliases.canonical)
    if layout is None:
        return None, _unread_reason(raw, aliases)
    # the year the headers name (2023年会员人数) is the columns' own; then title, sheet, file, upload
    default_year = header_year(layout.names) or year_from_text(*layout.title_lines, raw.name, file_stem) or upload_year
    # §3.3: a title naming one welfare category (金秋助学补助清单); a 填报单位 line names a unit
    headings = [line for line in layout.title_lines if unit_from_titles([line]) is None]
    title_category = clean.document_category((" ".join(headings), raw.name, file_stem), category_rules)
    title = " ".join([*layout.title_lines, raw.name, file_stem])
    match, reason = classify(layout.names, aliases, year_known=True, category_known=title_category is not None, title=title)
    if match is None:
        return None, message("person_form") if is_person_form(raw.rows) else reason
    if match.kind == "roster" and is_person_form(raw.rows):
        # §3.7: a roster has its labels in one header row; a form (入会申请书) beside their values
        return None, message("person_form")
    keys = [n.key if n else "" for n in layout.names]
    serial_col = next((i for i, k in enumerate(keys) if k in aliases.ignored), None)
    titles = layout.title_lines
    return _Table(
        raw.name,
        layout,
        match,
        keys,
        default_year,
        serial_col,
        unit_from_titles(titles),
        multiplier_from_titles(titles),
        multiplier_from_titles(titles, COUNT_SCALE_WORDS),
        title_category,
    ), None


def _unread_reason(raw: RawSheet, aliases: AliasTable) -> str:
    """Why a sheet without a header of two known columns is not read (§1: say what was seen)."""
    if is_person_form(raw.rows):
        return message("person_form")
    seen: list[str] = []
    for row in raw.rows[:_REASON_ROWS]:
        for value in row:
            if isinstance(value, str) and value.strip() and _header_key(value) in aliases.known:
                label = clean_label(value)
                if label not in seen:
                    seen.append(label)
    if seen:
        return message("too_few_known_columns", found="".join(f"「{label}」" for label in seen[:5]))
    return message("no_known_header")


_REASON_ROWS = 15  # the rows a header may start in, and a little more


def _sort_rows(raw: RawSheet, table: _Table) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data rows and the totals rows below the header, as frames indexed by Excel row.

    Contract §1: blanks, footers, notes, examples, repeated headers and 其中 rows are
    neither. Takes the grid out of ``raw``."""
    rows, raw.rows = raw.rows, []
    layout = table.layout
    _fill_merged_data(rows, raw.merged, layout.data_start)
    width = len(layout.names)
    body = rows[layout.data_start :]
    if any(len(r) != width for r in body):  # cells beyond the header, or a short CSV record
        body = [r if len(r) == width else (r + [None] * width)[:width] for r in body]
    del rows  # the cells live on in body, then in the frame
    excel_rows = [raw.first_row + layout.data_start + i for i in range(len(body))]
    name_col = table.fields.get("unit") if table.kind == "units" else None
    grid = (
        pd.DataFrame(body, index=pd.Index(excel_rows, name="row"), dtype=object)
        if body
        else pd.DataFrame(columns=range(width), dtype=object)
    )
    types = _row_types(grid.to_numpy(dtype=object), table.keys, table.serial_col, name_col)
    for i, r in enumerate(body[:3]):  # 栏次 / 计量单位 / 填写说明 rows sit right under the header
        if types[i] in ("data", "note") and (_is_column_code_row(r) or is_instruction_row(r)):
            types[i] = "header"
        elif types[i] != "blank":
            break
    del body  # the frame holds the cells now
    type_series = pd.Series(types, index=grid.index, dtype=object)
    labelled = _labelled_rows(grid, table.fields)
    relabel = (type_series == "data") & labelled.notna()
    type_series[relabel] = labelled[relabel]
    if table.kind == "finance" and "account" in table.fields:
        # §3.6: "一、本年收入 | 3,200" heads the income part with its sum: a totals row
        heading = grid[table.fields["account"]].map(clean.is_flow_heading).astype(bool)
        type_series[(type_series == "data") & heading] = "total"
    return grid[type_series == "data"], grid[type_series == "total"]


def _plan_columns(table: _Table, aliases: AliasTable) -> _ColumnPlan:
    """The groups of columns to build rows from, a split 年度/月份 period, and the rest."""
    fields = table.fields
    funds = _fund_type_groups(table.layout, aliases) if table.kind == "dues" and "fund_type" not in fields else {}
    groups: list[tuple[dict[str, int], str | None]] = [(fields, None)]
    if funds:
        shared = {f: i for f, i in fields.items() if f not in _GROUPED_DUES_FIELDS}
        groups = [({**shared, **columns}, fund) for fund, columns in funds.items()]
    year_month = _year_and_month_columns(table.layout, aliases, table.kind)
    used = {table.serial_col} if table.serial_col is not None else set()
    for group, _ in groups:
        used |= set(group.values())
    if year_month:
        used |= set(year_month[1:])
    extra = [i for i, n in enumerate(table.layout.names) if n is not None and i not in used]
    return _ColumnPlan(groups=groups, year_month=year_month, extra=extra)


def _group_cells(
    table: _Table, fields: dict[str, int], fund: str | None, year_month: tuple[str, int, int] | None, data_rows: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, str], dict[str, float]]:
    """The raw cells of one group by field, each field's header for messages and its multiplier.

    The multiplier is the header's (金额(万元)), else for amounts a 单位:万元 line above it."""
    kind, layout = table.kind, table.layout
    labels = {
        f: (fund or "") * (f in _GROUPED_DUES_FIELDS) + _label(layout, i, COLUMN_OF[kind, f].name) for f, i in fields.items()
    }
    multipliers = {}
    for f, i in fields.items():
        header_multiplier = layout.names[i].multiplier
        dtype = COLUMN_OF[kind, f].dtype
        if header_multiplier == 1.0 and dtype == "amount":
            header_multiplier = table.title_multiplier  # 单位:万元 above the header
        elif header_multiplier == 1.0 and dtype == "count":
            header_multiplier = table.title_count_multiplier  # 单位:万人 above a yearbook's table
        multipliers[f] = header_multiplier
    cells = pd.DataFrame({f: data_rows[i] for f, i in fields.items()}, index=data_rows.index, dtype=object)
    period_id = period_field(kind)
    if period_id and period_id not in fields and table.default_year:
        # no 年度 column: the year of the title ("2023年度经费收支决算表") holds for every row
        cells[period_id] = table.default_year
        labels[period_id] = f"{COLUMN_OF[kind, period_id].name}(取自标题:{table.default_year}年)"
    if year_month:
        field_id, year_col, month_col = year_month
        name = COLUMN_OF[kind, field_id].name
        cells[field_id] = [_year_month_cell(y, m) for y, m in zip(data_rows[year_col], data_rows[month_col], strict=True)]
        labels[field_id] = f"{_label(layout, year_col, name)}/{_label(layout, month_col, name)}"
    if fund is not None:
        cells["fund_type"] = fund  # 工会经费 over 应缴 | 实缴, 会费 over 应缴 | 实缴: one row each
    return cells, labels, multipliers


def _build_group(
    table: _Table,
    fields: dict[str, int],
    fund: str | None,
    year_month: tuple[str, int, int] | None,
    data_rows: pd.DataFrame,
    total_rows: pd.DataFrame,
    extra: pd.Series,
    options: ParseOptions,
    log: ProblemLog,
    derived: list[DerivedRows],
) -> pd.DataFrame:
    """The fact rows of one group of columns, cleaned and validated; its totals rows checked.

    Problems go to ``log``; rows of another kind the group also gives to ``derived``."""
    cells, labels, multipliers = _group_cells(table, fields, fund, year_month, data_rows)
    period_id = period_field(table.kind)
    if period_id and period_id not in cells.columns and len(cells):
        # §1: the kind is clear, the year nowhere (no column, title, sheet or file name,
        # nor named at upload): every row is rejected with that reason
        label = COLUMN_OF[table.kind, period_id].name
        log.reject_where(pd.Series(True, index=cells.index), pd.Series(None, index=cells.index), label, "no_period_anywhere")
        return pd.DataFrame()
    file_unit = options.unit or table.title_unit
    # a group of its own per fund type: its rows are rejected apart from the other group's
    group_log = ProblemLog(sheet=table.name) if fund is not None else log
    sheet_data = SheetData(
        kind=table.kind,
        cells=cells,
        labels=labels,
        multipliers=multipliers,
        unit=_units(cells, file_unit, options.unit_aliases),
        extra=extra,
        log=group_log,
        sheet=table.name,
        default_year=table.default_year,
        today=options.today,
        person_key_secret=options.person_key_secret,
        welfare_standards=options.welfare_standards,
        category_rules=options.category_rules,
        type_rules=options.activity_type_rules,
        allowed_units=options.allowed_units,
        unit_aliases=options.unit_aliases,
        unit_parents=options.unit_parents,
        registry_years=options.registry_years,
        document_category=table.title_category if table.kind == "welfare" else None,
        filing_year=clean.filing_year(table.layout.title_lines),
        union_column=unit_is_union(table.keys, fields),
    )
    built = BUILDERS[table.kind](sheet_data) if len(cells) else pd.DataFrame()
    derived += sheet_data.derived
    if group_log is not log:
        log.problems.extend(group_log.problems)
        log.rejected_rows |= group_log.rejected_rows
    _check_total_rows(table.kind, fields, labels, multipliers, data_rows, total_rows, log)
    return built


def _reported_problems(log: ProblemLog) -> list[Problem]:
    """The sheet's problems by Excel row, rejections first.

    A warning about a row that is rejected anyway is noise and left out."""
    problems = [p for p in log.problems if p.level == "rejected" or p.row not in log.rejected_rows]
    problems.sort(key=lambda p: (p.row or 0, p.level != "rejected"))
    return problems


_GROUPED_DUES_FIELDS = frozenset({"due", "paid", "wage_total", "remitted"})


def _fund_type_groups(layout: HeaderLayout, aliases: AliasTable) -> dict[str, dict[str, int]]:
    """Dues written side by side per fund type: 工会经费 over 应缴 | 实缴 and 会费 over
    应缴 | 实缴. Returns {fund type: {field: column}} when there are two or more such
    groups that each have 实缴, else {}."""
    table = aliases.by_kind["dues"]
    groups: dict[str, dict[str, int]] = {}
    for index, name in enumerate(layout.names):
        if name is None or not name.parent:
            continue
        column = table.get(name.key)
        if column is None or column.field not in _GROUPED_DUES_FIELDS:
            continue
        fund = clean.fund_type(name.parent) if name.parent else None
        if fund is not None and any(word in name.parent for word in FUND_PARENT_WORDS):
            groups.setdefault(fund, {}).setdefault(column.field, index)
    complete = {fund: columns for fund, columns in groups.items() if "paid" in columns}
    return complete if len(complete) >= 2 else {}


def _label(layout: HeaderLayout, index: int, canonical: str) -> str:
    """The header as messages name it: as written (a name in one cell of a taller header too:
    「本年预算数」), or for a column whose name is put together from several header cells
    (会员人数 over 女) the combined name (女会员人数)."""
    name = layout.names[index]
    if layout.top != layout.bottom and (name.parent or "/" in name.label):
        return canonical
    return name.label


def _units(cells: pd.DataFrame, file_unit: str | None, aliases: Mapping[str, str]) -> pd.Series:
    """The unit of every row: its own cell, else the file's unit (upload form, 填报单位 line);
    a name of the 单位名称对照 as the unit it names."""
    own = clean.clean_names(cells["unit"]) if "unit" in cells.columns else pd.Series(None, index=cells.index, dtype=object)
    if file_unit:
        own = own.where(own.notna(), clean.clean_name(file_unit))
    return apply_aliases(own.astype(object), aliases)


def _check_total_rows(kind, fields, labels, multipliers, data_rows, total_rows, log) -> None:
    numeric = [f for f in fields if COLUMN_OF[kind, f].dtype in ("count", "amount")]
    if total_rows.empty or not numeric:
        return

    def parsed(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {f: clean.parse_numbers(frame[fields[f]])[0] * multipliers.get(f, 1.0) for f in numeric}, index=frame.index
        )

    if kind == "finance" and "account" in fields:
        _check_statement_totals(fields, labels, parsed(data_rows), parsed(total_rows), data_rows, log)
        return
    # §3.3, §3.4: a blank 人次 / 人数 is 1 in the rows, so in their sum too
    defaults = {f: value for (k, f), value in BLANK_COUNT_DEFAULTS.items() if k == kind and f in numeric}
    check_totals(parsed(data_rows).fillna(defaults), parsed(total_rows), labels, log)


def _check_statement_totals(fields, labels, figures: pd.DataFrame, totals: pd.DataFrame, data_rows, log) -> None:
    """§3.6: 收入合计 / 支出合计 add up the accounts — an account's own row or else its
    sub-accounts, never balances. A 收入合计 may also include 上年结转 and 动用以前年度结余:
    a 合计 that adds up with or without them is right; only a mismatch both ways is warned."""
    code_col = fields.get("account_code")
    codes = data_rows[code_col] if code_col is not None else pd.Series(None, index=data_rows.index, dtype=object)
    reads = [clean.read_account(c, n) for c, n in zip(codes, data_rows[fields["account"]], strict=True)]
    given = figures.notna().any(axis=1).to_numpy()
    # an account's own line without figures only heads its sub-accounts: they count
    parents = {r.account for r, has in zip(reads, given, strict=True) if has and r.in_chart and r.sub_account is None}
    role = pd.Series(
        [fin_rules.BALANCE_ROLE.get(r.account) if r.flow == fin_rules.BALANCE else None for r in reads], index=figures.index
    )
    account = pd.Series(
        [r.flow != fin_rules.BALANCE and (r.sub_account is None or r.account not in parents) for r in reads], index=figures.index
    )
    # the accounts alone, or with any of the balance rows a 合计 may include (上年结转 only,
    # 动用以前年度结余 only, both): a mismatch is one that no reading explains
    readings = [
        account | role.isin(included)
        for size in range(len(fin_rules.TOTAL_MAY_INCLUDE) + 1)
        for included in itertools.combinations(fin_rules.TOTAL_MAY_INCLUDE, size)
    ]
    unexplained: set[tuple[int | None, str | None]] | None = None
    first: list[Problem] = []
    for counted in readings:
        variant = ProblemLog(sheet=log.sheet)
        check_totals(figures[counted], totals, labels, variant)
        found = {(p.row, p.column) for p in variant.problems}
        unexplained = found if unexplained is None else unexplained & found
        first = first or variant.problems
    log.problems.extend(p for p in first if (p.row, p.column) in (unexplained or set()))


def _rejected_rows(layout: HeaderLayout, data_rows: pd.DataFrame, problems) -> pd.DataFrame:
    """The rejected rows as written (original headers) plus 原因, for fix-and-re-upload."""
    reasons: dict[int, list[str]] = {}
    for p in problems:
        if p.level == "rejected" and p.row is not None:
            reasons.setdefault(p.row, []).append(p.message)
    if not reasons:
        return pd.DataFrame()
    headers = []
    for i, n in enumerate(layout.names):
        label = (n.written or n.label) if n else message("unnamed_column", column_number=i + 1)
        while label in headers:
            label += "_"
        headers.append(label)
    # contract §5: the download shows ID and phone numbers masked, like every other view; other
    # personal numbers and family members' names masked too, addresses left blank
    frame = data_rows.loc[[r for r in data_rows.index if r in reasons]].copy()
    frame.columns = headers[: len(frame.columns)]
    for label in frame.columns:
        frame[label] = [guard_personal(label, v)[1] for v in frame[label]]
    frame.insert(0, "Excel行号", frame.index)
    frame["原因"] = [";".join(reasons[r]) for r in frame.index]
    return frame.reset_index(drop=True)
