"""Extraction of the facts of a CNIL decision from its French text (issue 3).

>>> facts = extract_facts(text, title=decision.title)        # doctest: +SKIP
>>> facts["fine_eur"], facts["fine_eur_evidence"]             # doctest: +SKIP

:func:`extract_facts` is pure: text in, one value per column of
:data:`cnil_sanctions.extract.fields.FIELDS` out (python scalars or None; lists and records
as JSON strings).
"""

from __future__ import annotations

import json
import re
from datetime import date

from cnil_sanctions.decision import is_formal_notice_publication
from cnil_sanctions.extract.articles import cap_tier, extract_articles
from cnil_sanctions.extract.fields import FIELD_NAMES, FIELDS
from cnil_sanctions.extract.fine import extract_appeal, extract_fine
from cnil_sanctions.extract.measures import extract_measures
from cnil_sanctions.extract.organisation import extract_organisation
from cnil_sanctions.extract.people import breach_evidence, extract_people, has_data_breach
from cnil_sanctions.extract.regime import extract_regime
from cnil_sanctions.extract.sentences import operative_part, preamble, split_sentences
from cnil_sanctions.extract.timeline import extract_inspection_date
from cnil_sanctions.extract.turnover import extract_turnover
from cnil_sanctions.sources.french_dates import FRENCH_DATE_RE, date_from_match

__all__ = ["extract_facts", "FIELDS", "FIELD_NAMES"]

#: A warning pronounced in the operative part (« prononce … un avertissement [public] »).
_WARNING = re.compile(r"\bavertissement\b", re.I)


def decision_date_of(title: str | None, text: str) -> date | None:
    """The date of a decision from its title (« Délibération SAN-2019-001 du 21 janvier 2019 »),
    else from the first line of its text; None when neither gives one."""
    for source in (title or "", text[:300]):
        m = re.search(r"\bdu\s+" + FRENCH_DATE_RE.pattern, source, re.IGNORECASE)
        if m:
            try:
                return date_from_match(m)
            except ValueError:
                continue
    return None


