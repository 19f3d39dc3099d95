"""One hand-made turnover figure as the extractor writes it in ``turnover_figures`` (not real)."""

from __future__ import annotations


def turnover_figure(
    value: int, year: int | None, scope: str, undertaking: bool, **kw: object
) -> dict[str, object]:
    """A turnover figure in euros, no bound, no entity named; ``kw`` overrides any key."""
    return {
        "value": value,
        "year": year,
        "scope": scope,
        "worldwide": False,
        "kind": "turnover",
        "currency": "EUR",
        "bound": None,
        "undertaking": undertaking,
        "entity": None,
        "evidence": "…",
        **kw,
    }
