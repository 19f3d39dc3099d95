"""The CNIL's own table of sanctions (« Les sanctions prononcées par la CNIL »), one row at a time.

The CNIL publishes on https://www.cnil.fr/fr/les-sanctions-prononcees-par-la-cnil a table of every
sanction of its formation restreinte, including the simplified-procedure ones whose decisions are
not published in full. The public mirror GDPRxiv keeps each row of that table as one text of
four labelled parts, e.g.::

    DATE: 2024-01-15 TYPE D'ORGANISME: AVOCAT (procédure simplifiée) MANQUEMENTS PRINCIPAUX /
    THEME: Défaut de coopération avec  la CNIL\\n\\t\\t\\tNon respect du droit à l'effacement
    DECISION ADOPTEE: Amende administrative de 5 000 euros

:func:`parse_row` is the pure parser (text in, :class:`ListRow` out). It is strict: the four
labels must be there, in that order, once each; every wording of the « décision adoptée » must be
one of :data:`MEASURES` (else :class:`~cnil_sanctions.errors.SourceFormatError` naming the row);
dates and amounts are checked. Amounts are read by :mod:`cnil_sanctions.extract.numbers`, article
references by :func:`cnil_sanctions.extract.articles.parse_article_refs` (the extractor's rule).

:func:`store_row` is the thin ingestion layer: it puts one row's bytes into the raw store (source
``cnil_list``) with its provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cnil_sanctions.decision import EARLIEST_DECISION
from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.extract.articles import parse_article_refs, sort_key
from cnil_sanctions.extract.numbers import find_quantities
from cnil_sanctions.store import RawStore, StoredDocument

SOURCE_NAME = "cnil_list"
#: The official page the rows come from.
OFFICIAL_URL = "https://www.cnil.fr/fr/les-sanctions-prononcees-par-la-cnil"
MIRROR_REPO = "https://github.com/lawfulcomputing/GDPRxiv"
MIRROR_PATH = "documents/france/Decisions%20%26%20Deliberations"

#: The four labels of a row, in order.
LABELS = ("DATE:", "TYPE D'ORGANISME:", "MANQUEMENTS PRINCIPAUX / THEME:", "DECISION ADOPTEE:")
_ROW = re.compile(
    r"DATE: (?P<date>\S+) TYPE D'ORGANISME: (?P<org>.*?) MANQUEMENTS PRINCIPAUX / THEME: "
    r"(?P<breaches>.*?) DECISION ADOPTEE: (?P<decision>.*)",
    re.DOTALL,
)
_SIMPLIFIED = re.compile(r"\s*\(procédure simplifiée\)\s*$")
_WS = re.compile(r"\s+")
#: how the breaches are separated in a row: line breaks (tabs after them), or « ; » in old rows
_BREACH_SEP = re.compile(r"\s*\n\s*|\s+;\s+")

#: What a row's « décision adoptée » may say: (pattern of its start, measure kind, amount?).
#: ``amount``: "required" (a euro amount follows), "optional" (old rows omit it), "none".
MEASURES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"Amendes? administratives?\s+(?:de\s+)?", re.I), "fine", "required"),
    (re.compile(r"Amendes?\s+(?:de\s+)?", re.I), "fine", "required"),
    (re.compile(r"Sanction pécuniaire(?:\s+de\s+|(?=\s+et\s)|$)", re.I), "fine", "optional"),
    (
        re.compile(r"Liquidation (?:de l['’]|d['’])?\s*astreinte\s+de\s+", re.I),
        "penalty_liquidation",
        "required",
    ),
    (re.compile(r"Rappel à l['’]ordre", re.I), "reprimand", "none"),
    (re.compile(r"Avertissement non public", re.I), "warning", "none"),
    (re.compile(r"Injonctions? sous astreintes?", re.I), "injunction", "none"),
    (re.compile(r"Non-lieu(?: à sanction)?", re.I), "no_sanction", "none"),
    (re.compile(r"Abandon des poursuites", re.I), "proceedings_dropped", "none"),
)
#: Measure kinds that are sanctions (the others close the case without one).
SANCTION_KINDS = ("fine", "penalty_liquidation", "reprimand", "warning", "injunction")
MEASURE_KINDS = (*SANCTION_KINDS, "no_sanction", "proceedings_dropped")
#: What may follow the measure (and its amount): an injunction, with or without a penalty.
_TAIL = re.compile(r"\s*(?:et\s+(?P<inj>injonctions?)(?P<ast>\s+sous\s+astreintes?)?)?\s*")
#: One amount or several joined by « et », then « euros »: « 5 000 et 5 000 euros ».
_NUM = r"\d[\d \u00a0\u202f.]*\d|\d"
_AMOUNTS = re.compile(rf"(?P<nums>(?:{_NUM})(?:\s+et\s+(?:{_NUM}))*)\s*euros\b", re.I)
#: Plausible amounts: at least one euro, below a thousand million (no CNIL sanction comes close).
MAX_PLAUSIBLE_EUR = 1_000_000_000


@dataclass(frozen=True)
class ListRow:
    """One row of the CNIL's table, parsed. ``*_text`` fields are the row's words, unchanged."""

    decision_date: date
    organisation_type: str
    organisation_type_text: str
    procedure: str
    breaches: tuple[str, ...]
    breaches_text: str
    breach_articles: tuple[str, ...]
    measure_kind: str
    injunction: bool
    amounts_eur: tuple[int, ...]
    decision_text: str

    @property
    def amount_eur(self) -> int | None:
        """The total amount the row states (several fines added), None when it states none."""
        return sum(self.amounts_eur) if self.amounts_eur else None

    @property
    def is_sanction(self) -> bool:
        """True unless the row closes the case without a sanction (non-lieu, abandonment)."""
        return self.measure_kind in SANCTION_KINDS


def _check_labels(text: str, where: str) -> None:
    positions = []
    for label in LABELS:
        n = text.count(label)
        if n != 1:
            raise SourceFormatError(where, f"label {label!r} found {n} times (expected once)")
        positions.append(text.index(label))
    if positions != sorted(positions) or positions[0] != 0:
        raise SourceFormatError(where, f"labels out of order or text before {LABELS[0]!r}")
    rest = text
    for label in LABELS:
        rest = rest.replace(label, " ")
    extra = re.findall(r"\b[A-Z][A-Z'’]+(?: [A-Z'’/]+)*\s?:", rest)
    if extra:
        raise SourceFormatError(where, f"unknown labels {extra}")


def _date(raw: str, where: str, today: date) -> date:
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise SourceFormatError(where, f"DATE is not an ISO date: {raw!r}") from None
    if not EARLIEST_DECISION <= value <= today:
        raise SourceFormatError(where, f"implausible DATE {value.isoformat()}")
    return value


def _measure(decision: str, where: str) -> tuple[str, bool, tuple[int, ...]]:
    """Measure kind, injunction flag and amounts of the « décision adoptée » text."""
    for pattern, kind, amount_rule in MEASURES:
        m = pattern.match(decision)
        if not m:
            continue
        rest = decision[m.end() :]
        amounts: tuple[int, ...] = ()
        if amount_rule != "none":
            chain = _AMOUNTS.match(rest)
            if chain:
                quantities = find_quantities(chain.group(0))
                parts = len(re.split(r"\s+et\s+", chain["nums"]))
                if len(quantities) != parts or not quantities[-1].currency:
                    raise SourceFormatError(where, f"unreadable amount in {decision!r}")
                amounts = tuple(q.amount for q in quantities)
                rest = rest[chain.end() :]
            if amount_rule == "required" and not amounts:
                raise SourceFormatError(where, f"no amount in {decision!r}")
            for a in amounts:
                if not 1 <= a < MAX_PLAUSIBLE_EUR:
                    raise SourceFormatError(where, f"implausible amount {a} in {decision!r}")
        tail = _TAIL.fullmatch(rest)
        if tail is None:
            raise SourceFormatError(where, f"unexpected words after the measure: {rest!r}")
        return kind, bool(tail["inj"]), amounts
    raise SourceFormatError(where, f"unknown DECISION ADOPTEE wording: {decision!r}")


def parse_row(text: str, where: str = "<row>", today: date | None = None) -> ListRow:
    """Parse one row of the CNIL's table; :class:`SourceFormatError` naming ``where`` if it
    is not in the expected form."""
    _check_labels(text, where)
    m = _ROW.fullmatch(text)
    if m is None:
        raise SourceFormatError(where, "not of the form DATE: … TYPE D'ORGANISME: … DECISION …")
    org_raw, breaches_raw, decision_raw = m["org"], m["breaches"], m["decision"]
    simplified = _SIMPLIFIED.search(org_raw)
    org = _WS.sub(" ", org_raw[: simplified.start()] if simplified else org_raw).strip()
    if not org:
        raise SourceFormatError(where, "empty TYPE D'ORGANISME")
    breaches = tuple(
        _WS.sub(" ", b).strip() for b in _BREACH_SEP.split(breaches_raw.strip()) if b.strip()
    )
    if not breaches:
        raise SourceFormatError(where, "empty MANQUEMENTS PRINCIPAUX / THEME")
    articles = sorted({a for b in breaches for a in parse_article_refs(b)}, key=sort_key)
    kind, injunction, amounts = _measure(_WS.sub(" ", decision_raw).strip(), where)
    return ListRow(
        decision_date=_date(m["date"], where, today or date.today()),
        organisation_type=org,
        organisation_type_text=org_raw,
        procedure="simplified" if simplified else "unknown",
        breaches=breaches,
        breaches_text=breaches_raw,
        breach_articles=tuple(articles),
        measure_kind=kind,
        injunction=injunction or kind == "injunction",
        amounts_eur=amounts,
        decision_text=decision_raw,
    )


# --- ingestion (thin layer over the raw store) -------------------------------------------------


def mirror_url(folder: str, commit: str) -> str:
    """URL of one row's text in the GDPRxiv mirror at ``commit``."""
    return f"{MIRROR_REPO}/blob/{commit}/{MIRROR_PATH}/{folder}/fr.txt"


def store_row(
    store: RawStore,
    text: str,
    *,
    folder: str,
    commit: str,
    retrieved_at: str | None = None,
    how: str = "",
) -> StoredDocument:
    """Put one row's text (UTF-8 bytes, unchanged) into ``store`` as a ``cnil_list`` document.

    The row is parsed first, so a row this module cannot read is refused with the reason.
    """
    parse_row(text, f"{folder}/fr.txt")
    extra = {"mirror_folder": folder, "mirror_commit": commit}
    if how:
        extra["obtained"] = how
    return store.put(
        text.encode("utf-8"),
        source=SOURCE_NAME,
        source_url=OFFICIAL_URL,
        media_type="text/plain",
        retrieved_at=retrieved_at,
        mirror=mirror_url(folder, commit),
        extra=extra,
    )
