"""Sentence splitting for decision texts, keeping exact spans for evidence.

Légifrance texts come either with newlines or with paragraphs run together
(``…membres ;Vu le…``, ``…décision.Le président``, ``… en 2019.203. La formation``).
:func:`split_sentences` copes with both: it cuts at newlines, at ``.``/``;``/``:``/``!``/``?``
followed by a capital, a bullet, a quote or a paragraph number, and before run-together
paragraph numbers, but not after abbreviations (``M.``, ``L.``, ``n°``, ``art.``).
Every :class:`Sentence` text is an exact substring of the input (``text[start:end]``),
so it can be used as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "operative_part", "preamble"]

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_ABBREV = re.compile(
    r"(?:\b(?:M|MM|Mme|Mmes|Me|L|R|D|art|arts|cf|p|pp|al|n°|no|nº|not|Inc|Ltd|Co|Cie|ch|S|A|"
    rf"janv|févr|avr|juill|sept|oct|nov|déc|éd|vol|op|cit|ibid|etc)|\b[{_UPPER}])$"
)
# a boundary is the end of a sentence followed by what starts another one
_BOUNDARY = re.compile(
    r"\n+|;"
    rf"|(?<=[.;:!?])[ \t\u00a0]*(?=[{_UPPER}«\"“•·\-–*o(\d\[])"
    + rf"|(?<=[.;])(?=\d{{1,3}}\.\s*[{_UPPER}])"
    + r"|[ \t]*[•·][ \t]*"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences with spans relative to ``text``."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.start()
        if cut <= pos:
            pos = max(pos, m.end())
            continue
        before = text[max(pos, cut - 8) : cut]
        if text[cut - 1] == "." and _ABBREV.search(before[:-1]):
            continue
        if (
            text[cut - 1] == "."
            and m.end() == cut
            and m.end() < end
            and text[m.end()].isdigit()
            and not re.match(r"\d{1,3}\.\s*[" + _UPPER + "]", text[m.end() : m.end() + 8])
        ):
            continue  # « 5.1.c », « 12.1 » are not boundaries; « 2019.203. La » is
        _add(out, text, pos, cut)
        pos = m.end()
    _add(out, text, pos, end)
    return out


def _add(out: list[Sentence], text: str, a: int, b: int) -> None:
    while a < b and text[a] in " \t\n\u00a0-–;:•·*":
        a += 1
    while b > a and text[b - 1] in " \t\n\u00a0":
        b -= 1
    if b - a >= 2:
        out.append(Sentence(a, b, text[a:b]))


_MOTIFS = re.compile(r"PAR CES MOTIFS")
_MOTIFS_CI = re.compile(r"par ces motifs", re.IGNORECASE)
_BUREAU = re.compile(r"En conséquence,\s*le bureau", re.IGNORECASE)
_SIGNATURE = re.compile(
    rf"(?:Les?|La)\s*(?:vice-)?(?:Président|président|Présidente|présidente)\s*[{_UPPER}]"
    r"|Cette décision (?:est susceptible|peut) faire l|Conformément à l’article R\.?\s*421"
)


def operative_part(text: str) -> tuple[int, int] | None:
    """Span of the operative part: after the last « PAR CES MOTIFS » up to the signature.

    For bureau decisions (MEDP) without « PAR CES MOTIFS », the part from « En conséquence,
    le bureau » is used. None when neither is found.
    """
    starts = list(_MOTIFS.finditer(text)) or list(_MOTIFS_CI.finditer(text))
    if starts:
        a = starts[-1].end()
    else:
        b = list(_BUREAU.finditer(text))
        if not b:
            return None
        a = b[-1].start()
    sig = _SIGNATURE.search(text, a)
    return a, (sig.start() if sig else len(text))


_VU = re.compile(r"Vu (?:le|la|les|l['’])")

_PARTY_SUBJECT = (
    r"(?:la\s+société|les\s+sociétés|l['’]organisme|son\s+conseil|\belle)\s+(?:\w+\s+){0,2}?"
)
_CONTENDS = r"soutien\w*|fait\s+(?:\w+\s+)?valoir|fon\w+\s+valoir|conteste\w*|argu\w*"
#: The sanctioned party contends (« la société soutient / fait valoir / conteste … »): what
#: follows is its case, not a finding. Shared by every extractor that sets such sentences aside.
PARTY_CONTENTION = re.compile(rf"{_PARTY_SUBJECT}(?:{_CONTENDS})\b", re.IGNORECASE)
#: Any statement attributed to the party, contention or not (« rappelle, indique, estime … »).
#: Stricter readers (role, sector) set these aside too; a count the company reports about
#: itself (« la société estime ses effectifs à 225 personnes ») is still a count, so the staff
#: reader uses :data:`PARTY_CONTENTION` only.
PARTY_ARGUMENT = re.compile(
    rf"{_PARTY_SUBJECT}(?:{_CONTENDS}|rappelle|affirme|indique|précise|a\s+précisé|estime"
    r"|souligne|dénonce)\b",
    re.IGNORECASE,
)


def preamble(text: str) -> str:
    """The text before the first « Vu … » clause (Légifrance header + title)."""
    m = _VU.search(text)
    return text[: m.start()] if m else text[:2000]
