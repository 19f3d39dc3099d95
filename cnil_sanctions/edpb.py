"""The EDPB fine-calculation method (Guidelines 04/2022, version 2.1, adopted 24 May 2023).

A pure implementation of the five steps of the European Data Protection Board's
*Guidelines 04/2022 on the calculation of administrative fines under the GDPR*:

1. **Infringements and tier** (chapter 3 and section 4.1; GDPR art. 83(3)-(5)):
   each article maps to art. 83(4) (EUR 10M / 2 %) or art. 83(5) (EUR 20M / 4 %); for several
   infringements in the same or linked processing the most serious tier applies (art. 83(3)).
2. **Starting point** (chapter 4): by seriousness, low / medium / high → 0-10 %, 10-20 %,
   20-100 % of the applicable legal maximum (section 4.2, paragraph 60); then, for undertakings
   with a turnover of at most EUR 500M, the turnover adjustment of section 4.3, paragraph 65
   (see :data:`TURNOVER_BANDS`). Above EUR 500M the dynamic maximum (2 % / 4 % of turnover)
   is itself the reference and no adjustment is made.
3. **Aggravating and mitigating circumstances** (chapter 5; GDPR art. 83(2)(c)-(k)): the
   guidelines give no percentages, so each circumstance is an explicit, named :class:`Factor`
   whose percentage the caller supplies. None is assumed by default.
4. **Legal maximum** (chapter 6): the result never exceeds the legal maximum.
5. **Range, not a point**: every stage is a :class:`FineRange` ``(low, high)``. Step 5 of the
   guidelines (effectiveness, proportionality, dissuasiveness, inability to pay; chapter 7)
   is a case-by-case judgement and is *not* modelled.

French law: for infringements of art. 82 of the Loi Informatique et Libertés (cookies) and of
art. L34-5 of the Code des postes et des communications électroniques (electronic direct
marketing), the CNIL's fine is capped by art. 20 III of loi n° 78-17 at EUR 10M or 2 % of
worldwide turnover (raised to EUR 20M / 4 % only for breaches of GDPR art. 83(5)-(6)). Those
articles map to :data:`TIER_LIL_20_III`; the EDPB steps are applied to them by analogy.

Paragraph numbers refer to version 2.1; ``docs/edpb_method.md`` lists which were checked
against the guideline text and which rest on secondary sources.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cnil_sanctions.law import (
    TIER_83_4,
    TIER_83_5,
    TIER_LIL_20_III,
    ArticleRef,
    Tier,
    _check_turnover,
    applicable_tier,
    classify_article,
    legal_maximum,
    parse_article,
)

__all__ = [
    "SERIOUSNESS_BANDS",
    "SERIOUSNESS_LEVELS",
    "TIER_83_4",
    "TIER_83_5",
    "TIER_LIL_20_III",
    "TURNOVER_BANDS",
    "TURNOVER_ADJUSTMENT_LIMIT_EUR",
    "ArticleRef",
    "EdpbResult",
    "Factor",
    "FineRange",
    "Tier",
    "TurnoverBand",
    "applicable_tier",
    "classify_article",
    "edpb_range",
    "edpb_ranges",
    "factor_multiplier",
    "legal_maximum",
    "parse_article",
    "starting_range",
    "turnover_band",
]


# --------------------------------------------------------------------------------------------
# Ranges
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FineRange:
    """A closed range of euro amounts ``[low, high]`` (step 5 of the method: a range, not a point)."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"fine range bounds must be finite, got ({self.low}, {self.high})")
        if self.low < 0 or self.high < self.low:
            raise ValueError(
                f"fine range must satisfy 0 <= low <= high, got ({self.low}, {self.high})"
            )

    def scale(self, low_factor: float, high_factor: float) -> FineRange:
        """Multiply the low bound by ``low_factor`` and the high bound by ``high_factor``."""
        return FineRange(self.low * low_factor, self.high * high_factor)

    def cap(self, maximum: float) -> FineRange:
        """Bound both ends by ``maximum``."""
        return FineRange(min(self.low, maximum), min(self.high, maximum))

    def contains(self, amount: float) -> bool:
        return self.low <= amount <= self.high

    def position(self, amount: float) -> str:
        """``"below"``, ``"inside"`` or ``"above"`` the range."""
        if amount < self.low:
            return "below"
        if amount > self.high:
            return "above"
        return "inside"


# --------------------------------------------------------------------------------------------
# Step 1: articles and tiers
# --------------------------------------------------------------------------------------------


# Tiers, article lists, article parsing and the legal maximum are defined once, in
# :mod:`cnil_sanctions.law`; they are re-exported here under their historical names.


