"""Two turnovers per decision: the sanctioned entity's own and its undertaking's (issue 16).

GDPR art. 83 caps a fine, and the EDPB method sets its starting point, on the turnover of the
*undertaking* — the group acting as one economic unit (CJEU C‑807/21 *Deutsche Wohnen*,
C‑383/23 *ILVA*). « Share of the company's turnover » is read on the sanctioned *entity*'s own
turnover. The dataset keeps both, each with where it comes from:

* ``turnover_entity_*``: the figure of the sanctioned organisation itself — the one the decision
  relies on when it is the entity's (``turnover_eur`` with ``turnover_scope`` entity), else the
  entity figure of the latest year the decision states (``turnover_figures``); else, for a named
  decision, the ``legal_entity`` row of ``data/reference/public_turnover.csv``.
* ``turnover_undertaking_*``: the figure of its group, economic unit or parent company — the
  one the decision relies on when it is the group's, else the undertaking figure of the latest
  year the decision states (« la société ALPHABET Inc., maison-mère du groupe GOOGLE, … plus de
  161 milliards de dollars »); else the ``consolidated_group`` row of the reference.

``turnover_cap_basis_*`` is the undertaking's turnover when known, else the entity's: the basis
of the legal maximum and of the EDPB method.

A figure the decision states in dollars is converted with :func:`cnil_sanctions.fx.to_eur` at
the ECB average of its calendar year. « plus de » / « près de » figures keep their ``bound``.
Anonymised decisions get no public figure (only what their text states). Where only one of the
two is known the other stays empty. The rule and its limits: ``docs/turnover_basis.md``.

:func:`choose_turnovers` is pure: it takes one decision's extracted facts and the public rows
already selected for it, and returns the column values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from cnil_sanctions import fx
from cnil_sanctions.fields import Field
from cnil_sanctions.schema import is_missing

ORIGINS = ("decision", "public_accounts")
SCOPES = ("legal_entity", "group")
BOUNDS = ("lower", "upper", "approx")
#: which turnover ``turnover_cap_basis_eur`` is
BASIS_SCOPES = ("undertaking", "entity")

_G = "turnover_basis"


def _fields(prefix: str, whose: str, decision_rule: str, public_scope: str) -> list[Field]:
    return [
        Field(
            f"{prefix}_eur",
            "number",
            f"Turnover of {whose}, in EUR: {decision_rule}; else (named decisions only) the "
            f"{public_scope} row of data/reference/public_turnover.csv for the year preceding "
            "the decision. Figures in dollars are converted at the ECB average rate of their "
            "year. Empty when neither exists.",
            unit="EUR",
            minimum=0,
            group=_G,
        ),
        Field(
            f"{prefix}_year", "integer", f"Financial year of {prefix}_eur.", unit="year", group=_G
        ),
        Field(
            f"{prefix}_origin",
            "string",
            f"Where {prefix}_eur comes from: the decision's text or public accounts.",
            enum=ORIGINS,
            group=_G,
        ),
        Field(
            f"{prefix}_scope",
            "string",
            f"Perimeter of {prefix}_eur: legal_entity (one company's own accounts) or group "
            "(the group, economic unit or parent company, as the source describes it).",
            enum=SCOPES,
            group=_G,
        ),
        Field(
            f"{prefix}_name",
            "string",
            f"Whose figure {prefix}_eur is, as the decision or the source names it (e.g. "
            "« ALPHABET Inc », « groupe CRITEO », « Amazon.com, Inc. »).",
            group=_G,
        ),
        Field(
            f"{prefix}_bound",
            "string",
            "The figure is a bound: lower (« plus de »), upper (« moins de ») or approx "
            "(« environ », « près de »); empty when stated as exact or rounded by the source.",
            enum=BOUNDS,
            group=_G,
        ),
        Field(
            f"{prefix}_quote",
            "string",
            f"Exact quote stating {prefix}_eur: the decision's sentence (origin decision), or "
            "the public source's quote (origin public_accounts).",
            group=_G,
        ),
        Field(
            f"{prefix}_source",
            "string",
            f"URL of the public source of {prefix}_eur; empty when it comes from the decision "
            "(whose URL is source_url).",
            pattern=r"https?://\S+",
            group=_G,
        ),
    ]


#: Columns for the entity's and the undertaking's turnover, declared once here.
ENTITY_UNDERTAKING_FIELDS: list[Field] = [
    *_fields(
        "turnover_entity",
        "the sanctioned organisation itself (« share of the company's turnover »)",
        "the decision's own figure for it (the one relied on when it is the entity's, else the "
        "latest year stated)",
        "legal_entity",
    ),
    *_fields(
        "turnover_undertaking",
        "the undertaking in the sense of GDPR art. 83 (its group / economic unit; the basis of "
        "the legal maximum and of the EDPB method)",
        "the decision's own figure for the group, economic unit or parent company (the one "
        "relied on when it is the group's, else the latest year stated)",
        "consolidated_group",
    ),
]

#: The art. 83 basis: the undertaking's turnover when known, else the entity's.
CAP_BASIS_FIELDS: list[Field] = [
    Field(
        "turnover_cap_basis_eur",
        "number",
        "Turnover the legal maximum (GDPR art. 83(4)-(6), LIL art. 20) and the EDPB method are "
        "computed on: the undertaking's (turnover_undertaking_eur: the group / economic unit, "
        "as CJEU C-807/21 and C-383/23 read art. 83) when known, else the entity's own "
        "(turnover_entity_eur, a lower bound of the undertaking's); turnover_cap_basis_scope "
        "says which. Empty when neither is known.",
        unit="EUR",
        minimum=0,
        group=_G,
    ),
    Field(
        "turnover_cap_basis_origin",
        "string",
        "Where turnover_cap_basis_eur comes from: decision or public_accounts.",
        enum=ORIGINS,
        group=_G,
    ),
    Field(
        "turnover_cap_basis_scope",
        "string",
        "Which turnover turnover_cap_basis_eur is: the undertaking's or (when the undertaking's "
        "is unknown) the entity's.",
        enum=BASIS_SCOPES,
        group=_G,
    ),
]


def _figures(raw: object) -> list[dict[str, object]]:
    raw = _scalar(raw)
    if raw is None or raw == "":
        return []
    if not isinstance(raw, str):
        raise ValueError(f"turnover_figures must be a JSON string, got {type(raw).__name__}")
    return list(json.loads(raw))


def _scalar(value: object) -> object:
    """``value``, or None when it is missing (None, NA, NaN)."""
    return None if is_missing(value) else value


def _eur(fig: Mapping[str, object]) -> float:
    value = float(fig["value"])  # type: ignore[arg-type]
    currency = str(fig.get("currency") or "EUR")
    if currency == "EUR":
        return value
    return fx.to_eur(value, currency, int(fig["year"]))[0]  # type: ignore[call-overload]


def _pick(
    figures: list[dict[str, object]], relied: tuple[object, object] | None
) -> dict[str, object] | None:
    """The figure relied on when it is among ``figures``, else the latest year's (euro first)."""
    if relied is not None:
        for f in figures:
            if (f["value"], f["year"]) == relied and f.get("currency", "EUR") == "EUR":
                return f
    dated = [f for f in figures if f["year"] is not None]
    if not dated:
        return None
    latest = max(int(f["year"]) for f in dated)  # type: ignore[call-overload]
    same = [f for f in dated if f["year"] == latest]
    return next((f for f in same if f.get("currency", "EUR") == "EUR"), same[0])


