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
* year: « en 2019 » right after the amount (also « … de revenus en 2018 »), else a year just
  before the bracket that holds the amount (« par rapport à 2018 (804 millions d’euros) »),
  else the nearest year before it in the sentence;
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

Every figure also records (issue 16): its ``currency`` (EUR, or USD for « … de dollars » —
``turnover_eur`` and ``net_income_eur`` are only ever euro figures), its ``bound`` (« plus de »
→ lower, « moins de » → upper, « environ / près de » → approx), whose figure it is
(``entity``: the sanctioned organisation, « groupe X », or the other company named right after
the amount, in its clause or before it — « tandis que la société GOOGLE LLC a réalisé … plus de
160 milliards de dollars ») and whether it is the ``undertaking``'s (the group, the economic
unit, or a company the text names as the parent — « la société ALPHABET Inc., maison-mère du
groupe GOOGLE » — but not a sister company). An entity figure repeating a group figure of the
undertaking (same value and year: « le groupe CRITEO … 1,9 milliard » then « son chiffre
d'affaires …, lequel était de 1,9 milliard ») is the group's figure. Each figure keeps the
sentence it was first read from (``evidence``, an exact substring of the text).

Evidence: ``evidence`` is the sentence of the relied-on turnover, ``net_income_evidence`` and
``individual_income_evidence`` the sentences of the kept net income and individual income,
``redacted_evidence`` the first sentence where a figure is blacked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cnil_sanctions.extract.fine import dedupe_amounts
from cnil_sanctions.extract.guarded import GuardedPattern
from cnil_sanctions.extract.names import OrgNames, org_names, strip_form
from cnil_sanctions.extract.numbers import Quantity, find_amounts, find_quantities
from cnil_sanctions.extract.sentences import Sentence

__all__ = ["TurnoverResult", "extract_turnover"]

#: A sentence about turnover, net income or individual income (where figures are looked for).
TURNOVER_TOPIC = GuardedPattern(
    r"chiffre\s+d['’]\s*affaires|produit\s+net\s+bancaire|résultat\s+net|\brevenus\b"
    r"|\bgagn(?:er|e|ait)\b",
    needles=("chiffre", "produit", "résultat", "revenus", "gagn"),
)
_KIND = re.compile(
    r"(?P<t>chiffre\s+d['’]\s*affaires|produit\s+net\s+bancaire)|(?P<n>résultat)"
    r"|(?P<i>revenus|\bgagn(?:er|e|ait)\b)",
    re.IGNORECASE,
)
_PER_MONTH = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:par\s+mois|mensuel)", re.IGNORECASE)
#: a sentence whose subject is « il » right after one about « le groupe » speaks of the group
_HE = re.compile(r"^(?:[^,]{0,40},\s*)?(?:il|son|sa|ses)\s", re.IGNORECASE)
_NEGATIVE = re.compile(r"négati|déficitaire|perte", re.IGNORECASE)
_YEAR_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:de\s+revenus\s+)?(?:en|pour\s+l['’]année)\s+"
    r"((?:19|20)\d{2})\b"
)
_YEAR_BRACKET = re.compile(r"\b((?:19|20)\d{2})\s*\(\s*$")
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
#: a company named right after the amount: « … 38 milliards d’euros en 2018 pour la société GIL »
_NAMED_AFTER = re.compile(
    r"^[^,;.]{0,25}?\b(?:pour|s['’]agissant\s+de)\s+(?:la\s+)?société\s+"
    r"(?P<n>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)"
)
#: an amount in US dollars: « 160 milliards de dollars », « 990 millions USD »
_USD_AFTER = re.compile(r"^\s*(?:de\s+|d['’]\s*)?(?:dollars?\b|USD\b|US\s*\$|\$)", re.I)
#: the bound an approximation marker puts on the figure
_BOUNDS = {
    "plus de": "lower",
    "plus d'": "lower",
    "au moins": "lower",
    "au-delà de": "lower",
    "supérieur à": "lower",
    "supérieure à": "lower",
    "moins de": "upper",
    "moins d'": "upper",
    "inférieur à": "upper",
    "inférieure à": "upper",
    "jusqu'à": "upper",
}
#: the parent of a group company: « filiale (détenue à 100 %) de/par la société NAME »,
#: « détenue (à 100 %) par la société NAME », « maison-mère (du groupe), la société NAME »,
#: « la société NAME, maison-mère du groupe »
_PARENT = re.compile(
    r"(?:filiale|détenue)\s+(?:détenue\s+)?(?:à\s+100\s*%\s+)?(?:de|par)\s+la\s+société\s+"
    r"(?P<a>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)"
    r"|maison[\s-]mère(?:\s+du\s+groupe)?,?\s+la\s+société\s+(?P<b>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)"
    r"|société\s+(?P<c>[A-Z][\w&\-]+(?:[ \-][A-Z][\w&\-]+)*)\.?,?\s+maison[\s-]mère",
)
_GROUP_NAME = re.compile(r"\bgroupe\s+(?P<n>[A-Z][\w&\-+]*(?:[ \-][A-Z][\w&\-+]*)*)")


def _key(name: str) -> str:
    """A company name compared without case, punctuation or legal form."""
    return re.sub(r"[^\w&]+", " ", strip_form(name)).casefold().strip()


def parent_companies(text: str) -> frozenset[str]:
    """The companies the text names as a parent (:data:`_PARENT`), compared by :func:`_key`:
    their figure is the group's (« la société ALPHABET Inc., maison-mère du groupe GOOGLE »),
    unlike a sister company's (« MICROSOFT FRANCE, filiale de la société MICROSOFT
    CORPORATION et société sœur de la société MIOL »)."""
    return frozenset(
        _key(m["a"] or m["b"] or m["c"])
        for m in _PARENT.finditer(text)
        if m["a"] or m["b"] or m["c"]
    )


def _without_names(t: str, names: OrgNames) -> str:
    """``t`` without the sanctioned organisations' names: « GROUPE CANAL + » is a company
    whose name says « groupe », not a sentence about a group."""
    for n in names.published:
        if n.strip():
            t = re.sub(re.escape(n.strip()), " ", t, flags=re.IGNORECASE)
    return t


def _bound(q: Quantity) -> str | None:
    """« plus de » → lower, « moins de » → upper, « environ / près de » → approx, else None."""
    if not q.qualifier:
        return None
    marker = re.sub(r"\s+", " ", q.qualifier.replace("’", "'")).strip().lower()
    return _BOUNDS.get(marker, "approx")


def _amounts(t: str) -> list[tuple[Quantity, str]]:
    """Euro amounts and US-dollar amounts of ``t``, in text order, with their currency."""
    euros = [(a, "EUR") for a in dedupe_amounts(t, find_amounts(t))]
    dollars = [
        (q, "USD")
        for q in find_quantities(t)
        if not q.currency and _USD_AFTER.match(t[q.end : q.end + 20])
    ]
    return sorted(euros + dollars, key=lambda x: x[0].start)


def _other_company(context: str, names: OrgNames) -> bool:
    """True when the first company named in ``context`` (its subject) is not one of the
    sanctioned ``names`` (:mod:`cnil_sanctions.extract.names`: « la société AFL » is
    AMAZON FRANCE LOGISTIQUE)."""
    named = _NAMED.search(context)
    if not named or not names:
        return False
    return not names.refers_to(named["n"])


def _subject(t: str, a: Quantity, clause: str, before_all: str, before: str) -> str | None:
    """The company an amount is about: named right after it (« … pour la société GIL »), else
    the last one named in its clause, else the first one named in the sentence before it, else
    in the two sentences before."""
    after = _NAMED_AFTER.match(t[a.end : a.end + 80])
    if after:
        return after["n"]
    for context in (clause, before_all):
        named = list(_NAMED.finditer(context))
        if named:
            return named[-1]["n"] if context is clause else named[0]["n"]
    named_before = _NAMED.search(before)
    return named_before["n"] if named_before else None


def _figures_in(
    s: Sentence,
    before: str = "",
    names: OrgNames | None = None,
    parents: frozenset[str] = frozenset(),
) -> list[tuple[dict[str, object], bool]]:
    t = s.text
    out: list[tuple[dict[str, object], bool]] = []
    amounts = _amounts(t)
    prev_end = 0
    for i, (a, currency) in enumerate(amounts):
        before_all = t[: a.start]
        clause = t[prev_end : a.start]
        nxt = amounts[i + 1][0].start if i + 1 < len(amounts) else len(t)
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
        usd = _USD_AFTER.match(t[a.end : a.end + 20]) if currency != "EUR" else None
        tail = a.end + (usd.end() if usd else 0)  # after « de dollars »
        ym = _YEAR_AFTER.match(t[tail:nxt])
        yb = _YEAR_BRACKET.search(before_all)
        if ym:
            year: int | None = int(ym.group(1))
        elif yb:  # « en hausse par rapport à 2018 (804 millions d’euros) »
            year = int(yb.group(1))
        else:
            years = list(_YEAR.finditer(before_all))
            year = int(years[-1].group(1)) if years else None
        context = before_all if _NAMED.search(before_all) else before
        names = names or OrgNames()
        subject = _subject(t, a, clause, before_all, before)
        he_group = bool(_HE.match(t) and _GROUP.search(_without_names(before, names)))
        other = kind != "individual_income" and (
            (subject is not None and bool(names) and not names.refers_to(subject))
            if _NAMED_AFTER.match(t[a.end : a.end + 80]) or _NAMED.search(clause)
            else _other_company(context, names)
        )
        says_group = bool(_GROUP.search(_without_names(t, names)))
        group = (says_group or other or he_group) and kind != "individual_income"
        fig: dict[str, object] = {
            "value": value,
            "year": year,
            "scope": "group" if group else "entity",
            "worldwide": bool(_WORLD.search(t)),
            "kind": kind,
            "currency": currency,
            "bound": _bound(a),
        }
        if kind == "individual_income":
            fig["period"] = "month" if _PER_MONTH.match(t[a.end : nxt]) else "year"
        else:
            parent = subject is not None and _key(subject) in parents
            sibling = other and not he_group and not says_group and not parent
            # the undertaking's own figure: the group, its economic unit or its parent company
            fig["undertaking"] = group and not sibling
            named_group = [*_GROUP_NAME.finditer(before), *_GROUP_NAME.finditer(t)]
            if other and subject is not None:
                fig["entity"] = subject
            elif group and named_group:
                fig["entity"] = f"groupe {named_group[-1]['n']}"
            elif group:
                fig["entity"] = None
            elif subject is not None and names.refers_to(subject):
                fig["entity"] = names.match(subject)
            elif not group and len(names) == 1:
                fig["entity"] = names.published[0]
            else:
                fig["entity"] = None
        if other and not says_group:
            fig["_other"] = True  # another company's own figure: never relied on
        out.append((fig, bool(_BASIS.search(t)) and kind == "turnover" and currency == "EUR"))
    return out


def extract_turnover(
    sentences: list[Sentence], names: OrgNames | list[str] | None = None
) -> TurnoverResult:
    """Turnover facts from the sentences of the decision body (Vu clauses skipped); ``names``
    are the sanctioned organisations (for the scope rule; a list of published names gets the
    aliases the sentences define)."""
    text = " ".join(s.text for s in sentences)
    names = org_names(names, text)
    parents = parent_companies(text)
    res = TurnoverResult()
    seen: set[tuple[object, ...]] = set()
    basis: list[tuple[dict[str, object], str]] = []
    turnovers: list[tuple[dict[str, object], str]] = []
    net: list[tuple[dict[str, object], str]] = []
    for i, s in enumerate(sentences):
        if s.text.startswith("Vu ") or not TURNOVER_TOPIC.search(s.text):
            continue
        before = " ".join(p.text for p in sentences[max(0, i - 2) : i])
        if _REDACTED.search(s.text):
            res.redacted = True
            res.redacted_evidence = res.redacted_evidence or s.text
        for fig, is_basis in _figures_in(s, before, names, parents):
            key = (fig["value"], fig["year"], fig["kind"], fig["scope"], fig["currency"])
            if is_basis and fig["year"] is not None:
                basis.append((fig, s.text))
            if key in seen:
                continue
            seen.add(key)
            fig["evidence"] = s.text
            res.figures.append(fig)
            if fig["currency"] != "EUR":
                continue  # kept in figures; turnover_eur and net_income_eur are euro figures
            if fig["kind"] == "turnover":
                turnovers.append((fig, s.text))
            elif fig["kind"] == "net_income":
                net.append((fig, s.text))
            elif fig["kind"] == "individual_income" and res.individual_income_eur is None:
                res.individual_income_eur = int(fig["value"])  # type: ignore[call-overload]
                res.individual_income_evidence = s.text
    _merge_group_repeats(res.figures, basis, turnovers, net)
    res.figures = [{k: v for k, v in f.items() if k != "_other"} for f in res.figures]
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


def _merge_group_repeats(
    figures: list[dict[str, object]], *candidates: list[tuple[dict[str, object], str]]
) -> None:
    """An entity figure that repeats a group figure of the undertaking (same kind, value, year
    and currency) is the group's figure said of « la société »: « le groupe CRITEO … avait
    réalisé un chiffre d'affaires global d'environ 1,9 milliard d'euros » then « son chiffre
    d'affaires …, lequel était de 1,9 milliard d'euros en 2022 ». It is dropped from
    ``figures`` and re-scoped ``group`` in the candidate lists (in place)."""

    def ident(f: dict[str, object]) -> tuple[object, ...]:
        return (f["kind"], f["value"], f["year"], f["currency"])

    group = {ident(f): f for f in figures if f["scope"] == "group" and f.get("undertaking")}
    repeats = [
        f for f in figures if f["scope"] == "entity" and ident(f) in group and "period" not in f
    ]
    for f in repeats:
        figures.remove(f)
    for cands in candidates:
        for f, _ in cands:
            if f["scope"] == "entity" and ident(f) in group and "period" not in f:
                g = group[ident(f)]
                f.update(scope="group", undertaking=True, entity=g.get("entity"))
                f.update(bound=f.get("bound") or g.get("bound"))


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
