"""Articles found violated (breaches retained) and the legal-maximum tier.

Where the breaches are read, in order of preference (the first source that yields articles wins):

1. the operative part (« PAR CES MOTIFS »): « pour les manquements aux articles … », the
   articles an injunction must comply with, a reprimand « pour sa méconnaissance de l’article … »;
   plus the sentence of the sanction section that pronounces the fine « au regard des
   manquements aux articles … » (it often lists the breaches the operative part omits);
2. the conclusions of each breach section: a sentence saying the breach of an article
   « est constitué / caractérisé / établi » (negated conclusions are skipped). They are the
   only source when the operative part names no article; otherwise they complete it with the
   articles it does not name (the operative part may list only the breaches the fine is
   pronounced for, SAN-2019-006 « le manquement aux articles 12 et 13 du Règlement est
   constitué »), never refining or replacing an article it names (« 17 » stays « 17 »).
   A failure of the organisation in the same sentence (« l’association n’a pas pris toutes les
   précautions utiles … et considère que le manquement … est constitué ») states the breach, it
   does not negate the conclusion; the breach found named just before the sanction it justifies
   (« les faits constatés et le manquement constitué à l’article 34 … justifient que soit
   prononcée une sanction ») is a conclusion, read from « le manquement » on.

Further points of the same paragraph are read with it (« 5-1-c) et e) » → ``GDPR 5(1)(c)``,
``GDPR 5(1)(e)``), and « le 2° de l’article 6 » is « l’article 6-2° ».

An article cited from another text (« aux termes de l’article 3 de l’arrêté du 22 avril
2013 ») is not a GDPR article. An article number written without its law because the
sentence is cut before it is read as GDPR, except art. 82 — the GDPR's right to
compensation is never a breach retained — read as the Loi I&L cookie article.

« Vu … » clauses and the discussion are never read. Notation: ``GDPR 5(1)(c)``, ``GDPR 28(3)``,
``LIL 82``, ``CPCE L34-5``; paragraph/point only as precise as the sentence gives them.

**The Loi of 6 January 1978 in its old numbering.** Ordonnance n° 2018-1125 renumbered the Loi
Informatique et Libertés from 1 June 2019 (art. 34 on security became art. 121, art. 32-II on
cookies art. 82, …). A reference to the Loi is read in the 1978 numbering — ``LIL(1978) 34``,
``LIL(1978) 6(2)`` for « article 6-2° » — when the sentence says so itself (« dans sa version
applicable / antérieure / en vigueur à la date des faits », « dans sa rédaction antérieure à
l’ordonnance … ») or when the decision is dated before the renumbering applied (a 2018 decision
citing « article 34 de la loi du 6 janvier 1978 modifiée »); otherwise it is the current
numbering (``LIL 82``). In a decision dated before the GDPR applied, an article written without
its law is an article of the Loi (1978 numbering), not of the GDPR. A « loi » other than the
Loi of 6 January 1978 (« loi n° 2004-575 », « loi du 21 juin 2004 ») is not read as it.
"""

from __future__ import annotations

import re
from datetime import date

from cnil_sanctions.extract.guarded import GuardedPattern
from cnil_sanctions.extract.sentences import Sentence
from cnil_sanctions.law import (
    GDPR_APPLIES_FROM,
    LIL_RENUMBERED_FROM,
    cap_tier,  # the one tier rule, re-exported for the extractor
)

__all__ = [
    "parse_article_refs",
    "extract_articles",
    "cap_tier",
    "sort_key",
    "lil_label",
    "OLD_VERSION_CUE",
]

#: the sentence itself cites the Loi in an earlier version
OLD_VERSION_CUE = re.compile(
    r"dans\s+sa\s+(?:version|rédaction)\s+(?:applicable|antérieure|en\s+vigueur|"
    r"issue\s+de\s+la\s+loi\s+n[°o]\s*(?:2004|2016))"
    r"|(?:version|rédaction)\s+(?:applicable|en\s+vigueur)\s+(?:au\s+moment|à\s+la\s+date)\s+des\s+faits",
    re.IGNORECASE,
)


