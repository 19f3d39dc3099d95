"""Import Légifrance CNIL page texts from a copy of the GDPRxiv mirror into the raw store.

GDPRxiv (public GitHub repository ``lawfulcomputing/GDPRxiv``) keeps one folder per document under
``documents/france/Decisions & Deliberations/<md5>/`` with ``fr.txt`` (the Légifrance page text) and
``metadata.json`` (the mirror's record; its ``url`` is the official Légifrance URL). Only ``url`` is
read from the metadata: the mirror's machine-made ``fine``/``articles``/``controller`` fields are
explicitly ignored, as is ``decision`` and ``releaseDate`` (the text itself is authoritative).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sources.legifrance_text import SOURCE_NAME
from cnil_sanctions.store import RawStore, StoredDocument

MIRROR_REPO = "https://github.com/lawfulcomputing/GDPRxiv"
MIRROR_COMMIT = "42120afcd37249eb18762f0242f0b54325b090e5"
MIRROR_PATH = "documents/france/Decisions%20%26%20Deliberations"

#: metadata.json keys: read (``url``, ``md5``) or explicitly ignored (machine-made by the mirror).
_READ_KEYS = {"url", "md5"}
_IGNORED_KEYS = {
    "releaseDate",
    "title",
    "decision",
    "fine",
    "controller",
    "articles",
    "RTBF component",
    "documentType",  # added by later mirror commits (e.g. "non-GDPR"): machine-made, ignored
}


@dataclass(frozen=True)
class MirrorDocument:
    """One folder of the mirror: text bytes, official URL and the mirror URL."""

    folder: Path
    text: bytes
    source_url: str
    mirror_url: str
    obtained: str | None = None


def _official_url(meta_path: Path) -> str:
    try:
        raw = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceFormatError(str(meta_path), f"unreadable metadata ({exc})") from exc
    records = raw if isinstance(raw, list) else [raw]
    urls = set()
    for rec in records:
        if not isinstance(rec, dict):
            raise SourceFormatError(str(meta_path), "metadata record is not an object")
        unknown = set(rec) - _READ_KEYS - _IGNORED_KEYS
        if unknown:
            raise SourceFormatError(str(meta_path), f"unexpected metadata keys {sorted(unknown)}")
        if "url" not in rec:
            raise SourceFormatError(str(meta_path), "metadata has no 'url'")
        urls.add(rec["url"])
    if len(urls) != 1:
        raise SourceFormatError(str(meta_path), f"expected one official URL, found {sorted(urls)}")
    url = urls.pop()
    if "legifrance.gouv.fr" not in url or not _LEGIFRANCE_ID.search(url):
        raise SourceFormatError(str(meta_path), f"'url' is not a Légifrance CNIL URL: {url!r}")
    return url


_LEGIFRANCE_ID = re.compile(r"CNILTEXT\d{12}")
#: Optional file beside the folders: which repository commit each folder's fr.txt was read at,
#: and (optional column ``obtained``) how the copy was obtained, kept in the entry's provenance.
COMMITS_FILE = "MANIFEST.csv"


@dataclass(frozen=True)
class _ManifestRow:
    commit: str
    obtained: str | None


def _manifest(root: Path) -> dict[str, _ManifestRow]:
    """``md5 → (commit, obtained)`` from ``root/MANIFEST.csv`` (columns ``md5``, ``fr_commit``,
    optional ``obtained``), if present."""
    path = root / COMMITS_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for n, row in enumerate(rows, start=2):
        md5, commit = row.get("md5") or "", row.get("fr_commit") or ""
        if not re.fullmatch(r"[0-9a-f]{32}", md5) or not re.fullmatch(r"[0-9a-f]{40}", commit):
            raise SourceFormatError(f"{path}:{n}", "expected a 32-hex md5 and a 40-hex fr_commit")
        out[md5] = _ManifestRow(commit, (row.get("obtained") or "").strip() or None)
    return out


def read_mirror(root: Path) -> Iterator[MirrorDocument]:
    """Yield every document folder under ``root`` (sorted); a folder without fr.txt is an error.

    The mirror URL names the commit the text was read at: the folder's ``fr_commit`` in
    ``root/MANIFEST.csv`` when there is one, else :data:`MIRROR_COMMIT`; the row's ``obtained``
    (how the copy was made) travels into the store entry's ``extra``.
    """
    root = Path(root)
    if not root.is_dir():
        raise SourceFormatError(str(root), "not a folder")
    folders = sorted(p for p in root.iterdir() if p.is_dir())
    if not folders:
        raise SourceFormatError(str(root), "no document folder found (expected <md5>/fr.txt)")
    manifest = _manifest(root)
    for folder in folders:
        text_path, meta_path = folder / "fr.txt", folder / "metadata.json"
        if not text_path.is_file() or not meta_path.is_file():
            raise SourceFormatError(str(folder), "expected fr.txt and metadata.json")
        row = manifest.get(folder.name)
        yield MirrorDocument(
            folder=folder,
            text=text_path.read_bytes(),
            source_url=_official_url(meta_path),
            mirror_url=(
                f"{MIRROR_REPO}/tree/{row.commit if row else MIRROR_COMMIT}/"
                f"{MIRROR_PATH}/{folder.name}/fr.txt"
            ),
            obtained=row.obtained if row else None,
        )


def import_mirror(
    root: Path, store: RawStore, retrieved_at: str | None = None
) -> list[StoredDocument]:
    """Copy every mirror document into ``store`` (source ``legifrance_text``); idempotent."""
    stored = []
    for doc in read_mirror(root):
        legifrance_id = _LEGIFRANCE_ID.search(doc.source_url)
        stored.append(
            store.put(
                doc.text,
                source=SOURCE_NAME,
                source_url=doc.source_url,
                media_type="text/plain",
                retrieved_at=retrieved_at,
                legifrance_id=legifrance_id.group() if legifrance_id else None,
                mirror=doc.mirror_url,
                extra={"mirror_folder": doc.folder.name}
                | ({"obtained": doc.obtained} if doc.obtained else {}),
            )
        )
    return stored
