"""The one precedent function (issue 16 §4): only components known on both sides are compared,
the ``compared`` column, the label and the ranking of thinly compared precedents, and the same
list from ``estimate``, the benchmark and the command line.

Frames are SYNTHETIC (tests/analysis_frames.py) except the last test, which reads the shipped
dataset to check the real Dedalus case.
"""

from __future__ import annotations

import math
import shlex

import pytest

from cnil_sanctions import analysis, cli, dataset
from cnil_sanctions.analysis.precedents import CaseDescription, component_distances
from cnil_sanctions.benchmark import Benchmark
from cnil_sanctions.estimate import estimate_fine
from tests.analysis_frames import REF_ID, make_frame, sample_frame

A28 = frozenset({"GDPR 28", "GDPR 32"})


@pytest.mark.parametrize(
    ("case", "other", "expected"),
    [
        # unknown on either side: the component is left out, never 0.5
        (CaseDescription(turnover_eur=1e7), CaseDescription(), {}),
        (CaseDescription(), CaseDescription(turnover_eur=1e7), {}),
        (CaseDescription(turnover_eur=1e7), CaseDescription(turnover_eur=1e7), {"turnover": 0.0}),
        # 1.5 orders of magnitude = half of the 3-order span
        (
            CaseDescription(turnover_eur=1e7),
            CaseDescription(turnover_eur=10**8.5),
            {"turnover": 0.5},
        ),
        (
            CaseDescription(people_affected=10.0),
            CaseDescription(people_affected=1e6),
            {"people": 1.0},
        ),
        (
            CaseDescription(articles=A28),
            CaseDescription(articles=frozenset({"GDPR 32"})),
            {"articles": 0.5},
        ),
        (
            CaseDescription(sector="health", data_breach=True),
            CaseDescription(sector="retail", data_breach=None),
            {"sector": 1.0},
        ),
    ],
)
def test_component_distances_compare_only_known_pairs(case, other, expected):
    assert component_distances(case, other) == pytest.approx(expected)


def _precedent_frame():
    """SYNTHETIC: a case-like row and three precedents known on different components."""
    return make_frame(
        [
            {  # all of turnover, articles, people known; 1.5 orders away in turnover
                "organisation": "SYNTHETIC FULL",
                "fine_eur": 100_000,
                "turnover_eur": int(10**8.5),
                "articles_violated": "GDPR 28;GDPR 32",
                "people_affected": 10_000,
            },
            {  # articles only (weight 2 of the case's 5): identical, but thinly compared
                "organisation": "SYNTHETIC ARTICLES ONLY",
                "fine_eur": 3_000,
                "articles_violated": "GDPR 28;GDPR 32",
            },
            {  # articles and people (weight 3 of 5): compared on more than half
                "organisation": "SYNTHETIC TWO",
                "fine_eur": 6_000,
                "articles_violated": "GDPR 32",
                "people_affected": 10_000,
            },
            {  # nothing in common with the description
                "organisation": "SYNTHETIC NONE",
                "fine_eur": 9_000,
            },
        ]
    )


def test_precedents_columns_labels_and_order():
    near = analysis.nearest_precedents(
        _precedent_frame(),
        turnover_eur=1e7,
        articles=["28", "32"],
        people_affected=10_000,
        k=4,
    )
    by_org = near.set_index("organisation")
    # order: the well-compared ones by distance, then the thinly compared, then nothing compared
    assert list(near["organisation"]) == [
        "SYNTHETIC FULL",  # (2 x 0.5 + 0 + 0) / 5 = 0.2
        "SYNTHETIC TWO",  # (2 x 0.5 + 0) / 3 = 0.333
        "SYNTHETIC ARTICLES ONLY",  # distance 0, but on 2 of 5: after the others
        "SYNTHETIC NONE",
    ]
    assert by_org.loc["SYNTHETIC FULL", "distance"] == pytest.approx(0.2)
    assert by_org.loc["SYNTHETIC TWO", "distance"] == pytest.approx(1 / 3)
    assert by_org.loc["SYNTHETIC ARTICLES ONLY", "distance"] == pytest.approx(0.0)
    assert math.isnan(by_org.loc["SYNTHETIC NONE", "distance"])
    expected = {
        "SYNTHETIC FULL": (3, "turnover, people, articles", 1.0, ""),
        "SYNTHETIC TWO": (2, "people, articles", 0.6, ""),
        "SYNTHETIC ARTICLES ONLY": (1, "articles", 0.4, "matched on one component only"),
        "SYNTHETIC NONE": (0, "none", 0.0, "nothing compared"),
    }
    for org, (n, which, share, label) in expected.items():
        row = by_org.loc[org]
        assert (row["n_compared"], row["compared"], row["match"]) == (n, which, label)
        assert row["compared_weight_share"] == pytest.approx(share)


def test_estimate_and_benchmark_list_the_same_precedents():
    df = sample_frame()
    bench = Benchmark.of(df, REF_ID)
    est = estimate_fine(
        bench.case.turnover_eur,
        list(bench.case.articles),
        bench.case.people_affected,
        data=bench.others,
    )
    assert est.nearest is not None
    assert list(est.nearest["decision_id"]) == list(bench.nearest()["decision_id"])
    # and the benchmark's own EDPB table shows that very list
    assert list(bench.estimate.nearest["decision_id"]) == list(bench.nearest()["decision_id"])


def _cli_nearest(argv: list[str], capsys) -> list[str]:
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    section = out.split("Nearest decisions", 1)[1]
    return [w for w in section.split() if w.startswith("SAN-")]


def test_shipped_dedalus_benchmark_and_estimate_command_agree(capsys):
    """The real case: the benchmark of SAN-2022-009 and `cnil-sanctions estimate` with the
    benchmark's own description (the undertaking's turnover, as estimate takes it) list the same
    precedents; on the full dataset estimate also finds Dedalus itself."""
    df = dataset.load_sanctions()
    bench = Benchmark.of(df, analysis.DEDALUS_ID)
    assert bench.case.turnover_eur == 461_000_000  # the Dedalus group, public accounts
    command = shlex.split(bench.estimate_command())[1:]
    ids = _cli_nearest([*command, "-k", "6"], capsys)
    others = [i for i in ids if i != analysis.DEDALUS_ID]
    assert others[:5] == list(bench.nearest(k=5)["decision_id"])
    # the hypothetical case of the same description, too
    case = Benchmark.of(
        df, None, turnover_eur=16.3e6, articles=["28", "29", "32"], people_affected=491_840
    )
    ids = _cli_nearest(
        ["estimate", "--turnover", "16.3M", "--articles", "28,29,32", "--people", "491840"],
        capsys,
    )
    assert ids == list(case.nearest(k=5)["decision_id"])