def _from_decision(fig: Mapping[str, object], prefix: str, scope: str) -> dict[str, object]:
    return {
        f"{prefix}_eur": _eur(fig),
        f"{prefix}_year": int(fig["year"]),  # type: ignore[call-overload]
        f"{prefix}_origin": "decision",
        f"{prefix}_scope": scope,
        f"{prefix}_name": fig.get("entity"),
        f"{prefix}_bound": fig.get("bound"),
        f"{prefix}_quote": fig.get("evidence"),
        f"{prefix}_source": None,
    }


def _from_public(row: Mapping[str, object], prefix: str, scope: str) -> dict[str, object]:
    return {
        f"{prefix}_eur": row["eur"],
        f"{prefix}_year": int(row["fiscal_year"]),  # type: ignore[call-overload]
        f"{prefix}_origin": "public_accounts",
        f"{prefix}_scope": scope,
        f"{prefix}_name": row["reported_entity"],
        f"{prefix}_bound": None,
        f"{prefix}_quote": row["quote"],
        f"{prefix}_source": row["source_url"],
    }


def stated_years(turnover_figures: object) -> list[int]:
    """Financial years of the turnover figures a decision states (for the public-row year)."""
    return sorted(
        {
            int(f["year"])  # type: ignore[call-overload]
            for f in _figures(turnover_figures)
            if f["kind"] == "turnover" and f["year"] is not None
        }
    )


def choose_turnovers(
    facts: Mapping[str, object],
    public_group: Mapping[str, object] | None = None,
    public_entity: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The :data:`ENTITY_UNDERTAKING_FIELDS` and :data:`CAP_BASIS_FIELDS` values of one decision.

    ``facts`` holds its ``turnover_figures`` (JSON), ``turnover_eur``, ``turnover_year`` and
    ``turnover_scope``; ``public_group`` / ``public_entity`` are the reference rows selected for
    it (``eur``, ``fiscal_year``, ``reported_entity``, ``quote``, ``source_url``), ``None`` for an
    anonymised decision or when there is none. Returns one value per field name of both lists.
    """
    out: dict[str, object] = {f.name: None for f in ENTITY_UNDERTAKING_FIELDS}
    turnovers = [f for f in _figures(facts.get("turnover_figures")) if f["kind"] == "turnover"]
    own, year, scope = (
        _scalar(facts.get(k)) for k in ("turnover_eur", "turnover_year", "turnover_scope")
    )
    relied = None if own is None else (int(own), None if year is None else int(year))  # type: ignore[call-overload]
    entity = _pick(
        [f for f in turnovers if f["scope"] == "entity" and not f.get("undertaking")],
        relied if scope == "entity" else None,
    )
    undertaking = _pick(
        [f for f in turnovers if f.get("undertaking")], relied if scope == "group" else None
    )
    if entity is not None:
        out.update(_from_decision(entity, "turnover_entity", "legal_entity"))
    elif public_entity is not None:
        out.update(_from_public(public_entity, "turnover_entity", "legal_entity"))
    if undertaking is not None:
        out.update(_from_decision(undertaking, "turnover_undertaking", "group"))
    elif public_group is not None:
        out.update(_from_public(public_group, "turnover_undertaking", "group"))
    for prefix, basis_scope in (
        ("turnover_undertaking", "undertaking"),
        ("turnover_entity", "entity"),
    ):
        if out[f"{prefix}_eur"] is not None:
            out.update(
                turnover_cap_basis_eur=out[f"{prefix}_eur"],
                turnover_cap_basis_origin=out[f"{prefix}_origin"],
                turnover_cap_basis_scope=basis_scope,
            )
            break
    else:
        out.update(
            turnover_cap_basis_eur=None,
            turnover_cap_basis_origin=None,
            turnover_cap_basis_scope=None,
        )
    return out
