"""The one hierarchy of errors the library raises.

Every error carries a Chinese sentence for the user (``message``) that says what went
wrong and what to do; ``cli/main.py`` and the pages print that sentence and nothing else.
"""

from __future__ import annotations

import errno


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


class ConfigError(UnionStatsError):
    """A setting of the server (an environment variable) has a value nobody knows: the app
    and the command line stop rather than guess (a switch never fails open)."""


class BusyError(UnionStatsError):
    """Too many people at once for a costly step (checking passwords): try again shortly."""


class AccessDeniedError(UnionStatsError):
    """The signed-in user may not do this (another unit's rows, an observer importing,
    a non-admin changing settings or users)."""


def describe_os_error(error: OSError) -> str:
    """Why the system could not read or write a file, in Chinese (its own words are English).

    A clause without a final full stop, to follow 「无法打开/写入「path」:」.
    """
    if isinstance(error, FileNotFoundError):
        return "找不到该文件或文件夹,请检查路径"
    if isinstance(error, PermissionError):
        return "没有读写权限"
    if isinstance(error, IsADirectoryError):
        return "这是一个文件夹,不是文件"
    if isinstance(error, NotADirectoryError | FileExistsError):
        return "路径中有同名的文件挡住了文件夹"
    if error.errno == errno.ENOSPC:
        return "磁盘已满"
    return "系统无法读写该文件"
