"""The legal rules that set the ceiling of a CNIL fine — the one place each is defined.

Everything that needs a tier, a regime or a legal maximum (the extractor's ``cap_tier`` and
``regime``, the analysis, the EDPB method, the fine calculator) imports it from here.

**Tiers under the GDPR** (Regulation (EU) 2016/679, art. 83):

- art. 83(4)(a)-(c): EUR 10M or 2 % of the undertaking's total worldwide annual turnover of the
  preceding financial year, whichever is higher, for the obligations of arts 8, 11, 25 to 39,
  42 and 43 (controller and processor), 42 and 43 (certification body) and 41(4) (monitoring
  body);
- art. 83(5)(a)-(e) and 83(6): EUR 20M or 4 %, for arts 5, 6, 7 and 9 (principles, consent),
  12 to 22 (data subjects' rights), 44 to 49 (transfers), Member-State obligations under
  Chapter IX, and non-compliance with an order or limitation under art. 58(2) or with access
  under art. 58(1).

An article listed in neither (art. 10, 24, 40, 41(1)…) has **no tier of its own**: it does not
decide the tier of a case, and a case whose articles all lack one has no GDPR tier.
Several infringements of the same or linked processing take the tier of the gravest (art. 83(3)).

**French law**:

- Loi n° 78-17 (« LIL ») art. 20 III, as amended by ordonnance n° 2018-1125: the measures for
  breaches of the GDPR « ou de la présente loi »; breaches of the Loi itself in its current
  numbering (art. 82 on cookies, the title III articles of the police-justice directive: 4, 87 to
  114…) and of CPCE art. L34-5 (electronic direct marketing) are capped at EUR 10M or 2 % of
  worldwide turnover (``LIL 20``; 7°: no fine where the State is the controller — the cap then
  names the law that applies, not an amount that could be imposed).
- Before the GDPR applied (25 May 2018), LIL art. 47 set the cap of the formation restreinte's
  « sanction pécuniaire » (LIL art. 45):
  - in its version before loi n° 2016-1321 of 7 October 2016 « pour une République numérique »
    (published in the JORF of 8 October 2016, in force the next day): EUR 150,000 for a first
    breach; for a breach repeated within five years, EUR 300,000 or, for an undertaking, 5 % of
    the last closed year's turnover excluding tax within the limit of EUR 300,000
    (``LIL 1978 art. 47 (pre-2016)``);
  - as amended by that law: EUR 3M (``LIL 2016 (Loi pour une République numérique)``).
  Penalties are not retroactive: facts that ended before 25 May 2018 are capped by the law in
  force when they were committed, whatever the date of the decision.

Article references use the project's notation: ``GDPR 28(3)``, ``GDPR 5(1)(c)``, ``LIL 82``,
``CPCE L34-5``, and ``LIL(1978) 34`` for the Loi of 6 January 1978 in its pre-2018 numbering.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = [
    "GDPR_APPLIES_FROM",
    "GDPR_83_4_ARTICLES",
    "GDPR_83_5_ARTICLES",
    "LIL_2016_APPLIES_FROM",
    "LIL_RENUMBERED_FROM",
    "NO_TIER",
    "SIMPLIFIED_PROCEDURE_MAX_EUR",
    "TIERS",
    "TIER_83_4",
    "TIER_83_5",
    "TIER_LIL_1978",
    "TIER_LIL_2016",
    "TIER_LIL_20_III",
    "ArticleRef",
    "Tier",
    "applicable_tier",
    "article_tiers",
    "cap_tier",
    "classify_article",
    "legal_maximum",
    "old_law_tier",
    "over_simplified_cap",
    "parse_article",
    "regime_for",
    "tier_from_label",
]


# --------------------------------------------------------------------------------------------
# Tiers (fine ceilings)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """A fine ceiling: ``static_max_eur``, or ``turnover_share`` of turnover if that is higher.

    ``name`` is the short name the EDPB method prints (``83(4)``), ``label`` the value of the
    dataset's ``cap_tier`` / ``regime`` columns (``GDPR 83(4)``). ``repeat_max_eur`` is the
    ceiling for a repeated breach where the law sets one (LIL 1978 art. 47).
    """

    name: str
    static_max_eur: float
    turnover_share: float
    basis: str
    rank: int  # higher = more serious (art. 83(3): the gravest infringement sets the ceiling)
    label: str = ""
    repeat_max_eur: float | None = None
    repeat_turnover_share: float | None = None
    gdpr: bool = True


#: GDPR art. 83(4): EUR 10M or 2 % of total worldwide annual turnover, whichever is higher.
TIER_83_4 = Tier("83(4)", 10_000_000.0, 0.02, "GDPR art. 83(4)", rank=1, label="GDPR 83(4)")
#: GDPR art. 83(5) (and 83(6), same ceiling): EUR 20M or 4 %, whichever is higher.
TIER_83_5 = Tier("83(5)", 20_000_000.0, 0.04, "GDPR art. 83(5)", rank=2, label="GDPR 83(5)")
#: Loi 78-17 art. 20 III, for LIL 82 (cookies) and CPCE L34-5: EUR 10M or 2 %.
TIER_LIL_20_III = Tier(
    "LIL 20 III",
    10_000_000.0,
    0.02,
    "Loi 78-17 art. 20 III (the Loi's own articles, e.g. LIL 82; CPCE L34-5)",
    rank=0,
    label="LIL 20",
    gdpr=False,
)
#: Loi 78-17 art. 47 before loi 2016-1321: EUR 150,000; on repeat EUR 300,000 (5 % of turnover
#: within that limit for an undertaking).
TIER_LIL_1978 = Tier(
    "LIL 1978 art. 47",
    150_000.0,
    0.0,
    "Loi 78-17 art. 47 (version before loi n° 2016-1321)",
    rank=-2,
    label="LIL 1978 art. 47 (pre-2016)",
    repeat_max_eur=300_000.0,
    repeat_turnover_share=0.05,
    gdpr=False,
)
#: Loi 78-17 art. 47 as amended by loi n° 2016-1321 (République numérique): EUR 3M.
TIER_LIL_2016 = Tier(
    "LIL 2016 art. 47",
    3_000_000.0,
    0.0,
    "Loi 78-17 art. 47 (as amended by loi n° 2016-1321 of 7 October 2016)",
    rank=-1,
    label="LIL 2016 (Loi pour une République numérique)",
    gdpr=False,
)

#: Every tier, by its dataset label (the values ``cap_tier`` and ``regime`` take).
TIERS: dict[str, Tier] = {
    t.label: t for t in (TIER_83_4, TIER_83_5, TIER_LIL_20_III, TIER_LIL_1978, TIER_LIL_2016)
}

#: Shown for an article that appears in neither art. 83(4) nor 83(5).
NO_TIER = "no tier of its own"

#: GDPR art. 83(5)(a)-(c), (e) and 83(6): principles and consent, data subjects' rights,
#: transfers, orders of the supervisory authority.
GDPR_83_5_ARTICLES: frozenset[int] = frozenset({5, 6, 7, 9, *range(12, 23), *range(44, 50), 58})
#: GDPR art. 83(4)(a)-(c): controller and processor obligations, certification, monitoring.
GDPR_83_4_ARTICLES: frozenset[int] = frozenset({8, 11, *range(25, 40), 41, 42, 43})
# art. 41: only 41(4) (obligations of the monitoring body, art. 83(4)(c)) is fineable;
# art. 58: only non-compliance with 58(2) orders or 58(1) access (art. 83(5)(e), 83(6)).
_ONLY_PARAGRAPHS: dict[int, frozenset[str]] = {41: frozenset({"4"}), 58: frozenset({"1", "2"})}
_GDPR_LAST_ARTICLE = 99

# French provisions whose fine ceiling is set by LIL art. 20 III: every article of the Loi in its
# current numbering (law ``LIL``) that binds a controller or processor and, by CPCE art. L34-5's
# last paragraph, L34-5. Arts 8 to 23 (title I, chapter II: the CNIL, its powers, its corrective
# measures and sanctions) bind no controller: no tier.
_LIL_20_III_LAWS: frozenset[str] = frozenset({"LIL"})
_LIL_CNIL_ARTICLES: range = range(8, 24)
_FRENCH: dict[tuple[str, str], Tier] = {("CPCE", "L34-5"): TIER_LIL_20_III}

#: The GDPR applies from this date (art. 99(2)).
GDPR_APPLIES_FROM = date(2018, 5, 25)
#: Loi 2016-1321 (JORF 8 October 2016) applies from the next day.
LIL_2016_APPLIES_FROM = date(2016, 10, 9)
#: The Loi of 6 January 1978 in its current numbering applies from this date: ordonnance
#: n° 2018-1125 of 12 December 2018 (JORF 13 December 2018) rewrote and renumbered it, in force
#: (its art. 29) with the décret rewriting décret n° 2005-1309 and by 1 June 2019 at the latest —
#: décret n° 2019-536 of 29 May 2019 (JORF 30 May 2019), in force on 1 June 2019. Before it, an
#: article number of the Loi is in the old numbering (``LIL(1978) 34``).
LIL_RENUMBERED_FROM = date(2019, 6, 1)


def tier_from_label(label: str | Tier) -> Tier:
    """The :class:`Tier` of a ``cap_tier`` / ``regime`` value (``"GDPR 83(4)"``, ...)."""
    if isinstance(label, Tier):
        return label
    try:
        return TIERS[str(label).strip()]
    except KeyError:
        raise ValueError(f"unknown cap tier {label!r}: expected one of {sorted(TIERS)}") from None


# --------------------------------------------------------------------------------------------
# Article references
# --------------------------------------------------------------------------------------------

_ARTICLE_RE = re.compile(
    r"""^\s*
    (?:(?P<law>GDPR|RGPD|LIL\s*\(\s*1978\s*\)|LIL|CPCE)(?![A-Za-z])\.?\s*)?
    (?:(?:art(?:icle)?s?)\.?\s*)?
    (?P<num>L\.?\s*\d+(?:-\d+)*|\d+)
    (?P<paras>(?:\s*\(\s*[0-9a-z]+\s*\))*)
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class ArticleRef:
    """A parsed reference: ``law`` (GDPR, LIL, LIL(1978), CPCE), ``article``, ``paragraphs``."""

    law: str
    article: str
    paragraphs: tuple[str, ...]
    raw: str

    def __str__(self) -> str:
        return f"{self.law} {self.article}" + "".join(f"({p})" for p in self.paragraphs)


