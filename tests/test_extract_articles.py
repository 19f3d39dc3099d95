"""Article references and cap tier on real sentences (copied from the corpus)."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.articles import cap_tier, extract_articles, parse_article_refs
from cnil_sanctions.extract.sentences import operative_part, split_sentences


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (  # SAN-2022-020
            "pour les manquements aux articles 5, paragraphe 1, e), 13, 25, paragraphe 2, 32 et 35 "
            "du RGPD ;",
            ["GDPR 5(1)(e)", "GDPR 13", "GDPR 25(2)", "GDPR 32", "GDPR 35"],
        ),
        (  # SAN-2020-018
            "pour les manquements aux articles L. 34-5 du Code des postes et des communications "
            "électroniques (ci-après le CPCE ) et 12 et 13 du règlement (UE) 2016/679",
            ["CPCE L34-5", "GDPR 12", "GDPR 13"],
        ),
        (  # SAN-2022-015
            "au regard des manquements constitués aux articles 5.1.c, 5.1.e et 12 du règlement (UE)",
            ["GDPR 5(1)(c)", "GDPR 5(1)(e)", "GDPR 12"],
        ),
        (  # SAN-2021-020
            "au regard des manquements aux articles 28 paragraphes 3 et 4 du RGPD, 32 et 34 du RGPD",
            ["GDPR 28(3)", "GDPR 28(4)", "GDPR 32", "GDPR 34"],
        ),
        (  # SAN-2021-003
            "pour les manquements aux articles 89, 90 et 104 de la loi Informatique et Libertés",
            ["LIL 89", "LIL 90", "LIL 104"],
        ),
        (  # SAN-2020-008
            "à l’article 82 (anciennement 32.II) de la loi informatique et libertés",
            ["LIL 82"],
        ),
        (  # SAN-2023-008 (operative part): further points of the same paragraph
            "pour manquements aux articles 5-1-c) et e), 6, 9, 12, 13, 28, 32 et 33 du règlement "
            "(UE) 2016/679",
            [
                "GDPR 5(1)(c)",
                "GDPR 5(1)(e)",
                "GDPR 6",
                "GDPR 9",
                "GDPR 12",
                "GDPR 13",
                "GDPR 28",
                "GDPR 32",
                "GDPR 33",
            ],
        ),
        (  # constructed from the SAN-2023-008 form: several further points
            "aux articles 5-1-a), b) et c) et 6 du RGPD",
            ["GDPR 5(1)(a)", "GDPR 5(1)(b)", "GDPR 5(1)(c)", "GDPR 6"],
        ),
    ],
)
def test_parse_article_refs(fragment: str, expected: list[str]) -> None:
    assert parse_article_refs(fragment) == expected


def test_vu_clauses_are_not_breaches() -> None:
    # corpus: SAN-2022-009 (Vu clause, sanction-section sentence, operative part)
    text = (
        "Vu la loi n° 78-17 du 6 janvier 1978 modifiée relative à l’informatique, aux fichiers et "
        "aux libertés, notamment ses articles 20 et suivants ;La formation restreinte considère "
        "qu’il y a lieu de prononcer une amende administrative au regard des manquements aux "
        "articles 28, paragraphe 3, 29 et 32 du RGPD.PAR CES MOTIFSLa formation restreinte de la "
        "CNIL, après en avoir délibéré, décide de :-  prononcer à l’encontre de la société DEDALUS "
        "BIOLOGIE une amende administrative d’un montant de 1 500 000 (un million cinq cent mille) "
        "euros ;Le présidentAlexandre LINDEN"
    )
    span = operative_part(text)
    assert span
    arts, ev = extract_articles(split_sentences(text), split_sentences(text, *span))
    assert arts == ["GDPR 28(3)", "GDPR 29", "GDPR 32"]
    assert ev and ev in text
    assert cap_tier(arts, has_fine=True) == "GDPR 83(4)"


def test_cap_tier() -> None:
    assert cap_tier(["GDPR 5(1)(c)", "GDPR 32"], has_fine=True) == "GDPR 83(5)"
    assert cap_tier(["LIL 82"], has_fine=True) == "LIL 20"
    assert cap_tier(["GDPR 5(1)(a)"], has_fine=False) is None


@pytest.mark.parametrize(
    "sentence",
    [
        # SAN-2019-006: the art. 83(3) rule recalled, with « trois manquements sont caractérisés »
        "Ensuite, la formation restreinte rappelle que le § 3 de l’article 83 du Règlement prévoit "
        "qu’en cas de violations multiples, comme c’est le cas en l’espèce puisque trois "
        "manquements sont caractérisés, le montant total de l’amende ne peut excéder le montant "
        "fixé pour la violation la plus grave.",
    ],
)
def test_the_fine_criteria_are_not_breaches(sentence: str) -> None:
    got, _ = extract_articles(split_sentences(sentence), [])
    assert "GDPR 83" not in got
