"""Issue 16 §1, §5: which turnover each ratio uses, bounds, and the fine after appeal.

Every frame here is SYNTHETIC (hand-made rows, tests/analysis_frames.py), not real decisions.
"""

from __future__ import annotations

import math

import pytest

from cnil_sanctions import analysis as A
from tests.analysis_frames import make_frame

M = 1_000_000


def _row(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"fine_eur": 1 * M, "cap_tier": "GDPR 83(5)"}
    base.update(kw)
    return base


#: (row, view, expected turnover_used_eur, expected share_bound, expected legal_max_eur)
CASES = [
    # entity and group both known: shares on the entity's, the maximum on the group's (4 %)
    (
        _row(
            turnover_entity_eur=100 * M,
            turnover_entity_origin="decision",
            turnover_undertaking_eur=1000 * M,
            turnover_cap_basis_eur=1000 * M,
            turnover_cap_basis_origin="public_accounts",
            turnover_cap_basis_scope="undertaking",
        ),
        "entity",
        100 * M,
        None,
        40 * M,
    ),
    (
        _row(
            turnover_entity_eur=100 * M,
            turnover_entity_origin="decision",
            turnover_undertaking_eur=1000 * M,
            turnover_cap_basis_eur=1000 * M,
            turnover_cap_basis_origin="public_accounts",
            turnover_cap_basis_scope="undertaking",
        ),
        "undertaking",
        1000 * M,
        None,
        40 * M,
    ),
    # « plus de 5 milliards »: a lower-bound turnover makes the share an upper bound
    (
        _row(
            turnover_entity_eur=5000 * M,
            turnover_entity_origin="decision",
            turnover_entity_bound="lower",
            turnover_cap_basis_eur=5000 * M,
            turnover_cap_basis_origin="decision",
            turnover_cap_basis_scope="entity",
        ),
        "entity",
        5000 * M,
        "upper",
        200 * M,
    ),
    (
        _row(
            turnover_entity_eur=5000 * M,
            turnover_entity_origin="decision",
            turnover_entity_bound="lower",
            turnover_cap_basis_eur=5000 * M,
            turnover_cap_basis_origin="decision",
            turnover_cap_basis_scope="entity",
        ),
        "undertaking",
        5000 * M,
        "upper",
        200 * M,
    ),
    # only the group is known: no share of the company's turnover, the maximum still known
    (
        _row(
            turnover_undertaking_eur=1000 * M,
            turnover_cap_basis_eur=1000 * M,
            turnover_cap_basis_origin="public_accounts",
            turnover_cap_basis_scope="undertaking",
        ),
        "entity",
        None,
        None,
        40 * M,
    ),
]


@pytest.mark.parametrize(("row", "view", "turnover", "bound", "legal_max"), CASES)
def test_each_ratio_uses_its_turnover(row, view, turnover, bound, legal_max):
    t = A.add_ratios(make_frame([row]), view).iloc[0]
    if turnover is None:
        assert math.isnan(t["turnover_used_eur"]) and math.isnan(t["fine_share_turnover"])
    else:
        assert t["turnover_used_eur"] == turnover
        assert t["fine_share_turnover"] == pytest.approx(1 * M / turnover)
    got_bound = t["share_bound"]
    assert (got_bound if isinstance(got_bound, str) else None) == bound
    assert t["legal_max_eur"] == legal_max
    assert t["fine_share_legal_max"] == pytest.approx(1 * M / legal_max)


@pytest.mark.parametrize(
    ("fine", "after", "used", "flag"),
    [
        (32 * M, 15 * M, 15 * M, True),  # reduced on appeal (shape of Amazon France Logistique)
        (40 * M, 40 * M, 40 * M, False),  # confirmed
        (3 * M, None, 3 * M, False),  # no appeal ruled
    ],
)
def test_fine_after_appeal_is_used(fine, after, used, flag):
    frame = make_frame([{"fine_eur": fine, "fine_after_appeal_eur": after, "turnover_eur": 1e9}])
    t = A.add_ratios(frame, "entity").iloc[0]
    assert (t["fine_used_eur"], bool(t["fine_after_appeal"])) == (used, flag)
    assert t["fine_share_turnover"] == pytest.approx(used / 1e9)
    assert A.top_fines(frame)["fine_used_eur"].iloc[0] == used


def test_tables_name_their_turnover():
    frame = make_frame([{"fine_eur": 1000, "turnover_eur": 1e6, "cap_tier": "GDPR 83(4)"}])
    assert A.top_fines(frame).attrs["turnover"] == A.VIEW_LABELS["entity"]
    assert (
        A.by_group(frame, "cap_tier", "undertaking").attrs["turnover"]
        == A.VIEW_LABELS["undertaking"]
    )
    assert "n = 1" in A.by_group(frame, "cap_tier").iloc[0]["median_fine_ci"]


@pytest.mark.parametrize(
    ("turnover", "bound", "expected"),
    [
        (5000 * M, "lower", "upper"),  # 4 % of « plus de 5 milliards » sets the maximum
        (100 * M, "lower", None),  # the €20M floor sets it: the bound does not matter
        (5000 * M, None, None),  # an exact figure
    ],
)
def test_a_maximum_on_a_lower_bound_turnover_makes_the_share_an_upper_bound(
    turnover, bound, expected
):
    frame = make_frame(
        [
            _row(
                turnover_entity_eur=turnover,
                turnover_entity_origin="decision",
                turnover_entity_bound=bound,
                turnover_cap_basis_eur=turnover,
                turnover_cap_basis_origin="decision",
                turnover_cap_basis_scope="entity",
            )
        ]
    )
    got = A.add_ratios(frame, "undertaking").iloc[0]["legal_max_share_bound"]
    assert (got if isinstance(got, str) else None) == expected
