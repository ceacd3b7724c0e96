"""What ingest hands to the store and to the import report.

A file becomes a ``ParsedFile``: one ``ParsedSheet`` per sheet, each with the rows to
store (a DataFrame whose columns are the fact table's columns), the problems found
(one table: the report, the rejected-rows download and the CLI's ``--json`` are views
of it) and the rejected rows in their original form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def stored(self) -> int:
        return len(self.rows)

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
