"""Analysis library on SYNTHETIC frames (tests/analysis_frames.py): known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cnil_sanctions import analysis as A
from cnil_sanctions import cli, estimate
from cnil_sanctions.edpb_compare import _edpb_position
from tests.analysis_frames import REF_ID, make_frame, sample_frame


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return sample_frame()


# ---------------------------------------------------------------- legal maximum and ratios


@pytest.mark.parametrize(
    ("turnover", "tier", "expected"),
    [
        (16_300_000, "GDPR 83(4)", 10_000_000),  # 2 % = 326k < floor
        (499_999_999, "GDPR 83(4)", 10_000_000),
        (1_000_000_000, "GDPR 83(4)", 20_000_000),  # 2 % beats the floor
        (1_000_000_000, "GDPR 83(5)", 40_000_000),
        (100_000_000, "GDPR 83(5)", 20_000_000),
        (38_000_000_000, "LIL 20", 760_000_000),
        (None, "GDPR 83(5)", 20_000_000),  # unknown turnover: the floor (a lower bound)
    ],
)
def test_legal_maximum(turnover, tier, expected):
    assert A.legal_maximum(tier, turnover) == pytest.approx(expected)


def test_legal_maximum_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown cap tier"):
        A.legal_maximum("GDPR 83(6)", 1e6)
    with pytest.raises(ValueError, match="turnover"):
        A.legal_maximum("GDPR 83(4)", -5.0)


def test_ratios_of_reference_case(df):
    row = A.decision_row(A.add_ratios(df), REF_ID)
    assert row["fine_share_turnover"] == pytest.approx(1_500_000 / 16_300_000)
    assert row["legal_max_eur"] == 10_000_000
    assert row["fine_share_legal_max"] == pytest.approx(0.15)
    assert row["fine_per_person"] == pytest.approx(1_500_000 / 491_840)
    assert row["turnover_used_origin"] == "decision"


def test_views_keep_public_accounts_apart(df):
    public = A.add_ratios(df, "public")
    decision = A.add_ratios(df, "decision")
    from_public = (df["turnover_basis_origin"] == "public_accounts").fillna(False)
    assert public.loc[from_public, "turnover_used_eur"].notna().all()
    assert decision.loc[from_public, "turnover_used_eur"].isna().all()
    # no turnover: legal max is only a floor, share of legal max left empty
    no_t = df["turnover_basis_eur"].isna() & (df["measure_kind"] == "fine")
    assert not decision.loc[no_t, "legal_max_known"].any()
    assert decision.loc[no_t, "fine_share_legal_max"].isna().all()
    with pytest.raises(ValueError, match="unknown turnover view"):
        A.add_ratios(df, "group")


def test_fines_excludes_other_measures(df):
    f = A.fines(df)
    assert len(f) == len(df) - 1
    assert (f["measure_kind"] == "fine").all()


# ---------------------------------------------------------------- descriptive tables


def test_yearly_summary_totals(df):
    ys = A.yearly_summary(df)
    assert ys["decisions"].sum() == len(df)
    assert ys["fines"].sum() == len(A.fines(df))
    assert ys["total_fines_eur"].sum() == pytest.approx(float(df["fine_eur"].sum()))
    assert ys.loc[2092, "largest_fine_eur"] == 1_500_000


def test_top_fines_and_groups(df):
    top = A.top_fines(df, 3)
    assert list(top["fine_eur"]) == sorted(top["fine_eur"], reverse=True)
    assert top.iloc[0]["fine_eur"] == int(df["fine_eur"].max())
    groups = A.by_group(df, "cap_tier")
    assert groups["fines"].sum() == len(A.fines(df))
    assert set(groups.index) == {"GDPR 83(4)", "GDPR 83(5)"}


def test_coverage_counts(df):
    cov = A.coverage(df)
    n = len(A.fines(df))
    assert (cov["known"] + cov["missing"] == n).all()
    assert cov.loc["turnover basis (decision or public accounts)", "missing"] == 1


def test_percentile_rank(df):
    r = A.percentile_rank(df, REF_ID, by="fine_eur")
    assert (r.rank, r.n) == (2, 12)  # 1.99M is larger
    share = A.percentile_rank(df, REF_ID, by="fine_share_turnover")
    assert share.rank == 1 and share.percentile == 100
    assert share.n == 8  # the company's own turnover: the 8 synthetic decision figures
    public = A.percentile_rank(df, REF_ID, by="fine_share_turnover", view="public")
    assert public.n == 11  # the fine without a turnover does not take part
    with pytest.raises(ValueError, match="cannot rank"):
        A.percentile_rank(df, REF_ID, by="turnover_eur")
    with pytest.raises(KeyError, match="SAN-2090-999"):
        A.percentile_rank(df, "SAN-2090-999")
    with pytest.raises(ValueError, match="no value"):
        A.percentile_rank(df, "SAN-2090-012", by="fine_share_turnover")


# ---------------------------------------------------------------- models


def test_ols_recovers_slope_and_counts_left_out():
    # fine = 10 * turnover^0.5 * small noise, without the reference outlier
    base = sample_frame()
    d = base[base["decision_id"] != REF_ID]
    m = A.fit_ols(d, view="public")
    assert m.slope == pytest.approx(0.5, abs=0.05)
    lo, hi = m.slope_ci
    assert lo < 0.5 < hi
    assert m.n == 10 and m.left_out == {"without turnover": 1}
    dm = A.fit_ols(d, view="decision")
    assert dm.n == 7 and dm.left_out == {"without turnover": 4}
    assert "n = 10 fines" in m.describe()
    assert {"coef", "robust_se", "ci_low", "ci_high", "p_value"} <= set(m.table.columns)


def test_ols_drops_constant_and_sparse_controls(df):
    m = A.fit_ols(df, controls=A.CONTROLS, view="decision")
    used, dropped = set(m.controls), m.dropped_controls
    assert used | set(dropped) == set(A.CONTROLS)
    assert all(isinstance(why, str) and why for why in dropped.values())
    assert m.n + sum(m.left_out.values()) == len(A.fines(df))
    # a control constant in the sample is dropped with that reason
    const = df.assign(sector=pd.array(["health"] * len(df), dtype="string"))
    m2 = A.fit_ols(const, controls=["sector"])
    assert m2.dropped_controls == {"sector": "constant in the sample"}
    with pytest.raises(ValueError, match="unknown control"):
        A.fit_ols(df, controls=["colour"])


def test_ols_needs_enough_fines():
    tiny = make_frame([{"fine_eur": 1000, "turnover_eur": 10**6, "cap_tier": "GDPR 83(4)"}])
    with pytest.raises(ValueError, match="only 1 fines"):
        A.fit_ols(tiny)


def test_quantiles_are_ordered(df):
    q = A.fit_quantiles(df)
    assert q.n == 11 and q.left_out == {"without turnover": 1}
    for t in (1e5, 1e7, 1e9, 1e12):
        p = q.predict(t)
        assert p[0.1] <= p[0.5] <= p[0.9]


def test_quantile_prediction_paths(df):
    with_t = A.quantile_prediction(df, turnover_eur=16.3e6, articles=["32"], people_affected=None)
    p10, p50, p90 = with_t
    assert 0 < p10 <= p50 <= p90 and with_t.n == 11 and "turnover" in with_t.method
    by_people = A.quantile_prediction(df, turnover_eur=None, people_affected=10_000)
    assert "people" in by_people.method and by_people.n == 11
    plain = A.quantile_prediction(df, turnover_eur=None, articles=["GDPR 6"])
    fines = A.fines(df)
    pool = fines.loc[fines["cap_tier"] == "GDPR 83(5)", "fine_eur"].astype(float)
    assert plain.values[1] == pytest.approx(float(np.quantile(pool, 0.5)))
    with pytest.raises(ValueError, match="positive"):
        A.quantile_prediction(df, turnover_eur=-1.0)


# ---------------------------------------------------------------- precedents


def test_nearest_precedents_by_description(df):
    near = A.nearest_precedents(
        df,
        turnover_eur=16_300_000,
        articles=["GDPR 28(3)", "29", "32"],
        people_affected=491_840,
        sector="health",
        data_breach=True,
        k=3,
    )
    assert len(near) == 3
    assert near.iloc[0]["decision_id"] == REF_ID
    assert near.iloc[0]["distance"] == pytest.approx(0.0)
    assert list(near["distance"]) == sorted(near["distance"])
    assert {"source_url", "fine_eur_evidence", "fine_eur"} <= set(near.columns)


def test_nearest_precedents_of_a_decision_leaves_it_out(df):
    near = A.nearest_precedents(df, REF_ID, k=20)
    assert REF_ID not in set(near["decision_id"])
    assert len(near) == len(A.fines(df)) - 1
    assert (near["distance"].between(0, 1)).all()
    with pytest.raises(ValueError, match="k must"):
        A.nearest_precedents(df, REF_ID, k=0)
    with pytest.raises(KeyError):
        A.nearest_precedents(df, "SAN-2090-999")


# ---------------------------------------------------------------- EDPB vs actual, headline


def test_edpb_vs_actual_reference_case(df):
    comp = A.edpb_vs_actual(df, "decision")
    row = comp.set_index("decision_id").loc[REF_ID]
    # 83(4), turnover 16.3M (band 10-50M: 1.5-10 %): high = 2M-10M x 1.5-10 % = 30k-1M
    assert row["edpb_high_low"] == pytest.approx(30_000)
    assert row["edpb_high_high"] == pytest.approx(1_000_000)
    assert row["position"] == "above high"
    assert len(comp) == 8  # fines with a turnover stated in the decision
    counts = A.edpb_vs_actual_summary(comp)
    assert counts.sum() == len(comp)


def test_edpb_position_overlaps():
    from cnil_sanctions.edpb import FineRange

    ranges = {"low": FineRange(0, 100), "medium": FineRange(50, 200), "high": FineRange(300, 900)}
    assert _edpb_position(75, ranges) == "low or medium"
    assert _edpb_position(250, ranges) == "between"
    assert _edpb_position(901, ranges) == "above high"


def test_headline(df):
    h = A.headline(df, REF_ID)
    assert h["fines"] == 12 and h["decisions"] == 13
    assert h["share_turnover"] == pytest.approx(1.5 / 16.3)
    assert h["share_legal_max"] == pytest.approx(0.15)
    assert (h["rank_fine"], h["rank_share"]) == (2, 1)
    # synthetic rows: 8 decision figures (the entity's), 11 with a figure at all (cap basis)
    assert h["n_with_turnover_entity"] == 8 and h["n_with_turnover_undertaking"] == 11
    assert h["median_share_turnover_entity"].n == 8
    low, high = h["rank_fine_ci"]
    assert low <= 2 <= high
    assert h["total_fines_eur"] == pytest.approx(float(df["fine_eur"].sum()))


# ---------------------------------------------------------------- estimate wiring


def test_estimate_fine_with_precedents(df):
    est = estimate.estimate_fine(16.3e6, ["28", "29", "32"], people_affected=491_840, data=df)
    assert est.precedent_interval is not None
    p10, p50, p90 = est.precedent_interval
    assert p10 <= p50 <= p90
    assert len(est.nearest) == 5
    assert est.nearest.iloc[0]["decision_id"] == REF_ID
    table = est.to_table()
    assert "Prediction interval (80 % band: low / line / high)" in table
    assert "Nearest decisions (5)" in table and REF_ID in table
    assert "from jackknife+ 80 % prediction band" in table


def test_estimate_without_precedents_leaves_them_empty():
    est = estimate.estimate_fine(16.3e6, ["32"], precedents=False)
    assert est.precedent_interval is None and est.nearest is None


def test_estimate_uses_the_shipped_dataset_by_default():
    est = estimate.estimate_fine(16.3e6, ["28(3)", "29", "32"], people_affected=491_840)
    assert est.precedent_interval is not None
    assert est.nearest is not None and len(est.nearest) == 5


def _cli(argv):
    return cli.main(["estimate", *argv])


def test_cli_uses_the_dataset(df, monkeypatch, capsys):
    import cnil_sanctions.dataset as dataset

    monkeypatch.setattr(dataset, "load_sanctions", lambda path=None: df)
    rc = _cli(["--turnover", "16.3M", "--articles", "28,29,32", "--people", "491840", "-k", "3"])
    out, err = capsys.readouterr()
    assert rc == 0 and err == ""
    assert "Nearest decisions (3)" in out and REF_ID in out


def test_cli_without_dataset_says_so(monkeypatch, capsys, tmp_path):
    rc = _cli(["--turnover", "1M", "--articles", "32", "--data", str(tmp_path / "none.csv")])
    out, _ = capsys.readouterr()
    assert rc == 0
    assert "precedents not computed" in out and "none.csv" in out
    assert _cli(["--turnover", "1M", "--articles", "32", "-k", "0"]) == 2


def test_nan_never_leaks_into_shares(df):
    t = A.add_ratios(df)
    assert not np.isinf(t["fine_share_turnover"].dropna()).any()
    assert all(math.isfinite(v) for v in t["fine_per_person"].dropna())
