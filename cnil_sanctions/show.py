"""Human-readable rendering of one dataset row (``cnil-sanctions show``)."""

from __future__ import annotations

import json
import numbers
import textwrap
from typing import Any

import numpy as np
import pandas as pd

from cnil_sanctions import schema

EVIDENCE_SUFFIX = "_evidence"
_EUR_FIELDS_SUFFIX = "_eur"


def _is_missing(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (not isinstance(value, (list, dict, str)) and pd.isna(value))
    )


def format_value(name: str, value: Any) -> str:
    """A value as a reader expects it: €1,500,000; 2022-04-15; yes/no; lists one per line."""
    if _is_missing(value):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if name.endswith(_EUR_FIELDS_SUFFIX) or name.endswith("_eur_per_day"):
        return f"€{int(value):,}"
    if isinstance(value, str) and value[:1] in "[{":
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return value
        return json.dumps(parsed, ensure_ascii=False)
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    return str(value)


_SYMBOLS = {"EUR": "€", "USD": "$"}
_BOUND_WORDS = {"lower": "more than ", "upper": "less than ", "approx": "about "}


def _money(value: object, currency: str = "EUR") -> str:
    amount = float(value)  # type: ignore[arg-type]
    sign = _SYMBOLS.get(currency, f"{currency} ")
    if amount >= 1e9:
        return f"{sign}{amount / 1e9:.3g}bn"
    if amount >= 1e6:
        return f"{sign}{amount / 1e6:.3g}M"
    return f"{sign}{int(amount):,}"


def _turnover(row: pd.Series, prefix: str) -> str | None:
    """« €461M (2020, Dedalus group …, public_accounts) » for turnover_entity / _undertaking."""
    if _is_missing(row.get(f"{prefix}_eur")):
        return None
    bound = row.get(f"{prefix}_bound")
    words = "" if _is_missing(bound) else _BOUND_WORDS.get(str(bound), "")
    name = row.get(f"{prefix}_name")
    who = "" if _is_missing(name) else f"{name}, "
    return (
        f"{words}{_money(row[f'{prefix}_eur'])} ({who}{row[f'{prefix}_year']}, "
        f"{row[f'{prefix}_origin']})"
    )


def headline(row: pd.Series) -> list[str]:
    """The facts analysts look at first, in one line each."""
    out = []
    if not _is_missing(row.get("fine_eur")):
        out.append(f"fine: €{int(row['fine_eur']):,}")
    figures = row.get("turnover_figures")
    if not _is_missing(figures):
        parts = [
            f"{_BOUND_WORDS.get(str(f.get('bound')), '')}"
            f"{_money(f['value'], str(f.get('currency') or 'EUR'))} "
            f"({f['year'] or 'year not stated'}, {f['scope']})"
            for f in json.loads(str(figures))
            if f.get("kind") == "turnover"
        ]
        if parts:
            out.append("turnover stated: " + "; ".join(parts))
    for prefix, label in (
        ("turnover_entity", "turnover of the company"),
        ("turnover_undertaking", "turnover of the undertaking (group)"),
    ):
        line = _turnover(row, prefix)
        if line:
            out.append(f"{label}: {line}")
    if not _is_missing(row.get("turnover_basis_eur")):
        out.append(
            f"turnover basis: {_money(row['turnover_basis_eur'])} (origin: {row['turnover_basis_origin']})"
        )
    if not _is_missing(row.get("articles_violated")):
        articles = str(row["articles_violated"]).replace(";", ", ")
        out.append(
            f"articles violated: {articles} — tier {format_value('cap_tier', row.get('cap_tier'))}"
        )
    if not _is_missing(row.get("people_affected")):
        unit = format_value("unit", row.get("people_affected_unit"))
        out.append(f"people affected: {int(row['people_affected']):,} {unit}")
    if not _is_missing(row.get("role")):
        out.append(f"role: {row['role']}")
    return out


def format_decision(row: pd.Series) -> str:
    """Every field of one decision, with its evidence sentence indented under it."""
    lines = [f"{row['decision_id']} — {row['title']}", ""]
    lines += [f"  {line}" for line in headline(row)] + [""]
    groups: dict[str, list[str]] = {}
    names = {f.name for f in schema.all_fields()}
    for f in schema.all_fields():
        if f.name.endswith(EVIDENCE_SUFFIX):
            base = f.name.removesuffix(EVIDENCE_SUFFIX)
            value = row.get(f.name)
            if base not in names and not _is_missing(value):
                # evidence shared by several fields (e.g. measures_evidence): its own entry
                wrapped = textwrap.wrap(f"« {value} »", width=96)
                block = [f"  {f.name:<28} {wrapped[0]}", *[f"  {'':<28} {w}" for w in wrapped[1:]]]
                groups.setdefault(f.group, []).append("\n".join(block))
            continue
        value = row.get(f.name)
        block = [f"  {f.name:<28} {format_value(f.name, value)}"]
        evidence = row.get(f.name + EVIDENCE_SUFFIX)
        if not _is_missing(evidence) and not _is_missing(value):
            wrapped = textwrap.wrap(f"« {evidence} »", width=96)
            block += [f"  {'':<28}   {w}" for w in wrapped]
        groups.setdefault(f.group, []).append("\n".join(block))
    for group, blocks in groups.items():
        lines.append(f"[{group}]")
        lines.extend(blocks)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
