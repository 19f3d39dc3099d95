"""Number of people / accounts / records concerned, and whether there was a data breach.

A candidate is a number directly followed by a unit noun (« 491 840 patients », « plus de
3,7 millions de comptes »). The headline figure is the candidate with the best score:

* +3 in a sentence about the people concerned or affected (« concern », « affect »,
  « violation », « données de », « figuraient », « ont reçu »), +1 per other cue;
* +2 in the sanction section (from the last « Sur la sanction / les mesures correctrices … »
  heading), +1 when the sentence speaks of the « nombre » of « personnes concernées »;
* candidates in « Vu » clauses, counts of complaints, staff sizes (« emploie 486 personnes »)
  and counts of people above the world population (a typo such as « 2 474 000 millions de
  comptes ») are skipped;
* ties go to an exact figure over an approximate one, then to the larger figure;
* « le nombre de personnes concernées était de N » beats every other candidate.

Several candidates with the best score but different values are recorded as a conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.numbers import find_quantities
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["PeopleResult", "extract_people", "has_data_breach"]

_UNITS: list[tuple[str, str]] = [
    (r"personnes", "people"),
    (r"patients", "patients"),
    (r"clients", "customers"),
    (r"abonnés", "customers"),
    (r"consommateurs", "customers"),
    (r"comptes", "accounts"),
    (r"utilisateurs", "users"),
    (r"internautes", "users"),
    (r"membres", "users"),
    (r"prospects", "prospects"),
    (r"salariés|agents|employés|collaborateurs", "employees"),
    (r"lycéens|élèves|étudiants", "students"),
    (r"visiteurs", "visitors"),
    (r"identifiants", "identifiers"),
    (r"débiteurs", "people"),
    (r"séries\s+d['’]images", "records"),
    (r"images|photographies|photos", "images"),
    (r"enregistrements|fiches|dossiers|lignes", "records"),
    (r"adresses(?:\s+électroniques|\s+de\s+messagerie)?|numéros\s+de\s+téléphone", "records"),
]
_UNIT_RE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:de\s+|d['’])?(?:(?:nouveaux|anciens|autres)\s+)?(?P<u>"
    + "|".join(f"(?:{u})" for u, _ in _UNITS)
    + r")\b",
    re.IGNORECASE,
)
_STRONG = re.compile(
    r"concern|affect|violation|figuraient|divulgu|exposé|ont\s+reçu|accessibles?|"
    r"données\s+(?:à\s+caractère\s+personnel\s+)?de\s+(?:plus\s+de\s+|près\s+de\s+|environ\s+)?\d",
    re.IGNORECASE,
)
_WEAK = re.compile(r"base\s+de\s+données|fichier|dénombr|compt(?:e|ait)|trait", re.IGNORECASE)
_NOT_PEOPLE = re.compile(r"^\s*(?:plaintes|réclamations|sites|pages|jours|mois|ans|heures)", re.I)
_EXCLUDED_CONTEXT = re.compile(r"\bplainte|\bsignataires|\bmandat", re.IGNORECASE)
_STAFF_BEFORE = re.compile(
    r"(?:emploi\w*|employait|compt\w*|effectif\w*[^.;]{0,40})\s+(?:environ\s+|plus\s+de\s+|près\s+de\s+)?$",
    re.IGNORECASE,
)
_SANCTION_SECTION = re.compile(
    r"Sur\s+(?:la|les)\s+(?:sanction|mesures\s+correctrices|amende|prononcé)", re.IGNORECASE
)
_NUMBER_OF = re.compile(
    r"nombre\s+(?:total\s+)?d['’]?e?\s*(?P<u>personnes|clients|patients|comptes|utilisateurs)"
    r"\s+concerné\w*\s+(?:était|est|s['’]élève|s['’]élevait)\s+(?:à|de)\s+(?P<rest>.{1,40})",
    re.IGNORECASE,
)
_HEADLINE = re.compile(r"nombre|personnes\s+concernées", re.IGNORECASE)
_PERSON_UNITS = {"people", "patients", "customers", "accounts", "users", "employees", "students"}
_WORLD_POPULATION = 8_100_000_000


@dataclass
class PeopleResult:
    """People-affected facts of one decision."""

    people_affected: int | None = None
    unit: str | None = None
    approx: bool | None = None
    evidence: str | None = None
    conflicts: list[str] = field(default_factory=list)


def _unit_name(word: str) -> str:
    for pattern, name in _UNITS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return name
    return "people"


def extract_people(sentences: list[Sentence]) -> PeopleResult:
    """The headline number of people/records concerned, by the rules of the module docstring."""
    res = PeopleResult()
    best: list[tuple[int, bool, int, int, str, bool, str]] = []  # score, exact, value, -order
    order = 0
    section = 0
    for s in sentences:
        if _SANCTION_SECTION.match(s.text):
            section = s.start
    for s in sentences:
        t = s.text
        if t.startswith("Vu ") or re.match(r"\s*(?:PAR CES MOTIFS|Délibération)", t):
            continue
        for q in find_quantities(t):
            if q.currency or q.value < 2 or q.value != int(q.value) or q.high is not None:
                continue
            m = _UNIT_RE.match(t[q.end : q.end + 60])
            if not m:
                continue
            unit = _unit_name(m["u"])
            if unit in _PERSON_UNITS and q.value > _WORLD_POPULATION:
                continue
            if _EXCLUDED_CONTEXT.search(t[max(0, q.start - 60) : q.end + 60]):
                continue
            if unit in {"people", "employees"} and _STAFF_BEFORE.search(
                t[max(0, q.start - 60) : q.start]
            ):
                continue
            score = (3 if _STRONG.search(t) else 0) + (1 if _WEAK.search(t) else 0)
            score += 1 if q.value >= 1000 else 0
            score += 2 if section and s.start >= section else 0
            score += 1 if _HEADLINE.search(t) else 0
            order += 1
            best.append((score, not q.approx, int(q.value), -order, unit, q.approx, t))
        for m in _NUMBER_OF.finditer(t):  # « le nombre de personnes concernées était de 29 440 »
            qs = [q for q in find_quantities(m["rest"]) if not q.currency and q.value >= 2]
            if qs and qs[0].start < 5:
                order += 1
                q = qs[0]
                unit = _unit_name(m["u"])
                best.append((8, not q.approx, int(q.value), -order, unit, q.approx, t))
    if not best:
        return res
    best.sort(reverse=True)
    score, _, value, _, unit, approx, ev = best[0]
    res.people_affected, res.unit, res.approx, res.evidence = value, unit, approx, ev
    rivals = sorted({b[2] for b in best if b[0] == score and b[2] != value})
    if rivals:
        res.conflicts.append(
            f"people_affected: {value} kept (first best-scored mention); same-score candidates: "
            f"{rivals[:5]}"
        )
    return res


_BREACH = re.compile(
    r"violations?\s+de(?:s)?\s+données|fuite\s+de\s+données|cyberattaque|"
    r"accès\s+non\s+autorisé|divulgation\s+non\s+autorisée",
    re.IGNORECASE,
)


def has_data_breach(sentences: list[Sentence], articles: list[str]) -> bool:
    """True when a breach notification article (GDPR 33/34) is retained, or the decision
    speaks of a personal-data breach at least twice outside the « Vu » clauses."""
    if any(re.match(r"GDPR 3[34]\b", a) for a in articles):
        return True
    n = sum(len(_BREACH.findall(s.text)) for s in sentences if not s.text.startswith("Vu "))
    return n >= 2
