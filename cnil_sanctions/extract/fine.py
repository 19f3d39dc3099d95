"""The fine pronounced in the operative part, per entity, and a Conseil d'État note.

Rules (documented in the field dictionary):

* Only sentences of the operative part (after the last « PAR CES MOTIFS ») that pronounce an
  « amende administrative » / « sanction pécuniaire » count; the rapporteur's proposal and
  amounts quoted from other cases are ignored.
* An amount written twice (« 1 500 000 (un million cinq cent mille) euros », « soixante
  millions d’euros (60 000 000 d’euros) ») counts once; if figures and words differ the
  figures win and the conflict is recorded.
* One sentence with several amounts: if it says the total « se décompose » (or « dont »),
  the first amount is the total; otherwise the amounts are added (fine split by legal basis).
* Several sentences fining different entities → one entry per entity and their total;
  several sentences fining the same entity → their total.
* Amounts followed by « par jour » are penalty payments, not fines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.numbers import Quantity, find_amounts
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["FineResult", "extract_fine", "dedupe_amounts", "extract_appeal", "entity_of"]

_FINE_WORDS = re.compile(r"amende\s+administrative|sanction\s+pécuniaire|amende\b", re.IGNORECASE)
_PER_DAY = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:d['’]\s*euros\s*)?par\s+jour", re.IGNORECASE)
_TOTAL_SPLIT = re.compile(r"se\s+décompose|\bdont\b|répartie?s?\s+comme", re.IGNORECASE)
_ENTITY = re.compile(
    r"(?:à\s+l['’]encontre\s+(?:de\s+la\s+société|des\s+sociétés|du|de\s+la|de\s+l['’]|de)"
    r"|contre\s+la\s+société)\s+(?P<name>.+?)(?=\s*,?\s*(?:une\s+(?:amende|sanction|injonction)"
    r"|d['’]un\s+montant|un\s+rappel|;|$))",
    re.IGNORECASE,
)


@dataclass
class FineResult:
    """Fine facts of one decision."""

    fine_eur: int | None = None
    evidence: str | None = None
    by_entity: list[dict[str, object]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def dedupe_amounts(sentence: str, amounts: list[Quantity]) -> list[Quantity]:
    """Drop the second writing of an amount written in figures and in words side by side."""
    out: list[Quantity] = []
    for a in amounts:
        if out and a.value == out[-1].value:
            between = sentence[out[-1].end : a.start]
            if re.fullmatch(r"[\s(]*", between):
                continue
        out.append(a)
    return out


def entity_of(sentence: str) -> str | None:
    """The entity named in « à l'encontre de la société X » in an operative sentence."""
    m = _ENTITY.search(sentence)
    if not m:
        return None
    name = m["name"].strip(" ,")
    return name or None


def _fine_amounts(s: Sentence, conflicts: list[str]) -> list[Quantity]:
    amounts = [a for a in find_amounts(s.text) if not _PER_DAY.match(s.text[a.end : a.end + 40])]
    amounts = dedupe_amounts(s.text, amounts)
    for a in amounts:
        if not a.consistent:
            conflicts.append(
                f"fine_eur: figures {a.amount} and words {round(a.words_value or 0)} differ in "
                f"« {a.text} »; figures kept"
            )
    return amounts


def extract_fine(operative: list[Sentence]) -> FineResult:
    """Fine facts from the sentences of the operative part."""
    res = FineResult()
    per_entity: dict[str, int] = {}
    evidences: list[str] = []
    for s in operative:
        if not _FINE_WORDS.search(s.text) or re.search(r"astreinte", s.text[:60], re.I):
            continue
        amounts = _fine_amounts(s, res.conflicts)
        if not amounts:
            continue
        if len(amounts) > 1 and _TOTAL_SPLIT.search(s.text):
            total = amounts[0].amount
            parts = sum(a.amount for a in amounts[1:])
            if parts and parts != total:
                res.conflicts.append(
                    f"fine_eur: stated total {total} but parts add up to {parts}; total kept"
                )
        else:
            total = sum(a.amount for a in amounts)
        name = entity_of(s.text) or ""
        per_entity[name] = per_entity.get(name, 0) + total
        evidences.append(s.text)
    if not per_entity:
        return res
    res.fine_eur = sum(per_entity.values())
    res.evidence = evidences[0] if len(evidences) == 1 else " […] ".join(evidences)
    named = {k: v for k, v in per_entity.items() if k}
    if len(named) > 1:
        res.by_entity = [{"entity": k, "fine_eur": v} for k, v in named.items()]
    return res


_MONTHS = {
    "janvier": "janv.",
    "février": "févr.",
    "mars": "mars",
    "avril": "avr.",
    "mai": "mai",
    "juin": "juin",
    "juillet": "juill.",
    "août": "août",
    "septembre": "sept.",
    "octobre": "oct.",
    "novembre": "nov.",
    "décembre": "déc.",
}


def ce_reference(day: dt.date, number: str | None = None) -> str:
    """A Conseil d'État judgment as ``appeal_reference`` writes it: ``CE, 22 juill. 2022, n°
    449694`` (French month abbreviations of :data:`_MONTHS`)."""
    month = list(_MONTHS.values())[day.month - 1]
    return f"CE, {day.day} {month} {day.year}" + (f", n° {number}" if number else "")


_CE_NOTE = re.compile(
    r"(?:Par\s+une\s+décision|Par\s+un\s+arrêt)\s+du\s+(?P<d>\d{1,2})(?:er)?\s+(?P<m>[a-zéû]+)\s+"
    r"(?P<y>\d{4}),?\s+le\s+Conseil\s+d['’]\s?[ÉE]tat\s+a\s+(?P<verb>réformé|annulé)(?P<rest>.{0,600})",
    re.IGNORECASE | re.DOTALL,
)
_CE_NUMBER = re.compile(r"(?:décision|requête)\s+n[°ºo]\s*(?P<n>\d{5,7})", re.IGNORECASE)
_REDUCED_TO = re.compile(r"ramenant\s+le\s+montant.{0,80}?\bà\s+(?P<amt>[^.;]{1,60}?euros?)", re.I)


@dataclass
class AppealResult:
    """A Conseil d'État judgment noted in the header."""

    fine_after_appeal_eur: int | None = None
    appeal_reference: str | None = None
    evidence: str | None = None


def extract_appeal(header: str) -> AppealResult:
    """Read a header note « Par une décision du …, le Conseil d’État a réformé / annulé … ».

    The reference is normalised as ``CE, 22 juill. 2022, n° 449694``. The fine after appeal is
    the amount after « ramenant le montant … à » or 0 when the decision was annulled.
    """
    res = AppealResult()
    m = _CE_NOTE.search(header)
    if not m:
        return res
    month = _MONTHS.get(m["m"].lower(), m["m"])
    num = _CE_NUMBER.search(m["rest"])
    ref = f"CE, {int(m['d'])} {month} {m['y']}"
    if num:
        ref += f", n° {num['n']}"
    res.appeal_reference = ref
    end = m.start("rest") + (num.end() if num else len(m["rest"]))
    res.evidence = header[m.start() : end].strip()
    if m["verb"].lower() == "annulé" and "partiellement" not in m["rest"][:40].lower():
        res.fine_after_appeal_eur = 0
    else:
        red = _REDUCED_TO.search(m["rest"])
        if red:
            amts = find_amounts(red["amt"])
            if amts:
                res.fine_after_appeal_eur = amts[-1].amount
    return res