# --------------------------------------------------------------------------------------------
# Step 2: starting point
# --------------------------------------------------------------------------------------------

SERIOUSNESS_LEVELS: tuple[str, ...] = ("low", "medium", "high")

#: Paragraph 60: the starting amount is a point between these shares of the legal maximum.
SERIOUSNESS_BANDS: dict[str, tuple[float, float]] = {
    "low": (0.0, 0.10),
    "medium": (0.10, 0.20),
    "high": (0.20, 1.00),
}


@dataclass(frozen=True)
class TurnoverBand:
    """Paragraph 65 band: turnover in ``(lower_eur, upper_eur]`` → starting amount x [low, high] share."""

    lower_eur: float
    upper_eur: float
    low_share: float
    high_share: float

    def __str__(self) -> str:
        lo = "0" if self.lower_eur == 0 else f"€{self.lower_eur / 1e6:g}M"
        return (
            f"turnover {lo}-€{self.upper_eur / 1e6:g}M: "
            f"{self.low_share * 100:g}-{self.high_share * 100:g} % of the starting amount"
        )


#: Above this turnover no turnover adjustment is made (the dynamic maximum applies).
TURNOVER_ADJUSTMENT_LIMIT_EUR = 500_000_000.0

#: Paragraph 65 (section 4.3): turnover adjustment for undertakings with turnover <= EUR 500M.
#: Bands are read upper-inclusive: exactly EUR 2M is in the first band, exactly EUR 10M in
#: the second, and so on (the guideline's boundary wording is noted in docs/edpb_method.md).
TURNOVER_BANDS: tuple[TurnoverBand, ...] = (
    TurnoverBand(0.0, 2_000_000.0, 0.002, 0.004),
    TurnoverBand(2_000_000.0, 10_000_000.0, 0.003, 0.02),
    TurnoverBand(10_000_000.0, 50_000_000.0, 0.015, 0.10),
    TurnoverBand(50_000_000.0, 100_000_000.0, 0.08, 0.20),
    TurnoverBand(100_000_000.0, 250_000_000.0, 0.15, 0.50),
    TurnoverBand(250_000_000.0, 500_000_000.0, 0.40, 1.00),
)


def turnover_band(turnover_eur: float) -> TurnoverBand | None:
    """The paragraph-65 band of ``turnover_eur``, or None above EUR 500M (no adjustment)."""
    _check_turnover(turnover_eur)
    if turnover_eur is None:
        raise ValueError("turnover_band needs a turnover; got None")
    for band in TURNOVER_BANDS:
        if turnover_eur <= band.upper_eur:
            return band
    return None


def _check_seriousness(seriousness: str) -> str:
    if seriousness not in SERIOUSNESS_BANDS:
        raise ValueError(
            f"unknown seriousness {seriousness!r}: expected one of {', '.join(SERIOUSNESS_LEVELS)}"
        )
    return seriousness


def starting_range(tier: Tier, turnover_eur: float | None, seriousness: str) -> FineRange:
    """Paragraph 60: the seriousness share of the applicable legal maximum, before paragraph 65."""
    low, high = SERIOUSNESS_BANDS[_check_seriousness(seriousness)]
    maximum = legal_maximum(tier, turnover_eur)
    return FineRange(low * maximum, high * maximum)


