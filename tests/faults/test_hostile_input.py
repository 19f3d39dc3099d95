"""Hostile or broken archives and documents served by a local server (all SYNTHETIC, built by
tests/synthetic.py). Each test asserts the outcome and that the store holds exactly what it should:
a hostile archive stores nothing at all (not even the sound documents before the bad member)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cnil_sanctions.errors import FetchError, SourceFormatError
from cnil_sanctions.sources.dila import ArchiveLimits
from cnil_sanctions.sources.dila_fetch import load_ledger
from cnil_sanctions.store import RawStore
from tests.conftest import FAST_HTTP
from tests.faults.conftest import run_fetch
from tests.synthetic import (
    GLOBAL_NAME,
    INCR_NAMES,
    Member,
    build_tar_gz,
    corrupt_gzip,
    member_path,
    sample_bytes,
    stored_ids,
    synthetic_billion_laughs_xml,
    synthetic_bomb_tar_gz,
    synthetic_not_cnil_xml,
    synthetic_sanction_id,
    synthetic_sanction_xml,
)

pytestmark = pytest.mark.network_local


def _only_global(site, data: bytes) -> None:
    site.files.clear()
    site.files[GLOBAL_NAME] = data


def _assert_nothing_stored(root, site) -> None:
    assert stored_ids(root) == []
    assert load_ledger(root) == {}
    assert not (root / "_dila" / "archives" / GLOBAL_NAME).exists()  # the bad copy is not kept
    assert not list(root.rglob(".tmp-*"))


def test_corrupt_gzip_is_refused_without_retry_then_recovers(site, tmp_path):
    good = site.files[GLOBAL_NAME]
    site.files[GLOBAL_NAME] = corrupt_gzip(good)
    with pytest.raises(
        FetchError, match=r"Freemium_cnil_global_20990101-120000\.tar\.gz: corrupt gzip"
    ):
        run_fetch(site, tmp_path)
    assert len(site.requests_for(f"/CNIL/{GLOBAL_NAME}")) == 1  # corruption is not transient
    _assert_nothing_stored(tmp_path, site)
    site.files[GLOBAL_NAME] = good  # the server is repaired: the next run completes
    report = run_fetch(site, tmp_path)
    assert report.archives_processed == 3 and len(stored_ids(tmp_path)) == 5


def test_gzip_fine_but_tar_corrupt(site, tmp_path):
    """A valid gzip of garbage: the tar reader fails; SourceFormatError names the archive."""
    import gzip

    _only_global(site, gzip.compress(b"this is not a tar archive" * 50, mtime=0))
    with pytest.raises(SourceFormatError, match=r"Freemium_cnil_global_.*corrupt or truncated tar"):
        run_fetch(site, tmp_path)
    _assert_nothing_stored(tmp_path, site)


HOSTILE = {
    "traversal": (Member("../../escaped.xml", synthetic_sanction_xml(2)), "unsafe member path"),
    "nested traversal": (
        Member("texte/../../../escaped.xml", synthetic_sanction_xml(2)),
        "unsafe member path",
    ),
    "absolute path": (Member("/tmp/escaped.xml", synthetic_sanction_xml(2)), "unsafe member path"),
    "symlink": (
        Member("texte/link.xml", kind="symlink", target="/etc/passwd"),
        "link member refused",
    ),
    "hardlink": (
        Member("texte/hard.xml", kind="hardlink", target="/etc/passwd"),
        "link member refused",
    ),
    "device": (Member("texte/dev.xml", kind="chardev"), "device or fifo member refused"),
    "fifo": (Member("texte/fifo.xml", kind="fifo"), "device or fifo member refused"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_member_refuses_the_whole_archive(site, tmp_path, kind):
    bad, problem = HOSTILE[kind]
    first = synthetic_sanction_xml(1)
    _only_global(
        site,
        build_tar_gz(
            [(member_path(first), first), bad, (member_path(sample_bytes()), sample_bytes())]
        ),
    )
    with pytest.raises(
        SourceFormatError, match=rf"Freemium_cnil_global_20990101-120000\.tar\.gz: {problem}"
    ):
        run_fetch(site, tmp_path)
    _assert_nothing_stored(tmp_path, site)  # sanction 1, read before the bad member, is not stored
    assert not list(tmp_path.parent.rglob("escaped.xml"))
    assert not list(tmp_path.rglob("*.xml"))


def test_bomb_refused_at_download_by_gzip_ratio(site, tmp_path):
    _only_global(site, synthetic_bomb_tar_gz(1024 * 1024, 4))  # 4 MiB of zeros, a few KiB gzipped
    cfg = replace(FAST_HTTP, gzip_ratio_min_bytes=1024 * 1024)
    with pytest.raises(
        FetchError, match=r"Freemium_cnil_global_.*compression ratio above 200.*bomb"
    ):
        run_fetch(site, tmp_path, config=cfg)
    _assert_nothing_stored(tmp_path, site)


def test_bomb_refused_by_archive_ratio_limit(site, tmp_path):
    """With the download check relaxed, iter_archive's own ratio limit stops the bomb."""
    _only_global(site, synthetic_bomb_tar_gz(1024 * 1024, 4))
    with pytest.raises(
        SourceFormatError, match=r"Freemium_cnil_global_.*compression ratio above 200"
    ):
        run_fetch(site, tmp_path, limits=ArchiveLimits(ratio_min_bytes=1024 * 1024))
    _assert_nothing_stored(tmp_path, site)


