"""The store: SQLAlchemy Core tables, Alembic migrations, import batches and undo, settings.

``open_store`` gives an engine with the schema at the newest revision; ``commit_file``
stores a parsed file as one batch (contract §2); ``undo_batch`` takes it back;
``get_setting`` / ``set_setting`` keep the user's rules (``store.settings``).
"""

from unionstats.store.batches import (
    CommitResult,
    UndoResult,
    batch_content,
    commit_file,
    find_active_batch,
    find_overlaps,
    get_batch,
    ledger_coverage,
    list_batches,
    store_version,
    undo_batch,
)
from unionstats.store.engine import DEFAULT_DB_PATH, close_store, default_url, open_store
from unionstats.store.settings import get_setting, set_setting, setting_once

__all__ = [
    "DEFAULT_DB_PATH",
    "CommitResult",
    "UndoResult",
    "batch_content",
    "close_store",
    "commit_file",
    "default_url",
    "find_active_batch",
    "find_overlaps",
    "get_batch",
    "get_setting",
    "ledger_coverage",
    "list_batches",
    "open_store",
    "set_setting",
    "setting_once",
    "store_version",
    "undo_batch",
]
