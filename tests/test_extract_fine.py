"""Fine and measures extraction on real operative parts (sentences copied from the corpus)."""

from __future__ import annotations

from cnil_sanctions.extract.fine import extract_appeal, extract_fine
from cnil_sanctions.extract.measures import extract_measures
from cnil_sanctions.extract.sentences import operative_part, split_sentences

# corpus: SAN-2020-012 (two entities fined, injunction with a penalty payment)
GOOGLE_2020 = (
    "PAR CES MOTIFSLa formation restreinte de la CNIL, après en avoir délibéré, décide de :"
    "· prononcer à l’encontre de la société GOOGLE LLC une amende administrative d’un montant de "
    "60 000 000 euros (soixante millions d’euros) pour manquement à l’article 82 de la loi "
    "informatique et libertés ;· prononcer à l’encontre de la société GOOGLE IRELAND LIMITED une "
    "amende administrative d’un montant de 40 000 000 euros (quarante millions d’euros) pour "
    "manquement à l’article 82 de la loi informatique et libertés ;· assortir l’injonction d’une "
    "astreinte de 100 000 € (cent mille euros) par jour de retard à l’issue d’un délai de trois "
    "mois suivant la notification de la présente délibération ;· rendre publique, sur le site de la "
    "CNIL et sur le site de Légifrance, sa délibération, qui n’identifiera plus nommément la "
    "société à l’expiration d’un délai de deux ans à compter de sa publication.Le président"
    "Alexandre LINDEN"
)


def _operative(text: str):  # type: ignore[no-untyped-def]
    span = operative_part(text)
    assert span is not None
    return split_sentences(text, *span)


def test_two_entities_and_total() -> None:
    res = extract_fine(_operative(GOOGLE_2020))
    assert res.fine_eur == 100_000_000
    assert res.by_entity == [
        {"entity": "GOOGLE LLC", "fine_eur": 60_000_000},
        {"entity": "GOOGLE IRELAND LIMITED", "fine_eur": 40_000_000},
    ]
    assert res.conflicts == []


def test_penalty_payment_is_not_a_fine() -> None:
    m = extract_measures(_operative(GOOGLE_2020))
    assert m.astreinte_eur_per_day == 100_000
    assert m.publicity and m.publicity_duration == "P2Y"


def test_stated_total_with_breakdown() -> None:
    # corpus: SAN-2022-017
    text = (
        "PAR CES MOTIFSLa formation restreinte de la CNIL, après en avoir délibéré, décide de :"
        "• prononcer à l’encontre de la société ACCOR SA une amende administrative d’un montant de "
        "600 000 euros pour l’ensemble des manquements constatés, qui se décompose comme suit : "
        "100 000 (cent mille) euros au titre du manquement de la société à l’article L. 34-5 du "
        "Code des postes et des communications électroniques ; 500 000 (cinq cent mille) euros au "
        "titre des manquements de la société aux articles 12.1, 12.3, 13, 15.1, 21.2 et 32 du "
        "règlement (UE) 2016/679.Le président Alexandre LINDEN"
    )
    assert extract_fine(_operative(text)).fine_eur == 600_000


def test_liquidation_is_recorded_apart() -> None:
    # corpus: SAN-2023-005
    text = (
        "PAR CES MOTIFSLa formation restreinte de la CNIL, après en avoir délibéré, décide de :- "
        "procéder à la liquidation de l’astreinte prononcée à l’encontre de la société CLEARVIEW AI "
        "pour un montant de cinq millions deux cent mille euros (5 200 000 euros) au titre de la "
        "période du 19 décembre 2022 au 9 février 2023 ;Le présidentAlexandre LINDEN"
    )
    ops = _operative(text)
    assert extract_fine(ops).fine_eur is None
    assert extract_measures(ops).penalty_liquidated_eur == 5_200_000


def test_conseil_detat_header_note() -> None:
    # corpus: SAN-2020-014 header
    header = (
        "Par une décision du 22 juillet 2022, le Conseil d’Etat a réformé la délibération de la "
        "formation restreinte en ramenant le montant de la sanction de 3 000 euros à 2 500 euros "
        "en considération de l’absence d’obligation de notifier. Consulter la décision n° 449694."
    )
    res = extract_appeal(header)
    assert res.fine_after_appeal_eur == 2_500
    assert res.appeal_reference == "CE, 22 juill. 2022, n° 449694"


def test_no_operative_part_no_fine() -> None:
    assert extract_fine([]).fine_eur is None
