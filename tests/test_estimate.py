"""Tests of cnil_sanctions.estimate: estimate_fine, FineEstimate.to_table and its CLI command."""

from __future__ import annotations

import argparse
import dataclasses

import pandas as pd
import pytest

from cnil_sanctions import cli
from cnil_sanctions.edpb import TIER_83_4, TIER_83_5, TIER_LIL_20_III, Factor
from cnil_sanctions.estimate import FineEstimate, estimate_fine

M = 1_000_000

# Dedalus Biologie, SAN-2022-009 (15 April 2022): turnover EUR 16.3M (2020), 491,840 patients,
# GDPR 28(3), 29, 32; the CNIL's fine was EUR 1.5M.
DEDALUS = {
    "turnover_eur": 16.3 * M,
    "articles": ["GDPR 28(3)", "29", "32"],
    "people_affected": 491_840,
    "precedents": False,  # the EDPB part alone (the precedent view: tests/test_analysis.py)
}


def test_dedalus_tier_and_legal_maximum():
    est = estimate_fine(**DEDALUS)
    assert est.tier is TIER_83_4
    # 2 % of 16.3M = 326,000 < 10M: the static maximum applies
    assert est.legal_maximum == pytest.approx(10 * M)
    assert list(est.edpb) == ["low", "medium", "high"]
    high = est.edpb["high"].final
    assert (high.low, high.high) == pytest.approx((30_000, 1 * M))
    assert est.articles == ("GDPR 28(3)", "GDPR 29", "GDPR 32")
    assert est.people_affected == 491_840
    assert est.precedent_interval is None and est.nearest is None


def test_one_seriousness_only():
    est = estimate_fine(16.3 * M, ["32"], seriousness="low")
    assert list(est.edpb) == ["low"]


def test_factors_as_mapping_or_list():
    a = estimate_fine(16.3 * M, ["32"], aggravating={"previous infringements": 20})
    b = estimate_fine(16.3 * M, ["32"], aggravating=[Factor("previous infringements", 20)])
    assert a.edpb["high"].final == b.edpb["high"].final
    assert a.edpb["high"].final.high == pytest.approx(1.2 * M)


def test_no_factor_assumed():
    est = estimate_fine(16.3 * M, ["32"])
    assert est.aggravating == () and est.mitigating == ()
    assert all(r.multiplier == 1.0 for r in est.edpb.values())


def test_large_turnover_dynamic_maximum():
    est = estimate_fine(2_000 * M, ["6", "32"])
    assert est.tier is TIER_83_5
    assert est.legal_maximum == pytest.approx(80 * M)


