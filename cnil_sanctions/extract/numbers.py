"""Read numbers and euro amounts the way French decisions write them.

Supported forms (all tested on real sentences of the corpus):

* digit groups separated by a space, a no-break space (U+00A0), a narrow no-break
  space (U+202F) or a thin space (U+2009): ``1 500 000``;
* dots as thousands separators: ``1.500.000``; a comma as decimal mark: ``18,8``;
* scale words and symbols: ``1,5 million``, ``18,8 millions d'euros``, ``1,1 milliard``,
  ``M€``, ``k€``, ``Md€``;
* numbers in words: « un million cinq cent mille », « cent cinquante mille euros »,
  « quatre-vingt-dix », « un demi-million »;
* an amount written twice, in either order, the currency before, inside or after the bracket:
  « 1 500 000 (un million cinq cent mille) euros », « 60 000 000 euros (soixante millions
  d’euros) », « cinq cent vingt-cinq mille euros (525 000 €) », « soixante-quinze mille
  ( 75 000 €) » (the figures are the value, the words ``words_value``);
* ranges (« entre 550 et 660 millions d'euros », « de 3 000 à 5 000 euros »);
* approximation markers before the number (« près de », « plus de », « environ », ...).

:func:`parse_amount` also accepts the compact forms typed on a command line:
``16.3M``, ``16300000``, ``16,3 M€``, ``150k``, ``1.1bn``.

Invalid input raises :class:`ValueError` naming the offending text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Quantity",
    "Amount",
    "parse_french_number",
    "parse_amount",
    "parse_number_words",
    "find_quantities",
    "find_amounts",
]

#: every character the decisions use between digit groups
_SPACES = " \u00a0\u202f\u2009"
_SP = f"[{_SPACES}]"

_UNITS = {
    "zéro": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
}
_HUNDRED = {"cent", "cents"}
_SCALES = {
    "mille": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
}
_NUMBER_WORDS = set(_UNITS) | _HUNDRED | set(_SCALES) | {"et", "demi"}

# word alternatives, longest first so that « quatre » is not read as « quatre-v… »
_WORD_ALT = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS - {"et"}), key=len, reverse=True))
_WORDS_RE = rf"(?:{_WORD_ALT})(?:(?:[\s\-‑]+et)?[\s\-‑]+(?:{_WORD_ALT}))*"

_SCALE_WORDS = {
    "million": 1_000_000,
    "millions": 1_000_000,
    "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
    "mille": 1_000,
    "md€": 1_000_000_000,
    "mds€": 1_000_000_000,
    "m€": 1_000_000,
    "k€": 1_000,
    "md": 1_000_000_000,
    "mds": 1_000_000_000,
    "bn": 1_000_000_000,
    "m": 1_000_000,
    "k": 1_000,
}

_DIGITS_RE = (
    rf"(?<!\d)\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)(?:,\d+)?"  # 1 500 000 / 1 234,5
    r"|(?<!\d)\d{1,3}(?:\.\d{3})+(?![\d.])(?:,\d+)?"  # 1.500.000
    r"|(?<!\d)\d+(?:,\d+)?(?![\d])"  # 1500000 / 18,8
)
_CURRENCY_RE = r"(?:d['’]\s?euros?|d['’]\s?€|euros?|€|EUR\b)"
_TEXT_SCALE_RE = r"(?:milliards?|millions?|mille|Mds?€|M€|k€|K€)"

#: One amount, the grammar of the decisions (each part optional but the first):
#:
#:     NUMBER ["(" WORDS ")"] [SCALE] [CUR] ["(" OTHER-WRITING [CUR] ")"] [CUR]
#:
#: NUMBER is digits or words; the bracket holds the same amount in the other writing (words
#: after digits, digits after words); the currency (``euros``, ``d'euros``, ``€``, ``EUR``, or a
#: scale symbol ``M€``) may stand before the bracket, inside it or after it — « 1 500 000 (un
#: million cinq cent mille) euros », « 60 000 000 euros (soixante millions d'euros) »,
#: « cinq cent vingt-cinq mille euros (525 000 €) », « soixante-quinze mille ( 75 000 €) ».
_QUANTITY_RE = re.compile(
    rf"(?P<num>{_DIGITS_RE}|(?<![\w-]){_WORDS_RE}(?![\w]))"
    rf"(?:\s*\((?P<paren1>{_WORDS_RE})\))?"
    rf"(?:\s*(?P<scale>{_TEXT_SCALE_RE})(?![\w]))?"
    rf"(?:\s*(?P<cur1>{_CURRENCY_RE}))?"
    rf"(?:\s*\((?P<paren2>[^()]{{1,80}})\))?"
    rf"(?:\s*(?P<cur>{_CURRENCY_RE}))?",
    re.IGNORECASE,
)
_TRAILING_CURRENCY = re.compile(
    r"\s*(?:d'\s?euros?|d'\s?€|euros?|€|EUR)$|(?<=[mkMK])€$|(?<=[mM]ds)€$|(?<=[mM]d)€$",
    re.IGNORECASE,
)

_APPROX_RE = re.compile(
    r"(?P<q>près\s+d['’]|près\s+de|plus\s+d['’]|plus\s+de|environ|approximativement|"
    r"quelque|de\s+l['’]ordre\s+de|moins\s+d['’]|moins\s+de|au\s+moins|"
    r"au-delà\s+de|jusqu['’]à|supérieure?s?\s+à|inférieure?s?\s+à)\s*$",
    re.IGNORECASE,
)


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("‑", "-").replace("’", "'")).strip()


def parse_number_words(s: str) -> int:
    """Read a French number written in words (« un million cinq cent mille » → 1500000).

    Hyphens and « et » are accepted as in « vingt-et-un », « quatre-vingt-dix ».
    """
    tokens = [t for t in re.split(r"[\s\-‑]+", s.strip().lower()) if t]
    if not tokens:
        raise ValueError(f"no number words in {s!r}")
    total = 0
    current = 0
    prev: str | None = None
    seen_word = False
    for tok in tokens:
        if tok == "et":
            prev = tok
            continue
        if tok in _UNITS:
            val = _UNITS[tok]
            if val == 20 and prev == "quatre":  # quatre-vingt(s)
                current += 80 - 4
            else:
                current += val
        elif tok in _HUNDRED:
            current = (current or 1) * 100
        elif tok == "demi":  # « un demi-million »
            current = 0.5 if current in (0, 1) else current + 0.5  # type: ignore[assignment]
        elif tok in _SCALES:
            scale = _SCALES[tok]
            total += (current or 1) * scale
            current = 0
        else:
            raise ValueError(f"not a French number word: {tok!r} in {s!r}")
        seen_word = True
        prev = tok
    if not seen_word:
        raise ValueError(f"no number words in {s!r}")
    result = total + current
    if result != int(result):
        raise ValueError(f"number words do not make a whole number: {s!r}")
    return int(result)


def _parse_digits(s: str, *, decimal_dot: bool = False) -> float:
    """Parse a digit string with French separators; ``decimal_dot`` reads a lone ``.`` as decimal."""
    t = s.strip()
    for sp in _SPACES:
        t = t.replace(sp, "")
    if not t:
        raise ValueError(f"empty number: {s!r}")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t) and not (decimal_dot and t.count(".") == 1):
        t = t.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", t):  # 1,500,000 (English style)
        t = t.replace(",", "")
        return float(t)
    if re.fullmatch(r"\d+(?:,\d+)?", t):
        return float(t.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", t):
        return float(t)
    raise ValueError(f"not a French number: {s!r}")


def parse_french_number(s: str) -> float:
    """Parse a French-written number (digits or words, optional scale word) to a float.

    >>> parse_french_number("1 500 000")
    1500000.0
    >>> parse_french_number("18,8 millions")
    18800000.0
    >>> parse_french_number("cent cinquante mille")
    150000.0
    """
    if not isinstance(s, str):
        raise ValueError(f"expected a string, got {type(s).__name__}: {s!r}")
    t = _clean(s)
    m = re.fullmatch(
        rf"(?P<num>[\d{_SPACES}.,]*\d)\s*(?P<scale>milliards?|millions?|mille|mds?|bn|m|k)?",
        t,
        re.IGNORECASE,
    )
    if m:
        scale = _SCALE_WORDS[m["scale"].lower()] if m["scale"] else 1
        return _parse_digits(m["num"], decimal_dot=scale != 1) * scale
    try:
        return float(parse_number_words(t))
    except ValueError:
        raise ValueError(f"not a French number: {s!r}") from None


def parse_amount(s: str) -> int:
    """Parse a euro amount to whole euros.

    Accepts decision forms (``1 500 000 euros``, ``1,5 million d'euros``, ``18,8 M€``,
    « un million cinq cent mille euros », ``1 500 000 (un million cinq cent mille) euros``)
    and command-line forms (``16.3M``, ``16300000``, ``16,3 M€``, ``150k``, ``1.1bn``).
    Cents are rounded to the nearest euro. Raises ValueError for anything else,
    including negative amounts and text that holds more than one amount.
    """
    if not isinstance(s, str):
        raise ValueError(f"expected an amount as a string, got {type(s).__name__}: {s!r}")
    t = _clean(s)
    if not t:
        raise ValueError("empty amount")
    if t.startswith("-"):
        raise ValueError(f"negative amount: {s!r}")
    # strip a currency marker at either end
    t2 = re.sub(r"^(?:€|EUR)\s*", "", t, flags=re.IGNORECASE)
    t2 = re.sub(r"\s*(?:d'\s?euros?|d'\s?€|euros?|€|EUR)$", "", t2, flags=re.IGNORECASE).strip()
    t2 = re.sub(r"(?i)(m|k|mds?)€$", r"\1", t2).strip()
    # double writing: digits (words) [scale]
    m = re.fullmatch(rf"(.+?)\s*\(({_WORDS_RE})\)\s*(.*)", t2, re.IGNORECASE)
    if m:
        head, words, scale = m.group(1), m.group(2), m.group(3)
        value = parse_french_number(f"{head} {scale}".strip())
        in_words = parse_french_number(f"{words} {scale}".strip())
        if round(value) != round(in_words):
            raise ValueError(
                f"amount in figures ({value:,.0f}) and in words ({in_words:,.0f}) differ: {s!r}"
            )
        return round(value)
    try:
        value = parse_french_number(t2)
    except ValueError:
        raise ValueError(f"not a euro amount: {s!r}") from None
    return round(value)


@dataclass(frozen=True)
class Quantity:
    """A number found in a text, with its span.

    ``value`` is the number (scale applied, e.g. ``18,8 millions`` → 18800000). ``high`` is the
    upper bound of a range (« entre 550 et 660 millions »), else None. ``currency`` is True when
    the number is a euro amount. ``qualifier`` is the approximation marker before it (« près de »)
    and ``approx`` is True when there is one. ``words_value`` is the value written in words in
    brackets when the text writes both (« 1 500 000 (un million cinq cent mille) »).
    """

    value: float
    start: int
    end: int
    text: str
    currency: bool = False
    qualifier: str | None = None
    high: float | None = None
    words_value: float | None = None

    @property
    def approx(self) -> bool:
        return self.qualifier is not None

    @property
    def amount(self) -> int:
        """The value as whole euros / a whole count."""
        return round(self.value)

    @property
    def consistent(self) -> bool:
        """False when figures and words in brackets disagree."""
        return self.words_value is None or round(self.words_value) == round(self.value)


#: alias used by the fine and turnover extractors
Amount = Quantity


def _value_of(m: re.Match[str]) -> tuple[float, float | None, bool]:
    """(value, value of the other writing, currency inside the bracket) of a match.

    ``value`` is the figures when the amount is written both ways (« soixante-quinze mille
    (75 000 €) » → 75000 from the figures, 75000 from the words); the other writing counts
    only when it is of the other kind (words beside figures), so that « 50 000 euros (2019) »
    is not a double writing.
    """
    num = m["num"]
    scale_txt = (m["scale"] or "").lower()
    scale = _SCALE_WORDS.get(scale_txt, 1)
    num_is_digits = num[0].isdigit()
    base = _parse_digits(num) if num_is_digits else float(parse_number_words(num))
    value = base * scale
    other: float | None = None
    cur_inside = False
    if m["paren1"]:
        other = parse_number_words(m["paren1"]) * scale
    elif m["paren2"]:
        inner = _clean(m["paren2"])
        stripped = _TRAILING_CURRENCY.sub("", inner).strip()
        cur_inside = stripped != inner
        inner_is_digits = bool(stripped) and stripped[0].isdigit()
        if inner_is_digits != num_is_digits:
            try:
                other = parse_french_number(stripped)
            except ValueError:
                other = None
            if other is not None and not num_is_digits:  # words (figures): figures are the value
                value, other = other, value
        if other is None:
            cur_inside = False
    return value, other, cur_inside


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its span, scale, currency and approximation marker.

    Numbers written only in words are kept when they carry a scale word or a currency
    (« cent cinquante mille euros », « deux millions de clients ») or are at least 100,
    so that the article « un » is not read as a number.
    """
    out: list[Quantity] = []
    pos = 0
    while (m := _QUANTITY_RE.search(text, pos)) is not None:
        pos = max(m.end(), pos + 1)
        num = m["num"]
        is_words = not num[0].isdigit()
        if is_words:
            low = num.lower()
            has_scale = (
                m["scale"]
                or m["cur"]
                or m["cur1"]
                or any(
                    w in re.split(r"[\s\-‑]+", low)
                    for w in (
                        "cent",
                        "cents",
                        "mille",
                        "million",
                        "millions",
                        "milliard",
                        "milliards",
                    )
                )
            )
            tokens = {t for t in re.split(r"[\s\-‑]+", low) if t and t != "et"}
            if not has_scale or tokens <= {"million", "millions", "milliard", "milliards"}:
                continue  # « plusieurs millions de … » is not a number
        try:
            value, words_value, cur_inside = _value_of(m)
        except ValueError:
            continue
        end = m.end()
        currency = bool(m["cur"] or m["cur1"] or cur_inside)
        # don't swallow a trailing bracket that was not a number (e.g. « (HT) », « (2019) »):
        # the amount ends before it and the bracket is read again
        if m["paren2"] and words_value is None:
            end = m.start("paren2") - 1
            while end > m.start() and text[end - 1] in _SPACES + "\n\t(":
                end -= 1
            currency = bool(m["cur1"] or m["cur"])  # « 1 000 (HT) euros » is still an amount
            pos = end
        qual_m = _APPROX_RE.search(text[max(0, m.start() - 30) : m.start()])
        qualifier = _clean(qual_m["q"]).lower() if qual_m else None
        out.append(
            Quantity(
                value=value,
                start=m.start(),
                end=end,
                text=text[m.start() : end],
                currency=currency or (m["scale"] or "").lower().endswith("€"),
                qualifier=qualifier,
                words_value=words_value,
            )
        )
    return _merge_ranges(text, out)