def parse_article(text: str) -> ArticleRef:
    """Parse ``GDPR 28(3)``, ``GDPR 5(1)(c)``, ``28``, ``RGPD art. 32``, ``LIL 82``,
    ``CPCE L34-5``, ``LIL(1978) 34``.

    A bare number is a GDPR article. Raises ValueError naming the text when it is not an
    article reference.
    """
    if not isinstance(text, str):
        raise ValueError(f"article reference must be a string, got {type(text).__name__}: {text!r}")
    m = _ARTICLE_RE.match(text)
    if not m:
        raise ValueError(
            f"not an article reference: {text!r} (expected e.g. 'GDPR 28(3)', '32', 'LIL 82', "
            "'CPCE L34-5', 'LIL(1978) 34')"
        )
    law = re.sub(r"\s+", "", m["law"] or "GDPR").upper()
    if law == "RGPD":
        law = "GDPR"
    num = re.sub(r"[.\s]", "", m["num"]).upper()
    paragraphs = tuple(p.lower() for p in re.findall(r"\(\s*([0-9a-z]+)\s*\)", m["paras"], re.I))
    if law == "GDPR" and not num.isdigit():
        raise ValueError(f"not a GDPR article number: {text!r}")
    if law == "GDPR" and not 1 <= int(num) <= _GDPR_LAST_ARTICLE:
        raise ValueError(f"not a GDPR article: {text!r} (the GDPR has arts 1 to 99)")
    return ArticleRef(law=law, article=num, paragraphs=paragraphs, raw=text)


