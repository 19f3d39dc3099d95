"""Sentence splitting for French decision texts, keeping exact spans for evidence.

Légifrance texts come either with newlines or with paragraphs run together
(``…membres ;Vu le…``, ``…décision.Le président``, ``… en 2019.203. La formation``,
``…procédure1. La société``). :func:`split_sentences` cuts at newlines, at ``;``, at list
bullets (``•``, ``·``, private-use bullets such as U+F0A7, ``▪`` …), at ``.``/``:``/``!``/``?``
followed by a capital, a bullet, a quote or a paragraph number, and before a paragraph number
glued to the previous word; it does not cut after a title or an initial (``M.``, ``Mme``,
``cf.``), after ``art.``/``p.``/``pts.`` when a number follows (``art. L. 34-5``), inside
figures (``5.1.c``) or inside a name or domain with a dot (``HUBSIDE.STORE``, ``MUSICAL.LY INC.``,
``Booking.com``, ``leboncoin.fr``). A lone paragraph number (``85.``) is not a sentence.
Every :class:`Sentence` text is an exact substring of the input (``text[start:end]``),
so it can be used as evidence. The table of real sentences is ``tests/test_sentences.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cnil_sanctions.extract.guarded import GuardedPattern

__all__ = ["Sentence", "split_sentences", "operative_part", "preamble"]

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_LOWER = "a-zàâäçéèêëîïôöùûüÿœæ"
#: list bullets: « • », « · », the private-use bullets of word processors (U+F0A7, U+F0B7, …),
#: « ▪ », « ◦ », « ● », « ■ », « ➢ », « ► », « ✓ »
_BULLETS = "•·\ue000-\uf8ff▪◦●■➢►✓"
#: abbreviations after which a dot never ends a sentence (titles, « cf. », company suffixes,
#: month abbreviations of references, a single capital initial)
_ABBREV = re.compile(
    r"(?:\b(?:M|MM|Mme|Mmes|Me|Mlle|Dr|Pr|cf|not|Inc|Ltd|Co|Cie|ch|éd|vol|op|cit|ibid|"
    rf"janv|févr|avr|juill|sept|oct|nov|déc)|\b[{_UPPER}])$"
)
#: abbreviations that stand before a number (« art. 32 », « art. L. 34-5 », « p. 2999 »,
#: « al. 2 », « pts. 41 »): no sentence end when a number follows, a sentence end otherwise
#: (« l’état de l’art. Dès lors »)
_NUMBER_ABBREV = re.compile(r"\b(?:art|arts|al|p|pp|pt|pts|n|no|nos|cons)$", re.IGNORECASE)
_NUMBER_AFTER = re.compile(r"\s*(?:[LRD]\.?\s*)?\d")
# a boundary is the end of a sentence followed by what starts another one
_BOUNDARY = re.compile(
    r"\n+|;"
    rf"|(?<=[.;:!?])[ \t\u00a0\u202f]*(?=[{_UPPER}«\"“\-–*(\d\[{_BULLETS}]|o\s)"
    + rf"|(?<=[.;])(?=\d{{1,3}}\.\s*[{_UPPER}])"
    # a paragraph number glued to the last word of the previous one: « …procédure1. La »
    + rf"|(?<=[{_LOWER})»])(?=\d{{1,3}}\.\s+[{_UPPER}])"
    + rf"|[ \t]*[{_BULLETS}][ \t]*"
)
#: a dot glued to an upper-case word: « HUBSIDE.STORE », « MUSICAL.LY », « 32.II) »,
#: « RGPD.III. Sur » (a heading), « 2019.PAR CES MOTIFS »
_GLUED_CAPS = re.compile(rf"[{_UPPER}]{{2,}}(?P<after>[.\-]|\s*[,;)]|\s+[{_LOWER}]|\s|$)")
_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.?")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _ends_sentence(text: str, pos: int, cut: int, after: int, end: int) -> bool:
    """Whether the candidate boundary ``text[cut:after]`` (after a dot) ends a sentence.

    Rules, on the dot at ``cut - 1``: an abbreviation of :data:`_ABBREV` never ends one;
    one of :data:`_NUMBER_ABBREV` only when no number follows; a dot between figures (« 5.1.c »,
    « 12.1 ») does not, unless a paragraph number starts (« 2019.203. La »); a dot glued to an
    upper-case word does not when the word goes on as a name, a domain or a reference
    (« HUBSIDE.STORE d’un montant », « MUSICAL.LY INC. », « 32.II) »), it does before a heading
    (« RGPD.III. Sur ») and before a word glued to a lower-case one (« libertés.Elle »).
    """
    before = text[max(pos, cut - 8) : cut - 1]
    if _ABBREV.search(before):
        return False
    if _NUMBER_ABBREV.search(before) and _NUMBER_AFTER.match(text, cut):
        return False
    if after == cut and after < end:
        nxt = text[after]
        if nxt.isdigit():
            return bool(re.match(r"\d{1,3}\.\s*[" + _UPPER + "]", text[after : after + 8]))
        g = _GLUED_CAPS.match(text, after)
        if g and g["after"] not in (".", "-"):  # « III. », « II- » start a heading
            goes_on = re.fullmatch(rf"\s*[,;)]|\s+[{_LOWER}]", g["after"]) is not None
            if goes_on or text[cut - 2].isupper():
                return False
    return True


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
        if text[cut - 1] == "." and not _ends_sentence(text, pos, cut, m.end(), end):
            continue
        _add(out, text, pos, cut)
        pos = m.end()
    _add(out, text, pos, end)
    return out


_STRIP_START = re.compile(rf"[ \t\n\u00a0\u202f\-–;:*{_BULLETS}]+")


def _add(out: list[Sentence], text: str, a: int, b: int) -> None:
    """Add ``text[a:b]`` without its leading bullets / spaces; a lone paragraph number
    (« 85. ») is not a sentence."""
    m = _STRIP_START.match(text, a, b)
    if m:
        a = m.end()
    while b > a and text[b - 1] in " \t\n\u00a0\u202f":
        b -= 1
    if b - a >= 2 and not _PARAGRAPH_NUMBER.fullmatch(text, a, b):
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
PARTY_CONTENTION = GuardedPattern(
    rf"{_PARTY_SUBJECT}(?:{_CONTENDS})\b", needles=("soutien", "valoir", "contest", "argu")
)
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
