"""Which law set the cap of the fine (``regime``), and the sentence that shows it.

The rule is :func:`cnil_sanctions.law.regime_for` (the one place for tiers, regimes and caps);
this module only reads from the text what that rule needs, and the evidence:

* the decision date (passed in by the caller);
* the cap of the Loi's art. 47 the decision quotes (« dans sa version applicable au jour des
  faits … 150 000 euros »): it names the version, so the facts end before the next one applied;
* else the end of the facts, when the decision says they predate the GDPR (« les faits, antérieurs
  au 25 mai 2018 », « la loi … dans sa version applicable à la date des faits ») — not the
  party's case, not a negation — and retains no GDPR article (a GDPR breach means the facts
  went on under the GDPR): the latest date before 25 May 2018 in that sentence (not the date of a
  law or decision it cites, « loi du 6 janvier 1978 »), else the day
  before the GDPR applied; the same day (an upper bound of the facts) when a decision dated
  between 25 May 2018 and the renumbering of the Loi retains only articles of the 1978 Loi;
* the articles retained (``articles_violated``).

Evidence: the sentence about the facts' date when it decided; for a decision dated before the
GDPR applied, the first sentence (not a « Vu ») that cites the Loi's sanction articles (45, 47),
else the first that cites the Loi of 6 January 1978, else the one that pronounces the
« sanction pécuniaire », else the first sentence (the title with the date); otherwise the
evidence of the articles retained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from cnil_sanctions.extract.articles import OLD_VERSION_CUE
from cnil_sanctions.extract.numbers import find_amounts
from cnil_sanctions.extract.sentences import PARTY_CONTENTION, Sentence
from cnil_sanctions.law import (
    GDPR_APPLIES_FROM,
    LIL_2016_APPLIES_FROM,
    LIL_RENUMBERED_FROM,
    TIER_LIL_1978,
    TIER_LIL_2016,
    regime_for,
)
from cnil_sanctions.sources.french_dates import FRENCH_DATE_RE, date_from_match

__all__ = ["Regime", "extract_regime"]

#: the decision says the facts themselves predate the GDPR (not « les règles antérieures … »)
_FACTS_BEFORE_GDPR = re.compile(
    r"\bfaits\b[^.;]{0,120}?\b(?:antérieurs|commis\s+avant|survenus\s+avant|intervenus\s+avant)"
    r"\s+(?:au\s+|le\s+)?(?:25\s+mai\s+2018|(?:à\s+l['’])?entrée\s+en\s+(?:application|vigueur)"
    r"\s+du\s+(?:RGPD|Règlement))",
    re.IGNORECASE,
)
_NOT = re.compile(r"\bne\s+sont\s+pas|\bn['’]\s*(?:étaient|sont)\s+pas|\bpas\s+antérieurs", re.I)
_FACTS = re.compile(r"\bfaits\b", re.IGNORECASE)
#: the date that follows names a text (a law, a decision), not a fact
_TEXT_DATED = re.compile(
    r"\b(?:loi|décret|ordonnance|directive|règlement|délibération|arrêté|décision|"
    r"recommandation|lignes\s+directrices|mise\s+en\s+demeure)\b[^,;()]{0,40}?\bdu\s*$",
    re.IGNORECASE,
)
_OLD_SANCTION_ARTICLES = re.compile(r"articles?\s+4[57]\b[^.;]{0,40}loi", re.IGNORECASE)
_SANCTION_PECUNIAIRE = re.compile(r"sanction\s+pécuniaire", re.IGNORECASE)
_LOI_1978 = re.compile(r"loi\s+(?:n[°o]\s*78-17\s+)?du\s+6\s+janvier\s+1978", re.IGNORECASE)


@dataclass(frozen=True)
class Regime:
    """The label of the law that set the cap (a :data:`cnil_sanctions.law.TIERS` key), its
    evidence, and the end of the facts when the text dates them before the GDPR."""

    regime: str | None = None
    evidence: str | None = None
    facts_end: date | None = None


def _facts_end(sentences: list[Sentence]) -> tuple[date, str] | None:
    for s in sentences:
        if s.text.startswith("Vu "):
            continue
        t = s.text
        if PARTY_CONTENTION.search(t) or _NOT.search(t):
            continue  # the party's case, or facts said not to predate the GDPR
        if _FACTS_BEFORE_GDPR.search(t) or (OLD_VERSION_CUE.search(t) and _FACTS.search(t)):
            dates = []
            for m in FRENCH_DATE_RE.finditer(t):
                if _TEXT_DATED.search(t[max(0, m.start() - 60) : m.start()]):
                    continue  # « loi du 6 janvier 1978 », « décision n° 2017-049 du 26 juillet »
                try:
                    d = date_from_match(m)
                except ValueError:
                    continue
                if d < GDPR_APPLIES_FROM:
                    dates.append(d)
            return (max(dates) if dates else GDPR_APPLIES_FROM - timedelta(days=1)), t
    return None


_ART_47 = re.compile(r"\barticle\s+47\b", re.IGNORECASE)


def _quoted_old_cap(sentences: list[Sentence]) -> tuple[date, str] | None:
    """A sentence quoting the cap of the Loi's art. 47 in an old version (« … ne peut excéder
    150 000 € », « 3 millions d’euros »): the cap names the version, hence an upper bound of the
    facts — the day before the next version applied (law.LIL_2016_APPLIES_FROM for the 1978
    cap, law.GDPR_APPLIES_FROM for the 2016 one)."""
    caps = {
        TIER_LIL_1978.static_max_eur: LIL_2016_APPLIES_FROM,
        TIER_LIL_1978.repeat_max_eur: LIL_2016_APPLIES_FROM,
        TIER_LIL_2016.static_max_eur: GDPR_APPLIES_FROM,
    }
    for s in sentences:
        t = s.text
        if t.startswith("Vu ") or not (_ART_47.search(t) or OLD_VERSION_CUE.search(t)):
            continue
        if PARTY_CONTENTION.search(t):
            continue
        for a in find_amounts(t):
            if a.amount in caps:
                return caps[a.amount] - timedelta(days=1), t
    return None


def extract_regime(
    sentences: list[Sentence],
    articles: list[str],
    articles_evidence: str | None,
    decision_date: date | None,
) -> Regime:
    """The regime of a decision by the rules of the module docstring."""
    facts_end: date | None = None
    evidence: str | None = None
    if not any(a.startswith("GDPR ") for a in articles):
        found = _quoted_old_cap(sentences) or _facts_end(sentences)
        if found:
            facts_end, evidence = found
        elif (
            decision_date is not None
            and GDPR_APPLIES_FROM <= decision_date < LIL_RENUMBERED_FROM
            and articles
            and all(a.startswith("LIL(1978) ") for a in articles)
        ):  # only breaches of the 1978 Loi retained: the facts predate the GDPR
            facts_end, evidence = GDPR_APPLIES_FROM - timedelta(days=1), articles_evidence
    tier = regime_for(articles, decision_date, facts_end)
    if tier is None:
        return Regime(facts_end=facts_end)
    if evidence is None and tier in (TIER_LIL_1978, TIER_LIL_2016):
        pool = [s.text for s in sentences if not s.text.startswith("Vu ")]
        for rx in (_OLD_SANCTION_ARTICLES, _LOI_1978, _SANCTION_PECUNIAIRE):
            evidence = next((t for t in pool if rx.search(t)), None)
            if evidence:
                break
        else:  # the date decided: the first sentence (the title with the date)
            evidence = sentences[0].text if sentences else None
    return Regime(tier.label, evidence or articles_evidence, facts_end)
