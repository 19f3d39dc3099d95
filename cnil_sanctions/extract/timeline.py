"""The date of the CNIL's first inspection (contrôle) that the decision describes.

A sentence describes an inspection when it names one — « mission(s) / opération(s) de
contrôle », « contrôle(s) en ligne / sur place / sur pièces / sur audition », « un / une / des /
deux … [premier, nouveau …] contrôle(s) » — and says it took place (« a procédé à », « a
effectué », « a été réalisé », « a mené », « a opéré », « a eu lieu », « s'est rendue »,
« diligenté »):

* « Le 9 septembre 2021, une délégation a procédé à un contrôle sur place … » → 2021-09-09;
* « … une délégation de la CNIL a procédé à une mission de contrôle en ligne le 15 juin suivant »
  after « décision … du 12 juin 2017 » → 2017-06-15 (« suivant »: the year of the date before);
* « les 7 et 13 septembre 2018 », « Les 24 janvier et 1er février 2018 », « des 13, 14 et 19
  novembre 2019 » → the first day of the list, with the list's month and year where it gives
  none of its own.

Not an inspection date: the date of the president's decision ordering it (« décision n°
2018-136C de la présidente de la Commission du 26 juin 2018 »), of a law, a regulation or a
court order (« … du Conseil du 27 avril 2016 », « ordonnance du 11 septembre 2019 »), of a
complaint (« saisine enregistrée le 21 février 2020 »), any date of a sentence about the report
(« procès-verbal … notifié le … ») and of a sentence giving the party's view (« La société
estime … », :data:`~cnil_sanctions.extract.sentences.PARTY_CONTENTION`). A month alone (« en mai
2019 ») is not a date, nor one in parentheses (« (devenue la société … le 1er janvier 2017) »). The value is the earliest date found in such sentences, with its
sentence as evidence: the first *dated* inspection, from which the time to the decision is
counted. An earlier inspection the text does not date is missed (SAN-2021-021 dates its on-site
inspections only in a later sentence about the report: the value is the later « contrôle sur
pièces … le 3 juin 2020 »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cnil_sanctions.extract.guarded import GuardedPattern
from cnil_sanctions.extract.sentences import PARTY_CONTENTION, Sentence
from cnil_sanctions.sources.french_dates import MONTHS

__all__ = ["InspectionResult", "extract_inspection_date"]

_INSPECTION = GuardedPattern(
    r"\b(?:missions?|opérations?)\s+de\s+contrôle\b"
    r"|\bcontrôles?\s+(?:en\s+ligne|sur\s+place|sur\s+pièces|sur\s+audition)\b"
    r"|\b(?:un|une|des|deux|trois|quatre|cinq|six|plusieurs|ce|ces)\s+(?:\w+\s+)?contrôles?\b",
    needles=("contrôle",),
)
_DONE = re.compile(
    r"\b(?:procédé|procéder|effectué(?:e|s|es)?|effectuer|réalisé(?:e|s|es)?|mené(?:e|s|es)?"
    r"|opéré(?:e|s|es)?|eu\s+lieu|rendue|diligentée?s?|envoi)\b",
    re.IGNORECASE,
)
_REPORT = re.compile(r"procès-verba(?:l|ux)|notifi", re.IGNORECASE)
_MONTH = "|".join(MONTHS)
_DAY = r"(?:\d{1,2})(?:er)?"
#: a list of days ending with a month and a year (or « suivant »): « 7 et 13 septembre 2018 »
_DATE_LIST = re.compile(
    rf"\b(?P<first>{_DAY})(?:\s+(?P<first_month>{_MONTH}))?"
    rf"(?:\s*(?:,|et)\s*{_DAY}(?:\s+(?:{_MONTH}))?)*"
    rf"(?(first_month)(?:\s+(?P<month2>{_MONTH}))?|\s+(?P<month>{_MONTH}))"
    r"\s+(?:(?P<year>(?:19|20)\d\d)\b|(?P<next>suivant)\b)",
    re.IGNORECASE,
)
#: what precedes a date that is not an inspection's (the order, a law, a court order)
_NOT_INSPECTION_BEFORE = re.compile(
    r"(?:\d{3}C\b|\bdécisions?\b|\bloi\b|\bConseil\b|\bordonnance\b|\bdirective\b"
    r"|\brèglement\b)[^;:]{0,220}\bdu\s*$"
    r"|\b(?:saisine|plainte|réclamation|signalement)s?\s+(?:\w+\s+){0,3}(?:le|du)\s*$",
    re.IGNORECASE,
)
#: the party's account of the facts, not the decision's (« La société estime … »)
_PARTY = GuardedPattern(
    rf"{PARTY_CONTENTION.pattern}|\b(?:la\s+société|les\s+sociétés)\s+(?:\w+\s+){{0,2}}?"
    r"(?:estim\w*|considèr\w*)\b",
    needles=(*PARTY_CONTENTION.needles, "estim", "considèr"),
)


@dataclass(frozen=True)
class InspectionResult:
    """The first inspection date and the sentence(s) that state it."""

    inspection_date: date | None = None
    evidence: str | None = None


def _mask_brackets(text: str) -> str:
    """``text`` with what stands in parentheses blanked (same length): « (devenue la société …
    le 1er janvier 2017) » dates something else."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text)


def _dates(sentence: str) -> list[date]:
    """The inspection dates a sentence gives (the first day of each list)."""
    sentence = _mask_brackets(sentence)
    out: list[date] = []
    last_year: int | None = None
    for m in _DATE_LIST.finditer(sentence):
        before = sentence[: m.start()]
        month = m["first_month"] or m["month"]
        if m["year"]:
            year = int(m["year"])
        elif last_year is not None:
            year = last_year
        else:
            continue
        last_year = year
        if _NOT_INSPECTION_BEFORE.search(before):
            continue
        day = int(re.match(r"\d+", m["first"]).group())  # type: ignore[union-attr]
        try:
            out.append(date(year, MONTHS[month.lower()], day))
        except ValueError:  # « 31 février »: not a date
            continue
    return out


def extract_inspection_date(sentences: list[Sentence]) -> InspectionResult:
    """The earliest date of an inspection the decision describes (see the module docstring)."""
    found: list[tuple[date, str]] = []
    for s in sentences:
        text = s.text
        if text.lstrip().startswith("Vu ") or _REPORT.search(text) or _PARTY.search(text):
            continue
        if not (_INSPECTION.search(text) and _DONE.search(text)):
            continue
        found.extend((d, text) for d in _dates(text))
    if not found:
        return InspectionResult()
    first = min(d for d, _ in found)
    evidence = next(t for d, t in found if d == first)
    return InspectionResult(first, evidence)
