"""What every command shares: the one exit-code table, and the sentence for an unwritable output.

Exit codes (contract §6), the same for every command:

    0    done (``import``: every file could be read; rejected rows are normal)
    2    a file could not be read at all (``import``, ``restore``), or a switch in the
         environment has a value nobody knows (``UNIONSTATS_AUTH=enabled``: ``ConfigError``)
    1    anything else: a wrong command line, an unknown name, an output that cannot be
         written, the database, an unexpected problem
    130  interrupted (Ctrl-C)
"""

from __future__ import annotations

from pathlib import Path

from unionstats.errors import ConfigError, UnreadableFileError, UsageError, describe_os_error

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_UNREADABLE = 2  # contract §6: a file could not be read at all
EXIT_CONFIG = 2  # the server's settings cannot be used: nothing was done
EXIT_INTERRUPTED = 130  # the shell's own code for Ctrl-C

# error → exit code, the first row that matches wins; any other error is EXIT_FAILURE
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (UnreadableFileError, EXIT_UNREADABLE),
    (ConfigError, EXIT_CONFIG),
    (KeyboardInterrupt, EXIT_INTERRUPTED),
)


def exit_code_of(error: BaseException) -> int:
    """The exit code a command ends with when ``error`` stops it (``EXIT_CODES``)."""
    return next((code for kind, code in EXIT_CODES if isinstance(error, kind)), EXIT_FAILURE)


def cannot_write(path: Path, error: OSError) -> UsageError:
    """The error for an output file (``--out``) the system refused to write: exit 1."""
    return UsageError(f"无法写入「{path}」:{describe_os_error(error)},请换一个位置或文件名。")


def check_writable(path: Path) -> None:
    """Raise ``cannot_write`` now if ``path`` could not be written later; leaves no file behind."""
    existed = path.exists()
    try:
        with open(path, "ab"):
            pass
    except OSError as error:
        raise cannot_write(path, error) from error
    if not existed:
        path.unlink(missing_ok=True)
