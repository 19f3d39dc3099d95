"""Tests of cnil_sanctions.edpb: the EDPB Guidelines 04/2022 (v2.1) fine method.

Expected figures are computed by hand from the bands in the module docstring / docs/edpb_method.md.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnil_sanctions.edpb import (
    SERIOUSNESS_BANDS,
    TIER_83_4,
    TIER_83_5,
    TIER_LIL_20_III,
    TURNOVER_BANDS,
    Factor,
    FineRange,
    applicable_tier,
    classify_article,
    edpb_range,
    edpb_ranges,
    factor_multiplier,
    legal_maximum,
    parse_article,
    starting_range,
    turnover_band,
)

M = 1_000_000


def approx_range(r: FineRange, low: float, high: float) -> bool:
    return math.isclose(r.low, low, rel_tol=1e-9, abs_tol=1e-6) and math.isclose(
        r.high, high, rel_tol=1e-9, abs_tol=1e-6
    )


# ---------------------------------------------------------------- step 1: articles and tiers


@pytest.mark.parametrize(
    ("text", "law", "article", "paragraphs"),
    [
        ("GDPR 28(3)", "GDPR", "28", ("3",)),
        ("GDPR 5(1)(c)", "GDPR", "5", ("1", "c")),
        ("28", "GDPR", "28", ()),
        (" 32 ", "GDPR", "32", ()),
        ("RGPD art. 32", "GDPR", "32", ()),
        ("article 6", "GDPR", "6", ()),
        ("LIL 82", "LIL", "82", ()),
        ("CPCE L34-5", "CPCE", "L34-5", ()),
        ("CPCE L. 34-5", "CPCE", "L34-5", ()),
        ("gdpr 5 (1) (f)", "GDPR", "5", ("1", "f")),
    ],
)
def test_parse_article(text, law, article, paragraphs):
    ref = parse_article(text)
    assert (ref.law, ref.article, ref.paragraphs) == (law, article, paragraphs)


@pytest.mark.parametrize("text", ["", "GDPR", "foo", "28(3", "GDPR L34-5", "5,6", "art. -3"])
def test_parse_article_rejects_nonsense(text):
    with pytest.raises(ValueError, match="article"):
        parse_article(text)


@pytest.mark.parametrize("number", [5, 6, 7, 9, *range(12, 23), *range(44, 50)])
def test_art_83_5_articles(number):
    assert classify_article(str(number)) is TIER_83_5
    assert classify_article(f"GDPR {number}(1)") is TIER_83_5


@pytest.mark.parametrize("number", [8, 11, *range(25, 40), 42, 43])
def test_art_83_4_articles(number):
    assert classify_article(str(number)) is TIER_83_4


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("GDPR 41(4)", TIER_83_4),
        ("GDPR 58(2)", TIER_83_5),
        ("GDPR 58(1)(e)", TIER_83_5),
        ("GDPR 5(1)(c)", TIER_83_5),
        ("GDPR 28(3)", TIER_83_4),
        ("LIL 82", TIER_LIL_20_III),
        ("CPCE L34-5", TIER_LIL_20_III),
    ],
)
def test_classify_paragraph_forms(text, tier):
    assert classify_article(text) is tier


@pytest.mark.parametrize(
    "text",
    [
        "GDPR 24",
        "10",
        "1",
        "23",
        "40",
        "50",
        "99",
        "GDPR 41(1)",
        "GDPR 58(3)",
        "LIL 20",
        "CPCE L34-6",
    ],
)
def test_article_without_a_tier_of_its_own(text):
    assert classify_article(text) is None


@pytest.mark.parametrize("text", ["GDPR 0", "100", "GDPR 120"])
def test_not_a_gdpr_article_is_a_clear_error(text):
    with pytest.raises(ValueError, match=r"not a GDPR article"):
        classify_article(text)


def test_tier_ceilings():
    assert (TIER_83_4.static_max_eur, TIER_83_4.turnover_share) == (10 * M, 0.02)
    assert (TIER_83_5.static_max_eur, TIER_83_5.turnover_share) == (20 * M, 0.04)
    # loi 78-17 art. 20 III: EUR 10M or 2 % for LIL 82 / CPCE L34-5
    assert (TIER_LIL_20_III.static_max_eur, TIER_LIL_20_III.turnover_share) == (10 * M, 0.02)


@pytest.mark.parametrize(
    ("articles", "tier"),
    [
        (["GDPR 28(3)", "29", "32"], TIER_83_4),  # Dedalus
        (["32", "6"], TIER_83_5),  # most serious tier wins (art. 83(3))
        (["5(1)(f)", "32", "33"], TIER_83_5),
        (["LIL 82"], TIER_LIL_20_III),
        (["LIL 82", "32"], TIER_83_4),  # same ceiling: the GDPR tier is named
        (["LIL 82", "CPCE L34-5", "6"], TIER_83_5),  # art. 20 III raised ceiling for 83(5)
    ],
)
def test_applicable_tier_is_the_most_serious(articles, tier):
    assert applicable_tier(articles) is tier


def test_applicable_tier_needs_articles():
    with pytest.raises(ValueError, match="no article"):
        applicable_tier([])


def test_an_article_without_tier_does_not_decide_nor_fail():
    assert applicable_tier(["32", "GDPR 24"]) is TIER_83_4
    with pytest.raises(ValueError, match="GDPR 24"):
        applicable_tier(["GDPR 24", "10"])


# ---------------------------------------------------------------- legal maximum


@pytest.mark.parametrize(
    ("tier", "turnover", "expected"),
    [
        (TIER_83_4, 16.3 * M, 10 * M),  # Dedalus: 2 % of 16.3M = 326k < 10M
        (TIER_83_4, 500 * M, 10 * M),  # 2 % of 500M = 10M exactly
        (TIER_83_5, 500 * M, 20 * M),  # 4 % of 500M = 20M exactly
        (TIER_83_4, 1_000 * M, 20 * M),  # dynamic
        (TIER_83_5, 1_000 * M, 40 * M),  # dynamic
        (TIER_83_5, None, 20 * M),  # unknown turnover: static (lower bound)
        (TIER_83_4, 0, 10 * M),
    ],
)
def test_legal_maximum(tier, turnover, expected):
    assert legal_maximum(tier, turnover) == pytest.approx(expected)


@pytest.mark.parametrize("bad", [-1, -16.3 * M, float("nan"), float("inf"), "16.3M", True])
def test_legal_maximum_rejects_bad_turnover(bad):
    with pytest.raises(ValueError, match="turnover"):
        legal_maximum(TIER_83_4, bad)


# ---------------------------------------------------------------- step 2: seriousness (para 60)


def test_seriousness_bands_paragraph_60():
    assert SERIOUSNESS_BANDS == {"low": (0.0, 0.10), "medium": (0.10, 0.20), "high": (0.20, 1.00)}


@pytest.mark.parametrize(
    ("seriousness", "low", "high"),
    [("low", 0, 1 * M), ("medium", 1 * M, 2 * M), ("high", 2 * M, 10 * M)],
)
def test_starting_range_83_4_static(seriousness, low, high):
    assert approx_range(starting_range(TIER_83_4, 16.3 * M, seriousness), low, high)


def test_starting_range_uses_dynamic_maximum_above_500m():
    # 83(5), EUR 1bn: maximum 40M, high seriousness 20-100 % → 8M-40M
    assert approx_range(starting_range(TIER_83_5, 1_000 * M, "high"), 8 * M, 40 * M)


def test_guideline_example_article_12_low_seriousness_mechanics():
    # Guidelines section 4.2, example of an online store that answered access requests late
    # (art. 12 infringement, judged of low seriousness): "a point between 0 and 10 % of the legal
    # maximum included in Article 83(5)". Only the mechanics are tested (no turnover figure).
    tier = applicable_tier(["GDPR 12"])
    assert tier is TIER_83_5
    assert approx_range(starting_range(tier, None, "low"), 0, 2 * M)


@pytest.mark.parametrize("bad", ["Low", "severe", "", None])
def test_unknown_seriousness(bad):
    with pytest.raises(ValueError, match="seriousness"):
        starting_range(TIER_83_4, 1 * M, bad)


# ---------------------------------------------------------------- step 2: turnover (para 65)


def test_turnover_bands_paragraph_65():
    assert [(b.lower_eur, b.upper_eur, b.low_share, b.high_share) for b in TURNOVER_BANDS] == [
        (0, 2 * M, 0.002, 0.004),
        (2 * M, 10 * M, 0.003, 0.02),
        (10 * M, 50 * M, 0.015, 0.10),
        (50 * M, 100 * M, 0.08, 0.20),
        (100 * M, 250 * M, 0.15, 0.50),
        (250 * M, 500 * M, 0.40, 1.00),
    ]


@pytest.mark.parametrize(
    ("turnover", "shares"),
    [
        (0, (0.002, 0.004)),
        (2 * M, (0.002, 0.004)),  # edge: exactly EUR 2M is in the first band
        (2 * M + 1, (0.003, 0.02)),
        (10 * M, (0.003, 0.02)),  # edge: exactly EUR 10M
        (10 * M + 1, (0.015, 0.10)),
        (16.3 * M, (0.015, 0.10)),  # Dedalus
        (50 * M, (0.015, 0.10)),  # edge: exactly EUR 50M
        (50 * M + 1, (0.08, 0.20)),
        (100 * M, (0.08, 0.20)),  # edge: exactly EUR 100M
        (100 * M + 1, (0.15, 0.50)),
        (250 * M, (0.15, 0.50)),  # edge: exactly EUR 250M
        (250 * M + 1, (0.40, 1.00)),
        (500 * M, (0.40, 1.00)),  # edge: exactly EUR 500M still adjusted
    ],
)
def test_turnover_band_edges(turnover, shares):
    band = turnover_band(turnover)
    assert band is not None
    assert (band.low_share, band.high_share) == shares


@pytest.mark.parametrize("turnover", [500 * M + 1, 1_000 * M, 100_000 * M])
def test_no_turnover_adjustment_above_500m(turnover):
    assert turnover_band(turnover) is None


def test_turnover_band_rejects_bad_input():
    with pytest.raises(ValueError, match="turnover"):
        turnover_band(-5)
    with pytest.raises(ValueError, match="turnover"):
        turnover_band(None)


# ---------------------------------------------------------------- step 3: factors


def test_no_factor_by_default():
    assert factor_multiplier() == 1.0
    r = edpb_range(TIER_83_4, 16.3 * M, "high")
    assert r.multiplier == 1.0 and r.adjusted == r.with_factors
    assert r.aggravating == () and r.mitigating == ()


def test_factor_convention_is_additive():
    agg = [Factor("previous infringements", 20, "83(2)(e)"), Factor("negligence", 5)]
    mit = [Factor("cooperation", 10, "83(2)(f)")]
    assert factor_multiplier(agg, mit) == pytest.approx(1.15)


def test_mitigation_cannot_go_below_zero():
    assert factor_multiplier((), [Factor("a", 80), Factor("b", 40)]) == 0.0


@pytest.mark.parametrize("percent", [-5, float("nan"), float("inf"), "10"])
def test_factor_rejects_bad_percent(percent):
    with pytest.raises(ValueError, match="percent"):
        Factor("x", percent)


def test_factor_needs_a_name():
    with pytest.raises(ValueError, match="name"):
        Factor("  ", 10)


def test_factor_listed_twice_is_an_error():
    with pytest.raises(ValueError, match="more than once: cooperation"):
        factor_multiplier([Factor("cooperation", 5)], [Factor("cooperation", 5)])


# ---------------------------------------------------------------- the method end to end


def test_dedalus_ranges():
    # Dedalus Biologie: turnover EUR 16.3M, GDPR 28(3), 29, 32 → 83(4), maximum EUR 10M,
    # paragraph-65 band 10-50M: 1.5-10 % of the starting amount.
    res = edpb_ranges(["GDPR 28(3)", "29", "32"], 16.3 * M)
    assert set(res) == {"low", "medium", "high"}
    for r in res.values():
        assert r.tier is TIER_83_4
        assert r.legal_maximum == pytest.approx(10 * M)
        assert not r.capped
    assert approx_range(res["low"].final, 0, 100_000)
    assert approx_range(res["medium"].final, 15_000, 200_000)
    assert approx_range(res["high"].final, 30_000, 1 * M)
    # the CNIL's EUR 1.5M fine lies above the EDPB high range (no factor assumed)
    assert res["high"].final.position(1_500_000) == "above"


def test_only_requested_seriousness():
    res = edpb_ranges(["32"], 16.3 * M, seriousness="medium")
    assert list(res) == ["medium"]


def test_large_undertaking_no_adjustment():
    r = edpb_range(TIER_83_5, 1_000 * M, "high")
    assert r.band is None
    assert approx_range(r.final, 8 * M, 40 * M)
    assert any("500M" in n for n in r.notes)


def test_legal_maximum_is_final_bound():
    # 83(5), EUR 400M: maximum 20M; high 4M-20M; band 40-100 % → 1.6M-20M; +50 % → 2.4M-30M;
    # bounded by 20M.
    r = edpb_range(TIER_83_5, 400 * M, "high", aggravating=[Factor("intent", 50, "83(2)(b)")])
    assert approx_range(r.adjusted, 1.6 * M, 20 * M)
    assert approx_range(r.with_factors, 2.4 * M, 30 * M)
    assert approx_range(r.final, 2.4 * M, 20 * M)
    assert r.capped


def test_mitigating_factor_lowers_range():
    r = edpb_range(TIER_83_4, 16.3 * M, "high", mitigating=[Factor("cooperation", 25)])
    assert approx_range(r.final, 22_500, 750_000)


def test_unknown_turnover_spans_all_bands():
    r = edpb_range(TIER_83_4, None, "high")
    assert r.legal_maximum == 10 * M
    assert approx_range(r.final, 2 * M * 0.002, 10 * M)
    assert any("turnover unknown" in n for n in r.notes)


def test_lil_tier_notes_analogy():
    r = edpb_ranges(["LIL 82"], 16.3 * M, "high")["high"]
    assert r.tier is TIER_LIL_20_III
    assert approx_range(r.final, 30_000, 1 * M)
    assert any("20 III" in n for n in r.notes)


def test_fine_range_validation_and_position():
    with pytest.raises(ValueError):
        FineRange(2, 1)
    with pytest.raises(ValueError):
        FineRange(-1, 1)
    r = FineRange(10, 20)
    assert [r.position(x) for x in (5, 10, 15, 20, 25)] == [
        "below",
        "inside",
        "inside",
        "inside",
        "above",
    ]


# ---------------------------------------------------------------- properties


turnovers = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
levels = st.sampled_from(["low", "medium", "high"])
tiers = st.sampled_from([TIER_83_4, TIER_83_5, TIER_LIL_20_III])
percents = st.floats(min_value=0, max_value=300, allow_nan=False)


@given(tiers, turnovers, levels, percents, percents)
def test_final_range_within_legal_maximum(tier, turnover, level, agg, mit):
    r = edpb_range(tier, turnover, level, [Factor("a", agg)], [Factor("m", mit)])
    assert 0 <= r.final.low <= r.final.high <= r.legal_maximum * (1 + 1e-12)


@given(tiers, turnovers, turnovers, levels)
def test_high_bound_non_decreasing_in_turnover(tier, t1, t2, level):
    lo_t, hi_t = sorted((t1, t2))
    a = edpb_range(tier, lo_t, level).final.high
    b = edpb_range(tier, hi_t, level).final.high
    assert a <= b * (1 + 1e-12)
