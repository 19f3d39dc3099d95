"""Loud, not lossy: how drift and unreadable documents of the DILA base are counted and judged.

:class:`DriftLog` counts layout drift (``(kind, example)`` pairs from
:func:`cnil_sanctions.sources.dila.document_drift`) by kind and keeps a few examples of each;
fetch and build print it in their summaries. :func:`alarms` is THE rule that turns counts into a
failure (a message and a non-zero exit): zero sanction candidates in a global archive, or too
large a share of sanction candidates that cannot be read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Examples kept per drift kind.
EXAMPLES_PER_KIND = 3
#: Share of unreadable sanction candidates beyond which a run fails (a parser or format change
#: makes many documents unreadable at once; one odd document does not).
UNREADABLE_ALARM_SHARE = 0.05
#: Fewest unreadable candidates that can raise the alarm (below, they are only reported).
UNREADABLE_ALARM_MIN = 2


@dataclass
class DriftLog:
    """Drift counted by kind, with up to :data:`EXAMPLES_PER_KIND` distinct examples each."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, example: str) -> None:
        """Count one drift of ``kind``; keep ``example`` if it is new and there is room."""
        self.counts[kind] += 1
        kept = self.examples.setdefault(kind, [])
        if example not in kept and len(kept) < EXAMPLES_PER_KIND:
            kept.append(example)

    def add_all(self, drift: Iterable[tuple[str, str]] | Iterable[list[str]]) -> None:
        """Count every ``(kind, example)`` pair."""
        for kind, example in drift:
            self.add(kind, example)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def to_lines(self, indent: str = "    ") -> list[str]:
        """One line per kind: count, kind and examples."""
        return [
            f"{indent}{n} × {kind}: e.g. " + ", ".join(repr(e) for e in self.examples[kind])
            for kind, n in sorted(self.counts.items())
        ]


def alarms(
    *,
    unreadable_candidates: int,
    candidates: int,
    empty_global_archives: Iterable[str] = (),
) -> list[str]:
    """The failures a run must report with a non-zero exit (empty list: none)."""
    out = [
        f"{name}: a global archive, yet no sanction candidate was found in it: the detector or "
        "the format of the base changed; nothing was lost (the archive is kept), please report it"
        for name in empty_global_archives
    ]
    if (
        unreadable_candidates >= UNREADABLE_ALARM_MIN
        and unreadable_candidates > UNREADABLE_ALARM_SHARE * max(candidates, 1)
    ):
        out.append(
            f"{unreadable_candidates} of {candidates} sanction candidates could not be read "
            f"(more than {UNREADABLE_ALARM_SHARE:.0%}): their raw bytes are kept in the store; "
            "the format probably changed, please report it"
        )
    return out
