"""Measures other than the fine, read from the operative part.

injunction (+ deadline as an ISO 8601 duration), penalty payment per day of delay,
publicity (+ how long the name stays), reprimand, liquidation of a penalty payment,
and the kind of measure of the decision.

``evidence`` keeps, in text order, the operative sentences that support a non-empty / true
measure: the injunction, its deadline, the penalty per day, the publicity, how long the name
stays, the reprimand (a sentence whose measure is later dropped — a deadline without an
injunction — is not kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnil_sanctions.extract.fine import dedupe_amounts
from cnil_sanctions.extract.numbers import find_amounts, parse_number_words
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["Measures", "extract_measures", "iso_duration"]

_UNIT = {"jour": "D", "jours": "D", "semaine": "W", "semaines": "W", "mois": "M"}
_UNIT.update({"an": "Y", "ans": "Y", "année": "Y", "années": "Y"})
_DURATION = re.compile(
    r"(?:délai|durée)\s+(?:de\s+|d['’]\s*)(?P<n>\d+|[a-zéèû\-]+)\s*(?:\((?:[a-zéèû\-\s]+)\)\s*)?"
    r"(?P<unit>jours?|semaines?|mois|ans?|années?)\b",
    re.IGNORECASE,
)


def iso_duration(n_text: str, unit: str) -> str | None:
    """« trois » + « mois » → ``P3M``; None if ``n_text`` is not a number."""
    if n_text.isdigit():
        n = int(n_text)
    else:
        try:
            n = parse_number_words(n_text)
        except ValueError:
            return None
    return f"P{n}{_UNIT[unit.lower()]}"


def _duration_in(s: str) -> str | None:
    m = _DURATION.search(s)
    return iso_duration(m["n"], m["unit"]) if m else None


@dataclass
class Measures:
    """Non-fine measures of one decision."""

    injunction: bool = False
    injunction_deadline: str | None = None
    astreinte_eur_per_day: int | None = None
    publicity: bool = False
    publicity_duration: str | None = None
    reprimand: bool = False
    penalty_liquidated_eur: int | None = None
    penalty_liquidated_evidence: str | None = None
    no_liquidation: bool = False
    formal_notice_publication: bool = False
    evidence: str | None = None


_INJUNCTION = re.compile(r"\bune\s+injonction\b", re.IGNORECASE)
_ASTREINTE = re.compile(r"astreinte", re.IGNORECASE)
_PER_DAY = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:d['’]\s*euros\s*)?par\s+jour", re.IGNORECASE)
_PUBLIC = re.compile(r"\brend(?:re|)\s+publiques?\b", re.IGNORECASE)
_NAME_KEPT_UNTIL = re.compile(
    r"nommément|anonymisée|identifier\s+nommément|permettra\s+plus", re.IGNORECASE
)
_WITHOUT_NAME = re.compile(r"sans\s+(?:l['’])?identifier|de\s+manière\s+anonyme", re.IGNORECASE)
_REPRIMAND = re.compile(r"rappel\s+à\s+l['’]ordre", re.IGNORECASE)
_LIQUIDATION = re.compile(r"liquidation\s+de\s+l['’]astreinte", re.IGNORECASE)
_NO_LIQUIDATION = re.compile(r"pas\s+lieu\s+à\s+liquidation", re.IGNORECASE)
_FORMAL_NOTICE = re.compile(r"rendre\s+publique\s+la\s+décision\s+n[°º]?\s*MED", re.IGNORECASE)


def extract_measures(operative: list[Sentence]) -> Measures:
    """Non-fine measures from the sentences of the operative part."""
    res = Measures()
    support: dict[str, list[Sentence]] = {}  # measure -> sentences that set it
    for s in operative:
        t = s.text
        if _NO_LIQUIDATION.search(t):
            res.no_liquidation = True
        elif _LIQUIDATION.search(t):
            amounts = dedupe_amounts(t, find_amounts(t))
            if amounts:
                res.penalty_liquidated_eur = amounts[0].amount
                res.penalty_liquidated_evidence = t
            continue
        if _FORMAL_NOTICE.search(t):
            res.formal_notice_publication = True
        if _INJUNCTION.search(t) and not re.search(r"assorti\w*\s+l['’]injonction", t, re.I):
            res.injunction = True
            support.setdefault("injunction", []).append(s)
        if _ASTREINTE.search(t):
            per_day = [a for a in find_amounts(t) if _PER_DAY.match(t[a.end : a.end + 40])]
            if per_day and res.astreinte_eur_per_day is None:
                res.astreinte_eur_per_day = per_day[0].amount
                support["astreinte"] = [s]
        if (_INJUNCTION.search(t) or _ASTREINTE.search(t)) and not _PUBLIC.search(t):
            d = _duration_in(t)
            if d and res.injunction_deadline is None:
                res.injunction_deadline = d
                support["deadline"] = [s]
        if _REPRIMAND.search(t) and re.search(r"prononc", t, re.IGNORECASE):
            res.reprimand = True
            support.setdefault("reprimand", []).append(s)
        if _PUBLIC.search(t) and not _WITHOUT_NAME.search(t):
            res.publicity = True
            support.setdefault("publicity", []).append(s)
        if _NAME_KEPT_UNTIL.search(t) and res.publicity_duration is None:
            res.publicity_duration = _duration_in(t)
            if res.publicity_duration:
                support["publicity_duration"] = [s]
    if not res.injunction:
        res.injunction_deadline = None
        support.pop("deadline", None)
    if not res.publicity:
        support.pop("publicity_duration", None)
    res.evidence = _join(support)
    return res


def _join(support: dict[str, list[Sentence]]) -> str | None:
    """The supporting sentences, each once, in text order, joined with `` […] ``."""
    unique = {s.start: s for group in support.values() for s in group}
    return " […] ".join(unique[k].text for k in sorted(unique)) or None
