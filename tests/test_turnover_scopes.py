"""The entity's and the undertaking's turnover (cnil_sanctions.turnover_scopes): which figure
is which, where it comes from, and which one the legal maximum uses. Figures are those the
decisions named in the comments state (as the extractor writes them)."""

from __future__ import annotations

import json

import pytest

from cnil_sanctions import fx
from cnil_sanctions.turnover_scopes import (
    CAP_BASIS_FIELDS,
    ENTITY_UNDERTAKING_FIELDS,
    choose_turnovers,
    stated_years,
)
from tests.turnover_figure import turnover_figure

#: SAN-2020-012: Alphabet (parent) and Google LLC in dollars, GIL in euros (relied on)
GOOGLE_2020 = [
    turnover_figure(
        161_000_000_000, 2019, "group", True, currency="USD", bound="lower", entity="ALPHABET Inc"
    ),
    turnover_figure(
        160_000_000_000, 2019, "entity", False, currency="USD", bound="lower", entity="GOOGLE LLC"
    ),
    turnover_figure(
        38_000_000_000, 2018, "entity", False, bound="lower", entity="GOOGLE IRELAND LIMITED"
    ),
    # a sister company's figure is never the undertaking's nor the entity's
    turnover_figure(400_000_000, 2018, "group", False, entity="GOOGLE FRANCE SARL"),
]
#: SAN-2020-008: the CNIL's economic unit (basis) and the whole Carrefour group, both stated
CARREFOUR = [
    turnover_figure(80_000_000_000, 2019, "group", True, bound="approx", entity="groupe CARREFOUR"),
    turnover_figure(14_000_000, 2019, "entity", False, bound="approx", entity="CARREFOUR FRANCE"),
    turnover_figure(14_900_000_000, 2019, "group", True),
]
#: SAN-2023-003: a company's own figure only
CITYSCOOT = [turnover_figure(21_882_031, 2019, "entity", False, entity="CITYSCOOT")]


def _facts(figures: list[dict] | None, eur: int | None, year: int | None, scope: str | None):
    return {
        "turnover_figures": None if figures is None else json.dumps(figures),
        "turnover_eur": eur,
        "turnover_year": year,
        "turnover_scope": scope,
    }


def test_google_2020_entity_relied_on_and_undertaking_the_parent_in_dollars() -> None:
    out = choose_turnovers(_facts(GOOGLE_2020, 38_000_000_000, 2018, "entity"))
    assert out["turnover_entity_eur"] == 38_000_000_000
    assert out["turnover_entity_name"] == "GOOGLE IRELAND LIMITED"
    assert out["turnover_entity_bound"] == "lower"
    rate = fx.annual_average_rate("USD", 2019)
    assert out["turnover_undertaking_eur"] == pytest.approx(161_000_000_000 / rate)
    assert (out["turnover_undertaking_year"], out["turnover_undertaking_bound"]) == (2019, "lower")
    assert out["turnover_undertaking_name"] == "ALPHABET Inc"
    assert out["turnover_undertaking_origin"] == "decision"
    assert (out["turnover_cap_basis_eur"], out["turnover_cap_basis_scope"]) == (
        out["turnover_undertaking_eur"],
        "undertaking",
    )


def test_the_economic_unit_the_decision_relies_on_is_the_undertaking() -> None:
    out = choose_turnovers(_facts(CARREFOUR, 14_900_000_000, 2019, "group"))
    assert out["turnover_undertaking_eur"] == 14_900_000_000
    assert out["turnover_entity_eur"] == 14_000_000  # as stated (« environ 14 millions »)
    assert out["turnover_entity_bound"] == "approx"


@pytest.mark.parametrize(
    ("facts", "group", "entity", "expected"),
    [
        # only the entity's own figure: it is the basis, flagged as the entity's
        (_facts(CITYSCOOT, 21_882_031, 2019, "entity"), None, None, (21_882_031, "entity")),
        # nothing stated, nothing public: no basis
        (_facts(None, None, None, None), None, None, (None, None)),
        # nothing stated, a public group row: the undertaking from public accounts
        (
            _facts(None, None, None, None),
            {
                "eur": 5.0e9,
                "fiscal_year": 2020,
                "reported_entity": "G",
                "quote": "q",
                "source_url": "https://x",
            },
            None,
            (5.0e9, "undertaking"),
        ),
        # nothing stated, only a legal-entity row (TikTok's UK sub-group): the entity's
        (
            _facts(None, None, None, None),
            None,
            {
                "eur": 9.0e8,
                "fiscal_year": 2021,
                "reported_entity": "E",
                "quote": "q",
                "source_url": "https://y",
            },
            (9.0e8, "entity"),
        ),
    ],
)
def test_the_cap_basis_is_the_undertakings_else_the_entitys(
    facts: dict, group: dict | None, entity: dict | None, expected: tuple
) -> None:
    out = choose_turnovers(facts, group, entity)
    assert (out["turnover_cap_basis_eur"], out["turnover_cap_basis_scope"]) == expected
    assert set(out) == {f.name for f in (*ENTITY_UNDERTAKING_FIELDS, *CAP_BASIS_FIELDS)}


def test_a_decision_figure_wins_over_a_public_row() -> None:
    public = {
        "eur": 1.0,
        "fiscal_year": 2019,
        "reported_entity": "G",
        "quote": "q",
        "source_url": "https://x",
    }
    out = choose_turnovers(_facts(CARREFOUR, 14_900_000_000, 2019, "group"), public, public)
    assert out["turnover_undertaking_origin"] == out["turnover_entity_origin"] == "decision"


def test_stated_years_are_the_turnover_years_of_the_text() -> None:
    assert stated_years(json.dumps(GOOGLE_2020)) == [2018, 2019]
    assert stated_years(None) == []
