"""Exceptions raised by cnil-sanctions. Each names the file or URL and what was wrong."""

from __future__ import annotations


class CnilSanctionsError(Exception):
    """Base class of every error this package raises on bad input."""


class SourceFormatError(CnilSanctionsError):
    """A source document (file or URL) is not in the expected format.

    ``location`` names the file, archive member or URL; the message says what was wrong.
    """

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")


class NotASanctionError(CnilSanctionsError):
    """A well-formed CNIL deliberation that is not a sanction (left out, counted)."""

    def __init__(
        self,
        location: str,
        nature: str | None,
        number: str | None,
        drift: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.location = location
        self.nature = nature
        self.number = number
        self.drift = drift
        super().__init__(f"{location}: not a sanction (nature {nature!r}, number {number!r})")


class LayoutChangedError(SourceFormatError):
    """A listing page no longer has the layout the scraper expects."""


class FetchError(CnilSanctionsError):
    """A download failed after all retries (the message names the URL and the cause)."""


class StoreError(CnilSanctionsError):
    """The raw store holds an entry that is inconsistent (bad hash, missing file)."""


class SchemaError(CnilSanctionsError):
    """A dataset row breaks the field dictionary (the message names decision and field)."""
