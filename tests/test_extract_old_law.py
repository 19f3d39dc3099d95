"""The Loi of 6 January 1978 in its old numbering, and the regime that set the cap (issue 15).

Rows marked « corpus » are copied from ``data/raw``; rows marked « issue 15 » use the forms the
issue quotes from the 2018 decisions (not in the repository) in a constructed sentence.
"""

from __future__ import annotations

from datetime import date

import pytest

from cnil_sanctions.extract import extract_facts
from cnil_sanctions.extract.articles import extract_articles, lil_label, parse_article_refs
from cnil_sanctions.extract.regime import extract_regime
from cnil_sanctions.extract.sentences import split_sentences
from cnil_sanctions.law import TIER_LIL_1978, TIER_LIL_2016

D2018 = date(2018, 3, 15)  # before the GDPR applied
D2018_LATE = date(2018, 12, 19)  # GDPR applies, the Loi not yet renumbered
D2021 = date(2021, 7, 8)


@pytest.mark.parametrize(
    ("sentence", "decision_date", "expected"),
    [
        # issue 15
        (
            "Le manquement à l’article 34 de la loi du 6 janvier 1978 modifiée est constitué.",
            D2018,
            ["LIL(1978) 34"],
        ),
        (
            "Le manquement à l’article 34 de la loi du 6 janvier 1978 modifiée est constitué.",
            D2018_LATE,
            ["LIL(1978) 34"],
        ),
        (
            "Un manquement à l’article 6-2° de la loi du 6 janvier 1978 modifiée est caractérisé.",
            D2018,
            ["LIL(1978) 6(2)"],
        ),
        # the older way to conclude: « la société a manqué à son obligation … article 34 »
        (
            "Il résulte de ce qui précède que la société a manqué à son obligation d’assurer la "
            "sécurité des données prévue par l’article 34 de la loi du 6 janvier 1978 modifiée.",
            D2018,
            ["LIL(1978) 34"],
        ),
        # … but the rapporteur's view is not a finding (corpus wording)
        (
            "Le rapporteur considère que la société a manqué à ses obligations découlant de "
            "l’article 34 de la loi du 6 janvier 1978 modifiée.",
            D2018,
            [],
        ),
        # a later decision applying the old version: the sentence says so
        (
            "Le manquement à l’article 34 de la loi du 6 janvier 1978 dans sa version applicable "
            "à la date des faits est constitué.",
            D2021,
            ["LIL(1978) 34"],
        ),
        # corpus (SAN-2020-008 and others): the current numbering stays current
        (
            "Un manquement à l’article 82 de la loi du 6 janvier 1978 modifiée est constitué.",
            D2021,
            ["LIL 82"],
        ),
        # another law is not the Loi of 6 January 1978
        (
            "Le manquement à l’article 6 de la loi n° 2004-575 du 21 juin 2004 est constitué.",
            D2021,
            [],
        ),
        # in a decision dated before the GDPR applied, a bare article is the Loi's
        (
            "Le manquement aux articles 32 et 34 est constitué.",
            D2018,
            ["LIL(1978) 32", "LIL(1978) 34"],
        ),
        ("Le manquement aux articles 32 et 34 est constitué.", D2021, ["GDPR 32", "GDPR 34"]),
        # corpus (SAN-2018-007): the breach found, named before the sanction it justifies;
        # « le 2° de l’article 6 » is art. 6-2°
        (
            "Au regard des éléments développés ci-dessus, les faits constatés et le manquement "
            "constitué au 2° de l’article 6 de la loi du 6 janvier 1978 modifiée, justifient que "
            "soit prononcée une sanction pécuniaire à l’encontre de X d’un montant de 30.000 "
            "(trente mille euros).",
            date(2018, 7, 24),
            ["LIL(1978) 6(2)"],
        ),
        # corpus (SAN-2018-012)
        (
            "Au regard des éléments développés ci-dessus, les faits constatés et le manquement "
            "constitué à l’article 34 de la loi du 6 janvier 1978 modifiée justifient que soit "
            "prononcée une sanction d’un montant de 250 000 (deux cent cinquante mille) euros.",
            date(2018, 12, 26),
            ["LIL(1978) 34"],
        ),
        # corpus (SAN-2018-010): « n’a pas pris toutes les précautions » states the breach, it
        # does not negate the conclusion
        (
            "Au regard de ces éléments, la formation restreinte considère que l’association n’a "
            "pas pris toutes les précautions utiles afin d’empêcher que des tiers non autorisés "
            "aient accès aux données traitées et considère que le manquement à l’article 34 de la "
            "loi du 6 janvier 1978 modifiée est constitué.",
            date(2018, 9, 6),
            ["LIL(1978) 34"],
        ),
        # a conclusion that is negated stays out
        (
            "La formation restreinte considère que le manquement à l’article 34 de la loi du "
            "6 janvier 1978 modifiée n’est pas constitué.",
            D2018,
            [],
        ),
    ],
)
def test_old_numbering(sentence: str, decision_date: date, expected: list[str]) -> None:
    sentences = split_sentences(sentence)
    got, evidence = extract_articles(sentences, [], decision_date)
    assert got == expected
    assert (evidence is None) == (not expected)


def test_the_issue_reference_reads_as_lil_1978_34() -> None:
    """« article 34 de la loi du 6 janvier 1978 modifiée » in a 2018 decision → LIL(1978) 34."""
    text = "article 34 de la loi du 6 janvier 1978 modifiée"
    assert parse_article_refs(text, lil=lil_label(text, D2018)) == ["LIL(1978) 34"]
    assert parse_article_refs(text, lil=lil_label(text, D2021)) == ["LIL 34"]


