"""Turnover and people-affected extraction on real sentences (copied from the corpus)."""

from __future__ import annotations

import pytest

from cnil_sanctions.extract.people import extract_people
from cnil_sanctions.extract.sentences import split_sentences
from cnil_sanctions.extract.turnover import extract_turnover

# corpus: SAN-2022-009
DEDALUS = (
    "Elle relève à ce titre que la société fait état d’un chiffre d’affaires de 18,8 millions "
    "d’euros en 2019 et de 16,3 millions d’euros en 2020, pour un résultat net s’élevant à "
    "2 226 949 euros en 2019 et à 1 437 017 euros en 2020."
)


def test_turnover_latest_year_and_all_figures() -> None:
    res = extract_turnover(split_sentences(DEDALUS))
    assert (res.turnover_eur, res.turnover_year, res.turnover_scope) == (16_300_000, 2020, "entity")
    assert res.net_income_eur == 1_437_017
    assert {(f["value"], f["year"], f["kind"]) for f in res.figures} == {
        (18_800_000, 2019, "turnover"),
        (16_300_000, 2020, "turnover"),
        (2_226_949, 2019, "net_income"),
        (1_437_017, 2020, "net_income"),
    }
    assert res.evidence == DEDALUS


def test_legal_maximum_is_not_turnover() -> None:
    # corpus: recurring sentence of the sanction section
    s = (
        "les amendes administratives ne pouvant excéder 10 millions d'euros ou, s'agissant d'une "
        "entreprise, 2 % du chiffre d'affaires annuel mondial total de l'exercice précédent."
    )
    assert extract_turnover(split_sentences(s)).figures == []


def test_redacted_turnover() -> None:
    # corpus: SAN-2021-013
    s = "Pour l’année 2019, la SOCIETE DU FIGARO a réalisé un chiffre d’affaires de […] euros."
    res = extract_turnover(split_sentences(s))
    assert res.redacted and res.turnover_eur is None


def test_individual_income_kept_apart() -> None:
    # corpus: SAN-2020-014
    s = "Monsieur [...] a perçu 97 000 € de revenus en 2018."
    res = extract_turnover(split_sentences(s))
    assert res.individual_income_eur == 97_000 and res.turnover_eur is None


def test_people_exact_figure_beats_rounded() -> None:
    # corpus: SAN-2022-009
    text = (
        "Il est apparu que les données à caractère personnel de 491 840 patients y figuraient, "
        "parmi lesquelles :Le rapporteur relève ensuite que, le 23 février 2021, les "
        "informations confidentielles de près de 500 000 patients ont été diffusées sur Internet."
    )
    res = extract_people(split_sentences(text))
    assert (res.people_affected, res.unit, res.approx) == (491_840, "patients", False)


def test_people_staff_is_not_affected() -> None:
    # corpus: SAN-2019-005
    text = (
        "Elle emploie 486 personnes et a réalisé en 2017 un chiffre d’affaires d’environ 43 "
        "millions d’euros.La société a en outre indiqué que le nombre de personnes concernées "
        "était de 29 440."
    )
    assert extract_people(split_sentences(text)).people_affected == 29_440


def test_turnover_of_another_group_company_has_group_scope() -> None:
    # corpus: SAN-2020-012 (GOOGLE FRANCE SARL is not sanctioned; GOOGLE LLC and GIL are)
    text = (
        "La société GOOGLE FRANCE SARL est l’établissement français du groupe GOOGLE.\n"
        "Filiale détenue à 100 % par la société GOOGLE LLC, son siège social est situé à Paris "
        "(France).\n"
        "En 2018, elle employait environ 1 400 salariés et avait réalisé un chiffre d’affaires de "
        "plus de 400 millions d’euros."
    )
    res = extract_turnover(split_sentences(text), ["GOOGLE LLC", "GOOGLE IRELAND LIMITED"])
    assert [(f["value"], f["year"], f["scope"]) for f in res.figures] == [
        (400_000_000, 2018, "group")
    ]
    # another company's own figure is never the turnover relied on (held-out SAN-2022-023 rule)
    assert res.turnover_eur is None and res.turnover_scope is None
    res = extract_turnover(split_sentences(text), ["GOOGLE FRANCE SARL"])
    assert res.turnover_scope == "entity"


