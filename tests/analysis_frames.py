"""SYNTHETIC frames for the analysis tests: made-up decisions (ids SAN-2090-xxx), not real ones.

They carry every column of the field dictionary with the right dtypes, so the analysis code sees
exactly what :func:`cnil_sanctions.load_sanctions` gives it.
"""

from __future__ import annotations

import pandas as pd

from cnil_sanctions import schema

#: the synthetic stand-in for the reference case in these tests
REF_ID = "SAN-2090-009"


def make_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A dataset-shaped frame: ``rows`` give some columns, every other column is empty."""
    base = {
        "decision_date": "2090-01-01",
        "title": "synthetic decision",
        "source": "legifrance_text",
        "source_url": "https://example.invalid/synthetic",
        "retrieved_at": "2090-01-01T00:00:00+00:00",
        "last_seen": "2090-01-01T00:00:00+00:00",
        "sha256": "0" * 64,
        "text_chars": 100,
        "measure_kind": "fine",
    }
    full = []
    for i, row in enumerate(rows):
        r = {n: None for n in schema.field_names()}
        r.update(base)
        r["decision_id"] = f"SAN-2090-{i + 1:03d}"
        r.update(row)
        if r.get("turnover_eur") is not None and r.get("turnover_basis_eur") is None:
            r["turnover_basis_eur"] = float(r["turnover_eur"])
            r["turnover_basis_origin"] = "decision"
        # the two turnovers of issue 16, derived the simple way for these synthetic rows: a
        # decision figure is the entity's, a public one the group's (the cap basis either way)
        if r.get("turnover_eur") is not None and r.get("turnover_entity_eur") is None:
            r["turnover_entity_eur"] = float(r["turnover_eur"])
            r["turnover_entity_origin"] = "decision"
        if r.get("turnover_basis_eur") is not None and r.get("turnover_cap_basis_eur") is None:
            public = r.get("turnover_basis_origin") == "public_accounts"
            r["turnover_cap_basis_eur"] = float(r["turnover_basis_eur"])
            r["turnover_cap_basis_origin"] = r.get("turnover_basis_origin")
            r["turnover_cap_basis_scope"] = "undertaking" if public else "entity"
        full.append(r)
    return schema.coerce(pd.DataFrame(full))


def sample_frame() -> pd.DataFrame:
    """Twelve synthetic fines + one reprimand; fine = 0.01 x turnover^0.5 x noise."""
    noise = [1.0, 1.3, 0.8, 1.1, 0.9, 1.2, 0.7, 1.05, 0.95, 1.15]
    rows: list[dict[str, object]] = []
    for i, t in enumerate([1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10, 3e10]):
        public = i % 3 == 2
        rows.append(
            {
                "decision_date": f"20{90 + i % 4}-06-01",
                "organisation": f"SYNTHETIC {i}",
                "fine_eur": int(10 * t**0.5 * noise[i]),
                "turnover_eur": None if public else int(t),
                "turnover_basis_eur": t,
                "turnover_basis_origin": "public_accounts" if public else "decision",
                "cap_tier": "GDPR 83(5)" if i % 2 else "GDPR 83(4)",
                "articles_violated": "GDPR 6;GDPR 32" if i % 2 else "GDPR 32",
                "people_affected": int(1000 * (i + 1) ** 2),
                "data_breach": i % 2 == 0,
                "sector": "health" if i < 5 else "telecoms",
            }
        )
    rows.append(  # no turnover at all
        {
            "fine_eur": 50_000,
            "cap_tier": "GDPR 83(4)",
            "articles_violated": "GDPR 32",
            "people_affected": None,
            "data_breach": True,
            "sector": "health",
        }
    )
    rows.append({"measure_kind": "reprimand", "fine_eur": None})
    # a stand-in for the reference case (numbers of the real Dedalus decision)
    rows.insert(
        8,
        {
            "decision_date": "2092-04-15",
            "organisation": "SYNTHETIC REFERENCE",
            "fine_eur": 1_500_000,
            "turnover_eur": 16_300_000,
            "turnover_year": 2091,
            "cap_tier": "GDPR 83(4)",
            "articles_violated": "GDPR 28(3);GDPR 29;GDPR 32",
            "people_affected": 491_840,
            "data_breach": True,
            "sector": "health",
        },
    )
    return make_frame(rows)
