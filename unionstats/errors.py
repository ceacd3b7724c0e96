"""The one hierarchy of errors the library raises.

Every error carries a Chinese sentence for the user (``message``) that says what went
wrong and what to do; ``cli.py`` and the pages print that sentence and nothing else.
"""

from __future__ import annotations


class UnionStatsError(Exception):
    """Base class: ``message`` is one Chinese sentence fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableFileError(UnionStatsError):
    """The file cannot be read at all (corrupt, wrong type, too large, a zip bomb)."""


class StoreError(UnionStatsError):
    """The store cannot be opened or written (bad URL, database down, locked)."""


class UsageError(UnionStatsError):
    """The caller asked for something that does not exist (unknown kind, batch, option)."""


class AccessDeniedError(UnionStatsError):
    """The signed-in user may not do this (another unit's rows, an observer importing,
    a non-admin changing settings or users)."""