def test_cookie_case():
    est = estimate_fine(None, ["LIL 82"])
    assert est.tier is TIER_LIL_20_III
    assert est.legal_maximum == 10 * M


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"turnover_eur": -1, "articles": ["32"]}, "turnover"),
        ({"turnover_eur": 1 * M, "articles": ["24"]}, "no fine tier"),
        ({"turnover_eur": 1 * M, "articles": ["GDPR 120"]}, "not a GDPR article"),
        ({"turnover_eur": 1 * M, "articles": []}, "no article"),
        ({"turnover_eur": 1 * M, "articles": "28,29"}, "list"),
        ({"turnover_eur": 1 * M, "articles": ["32"], "people_affected": -3}, "people"),
        ({"turnover_eur": 1 * M, "articles": ["32"], "people_affected": 2.5}, "people"),
        ({"turnover_eur": 1 * M, "articles": ["32"], "seriousness": "grave"}, "seriousness"),
        ({"turnover_eur": 1 * M, "articles": ["32"], "mitigating": ["cooperation"]}, "Factor"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        estimate_fine(**kwargs)


def test_to_table_dedalus():
    table = estimate_fine(**DEDALUS).to_table()
    assert "€16,300,000" in table
    assert "491,840" in table
    assert "GDPR art. 83(4)" in table
    assert "Legal maximum     €10,000,000" in table
    assert "€30,000 - €1,000,000" in table  # high
    assert "€15,000 - €200,000" in table  # medium
    assert "€0 - €100,000" in table  # low
    assert "1.5-10 %" in table
    assert "Factors: none given" in table
    assert "Prediction interval: not computed" in table


def test_to_table_renders_precedents():
    # synthetic precedent rows, only to test the rendering (not real decisions)
    nearest = pd.DataFrame(
        {"decision_id": ["SYNTHETIC-1", "SYNTHETIC-2"], "fine_eur": [100_000, 250_000]}
    )
    est = dataclasses.replace(
        estimate_fine(**DEDALUS),
        precedent_interval=(50_000.0, 200_000.0, 900_000.0),
        nearest=nearest,
    )
    table = est.to_table()
    assert "€50,000 / €200,000 / €900,000" in table
    assert "Nearest decisions (2):" in table
    assert "SYNTHETIC-2" in table
    empty = dataclasses.replace(est, nearest=nearest.iloc[0:0])
    assert "Nearest decisions: none found" in empty.to_table()


def test_to_table_lists_factors_and_notes():
    est = estimate_fine(
        None, ["LIL 82"], aggravating={"duration": 10}, mitigating={"cooperation": 5}
    )
    table = est.to_table()
    assert "+10 % duration; -5 % cooperation" in table
    assert "turnover unknown" in table
    assert "LIL art. 20 III" in table


# ---------------------------------------------------------------- CLI


@pytest.fixture
def parser() -> argparse.ArgumentParser:
    return cli.build_parser()


def _run(parser, argv):
    return cli.main(["estimate", *argv])


@pytest.mark.parametrize("turnover", ["16.3M", "16300000", "16,3 M€"])
def test_cli_dedalus(parser, capsys, turnover):
    argv = ["--turnover", turnover, "--articles", "28,29,32", "--people", "491840"]
    rc = _run(parser, [*argv, "--no-precedents"])
    out, err = capsys.readouterr()
    assert rc == 0 and err == ""
    assert (
        out
        == FineEstimate.to_table(estimate_fine(**{**DEDALUS, "articles": ["28", "29", "32"]}))
        + "\n"
    )
    assert "Legal maximum     €10,000,000" in out


def test_cli_seriousness_and_factors(parser, capsys):
    rc = _run(
        parser,
        [
            "--turnover", "16.3M", "--articles", "GDPR 28(3), 32", "--seriousness", "high",
            "--aggravating", "previous infringements=20%", "--mitigating", "cooperation=10",
        ],
    )  # fmt: skip
    out, _ = capsys.readouterr()
    assert rc == 0
    assert "medium" not in out
    assert "x1.10" in out
    assert "€33,000 - €1,100,000" in out


def test_cli_registers_func(parser):
    args = parser.parse_args(["estimate", "--articles", "32"])
    assert args.func is cli._cmd_estimate


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--turnover=-5M", "--articles", "32"], "negative amount"),
        (["--turnover", "-16300000", "--articles", "32"], "negative amount"),
        (["--turnover", "lots", "--articles", "32"], "--turnover 'lots'"),
        (["--turnover", "16.3M", "--articles", "24,10"], "no fine tier"),
        (["--turnover", "16.3M", "--articles", "28,foo"], "not an article reference"),
        (["--turnover", "16.3M", "--articles", " , "], "no article"),
        (["--turnover", "16.3M", "--articles", "32", "--people", "many"], "--people"),
        (["--turnover", "16.3M", "--articles", "32", "--people", "2,5"], "whole number"),
        (["--articles", "32", "--aggravating", "intent"], "NAME=PERCENT"),
        (["--articles", "32", "--aggravating", "intent=high"], "not a percentage"),
        (["--articles", "32", "--mitigating", "cooperation=-5"], "percent"),
    ],
)
def test_cli_bad_input_exit_2(parser, capsys, argv, message):
    rc = _run(parser, argv)
    out, err = capsys.readouterr()
    assert rc == 2
    assert out == ""
    assert err.startswith("cnil-sanctions estimate: error: ")
    assert message in err
