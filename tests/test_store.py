"""The raw store: atomic, idempotent, provenance kept, tampering detected.

Légifrance URLs here are provenance strings only: no request is made (pytest-socket blocks the
network; HTTP is tested against the local httpserver fixture in test_dila_fetch / tests/faults)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cnil_sanctions.errors import StoreError
from cnil_sanctions.store import RawStore, sha256_hex


def put(store: RawStore, data: bytes, when: str = "2026-01-01T00:00:00+00:00"):
    return store.put(
        data,
        source="legifrance_text",
        source_url="https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000045614368",
        media_type="text/plain",
        retrieved_at=when,
        legifrance_id="CNILTEXT000045614368",
        mirror="https://example.org/mirror",
    )


def test_put_keeps_bytes_and_provenance(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    entry = put(store, b"texte")
    assert entry.read_bytes() == b"texte"
    meta = json.loads((entry.folder / "meta.json").read_text())
    assert meta["sha256"] == sha256_hex(b"texte")
    assert meta["mirror"] == "https://example.org/mirror"
    assert entry.folder.name == f"CNILTEXT000045614368-{sha256_hex(b'texte')[:12]}"


def test_same_bytes_twice_only_refreshes_last_seen(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    put(store, b"texte", "2026-01-01T00:00:00+00:00")
    again = put(store, b"texte", "2026-02-01T00:00:00+00:00")
    assert len(list(store.entries())) == 1
    assert again.meta.first_seen == "2026-01-01T00:00:00+00:00"
    assert again.meta.last_seen == "2026-02-01T00:00:00+00:00"


def test_new_version_is_a_new_entry(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    put(store, b"v1")
    put(store, b"v2")
    assert len(list(store.entries())) == 2


def test_half_written_entry_is_invisible_and_swept(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    put(store, b"complete")
    half = tmp_path / "legifrance_text" / "CNILTEXT000000000001-000000000000"
    half.mkdir()
    (half / "document.txt").write_bytes(b"interrupted")  # no meta.json: the write was cut
    (tmp_path / "legifrance_text" / ".tmp-abc").write_bytes(b"x")
    assert len(list(store.entries())) == 1
    removed = store.sweep()
    assert half in removed and not half.exists()


def test_tampered_document_is_detected(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    entry = put(store, b"original")
    entry.document_path.write_bytes(b"modified")
    with pytest.raises(StoreError, match="sha256 does not match"):
        entry.read_bytes()


def test_bad_source_name_and_media_type(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    with pytest.raises(StoreError, match="invalid source name"):
        store.put(b"x", source="../evil", source_url="u", media_type="text/plain")
    with pytest.raises(StoreError, match="unsupported media type"):
        store.put(b"x", source="dila", source_url="u", media_type="application/zip")


def test_shipped_store_is_intact() -> None:
    from tests.conftest import RAW

    entries = list(RawStore(RAW).entries())
    assert len(entries) >= 41
    for entry in entries:
        entry.read_bytes()  # sha256 verified