# --------------------------------------------------------------------------------------------
# Step 3: aggravating and mitigating factors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """An aggravating or mitigating circumstance (guidelines chapter 5, GDPR art. 83(2)(c)-(k)).

    ``percent`` is the caller's assessment of its effect, as a percentage of the adjusted
    starting amount: an aggravating factor of 10 raises it by 10 %, a mitigating factor of 10
    lowers it by 10 %. ``criterion`` optionally names the art. 83(2) letter (e.g. ``"83(2)(f)"``).
    The guidelines give no figures: the percentage is always the caller's.
    """

    name: str
    percent: float
    criterion: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a factor needs a non-empty name")
        if isinstance(self.percent, bool) or not isinstance(self.percent, numbers.Real):
            raise ValueError(
                f"factor {self.name!r}: percent must be a number, got {self.percent!r}"
            )
        if not math.isfinite(self.percent) or self.percent < 0:
            raise ValueError(
                f"factor {self.name!r}: percent must be a finite number >= 0, got {self.percent!r} "
                "(the direction comes from listing it as aggravating or mitigating)"
            )


def factor_multiplier(
    aggravating: Sequence[Factor] = (), mitigating: Sequence[Factor] = ()
) -> float:
    """Convention for step 3: ``1 + sum(aggravating %)/100 - sum(mitigating %)/100``, at least 0.

    Percentages are additive (not compounded) and both bounds of the range are multiplied by
    the same factor. A factor may not be listed twice.
    """
    names = [f.name for f in (*aggravating, *mitigating)]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"factor listed more than once: {', '.join(dupes)}")
    for f in (*aggravating, *mitigating):
        if not isinstance(f, Factor):
            raise ValueError(f"expected a Factor, got {f!r}")
    total = sum(f.percent for f in aggravating) - sum(f.percent for f in mitigating)
    return max(0.0, 1.0 + total / 100.0)


# --------------------------------------------------------------------------------------------
# The five steps together
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EdpbResult:
    """The outcome of the method for one seriousness level, with every intermediate range.

    ``starting`` (step 2, paragraph 60) → ``adjusted`` (step 2, paragraph 65) → ``with_factors``
    (step 3) → ``final`` (step 4, bounded by ``legal_maximum``).
    """

    tier: Tier
    turnover_eur: float | None
    seriousness: str
    legal_maximum: float
    starting: FineRange
    band: TurnoverBand | None
    adjusted: FineRange
    multiplier: float
    with_factors: FineRange
    final: FineRange
    capped: bool
    aggravating: tuple[Factor, ...] = ()
    mitigating: tuple[Factor, ...] = ()
    notes: tuple[str, ...] = field(default=())


def edpb_range(
    tier: Tier,
    turnover_eur: float | None,
    seriousness: str,
    aggravating: Sequence[Factor] = (),
    mitigating: Sequence[Factor] = (),
) -> EdpbResult:
    """Apply steps 2-4 of the guidelines for one tier, turnover and seriousness level.

    With unknown turnover the legal maximum is the static one (a lower bound) and the
    paragraph-65 adjustment spans every band: the range runs from the lowest share of the
    smallest band (0.2 %) to 100 %, and a note says so.
    """
    _check_seriousness(seriousness)
    _check_turnover(turnover_eur)
    notes: list[str] = []
    maximum = legal_maximum(tier, turnover_eur)
    start = starting_range(tier, turnover_eur, seriousness)
    band: TurnoverBand | None
    if turnover_eur is None:
        band = None
        low_share, high_share = TURNOVER_BANDS[0].low_share, 1.0
        notes.append(
            "turnover unknown: static legal maximum (a lower bound) and a turnover adjustment "
            f"spanning every paragraph-65 band ({low_share * 100:g}-{high_share * 100:g} %)"
        )
    else:
        band = turnover_band(turnover_eur)
        if band is None:
            low_share, high_share = 1.0, 1.0
            notes.append("turnover above EUR 500M: no paragraph-65 adjustment, dynamic maximum")
        else:
            low_share, high_share = band.low_share, band.high_share
    adjusted = start.scale(low_share, high_share)
    multiplier = factor_multiplier(aggravating, mitigating)
    with_factors = adjusted.scale(multiplier, multiplier)
    final = with_factors.cap(maximum)
    capped = final != with_factors
    if capped:
        notes.append("bounded by the legal maximum (step 4)")
    if tier is TIER_LIL_20_III:
        notes.append("French ceiling (LIL art. 20 III); EDPB steps applied by analogy")
    elif not tier.gdpr:
        notes.append(f"pre-GDPR ceiling ({tier.basis}); EDPB steps applied by analogy only")
    return EdpbResult(
        tier=tier,
        turnover_eur=turnover_eur,
        seriousness=seriousness,
        legal_maximum=maximum,
        starting=start,
        band=band,
        adjusted=adjusted,
        multiplier=multiplier,
        with_factors=with_factors,
        final=final,
        capped=capped,
        aggravating=tuple(aggravating),
        mitigating=tuple(mitigating),
        notes=tuple(notes),
    )


def edpb_ranges(
    articles: Iterable[str | ArticleRef],
    turnover_eur: float | None,
    seriousness: str | None = None,
    aggravating: Sequence[Factor] = (),
    mitigating: Sequence[Factor] = (),
) -> dict[str, EdpbResult]:
    """Steps 1-4 for a list of infringed articles: one :class:`EdpbResult` per seriousness level.

    With ``seriousness=None`` every level (low, medium, high) is computed; otherwise only the
    given one.
    """
    tier = applicable_tier(articles)
    levels = SERIOUSNESS_LEVELS if seriousness is None else (_check_seriousness(seriousness),)
    return {
        level: edpb_range(tier, turnover_eur, level, aggravating, mitigating) for level in levels
    }
