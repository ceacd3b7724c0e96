"""What ingest hands to the store and to the import report.

A file becomes a ``ParsedFile``: one ``ParsedSheet`` per sheet, each with the rows to
store (a DataFrame whose columns are the fact table's columns), the problems found
(one table: the report, the rejected-rows download and the CLI's ``--json`` are views
of it) and the rejected rows in their original form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

REJECTED = "rejected"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One rejected row or one warning.

    ``row`` is the row number as Excel shows it (None for a problem of the whole sheet);
    ``column`` the header as written in the file (None when the row as a whole is meant);
    ``message`` one Chinese sentence that names the row and column.
    """

    sheet: str
    row: int | None
    column: str | None
    level: str  # REJECTED | WARNING
    code: str  # stable id, e.g. "not_a_number", "negative_count", "total_mismatch"
    message: str
    value: str | None = None


class _PackedText:
    """A text column kept as codes into its distinct values (pandas ``factorize``).

    A ledger repeats its units, periods, dates and categories on every row; as codes a
    1,000,000-row sheet waits for the store in tens of megabytes instead of hundreds.
    Unpacking gives back the very same objects, and ``None`` or NaN where a cell was missing.
    """

    __slots__ = ("codes", "uniques", "missing")

    def __init__(self, codes: np.ndarray, uniques: np.ndarray, missing: object) -> None:
        self.codes, self.uniques, self.missing = codes, uniques, missing

    @classmethod
    def of(cls, series: pd.Series) -> _PackedText | None:
        """The packed column, or None when it is not text only (numbers, booleans and
        dates stay as they are: 1, 1.0 and True would share one code)."""
        if series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) != "string":
            return None
        gone = series.isna().to_numpy()
        markers = {type(value) for value in series.to_numpy()[gone]}
        if len(markers) > 1:
            return None  # both None and NaN: keep as written
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        smallest = np.int32 if len(uniques) < 2**31 else np.int64
        missing = series.to_numpy()[gone][0] if gone.any() else None
        return cls(codes.astype(smallest), np.asarray(uniques, dtype=object), missing)

    def unpacked(self) -> np.ndarray:
        values = np.append(self.uniques, np.array([self.missing], dtype=object))
        return values[self.codes]  # code -1 is the missing marker, appended last


class _PackedRows:
    """``ParsedSheet.rows``: a DataFrame in, the same DataFrame out; text columns kept
    packed in between (see ``_PackedText``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}_packed"

    def __get__(self, sheet: ParsedSheet | None, owner: type | None = None) -> pd.DataFrame | None:
        if sheet is None:
            return None  # the field's default: no rows (see __set__)
        frame, packed, order = getattr(sheet, self.slot)
        if packed:  # unpacked for good: the caller may change the frame it is given
            frame = sheet.fresh_rows()
            setattr(sheet, self.slot, (frame, {}, order))
        return frame

    def __set__(self, sheet: ParsedSheet, frame: pd.DataFrame | None) -> None:
        frame = pd.DataFrame() if frame is None else frame
        order = list(frame.columns)
        packed: dict[str, _PackedText] = {}
        if len(frame) and frame.columns.is_unique:
            packed = {name: text for name in order if (text := _PackedText.of(frame[name])) is not None}
        setattr(sheet, self.slot, (frame.drop(columns=list(packed)) if packed else frame, packed, order))
        sheet.row_count = len(frame)


@dataclass
class ParsedSheet:
    """One sheet, read and cleaned.

    ``kind`` is the id of contract §3 or None when the sheet was skipped, with the
    reason in ``skipped`` (Chinese). ``rows`` holds the rows to store, with the fact
    table's columns (no ``id``/``batch_id``); ``rejected_rows`` the rejected rows as
    written, with the original headers plus a column ``原因``.
    """

    name: str
    kind: str | None
    skipped: str | None = None
    rows: pd.DataFrame = _PackedRows()  # noqa: RUF009 — a descriptor: set and read as a DataFrame
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    # rows of another kind the sheet also gives (a registry's membership rows, §3.5); parse_file
    # lists them as sheets of their own, right after this one
    derived: list[ParsedSheet] = field(default_factory=list, repr=False)
    row_count: int = field(default=0, init=False, repr=False)  # len(rows), without unpacking them

    @property
    def stored(self) -> int:
        return self.row_count

    @property
    def columns(self) -> list[str]:
        """The columns of ``rows``, without unpacking them."""
        frame, packed, order = self._rows_packed
        return list(order) if packed else list(frame.columns)

    def fresh_rows(self) -> pd.DataFrame:
        """``rows`` built afresh, leaving the sheet packed (the store reads each sheet once)."""
        frame, packed, order = self._rows_packed
        if not packed:
            return frame
        return pd.DataFrame({name: self.column(name) for name in order}, index=frame.index)

    def column(self, name: str) -> pd.Series:
        """One column of ``rows`` (``KeyError`` when there is none), without unpacking the others."""
        frame, packed, _ = self._rows_packed
        if name in packed:
            return pd.Series(packed[name].unpacked(), index=frame.index, dtype=object, name=name)
        return frame[name]

    @property
    def rejected(self) -> int:
        return len({p.row for p in self.problems if p.level == REJECTED})

    @property
    def warned(self) -> int:
        return len({p.row for p in self.problems if p.level == WARNING})


@dataclass
class ParsedFile:
    """A whole file: its name, the sha256 of its bytes and its sheets."""

    file_name: str
    content_hash: str
    sheets: list[ParsedSheet] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return sorted({s.kind for s in self.sheets if s.kind})
