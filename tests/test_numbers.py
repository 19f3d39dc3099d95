"""Tests of the French number reader (cnil_sanctions.extract.numbers).

Sentences marked « corpus » are copied from real decisions of the shared corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnil_sanctions.extract.numbers import (
    find_amounts,
    find_quantities,
    parse_amount,
    parse_french_number,
    parse_number_words,
)

# --- hypothesis round trips -------------------------------------------------------------

_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
_TEENS = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"]


def _below_100(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    if n < 17:
        return _TEENS[n - 10]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = n - (60 if tens == 7 else 80)
        sep = "-et-" if rest == 11 and tens == 7 else "-"
        return base + sep + _below_100(rest)
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
    if unit == 0:
        return _TENS[tens]
    if unit == 1:
        return _TENS[tens] + " et un"
    return _TENS[tens] + "-" + _UNITS[unit]


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds == 1:
        parts.append("cent")
    elif hundreds > 1:
        parts.append(_UNITS[hundreds] + (" cents" if rest == 0 else " cent"))
    if rest:
        parts.append(_below_100(rest))
    return " ".join(parts)


def french_words(n: int) -> str:
    """Write 1 <= n < 10**12 in French words (test helper, independent of the parser)."""
    parts = []
    for scale, word in ((10**9, "milliard"), (10**6, "million")):
        q, n = divmod(n, scale)
        if q:
            parts.append(f"{_below_1000(q)} {word}{'s' if q > 1 else ''}")
    q, n = divmod(n, 1000)
    if q:
        parts.append("mille" if q == 1 else f"{_below_1000(q)} mille")
    if n:
        parts.append(_below_1000(n))
    return " ".join(parts)


def group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


amounts = st.integers(min_value=0, max_value=10**11)


@given(amounts, st.sampled_from([" ", "\u00a0", "\u202f", "\u2009", "."]))
def test_grouped_digits_round_trip(n: int, sep: str) -> None:
    s = group(n, sep)
    # « 1.500 » (a single dot before three digits) is read as French thousands too
    assert parse_amount(s) == n
    assert parse_amount(s + " euros") == n
    assert parse_amount(s + " €") == n


@given(st.integers(min_value=1, max_value=10**11 - 1))
def test_words_round_trip(n: int) -> None:
    w = french_words(n)
    assert parse_number_words(w) == n
    assert parse_amount(f"{group(n, ' ')} ({w}) euros") == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["million", "milliard"]))
def test_decimal_scale_round_trip(tenths: int, word: str) -> None:
    scale = 10**6 if word == "million" else 10**9
    whole, dec = divmod(tenths, 10)
    s = f"{whole},{dec} {word}{'s' if tenths >= 20 else ''} d’euros"
    assert parse_amount(s) == tenths * scale // 10


@given(st.integers(min_value=1, max_value=99999))
def test_cli_forms_round_trip(tenths: int) -> None:
    whole, dec = divmod(tenths, 10)
    expected = tenths * 100_000
    assert parse_amount(f"{whole}.{dec}M") == expected
    assert parse_amount(f"{whole},{dec} M€") == expected
    assert parse_amount(str(expected)) == expected


@given(amounts)
def test_find_amounts_finds_formatted_amount(n: int) -> None:
    text = f"prononcer une amende administrative d’un montant de {group(n, chr(0xA0))} euros ;"
    found = find_amounts(text)
    assert [a.amount for a in found] == [n]
    assert text[found[0].start : found[0].end] == found[0].text


# --- examples ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 500 000", 1_500_000),
        ("1\u202f500\u202f000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,5 million", 1_500_000),
        ("18,8 millions d'euros", 18_800_000),
        ("1,1 milliard", 1_100_000_000),
        ("16.3M", 16_300_000),
        ("16300000", 16_300_000),
        ("16,3 M€", 16_300_000),
        ("150 k€", 150_000),
        ("un million cinq cent mille", 1_500_000),
        ("cent cinquante mille euros", 150_000),
        ("quatre-vingt-dix mille euros", 90_000),
        ("un demi-million", 500_000),
        ("1 234,56 euros", 1_235),
    ],
)
def test_parse_amount_examples(text: str, expected: int) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "abc", "-5", "1,2,3", "12 euros et 5 euros", "1 500 000 (deux millions) euros"],
)
def test_parse_amount_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match=r"amount|number|differ"):
        parse_amount(bad)


def test_parse_amount_rejects_non_string() -> None:
    with pytest.raises(ValueError, match="string"):
        parse_amount(1500000)  # type: ignore[arg-type]


def test_parse_french_number_decimal() -> None:
    assert parse_french_number("18,8") == pytest.approx(18.8)
    assert parse_french_number("2,5 milliards") == 2_500_000_000


# --- real sentences (corpus) ---------------------------------------------------------------


def test_corpus_dedalus_operative_part() -> None:
    # corpus: SAN-2022-009
    s = (
        "prononcer à l’encontre de la société DEDALUS BIOLOGIE une amende administrative d’un "
        "montant de 1 500 000 (un million cinq cent mille) euros ;"
    )
    (a,) = find_amounts(s)
    assert a.amount == 1_500_000
    assert a.words_value == 1_500_000 and a.consistent
    assert a.text == "1 500 000 (un million cinq cent mille) euros"


def test_corpus_figures_words_scale() -> None:
    # corpus: SAN-2019-001
    (a,) = find_amounts("une sanction pécuniaire d’un montant de 50 (cinquante) millions d’euros ;")
    assert a.amount == 50_000_000


def test_corpus_turnover_decimal_millions() -> None:
    # corpus: SAN-2022-009
    s = "un chiffre d’affaires de 18,8 millions d’euros en 2019 et"
    (a,) = find_amounts(s)
    assert a.amount == 18_800_000


def test_corpus_approx_markers() -> None:
    # corpus: SAN-2021-… (« environ 300 salariés ») and a 2022 decision (« près de cinquante
    # millions d’utilisateurs »)
    (q,) = find_quantities("En janvier 2021, elle comptait environ 300 salariés")[1:]
    assert q.amount == 300 and q.approx and q.qualifier == "environ"
    (q,) = find_quantities("ont affecté près de cinquante millions d’utilisateurs résidant")
    assert q.amount == 50_000_000 and q.qualifier == "près de"
    (q,) = find_quantities("contenues dans plus de 3,7 millions de comptes")
    assert q.amount == 3_700_000 and q.qualifier == "plus de" and not q.currency


def test_corpus_range() -> None:
    # corpus: « un montant compris entre 550 et 660 millions d’euros »
    (q,) = find_amounts("un montant compris entre 550 et 660 millions d’euros.")
    assert (q.amount, q.high) == (550_000_000, 660_000_000)


def test_corpus_paragraph_number_not_glued() -> None:
    # corpus: run-together paragraphs « … en 2019.203. … »
    qs = find_quantities("s’élève à 14,9 milliards d’euros en 2019.203. La formation")
    assert [q.amount for q in qs] == [14_900_000_000, 2019, 203]


def test_words_need_a_scale() -> None:
    # the article « un » and « deux ans » are not amounts
    assert find_amounts("un délai de deux ans") == []
    assert [q.amount for q in find_quantities("plus de deux millions de clients")] == [2_000_000]


# --- issue 15: one amount, figures and words in either order, currency anywhere -------------


@pytest.mark.parametrize(
    ("text", "value", "other"),
    [
        ("soixante-quinze mille ( 75 000 €)", 75_000, 75_000),  # issue 15
        ("cinq cent vingt-cinq mille euros (525 000 €)", 525_000, 525_000),  # issue 15
        ("60 000 000 euros (soixante millions d’euros)", 60_000_000, 60_000_000),  # corpus
        ("35 (trente-cinq) millions d’euros", 35_000_000, 35_000_000),  # corpus
        ("cinq millions deux cent mille euros (5 200 000 euros)", 5_200_000, 5_200_000),  # corpus
        ("75 000 (soixante-quinze mille euros)", 75_000, 75_000),
        ("un million d’euros (1 000 000 €)", 1_000_000, 1_000_000),
        ("150 000€ (cent cinquante mille euros)", 150_000, 150_000),
        ("75\u202f000\u00a0EUR", 75_000, None),
        ("75000€", 75_000, None),
        # figures and words that disagree: the figures are the value, the words kept apart
        ("cinq cent vingt-cinq mille euros (520 000 €)", 520_000, 525_000),
    ],
)
def test_one_amount_any_order(text: str, value: int, other: int | None) -> None:
    found = find_amounts(f"d’un montant de {text} ;")
    assert [(a.amount, a.words_value, a.text) for a in found] == [(value, other, text)]


def test_a_bracket_of_the_same_kind_is_not_a_second_writing() -> None:
    # corpus SAN-2020-008: « en hausse par rapport à 2018 (804 millions d’euros) »
    found = find_quantities(
        "de 905 millions d’euros, en hausse par rapport à 2018 (804 millions d’euros)."
    )
    assert [(q.amount, q.currency) for q in found] == [
        (905_000_000, True),
        (2018, False),
        (804_000_000, True),
    ]
    assert [a.amount for a in find_amounts("50 000 euros (2019)")] == [50_000]
