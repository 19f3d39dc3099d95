"""``cnil-sanctions update``: fetch, then build, then report what changed since the last run.

:func:`run_update` fetches new DILA archives into the raw store, rebuilds the dataset, and
compares the dataset before and after (:func:`diff_datasets`, by ``decision_id`` and
``sha256`` of the text): decisions *new*, *updated* (another text of the decision is now used,
e.g. a corrected re-publication) and *withdrawn* (no longer in the dataset; with the archive
whose deletion list withdrew it when DILA did). The weekly workflow
``.github/workflows/update.yml`` runs it and proposes the refreshed dataset as a pull request,
with :meth:`Changes.to_markdown` as its description.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cnil_sanctions.dataset import CACHE_DIR, CSV_NAME, BuildSummary, build_dataset
from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources.dila_fetch import FetchReport, fetch_dila
from cnil_sanctions.store import RawStore


@dataclass
class Changes:
    """Decisions new, updated and withdrawn between two versions of the dataset."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    withdrawn_by: dict[str, str] = field(default_factory=dict)  # decision → DILA archive

    @property
    def any(self) -> bool:
        """True if anything changed."""
        return bool(self.new or self.updated or self.withdrawn)

    def _items(self) -> list[tuple[str, list[str]]]:
        withdrawn = [
            f"{d} (deletion list of {self.withdrawn_by[d]})" if d in self.withdrawn_by else d
            for d in self.withdrawn
        ]
        return [("new", self.new), ("updated", self.updated), ("withdrawn", withdrawn)]

    def to_text(self) -> str:
        """One line per kind, then one line per decision."""
        lines = []
        for kind, items in self._items():
            lines.append(f"{kind}: {len(items)}")
            lines += [f"  {d}" for d in items]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The change report as Markdown (the pull request description)."""
        lines = ["## Dataset changes since the last update", ""]
        for kind, items in self._items():
            lines.append(f"- **{kind}**: {len(items)}" + (":" if items else ""))
            lines += [f"  - {d}" for d in items]
        return "\n".join(lines) + "\n"


def read_index(csv_path: Path) -> dict[str, str]:
    """``decision_id → sha256`` of a dataset CSV (empty if the file does not exist)."""
    if not csv_path.exists():
        return {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        return {row["decision_id"]: row["sha256"] for row in csv.DictReader(fh)}


def diff_datasets(
    old: Mapping[str, str], new: Mapping[str, str], withdrawn_by: Mapping[str, str] | None = None
) -> Changes:
    """Changes between two ``decision_id → sha256`` indexes (sorted by decision)."""
    return Changes(
        new=sorted(set(new) - set(old)),
        updated=sorted(d for d in set(new) & set(old) if new[d] != old[d]),
        withdrawn=sorted(set(old) - set(new)),
        withdrawn_by={d: a for d, a in (withdrawn_by or {}).items() if d in old and d not in new},
    )


@dataclass
class UpdateResult:
    """What :func:`run_update` did: the fetch report, the build summary and the changes."""

    fetch: FetchReport
    build: BuildSummary
    changes: Changes

    @property
    def alarms(self) -> list[str]:
        """Alarms of the fetch and of the build (a non-zero exit)."""
        return self.fetch.alarms + self.build.alarms


def run_update(
    base_url: str,
    raw_dir: Path,
    out_dir: Path,
    *,
    session: PoliteSession | None = None,
    since: date | None = None,
    progress: bool = False,
    jobs: int = 1,
    cache_dir: Path | None = CACHE_DIR,
    keep_archives: bool = True,
) -> UpdateResult:
    """Fetch, build and diff (module docstring). Errors of the fetch propagate before anything
    is rebuilt; the dataset is written only by a successful build."""
    before = read_index(out_dir / CSV_NAME)
    report = fetch_dila(
        base_url,
        RawStore(raw_dir),
        since=since,
        session=session,
        progress=progress,
        keep_archives=keep_archives,
    )
    _df, summary = build_dataset(
        raw_dir, out_dir, progress=progress, jobs=jobs, cache_dir=cache_dir
    )
    after = read_index(out_dir / CSV_NAME)
    changes = diff_datasets(before, after, dict(summary.withdrawn))
    return UpdateResult(report, summary, changes)
