"""The raw store: every fetched document, unchanged, beside its provenance.

Layout (``data/raw/`` by default)::

    <root>/<source>/<key>/document.<ext>   the original bytes, never modified
    <root>/<source>/<key>/meta.json        provenance: source URL, ids, retrieval time, sha256

``key`` is ``<official id or 'doc'>-<first 12 hex digits of sha256>``, so two different versions of
one official document are two entries. An entry exists only once its ``meta.json`` exists: both
files are written to a temporary name and renamed into place (document first, metadata last), so an
interrupted run never leaves a half-written entry that looks complete; leftovers are swept on the
next write. Putting the same bytes again only refreshes ``last_seen``.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from cnil_sanctions.atomic import TMP_PREFIX, atomic_write
from cnil_sanctions.errors import StoreError

META_NAME = "meta.json"
_EXTENSIONS = {"application/xml": "xml", "text/plain": "txt", "text/html": "html"}
_SAFE_KEY = re.compile(r"[^A-Za-z0-9_.-]+")
_SOURCE_NAME = re.compile(r"[a-z][a-z0-9_]*")


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def utc_now() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class EntryMeta:
    """Provenance of one stored document (the content of ``meta.json``)."""

    source: str
    source_url: str
    sha256: str
    size: int
    media_type: str
    retrieved_at: str
    first_seen: str
    last_seen: str
    legifrance_id: str | None = None
    decision_id: str | None = None
    mirror: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Stable JSON (sorted keys, UTF-8, trailing newline)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class StoredDocument:
    """A store entry: its folder and its metadata."""

    folder: Path
    meta: EntryMeta

    @property
    def document_path(self) -> Path:
        """Path of the original bytes."""
        return self.folder / f"document.{_EXTENSIONS.get(self.meta.media_type, 'bin')}"

    def read_bytes(self) -> bytes:
        """The original bytes, checked against the recorded sha256."""
        try:
            data = self.document_path.read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"{self.folder}: document file missing") from exc
        if sha256_hex(data) != self.meta.sha256:
            raise StoreError(
                f"{self.document_path}: sha256 does not match meta.json "
                f"(expected {self.meta.sha256}); the file was modified or truncated"
            )
        return data


def _read_meta(path: Path) -> EntryMeta:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: unreadable store metadata ({exc})") from exc
    try:
        return EntryMeta(**raw)
    except TypeError as exc:
        raise StoreError(f"{path}: store metadata has unexpected fields ({exc})") from exc


class RawStore:
    """A folder of original documents with provenance; see the module docstring."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _key(self, legifrance_id: str | None, sha: str) -> str:
        stem = _SAFE_KEY.sub("_", legifrance_id) if legifrance_id else "doc"
        return f"{stem}-{sha[:12]}"

    def put(
        self,
        data: bytes,
        *,
        source: str,
        source_url: str,
        media_type: str,
        retrieved_at: str | None = None,
        legifrance_id: str | None = None,
        decision_id: str | None = None,
        mirror: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> StoredDocument:
        """Store ``data`` atomically; return the entry (existing one if the bytes are known)."""
        if not _SOURCE_NAME.fullmatch(source):
            raise StoreError(f"invalid source name {source!r}")
        if media_type not in _EXTENSIONS:
            raise StoreError(f"{source_url}: unsupported media type {media_type!r}")
        sha = sha256_hex(data)
        now = retrieved_at or utc_now()
        folder = self.root / source / self._key(legifrance_id, sha)
        meta_path = folder / META_NAME
        if meta_path.exists():
            existing = StoredDocument(folder, _read_meta(meta_path))
            if existing.meta.sha256 != sha:
                raise StoreError(f"{folder}: key collision with a different sha256")
            updated = replace(existing.meta, last_seen=max(existing.meta.last_seen, now))
            if updated != existing.meta:
                atomic_write(meta_path, updated.to_json().encode("utf-8"))
            return StoredDocument(folder, updated)
        folder.mkdir(parents=True, exist_ok=True)
        meta = EntryMeta(
            source=source,
            source_url=source_url,
            sha256=sha,
            size=len(data),
            media_type=media_type,
            retrieved_at=now,
            first_seen=now,
            last_seen=now,
            legifrance_id=legifrance_id,
            decision_id=decision_id,
            mirror=mirror,
            extra=dict(extra or {}),
        )
        entry = StoredDocument(folder, meta)
        atomic_write(entry.document_path, data)
        atomic_write(meta_path, meta.to_json().encode("utf-8"))
        return entry

    def entry_at(self, folder: Path) -> StoredDocument:
        """The entry stored in ``folder`` (its metadata read afresh)."""
        return StoredDocument(folder, _read_meta(folder / META_NAME))

    def set_extra(self, entry: StoredDocument, extra: dict[str, str]) -> StoredDocument:
        """Replace the ``extra`` metadata of ``entry`` (atomically; nothing written if equal).
        The document bytes are never touched."""
        if extra == entry.meta.extra:
            return entry
        meta = replace(entry.meta, extra=dict(extra))
        atomic_write(entry.folder / META_NAME, meta.to_json().encode("utf-8"))
        return StoredDocument(entry.folder, meta)

    def entries(self, source: str | None = None) -> Iterator[StoredDocument]:
        """Every complete entry, in a stable order (source, key). Incomplete folders are skipped."""
        if not self.root.exists():
            return
        sources = [self.root / source] if source else sorted(p for p in self.root.iterdir())
        for src in sources:
            if not src.is_dir() or src.name.startswith((".", "_")):
                continue
            for folder in sorted(src.iterdir()):
                meta_path = folder / META_NAME
                if folder.is_dir() and meta_path.exists():
                    yield StoredDocument(folder, _read_meta(meta_path))

    def has_sha256(self, sha: str, source: str | None = None) -> bool:
        """True if a document with this sha256 is stored."""
        return any(e.meta.sha256 == sha for e in self.entries(source))

    def sweep(self) -> list[Path]:
        """Remove leftovers of interrupted writes (temporary files, folders without meta.json)."""
        removed: list[Path] = []
        if not self.root.exists():
            return removed
        for tmp in self.root.rglob(f"{TMP_PREFIX}*"):
            if tmp.is_file():
                tmp.unlink()
                removed.append(tmp)
        for src in self.root.iterdir():
            if not src.is_dir() or src.name.startswith((".", "_")):
                continue
            for folder in src.iterdir():
                if folder.is_dir() and not (folder / META_NAME).exists():
                    shutil.rmtree(folder)
                    removed.append(folder)
        return removed
