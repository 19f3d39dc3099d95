"""Staff count and SIREN (cnil_sanctions.extract.staff) on real sentences of the corpus."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.sentences import split_sentences
from cnil_sanctions.extract.staff import extract_siren, extract_staff


def _staff(names: list[str], *sentences: str) -> int | None:
    return extract_staff(split_sentences("\n".join(sentences)), names).staff_count


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # corpus: SAN-2019-006 (words)
        (
            "La société emploie neuf salariés et a réalisé un chiffre d’affaires de 885 739 euros "
            "en 2017.",
            9,
        ),
        # corpus: SAN-2023-006 (« une trentaine »)
        ("Elle employait, en 2020, une trentaine de salariés.", 30),
        # corpus: SAN-2021-020 (« effectif »)
        ("Son effectif est de 83 salariés.", 83),
        # corpus: SAN-2023-003 (« effectifs … à N personnes »)
        ("La société estime ses effectifs en France à 225 personnes.", 225),
        # corpus: SAN-2020-018 (« emploie environ N personnes »)
        ("La société NESTOR emploie environ 74 personnes.", 74),
        # corpus: SAN-2022-017 (digits without separator)
        ("La société emploie environ 1500 salariés.", 1500),
        # corpus: SAN-2020-016 and SAN-2022-009: a range is not a count
        ("Elle emploie entre un et deux salariés.", None),
        ("Elle compte entre dix et dix-neuf salariés.", None),
        # corpus: SAN-2021-023: redacted
        ("Elle emploie environ […] salariés et a réalisé un chiffre d’affaires de […].", None),
    ],
)
def test_staff_counts(sentence: str, expected: int | None) -> None:
    assert _staff(["société X"], sentence) == expected


def test_entity_figure_of_dont_beats_the_group_figure() -> None:
    # corpus: SAN-2022-021
    s = "Le groupe EDF emploie plus de 131 000 salariés, dont plus de 63 000 pour la société EDF."
    assert _staff(["ÉLECTRICITÉ DE FRANCE"], s) == 63_000


def test_entity_elle_beats_the_group_il() -> None:
    # corpus: SAN-2020-009
    res = extract_staff(
        split_sentences(
            "\n".join(
                [
                    'Créé en […], le groupe [...] (ci-après " le groupe "), dont le siège est au '
                    "[…], a pour activité principale la grande distribution.",
                    "En 2018, il employait environ 360 000 salariés et avait réalisé un chiffre "
                    "d’affaires de 76 milliards d’euros.",
                    "En 2018, elle employait environ 300 salariés et avait réalisé un produit net "
                    "bancaire de 308 millions d’euros.",
                ]
            )
        ),
        ["société [...]"],
    )
    assert (res.staff_count, res.scope) == (300, "entity")


def test_group_figure_when_the_entity_has_none() -> None:
    # corpus: SAN-2021-019 and SAN-2021-024 (another company, the parent)
    assert (
        _staff(
            ["Régie autonome des transports parisiens"],
            "La RATP est l’entité mère du groupe RATP, qui employait en 2019 environ 65 000 "
            "salariés.",
        )
        == 65_000
    )
    assert (
        _staff(
            ["FACEBOOK IRELAND LIMITED"],
            "La société META PLAFORMS INC. possède plusieurs dizaines de bureaux implantés dans "
            "une trentaine de pays et compte plus de 35 000 salariés à travers le monde.",
        )
        == 35_000
    )


def test_entity_range_blocks_the_group_fallback() -> None:
    # corpus: SAN-2022-009
    assert (
        _staff(
            ["DEDALUS BIOLOGIE"],
            "Elle compte entre dix et dix-neuf salariés.",
            "La société DEDALUS BIOLOGIE fait partie du groupe DEDALUS, qui emploie environ neuf "
            "cents personnes et qui est composé, en France, de cinq sociétés.",
        )
        is None
    )


def test_two_sanctioned_entities_with_their_own_staff_is_a_conflict() -> None:
    # corpus: SAN-2020-012
    res = extract_staff(
        split_sentences(
            "\n".join(
                [
                    "La société GOOGLE LLC est une société à responsabilité limitée ayant son "
                    "siège social en Californie (Etats-Unis).",
                    "Elle possède plus de 70 bureaux implantés dans une cinquantaine de pays et "
                    "employait en 2019 plus de 110 000 personnes à travers le monde.",
                    "La société GOOGLE IRELAND LIMITED (ci-après la société GIL ) se présente "
                    "comme étant le siège du groupe GOOGLE pour ses activités dans l’Espace "
                    "économique européen (ci-après EEE ) et en Suisse.",
                    "Etablie à Dublin (Irlande), elle emploie environ 9 000 personnes.",
                ]
            )
        ),
        ["GOOGLE LLC", "GOOGLE IRELAND LIMITED"],
    )
    assert res.staff_count is None
    assert res.conflicts and "110000" in res.conflicts[0] and "9000" in res.conflicts[0]


def test_compte_n_personnes_is_not_staff() -> None:
    # corpus: SAN-2023-003 (users, not employees)
    s = "La société dénombre à ce jour environ 247 000 utilisateurs en France et à l’étranger."
    assert _staff(["CITYSCOOT"], s) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # corpus: SAN-2022-009
        (
            'La société DEDALUS BIOLOGIE (ci-après " la société ") est une société par actions '
            "simplifiée à associé unique immatriculée au registre du commerce et des sociétés de "
            "Strasbourg sous le numéro 348 585 233 depuis le 1er décembre 1988.",
            "348585233",
        ),
        # corpus: SAN-2020-016
        (
            "En effet, la société est immatriculée au RCS de Pontoise sous le numéro 789 335 015 "
            "depuis le 13 novembre 2012 et dispose de locaux en France.",
            "789335015",
        ),
        # corpus: SAN-2021-020 (no number)
        (
            'La société SLIMPAY (ci-après la " société ") est une société anonyme, immatriculée '
            "au registre du commerce et des sociétés de Paris, qui a pour activité le conseil en "
            "systèmes et logiciels informatiques.",
            None,
        ),
    ],
)
def test_siren(text: str, expected: str | None) -> None:
    assert extract_siren(text) == expected