def test_bank_produit_net_bancaire_beats_the_group_turnover_of_il() -> None:
    # corpus: SAN-2020-009 (« il » is the group of the previous sentence)
    text = "\n".join(
        [
            'Créé en […], le groupe [...] (ci-après " le groupe "), dont le siège est au […], a '
            "pour activité principale la grande distribution.",
            "En 2018, il employait environ 360 000 salariés et avait réalisé un chiffre "
            "d’affaires de 76 milliards d’euros.",
            'Sise […], la société [...] (ci-après " la société ") est un établissement bancaire '
            "ayant pour activités principales le crédit à la consommation.",
            "En 2018, elle employait environ 300 salariés et avait réalisé un produit net bancaire "
            "de 308 millions d’euros.",
        ]
    )
    res = extract_turnover(split_sentences(text), ["société [...]"])
    assert (res.turnover_eur, res.turnover_year, res.turnover_scope) == (
        308_000_000,
        2018,
        "entity",
    )
    assert {(f["value"], f["scope"]) for f in res.figures} == {
        (76_000_000_000, "group"),
        (308_000_000, "entity"),
    }


def test_individual_income_per_month_is_kept_with_its_period() -> None:
    # corpus: SAN-2020-015
    s = (
        "Elle note que selon ses déclarations lors de la séance du 3 décembre 2020, M. [...] "
        "indique gagner environ 8 000 € par mois et qu’en application des dispositions de "
        "l’article 83, paragraphe 4, du RGPD, il encourt une sanction financière d’un montant "
        "maximum de 10 millions d’euros."
    )
    res = extract_turnover(split_sentences(s))
    assert res.individual_income_eur == 8000 and res.turnover_eur is None
    assert res.figures == [
        {
            "value": 8000,
            "year": None,
            "scope": "entity",
            "worldwide": False,
            "kind": "individual_income",
            "currency": "EUR",
            "bound": "approx",
            "period": "month",
            "evidence": s,
        }
    ]


def test_individual_income_year_after_de_revenus() -> None:
    # corpus: SAN-2020-014
    s = (
        "Elle note que selon les déclarations de son conseil lors de la séance du 3 décembre "
        "2020, M. [...] a perçu 97 000 € de revenus en 2018 et qu’en application des "
        "dispositions de l’article 83, paragraphe 4, du RGPD, il encourt une sanction "
        "financière d’un montant maximum de 10 millions d’euros."
    )
    res = extract_turnover(split_sentences(s))
    assert [(f["value"], f["year"], f["period"]) for f in res.figures] == [(97_000, 2018, "year")]


# --- every turnover a decision states, per entity, with its currency and bound (issue 16) ------

#: corpus: SAN-2020-012 (Google 2020): the parent is named two sentences before, then both
#: companies' figures in dollars, each a « plus de » lower bound
GOOGLE_2020 = (
    "Depuis août 2015, elle est une filiale détenue à 100% par la société ALPHABET Inc., "
    "maison-mère du groupe GOOGLE. "
    "En 2019, la société ALPHABET Inc. a réalisé un chiffre d’affaires de plus de 161 milliards "
    "de dollars, tandis que la société GOOGLE LLC a réalisé un chiffre d’affaires de plus de 160 "
    "milliards de dollars. "
    "En application des dispositions de l’article 20, paragraphe III, de la loi informatique et "
    "libertés , les sociétés encourent une sanction financière d’un montant maximum de 2% de leur "
    "chiffre d’affaires, lequel était de 38 milliards d’euros en 2018 pour la société GIL et de "
    "160 milliards de dollars en 2019 pour la société GOOGLE LLC."
)


