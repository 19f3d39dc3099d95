"""The fine pronounced in the operative part: total, breakdown by article, per entity.

The operative part (after the last « PAR CES MOTIFS ») is read as a list of measures
(bullets, « ; », sentences). A fine is a measure of this grammar::

    FINE      := [prononcer] [à l'encontre de ENTITY] NOUN [à l'encontre de ENTITY]
                 [d'un montant [total|global] de] MONEY [pour … | au titre de …]
                 [BREAKDOWN]
    NOUN      := amende administrative | sanction pécuniaire (pre-2019 wording) | amende
    BREAKDOWN := (qui se décompose comme suit | répartie comme suit | dont) [:] PART (; PART)*
    PART      := MONEY (pour | au titre d…) … articles …  |  … articles … : MONEY
    MONEY     := one amount in figures, in words or both, in either order, with euros / € /
                 EUR / M€ before, inside or after the bracket (cnil_sanctions.extract.numbers)

Rules (documented in the field dictionary):

* The total is the fine (``fine_eur``); the parts of a breakdown go to ``fines_by_article``
  with the articles each part names, and must add up to the total — otherwise the difference
  is recorded in ``extraction_conflicts`` and the stated total is kept.
* A measure that states several amounts without a breakdown cue (a fine split by legal basis)
  is their sum, its parts kept as the breakdown.
* An amount written both ways counts once; figures and words that disagree are a conflict,
  recorded (the figures are kept).
* Several measures fining different entities → one entry per entity (``fines_by_entity``)
  and their total; several measures fining the same entity → their total.
* Amounts followed by « par jour » are penalty payments; the liquidation of a penalty
  payment (« liquidation de l’astreinte ») is not a fine (``penalty_liquidated_eur``).
* The rapporteur's proposal and amounts quoted from other cases are never read: only the
  operative part is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.articles import parse_article_refs
from cnil_sanctions.extract.numbers import Quantity, find_amounts
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["FineResult", "extract_fine", "dedupe_amounts", "extract_appeal", "entity_of"]

_FINE_WORDS = re.compile(r"amende\s+administrative|sanction\s+pécuniaire|amende\b", re.IGNORECASE)
_PER_DAY = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:d['’]\s*euros\s*)?par\s+jour", re.IGNORECASE)
_BREAKDOWN = re.compile(
    r"se\s+décompos\w*|\bdont\b|répartie?s?\s+(?:comme\s+suit|de\s+la\s+manière)|"
    r"ventilée?s?\s+comme",
    re.IGNORECASE,
)
_PENALTY = re.compile(r"astreinte|liquidation", re.IGNORECASE)
#: a measure that is not a fine begins (the breakdown of a fine never does)
_OTHER_MEASURE = re.compile(
    r"^\s*(?:de\s+|d['’]\s*)?(?:prononcer|prononce|rendre|enjoindre|assortir|adresser|procéder"
    r"|ordonner|dire|mettre|transmettre|notifier)\b",
    re.IGNORECASE,
)
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
    #: the parts of a breakdown: ``{"fine_eur": int, "articles": [ref, …]}`` (+ ``entity``)
    by_article: list[dict[str, object]] = field(default_factory=list)
    by_article_evidence: str | None = None
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


def _amounts(text: str, conflicts: list[str]) -> list[Quantity]:
    """The fine amounts of a piece of the operative part (not « … par jour »), each once;
    an amount whose figures and words disagree is recorded as a conflict."""
    amounts = [a for a in find_amounts(text) if not _PER_DAY.match(text[a.end : a.end + 40])]
    amounts = dedupe_amounts(text, amounts)
    for a in amounts:
        if not a.consistent:
            conflicts.append(
                f"fine_eur: figures {a.amount} and words {round(a.words_value or 0)} differ in "
                f"« {a.text} »; figures kept"
            )
    return amounts


def _is_part(s: Sentence) -> bool:
    """A part of a breakdown: « 200 000 € pour manquement à … » or « au titre de l’article 32 :
    200 000 € » — an amount (not per day), in a piece that does not start another measure."""
    if _OTHER_MEASURE.match(s.text) or _FINE_WORDS.search(s.text):
        return False
    amounts = [a for a in find_amounts(s.text) if not _PER_DAY.match(s.text[a.end : a.end + 40])]
    return bool(amounts)


@dataclass
class _Measure:
    """One fine measure: its sentences (the pronouncement, then the breakdown parts)."""

    head: list[Sentence]
    #: each part of the breakdown: its sentence(s) (« au titre de l’article 32 : » + « 325 000 € »)
    parts: list[list[Sentence]]


def _fine_measures(operative: list[Sentence]) -> list[_Measure]:
    """Group the operative sentences into fine measures by the grammar of the module."""
    out: list[_Measure] = []
    i = 0
    while i < len(operative):
        s = operative[i]
        i += 1
        if not _FINE_WORDS.search(s.text) or _PENALTY.search(s.text[:80]):
            continue
        head = [s]
        # « … une amende administrative » | « d’un montant de … » cut by the splitter
        if not find_amounts(s.text) and i < len(operative):
            nxt = operative[i]
            if not _OTHER_MEASURE.match(nxt.text) and find_amounts(nxt.text):
                head.append(nxt)
                i += 1
        last = head[-1].text
        cue = _BREAKDOWN.search(last) or re.search(r":\s*$", last)
        parts: list[list[Sentence]] = []
        while cue and i < len(operative):
            if _is_part(operative[i]):
                parts.append([operative[i]])
                i += 1
            elif (  # « au titre du manquement à l’article 32 : » then the amount
                re.search(r":\s*$", operative[i].text)
                and i + 1 < len(operative)
                and not _OTHER_MEASURE.match(operative[i].text)
                and _is_part(operative[i + 1])
            ):
                parts.append([operative[i], operative[i + 1]])
                i += 2
            else:
                break
        out.append(_Measure(head, parts))
    return out


def _part(text: str, amount: Quantity, end: int) -> dict[str, object]:
    return {"fine_eur": amount.amount, "articles": parse_article_refs(text[amount.start : end])}


def extract_fine(operative: list[Sentence]) -> FineResult:
    """Fine facts from the sentences of the operative part."""
    res = FineResult()
    per_entity: dict[str, int] = {}
    evidences: list[str] = []
    by_article: list[tuple[str, dict[str, object]]] = []
    by_article_ev: list[str] = []
    for measure in _fine_measures(operative):
        head_text = " ".join(s.text for s in measure.head)
        amounts = _amounts(head_text, res.conflicts)
        if not amounts:
            continue
        cue = _BREAKDOWN.search(head_text, amounts[0].end)
        parts: list[dict[str, object]] = []
        if cue or measure.parts:  # a stated total, then its breakdown
            total = amounts[0].amount
            after = [a for a in amounts[1:] if not cue or a.start >= cue.start()]
            for k, a in enumerate(after):
                stop = after[k + 1].start if k + 1 < len(after) else len(head_text)
                parts.append(_part(head_text, a, stop))
            for group in measure.parts:
                text = " ".join(s.text for s in group)
                found = _amounts(text, res.conflicts)
                if len(found) == 1:  # the articles of the part, before or after its amount
                    articles = parse_article_refs(text)
                    parts.append({"fine_eur": found[0].amount, "articles": articles})
                    continue
                for k, a in enumerate(found):
                    stop = found[k + 1].start if k + 1 < len(found) else len(text)
                    parts.append(_part(text, a, stop))
            if parts:
                added = sum(int(p["fine_eur"]) for p in parts)  # type: ignore[call-overload]
                if added != total:
                    res.conflicts.append(
                        f"fine_eur: stated total {total} but the breakdown adds up to {added}; "
                        "total kept"
                    )
        else:  # several amounts without a cue: a fine split by legal basis
            total = sum(a.amount for a in amounts)
            if len(amounts) > 1:
                for k, a in enumerate(amounts):
                    stop = amounts[k + 1].start if k + 1 < len(amounts) else len(head_text)
                    parts.append(_part(head_text, a, stop))
        name = entity_of(head_text) or ""
        per_entity[name] = per_entity.get(name, 0) + total
        evidences.extend(s.text for s in measure.head)
        if parts:
            by_article.extend((name, p) for p in parts)
            by_article_ev.extend(s.text for s in measure.head)
            by_article_ev.extend(s.text for group in measure.parts for s in group)
    if not per_entity:
        return res
    res.fine_eur = sum(per_entity.values())
    res.evidence = " […] ".join(evidences)
    named = {k: v for k, v in per_entity.items() if k}
    if len(named) > 1:
        res.by_entity = [{"entity": k, "fine_eur": v} for k, v in named.items()]
    if by_article:
        res.by_article = [
            {**p, "entity": name} if res.by_entity and name else p for name, p in by_article
        ]
        res.by_article_evidence = " […] ".join(by_article_ev)
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