def extract_facts(
    text: str,
    *,
    title: str | None = None,
    header: str | None = None,
    decision_date: date | None = None,
) -> dict[str, object]:
    """Extract the facts of one decision.

    ``text`` is the decision body (Légifrance header may be included), ``title`` its title,
    ``header`` the Légifrance header line(s) where a Conseil d'État note may sit,
    ``decision_date`` its date (read from the title when not given): it decides the law the
    decision applies and the numbering of the Loi of 6 January 1978.
    Returns exactly one key per name of :data:`FIELDS`.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError("extract_facts: empty decision text")
    if decision_date is None:
        decision_date = decision_date_of(title, text)
    sentences = split_sentences(text)
    span = operative_part(text)
    operative = split_sentences(text, *span) if span else []

    fine = extract_fine(operative)
    appeal = extract_appeal((header or "") + "\n" + preamble(text))
    measures = extract_measures(operative)
    articles, articles_ev = extract_articles(sentences, operative, decision_date)
    org = extract_organisation(text, sentences, operative, title=title)
    turnover = extract_turnover(sentences, org.names)
    people = extract_people(sentences)
    inspection = extract_inspection_date(sentences)

    if measures.penalty_liquidated_eur is not None:
        kind = "penalty_liquidation"
    elif (
        measures.formal_notice_publication
        or is_formal_notice_publication(title)
        or (span is None and re.search(r"mise\s+en\s+demeure", text[:3000], re.I))
    ):
        kind = "formal_notice_publication"
    elif fine.fine_eur is not None:
        kind = "fine"
    elif any(_WARNING.search(s.text) for s in operative):
        kind = "warning"
    elif measures.reprimand:
        kind = "reprimand"
    elif measures.no_liquidation or re.search(r"liquidation", text[:5000], re.I):
        kind = "injunction_follow_up"
    else:
        kind = "other"

    regime = extract_regime(sentences, articles, articles_ev, decision_date)
    tier = cap_tier(articles, fine.fine_eur is not None, decision_date, regime.facts_end)
    breach = has_data_breach(sentences, articles)
    conflicts = fine.conflicts + turnover.conflicts + people.conflicts + org.conflicts

    out: dict[str, object] = {
        "measure_kind": kind,
        "organisation": org.organisation,
        "organisation_evidence": org.evidence,
        "organisation_anonymised": org.anonymised,
        "legal_form": org.legal_form,
        "legal_form_evidence": org.legal_form_evidence if org.legal_form else None,
        "role": org.role,
        "role_evidence": org.role_evidence,
        "sector": org.sector,
        "sector_evidence": org.sector_evidence,
        "siren": org.siren,
        "staff_count": org.staff_count,
        "staff_count_scope": org.staff_scope,
        "staff_count_evidence": org.staff_evidence,
        "inspection_date": inspection.inspection_date.isoformat()
        if inspection.inspection_date
        else None,
        "inspection_date_evidence": inspection.evidence,
        "fine_eur": fine.fine_eur,
        "fine_eur_evidence": fine.evidence,
        "fines_by_entity": json.dumps(fine.by_entity, ensure_ascii=False)
        if fine.by_entity
        else None,
        "fines_by_article": json.dumps(fine.by_article, ensure_ascii=False)
        if fine.by_article
        else None,
        "fines_by_article_evidence": fine.by_article_evidence if fine.by_article else None,
        "fine_after_appeal_eur": appeal.fine_after_appeal_eur,
        "fine_after_appeal_eur_evidence": appeal.evidence
        if appeal.fine_after_appeal_eur is not None or appeal.appeal_reference
        else None,
        "appeal_reference": appeal.appeal_reference,
        "penalty_liquidated_eur": measures.penalty_liquidated_eur,
        "penalty_liquidated_eur_evidence": measures.penalty_liquidated_evidence
        if measures.penalty_liquidated_eur is not None
        else None,
        "injunction": measures.injunction,
        "injunction_deadline": measures.injunction_deadline,
        "astreinte_eur_per_day": measures.astreinte_eur_per_day,
        "publicity": measures.publicity,
        "publicity_duration": measures.publicity_duration if measures.publicity else None,
        "reprimand": measures.reprimand,
        "measures_evidence": measures.evidence,
        "turnover_eur": turnover.turnover_eur,
        "turnover_eur_evidence": turnover.evidence,
        "turnover_year": turnover.turnover_year,
        "turnover_scope": turnover.turnover_scope,
        "turnover_redacted": turnover.redacted,
        "turnover_redacted_evidence": turnover.redacted_evidence if turnover.redacted else None,
        "turnover_figures": json.dumps(turnover.figures, ensure_ascii=False)
        if turnover.figures
        else None,
        "net_income_eur": turnover.net_income_eur,
        "net_income_eur_evidence": turnover.net_income_evidence,
        "individual_income_eur": turnover.individual_income_eur,
        "individual_income_eur_evidence": turnover.individual_income_evidence,
        "articles_violated": ";".join(articles) if articles else None,
        "articles_violated_evidence": articles_ev,
        "cap_tier": tier,
        "cap_tier_evidence": (regime.evidence or articles_ev) if tier else None,
        "regime": regime.regime,
        "regime_evidence": regime.evidence if regime.regime else None,
        "people_affected": people.people_affected,
        "people_affected_evidence": people.evidence,
        "people_affected_unit": people.unit,
        "people_affected_approx": people.approx,
        "data_breach": breach,
        "data_breach_evidence": breach_evidence(sentences) if breach else None,
        "extraction_conflicts": "\n".join(conflicts) if conflicts else None,
    }
    missing = set(FIELD_NAMES) ^ set(out)
    if missing:  # a programming error, not bad input
        raise AssertionError(f"extract_facts keys differ from FIELDS: {sorted(missing)}")
    return out
