"""Versions and withdrawals of DILA texts in the raw store: THE rule, applied after each archive.

An entry's metadata (``extra``) records the archive that first brought its bytes
(:data:`ARCHIVE`) and the latest one that brought them again (:data:`LAST_ARCHIVE`). For one
CNILTEXT id:

- the *current* version is the entry brought by the latest archive (ties: sha256); every other
  version gets ``superseded_by`` = the current sha256, and the current one lists the others in
  ``other_versions_sha256`` (so a re-published text replaces the older one in the dataset while
  both stay in the store);
- the text is *withdrawn* when a deletion list (``liste_suppression*.dat``) of an archive later
  than its current version names it: every version gets ``withdrawn_by`` = that archive (raw
  bytes kept). A deletion list applies before the texts of its own archive, so a text deleted
  and re-published by one archive stays.

:func:`reconcile` rewrites only the metadata that differs, so applying it again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cnil_sanctions.store import RawStore, StoredDocument

ARCHIVE = "archive"
LAST_ARCHIVE = "last_archive"
WITHDRAWN_BY = "withdrawn_by"
SUPERSEDED_BY = "superseded_by"
OTHER_VERSIONS = "other_versions_sha256"
_STAMP_RE = re.compile(r"(\d{8})-(\d{6})")
_CNILTEXT_RE = re.compile(r"CNILTEXT\d{12}")


def archive_stamp(name: str | None) -> str:
    """``YYYYMMDDHHMMSS`` of an archive name (empty if the name has no stamp)."""
    m = _STAMP_RE.search(name or "")
    return m[1] + m[2] if m else ""


def parse_deletion_list(data: bytes) -> tuple[list[str], list[str]]:
    """``(CNILTEXT ids, lines that name no CNILTEXT)`` of a deletion list: one member path per
    line, without extension (``cnil/global/CNIL/TEXT/…/CNILTEXT000026026270``)."""
    ids: list[str] = []
    odd: list[str] = []
    for raw in data.decode("utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line:
            continue
        name = line.rsplit("/", 1)[-1].removesuffix(".xml")
        if _CNILTEXT_RE.fullmatch(name):
            ids.append(name)
        else:
            odd.append(line)
    return ids, odd


def entry_stamp(entry: StoredDocument) -> str:
    """Stamp of the latest archive that brought this entry's bytes."""
    extra = entry.meta.extra
    return archive_stamp(extra.get(LAST_ARCHIVE) or extra.get(ARCHIVE))


@dataclass
class ReconcileResult:
    """What :func:`reconcile` changed: ids newly withdrawn, ids brought back, versions
    newly superseded."""

    withdrawn: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    superseded: int = 0


def _desired(
    entry: StoredDocument, current: StoredDocument, others: list[str], withdrawn_by: str | None
) -> dict[str, str]:
    extra = {
        k: v
        for k, v in entry.meta.extra.items()
        if k not in (WITHDRAWN_BY, SUPERSEDED_BY, OTHER_VERSIONS)
    }
    if entry.folder == current.folder:
        if others:
            extra[OTHER_VERSIONS] = ";".join(sorted(others))
    else:
        extra[SUPERSEDED_BY] = current.meta.sha256
    if withdrawn_by:
        extra[WITHDRAWN_BY] = withdrawn_by
    return extra


def folders_by_id(store: RawStore, source: str) -> dict[str, set[Path]]:
    """CNILTEXT id → folders of its stored versions (one pass over the store)."""
    out: dict[str, set[Path]] = {}
    for entry in store.entries(source):
        if entry.meta.legifrance_id:
            out.setdefault(entry.meta.legifrance_id, set()).add(entry.folder)
    return out


def reconcile(
    store: RawStore,
    source: str,
    ids: Iterable[str],
    deletions: Mapping[str, list[str]],
    folders: Mapping[str, set[Path]] | None = None,
) -> ReconcileResult:
    """Apply the version and withdrawal rule (module docstring) to the texts ``ids`` of
    ``source``; ``deletions`` maps a CNILTEXT id to the archives whose deletion lists name it.
    ``folders`` (:func:`folders_by_id`, kept up to date by the caller) spares a pass over the
    whole store."""
    wanted = set(ids)
    result = ReconcileResult()
    if not wanted:
        return result
    index = folders if folders is not None else folders_by_id(store, source)
    by_id = {i: [store.entry_at(f) for f in sorted(index[i])] for i in wanted if index.get(i)}
    for legifrance_id in sorted(by_id):
        versions = by_id[legifrance_id]
        current = max(versions, key=lambda e: (entry_stamp(e), e.meta.sha256))
        stamp = entry_stamp(current)
        later = [a for a in deletions.get(legifrance_id, []) if archive_stamp(a) > stamp]
        withdrawn_by = max(later, key=archive_stamp) if later else None
        was_withdrawn = WITHDRAWN_BY in current.meta.extra
        for entry in versions:
            others = [v.meta.sha256 for v in versions if v.folder != entry.folder]
            desired = _desired(entry, current, others, withdrawn_by)
            if SUPERSEDED_BY in desired and SUPERSEDED_BY not in entry.meta.extra:
                result.superseded += 1
            store.set_extra(entry, desired)
        if withdrawn_by and not was_withdrawn:
            result.withdrawn.append(legifrance_id)
        elif was_withdrawn and not withdrawn_by:
            result.restored.append(legifrance_id)
    return result