def classify_article(text: str | ArticleRef) -> Tier | None:
    """The fine tier of one article, or None when it has no tier of its own.

    GDPR art. 83(5): arts 5, 6, 7, 9, 12-22, 44-49, 58(1)/(2) (orders and access, also 83(6)).
    GDPR art. 83(4): arts 8, 11, 25-39, 41(4), 42, 43. The Loi's own articles in its current
    numbering (LIL 82, the title III articles LIL 89, 104…; not arts 8-23 on the CNIL itself)
    and CPCE L34-5: LIL art. 20 III.
    Any other article — a GDPR article listed in neither paragraph, another French provision,
    an article of the Loi in its 1978 numbering (whose cap depends on the date, see
    :func:`old_law_tier`) — returns None. A text that is not an article raises ValueError.
    """
    ref = text if isinstance(text, ArticleRef) else parse_article(text)
    if ref.law == "GDPR":
        number = int(ref.article)
        allowed = _ONLY_PARAGRAPHS.get(number)
        if allowed is not None and ref.paragraphs and ref.paragraphs[0] not in allowed:
            return None
        if number in GDPR_83_5_ARTICLES:
            return TIER_83_5
        if number in GDPR_83_4_ARTICLES:
            return TIER_83_4
        return None
    if ref.law in _LIL_20_III_LAWS:
        cnil_itself = ref.article.isdigit() and int(ref.article) in _LIL_CNIL_ARTICLES
        return None if cnil_itself else TIER_LIL_20_III
    return _FRENCH.get((ref.law, ref.article))


def article_tiers(articles: Iterable[str | ArticleRef]) -> list[tuple[str, str]]:
    """Each article with the label of its tier, or :data:`NO_TIER` — for display."""
    out = []
    for a in articles:
        ref = a if isinstance(a, ArticleRef) else parse_article(a)
        tier = classify_article(ref)
        out.append((str(ref), tier.label if tier else NO_TIER))
    return out


