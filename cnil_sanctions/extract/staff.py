"""Staff size (number of employees) and SIREN of the sanctioned organisation.

Staff — a *count* of employees the decision states:

* a number (digits « 1 500 », « 1500 », words « neuf », « une trentaine » → 30) followed by
  « salariés », « employés », « collaborateurs », « agents » or « personnes », with, before it
  in the same sentence, « emploie / employait », « compte / comptait », or « effectif(s) … est
  / était / de / à » (« Son effectif est de 83 salariés », « estime ses effectifs en France à
  225 personnes »); « personnes » needs « emploie » or « effectif » (« compte N personnes »
  is usually people affected);
* a range (« entre dix et dix-neuf salariés », « entre un et deux salariés ») is not a count:
  no value — and since the entity's staff *is* stated, the group's figure is not used instead
  (SAN-2022-009: « Elle compte entre dix et dix-neuf salariés » and a group « qui emploie
  environ neuf cents personnes » → empty); a redacted figure (« environ […] salariés ») is
  not a figure at all;
* « n’emploie aucun salarié » is a count of zero (SAN-2024-003: « Elle n’emploie aucun salarié
  mais s’attache … les services du personnel d’autres sociétés du groupe » → 0);
* « Vu » clauses and the party's arguments are skipped;
* whose staff it is: ``group`` when « groupe » appears before the number in its clause (up
  to « dont »), when the sentence's subject is « il » right after a sentence about « le
  groupe », or when the company named nearest before the number (in the sentence or in the
  three sentences before it) is not a sanctioned one by the rules of
  :mod:`cnil_sanctions.extract.names` (« la société AFL » is AMAZON FRANCE LOGISTIQUE;
  « La société META PLAFORMS INC. … compte plus de 35 000 salariés » is another company); ``entity`` otherwise, and always for « dont N pour la
  société … »;
* the value kept: the sanctioned entity's own figure (the first one) before any group figure
  (« Le groupe EDF emploie plus de 131 000 salariés, dont plus de 63 000 pour la société EDF »
  → 63 000; SAN-2020-009: the bank's « environ 300 salariés », not the group's 360 000);
  without an entity figure, the first group figure the decision gives (SAN-2021-019: the RATP
  group's 65 000). This fallback includes the parent company's headcount when the decision
  gives no count for the sanctioned entity itself — the development gold codes it so
  (SAN-2021-024: META PLATFORMS INC.'s « plus de 35 000 salariés » for FACEBOOK IRELAND;
  SAN-2020-008: the CARREFOUR group's 360 000 for CARREFOUR FRANCE). The held-out gold of
  SAN-2022-023 leaves MICROSOFT CORPORATION's « près de 148 000 personnes » out for MICROSOFT
  IRELAND OPERATIONS: the two gold sets disagree on this point; the extractor keeps the
  development rule (the value is a group count: ``StaffResult.scope == "group"``). When several sanctioned entities each have their own different figure
  (GOOGLE LLC > 110 000, GOOGLE IRELAND about 9 000), one column cannot hold them: no value,
  and the conflict is recorded.

SIREN — the first nine-digit number (grouped 3-3-3 or not) within 60 characters after
« RCS », « R.C.S. », « SIREN » or « registre du commerce et des sociétés » (« immatriculée au
RCS de Pontoise sous le numéro 789 335 015 »); a registration without a number (« immatriculée
au registre du commerce et des sociétés de Paris ») gives no value; digits only. Only a number
tied to the sanctioned entity counts: a registration in a sentence whose subject is another
named company is skipped (SAN-2022-023: « La société MICROSOFT FRANCE, filiale … et société
sœur de la société MIOL, … immatriculée au registre du commerce et des sociétés de Nanterre
sous le numéro 327733184 » is the sister company's, not the sanctioned MIOL's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.names import OrgNames, org_names
from cnil_sanctions.extract.numbers import parse_number_words
from cnil_sanctions.extract.sentences import PARTY_CONTENTION, Sentence

__all__ = ["StaffResult", "extract_staff", "extract_siren"]

_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|cents|mille)"
)
_APPROX_WORDS = {
    "dizaine": 10,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
}
_NUMBER = (
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d+"
    rf"|une\s+(?:{'|'.join(_APPROX_WORDS)})\s+d['’]?e?"
    rf"|{_WORD}(?:[\s\-]+(?:et[\s\-]+)?{_WORD})*)"
)
_STAFF_NOUN = r"(?:salariés|employés|collaborateurs|agents|personnes)\b"
_COUNT = re.compile(
    rf"(?<![\w,.])(?P<range>entre\s+)?(?:(?:environ|plus\s+de|près\s+de|au\s+moins|quelque)\s+)?"
    rf"{_NUMBER}(?:\s*(?P<noun>{_STAFF_NOUN})|(?=\s+pour\s+la\s+société))",
    re.IGNORECASE,
)
_VERB = re.compile(r"\bemploi\w*|\bemploy\w*|\bcompt(?:e|ait|ent|aient)\b|\beffectifs?\b", re.I)
_VERB_PERSONNES = re.compile(r"\bemploi\w*|\bemploy\w*|\beffectifs?\b", re.I)
_RANGE_TAIL = re.compile(rf"^\s*et\s+(?:\d|{_WORD})", re.IGNORECASE)
_GROUP = re.compile(r"\bgroupe\b", re.IGNORECASE)
_NO_STAFF = re.compile(
    r"\bn['’](?:emploie|employait|a|avait|compte|comptait)\s+aucun\s+(?:salarié|employé)", re.I
)
_HE = re.compile(r"^(?:[^,]{0,40},\s*)?il\s", re.IGNORECASE)
_FOR_COMPANY = re.compile(r"^\s*pour\s+la\s+société", re.IGNORECASE)
#: a company named as the subject: at the start of the sentence (after a paragraph number or
#: an introductory clause) or after « que »
_SUBJECT = re.compile(
    r"(?:^(?:\d+\.\s*)?(?:[^,]{0,60},\s*)?|\bque\s+)(?:[Ll]a\s+)?(?:[Ss]ociété|SOCIETE)\s+"
    r"(?P<n>[A-Z][\w&.\-]*(?:[ \-][A-Z][\w&.\-]*)*)"
)


@dataclass
class StaffResult:
    """Staff count, its sentence, scope and any conflict."""

    staff_count: int | None = None
    evidence: str | None = None
    scope: str | None = None
    conflicts: list[str] = field(default_factory=list)


def _value(num: str) -> int | None:
    num = num.strip()
    if num[0].isdigit():
        return int(re.sub(r"\D", "", num))
    m = re.match(r"une\s+(\w+)", num, re.IGNORECASE)
    if m and m.group(1).lower() in _APPROX_WORDS:
        return _APPROX_WORDS[m.group(1).lower()]
    try:
        return parse_number_words(num)
    except ValueError:
        return None


def _company(text: str, names: OrgNames) -> str | None:
    """The sanctioned name matching the company that is the subject of ``text``, ``""`` for
    another company, None when no company is the subject (names compared by the rules of
    :mod:`cnil_sanctions.extract.names`)."""
    m = _SUBJECT.search(text)
    if not m:
        return None
    subject = m["n"].strip(" .")
    if subject.casefold() in {"x", "y"}:
        return None
    return names.match(subject) or ""


def _candidates(
    sentences: list[Sentence], names: OrgNames
) -> list[tuple[int | None, str, str | None, str]]:
    """(value, scope, sanctioned name or None, sentence) of every staff count; value None for
    a range."""
    out: list[tuple[int | None, str, str | None, str]] = []
    for i, s in enumerate(sentences):
        t = s.text
        if t.startswith("Vu ") or PARTY_CONTENTION.search(t):
            continue
        if _NO_STAFF.search(t):  # « Elle n’emploie aucun salarié »: a count of zero
            company = _company(t, names)
            if company is None:
                for p in reversed(sentences[max(0, i - 3) : i]):
                    if (company := _company(p.text, names)) is not None:
                        break
            out.append((0, "group" if company == "" else "entity", company or None, t))
        for m in _COUNT.finditer(t):
            is_range = bool(m["range"] or _RANGE_TAIL.match(t[m.end("num") :]))
            head = t[: m.start()]
            noun = (m["noun"] or "").lower()
            verb = _VERB_PERSONNES if noun == "personnes" else _VERB
            if not verb.search(head[-120:]):
                continue
            value = None if is_range else _value(m["num"])
            if value == 0 or (not noun and "dont" not in head[-40:]):
                continue
            if value is None and not is_range:
                continue
            clause = re.split(r"\bdont\b", head)[-1]
            prev = " ".join(p.text for p in sentences[max(0, i - 3) : i])
            company = _company(t, names)
            if company is None:  # « elle emploie … »: the subject of the nearest sentence
                for p in reversed(sentences[max(0, i - 3) : i]):
                    if (company := _company(p.text, names)) is not None:
                        break
            if _FOR_COMPANY.match(t[m.end() :]):
                scope, company = "entity", None
            elif _GROUP.search(clause) or (_HE.match(t) and _GROUP.search(prev)) or company == "":
                scope = "group"
            else:
                scope = "entity"
            out.append((value, scope, company or None, t))
    return out


def extract_staff(sentences: list[Sentence], names: OrgNames | list[str]) -> StaffResult:
    """Staff count by the rules of the module docstring."""
    names = org_names(names, " ".join(s.text for s in sentences))
    res = StaffResult()
    cands = _candidates(sentences, names)
    entity = [c for c in cands if c[1] == "entity"]
    pool = entity or [c for c in cands if c[1] == "group"]
    if not pool:
        return res
    if entity and len(names) > 1:
        by_name: dict[str, int | None] = {}
        for value, _, name, _ in entity:
            if name:
                by_name.setdefault(name, value)
        if len(set(by_name.values())) > 1:
            res.conflicts.append(
                "staff_count: several sanctioned entities state their own staff "
                f"({', '.join(f'{n}: {v}' for n, v in by_name.items())}); left empty"
            )
            return res
    value, scope, _, sentence = pool[0]
    if value is None:  # the entity's staff is stated as a range: no count, no group fallback
        return res
    res.staff_count, res.scope, res.evidence = value, scope, sentence
    return res


_SIREN = re.compile(
    r"(?:\bRCS\b|R\.C\.S\.|\bSIREN\b|registre\s+du\s+commerce\s+et\s+des\s+sociétés)"
    r"[^0-9.;]{0,60}?(?<!\d)(\d{3}[ \u00a0\u202f]?\d{3}[ \u00a0\u202f]?\d{3})(?![\d ]*\d)",
    re.IGNORECASE,
)


def extract_siren(
    text: str, names: OrgNames | list[str] | None = None, sentences: list[Sentence] | None = None
) -> str | None:
    """The first SIREN (9 digits) given after « RCS / SIREN / registre du commerce et des
    sociétés », digits only, skipping one registered for another company than the sanctioned
    ``names`` (the subject of its sentence among ``sentences``)."""
    names = org_names(names, text)
    for m in _SIREN.finditer(text):
        if names and sentences:
            host = next((x for x in sentences if x.start <= m.start() < x.end), None)
            if host is not None and _company(host.text, names) == "":
                continue
        return re.sub(r"\D", "", m.group(1))
    return None