def test_dollar_figures_of_the_parent_and_the_entity_are_extracted_with_their_bound() -> None:
    res = extract_turnover(split_sentences(GOOGLE_2020), ["GOOGLE LLC", "GOOGLE IRELAND LIMITED"])
    got = {
        (f["value"], f["year"], f["currency"], f["bound"], f["undertaking"], f["entity"])
        for f in res.figures
    }
    assert got == {
        (161_000_000_000, 2019, "USD", "lower", True, "ALPHABET Inc"),
        (160_000_000_000, 2019, "USD", "lower", False, "GOOGLE LLC"),
        (38_000_000_000, 2018, "EUR", None, False, "GOOGLE IRELAND LIMITED"),
    }
    # the euro figure said to be the basis is relied on, never a dollar one
    assert (res.turnover_eur, res.turnover_year, res.turnover_scope) == (
        38_000_000_000,
        2018,
        "entity",
    )


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # corpus: SAN-2023-009 — the group's figure, then the same figure said of « la société »
        (
            "En 2022, le groupe CRITEO employait environ 3 000 employés et avait réalisé un "
            "chiffre d'affaires global d'environ 1,9 milliard d'euros pour un résultat net de 10 "
            "millions d’euros environ. La société encourt une sanction financière d’un montant "
            "maximum de 20 millions d’euros ou 4% de son chiffre d’affaires mondial total de "
            "l'exercice précédent, lequel était de 1,9 milliard d’euros en 2022, le montant le "
            "plus élevé étant retenu.",
            ["CRITEO SA"],
            [(1_900_000_000, 2022, "group", True, "approx", "groupe CRITEO")],
        ),
        # corpus: SAN-2022-023 — the parent's dollar figures; a sister company's is not the
        # undertaking's
        (
            "La société MICROSOFT CORPORATION, société multinationale "
            "créée en 1976, a pour activité principale le développement de logiciels. Son "
            "chiffre d’affaires s’élevait à 143 milliards de dollars en 2020 et à 168 milliards "
            "de dollars en 2021. La société MICROSOFT FRANCE, filiale de la société MICROSOFT "
            "CORPORATION et société sœur de la société MIOL, est une société par actions "
            "simplifiée. En 2020, elle a réalisé un chiffre d’affaires de 2,2 milliards d’euros.",
            ["MICROSOFT IRELAND OPERATIONS LIMITED"],
            [
                (143_000_000_000, 2020, "group", True, None, "MICROSOFT CORPORATION"),
                (168_000_000_000, 2021, "group", True, None, "MICROSOFT CORPORATION"),
                (2_200_000_000, 2020, "group", False, None, "MICROSOFT FRANCE"),
            ],
        ),
        # corpus: SAN-2022-021 — « son chiffre d'affaires » right after a sentence about the group
        (
            "En 2020, le groupe EDF a réalisé un chiffre d’affaires de plus de 69 milliards "
            "d’euros pour un résultat net de […] euros. En 2021, son chiffre d’affaires s’est "
            "élevé à plus de 84 milliards d’euros pour un résultat net de […] euros.",
            ["ÉLECTRICITÉ DE FRANCE"],
            [
                (69_000_000_000, 2020, "group", True, "lower", "groupe EDF"),
                (84_000_000_000, 2021, "group", True, "lower", "groupe EDF"),
            ],
        ),
    ],
)
def test_group_figures_are_the_undertakings(
    text: str, names: list[str], expected: list[tuple[object, ...]]
) -> None:
    res = extract_turnover(split_sentences(text), names)
    got = [
        (f["value"], f["year"], f["scope"], f["undertaking"], f["bound"], f["entity"])
        for f in res.figures
        if f["kind"] == "turnover"
    ]
    assert got == expected


def test_a_company_whose_name_says_groupe_states_its_own_figure() -> None:
    # corpus: SAN-2023-015 (held-out): « GROUPE CANAL + » is the sanctioned company itself
    s = (
        "Elle relève à cet égard que la société GROUPE CANAL + a réalisé un chiffre d’affaires de "
        "1 851 312 842 euros en 2022."
    )
    res = extract_turnover(split_sentences(s), ["GROUPE CANAL +"])
    assert (res.turnover_eur, res.turnover_scope) == (1_851_312_842, "entity")
    assert [(f["undertaking"], f["entity"]) for f in res.figures] == [(False, "GROUPE CANAL +")]
