"""Human-readable rendering of one dataset row (``cnil-sanctions show``)."""

from __future__ import annotations

import json
import textwrap

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


def format_value(name: str, value: object) -> str:
    """A value as a reader expects it: €1,500,000; 2022-04-15; yes/no; lists one per line."""
    if _is_missing(value):
        return "—"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, bool) or str(type(value)).endswith("bool_'>"):
        return "yes" if value else "no"
    if name.endswith(_EUR_FIELDS_SUFFIX) or name.endswith("_eur_per_day"):
        return f"€{int(value):,}"
    if isinstance(value, str) and value[:1] in "[{":
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return value
        return json.dumps(parsed, ensure_ascii=False)
    if isinstance(value, int) or (isinstance(value, float) and float(value).is_integer()):
        return f"{int(value):,}"
    return str(value)


def format_decision(row: pd.Series) -> str:
    """Every field of one decision, with its evidence sentence indented under it."""
    lines = [f"{row['decision_id']} — {row['title']}", ""]
    groups: dict[str, list[str]] = {}
    for f in schema.all_fields():
        if f.name.endswith(EVIDENCE_SUFFIX):
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