_RANGE_FORMS = (
    (re.compile(r"entre\s*$", re.IGNORECASE), re.compile(r"^\s*et\s*$", re.IGNORECASE)),
    (re.compile(r"(?:\bde|d['’])\s*$", re.IGNORECASE), re.compile(r"^\s*(?:à|-|–)\s*$")),
)


def _merge_ranges(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Merge « entre X et Y » / « de X à Y » into one Quantity with ``high`` set."""
    merged: list[Quantity] = []
    i = 0
    while i < len(qs):
        q = qs[i]
        if i + 1 < len(qs):
            nxt = qs[i + 1]
            mid = text[q.end : nxt.start]
            before = text[max(0, q.start - 10) : q.start]
            if any(lo.search(before) and mi.match(mid) for lo, mi in _RANGE_FORMS):
                low = q.value
                if low < nxt.value / 100 and not _has_scale(q.text):
                    # « entre 550 et 660 millions » : the scale of the upper bound applies
                    low = low * _scale_of(nxt.text)
                if low <= nxt.value:
                    merged.append(
                        Quantity(
                            value=low,
                            start=q.start,
                            end=nxt.end,
                            text=text[q.start : nxt.end],
                            currency=q.currency or nxt.currency,
                            qualifier=q.qualifier,
                            high=nxt.value,
                        )
                    )
                    i += 2
                    continue
        merged.append(q)
        i += 1
    return merged


def _has_scale(s: str) -> bool:
    return re.search(_TEXT_SCALE_RE, s, re.IGNORECASE) is not None


def _scale_of(s: str) -> int:
    m = re.search(_TEXT_SCALE_RE, s, re.IGNORECASE)
    return _SCALE_WORDS.get(m.group(0).lower(), 1) if m else 1


def find_amounts(text: str) -> list[Quantity]:
    """The euro amounts of ``text`` (numbers followed by euros / € / a € scale symbol)."""
    return [q for q in find_quantities(text) if q.currency]
