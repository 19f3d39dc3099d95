"""Sector of the organisation (cnil_sanctions.extract.sector) on real sentences of the corpus."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.sector import SECTOR_TABLE, SECTORS, sector_of
from cnil_sanctions.extract.sentences import split_sentences


def _sector(names: list[str], *sentences: str, title: str | None = None) -> str:
    return sector_of(split_sentences("\n".join(sentences)), names, title).sector


def test_table_is_small_explicit_and_documented() -> None:
    assert SECTORS[-1] == "other" and len(SECTORS) == len(SECTOR_TABLE) + 1
    assert all(d.definition and d.cues for d in SECTOR_TABLE.values())


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # corpus: SAN-2020-014 (speciality redacted; the decision speaks of « ses patients »)
        (
            "Par un courrier électronique du 8 octobre 2019, la délégation de contrôle a notifié "
            "le contrôle en ligne à M. [...], après l’avoir informé du caractère librement "
            "accessible des images médicales de ses patients à partir de l’adresse IP de son "
            "serveur.",
            "health",
        ),
        # corpus: MEDP-2021-001
        (
            "Le bureau souligne que la publicité de la décision de mise en demeure se justifie "
            "également pour alerter l’ensemble des acteurs du monde de la santé, qu’ils soient "
            "responsables de traitement ou sous-traitant.",
            "health",
        ),
    ],
)
def test_clientele_or_field_when_no_activity_sentence(sentence: str, expected: str) -> None:
    assert _sector(["Monsieur [...]"], sentence) == expected


#: (names of the organisation, sentences, title, expected sector) — real sentences of the corpus
CASES = [
    pytest.param(
        # corpus: SAN-2020-009 (the group sentence comes first)
        ["société [...]"],
        (
            'Créé en […], le groupe [...] (ci-après " le groupe "), dont le siège est au […], '
            "a pour activité principale la grande distribution.",
            'Sise […], la société [...] (ci-après " la société ") est un établissement bancaire '
            "ayant pour activités principales le crédit à la consommation, la gestion de "
            "portefeuilles, le courtage en assurance ainsi que les services d’investissement.",
        ),
        None,
        "banking_insurance",
        id="entity_activity_beats_the_group_activity",
    ),
    pytest.param(
        # corpus: SAN-2020-008
        ["CARREFOUR FRANCE"],
        (
            "Son activité principale est la grande distribution, mais le groupe a diversifié ses "
            "activités, en intervenant par exemple dans le secteur bancaire et assurantiel, ainsi "
            "que comme agence de voyages ou encore vendeur spécialisé dans le commerce en ligne.",
        ),
        None,
        "retail_ecommerce",
        id="earliest_cue_of_the_sentence_wins",
    ),
    pytest.param(
        # corpus: SAN-2022-009 and SAN-2022-015
        ["DEDALUS BIOLOGIE"],
        (
            "Elle a pour activité l’édition de logiciels applicatifs.",
            "La société DEDALUS BIOLOGIE commercialise des solutions logicielles à destination de "
            "laboratoires d’analyses médicales, appelées solutions de gestion de laboratoire.",
        ),
        None,
        "health",
        id="specific_sector_beats_generic_software_of_an_earlier_sentence-1",
    ),
    pytest.param(
        # corpus: SAN-2022-009 and SAN-2022-015
        ["UBEEQO INTERNATIONAL"],
        (
            "Ubeeqo met en œuvre une plateforme numérique de location de véhicules en "
            "auto-partage qu’elle propose à des clients particuliers et à des clients "
            "professionnels.",
        ),
        None,
        "transport_mobility",
        id="specific_sector_beats_generic_software_of_an_earlier_sentence-2",
    ),
    pytest.param(
        # corpus: SAN-2019-001
        ["société X"],
        ("La société exerce en outre une activité de régie publicitaire.",),
        None,
        "digital_platforms",
        id="generic_digital_when_nothing_else",
    ),
    pytest.param(
        # corpus: SAN-2020-005, SAN-2021-019
        ["Madame X"],
        ("Madame X a informé la Commission.",),
        "Délibération de la formation restreinte no SAN-2020-005 du 3 septembre 2020 concernant "
        "Madame x, députée de x",
        "politics",
        id="title_and_name_come_first-1",
    ),
    pytest.param(
        # corpus: SAN-2020-005, SAN-2021-019
        ["Régie autonome des transports parisiens"],
        (
            "La RATP, dont le siège social est situé 54 quai de la Rapée à Paris (75012), est un "
            "établissement public à caractère industriel et commercial créé par la loi du 21 mars "
            "1948.",
        ),
        None,
        "transport_mobility",
        id="title_and_name_come_first-2",
    ),
    pytest.param(
        # corpus: SAN-2019-006 and SAN-2021-012 (party's argument about another company skipped)
        ["société X"],
        (
            "Elle a pour activité la traduction assermentée et libre de documents (traduction "
            "juridique, financière, état civil).",
        ),
        None,
        "other",
        id="described_activity_without_a_sector_is_other_not_a_guess-1",
    ),
    pytest.param(
        # corpus: SAN-2019-006 and SAN-2021-012 (party's argument about another company skipped)
        ["MONSANTO COMPANY"],
        (
            'La société MONSANTO COMPANY (ci-après "la société MONSANTO" ) est une société '
            "américaine spécialisée dans les biotechnologies agricoles.",
            "Elle souligne que c’est la société FLEISHMAN-HILLARD qui, en sa qualité d’entreprise "
            "spécialisée en matière de conseil et de relations publiques, a construit le fichier.",
        ),
        None,
        "other",
        id="described_activity_without_a_sector_is_other_not_a_guess-2",
    ),
    pytest.param(
        # corpus: SAN-2020-013 (a quoted directive speaks of « secteur des communications »)
        ["AMAZON EUROPE CORE"],
        (
            "Ces dispositions ont été transposées en droit interne à l’article 82 de la loi "
            "Informatique et Libertés , au sein du chapitre IV de cette loi, relatif aux Droits "
            "et obligations propres aux traitements dans le secteur des communications "
            "électroniques .",
        ),
        None,
        "other",
        id="party_argument_and_directive_sector_are_not_read",
    ),
]


@pytest.mark.parametrize(("names", "sentences", "title", "expected"), CASES)
def test_sector(
    names: list[str], sentences: tuple[str, ...], title: str | None, expected: str
) -> None:
    assert _sector(names, *sentences, title=title) == expected