@pytest.mark.parametrize(
    ("sentence", "decision_date", "label"),
    [
        ("article 34 de la loi du 6 janvier 1978 modifiée", D2018, "LIL(1978)"),
        ("article 34 de la loi du 6 janvier 1978 modifiée", date(2019, 5, 31), "LIL(1978)"),
        ("article 82 de la loi du 6 janvier 1978 modifiée", date(2019, 6, 1), "LIL"),
        ("l’article 34 de la loi dans sa rédaction antérieure à l’ordonnance", D2021, "LIL(1978)"),
        ("l’article 82 de la loi informatique et libertés", None, "LIL"),
    ],
)
def test_lil_label(sentence: str, decision_date: date | None, label: str) -> None:
    assert lil_label(sentence, decision_date) == label


@pytest.mark.parametrize(
    ("text", "articles", "decision_date", "regime"),
    [
        # decided before the GDPR applied: the old law of the facts (law.regime_for)
        ("La société a manqué à ses obligations.", ["LIL(1978) 34"], D2018, TIER_LIL_2016.label),
        (
            "La société a manqué à ses obligations.",
            ["LIL(1978) 34"],
            date(2016, 5, 4),
            TIER_LIL_1978.label,
        ),
        # decided later, facts dated before the GDPR by the decision itself (issue 15 form)
        (
            "Les faits, constatés le 12 avril 2018, sont antérieurs au 25 mai 2018.",
            ["LIL(1978) 34"],
            D2018_LATE,
            TIER_LIL_2016.label,
        ),
        (
            "Les faits, constatés le 3 mars 2016, sont antérieurs à l’entrée en application du RGPD.",
            ["LIL(1978) 34"],
            D2018_LATE,
            TIER_LIL_1978.label,
        ),
        # corpus SAN-2023-024: rules that predate the GDPR are not facts that do
        (
            "elle continuerait de poursuivre les manquements aux règles relatives aux cookies "
            "antérieures à l’entrée en application du RGPD, éclairées par sa recommandation du "
            "5 décembre 2013.",
            ["LIL 82"],
            D2021,
            "LIL 20",
        ),
        # the date of the law the sentence cites is not a date of the facts (constructed)
        (
            "La formation restreinte applique aux faits la loi du 6 janvier 1978 dans sa version "
            "applicable au jour des faits.",
            ["LIL(1978) 34"],
            D2018_LATE,
            TIER_LIL_2016.label,
        ),
        # the decision quotes the cap of art. 47 in the version it applies (constructed)
        (
            "Aux termes de l’article 47 de la loi du 6 janvier 1978 dans sa version applicable au "
            "jour des faits, le montant de la sanction pécuniaire ne peut excéder 150 000 euros.",
            ["LIL(1978) 34"],
            D2018,
            TIER_LIL_1978.label,
        ),
        (
            "Aux termes de l’article 47 de la loi du 6 janvier 1978 dans sa version applicable au "
            "jour des faits, le montant de la sanction pécuniaire ne peut excéder 3 millions "
            "d’euros.",
            ["LIL(1978) 34"],
            D2018_LATE,
            TIER_LIL_2016.label,
        ),
        # the party's case is not a finding
        (
            "La société soutient que les faits sont antérieurs au 25 mai 2018.",
            ["LIL(1978) 34"],
            D2021,
            None,
        ),
        # decided after the GDPR applied, only breaches of the 1978 Loi retained: old law
        ("Le manquement est constitué.", ["LIL(1978) 34"], D2018_LATE, TIER_LIL_2016.label),
        ("Le manquement est constitué.", ["LIL(1978) 34", "GDPR 32"], D2018_LATE, "GDPR 83(4)"),
        ("Le manquement est constitué.", ["GDPR 5(1)(c)", "GDPR 32"], D2021, "GDPR 83(5)"),
        ("Le manquement est constitué.", ["GDPR 32"], D2021, "GDPR 83(4)"),
    ],
)
def test_regime(text: str, articles: list[str], decision_date: date, regime: str | None) -> None:
    sentences = split_sentences(text)
    got = extract_regime(sentences, articles, "articles evidence", decision_date)
    assert got.regime == regime
    if regime:
        assert got.evidence in (text, "articles evidence")


def test_full_extractor_on_a_synthetic_2018_decision() -> None:
    """synthetic_: a constructed pre-GDPR decision in the wording issue 15 quotes (no real
    decision, no real organisation)."""
    text = (
        "La formation restreinte a adopté la décision suivante :I. Faits et procédure1. La "
        "société X a fait l’objet d’un contrôle le 12 janvier 2018.II. Motifs de la décision2. "
        "Dès lors, le manquement à l’obligation de sécurité prévue par l’article 34 de la loi "
        "du 6 janvier 1978 modifiée est caractérisé.3. Le manquement à l’article 6-2° de la loi "
        "du 6 janvier 1978 modifiée est également constitué.PAR CES MOTIFSLa formation "
        "restreinte de la CNIL, après en avoir délibéré, décide de :• prononcer à l’encontre de "
        "la société X une sanction pécuniaire d’un montant de cent mille euros (100 000 €) ;"
        "• rendre publique sa délibération.La présidente Marie-Laure DENIS"
    )
    facts = extract_facts(text, decision_date=date(2018, 5, 7))
    assert facts["fine_eur"] == 100_000
    assert facts["articles_violated"] == "LIL(1978) 6(2);LIL(1978) 34"
    assert facts["regime"] == TIER_LIL_2016.label == facts["cap_tier"]
    assert "6 janvier 1978" in str(facts["regime_evidence"])
    assert str(facts["regime_evidence"]) in text
