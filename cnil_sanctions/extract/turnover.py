"""Turnover, net income and individuals' income stated in a decision.

Every euro figure of a sentence about « chiffre d’affaires » / « produit net bancaire » /
« résultat net » / « revenus » / « gagner » becomes a figure ``{value, year, scope, worldwide,
kind}``:

* kind: the nearest keyword before the amount in the same clause (``turnover`` for chiffre
  d'affaires and for a bank's « produit net bancaire », the banking equivalent of turnover;
  ``net_income`` for résultat; ``individual_income`` for an individual's « revenus » or what
  he says he earns, « gagner environ 8 000 € par mois »); negative when the clause says
  « négatif » / « déficitaire »;
* an individual's income also has a ``period``: ``month`` when the amount is followed by « par
  mois » / « mensuel », else ``year``; ``individual_income_eur`` is the amount as stated, for
  that period (SAN-2020-015: 8 000, period month);
* an amount introduced by « et, en 2021, de » after other figures of the sentence repeats
  the kind of the sentence's first figure (« un chiffre d’affaires de 2,2 milliards d’euros,
  pour un résultat net de 77,9 millions d’euros et, en 2021, de 2,6 milliards d’euros pour un
  résultat net de 92,4 millions d’euros »: 2,6 milliards is a turnover);
* year: « en 2019 » right after the amount (also « … de revenus en 2018 »), else the nearest
  year before it in the sentence;
* scope: ``group`` when the sentence speaks of a « groupe », « consolidé » or « unité
  économique », when its subject is « il » right after a sentence about « le groupe » (« Créé
  en […], le groupe … a pour activité principale la grande distribution. En 2018, il
  employait environ 360 000 salariés et avait réalisé un chiffre d’affaires de 76 milliards
  d’euros »: « il » cannot be « la société »), or when the company it is about is another
  company of the group than the sanctioned one (the first « société NAME » named in the
  sentence before the amount, else in the two sentences before it; a name refers to the
  sanctioned organisation by the rules of :mod:`cnil_sanctions.extract.names`, so « la
  société AFL » is AMAZON FRANCE LOGISTIQUE: « La société GOOGLE
  FRANCE SARL est l’établissement français du groupe … En 2018, elle … avait réalisé un
  chiffre d’affaires de plus de 400 millions d’euros »); else ``entity``; worldwide when it
  says « mondial »;
* legal maxima are not figures: an amount right after « excéder », « maximum de »,
  « jusqu’à » (« ne pouvant excéder 20 millions d’euros ou 4 % … »); an amount given as the
  alternative of a percentage (« 2 % du chiffre d’affaires annuel mondial … ou à 10 millions
  d’euros », « … de 2% de son chiffre d’affaires, lequel …, ou de 10 millions d’euros »), even
  in a sentence that speaks of a basis (« le montant le plus élevé étant retenu »); an amount
  whose nearest keyword before it is a cap or a fine word rather than a turnover one
  (« plafond », « montant maximal », « maximum », « encourt », « amende » — « au vu du
  montant maximum encouru établi sur la base de 2 % du chiffre d’affaires, … une amende
  administrative à hauteur de 8 millions d’euros » is the fine, not a turnover) — unless the
  sentence says the amount is the basis of the fine (« … servant de base au calcul de
  l’assiette de l’amende s’élève à 14,9 milliards d’euros »).

The turnover relied on (``turnover_eur``/``turnover_year``), in order: a figure in a sentence
that says it is the basis of the fine (« servant de base », « assiette », « retenu », « lequel
était de ») — this is how a decision says it relies on the group's figure; else the
sanctioned entity's own figure of the latest financial year stated (SAN-2020-009: the bank's
« produit net bancaire » of 308 M€ for 2018, not the retail group's 76 bn€ for the same
year); else the group figure of the latest year. A figure without a financial year is never
relied on, and neither is the figure of *another named company* than the sanctioned one (a
sister company or a French subsidiary: « La société MICROSOFT FRANCE, … société sœur de la
société MIOL … En 2020, elle a réalisé un chiffre d’affaires de 2,2 milliards d’euros »):
it stays in ``figures`` with scope ``group`` but is not the turnover of the undertaking the
decision sanctions (only a sentence that says it is the basis of the fine can make it so).
The group figures that can be relied on are those the text calls the group's (« groupe »,
« consolidé », « unité économique »). ``net_income_eur`` follows the same choice: the net
result of the relied-on figure's year and scope, so none when no turnover is relied on. Two different values for the chosen year and scope are recorded as a conflict
(the first mention is kept).

Evidence: ``evidence`` is the sentence of the relied-on turnover, ``net_income_evidence`` and
``individual_income_evidence`` the sentences of the kept net income and individual income,
``redacted_evidence`` the first sentence where a figure is blacked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.fine import dedupe_amounts
from cnil_sanctions.extract.names import OrgNames, org_names
from cnil_sanctions.extract.numbers import find_amounts
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["TurnoverResult", "extract_turnover"]

_TOPIC = re.compile(
    r"chiffre\s+d['’]\s*affaires|produit\s+net\s+bancaire|résultat\s+net|\brevenus\b"
    r"|\bgagn(?:er|e|ait)\b",
    re.I,
)
_KIND = re.compile(
    r"(?P<t>chiffre\s+d['’]\s*affaires|produit\s+net\s+bancaire)|(?P<n>résultat)"
    r"|(?P<i>revenus|\bgagn(?:er|e|ait)\b)",
    re.IGNORECASE,
)
_PER_MONTH = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:par\s+mois|mensuel)", re.IGNORECASE)
#: a sentence whose subject is « il » right after one about « le groupe » speaks of the group
_HE = re.compile(r"^(?:[^,]{0,40},\s*)?il\s", re.IGNORECASE)
_NEGATIVE = re.compile(r"négati|déficitaire|perte", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:de\s+revenus\s+)?(?:en|pour\s+l['’]année)\s+"
    r"((?:19|20)\d{2})\b"
)
_YEAR = re.compile(r"\b(?:en|année|exercice|l['’]année)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_GROUP = re.compile(r"\bgroupe\b|consolidé|unité\s+économique", re.IGNORECASE)
_WORLD = re.compile(r"mondia", re.IGNORECASE)
_CAP_BEFORE = re.compile(
    r"(?:excéder|maximum\s+de|jusqu['’]à|s['’]élever\s+(?:jusqu['’]à)?|portés?,?\s+"
    r"respectivement,?\s+à|s['’]élève\s+à)\s*$",
    re.IGNORECASE,
)
_CAP_AFTER = re.compile(r"^\s*ou\s+\d+\s*%|^\s*et\s+\d+\s*%", re.IGNORECASE)
#: the amount is the alternative of a percentage: « 2 % du chiffre d’affaires … ou à 10 M€ »
_OR_AMOUNT = re.compile(r"\bou\s+(?:à|de|d['’])\s*(?:un\s+montant\s+de\s+)?$", re.IGNORECASE)
_PERCENT = re.compile(r"\d\s*%")
#: a cap or a fine: an amount whose nearest keyword is one of these is not a turnover
_CAP_WORD = re.compile(
    r"plafonds?\b|montant\s+maxim\w*|\bmaximum\b|encour\w*|\bexcéder\b|\bamendes?\b", re.I
)
#: « A en 2020 pour un résultat net de B et, en 2021, de C »: C repeats the first figure's kind
_PARALLEL = re.compile(r"\bet,?\s+en\s+(?:19|20)\d{2},?\s+(?:de|à)\s*$", re.IGNORECASE)
_BASIS = re.compile(
    r"servant\s+de\s+base|assiette|\bretenu\b|lequel\s+était\s+de|laquelle\s+était\s+de", re.I
)
_REDACTED = re.compile(
    r"(?:chiffre\s+d['’]\s*affaires|résultat\s+net)[^.;]{0,120}?(?:\[…\]|\[\.\.\.\]|\[\s*\n|\bde\s+X\b)",
    re.IGNORECASE,
)
_INDIVIDUAL = re.compile(r"\bMonsieur\b|\bMadame\b|\bM\.\s|médecin|praticien|docteur", re.I)


@dataclass
class TurnoverResult:
    """Turnover facts of one decision."""

    figures: list[dict[str, object]] = field(default_factory=list)
    turnover_eur: int | None = None
    turnover_year: int | None = None
    turnover_scope: str | None = None
    evidence: str | None = None
    net_income_eur: int | None = None
    individual_income_eur: int | None = None
    redacted: bool = False
    net_income_evidence: str | None = None
    individual_income_evidence: str | None = None
    redacted_evidence: str | None = None
    conflicts: list[str] = field(default_factory=list)


_NAMED = re.compile(r"société\s+(?P<n>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)")


def _other_company(context: str, names: OrgNames) -> bool:
    """True when the first company named in ``context`` (its subject) is not one of the
    sanctioned ``names`` (:mod:`cnil_sanctions.extract.names`: « la société AFL » is
    AMAZON FRANCE LOGISTIQUE)."""
    named = _NAMED.search(context)
    if not named or not names:
        return False
    return not names.refers_to(named["n"])


def _figures_in(
    s: Sentence, before: str = "", names: OrgNames | None = None
) -> list[tuple[dict[str, object], bool]]:
    t = s.text
    out: list[tuple[dict[str, object], bool]] = []
    amounts = dedupe_amounts(t, find_amounts(t))
    prev_end = 0
    for i, a in enumerate(amounts):
        before_all = t[: a.start]
        clause = t[prev_end : a.start]
        nxt = amounts[i + 1].start if i + 1 < len(amounts) else len(t)
        prev_end = a.end
        if _CAP_BEFORE.search(t[max(0, a.start - 40) : a.start]) and not _BASIS.search(t):
            continue
        if _CAP_AFTER.match(t[a.end : a.end + 12]):
            continue
        if _OR_AMOUNT.search(t[max(0, a.start - 40) : a.start]) and _PERCENT.search(before_all):
            continue
        kinds = list(_KIND.finditer(clause)) or list(_KIND.finditer(before_all))
        caps = list(_CAP_WORD.finditer(before_all))
        last_kind = max((k.end() for k in _KIND.finditer(before_all)), default=-1)
        if caps and caps[-1].start() > last_kind and not _BASIS.search(t):
            continue
        after = t[a.end : min(nxt, a.end + 20)]
        if re.match(r"^\s*de\s+revenus", after):
            kind = "individual_income"
        elif not kinds:
            continue
        else:
            k = kinds[-1]
            kind = "turnover" if k["t"] else "net_income" if k["n"] else "individual_income"
        if out and _PARALLEL.search(before_all):  # « …, et, en 2021, de 2,6 milliards »
            kind = str(out[0][0]["kind"])
        if kind == "individual_income" and not _INDIVIDUAL.search(t):
            continue
        value = a.amount
        if kind == "net_income" and _NEGATIVE.search(clause):
            value = -value
        ym = _YEAR_AFTER.match(t[a.end : nxt])
        if ym:
            year: int | None = int(ym.group(1))
        else:
            years = list(_YEAR.finditer(before_all))
            year = int(years[-1].group(1)) if years else None
        context = before_all if _NAMED.search(before_all) else before
        other = kind != "individual_income" and (
            _other_company(context, names or OrgNames())
            or bool(_HE.match(t) and _GROUP.search(before))
        )
        fig: dict[str, object] = {
            "value": value,
            "year": year,
            "scope": "group"
            if (_GROUP.search(t) or other) and kind != "individual_income"
            else "entity",
            "worldwide": bool(_WORLD.search(t)),
            "kind": kind,
        }
        if kind == "individual_income":
            fig["period"] = "month" if _PER_MONTH.match(t[a.end : nxt]) else "year"
        if other and not _GROUP.search(t):
            fig["_other"] = True  # another company's own figure: never relied on
        out.append((fig, bool(_BASIS.search(t)) and kind == "turnover"))
    return out


def extract_turnover(
    sentences: list[Sentence], names: OrgNames | list[str] | None = None
) -> TurnoverResult:
    """Turnover facts from the sentences of the decision body (Vu clauses skipped); ``names``
    are the sanctioned organisations (for the scope rule; a list of published names gets the
    aliases the sentences define)."""
    names = org_names(names, " ".join(s.text for s in sentences))
    res = TurnoverResult()
    seen: set[tuple[object, ...]] = set()
    basis: list[tuple[dict[str, object], str]] = []
    turnovers: list[tuple[dict[str, object], str]] = []
    net: list[tuple[dict[str, object], str]] = []
    for i, s in enumerate(sentences):
        if s.text.startswith("Vu ") or not _TOPIC.search(s.text):
            continue
        before = " ".join(p.text for p in sentences[max(0, i - 2) : i])
        if _REDACTED.search(s.text):
            res.redacted = True
            res.redacted_evidence = res.redacted_evidence or s.text
        for fig, is_basis in _figures_in(s, before, names):
            key = (fig["value"], fig["year"], fig["kind"], fig["scope"])
            if is_basis and fig["year"] is not None:
                basis.append((fig, s.text))
            if key in seen:
                continue
            seen.add(key)
            res.figures.append({k: v for k, v in fig.items() if k != "_other"})
            if fig["kind"] == "turnover":
                turnovers.append((fig, s.text))
            elif fig["kind"] == "net_income":
                net.append((fig, s.text))
            elif fig["kind"] == "individual_income" and res.individual_income_eur is None:
                res.individual_income_eur = int(fig["value"])  # type: ignore[call-overload]
                res.individual_income_evidence = s.text
    chosen = _choose(basis, turnovers)
    if chosen:
        fig, ev = chosen
        res.turnover_eur = int(fig["value"])  # type: ignore[call-overload]
        res.turnover_year = fig["year"]  # type: ignore[assignment]
        res.turnover_scope = str(fig["scope"])
        res.evidence = ev
        others = {
            int(f["value"])  # type: ignore[call-overload]
            for f, _ in turnovers
            if f["year"] == fig["year"] and f["scope"] == fig["scope"] and f is not fig
        }
        others.discard(res.turnover_eur)
        if others:
            res.conflicts.append(
                f"turnover_eur: {res.turnover_eur} kept; other {fig['scope']} figures for "
                f"{fig['year']}: {sorted(others)}"
            )
        for f, net_ev in net:
            if (
                f["year"] == res.turnover_year
                and f["scope"] == res.turnover_scope
                and f.get("_other") == fig.get("_other")
            ):
                res.net_income_eur = int(f["value"])  # type: ignore[call-overload]
                res.net_income_evidence = net_ev
                break
    return res


def _choose(
    basis: list[tuple[dict[str, object], str]], turnovers: list[tuple[dict[str, object], str]]
) -> tuple[dict[str, object], str] | None:
    if basis:
        return basis[-1]
    for scope in ("entity", "group"):
        cands = [
            (f, s)
            for f, s in turnovers
            if f["scope"] == scope and f["year"] is not None and not f.get("_other")
        ]
        if cands:
            best = max(int(f["year"]) for f, _ in cands)  # type: ignore[call-overload]
            return next((f, s) for f, s in cands if f["year"] == best)
    return None
