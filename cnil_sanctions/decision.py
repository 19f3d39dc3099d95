"""The ``Decision`` record that every source parser produces."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

#: A CNIL deliberation number as used in sanction texts: SAN-2022-009, MEDP-2021-001, and the
#: plain numbers of the formation restreinte before the ``SAN-`` prefix (« n° 2016-204 »).
DECISION_ID_RE = re.compile(r"^(?:(SAN|MEDP)-)?(19|20)\d\d-\d{3,4}$")
#: The first Loi Informatique et Libertés dates from 6 January 1978: no CNIL decision is older.
EARLIEST_DECISION = date(1978, 1, 6)
#: ``NATURE_DELIB`` values that make a deliberation a sanction-type decision (THE list).
SANCTION_NATURES = frozenset({"Sanction", "Avertissement"})
SANCTION_NATURES_FOLDED = frozenset(n.casefold() for n in SANCTION_NATURES)
_RESTRICTED_COMMITTEE_RE = re.compile(r"formation\s+restreinte", re.I)


def is_sanction_type(decision_id: str | None, nature: str | None, title: str | None) -> bool:
    """THE rule for "a sanction-type decision" (fine, warning, reprimand, injunction…): a
    ``SAN-`` number, a sanction or warning nature, or a title naming the formation restreinte
    (the body that imposes sanctions; pre-2019 decisions carry plain numbers)."""
    if decision_id and decision_id.upper().startswith("SAN-"):
        return True
    if (nature or "").strip().casefold() in SANCTION_NATURES_FOLDED:
        return True
    return bool(_RESTRICTED_COMMITTEE_RE.search(title or ""))


#: The number of a bureau decision making a formal notice public, wherever it is written.
FORMAL_NOTICE_NUMBER_RE = re.compile(r"\bMEDP[-\u2011](?:19|20)\d\d-\d{3}\b", re.I)


def is_formal_notice_publication(number_or_title: str | None) -> bool:
    """True for a bureau decision making a formal notice public (a ``MEDP-`` number, given alone
    or in a title): not a sanction, but kept beside them in the dataset."""
    return bool(FORMAL_NOTICE_NUMBER_RE.search(number_or_title or ""))


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
    #: layout drift noticed while parsing: ``(kind, example)`` pairs (unknown META field…)
    drift: tuple[tuple[str, str], ...] = ()

    @property
    def is_sanction(self) -> bool:
        """True for a sanction-type decision (:func:`is_sanction_type`)."""
        return is_sanction_type(self.decision_id, self.nature, self.title)

    @property
    def is_formal_notice_publication(self) -> bool:
        """True for a bureau decision publishing a formal notice (``MEDP-``)."""
        return is_formal_notice_publication(self.decision_id)

    def to_dict(self) -> dict[str, object]:
        """A plain dict (dates as ISO strings), for JSON."""
        out = asdict(self)
        out["decision_date"] = self.decision_date.isoformat()
        out["publication_date"] = (
            self.publication_date.isoformat() if self.publication_date else None
        )
        return out
