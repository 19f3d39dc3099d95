"""How much of what the CNIL pronounced each year the data holds.

:func:`coverage_by_year` sets, per year, the CNIL's official figures
(:mod:`cnil_sanctions.official_figures`) beside the full-text dataset (``cnil_sanctions.csv``)
and the CNIL's own list of its sanctions (``cnil_sanctions_list.csv``), so that a gap in the data
is not read as a change of policy. A year is ``complete`` when the fines of the full-text dataset
add up to at least :data:`COMPLETE_SHARE` of the official total, ``incomplete`` when they do not,
``unknown`` when no stored source gives the official total.
"""

from __future__ import annotations

import pandas as pd

from cnil_sanctions.official_figures import official_by_year

#: Share of the official total of fines the full-text dataset must hold for a year to count as
#: complete: the few missing fines may then change a yearly total by at most 10 %.
COMPLETE_SHARE = 0.9
#: ``measure_kind`` values of the main table that are not sanctions the CNIL counts: a decision
#: closing an injunction without penalty, a bureau decision to publish a formal notice.
NOT_COUNTED = ("injunction_follow_up", "formal_notice_publication")
COMPLETENESS = ("complete", "incomplete", "unknown")

COLUMNS = (
    "official_sanctions",
    "official_fines_total_eur",
    "official_simplified",
    "dataset_sanctions",
    "dataset_fines",
    "dataset_fines_total_eur",
    "list_sanctions",
    "list_simplified",
    "list_fines_total_eur",
    "held_sanctions",
    "held_fines_total_eur",
    "dataset_share_of_official_total",
    "held_share_of_official_total",
    "completeness",
)