def lil_label(sentence: str, decision_date: date | None) -> str:
    """``LIL(1978)`` when the Loi is cited in its 1978 numbering in ``sentence``, else ``LIL``
    (rule in the module docstring)."""
    if OLD_VERSION_CUE.search(sentence):
        return "LIL(1978)"
    if decision_date is not None and decision_date < LIL_RENUMBERED_FROM:
        return "LIL(1978)"
    return "LIL"


_LAW_MARKERS = [
    ("CPCE", re.compile(r"^\s*du\s+(?:CPCE|code\s+des\s+postes)", re.IGNORECASE)),
    (
        "GDPR",
        re.compile(
            r"^\s*(?:du\s+(?:RGPD|Règlement|règlement\s*(?:\(UE\)|général|n[°ºo]|\d{4}/679)))",
            re.IGNORECASE,
        ),
    ),
    (
        "LIL",
        re.compile(
            # « de la loi », but not another law (« de la loi n° 2004-575 », « du 21 juin 2004 »)
            r"^\s*(?:de\s+la\s+loi(?!\s+n[°o]\s*(?!78-17)\d|\s+du\s+(?!6\s+janvier\s+1978)\d)"
            r"|(?:de\s+la\s+)?loi\s*\"?\s*informatique|informatique\s+et\s+lib)",
            re.IGNORECASE,
        ),
    ),
    (
        "OTHER",
        re.compile(
            r"^\s*(?:(?:du|de\s+la|des)\s+(?:code|directive|décret|Charte|Conv|loi\b)|"
            r"de\s+l['’]\s*(?:arrêté|ordonnance))",
            re.I,
        ),
    ),
]
# one article reference: number, optional paragraph, optional point
_REF = re.compile(
    r"(?P<art>L\.?\s*\d{2,3}-\d{1,2}|\d{1,3})(?![\d/])"
    r"(?:"
    r"(?:\s*,?\s*paragraphes?\s*(?P<par>\d{1,2})(?P<par2>\s+et\s+\d{1,2})?)"
    r"|(?:\s*[-.]\s*(?P<par_b>\d{1,2})(?!\d)°?)"
    r"|(?:\s+(?P<par_c>\d)(?=\s*[-,]?\s*[a-h]\)))"
    r"|(?:\s*\((?P<par_d>\d{1,2})\))"
    r")?"
    r"(?:\s*[-.,]?\s*(?:point\s+)?(?:\(?(?P<pt>[a-h])\)|(?<=\.)(?P<pt2>[a-h])(?![\w])))?",
)
_SEP = re.compile(r"(?:\s*(?:,|et|ou|ainsi\s+que|,\s*et)\s*)+")
_ARTICLE_WORD = re.compile(r"\bart(?:icles?|\.)\s*", re.IGNORECASE)
_POINT_OF_ARTICLE = re.compile(r"\b(\d{1,2})°\s+de\s+l['’]\s*article\s+(\d{1,3})\b", re.IGNORECASE)
_PARENS = re.compile(r"\s*\((?:anciennement|ci-après|ci-dessous)[^)]*\)\s*", re.IGNORECASE)


#: further points of the same article and paragraph: « 5-1-c) et e) », « 5.1.a), b) et c) »
_MORE_POINTS = re.compile(r"(?:\s*(?:,\s*(?:et\s+)?|et\s+)\(?[a-h]\))+(?![\w])")


def _fmt(law: str, m: re.Match[str], lil: str = "LIL", more_points: str = "") -> list[str]:
    art = m["art"]
    if art.startswith("L"):
        return [f"CPCE L{re.sub(r'[^0-9-]', '', art)}"]
    law = law if law != "CPCE" else "GDPR"
    law = lil if law == "LIL" else law
    par = m["par"] or m["par_b"] or m["par_c"] or m["par_d"]
    pt = m["pt"] or m["pt2"]
    refs = [f"{law} {art}"]
    if par:
        refs = [f"{law} {art}({par})"]
        if m["par2"]:
            refs.append(f"{law} {art}({m['par2'].split()[-1]})")
        if pt:
            points = [pt, *re.findall(r"([a-h])\)", more_points)]
            refs = [r + f"({p})" for r in refs for p in points]
    return refs


