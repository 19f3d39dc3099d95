"""benchmark.py on SYNTHETIC frames (tests/analysis_frames.py): the checks, the case, the page
sections and the health / processor table; --case parsing of the command line."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from cnil_sanctions.benchmark import (
    PROCESSOR_ROLES,
    Benchmark,
    BenchmarkError,
    Case,
    check_decision,
    format_share,
    health_and_processors,
)
from cnil_sanctions.cli import _parse_case
from tests.analysis_frames import REF_ID, make_frame, sample_frame


@pytest.fixture(scope="module")
def df():
    return sample_frame()


def test_processor_roles_come_from_the_field_dictionary():
    assert PROCESSOR_ROLES == ("processor", "controller_and_processor")


@pytest.mark.parametrize(
    ("decision_id", "message"),
    [
        ("SAN-1999-999", "SAN-1999-999 is not in the dataset"),
        ("SAN-2090-013", "imposes no fine (measure: reprimand)"),  # the synthetic reprimand
    ],
)
def test_check_decision_refuses_unknown_and_fineless(df, decision_id, message):
    with pytest.raises(BenchmarkError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_decision(df, decision_id)


def test_benchmark_of_a_decision(df):
    bench = Benchmark.of(df, REF_ID)
    assert bench.case == Case(16_300_000.0, ("GDPR 28(3)", "GDPR 29", "GDPR 32"), 491_840)
    text = bench.summary_markdown()
    assert "fine **€1,500,000**" in text and "tier GDPR 83(4)" in text
    assert "**9.2% of that turnover**" in text and "**15.0% of the legal maximum**" in text
    ranks = "\n".join(bench.rank_lines())
    assert "rank 2 of 12" in ranks  # by amount, as in test_report's summary
    assert len(bench.figures()) == 6 and all(isinstance(f, Figure) for f in bench.figures())
    assert REF_ID not in set(bench.nearest(k=3)["decision_id"])
    lines = bench.prediction_lines()
    # one band per turnover (the company's own, the undertaking's), words from the bounds
    assert sum("the actual €1,500,000 is **" in line for line in lines) == 2
    assert all(
        any(w in line for w in ("**within the 80 % band**", "**above the upper bound", "**below"))
        for line in lines
        if "the actual €1,500,000 is **" in line
    )
    assert "Legal maximum" in bench.edpb_table()
    assert set(bench.edpb_comparison().loc["position"]) == {"above high"}


def test_benchmark_of_a_decision_without_turnover(df):
    no_turnover = df.loc[df["turnover_basis_eur"].isna() & df["fine_eur"].notna(), "decision_id"]
    bench = Benchmark.of(df, str(no_turnover.iloc[0]))
    assert "turnover: unknown" in bench.summary_markdown()
    assert any("not ranked" in line for line in bench.rank_lines())
    assert all("average line" not in line for line in bench.prediction_lines())


def test_benchmark_of_a_case(df):
    bench = Benchmark.of(df, None, turnover_eur=16.3e6, articles=["28", "29", "32"])
    assert bench.row is None and bench.others is df
    assert "legal maximum **€10,000,000**" in bench.summary_markdown()
    assert bench.rank_lines() == ["a hypothetical case has no fine to rank"]
    assert len(bench.figures()) == 1  # by turnover only: no people given
    assert len(Benchmark.of(df, None, articles=["32"]).figures()) == 1  # amounts only
    with pytest.raises(BenchmarkError, match="needs its articles"):
        Benchmark.of(df, None, turnover_eur=1e6)
    with pytest.raises(BenchmarkError, match="positive amount"):
        Benchmark.of(df, None, turnover_eur=-5.0, articles=["32"])
    with pytest.raises(BenchmarkError, match="case:"):
        Benchmark.of(df, None, articles=["GDPR 999"])


@pytest.mark.parametrize(
    ("case", "slug"),
    [
        (
            Case(16.3e6, ("28", "29", "32"), 491840),
            "turnover-16.3M_articles-28-29-32_people-491840",
        ),
        (Case(None, ("GDPR 5(1)(c)", "LIL 82"), None), "articles-GDPR51c-LIL82"),
    ],
)
def test_case_slug(case, slug):
    assert case.slug() == slug
    assert case.parameters()["decision_id"] is None


@pytest.mark.parametrize(
    ("value", "text"), [(0.092025, "9.2%"), (0.5263, "52.6%"), (0.000151, "0.015%")]
)
def test_format_share(value, text):
    assert format_share(value) == text


def test_health_and_processors_side_by_side():
    frame = make_frame(
        [
            {"sector": "health", "role": "controller", "fine_eur": 3000},
            {"sector": "banking_insurance", "role": "controller_and_processor", "fine_eur": 1},
            {"sector": "health", "role": "processor", "fine_eur": 1_500_000,
             "turnover_eur": 16_300_000},
            {"sector": "telecoms", "role": "controller", "fine_eur": 5},
            {"sector": "health", "measure_kind": "reprimand"},
        ]
    )  # fmt: skip
    table = health_and_processors(frame)
    assert list(table["decision_id"]) == [
        "SAN-2090-001",
        "SAN-2090-002",
        "SAN-2090-003",
        "SAN-2090-005",
    ]
    assert list(table["why"]) == ["health", "processor", "health + processor", "health"]
    assert table.loc[2, "fine_share_turnover"] == pytest.approx(1_500_000 / 16_300_000)
    assert {"fine_eur", "people_affected", "turnover_used_eur"} <= set(table.columns)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "turnover=16.3M articles=28,29,32 people=491840",
            Case(16_300_000.0, ("28", "29", "32"), 491_840),
        ),
        ("articles=32", Case(None, ("32",), None)),
        ("people=1200 articles=LIL82", Case(None, ("LIL82",), 1200)),
    ],
)
def test_parse_case(text, expected):
    assert _parse_case(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("turnover=16.3M", "articles=… is required"),
        ("articles=32 size=3", "unknown key 'size'"),
        ("articles=32 people", "is not KEY=VALUE"),
        ("articles=32 turnover=lots", "turnover='lots'"),
        ("articles=32 people=1.5", "not a whole number"),
    ],
)
def test_parse_case_errors(text, message):
    with pytest.raises(ValueError, match=message):
        _parse_case(text)


def test_an_article_outside_the_tiers_is_left_out_of_the_estimate_and_said():
    frame = make_frame(
        [
            {"fine_eur": 20_000, "articles_violated": "GDPR 10;GDPR 32", "cap_tier": "GDPR 83(4)"},
            {"fine_eur": 30_000, "articles_violated": "GDPR 32", "cap_tier": "GDPR 83(4)"},
        ]
    )
    bench = Benchmark.of(frame, "SAN-2090-001")
    assert bench.estimate is not None and bench.estimate.articles == ("GDPR 32",)
    assert bench.edpb_table().startswith("Note: EDPB estimate without GDPR 10")
