"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

Every file this package writes for keeps (raw store entries, ledgers, caches, the dataset) goes
through :func:`atomic_write`, so an interrupted run leaves either the old file or the new one,
never half of one. Temporary files start with :data:`TMP_PREFIX` so a sweep can find them.
The file gets the usual permissions (``0o666`` less the umask, e.g. ``0644``), not the private
``0600`` of :func:`tempfile.mkstemp`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TMP_PREFIX = ".tmp-"
#: Mode a new file is created with; the process umask is applied by the system.
FILE_MODE = 0o666


def create_temp(folder: Path, prefix: str = TMP_PREFIX) -> tuple[int, Path]:
    """Create a new empty file ``folder/<prefix><random>`` (mode :data:`FILE_MODE` less the
    umask) and return its open descriptor and path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = folder / f"{prefix}{secrets.token_hex(8)}"
        try:
            return os.open(tmp, flags, FILE_MODE), tmp
        except FileExistsError:
            continue


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (the parent folder is created if needed); the file
    gets the usual permissions (:data:`FILE_MODE` less the umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = create_temp(path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
