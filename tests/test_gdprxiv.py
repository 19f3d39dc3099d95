"""Importing a GDPRxiv-style mirror folder into the raw store (no network: the Légifrance URLs
below are provenance strings in a metadata fixture written by the test).

The folder is built in the test from the real Dedalus text of the shipped store; its
metadata.json is written here in the mirror's format (with the official Légifrance URL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sources.gdprxiv import MIRROR_COMMIT, import_mirror
from cnil_sanctions.store import RawStore
from tests.conftest import RAW

MD5 = "b92ba201c4c7f2a6449b86e5e8ba8d50"
URL = "http://www.legifrance.gouv.fr/affichCnil.do?id=CNILTEXT000045614368"


def _mirror(tmp_path: Path, meta: object) -> Path:
    dedalus = next(
        e for e in RawStore(RAW).entries("legifrance_text") if e.meta.extra["mirror_folder"] == MD5
    )
    folder = tmp_path / "mirror" / MD5
    folder.mkdir(parents=True)
    (folder / "fr.txt").write_bytes(dedalus.read_bytes())
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return tmp_path / "mirror"


def test_import_keeps_official_and_mirror_urls_and_is_idempotent(tmp_path: Path) -> None:
    root = _mirror(tmp_path, {"md5": MD5, "url": URL, "fine": "1,500,000", "controller": "x"})
    store = RawStore(tmp_path / "raw")
    (entry,) = import_mirror(root, store)
    assert entry.meta.source_url == URL
    assert entry.meta.legifrance_id == "CNILTEXT000045614368"
    assert MIRROR_COMMIT in (entry.meta.mirror or "")
    import_mirror(root, store)
    assert len(list(store.entries())) == 1


def test_manifest_commit_names_the_version_read(tmp_path: Path) -> None:
    root = _mirror(tmp_path, [{"md5": MD5, "url": URL}, {"md5": MD5, "url": URL}])
    commit = "a" * 40
    (root / "MANIFEST.csv").write_text(f"md5,fr_commit\n{MD5},{commit}\n", encoding="utf-8")
    (entry,) = import_mirror(root, RawStore(tmp_path / "raw"))
    assert f"/tree/{commit}/" in (entry.meta.mirror or "")


def test_manifest_obtained_column_travels_into_the_provenance(tmp_path: Path) -> None:
    """How the copy was made (e.g. paged reads, length-checked) is kept in the entry's `extra`;
    the later mirror metadata key `documentType` is machine-made and ignored."""
    root = _mirror(tmp_path, {"md5": MD5, "url": URL, "documentType": "non-GDPR"})
    obtained = "paged reads, length checked equal to the stored length"
    (root / "MANIFEST.csv").write_text(
        f'md5,fr_commit,obtained\n{MD5},{"b" * 40},"{obtained}"\n', encoding="utf-8"
    )
    (entry,) = import_mirror(root, RawStore(tmp_path / "raw"))
    assert entry.meta.extra == {"mirror_folder": MD5, "obtained": obtained}


def test_manifest_without_obtained_keeps_only_the_folder(tmp_path: Path) -> None:
    root = _mirror(tmp_path, {"md5": MD5, "url": URL})
    (root / "MANIFEST.csv").write_text(f"md5,fr_commit\n{MD5},{'c' * 40}\n", encoding="utf-8")
    (entry,) = import_mirror(root, RawStore(tmp_path / "raw"))
    assert entry.meta.extra == {"mirror_folder": MD5}


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"md5": MD5, "url": URL, "surprise": 1}, "unexpected metadata keys"),
        ({"md5": MD5}, "has no 'url'"),
        ([{"md5": MD5, "url": URL}, {"md5": MD5, "url": URL + "1"}], "expected one official URL"),
        ({"md5": MD5, "url": "https://example.org/x"}, "not a Légifrance CNIL URL"),
    ],
)
def test_strict_metadata(tmp_path: Path, meta: object, message: str) -> None:
    root = _mirror(tmp_path, meta)
    with pytest.raises(SourceFormatError, match=message):
        import_mirror(root, RawStore(tmp_path / "raw"))


def test_search_url_with_query_string_gives_a_clean_id(tmp_path: Path) -> None:
    """Some mirror records keep the Légifrance search URL (real form: `…/cnil/id/CNILTEXT…?init=true&…`)."""
    url = "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000045614368?init=true&page=1&query=san-2022-009"
    root = _mirror(tmp_path, {"md5": MD5, "url": url})
    (entry,) = import_mirror(root, RawStore(tmp_path / "raw"))
    assert entry.meta.legifrance_id == "CNILTEXT000045614368"
    assert entry.folder.name.startswith("CNILTEXT000045614368-")