def parse_article_refs(fragment: str, default_law: str = "GDPR", lil: str = "LIL") -> list[str]:
    """Article references in a fragment such as « aux articles 5, paragraphe 1, e), 13 et 32
    du RGPD et à l’article 82 de la loi … ».

    ``lil`` is the label of the Loi of 6 January 1978 (``LIL``, or ``LIL(1978)`` for its old
    numbering, see :func:`lil_label`); ``default_law`` the law of a number written without one.
    """
    text = _PARENS.sub(" ", fragment)
    # « le 2° de l’article 6 » is « l’article 6-2° »
    text = _POINT_OF_ARTICLE.sub(r"article \2-\1°", text)
    out: list[str] = []
    for am in _ARTICLE_WORD.finditer(text):
        pos = am.end()
        pending: list[tuple[re.Match[str], str]] = []
        while True:
            m = _REF.match(text, pos)
            if not m or m.end() == pos:
                break
            pos = m.end()
            more = _MORE_POINTS.match(text, pos) if (m["pt"] or m["pt2"]) else None
            if more:
                pos = more.end()
            pending.append((m, more.group(0) if more else ""))
            rest = text[pos:]
            law = next((name for name, rx in _LAW_MARKERS if rx.match(rest)), None)
            if law:
                for p, more_points in pending:
                    if law != "OTHER" or p["art"].startswith("L"):
                        out.extend(_fmt(law if law != "OTHER" else "CPCE", p, lil, more_points))
                pending = []
                # a list may go on for another law: « … du CPCE et 12 et 13 du RGPD »
                nxt = re.match(
                    r"\s*(?:du|de\s+la)?[^,;:]{0,120}?(?:\)\s*)?(?:\s*,\s*(?:et\s+)?|\s+et\s+)(?=\d)",
                    rest,
                )
                if nxt and not re.search(r"article", rest[: nxt.end()], re.I):
                    pos += nxt.end()
                    continue
                break
            sep = _SEP.match(text, pos)
            if not sep:
                break
            pos = sep.end()
        for p, more_points in pending:
            law = default_law if lil != "LIL" else _UNMARKED_LAW.get(p["art"], default_law)
            out.extend(_fmt(law, p, lil, more_points))
    return out


#: law of an article number written without its law (the sentence cut before « de la loi »):
#: GDPR art. 82 is the right to compensation, which no organisation is found to breach, so an
#: unmarked art. 82 is the Loi Informatique et Libertés article on cookies
_UNMARKED_LAW = {"82": "LIL"}


