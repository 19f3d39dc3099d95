"""Sources: one module per source, each a pure parser (bytes → :class:`Decision`) plus a thin fetcher.

- :mod:`~cnil_sanctions.sources.dila` — DILA open data « CNIL » (official bulk XML), fetched by
  :mod:`~cnil_sanctions.sources.dila_fetch`.
- :mod:`~cnil_sanctions.sources.legifrance_text` — Légifrance page text (the shipped corpus),
  imported from the GDPRxiv mirror by :mod:`~cnil_sanctions.sources.gdprxiv`.

:func:`parse_stored` dispatches a raw-store entry to its source's parser.
"""

from __future__ import annotations

from collections.abc import Callable

from cnil_sanctions.decision import Decision, Provenance
from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sources import dila, legifrance_text
from cnil_sanctions.store import StoredDocument

Parser = Callable[[bytes, Provenance, str], Decision]
PARSERS: dict[str, Parser] = {
    dila.SOURCE_NAME: dila.parse_dila_xml,
    legifrance_text.SOURCE_NAME: legifrance_text.parse_legifrance_text,
}


def provenance_of(entry: StoredDocument) -> Provenance:
    """The :class:`Provenance` recorded in a store entry."""
    m = entry.meta
    return Provenance(m.source, m.source_url, m.sha256, m.retrieved_at, m.mirror)


def parse_stored(entry: StoredDocument) -> Decision:
    """Parse one store entry with its source's parser (dispatch on ``meta.source``)."""
    parser = PARSERS.get(entry.meta.source)
    if parser is None:
        raise SourceFormatError(str(entry.folder), f"no parser for source {entry.meta.source!r}")
    return parser(entry.read_bytes(), provenance_of(entry), str(entry.document_path))
