"""Rewrite an operative part in the other real forms of the decisions (issue 15, metamorphic tests).

Each rewrite changes how the facts are written, never what they are:

* :func:`spaces` — the separator of digit groups (normal, U+00A0, U+202F, none);
* :func:`currency` — ``euros`` / ``€`` / ``EUR`` after figures;
* :func:`amounts_in` — each amount in one of the forms of :data:`AMOUNT_FORMS` (figures then
  words in brackets, words then figures, figures only, with the currency before, inside or after
  the bracket);
* :func:`dotted_names` — the sanctioned organisation's name given a dot (« HUBSIDE.STORE »);
* :func:`bullets` — the bullet that opens each measure (« • », « · », « - », U+F0A7, none).

The forms are those quoted by issue 15 or found in ``data/raw``; the texts they produce are
constructed (test input, never stored as data).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cnil_sanctions.extract.numbers import find_amounts
from tests.test_numbers import french_words, group

#: separators of digit groups in the decisions (« 1 500 000 », no-break, narrow no-break, none)
SEPARATORS = (" ", "\u00a0", "\u202f", "")
CURRENCIES = ("euros", "€", "EUR")
#: list bullets seen in operative parts (U+F0A7 is a word processor's private-use bullet)
BULLETS = ("• ", "· ", "- ", "\uf0a7 ", "")

_GROUPS = re.compile(r"(?<![\d,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,])")


def spaces(text: str, sep: str) -> str:
    """Every digit group separator of ``text`` replaced by ``sep``."""
    return _GROUPS.sub(lambda m: re.sub(r"[ \u00a0\u202f]", sep, m.group(0)), text)


_AFTER_FIGURES = re.compile(r"(?<=\d)(?P<sp>[ \u00a0\u202f]?)(?:euros|€|EUR\b)")


def currency(text: str, cur: str) -> str:
    """The currency written after figures (« 75 000 euros » / « 75 000 € » / « 75 000 EUR »)."""
    return _AFTER_FIGURES.sub(lambda m: f"{m['sp'] or ' '}{cur}", text)


def _words(n: int) -> str:
    return french_words(n)


#: real forms of one amount ``n`` (issue 15 and the corpus)
AMOUNT_FORMS: tuple[Callable[[int], str], ...] = (
    lambda n: f"{group(n, ' ')} ({_words(n)}) euros",  # 1 500 000 (un million …) euros
    lambda n: f"{group(n, ' ')} euros ({_words(n)} euros)",  # 60 000 000 euros (soixante …)
    lambda n: f"{_words(n)} euros ({group(n, ' ')} €)",  # cinq cent vingt-cinq mille euros (…)
    lambda n: f"{_words(n)} ( {group(n, chr(0xA0))} €)",  # soixante-quinze mille ( 75 000 €)
    lambda n: f"{_words(n)} ({group(n, ' ')}) euros",
    lambda n: f"{group(n, ' ')} €",
    lambda n: f"{group(n, chr(0x202F))} euros",
)


def amounts_in(text: str, form: Callable[[int], str]) -> tuple[str, int]:
    """Every euro amount of ``text`` (whole euros, at least 1) rewritten in ``form``; returns the
    new text and how many amounts were rewritten."""
    out: list[str] = []
    pos = 0
    n = 0
    for a in find_amounts(text):
        if a.value != round(a.value) or a.amount < 1 or a.high is not None:
            continue
        out.append(text[pos : a.start])
        out.append(form(a.amount))
        pos = a.end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def dotted(name: str) -> str:
    """« GOOGLE LLC » → « GOOGLE.LLC », « CRITEO » → « CRITEO.FR » (the form « HUBSIDE.STORE »)."""
    head, sep, rest = name.partition(" ")
    return f"{head}.{rest}" if sep and rest[:1].isupper() else f"{name}.FR"


def dotted_names(text: str, names: list[str]) -> str:
    """Each name of ``names`` given a dot wherever it occurs in ``text``."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, dotted(name))
    return text


_BULLET = re.compile(r"(?<=\D[:;])[ \t]*(?:[•·\uf0a7]|-(?=\s))?[ \t]*(?=\S)")


def bullets(text: str, bullet: str) -> str:
    """The bullet after each « : » / « ; » replaced by ``bullet`` (or none)."""
    return _BULLET.sub(bullet, text)
