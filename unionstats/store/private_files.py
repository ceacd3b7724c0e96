"""Files only their owner may read (issue 17, finding 5): the store, its WAL and SHM, its
key file, backups and what the command line writes hold names, figures and password hashes.

A file is created 0600 before anything is written into it (opening an existing file to
write it again keeps its mode), and an existing one others may read is tightened. The
default store's folder is 0700. On Windows the modes mean little; the folders' own access
lists apply there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700


def make_private_file(path: Path | str) -> None:
    """Create ``path`` empty with mode 0600 if absent (never truncating it), else make it
    the owner's alone. Raises ``OSError`` as ``open`` would."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        if stat.S_IMODE(os.fstat(handle).st_mode) & 0o077:
            os.chmod(path, PRIVATE_FILE_MODE)
    finally:
        os.close(handle)


def tighten(path: Path | str) -> None:
    """Make an existing file the owner's alone; nothing when it is absent or not ours."""
    try:
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, PRIVATE_FILE_MODE)
    except OSError:
        pass  # absent, or another account's file: its owner decides


def write_private(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` (replacing its content), the file 0600."""
    make_private_file(path)
    with open(path, "wb") as out:
        out.write(data)


def make_private_folder(path: Path | str, *, only_if_new: bool = False) -> None:
    """Create the folder ``path`` (and its parents) with mode 0700; an existing one is made
    0700 too unless ``only_if_new`` (a folder the user chose, holding other things)."""
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if (not existed or not only_if_new) and stat.S_IMODE(path.stat().st_mode) != PRIVATE_FOLDER_MODE:
        os.chmod(path, PRIVATE_FOLDER_MODE)
