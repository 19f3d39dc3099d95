"""The DILA « CNIL » parser on the real XML sample, on tarballs built from it at test time, and on
broken input. Sanction-shaped variants are SYNTHETIC: derived here from the real sample by
changing NUMERO / NATURE_DELIB / ID (the real base holds sanctions in the same structure).

Légifrance URLs here are provenance strings only: no request is made (pytest-socket blocks the
network; HTTP is tested against the local httpserver fixture in test_dila_fetch / tests/faults)."""

from __future__ import annotations

import io
import tarfile

import pytest

from cnil_sanctions.decision import Provenance
from cnil_sanctions.errors import LayoutChangedError, NotASanctionError, SourceFormatError
from cnil_sanctions.sources.dila import iter_archive, parse_dila_xml, parse_listing

PROV = Provenance(
    "dila",
    "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000026026270",
    "0" * 64,
    "2026-01-01T00:00:00+00:00",
)
MEMBER = "cnil/global/CNIL/TEXT/00/00/26/02/62/CNILTEXT000026026270.xml"


def synthetic_sanction(
    real: bytes, number: str = "SAN-2022-009", legifrance_id: str = "CNILTEXT000045614368"
) -> bytes:
    """SYNTHETIC: the real sample turned into a sanction-shaped document (test only)."""
    return (
        real.replace(b"<NUMERO>2012-138</NUMERO>", f"<NUMERO>{number}</NUMERO>".encode())
        .replace(
            b"<NATURE_DELIB>Autre autorisation</NATURE_DELIB>",
            b"<NATURE_DELIB>Sanction</NATURE_DELIB>",
        )
        .replace(b"CNILTEXT000026026270", legifrance_id.encode())
    )


def tarball(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_real_sample_is_read_then_left_out(dila_sample_bytes: bytes) -> None:
    with pytest.raises(NotASanctionError) as info:
        parse_dila_xml(dila_sample_bytes, PROV, "juri_cnil.xml")
    assert info.value.nature == "Autre autorisation"
    assert info.value.number == "2012-138"


def test_real_sample_fields(dila_sample_bytes: bytes) -> None:
    d = parse_dila_xml(dila_sample_bytes, PROV, "juri_cnil.xml", keep_all=True)
    assert d.legifrance_id == "CNILTEXT000026026270"
    assert d.decision_date.isoformat() == "2012-05-03"
    assert d.publication_date.isoformat() == "2019-11-13"
    assert d.nature == "Autre autorisation"
    assert d.legal_state == "VIGUEUR"
    assert d.title.startswith(
        "Délibération n° 2012-138 du 3 mai 2012 autorisant Volkswagen Group France"
    )
    assert "\r" not in d.title and "&#13;" not in d.title
    assert d.extra["short_title"] == "Délibération 2012-138 du 3 mai 2012"
    lines = d.text.split("\n")
    assert lines[0] == "La Commission nationale de l'informatique et des libertés,"
    assert "Sur le responsable du traitement" in lines  # a table cell becomes its own line
    assert not d.is_sanction


def test_synthetic_sanction_is_kept(dila_sample_bytes: bytes) -> None:
    d = parse_dila_xml(synthetic_sanction(dila_sample_bytes), PROV, "synthetic.xml")
    assert d.decision_id == "SAN-2022-009"
    assert d.is_sanction


def test_tarball_built_from_the_sample(dila_sample_bytes: bytes) -> None:
    data = tarball({MEMBER: dila_sample_bytes, "cnil/global/README.txt": b"not xml"})
    members = list(iter_archive(io.BytesIO(data), "Freemium_cnil_global_20260101-000000.tar.gz"))
    assert [name for name, _ in members] == [MEMBER]
    assert members[0][1] == dila_sample_bytes


def test_truncated_archive_is_named(dila_sample_bytes: bytes) -> None:
    data = tarball({MEMBER: dila_sample_bytes})
    with pytest.raises(SourceFormatError, match=r"CNIL_x\.tar\.gz: corrupt or truncated"):
        list(iter_archive(io.BytesIO(data[: len(data) // 2]), "CNIL_x.tar.gz"))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda b: b.replace(b"TEXTE_CNIL", b"TEXTE_JURI"), "expected <TEXTE_CNIL>"),
        (lambda b: b[:500], "not well-formed XML"),
        (
            lambda b: b.replace(b"<DATE_TEXTE>2012-05-03", b"<DATE_TEXTE>3 mai 2012"),
            "DATE_TEXTE '3 mai 2012",
        ),
        (lambda b: b.replace(b"<NUMERO>2012-138</NUMERO>", b""), "cannot read the number"),
        (
            lambda b: b.replace(b"<ID>CNILTEXT000026026270</ID>", b"<ID/>"),
            "cannot read the identifier",
        ),
        (
            lambda b: b.replace(
                b'<?xml version="1.0" encoding="UTF-8"?>',
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>',
            ),
            "refused XML construct",
        ),
    ],
)
def test_bad_xml_is_refused_with_a_clear_message(
    dila_sample_bytes: bytes, mutate, message: str
) -> None:
    with pytest.raises(SourceFormatError, match=message) as info:
        parse_dila_xml(mutate(dila_sample_bytes), PROV, "bad.xml")
    assert str(info.value).startswith("bad.xml: ")


def test_listing_parsing() -> None:
    # SYNTHETIC listing in the shape of an Apache directory index (the real page was not reachable).
    html = b"""<html><body><h1>Index of /OPENDATA/CNIL</h1><pre>
    <a href="../">../</a>
    <a href="CNIL_20250102-211500.tar.gz">CNIL_20250102-211500.tar.gz</a> 02-Jan-2025 21:15 12K
    <a href="Freemium_cnil_global_20250101-140000.tar.gz">Freemium_cnil_global_20250101-140000.tar.gz</a>
    </pre></body></html>"""
    links = parse_listing(html, "http://127.0.0.1:1/CNIL/")
    assert [(link.kind, link.name) for link in links] == [
        ("global", "Freemium_cnil_global_20250101-140000.tar.gz"),
        ("incremental", "CNIL_20250102-211500.tar.gz"),
    ]
    assert links[1].url == "http://127.0.0.1:1/CNIL/CNIL_20250102-211500.tar.gz"


def test_listing_layout_change_is_loud() -> None:
    with pytest.raises(LayoutChangedError, match="found none"):
        parse_listing(b"<html><a href='data.zip'>data</a></html>", "http://127.0.0.1:1/CNIL/")
