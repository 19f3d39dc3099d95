"""The DILA « CNIL » base as the real server serves it (issue 11), simulated on 127.0.0.1.

The listing is DERIVED from a verbatim Apache index of the same DILA server (another base); the
archives follow the real member layouts; the documents are SYNTHETIC variations of the real
sample (see tests/synthetic_cnil_base.py). No sleep: the HTTP configuration is injected.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cnil_sanctions import cli
from cnil_sanctions.dataset import CSV_NAME, build_dataset
from cnil_sanctions.decision import Provenance
from cnil_sanctions.errors import LayoutChangedError, SourceFormatError, StoreError
from cnil_sanctions.extract import extract_facts
from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources import PARSERS
from cnil_sanctions.sources import dila as dila_mod
from cnil_sanctions.sources.dila import (
    DELETION_LIST_RE,
    candidate_reason,
    parse_dila_xml,
    parse_listing,
    repair_entities,
)
from cnil_sanctions.sources.dila_drift import alarms
from cnil_sanctions.sources.dila_fetch import fetch_dila, load_ledger, rescan_dila
from cnil_sanctions.sources.dila_versions import OTHER_VERSIONS, SUPERSEDED_BY, WITHDRAWN_BY
from cnil_sanctions.store import RawStore
from tests.conftest import FAST_HTTP
from tests.synthetic import SyntheticDilaSite, store_snapshot
from tests.synthetic_cnil_base import (
    DERIVED_INDEX,
    EXPECTED_IN_DATASET,
    FINE_ESCAPED,
    GLOBAL,
    INCR_1,
    INCR_2,
    NEW_IN_INCR_2,
    OLD_INCREMENTAL,
    PDF_NAME,
    REPUBLISHED,
    UNKNOWN_NATURE,
    VERBATIM_INDEX,
    WITHDRAWN_LATER,
    Doc,
    build_doc,
    global_archive,
    incremental_archive,
    standard_site_files,
    synthetic_cnil_listing,
)

pytestmark = pytest.mark.network_local

PROV = Provenance("dila", "test", "0" * 64, "2026-01-01T00:00:00+00:00")


# --- fixtures of the real shape -------------------------------------------------------------


def test_verbatim_index_fixture_is_intact_and_holds_no_cnil_archive() -> None:
    text = VERBATIM_INDEX.read_text(encoding="utf-8")
    assert len(text) == 1464  # length checked against the source (fixtures/dila/README.md)
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "5838316585aac41ffda88c23cd4669939b883fdd89285bc4a605d48a7d753de3"
    )
    # another base's archives are never taken for CNIL ones: the layout check is loud
    with pytest.raises(LayoutChangedError, match="found none"):
        parse_listing(text, "https://echanges.dila.gouv.fr/OPENDATA/JORFSIMPLE/")


def test_derived_cnil_listing_is_parsed_like_the_real_page() -> None:
    assert DERIVED_INDEX.read_bytes() == synthetic_cnil_listing()  # the fixture is the derivation
    links = parse_listing(DERIVED_INDEX.read_bytes(), "http://127.0.0.1:1/OPENDATA/CNIL/")
    assert [(link.kind, link.name) for link in links] == [
        ("incremental", OLD_INCREMENTAL),
        ("global", GLOBAL),
        ("incremental", INCR_1),
        ("incremental", INCR_2),
    ]  # the PDF, the sort links (?C=N;O=D) and the parent link are left out
    assert PDF_NAME.encode() in DERIVED_INDEX.read_bytes()
    assert links[1].url == f"http://127.0.0.1:1/OPENDATA/CNIL/{GLOBAL}"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Freemium_cnil_global_20250713-140000.tar.gz", "global"),
        ("freemium_cnil_global_20180101-000000.tar.gz", "global"),
        ("FREEMIUM_CNIL_GLOBAL_20180101-000000.TAR.GZ", "global"),
        ("CNIL_20250801-120000.tar.gz", "incremental"),
        ("cnil_20250801-120000.tar.gz", "incremental"),
        ("Freemium_jorf_simple_20250713-140000.tar.gz", None),
        ("CNIL_20250801.tar.gz", None),
        ("DILA_CNIL_Presentation_20170824.pdf", None),
    ],
)
def test_archive_names_are_matched_case_insensitively(name: str, kind: str | None) -> None:
    html = f'<a href="{name}">{name}</a><a href="CNIL_20000101-000000.tar.gz">x</a>'
    found = {link.name: link.kind for link in parse_listing(html, "http://x/")}
    assert found.get(name) == kind


@pytest.mark.parametrize(
    ("member", "is_list"),
    [
        ("20250801-120000/liste_suppression_cnil.dat", True),
        ("20260101-000000/liste_suppression_cnil_dossier.dat", True),
        ("LISTE_SUPPRESSION_CNIL.DAT", True),
        ("20250801-120000/liste_cnil.dat", False),
        ("20250801-120000/cnil/global/CNIL/TEXT/00/CNILTEXT000000000001.xml", False),
    ],
)
def test_deletion_list_names(member: str, is_list: bool) -> None:
    assert bool(DELETION_LIST_RE.search(member)) is is_list


# --- detector and clean-up ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_bytes", "reason"),
    [
        (b"<NATURE_DELIB>Sanction</NATURE_DELIB>", "nature"),
        (b"<NATURE_DELIB>avertissement</NATURE_DELIB>", "nature"),
        (b"<NUMERO>SAN-2022-009</NUMERO><NATURE_DELIB/>", "number"),
        (b"<NUMERO>MEDP\xe2\x80\x912021-001</NUMERO>", "number"),
        ("<TITRE>Délibération de la formation  restreinte n° 2016-204</TITRE>".encode(), "words"),
        (b"<p>prononce un avertissement</p>", "words"),
        (b"<p>sanctions p\xe9nales</p> not UTF-8, still read", "words"),
        (b"<NATURE_DELIB>Autre autorisation</NATURE_DELIB><NUMERO>2012-138</NUMERO>", None),
    ],
)
def test_candidate_detector(doc_bytes: bytes, reason: str | None) -> None:
    found = candidate_reason(doc_bytes)
    assert (found.split(":")[0] if found else None) == reason


def test_real_sample_is_not_a_candidate(dila_sample_bytes: bytes) -> None:
    assert candidate_reason(dila_sample_bytes) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100&nbsp;000 euros", "100\u00a0000 euros"),
        ("l&#8217;amende", "l\u2019amende"),
        ("d&eacute;lib&eacute;ration", "délibération"),
        ("A &amp; B", "A & B"),
        ("R&D & co", "R&D & co"),
        ("no entity", "no entity"),
    ],
)
def test_repair_entities(text: str, expected: str) -> None:
    assert repair_entities(text) == expected


_OPERATIVE = (
    "La formation restreinte de la CNIL, réunie,\nVu le dossier ;\nPAR CES MOTIFS\n"
    "La formation restreinte de la CNIL, après en avoir délibéré, décide de :\n{} ;\n"
    "rendre publique sa délibération.\nLe Président\n"
)


@pytest.mark.parametrize(
    ("operative", "kind"),
    [
        ("prononcer à l'encontre de la société X un avertissement public", "warning"),
        ("prononcer à l'encontre de la société X un avertissement", "warning"),
        ("prononcer à l'encontre de la société X un rappel à l'ordre", "reprimand"),
        ("prononcer une amende de 10 000 euros et un avertissement", "fine"),
    ],
)
def test_measure_kind_of_a_warning(operative: str, kind: str) -> None:
    """SYNTHETIC operative parts, real-shaped: a warning is a kind of its own."""
    assert extract_facts(_OPERATIVE.format(operative), title="x")["measure_kind"] == kind


def test_double_escaped_amount_reads_100000() -> None:
    data = build_doc(FINE_ESCAPED)
    assert b"100&amp;amp;nbsp;000" not in data and b"100&amp;nbsp;000" in data
    decision = parse_dila_xml(data, PROV, "synthetic.xml")
    # the no-break space is then normalised like every other space of the text
    assert "&nbsp;" not in decision.text and "100 000 (cent mille) euros" in decision.text
    facts = extract_facts(decision.text, title=decision.title, header=decision.header)
    assert facts["fine_eur"] == 100_000


# --- the simulated real-server run ----------------------------------------------------------


@pytest.fixture
def site(httpserver) -> SyntheticDilaSite:
    return SyntheticDilaSite(
        httpserver, files=standard_site_files(), robots=None, listing=synthetic_cnil_listing()
    ).install()


def _fetch(site: SyntheticDilaSite, raw: Path, **kw):  # type: ignore[no-untyped-def]
    with PoliteSession(FAST_HTTP, cache_path=raw / "_dila" / "http_cache.json") as sess:
        return fetch_dila(site.base_url, RawStore(raw), session=sess, **kw)


def _rows(out: Path) -> dict[str, dict[str, str]]:
    import csv

    with (out / CSV_NAME).open(encoding="utf-8") as fh:
        return {r["decision_id"]: r for r in csv.DictReader(fh)}


def _entries_of(raw: Path, doc: Doc):  # type: ignore[no-untyped-def]
    return [e for e in RawStore(raw).entries("dila") if e.meta.legifrance_id == doc.legifrance_id]


def test_real_shaped_run_stores_every_sanction_and_applies_deletions(site, tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    report = _fetch(site, raw)
    archive_requests = [r.path for r, _ in site.server.log if r.path.endswith(".tar.gz")]
    assert archive_requests == [f"/CNIL/{n}" for n in (GLOBAL, INCR_1, INCR_2)]
    assert report.archives_listed == 4 and report.archives_processed == 3
    # every candidate stored: 9 in the global (all but the real authorisation and the
    # guidelines), the re-publication, the new one; nothing unreadable, nothing lost
    assert report.candidates == report.sanctions_stored == report.sanctions_new == 11
    assert report.not_sanctions == 2 and report.documents_skipped == 0
    assert report.deletions_listed == 2 and report.withdrawn == [WITHDRAWN_LATER.legifrance_id]
    assert report.superseded == 1 and report.alarms == []
    text = report.to_text()
    for kind in ("unknown NATURE_DELIB", "empty NATURE_DELIB", "unknown META field"):
        assert kind in text
    assert "'Nature SYNTHETIQUE inconnue'" in text
    assert "CHAMP_SYNTHETIQUE_NOUVEAU" in text

    df, summary = build_dataset(raw, out, cache_dir=None)
    rows = _rows(out)
    assert set(rows) == EXPECTED_IN_DATASET
    assert summary.alarms == [] and summary.unreadable == []
    assert rows["SAN-2021-901"]["fine_eur"] == "100000"
    assert rows["2016-901"]["fine_eur"] == "50000"
    assert rows["MEDP-2021-901"]["measure_kind"] == "formal_notice_publication"
    assert rows["2014-901"]["measure_kind"] == "warning"
    # withdrawn: out of the dataset, raw bytes kept and marked with the archive that withdrew it
    (gone,) = _entries_of(raw, WITHDRAWN_LATER)
    assert gone.meta.extra[WITHDRAWN_BY] == INCR_1
    assert gone.read_bytes() == build_doc(WITHDRAWN_LATER)
    assert ("SAN-2019-901", INCR_1) in summary.withdrawn
    # re-published: the newer text is used, the older sha256 kept beside it
    versions = {e.meta.sha256: e for e in _entries_of(raw, REPUBLISHED)}
    assert len(versions) == 2
    (new,) = [e for e in versions.values() if SUPERSEDED_BY not in e.meta.extra]
    (old,) = [e for e in versions.values() if SUPERSEDED_BY in e.meta.extra]
    assert new.meta.extra["archive"] == INCR_1 and new.meta.extra[OTHER_VERSIONS] == old.meta.sha256
    assert rows["SAN-2023-901"]["sha256"] == new.meta.sha256
    assert rows["SAN-2023-901"]["other_versions_sha256"] == old.meta.sha256
    ledger = load_ledger(raw)
    assert ledger[INCR_1]["withdrawn_ids"] == sorted(
        [WITHDRAWN_LATER.legifrance_id, "CNILTEXT000026026271"]
    )

    # a second run downloads nothing (the listing answers 304) and changes nothing
    before, csv_before = store_snapshot(raw), (out / CSV_NAME).read_bytes()
    site.server.clear_log()
    again = _fetch(site, raw)
    assert [r.path for r, _ in site.server.log] == ["/robots.txt", "/CNIL/"]
    assert site.server.log[-1][1].status_code == 304
    assert again.archives_downloaded == again.archives_processed == again.sanctions_stored == 0
    assert store_snapshot(raw) == before
    build_dataset(raw, out, cache_dir=None)
    assert (out / CSV_NAME).read_bytes() == csv_before


def _every_document_drifts(data: bytes) -> bytes:
    """SYNTHETIC format change on every document: an unknown META field and an unknown nature."""
    import re

    data = data.replace(
        b"</META_CNIL>", b"<CHAMP_AJOUTE_PARTOUT>x</CHAMP_AJOUTE_PARTOUT>\n</META_CNIL>"
    )
    return re.sub(
        rb"<NATURE_DELIB>[^<]*</NATURE_DELIB>|<NATURE_DELIB/>",
        b"<NATURE_DELIB>Nature SYNTHETIQUE partout</NATURE_DELIB>",
        data,
    )


def test_unknown_meta_and_nature_on_every_document_lose_nothing(site, tmp_path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    site.files.update(standard_site_files(mutate=_every_document_drifts))
    report = _fetch(site, raw)
    assert report.alarms == [] and report.documents_skipped == 0
    assert report.drift.counts["unknown META field"] >= report.documents_read
    assert report.drift.counts["unknown NATURE_DELIB"] == report.documents_read
    assert "'Nature SYNTHETIQUE partout'" in report.to_text()
    _, summary = build_dataset(raw, out, cache_dir=None)
    assert set(_rows(out)) == EXPECTED_IN_DATASET  # no sanction lost
    assert "unknown NATURE_DELIB" in summary.to_text()
    assert "CHAMP_AJOUTE_PARTOUT" in summary.to_text()


def test_a_parser_failure_keeps_the_raw_bytes_and_the_next_build_recovers(
    site, tmp_path, monkeypatch
) -> None:
    raw, out, cache = tmp_path / "raw", tmp_path / "out", tmp_path / "cache"
    real_parser = PARSERS["dila"]

    def broken(data: bytes, provenance: Provenance, location: str):  # type: ignore[no-untyped-def]
        if UNKNOWN_NATURE.number.encode() in data:
            raise SourceFormatError(location, "SIMULATED parser bug")
        return real_parser(data, provenance, location)

    monkeypatch.setitem(PARSERS, "dila", broken)
    monkeypatch.setattr(dila_mod, "parse_dila_xml", broken)  # fetch must not need the parser
    _fetch(site, raw)
    (kept,) = _entries_of(raw, UNKNOWN_NATURE)
    assert kept.read_bytes() == build_doc(UNKNOWN_NATURE)
    _, summary = build_dataset(raw, out, cache_dir=cache)
    assert UNKNOWN_NATURE.number not in _rows(out)
    ((location, reason),) = summary.unreadable
    assert location == str(kept.folder) and "SIMULATED parser bug" in reason
    assert "SIMULATED parser bug" in summary.to_text()
    assert summary.alarms == []  # one unreadable document is reported, not a failure
    monkeypatch.setitem(PARSERS, "dila", real_parser)  # the fix
    _, fixed = build_dataset(raw, out, cache_dir=cache)
    assert UNKNOWN_NATURE.number in _rows(out) and fixed.unreadable == []
    assert set(_rows(out)) == EXPECTED_IN_DATASET


@pytest.mark.parametrize(
    ("unreadable", "candidates", "empty", "n_alarms"),
    [
        (0, 100, (), 0),
        (1, 3, (), 0),  # one odd document: reported only
        (2, 100, (), 0),  # 2 %
        (6, 100, (), 1),  # 6 %: a jump
        (0, 0, ("Freemium_cnil_global_20250713-140000.tar.gz",), 1),
    ],
)
def test_alarm_rule(unreadable: int, candidates: int, empty: tuple[str, ...], n_alarms: int):
    found = alarms(
        unreadable_candidates=unreadable, candidates=candidates, empty_global_archives=empty
    )
    assert len(found) == n_alarms


def test_a_global_archive_without_sanction_fails_loudly(site, tmp_path, capsys) -> None:
    site.files = {GLOBAL: global_archive(())}  # only the real authorisation
    site.listing = synthetic_cnil_listing(((GLOBAL, "2025-07-13 14:00", "19M"),))
    raw = tmp_path / "raw"
    args = ["fetch", "-q", "--base-url", site.base_url, "--raw-dir", str(raw)]
    code = cli.main([*args, "--min-interval", "0"])
    assert code == cli.EXIT_FAILED
    assert "a global archive, yet no sanction candidate" in capsys.readouterr().err
    assert (raw / "_dila" / "archives" / GLOBAL).is_file()  # kept for a re-scan


def test_a_jump_of_unreadable_candidates_fails_loudly(site, tmp_path) -> None:
    def latin1(data: bytes) -> bytes:  # SYNTHETIC encoding change: no longer UTF-8
        return data.decode("utf-8").encode("latin-1", errors="replace")

    site.files[GLOBAL] = global_archive(mutate=latin1)
    raw = tmp_path / "raw"
    report = _fetch(site, raw)
    assert report.candidates_unreadable >= 2
    assert any("could not be read" in a for a in report.alarms)
    stored = {e.meta.sha256 for e in RawStore(raw).entries("dila")}
    assert hashlib.sha256(latin1(build_doc(FINE_ESCAPED))).hexdigest() in stored  # kept raw


def test_rescan_finds_what_an_older_detector_missed_without_downloading(
    site, tmp_path, monkeypatch, capsys
) -> None:
    import cnil_sanctions.sources.dila_fetch as dila_fetch

    raw = tmp_path / "raw"

    def blind(data: bytes) -> str | None:  # an older detector that misses one decision
        return None if NEW_IN_INCR_2.number.encode() in data else candidate_reason(data)

    monkeypatch.setattr(dila_fetch, "candidate_reason", blind)
    _fetch(site, raw)
    assert _entries_of(raw, NEW_IN_INCR_2) == []
    monkeypatch.setattr(dila_fetch, "candidate_reason", candidate_reason)
    site.server.clear_log()
    assert cli.main(["fetch", "--rescan", "--raw-dir", str(raw)]) == cli.EXIT_OK
    assert site.server.log == []  # nothing downloaded
    assert len(_entries_of(raw, NEW_IN_INCR_2)) == 1
    assert "3 re-scanned" in capsys.readouterr().out
    # the re-scan re-applies versions and deletions without changing them
    (gone,) = _entries_of(raw, WITHDRAWN_LATER)
    assert gone.meta.extra[WITHDRAWN_BY] == INCR_1
    before = store_snapshot(raw)
    rescan_dila(RawStore(raw))
    assert store_snapshot(raw) == before


def test_the_ledger_never_hides_an_archive_whose_candidates_failed_to_store(
    site, tmp_path, monkeypatch
) -> None:
    raw = tmp_path / "raw"
    real_put = RawStore.put

    def failing_put(self, data: bytes, **kw):  # type: ignore[no-untyped-def]
        if NEW_IN_INCR_2.number.encode() in data:
            raise StoreError("SIMULATED disk full")
        return real_put(self, data, **kw)

    monkeypatch.setattr(RawStore, "put", failing_put)
    with pytest.raises(StoreError, match="1 sanction candidates could not be stored"):
        _fetch(site, raw)
    assert INCR_2 not in load_ledger(raw) and INCR_1 in load_ledger(raw)
    monkeypatch.setattr(RawStore, "put", real_put)
    report = _fetch(site, raw)
    assert report.archives_processed == 1 and len(_entries_of(raw, NEW_IN_INCR_2)) == 1


def test_withdrawn_then_republished_text_comes_back(site, tmp_path) -> None:
    raw = tmp_path / "raw"
    _fetch(site, raw)
    later = "CNIL_20251001-120000.tar.gz"
    site.files[later] = incremental_archive(later, (WITHDRAWN_LATER,))  # same bytes again
    site.listing = None  # the generic listing of every file
    report = _fetch(site, raw)
    assert report.restored == [WITHDRAWN_LATER.legifrance_id]
    (back,) = _entries_of(raw, WITHDRAWN_LATER)
    assert WITHDRAWN_BY not in back.meta.extra


# --- update ---------------------------------------------------------------------------------


def test_update_prints_new_updated_and_withdrawn(site, tmp_path, capsys) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    args = ["update", "-q", "--base-url", site.base_url, "--raw-dir", str(raw)]
    args += ["--out-dir", str(out), "--min-interval", "0"]
    assert cli.main(args) == cli.EXIT_OK
    first = capsys.readouterr().out
    assert f"new: {len(EXPECTED_IN_DATASET)}" in first and "withdrawn: 0" in first
    # a later incremental: FINE_ESCAPED corrected, SAN-2020-901 withdrawn
    later = "CNIL_20251001-120000.tar.gz"
    corrected = Doc(**{**FINE_ESCAPED.__dict__, "revision": 2})
    from tests.synthetic_cnil_base import EXTRA_META_EMPTY_NATURE

    site.files[later] = incremental_archive(later, (corrected,), deleted=(EXTRA_META_EMPTY_NATURE,))
    site.listing = None
    md = tmp_path / "changes.md"
    assert cli.main([*args, "--changes-out", str(md)]) == cli.EXIT_OK
    second = capsys.readouterr().out
    assert "new: 0" in second
    assert "updated: 1\n  SAN-2021-901" in second
    assert f"withdrawn: 1\n  SAN-2020-901 (deletion list of {later})" in second
    assert "**withdrawn**: 1" in md.read_text(encoding="utf-8")
    assert "SAN-2020-901" not in _rows(out)
    meta = json.loads(
        (_entries_of(raw, EXTRA_META_EMPTY_NATURE)[0].folder / "meta.json").read_text()
    )
    assert meta["extra"][WITHDRAWN_BY] == later