def applicable_tier(articles: Iterable[str | ArticleRef]) -> Tier:
    """The tier of the most serious infringement (GDPR art. 83(3)).

    Articles with no tier of their own are passed over. Ties between GDPR 83(4) and LIL 20 III
    (same ceiling) resolve to GDPR 83(4). Raises ValueError on an empty list, or when no article
    has a tier (naming them).
    """
    refs = [a if isinstance(a, ArticleRef) else parse_article(a) for a in articles]
    if not refs:
        raise ValueError("no article given: at least one infringed article is needed")
    tiers = [t for t in (classify_article(r) for r in refs) if t is not None]
    if not tiers:
        names = ", ".join(str(r) for r in refs)
        raise ValueError(
            f"no fine tier: none of {names} is listed in GDPR art. 83(4)-(6) or LIL art. 20 III"
        )
    return max(tiers, key=lambda t: (t.static_max_eur, t.turnover_share, t.rank))


def old_law_tier(facts_date: date) -> Tier | None:
    """The pre-GDPR cap for facts committed on ``facts_date`` (None from 25 May 2018)."""
    if facts_date >= GDPR_APPLIES_FROM:
        return None
    if facts_date >= LIL_2016_APPLIES_FROM:
        return TIER_LIL_2016
    return TIER_LIL_1978


def regime_for(
    articles: Iterable[str | ArticleRef],
    decision_date: date | None = None,
    facts_end: date | None = None,
) -> Tier | None:
    """The tier of the law a decision applies.

    ``facts_end`` is the last date of the facts when the decision says the facts ended before
    25 May 2018: the old law in force then sets the cap (non-retroactivity of penalties). A
    decision dated before 25 May 2018 applies the old law of its facts, which precede it
    (``facts_end`` unknown: the decision date stands in, an upper bound of the facts). Otherwise
    the articles decide (:func:`applicable_tier`); None when none of them has a tier.
    """
    when = facts_end
    if when is None and decision_date is not None and decision_date < GDPR_APPLIES_FROM:
        when = decision_date
    if when is not None:
        old = old_law_tier(when)
        if old is not None:
            return old
    refs = [a if isinstance(a, ArticleRef) else parse_article(a) for a in articles]
    if not refs or all(classify_article(r) is None for r in refs):
        return None
    return applicable_tier(refs)


def cap_tier(
    articles: Iterable[str],
    has_fine: bool,
    decision_date: date | None = None,
    facts_end: date | None = None,
) -> str | None:
    """The dataset's ``cap_tier`` label for a decision (None without a fine or a tier)."""
    if not has_fine:
        return None
    tier = regime_for(list(articles), decision_date, facts_end)
    return tier.label if tier else None


# --------------------------------------------------------------------------------------------
# Legal maximum
# --------------------------------------------------------------------------------------------


def _check_turnover(turnover_eur: float | None) -> None:
    if turnover_eur is None:
        return
    if isinstance(turnover_eur, bool) or not isinstance(turnover_eur, numbers.Real):
        raise ValueError(f"turnover must be a number of euros, got {turnover_eur!r}")
    if not math.isfinite(turnover_eur) or turnover_eur < 0:
        raise ValueError(
            f"turnover must be a finite, non-negative amount of euros, got {turnover_eur!r}"
        )


def legal_maximum(
    tier: Tier | str, turnover_eur: float | None = None, *, repeat: bool = False
) -> float:
    """The legal maximum fine for ``tier`` (a :class:`Tier` or its label) and turnover.

    The static maximum, or ``turnover_share`` x turnover when that is higher (GDPR dynamic
    maximum). With an unknown turnover (``None``; NaN is refused) the static maximum is returned — then
    only a lower bound of the true maximum for the turnover-based tiers. ``repeat``: the ceiling
    for a repeated breach where the law sets one (LIL 1978 art. 47: EUR 300,000, or for an
    undertaking 5 % of turnover within that limit).
    """
    t = tier_from_label(tier)
    _check_turnover(turnover_eur)
    if repeat and t.repeat_max_eur is not None:
        if turnover_eur is None or t.repeat_turnover_share is None:
            return t.repeat_max_eur
        return min(t.repeat_max_eur, t.repeat_turnover_share * float(turnover_eur))
    if turnover_eur is None:
        return t.static_max_eur
    return max(t.static_max_eur, t.turnover_share * float(turnover_eur))


# --------------------------------------------------------------------------------------------
# Simplified procedure
# --------------------------------------------------------------------------------------------

#: Loi 78-17 art. 22-1 (simplified procedure, as created by loi n° 2022-52 of 24 January 2022):
#: the president of the formation restreinte, or a member, may pronounce a fine of at most
#: EUR 20,000 (and a penalty payment of at most EUR 100 a day).
SIMPLIFIED_PROCEDURE_MAX_EUR = 20_000.0


def over_simplified_cap(amount_eur: float | None, procedure: str | None) -> bool:
    """True when a fine said to be pronounced under the simplified procedure exceeds its cap."""
    return (
        procedure == "simplified"
        and amount_eur is not None
        and float(amount_eur) > SIMPLIFIED_PROCEDURE_MAX_EUR
    )