_OPERATIVE_BREACH = re.compile(
    r"manquements?|méconnaissance|mettre\s+en\s+conformité|obligations?\s+(?:prévues|résultant)",
    re.IGNORECASE,
)
_SANCTION_SENTENCE = re.compile(
    r"prononcer\s+(?:une|à\s+l['’]encontre)[^.]{0,200}?(?:amende|sanction)[^.]{0,200}?"
    r"au\s+regard\s+d(?:es|u)\s+manquements?",
    re.IGNORECASE,
)
_CONCLUSION = GuardedPattern(
    r"manquements?\b[^.;]{0,220}?\b(?:est|sont|était|étaient|a\s+été|ont\s+été)\s+"
    r"(?:ainsi\s+|donc\s+|bien\s+|en\s+tout\s+état\s+de\s+cause\s+|triplement\s+|"
    r"également\s+)*(?:constitués?|caractérisés?|établis?)"
    r"|constitutifs?\s+d['’]un\s+manquement|manquements?\s+aux?\s+articles?[^.;]{0,120}ont\s+persisté"
    # « la société a manqué à ses obligations … prévues aux articles 12 et 13 » (a finding of
    # the formation restreinte, not the rapporteur's case: see _NOT_A_FINDING)
    r"|\b(?:a|ont)\s+manqué\s+à\s+(?:ses|son|leurs?)\s+obligations?\b[^.;]{0,200}?\barticles?\b",
    needles=("manqu",),
)
#: a sentence that reports someone else's view or asks the question is not a conclusion
_NOT_A_FINDING = re.compile(
    r"rapporteu|déterminer\s+si|il\s+est\s+apparu|soutien|fait\s+valoir|conteste",
    re.IGNORECASE,
)
#: « les faits constatés et le manquement constitué à l’article 34 … justifient » (2018
#: decisions): the breach found, named just before the sanction it justifies
_BREACH_FOUND = re.compile(
    r"\b(?:le|les)\s+manquements?\s+constitués?\s+(?:à|au|aux)\b[^.;]{0,40}?\barticles?\b",
    re.IGNORECASE,
)
#: a failure of the organisation (« l’association n’a pas pris toutes les précautions utiles »)
#: states the breach: it is not a negation of the conclusion
_STATED_FAILURE = re.compile(r"\bn['’]\s*(?:a|avait|ont|avaient)\s+pas\s+pris\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"n['’]\s*(?:est|sont|était|a)\s+pas|ne\s+(?:sont|saurait|peut)|aucun\s+manquement|pas\s+"
    r"constitué",
    re.IGNORECASE,
)


def sort_key(ref: str) -> tuple[int, int, str]:
    """Order GDPR, then LIL, then CPCE; by article number."""
    law, _, rest = ref.partition(" ")
    order = {"GDPR": 0, "LIL": 1, "LIL(1978)": 2, "CPCE": 3}.get(law, 4)
    num = re.match(r"L?(\d+)", rest)
    return order, int(num.group(1)) if num else 0, rest


def _number(ref: str) -> str:
    """« GDPR 5(1)(c) » → « GDPR 5 », « LIL(1978) 6(2) » → « LIL(1978) 6 »: the law and
    article number of a reference."""
    law, _, rest = ref.partition(" ")
    return f"{law} {rest.split('(')[0]}"


def _dedupe(refs: list[str]) -> list[str]:
    """Unique refs; a bare article is dropped when a more precise one is present."""
    uniq = sorted(set(refs), key=sort_key)
    return [r for r in uniq if not any(o != r and o.startswith(r + "(") for o in uniq)]


def extract_articles(
    sentences: list[Sentence], operative: list[Sentence], decision_date: date | None = None
) -> tuple[list[str], str | None]:
    """Retained breaches and the evidence sentence(s), by the rules in the module docstring.

    ``decision_date`` decides the numbering of the Loi of 6 January 1978 and the law of an
    article written without one (module docstring); None reads both as today's.
    """
    default_law = (
        "LIL" if decision_date is not None and decision_date < GDPR_APPLIES_FROM else "GDPR"
    )

    def refs_in(fragment: str, sentence: str | None = None) -> list[str]:
        lil = lil_label(sentence or fragment, decision_date)
        return parse_article_refs(fragment, default_law, lil)

    refs: list[str] = []
    evidence: list[str] = []
    for s in operative:
        if _OPERATIVE_BREACH.search(s.text) and _ARTICLE_WORD.search(s.text):
            found = refs_in(s.text)
            if found:
                refs += found
                evidence.append(s.text)
    op_start = operative[0].start if operative else None
    for s in sentences:
        if op_start is not None and s.start >= op_start:
            break
        m = _SANCTION_SENTENCE.search(s.text)
        if m and _ARTICLE_WORD.search(s.text, m.end()):
            found = refs_in(s.text[m.end() :], s.text)
            if found:
                refs += found
                evidence.append(s.text)
    retained = {_number(r) for r in refs}
    for s in sentences:
        if op_start is not None and s.start >= op_start:
            break
        if s.text.startswith("Vu "):
            continue
        found_at = _BREACH_FOUND.search(s.text)
        if found_at:  # « le manquement constitué à l’article 34 … justifient »: from there on
            found = [
                r for r in refs_in(s.text[found_at.start() :], s.text) if _number(r) not in retained
            ]
            if found:
                refs += found
                evidence.append(s.text)
            continue
        m = _CONCLUSION.search(s.text)
        if not m or _NEGATION.search(_STATED_FAILURE.sub(" ", s.text)):
            continue
        if re.match(r"(?:a|ont)\s+manqué", m.group(0)) and _NOT_A_FINDING.search(s.text):
            continue
        found = [r for r in refs_in(s.text) if _number(r) not in retained]
        if found:
            refs += found
            evidence.append(s.text)
    if not refs:
        return [], None
    return _dedupe(refs), evidence[0] if len(evidence) == 1 else " […] ".join(evidence[:4])