def _year(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.year.astype(int)


def coverage_by_year(
    df: pd.DataFrame,
    sanctions_list: pd.DataFrame | None = None,
    official: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per year (index ``year``): official count and total, what the full-text dataset holds
    (sanctions, fines, their total), what the list table adds (its sanctions not linked to a
    decision of the dataset), the shares of the official total and the completeness flag.

    ``sanctions_list`` defaults to :func:`cnil_sanctions.load_sanctions_list`, ``official`` to
    :func:`cnil_sanctions.official_figures.official_by_year`.
    """
    if sanctions_list is None:
        from cnil_sanctions.sanctions_list import load_sanctions_list

        sanctions_list = load_sanctions_list()
    off = official_by_year() if official is None else official
    counted = df[~df["measure_kind"].isin(NOT_COUNTED)]
    fines = counted[counted["fine_eur"].notna()]
    lst = sanctions_list[sanctions_list["is_sanction"].astype(bool)]
    new = lst[lst["link_status"] != "linked"]
    list_fines = lst[(lst["measure_kind"] == "fine") & lst["amount_eur"].notna()]
    new_fines = list_fines[list_fines["link_status"] != "linked"]
    years = sorted(
        set(_year(df["decision_date"]))
        | set(_year(sanctions_list["decision_date"]))
        | set(off.index)
    )
    out = pd.DataFrame(index=pd.Index(years, name="year"))
    out["official_sanctions"] = off["sanctions"].reindex(years).astype("Int64")
    out["official_fines_total_eur"] = off["fines_total_eur"].reindex(years).astype("Int64")
    out["official_simplified"] = off["sanctions_simplified"].reindex(years).astype("Int64")

    def count(frame: pd.DataFrame, column: str = "decision_date") -> pd.Series:
        return frame.groupby(_year(frame[column])).size().reindex(years, fill_value=0).astype(int)

    def total(frame: pd.DataFrame, amount: str) -> pd.Series:
        values = pd.to_numeric(frame[amount]).astype(float)
        by_year = values.groupby(_year(frame["decision_date"])).sum()
        return by_year.reindex(years, fill_value=0.0).round().astype("Int64")

    out["dataset_sanctions"] = count(counted)
    out["dataset_fines"] = count(fines)
    out["dataset_fines_total_eur"] = total(fines, "fine_eur")
    out["list_sanctions"] = count(lst)
    out["list_simplified"] = count(lst[lst["procedure"] == "simplified"])
    out["list_fines_total_eur"] = total(list_fines, "amount_eur")
    out["held_sanctions"] = out["dataset_sanctions"] + count(new)
    out["held_fines_total_eur"] = out["dataset_fines_total_eur"] + total(new_fines, "amount_eur")
    official_total = out["official_fines_total_eur"].astype("Float64")
    out["dataset_share_of_official_total"] = (
        out["dataset_fines_total_eur"].astype("Float64") / official_total
    )
    out["held_share_of_official_total"] = (
        out["held_fines_total_eur"].astype("Float64") / official_total
    )
    share = out["dataset_share_of_official_total"]
    out["completeness"] = [
        "unknown" if pd.isna(s) else ("complete" if s >= COMPLETE_SHARE else "incomplete")
        for s in share
    ]
    return out[list(COLUMNS)]


def incomplete_years(coverage: pd.DataFrame) -> list[int]:
    """Years whose full-text data is not complete (``incomplete`` or ``unknown``)."""
    return [int(y) for y, c in coverage["completeness"].items() if c != "complete"]


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"


def coverage_periods(coverage: pd.DataFrame) -> list[tuple[str, int, int, int, int]]:
    """Consecutive years of equal completeness with an official count, as (period, decisions
    held in full text, official sanctions, list rows added, completeness-rank) tuples.

    The last item is 0 for complete periods, 1 otherwise (for ordering and wording)."""
    rows = coverage[coverage["official_sanctions"].notna()]
    periods: list[tuple[str, int, int, int, int]] = []
    group: list[int] = []
    state = None
    for year, c in rows["completeness"].items():
        if state is not None and (c != state or int(year) != group[-1] + 1):
            periods.append(_period(rows, group, state))
            group = []
        group.append(int(year))
        state = c
    if group and state is not None:
        periods.append(_period(rows, group, state))
    return periods


def _period(rows: pd.DataFrame, years: list[int], state: str) -> tuple[str, int, int, int, int]:
    part = rows.loc[years]
    return (
        _span(years),
        int(part["dataset_sanctions"].sum()),
        int(part["official_sanctions"].sum()),
        int((part["held_sanctions"] - part["dataset_sanctions"]).sum()),
        0 if state == "complete" else 1,
    )


def coverage_sentence(coverage: pd.DataFrame) -> str:
    """One line: decisions held in full text against the sanctions the CNIL pronounced, per
    period (periods of equal completeness)."""
    parts = []
    unknown = {str(y) for y, c in coverage["completeness"].items() if c == "unknown"}
    for period, held, official, listed, rank in coverage_periods(coverage):
        label = "complete by amount" if rank == 0 else "incomplete"
        if period in unknown:
            label = "no official total"
        extra = f" (+{listed} in the CNIL's list)" if listed else ""
        parts.append(f"{period}: {held}{extra} of {official} sanctions ({label})")
    return (
        "Coverage — full-text decisions held of the sanctions the CNIL pronounced: "
        + "; ".join(parts)
        + "."
    )


def _eur_m(value: object) -> str:
    return "—" if pd.isna(value) else f"€{float(value) / 1e6:,.1f}M"  # type: ignore[arg-type]


def _n(value: object) -> str:
    return "—" if pd.isna(value) else str(int(value))  # type: ignore[call-overload]


def _pct(value: object) -> str:
    return "—" if pd.isna(value) else f"{float(value) * 100:.0f} %"  # type: ignore[arg-type]


def coverage_markdown(coverage: pd.DataFrame) -> list[str]:
    """The coverage table as Markdown lines (one row per year; — where no figure exists)."""
    lines = [
        "| year | CNIL sanctions | CNIL fines total | full-text decisions | full-text fines "
        "total | share of CNIL total | CNIL-list rows (not in full text) | completeness (by amount) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for year, r in coverage.iterrows():
        lines.append(
            f"| {year} | {_n(r['official_sanctions'])} | {_eur_m(r['official_fines_total_eur'])} "
            f"| {_n(r['dataset_sanctions'])} | {_eur_m(r['dataset_fines_total_eur'])} "
            f"| {_pct(r['dataset_share_of_official_total'])} "
            f"| {int(r['held_sanctions'] - r['dataset_sanctions'])} | {r['completeness']} |"
        )
    return lines