def test_member_and_total_size_limits(site, tmp_path):
    with pytest.raises(SourceFormatError, match=r"member .* is \d+ bytes \(limit 1000\)"):
        run_fetch(site, tmp_path, limits=ArchiveLimits(max_member_bytes=1000))
    _assert_nothing_stored(tmp_path, site)
    with pytest.raises(SourceFormatError, match=r"archive expands beyond 10000 bytes"):
        run_fetch(site, tmp_path, limits=ArchiveLimits(max_total_bytes=10_000))
    _assert_nothing_stored(tmp_path, site)


def test_billion_laughs_and_malformed_documents_are_skipped_and_counted(site, tmp_path):
    bad_encoding = synthetic_sanction_xml(3).replace(
        "Délibération".encode(), "D\xe9lib\xe9ration".encode("latin-1")
    )
    members = [
        ("texte/synthetic_billion_laughs.xml", synthetic_billion_laughs_xml()),
        ("texte/synthetic_not_cnil.xml", synthetic_not_cnil_xml()),
        ("texte/synthetic_bad_encoding.xml", bad_encoding),
        ("texte/synthetic_not_xml.xml", b"\x00\x01 binary"),
        (member_path(synthetic_sanction_xml(1)), synthetic_sanction_xml(1)),
        (member_path(sample_bytes()), sample_bytes()),
    ]
    _only_global(site, build_tar_gz(members))
    report = run_fetch(site, tmp_path)
    assert report.documents_read == 6
    # the three unreadable non-candidates and the real sample are left out; the two sanction
    # candidates are stored, the unreadable one raw (raw first, parse later) and reported
    assert report.not_sanctions == 4 and report.candidates == 2
    assert report.sanctions_new == 2 and report.candidates_unreadable == 1
    assert report.documents_skipped == 4
    assert report.skipped["refused XML construct"] == 1
    assert report.skipped["root element is …, expected …"] == 1
    assert report.skipped["not well-formed XML"] == 2
    details = "\n".join(report.skipped_details)
    assert f"{GLOBAL_NAME}:texte/synthetic_billion_laughs.xml: refused XML construct" in details
    assert (
        f"{GLOBAL_NAME}:texte/synthetic_bad_encoding.xml: not well-formed XML" in details
        and "(sanction candidate: raw bytes kept)" in details
    )
    assert "synthetic_billion_laughs.xml" in report.to_text()
    # the sound sanction is stored under its id, the unreadable candidate under its sha256;
    # the archive is processed (a bad document is not a bad archive)
    assert stored_ids(tmp_path) == [(None, None), (synthetic_sanction_id(1), "SAN-2099-001")]
    kept = {e.read_bytes() for e in RawStore(tmp_path).entries("dila")}
    assert bad_encoding in kept
    assert sorted(load_ledger(tmp_path)) == [GLOBAL_NAME]
    assert INCR_NAMES[0] not in site.files
