"""The analysis package (issue 13): every public name of the former ``analysis.py`` still works
from ``cnil_sanctions.analysis``, and is the very object of the module that now holds it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from cnil_sanctions import analysis as A

# The public names of cnil_sanctions/analysis.py before the split (its __all__, plus the
# constants the notebooks use), each with the module that holds it now.
FORMER_NAMES = {
    "CONTROLS": "cnil_sanctions.analysis.models",
    "DEDALUS_ID": "cnil_sanctions.analysis.tables",
    "VIEWS": "cnil_sanctions.analysis.ratios",
    "VIEW_LABELS": "cnil_sanctions.analysis.ratios",
    "RANKABLE": "cnil_sanctions.analysis.tables",
    "DISTANCE_WEIGHTS": "cnil_sanctions.analysis.precedents",
    "NEAREST_COLUMNS": "cnil_sanctions.analysis.precedents",
    "ModelResult": "cnil_sanctions.analysis.models",
    "PercentileRank": "cnil_sanctions.analysis.tables",
    "QuantilePrediction": "cnil_sanctions.analysis.models",
    "QuantileResult": "cnil_sanctions.analysis.models",
    "add_ratios": "cnil_sanctions.analysis.ratios",
    "by_group": "cnil_sanctions.analysis.tables",
    "coverage": "cnil_sanctions.analysis.tables",
    "decision_row": "cnil_sanctions.analysis.tables",
    "edpb_vs_actual": "cnil_sanctions.edpb_compare",
    "edpb_vs_actual_summary": "cnil_sanctions.edpb_compare",
    "fines": "cnil_sanctions.analysis.ratios",
    "fit_ols": "cnil_sanctions.analysis.models",
    "fit_quantiles": "cnil_sanctions.analysis.models",
    "headline": "cnil_sanctions.headline",
    "legal_maximum": "cnil_sanctions.law",
    "nearest_precedents": "cnil_sanctions.analysis.precedents",
    "percentile_rank": "cnil_sanctions.analysis.tables",
    "quantile_prediction": "cnil_sanctions.analysis.models",
    "tier_of": "cnil_sanctions.analysis.ratios",
    "top_fines": "cnil_sanctions.analysis.tables",
    "turnover_series": "cnil_sanctions.analysis.ratios",
    "yearly_summary": "cnil_sanctions.analysis.tables",
}


@pytest.mark.parametrize(("name", "home"), sorted(FORMER_NAMES.items()))
def test_former_public_name_is_re_exported(name: str, home: str) -> None:
    assert name in A.__all__
    assert getattr(A, name) is getattr(importlib.import_module(home), name)


def test_all_lists_only_names_that_resolve() -> None:
    namespace: dict[str, object] = {}
    exec("from cnil_sanctions.analysis import *", namespace)
    assert set(A.__all__) <= set(namespace)
    assert set(FORMER_NAMES) <= set(A.__all__)


def test_unknown_name_still_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_function"):
        _ = A.no_such_function


@pytest.mark.parametrize(
    ("module", "name"),
    [("cnil_sanctions.edpb_compare", "edpb_vs_actual"), ("cnil_sanctions.headline", "headline")],
)
def test_moved_modules_import_first_in_a_fresh_process(module: str, name: str) -> None:
    # they import the analysis package, which re-exports them: no circular-import error
    code = f"import {module} as m\nfrom cnil_sanctions import analysis as A\nprint(A.{name} is m.{name})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
