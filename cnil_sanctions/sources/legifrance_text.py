"""Parser for the text of a Légifrance CNIL page (the form of the shipped corpus).

The text is what a reader copies from ``legifrance.gouv.fr/cnil/id/CNILTEXT…``: a header
(short title, « Commission Nationale de l'Informatique et des Libertés », « Nature de la
délibération : Sanction », « Etat juridique : En vigueur », « Date de publication sur Légifrance :
Jeudi 21 avril 2022 ») followed by the deliberation's own title and body. In most captures the
lines and paragraphs run together (``…LibertésNature de la délibération…``, ``membres ;Vu le…``,
``salariés.2. La société``); some keep newlines; one has no header at all.

:func:`parse_legifrance_text` is pure: bytes and provenance in, a :class:`Decision` out, or a
:class:`~cnil_sanctions.errors.SourceFormatError` naming the document and what was wrong.
"""

from __future__ import annotations

import re
from datetime import date

from cnil_sanctions.decision import DECISION_ID_RE, Decision, Provenance
from cnil_sanctions.errors import SourceFormatError
from cnil_sanctions.sources.french_dates import FRENCH_DATE_RE, date_from_match

SOURCE_NAME = "legifrance_text"

#: Start of the deliberation's own title (formation restreinte or bureau).
_OWN_TITLE_RE = re.compile(
    r"D[ée]lib[ée]ration\s+(?:de\s+la\s+formation\s+restreinte|du\s+bureau\s+de\s+la\s+Commission)",
    re.IGNORECASE,
)
#: Where the own title stops: the opening of the body, a Conseil d'État note, or a newline.
_TITLE_END_RE = re.compile(
    r"\n|La\s+Commission\s+nationale\s+de\s+l|Par\s+une\s+d[ée]cision\s+du|Le\s+bureau\s+de\s+la",
    re.IGNORECASE,
)
#: Opening of the body proper; what precedes it is the header (with any appeal note).
_BODY_START_RE = re.compile(
    r"L[ae]\s+(?:Commission\s+nationale\s+de\s+l.informatique\s+et\s+des\s+libert[ée]s|bureau)\s*,",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(
    r"\b(SAN|MEDP)\s*[-\u2010\u2011\u2013\u2014]\s*((?:19|20)\d\d)\s*[-\u2010\u2011\u2013\u2014]\s*(\d{3})\b"
)
_NATURE_RE = re.compile(
    r"Nature\s+de\s+la\s+d[ée]lib[ée]ration\s*:\s*(.+?)\s*(?=Etat\s+juridique|\n|$)"
)
_STATE_RE = re.compile(r"Etat\s+juridique\s*:\s*(.+?)\s*(?=Date\s+de\s+publication|\n|$)")
_PUBLICATION_RE = re.compile(r"Date\s+de\s+publication\s+sur\s+L[ée]gifrance\s*:\s*(.{0,40})")
_LEGIFRANCE_ID_RE = re.compile(r"CNILTEXT\d{12}")
_COMMISSION_RE = re.compile(
    r"Commission\s+Nationale\s+de\s+l.Informatique\s+et\s+des\s+Libert[ée]s"
)

# Paragraph boundaries lost in flattened captures (only newlines are inserted, no text changes):
# punctuation directly followed by a capital (``membres ;Vu``, ``suivante :I.``, ``derniers.Le``);
_GLUED_SENTENCE_RE = re.compile(r"(?<=[a-zà-ÿ0-9)\]»”\" ][.;:!?])(?=[A-ZÀ-Ý«])")
# a numbered paragraph glued to the previous one (``salariés.2. La``, ``procédure1. La``).
_GLUED_NUMBER_RE = re.compile(r"(?<=[a-zà-ÿ.;:!?»”\")])(?=\d{1,3}\.\s+[A-ZÀ-Ý«\"])")


def normalise_number(match: re.Match[str]) -> str:
    """``SAN – 2019-001`` → ``SAN-2019-001``."""
    return f"{match[1]}-{match[2]}-{match[3]}"


def restore_paragraphs(text: str) -> str:
    """Put back the paragraph breaks that a flattened capture lost, without changing any other character.

    A text that already has one line break per ~2,000 characters keeps its own breaks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") * 2000 >= len(text):
        return text
    text = _GLUED_SENTENCE_RE.sub("\n", text)
    return _GLUED_NUMBER_RE.sub("\n", text)


def _decode(data: bytes, location: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            location, f"not valid UTF-8 at byte {exc.start} ({exc.reason}); expected a UTF-8 text"
        ) from exc
    return text.removeprefix("\ufeff")


def _plausible(d: date, what: str, location: str) -> date:
    if not date(1978, 1, 6) <= d <= date.today():
        raise SourceFormatError(location, f"implausible {what} {d.isoformat()}")
    return d


def parse_legifrance_text(
    data: bytes, provenance: Provenance, location: str | None = None
) -> Decision:
    """Parse one Légifrance CNIL page text into a :class:`Decision`.

    ``location`` names the document in error messages (defaults to the source URL).
    """
    where = location or provenance.source_url
    raw = _decode(data, where)
    if not raw.strip():
        raise SourceFormatError(where, "empty document")
    own = _OWN_TITLE_RE.search(raw)
    if own is None:
        raise SourceFormatError(
            where, "no deliberation title (« Délibération de la formation restreinte … »)"
        )
    legifrance_header = raw[: own.start()]
    end = _TITLE_END_RE.search(raw, own.end())
    title_end = end.start() if end else min(len(raw), own.start() + 400)
    title = " ".join(raw[own.start() : title_end].split())

    body_start = _BODY_START_RE.search(raw, own.start())
    header = raw[: body_start.start()] if body_start else raw[:title_end]

    # Decision number: in the short title and/or the own title; they must agree.
    numbers = {normalise_number(m) for m in _NUMBER_RE.finditer(legifrance_header)}
    title_numbers = [normalise_number(m) for m in _NUMBER_RE.finditer(title)]
    numbers.update(title_numbers[:1])
    if not numbers:
        first = _NUMBER_RE.search(raw)
        if first is None:
            raise SourceFormatError(where, "no decision number (SAN-YYYY-NNN or MEDP-YYYY-NNN)")
        numbers.add(normalise_number(first))
    if len(numbers) > 1:
        raise SourceFormatError(
            where, f"conflicting decision numbers in the header: {sorted(numbers)}"
        )
    decision_id = numbers.pop()
    if not DECISION_ID_RE.match(decision_id):
        raise SourceFormatError(where, f"malformed decision number {decision_id!r}")

    # Decision date: the first date in the own title (« … n° SAN-2022-009 du 15 avril 2022 … »).
    date_match = FRENCH_DATE_RE.search(title)
    if date_match is None:
        raise SourceFormatError(where, f"no decision date in the title {title[:120]!r}")
    try:
        decision_date = _plausible(date_from_match(date_match), "decision date", where)
    except ValueError as exc:
        raise SourceFormatError(where, f"impossible decision date {date_match.group()!r}") from exc

    nature_m = _NATURE_RE.search(legifrance_header)
    state_m = _STATE_RE.search(legifrance_header)
    publication_date: date | None = None
    pub_m = _PUBLICATION_RE.search(legifrance_header)
    if pub_m:
        pub_date_m = FRENCH_DATE_RE.search(pub_m[1])
        if pub_date_m is None:
            raise SourceFormatError(where, f"unreadable publication date {pub_m[1]!r}")
        publication_date = _plausible(date_from_match(pub_date_m), "publication date", where)
        if publication_date < decision_date:
            raise SourceFormatError(
                where,
                f"publication date {publication_date} precedes decision date {decision_date}",
            )
    short_title = _COMMISSION_RE.split(legifrance_header, maxsplit=1)[0]
    short_title = " ".join(short_title.split())
    id_m = _LEGIFRANCE_ID_RE.search(provenance.source_url)
    text = restore_paragraphs(raw[own.start() :]).strip()
    return Decision(
        decision_id=decision_id,
        decision_date=decision_date,
        publication_date=publication_date,
        legifrance_id=id_m.group() if id_m else None,
        title=title,
        nature=nature_m[1] if nature_m else None,
        legal_state=state_m[1] if state_m else None,
        text=text,
        provenance=provenance,
        header=header.strip(),
        extra={"short_title": short_title} if short_title else {},
    )
