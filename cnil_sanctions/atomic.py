"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

Every file this package writes for keeps (raw store entries, ledgers, caches, the dataset) goes
through :func:`atomic_write`, so an interrupted run leaves either the old file or the new one,
never half of one. Temporary files start with :data:`TMP_PREFIX` so a sweep can find them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TMP_PREFIX = ".tmp-"


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` atomically (the parent folder is created if needed); the file
    gets permissions ``mode`` (``mkstemp`` alone would leave it ``0600``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
