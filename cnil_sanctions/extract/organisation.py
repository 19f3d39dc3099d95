"""Who was sanctioned: name as published, anonymisation, legal form, role, sector, SIREN, staff.

Rules:

* name: the entities the operative part addresses (« à l’encontre de la société X »), joined
  with `` ; ``; else the title (« concernant la société X », « mettant en demeure la société X »);
  a decision on a previous injunction names them in its title only: « relative à l’injonction
  prononcée à l’encontre des sociétés GOOGLE LLC et GOOGLE IRELAND LIMITED par la délibération
  … » / « … de la société FACEBOOK IRELAND LIMITED par la délibération … » → each company
  before « par la délibération », split at « et »; a name ending with an abbreviation keeps
  its dot (« LUSHA SYSTEMS INC. »);
* an individual's civility is written out (« M. […] » → « Monsieur […] », « Mme » → « Madame »);
* anonymised: the name is « X », « […] », « [...] » or « société X »;
* legal form, one per sanctioned entity, joined with `` ; `` in the order of the names (two
  Irish companies → « Ltd ; Ltd »): from the name's suffix (SAS, SA, LLC, LIMITED/LTD → Ltd,
  INC → Inc, GIE), else from the suffix the text writes after the same name elsewhere (the
  title says « APPLE DISTRIBUTION INTERNATIONAL », the facts « APPLE DISTRIBUTION
  INTERNATIONAL LTD » → Ltd); when no name gives a form: the first description in the text
  (« société par actions simplifiée » …), read as its most specific form: a single-member
  company is SASU (« société par actions simplifiée à associé unique » / « … unipersonnelle »)
  or EURL (« société à responsabilité limitée unipersonnelle / à associé unique »,
  « entreprise unipersonnelle à responsabilité limitée »), not SAS / SARL; an individual for
  « Monsieur / Madame »,
  ``public_body`` for a ministry, rectorat or commune;
* role: ``processor`` when the decision qualifies the organisation as « sous-traitant » more often
  than as « responsable de traitement » in a qualification phrase, ``controller_and_processor``
  when it does both at least twice, else ``controller`` when it speaks of a « responsable de/du
  traitement ». Not counted: « Vu » clauses, headings, quoted legal texts and guidelines
  (« Aux termes de … », « … dispose que " … " », « (traduction libre) »), other cases, generic
  plurals (« les responsables de traitement », « le responsable du traitement ou son
  sous-traitant »), and a qualification of another named company (« la société
  FLEISHMAN-HILLARD a agi en tant que sous-traitant de la société MONSANTO »);
* role evidence: among the sentences that support the role, the formation restreinte's own
  finding (« la formation restreinte considère / relève / estime / retient … », « Ainsi »,
  « doit être qualifiée de … ») that qualifies the organisation (« détermine les finalités et
  les moyens », « responsable conjoint », « en tant que responsable de traitement ») is
  preferred; the rapporteur's position (« … selon le rapporteur ») and the organisation's
  arguments (« la société fait valoir / soutient ») come last; a qualification quoted from the
  organisation's own documents comes before a mere mention;
* sector: from what the decision says the organisation does — the taxonomy table and the
  reading rules are in :mod:`cnil_sanctions.extract.sector`;
* staff and SIREN: rules in :mod:`cnil_sanctions.extract.staff` (a count, not a range; the
  sanctioned entity's own staff before its group's);
* whether a company named in the text is the sanctioned one (role, sector, SIREN, staff,
  turnover): one rule for all, in :mod:`cnil_sanctions.extract.names` (its name with or
  without the legal form, an alias the text defines, its initials: « AFL »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.guarded import GuardedPattern
from cnil_sanctions.extract.names import OrgNames, org_names
from cnil_sanctions.extract.sector import SECTOR_TABLE, SECTORS, sector_of
from cnil_sanctions.extract.sentences import PARTY_ARGUMENT, Sentence
from cnil_sanctions.extract.staff import extract_siren, extract_staff

__all__ = ["OrganisationResult", "extract_organisation", "SECTOR_TABLE", "SECTORS"]


_FORM_SUFFIX = [
    (r"\bSASU$", "SASU"),
    (r"\bSAS$", "SAS"),
    (r"\bEURL$", "EURL"),
    (r"\bSARL$", "SARL"),
    (r"\bSA$", "SA"),
    (r"\bLLC$", "LLC"),
    (r"\bLIMITED$|\bLTD\.?$|\bLtd\.?$", "Ltd"),
    (r"\bINC\.?$|\bInc\.?$", "Inc"),
    (r"^GIE\b", "GIE"),
]
_FORM_TEXT = [
    (r"société\s+par\s+actions\s+simplifiée\s+(?:unipersonnelle|à\s+associé\s+unique)", "SASU"),
    (r"société\s+par\s+actions\s+simplifiée", "SAS"),
    (r"société\s+à\s+responsabilité\s+limitée\s+de\s+droit\s+américain", "LLC"),
    (r"société\s+à\s+responsabilité\s+limitée\s+(?:unipersonnelle|à\s+associé\s+unique)", "EURL"),
    (r"entreprise\s+unipersonnelle\s+à\s+responsabilité\s+limitée", "EURL"),
    (r"société\s+à\s+responsabilité\s+limitée", "SARL"),
    (r"société\s+anonyme", "SA"),
    (r"établissement\s+public\s+à\s+caractère\s+industriel", "EPIC"),
    (r"groupement\s+d['’]intérêt\s+économique", "GIE"),
    (r"société\s+d['’]assurance\s+mutuelle", "société d’assurance mutuelle"),
]
_ANON = re.compile(r"(?:^|\s)(?:X|x|\[…\]|\[\.\.\.\])$|^(?:\[…\]|\[\.\.\.\])")
#: end of a name in a title: a full stop that does not close an abbreviation (« INC. »)
_NAME_END = r"(?:(?<!\bINC)(?<!\bInc)(?<!\bLTD)(?<!\bLtd)(?<!\bCO)\.|;|$|\n)"
_TITLE_NAME = re.compile(
    r"(?:concernant|mettant\s+en\s+demeure)\s+(?:la\s+société|le\s+|la\s+|l['’]|les\s+sociétés\s+)?"
    rf"\s*(?P<name>.+?)(?=La\s+Commission|Vu\s|Le\s+bureau|{_NAME_END})",
)
#: « relative à l’injonction prononcée à l’encontre des sociétés A et B par la délibération … »
_TITLE_INJUNCTION = re.compile(
    r"injonction\s+prononcée\s+à\s+l['’]encontre\s+(?:des\s+sociétés|de\s+la\s+société|du|de\s+la"
    r"|de\s+l['’]|de)\s+(?P<name>.+?)(?=\s+par\s+(?:la\s+)?délibération|" + _NAME_END + ")"
)
_ENCONTRE = re.compile(
    r"à\s+l['’]encontre\s+(?:de\s+la\s+société|des\s+sociétés|du|de\s+la|de\s+l['’]|de)\s+"
    r"(?P<name>.+?)(?=\s*,?\s*(?:une\s+(?:amende|sanction|injonction)|un\s+rappel"
    r"|d['’]un\s+montant|pour\s+un\s+montant|;|$))",
    re.IGNORECASE,
)
_PROCESSOR = GuardedPattern(
    r"(?:qualité|qualifi\w+|agi\w*|intervient|intervenait|agissant|rôle)\s+(?:en\s+)?(?:de\s+|"
    r"comme\s+|qu['’]en\s+|en\s+tant\s+que\s+|en\s+qualité\s+de\s+)?(?:de\s+)?"
    r"sous-traitant|est\s+(?:le\s+|un\s+)?sous-traitant|en\s+qualité\s+de\s+sous-traitant",
    needles=("sous-traitant",),
)
_CONTROLLER_Q = GuardedPattern(
    r"(?:qualité|qualifi\w+|agi\w*|agissant|rôle)\s+(?:en\s+)?(?:de\s+|comme\s+|en\s+tant\s+que\s+"
    r"|en\s+qualité\s+de\s+)?(?:de\s+)?responsable\s+(?:de|du|des)\s+traitements?"
    r"|(?:est|était|sont|a\s+la\s+qualité\s+de)\s+(?:bien\s+)?(?:le\s+|la\s+|un\s+|seule?\s+)?"
    r"responsables?\s+(?:de|du|des)\s+traitements?",
    needles=("responsable",),
)
_CONTROLLER_ANY = re.compile(r"responsables?\s+(?:de|du|des)\s+traitements?", re.IGNORECASE)


@dataclass
class OrganisationResult:
    """Organisation facts of one decision."""

    organisation: str | None = None
    evidence: str | None = None
    anonymised: bool = False
    legal_form: str | None = None
    legal_form_evidence: str | None = None
    role: str | None = None
    role_evidence: str | None = None
    sector: str = "other"
    sector_evidence: str | None = None
    siren: str | None = None
    staff_count: int | None = None
    staff_scope: str | None = None
    staff_evidence: str | None = None
    conflicts: list[str] = field(default_factory=list)
    #: the sanctioned names and every name the text refers to them by (extract.names)
    names: OrgNames = field(default_factory=OrgNames)


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,")
    name = re.sub(r"\s*\(ci-après[^)]*\)", "", name)
    name = re.sub(r"^M\.\s+", "Monsieur ", name)
    return re.sub(r"^Mme\s+", "Madame ", name)


def _is_anonymised(name: str) -> bool:
    return bool(_ANON.search(name))


def extract_organisation(
    text: str, sentences: list[Sentence], operative: list[Sentence], title: str | None = None
) -> OrganisationResult:
    """Organisation facts, by the rules of the module docstring."""
    res = OrganisationResult()
    names: list[str] = []
    evidence: list[str] = []
    for s in operative:
        if not re.search(r"prononc|liquidation", s.text, re.IGNORECASE):
            continue
        for m in _ENCONTRE.finditer(s.text):
            for part in re.split(r"\s+et\s+(?=[A-Z])", _clean_name(m["name"])):
                name = _clean_name(part)
                name = re.sub(r"^(?:la\s+société|société)\s+", "", name, flags=re.I)
                if name and name.lower() not in {n.lower() for n in names} and len(name) < 80:
                    names.append(name)
                    evidence.append(s.text)
    if not names:
        for src in (title or "", text[:3000]):
            found = _TITLE_NAME.search(src)
            if found:
                names.append(_clean_name(found["name"]))
                evidence.append(found.group(0))
                break
            found = _TITLE_INJUNCTION.search(src)
            if found:
                for part in re.split(r"\s+et\s+(?=[A-Z])", _clean_name(found["name"])):
                    names.append(_clean_name(part))
                    evidence.append(found.group(0))
                break
    if names:
        names = [("société " + n) if n in {"X", "x", "[...]", "[…]"} else n for n in names]
        res.organisation = " ; ".join(names)
        res.evidence = evidence[0]
        res.anonymised = any(_is_anonymised(n) for n in names)
        if res.evidence not in text:
            res.evidence = None
    res.legal_form, res.legal_form_evidence = _legal_form(names, evidence, text, sentences)
    res.names = known = org_names(names, text)
    res.role, res.role_evidence = _role(sentences, known)
    sector = sector_of(sentences, known, title)
    res.sector, res.sector_evidence = sector.sector, sector.evidence
    res.siren = extract_siren(text, known, sentences)
    staff = extract_staff(sentences, known)
    res.staff_count, res.staff_evidence = staff.staff_count, staff.evidence
    res.staff_scope = staff.scope if staff.staff_count is not None else None
    res.conflicts += staff.conflicts
    return res


def _suffix_form(name: str) -> str | None:
    return next((form for rx, form in _FORM_SUFFIX if re.search(rx, name)), None)


def _sentence_at(sentences: list[Sentence], text: str, pos: int) -> str:
    """The sentence of ``text`` holding position ``pos`` (else its line)."""
    for s in sentences:
        if s.start <= pos < s.end:
            return s.text
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a : b if b >= 0 else len(text)].strip()


def _name_sentence(name: str, found_in: str | None, text: str, sentences: list[Sentence]) -> str:
    """Where the name (with the form it carries) is read: the sentence it was found in when
    that is part of the text, else the first sentence of the text holding it."""
    if found_in and found_in in text:
        return found_in
    pos = text.find(name)
    return _sentence_at(sentences, text, pos) if pos >= 0 else ""


def _legal_form(
    names: list[str], found_in: list[str], text: str, sentences: list[Sentence]
) -> tuple[str | None, str | None]:
    """Legal form(s) of the sanctioned names and the sentence(s) where each is read: the
    name itself (« Monsieur … », a ministry, a « … SAS » suffix), the same name written
    elsewhere with its suffix, else the first form spelled out in the text (« société par
    actions simplifiée »), the longest reading at that place (SASU / EURL before SAS / SARL)."""
    forms: list[str] = []
    evidence: list[str] = []
    for i, n in enumerate(names):
        where = found_in[i] if i < len(found_in) else None
        if re.match(r"(?:Monsieur|Madame|Mme\b|M\.)", n):
            forms.append("individual")
            evidence.append(_name_sentence(n, where, text, sentences))
            continue
        if re.match(r"(?:ministère|rectorat|commune|mairie|préfecture)", n, re.IGNORECASE):
            forms.append("public_body")
            evidence.append(_name_sentence(n, where, text, sentences))
            continue
        f = _suffix_form(n.strip())
        ev = _name_sentence(n, where, text, sentences) if f else ""
        if f is None and len(n) > 3:  # the same name written elsewhere with its suffix
            for m in re.finditer(re.escape(n.strip()) + r"[ ,]+(\w+\.?)", text):
                if f := _suffix_form(m.group(1)):
                    ev = _sentence_at(sentences, text, m.start(1))
                    break
        if f:
            forms.append(f)
            evidence.append(ev)
    if forms:
        unique = [e for i, e in enumerate(evidence) if e and e not in evidence[:i]]
        return " ; ".join(forms), " […] ".join(unique) or None
    head = text[:20000]
    hits = [
        (m.start(), -len(m.group(0)), form)
        for rx, form in _FORM_TEXT
        for m in [re.search(rx, head, re.I)]
        if m
    ]
    if not hits:
        return None, None
    # the first description; at one position the longest, most specific reading wins
    # (« société par actions simplifiée à associé unique » is a SASU, not a SAS)
    pos, _, form = min(hits)
    return form, _sentence_at(sentences, text, pos)


_QUOTED = re.compile(
    r"^\s*[\"“«]|traduction\s+libre|^\s*(?:Aux\s+termes|L['’]article|En\s+vertu)\b|"
    r"\b(?:dispose|prévoit|précise)\s+qu(?:e|['’])\s*[\"“«:]|Conseil\s+d['’]\s*[ÉEé]tat|CJUE|"
    r"Cour\s+de\s+justice|lignes\s+directrices|[\"”»]\s*\.?\s*$",
    re.IGNORECASE,
)
_LEGAL_TEXT = re.compile(
    r"^\s*(?:Aux\s+termes|L['’]article|En\s+vertu)\b|\b(?:dispose|prévoit)\s+qu|"
    r"Conseil\s+d['’]\s*[ÉEé]tat|CJUE|lignes\s+directrices",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s*(?:[A-Z0-9]{1,3}\s*[.)-]\s*)?Sur\s", re.IGNORECASE)
_GENERIC = re.compile(
    r"\b(?:les|des|aux|un|tout|chaque|du|au)\s+responsables?\s+(?:de|du|des)\s+traitements?"
    r"|responsables?\s+(?:de|du)\s+traitement\s+(?:et|ou)\s+(?:le\s+|son\s+|un\s+)?sous-traitant",
    re.IGNORECASE,
)
_RAPPORTEUR = re.compile(r"\brapporteure?\b", re.IGNORECASE)
_OWN_FINDING = re.compile(
    r"formation\s+restreinte\s+(?:\w+\s+){0,3}?(?:considère|relève|estime|retient|constate|"
    r"note|observe|déduit|juge)|^\s*(?:Ainsi|En\s+conséquence|Dès\s+lors|Par\s+conséquent|"
    r"Il\s+en\s+résulte)\b|doit\s+(?:donc\s+)?être\s+(?:qualifiée?|regardée?|considérée?)",
    re.IGNORECASE,
)
#: a controller finding in other words (« détermine les finalités et les moyens », « responsable
#: conjoint », « la responsabilité des traitements … incombe à la société »)
_CONTROLLER_FINDING = GuardedPattern(
    r"détermin\w*\s+(?:conjointement\s+|seule?s?\s+)?les\s+finalités\s+et\s+les\s+moyens|"
    r"défini\w*\s+les\s+finalités\s+et\s+les\s+moyens|responsables?\s+conjointe?s?|"
    r"responsabilité\s+des\s+traitements[^.;]{0,80}incombe|en\s+tant\s+que\s+responsable\s+"
    r"(?:de|du)\s+traitement|qualifiée?\s+de\s+responsable|regardée?\s+comme\s+responsable|"
    r"[A-Z][\w\-]+\s*,\s*(?:personne\s+morale\s+)?responsables?\s+(?:de|du)\s+traitement",
    needles=("finalit", "responsab"),
)
_NAMED_OTHER = re.compile(r"société\s+(?P<n>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)")


def _about_other_party(text: str, start: int, names: OrgNames) -> bool:
    """True when the company named just before a qualification is not the sanctioned one
    (« la société FLEISHMAN-HILLARD a agi en tant que sous-traitant de la société MONSANTO »;
    names compared by the rules of :mod:`cnil_sanctions.extract.names`)."""
    before = list(_NAMED_OTHER.finditer(text[max(0, start - 80) : start]))
    if not before or not names:
        return False
    return not names.refers_to(before[-1]["n"])


def _usable(text: str) -> bool:
    return not (text.startswith("Vu ") or _QUOTED.search(text) or _HEADING.match(text))


def _evidence_score(text: str, names: OrgNames) -> int:
    score = 3 if _OWN_FINDING.search(text) else 0
    qualifies = _CONTROLLER_Q.search(text) or _CONTROLLER_FINDING.search(text)
    score += 2 if qualifies or _PROCESSOR.search(text) else 0
    score -= 3 if _GENERIC.search(text) else 0
    score -= 4 if _RAPPORTEUR.search(text) or PARTY_ARGUMENT.search(text) else 0
    score += 1 if any(n.casefold() in text.casefold() for n in names if len(n) > 2) else 0
    score += 1 if re.search(r"la\s+société|l['’]organisme", text, re.IGNORECASE) else 0
    return score


def _role(sentences: list[Sentence], names: OrgNames) -> tuple[str | None, str | None]:
    usable = [s.text for s in sentences if _usable(s.text)]
    proc = [
        t
        for t in usable
        if (m := _PROCESSOR.search(t)) and not _about_other_party(t, m.start(), names)
    ]
    ctrl = [t for t in usable if _CONTROLLER_Q.search(t) and not _GENERIC.search(t)]
    if proc and ctrl and len(ctrl) >= 2 and len(proc) >= 2:
        role = "controller_and_processor"
    elif proc and len(proc) > len(ctrl):
        role = "processor"
    elif ctrl or any(_CONTROLLER_ANY.search(t) for t in usable):
        role = "controller"
    else:
        return None, None
    if role == "processor":
        pool = proc
    else:
        pool = ctrl + [t for t in usable if _CONTROLLER_FINDING.search(t) and t not in ctrl]
        # a finding quoted from the organisation's own documents, before any mere mention
        pool = pool or [
            s.text
            for s in sentences
            if _CONTROLLER_FINDING.search(s.text)
            and not s.text.startswith("Vu ")
            and not _LEGAL_TEXT.search(s.text)
        ]
        pool = pool or [t for t in usable if _CONTROLLER_ANY.search(t)]
        if role == "controller_and_processor":
            pool = pool + proc
    best = max(pool, key=lambda t: (_evidence_score(t, names), -pool.index(t)))
    return role, best
