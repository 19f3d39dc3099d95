"""Per-document cache of parsing and extraction results, keyed by sha256 and code version.

A build parses every raw-store entry and extracts the facts of every sanction; both are pure
functions of the document bytes and of the code. :class:`ExtractionCache` keeps their result
(a small JSON record, never the text) in one SQLite file, ``data/cache/extract.sqlite`` by
default (git-ignored), under the key ``(sha256 of the document, code version)``. A build after
adding one document then parses and extracts that document only.

The code version (:func:`code_version`) is the sha256 of the source of every module whose
change can alter a record (:data:`VERSIONED_PATHS`) and of :data:`CACHE_FORMAT`; editing any of
them starts a fresh cache. Only records whose values survive a JSON round trip unchanged
(``None``, ``bool``, ``int``, finite ``float``, ``str``, and dicts/lists of these) are stored,
so a record read back equals the record computed, and a cached build writes the same bytes
as a full rebuild. A cache file that cannot be read as a cache raises :class:`CacheError`
naming it (delete the file to start afresh).
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from cnil_sanctions.errors import CnilSanctionsError

#: Bump when the layout of a record changes.
CACHE_FORMAT = 1
CACHE_FILE = "extract.sqlite"
_PACKAGE = Path(__file__).resolve().parent
#: Source files (relative to the package) whose content is part of the code version.
VERSIONED_PATHS = (
    "cache.py",
    "dataset.py",
    "decision.py",
    "law.py",
    "sources",
    "extract",
)

Record = dict[str, object]


class CacheError(CnilSanctionsError):
    """The extraction cache file is unreadable or not a cache."""


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 of :data:`CACHE_FORMAT` and of the sources listed in :data:`VERSIONED_PATHS`."""
    digest = hashlib.sha256(f"cache-format-{CACHE_FORMAT}\n".encode())
    for rel in VERSIONED_PATHS:
        path = _PACKAGE / rel
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _round_trips(value: object) -> bool:
    """True if ``json.loads(json.dumps(value))`` gives back an equal value of the same types."""
    if value is None or isinstance(value, bool | int | str):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _round_trips(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_round_trips(v) for v in value)
    return False


class ExtractionCache:
    """Records by ``(sha256, code version)`` in an SQLite file; see the module docstring."""

    def __init__(self, path: Path | str, version: str | None = None) -> None:
        self.path = Path(path)
        self.version = version or code_version()
        self.hits = 0
        self.misses = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " sha256 TEXT NOT NULL, version TEXT NOT NULL, record TEXT NOT NULL,"
                " PRIMARY KEY (sha256, version))"
            )
            self._db.commit()
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"{self.path}: not a usable cache file ({exc}); delete it") from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, shas: Iterable[str]) -> dict[str, Record]:
        """Cached records of the current code version for these sha256 (absent ones left out)."""
        wanted = set(shas)
        found: dict[str, Record] = {}
        try:
            rows = self._db.execute(
                "SELECT sha256, record FROM records WHERE version = ?", (self.version,)
            )
            for sha, text in rows:
                if sha in wanted:
                    found[sha] = json.loads(text)
        except (sqlite3.DatabaseError, json.JSONDecodeError) as exc:
            raise CacheError(f"{self.path}: unreadable cache ({exc}); delete it") from exc
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put_many(self, records: Mapping[str, Record]) -> int:
        """Store records by sha256 in one transaction; return how many were storable."""
        rows = [
            (sha, self.version, json.dumps(rec, ensure_ascii=False))
            for sha, rec in records.items()
            if _round_trips(rec)
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO records (sha256, version, record) VALUES (?, ?, ?)",
                    rows,
                )
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"{self.path}: cannot write the cache ({exc})") from exc
        return len(rows)

    def prune(self) -> int:
        """Delete records of other code versions; return how many were deleted."""
        try:
            with self._db:
                cur = self._db.execute("DELETE FROM records WHERE version != ?", (self.version,))
        except sqlite3.DatabaseError as exc:
            raise CacheError(f"{self.path}: cannot prune the cache ({exc})") from exc
        return cur.rowcount

    def __len__(self) -> int:
        (n,) = self._db.execute(
            "SELECT COUNT(*) FROM records WHERE version = ?", (self.version,)
        ).fetchone()
        return int(n)
