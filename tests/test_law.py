"""The one place for tiers, regimes and legal maxima (cnil_sanctions.law), and its users."""

from __future__ import annotations

from datetime import date

import pytest

from cnil_sanctions import analysis, edpb, estimate, law
from cnil_sanctions.extract import articles as extract_articles

M = 1_000_000


def test_every_user_calls_the_one_rule():
    # the extractor, the EDPB method, the calculator and the analysis hold no copy of the rule
    assert extract_articles.cap_tier is law.cap_tier
    assert edpb.applicable_tier is law.applicable_tier
    assert edpb.classify_article is law.classify_article
    assert edpb.legal_maximum is law.legal_maximum
    assert estimate.applicable_tier is law.applicable_tier
    assert estimate.legal_maximum is law.legal_maximum
    assert analysis.legal_maximum is law.legal_maximum
    assert edpb.Tier is law.Tier


@pytest.mark.parametrize(
    ("articles", "label"),
    [
        (["GDPR 28(3)", "GDPR 29", "GDPR 32"], "GDPR 83(4)"),  # Dedalus
        (["GDPR 5(1)(c)", "GDPR 9", "GDPR 10", "GDPR 31"], "GDPR 83(5)"),  # SAN-2023-013
        (["GDPR 10", "GDPR 32"], "GDPR 83(4)"),  # art. 10 has no tier: it does not decide
        (["GDPR 10"], None),  # nothing to decide the tier
        (["LIL 82"], "LIL 20"),
        (["LIL 82", "GDPR 6"], "GDPR 83(5)"),
        (["LIL 4", "LIL 89", "LIL 104"], "LIL 20"),  # SAN-2021-016: title III of the Loi
        (["LIL 89", "GDPR 32"], "GDPR 83(4)"),  # same ceiling: the GDPR tier is named
        (["LIL 20"], None),  # the CNIL's own powers (arts 8-23) bind no controller
        (["LIL(1978) 34"], None),  # old-law article: its cap comes from the date
        ([], None),
    ],
)
def test_cap_tier_from_articles(articles, label):
    assert law.cap_tier(articles, has_fine=True) == label


def test_regime_without_fine():
    """A decision without a fine (the State, SAN-2021-016) still has the law that applies."""
    assert law.cap_tier(["LIL 89"], has_fine=False) is None
    assert law.regime_for(["LIL 89"], date(2021, 9, 24)).label == "LIL 20"


def test_no_fine_no_tier():
    assert law.cap_tier(["GDPR 32"], has_fine=False) is None


@pytest.mark.parametrize(
    ("decision_date", "facts_end", "label"),
    [
        (date(2016, 3, 1), None, "LIL 1978 art. 47 (pre-2016)"),  # decision before the 2016 law
        (date(2017, 6, 1), None, "LIL 2016 (Loi pour une République numérique)"),
        (date(2018, 7, 24), date(2018, 5, 24), "LIL 2016 (Loi pour une République numérique)"),
        (date(2018, 7, 24), date(2016, 10, 8), "LIL 1978 art. 47 (pre-2016)"),
        (date(2018, 7, 24), date(2016, 10, 9), "LIL 2016 (Loi pour une République numérique)"),
        (date(2018, 9, 6), None, "GDPR 83(4)"),  # facts not said to end earlier: the GDPR
        (date(2018, 12, 26), date(2018, 5, 25), "GDPR 83(4)"),
    ],
)
def test_regime_by_date(decision_date, facts_end, label):
    tier = law.regime_for(["GDPR 32"], decision_date=decision_date, facts_end=facts_end)
    assert tier is not None and tier.label == label
    assert law.cap_tier(["GDPR 32"], True, decision_date, facts_end) == label


@pytest.mark.parametrize(
    ("label", "turnover", "repeat", "expected"),
    [
        ("GDPR 83(4)", 16.3 * M, False, 10 * M),  # Dedalus: 2 % = 326k < 10M
        ("GDPR 83(4)", 1_000 * M, False, 20 * M),
        ("GDPR 83(5)", 1_000 * M, False, 40 * M),
        ("GDPR 83(5)", None, False, 20 * M),
        ("LIL 20", 38_000 * M, False, 760 * M),
        ("LIL 1978 art. 47 (pre-2016)", 1_000 * M, False, 150_000),
        ("LIL 1978 art. 47 (pre-2016)", None, True, 300_000),
        ("LIL 1978 art. 47 (pre-2016)", 1 * M, True, 50_000),  # 5 % within the 300k limit
        ("LIL 1978 art. 47 (pre-2016)", 100 * M, True, 300_000),
        ("LIL 2016 (Loi pour une République numérique)", 1_000 * M, False, 3 * M),
    ],
)
def test_legal_maximum(label, turnover, repeat, expected):
    assert law.legal_maximum(label, turnover, repeat=repeat) == pytest.approx(expected)


@pytest.mark.parametrize("bad", [-1.0, float("inf"), float("nan"), "16M", True])
def test_legal_maximum_rejects_bad_turnover(bad):
    with pytest.raises(ValueError, match="turnover"):
        law.legal_maximum("GDPR 83(4)", bad)


def test_unknown_label_is_named():
    with pytest.raises(ValueError, match="GDPR 83\\(6\\)"):
        law.tier_from_label("GDPR 83(6)")


@pytest.mark.parametrize(
    ("text", "law_name", "article", "paragraphs"),
    [
        ("LIL(1978) 34", "LIL(1978)", "34", ()),
        ("LIL (1978) 6(2)", "LIL(1978)", "6", ("2",)),
        ("LIL 82", "LIL", "82", ()),
    ],
)
def test_old_law_references(text, law_name, article, paragraphs):
    ref = law.parse_article(text)
    assert (ref.law, ref.article, ref.paragraphs) == (law_name, article, paragraphs)


def test_article_tiers_shows_no_tier_of_its_own():
    assert law.article_tiers(["5(1)(c)", "10"]) == [
        ("GDPR 5(1)(c)", "GDPR 83(5)"),
        ("GDPR 10", law.NO_TIER),
    ]


def test_estimate_with_an_article_without_tier_gives_the_83_5_maximum(capsys):
    # issue 13: the articles of SAN-2023-013 used to make the calculator fail on art. 10
    est = estimate.estimate_fine(1 * M, ["5(1)(c)", "9", "10", "31"], precedents=False)
    assert est.tier is law.TIER_83_5
    assert est.legal_maximum == 20 * M
    assert "GDPR 10 (no tier of its own)" in est.to_table()


@pytest.mark.parametrize(
    ("amount", "procedure", "over"),
    [
        (20_000, "simplified", False),  # the cap itself is allowed (LIL art. 22-1)
        (20_001, "simplified", True),
        (150_000, "unknown", False),  # ordinary or unknown procedure: no such cap
        (None, "simplified", False),
    ],
)
def test_simplified_procedure_cap(amount, procedure, over):
    assert law.over_simplified_cap(amount, procedure) is over
