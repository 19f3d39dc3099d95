"""The Légifrance-text parser on every real document of the shipped raw store.

`tests/fixtures/legifrance_text/expected.json` holds, per corpus folder, the number, dates,
nature and legal state read by a person from each page header (decision number and date also
agree with the corpus INDEX.csv, and for the 27 later texts with the mirror manifest recorded in
data/raw/README.md)."""

from __future__ import annotations

import json

import pytest

from cnil_sanctions.decision import Provenance
from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sources import parse_stored
from cnil_sanctions.sources.legifrance_text import parse_legifrance_text, restore_paragraphs
from cnil_sanctions.store import RawStore
from tests.conftest import FIXTURES, RAW

EXPECTED = json.loads((FIXTURES / "legifrance_text" / "expected.json").read_text(encoding="utf-8"))
ENTRIES = {e.meta.extra["mirror_folder"]: e for e in RawStore(RAW).entries("legifrance_text")}
PROV = Provenance(
    "legifrance_text",
    "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000045614368",
    "0" * 64,
    "2026-01-01T00:00:00+00:00",
)


def test_every_corpus_document_is_in_the_store() -> None:
    assert sorted(ENTRIES) == sorted(EXPECTED)
    assert len(ENTRIES) == 68  # 41 from the shared corpus + 27 read from the same mirror


@pytest.mark.parametrize("folder", sorted(EXPECTED))
def test_header_fields(folder: str) -> None:
    decision = parse_stored(ENTRIES[folder])
    expected = EXPECTED[folder]
    assert decision.decision_id == expected["decision_id"]
    assert decision.decision_date.isoformat() == expected["decision_date"]
    got_pub = decision.publication_date.isoformat() if decision.publication_date else None
    assert got_pub == expected["publication_date"]
    assert decision.nature == expected["nature"]
    assert decision.legal_state == expected["legal_state"]
    assert decision.legifrance_id == expected["legifrance_id"]
    assert decision.title.startswith(expected["title_start"])
    # sanity: a body of real length that starts with the deliberation's own title
    # the shortest, an injunction follow-up (SAN-2023-007), has 3,412 characters
    assert len(decision.text) > 3000
    assert decision.text.startswith("Délibération")


def test_dedalus_reference_case() -> None:
    decision = parse_stored(ENTRIES["b92ba201c4c7f2a6449b86e5e8ba8d50"])
    assert decision.decision_id == "SAN-2022-009"
    assert decision.decision_date.isoformat() == "2022-04-15"
    assert "DEDALUS BIOLOGIE" in decision.title
    assert decision.is_sanction


def test_flattened_paragraphs_are_restored_without_changing_characters() -> None:
    raw = ENTRIES["b92ba201c4c7f2a6449b86e5e8ba8d50"].read_bytes().decode("utf-8")
    restored = restore_paragraphs(raw)
    assert restored.replace("\n", "") == raw.replace("\n", "")
    assert "membres ;\nVu le règlement" in restored
    assert "salariés.\n2. La société DEDALUS BIOLOGIE" in restored
    assert restored.count("\n") > 100


def test_conseil_d_etat_note_stays_in_the_header() -> None:
    decision = parse_stored(ENTRIES["c58616b38250e904687bee7c24165c12"])  # SAN-2020-014
    assert "Conseil d’Etat a réformé" in decision.header


def test_two_texts_of_one_decision_parse_alike() -> None:
    a = parse_stored(ENTRIES["6c7c3fd6df884f4c72c78307d7987526"])
    b = parse_stored(ENTRIES["c627f3fd9a246ca9bf5cb1393f9c9697"])
    assert (
        (a.decision_id, a.decision_date)
        == (b.decision_id, b.decision_date)
        == (
            "SAN-2020-015",
            b.decision_date,
        )
    )


# --- bad input: each names the document and the problem ------------------------------------


def test_non_utf8_is_refused_with_the_location() -> None:
    data = "Délibération de la formation restreinte n° SAN-2022-009 du 15 avril 2022".encode(
        "latin-1"
    )
    with pytest.raises(SourceFormatError, match=r"doc\.txt: not valid UTF-8 at byte"):
        parse_legifrance_text(data, PROV, "doc.txt")


def test_text_without_decision_number() -> None:
    data = "Délibération de la formation restreinte du 18 novembre 2020 concernant la société X".encode()
    with pytest.raises(SourceFormatError, match=r"x\.txt: no decision number"):
        parse_legifrance_text(data, PROV, "x.txt")


def test_text_without_title() -> None:
    with pytest.raises(SourceFormatError, match="no deliberation title"):
        parse_legifrance_text("Bonjour, ceci n'est pas une délibération.".encode(), PROV, "y.txt")


def test_impossible_date() -> None:
    data = "Délibération de la formation restreinte n° SAN-2022-009 du 31 février 2022".encode()
    with pytest.raises(SourceFormatError, match="impossible decision date"):
        parse_legifrance_text(data, PROV, "z.txt")


def test_empty_document() -> None:
    with pytest.raises(SourceFormatError, match="empty document"):
        parse_legifrance_text(b"  \n", PROV, "e.txt")
