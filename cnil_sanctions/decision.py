"""The ``Decision`` record that every source parser produces."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

#: A CNIL deliberation number as used in sanction texts: SAN-2022-009, MEDP-2021-001.
DECISION_ID_RE = re.compile(r"^(SAN|MEDP)-(19|20)\d\d-\d{3}$")
#: The first Loi Informatique et Libertés dates from 6 January 1978: no CNIL decision is older.
EARLIEST_DECISION = date(1978, 1, 6)


@dataclass(frozen=True)
class Provenance:
    """Where a document came from.

    ``source``: the source module (``dila``, ``legifrance_text``); ``source_url``: the official
    URL of the document; ``mirror``: the copy it was actually read from, if not the official
    site; ``retrieved_at``: ISO 8601 time of retrieval; ``sha256``: of the original bytes.
    """

    source: str
    source_url: str
    sha256: str
    retrieved_at: str
    mirror: str | None = None


@dataclass(frozen=True)
class Decision:
    """One CNIL deliberation as published, before any fact extraction."""

    decision_id: str | None
    decision_date: date
    publication_date: date | None
    legifrance_id: str | None
    title: str
    nature: str | None
    legal_state: str | None
    text: str
    provenance: Provenance
    header: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_sanction(self) -> bool:
        """True for a formation-restreinte decision (``SAN-`` number or nature Sanction)."""
        if self.decision_id and self.decision_id.startswith("SAN-"):
            return True
        return (self.nature or "").strip().lower() == "sanction"

    def to_dict(self) -> dict[str, object]:
        """A plain dict (dates as ISO strings), for JSON."""
        out = asdict(self)
        out["decision_date"] = self.decision_date.isoformat()
        out["publication_date"] = (
            self.publication_date.isoformat() if self.publication_date else None
        )
        return out
