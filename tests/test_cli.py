"""The command line: exit codes scripts can rely on, and the Dedalus `show`."""

from __future__ import annotations

from pathlib import Path

from cnil_sanctions.cli import EXIT_OK, EXIT_USAGE, main


def test_show_dedalus(capsys) -> None:
    assert main(["show", "SAN-2022-009"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "DEDALUS BIOLOGIE" in out
    assert "fine: €1,500,000" in out
    assert "€16.3M (2020, entity)" in out and "€18.8M (2019, entity)" in out
    # the company's own turnover and its group's, each with its origin (issue 16)
    assert "turnover of the company: €16.3M (DEDALUS BIOLOGIE, 2020, decision)" in out
    assert "turnover of the undertaking (group): €461M (Dedalus group" in out
    assert "GDPR 28(3), GDPR 29, GDPR 32 — tier GDPR 83(4)" in out
    assert "people affected: 491,840" in out
    assert "role: processor" in out
    assert (
        "« prononcer à l’encontre de la société DEDALUS BIOLOGIE une amende administrative" in out
    )


def test_show_unknown_decision_is_exit_2(capsys) -> None:
    assert main(["show", "SAN-1999-999"]) == EXIT_USAGE
    assert "SAN-1999-999 is not in the dataset" in capsys.readouterr().err


def test_build_into_a_folder(tmp_path: Path, capsys) -> None:
    """The command's plumbing, on a copy of three real entries of the shipped store (the full
    build is tested byte for byte in test_dataset.py)."""
    import shutil

    from cnil_sanctions.dataset import load_sanctions
    from tests.conftest import RAW

    raw, out = tmp_path / "raw" / "legifrance_text", tmp_path / "out"
    for entry in sorted((RAW / "legifrance_text").iterdir())[-3:]:
        shutil.copytree(entry, raw / entry.name)
    assert main(["build", "--raw-dir", str(raw.parent), "--out-dir", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    df = load_sanctions(out / "cnil_sanctions.csv")
    assert len(df) == 3 and df.attrs["source_origin"] == "path"
    assert (out / "cnil_sanctions.csv").stat().st_mode & 0o077 == 0o044 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_import_mirror_of_a_missing_folder_is_exit_2(tmp_path: Path, capsys) -> None:
    code = main(["import-mirror", str(tmp_path / "nope"), "--raw-dir", str(tmp_path / "raw")])
    assert code == EXIT_USAGE
    assert "nope" in capsys.readouterr().err


def test_fetch_from_a_local_synthetic_site_then_nothing_new(
    httpserver, tmp_path: Path, capsys, fast_http
) -> None:
    """`fetch` end to end against a SYNTHETIC DILA-like site on 127.0.0.1 (tests/synthetic.py)."""
    from cnil_sanctions.store import RawStore
    from tests.synthetic import SyntheticDilaSite, standard_files

    site = SyntheticDilaSite(httpserver, files=standard_files()).install()
    raw = tmp_path / "raw"
    args = ["fetch", "--base-url", site.base_url, "--raw-dir", str(raw), "--min-interval", "0"]
    assert main(args, http_config=fast_http) == EXIT_OK
    first = capsys.readouterr().out
    stored = sorted(e.meta.decision_id for e in RawStore(raw).entries("dila"))
    assert stored[:4] == ["SAN-2099-001", "SAN-2099-002", "SAN-2099-002", "SAN-2099-003"]
    assert (
        "not_sanctions" in first
        or "not a sanction" in first.lower()
        or "not sanction" in first.lower()
    )
    archive_requests = len([r for r, _ in httpserver.log if r.path.endswith(".tar.gz")])
    assert main([*args, "--quiet"], http_config=fast_http) == EXIT_OK
    again = len([r for r, _ in httpserver.log if r.path.endswith(".tar.gz")])
    assert again == archive_requests  # a second fetch downloads no archive
    assert sorted(e.meta.decision_id for e in RawStore(raw).entries("dila")) == stored


def test_fetch_changed_layout_is_exit_1(httpserver, tmp_path: Path, capsys, fast_http) -> None:
    from tests.synthetic import SyntheticDilaSite, synthetic_changed_listing_html

    site = SyntheticDilaSite(httpserver, listing=synthetic_changed_listing_html()).install()
    code = main(
        [
            "fetch",
            "--base-url",
            site.base_url,
            "--raw-dir",
            str(tmp_path),
            "--min-interval",
            "0",
            "-q",
        ],
        http_config=fast_http,
    )
    assert code == 1
    assert site.base_url in capsys.readouterr().err


def test_fetch_unreachable_server_is_exit_3(tmp_path: Path, capsys, fast_http) -> None:
    from cnil_sanctions.cli import EXIT_FETCH

    code = main(
        [
            "fetch",
            "--base-url",
            "http://127.0.0.1:9/CNIL/",
            "--raw-dir",
            str(tmp_path),
            "--min-interval",
            "0",
            "-q",
        ],
        http_config=fast_http,
    )
    assert code == EXIT_FETCH
    assert "127.0.0.1:9" in capsys.readouterr().err


def test_report_benchmark_and_case_repeat(tmp_path, monkeypatch) -> None:
    from cnil_sanctions import report

    seen = {}
    monkeypatch.setattr(report, "run_report", lambda **kw: seen.update(kw) or 0)
    args = ["report", "--out-dir", str(tmp_path), "--benchmark", "san-2023-009"]
    args += ["--benchmark", "SAN-2020-008", "--case", "turnover=1M articles=32"]
    args += ["--case", "articles=28,29 people=10"]
    assert main(args) == 0
    assert seen["benchmarks"] == ["SAN-2023-009", "SAN-2020-008"]
    assert [(c.turnover_eur, c.articles, c.people_affected) for c in seen["cases"]] == [
        (1e6, ("32",), None),
        (None, ("28", "29"), 10),
    ]


def test_report_benchmark_of_an_unknown_or_fineless_decision_is_exit_2(tmp_path, capsys) -> None:
    out = tmp_path / "reports"
    base = ["report", "--no-notebooks", "--out-dir", str(out)]
    assert main([*base, "--benchmark", "SAN-2022-009", "--benchmark", "SAN-1999-999"]) == EXIT_USAGE
    assert "decision SAN-1999-999 is not in the dataset" in capsys.readouterr().err
    assert main([*base, "--benchmark", "SAN-2020-001"]) == EXIT_USAGE  # an injunction follow-up
    assert "SAN-2020-001 imposes no fine" in capsys.readouterr().err
    assert main([*base, "--case", "turnover=16.3M"]) == EXIT_USAGE
    assert "articles=… is required" in capsys.readouterr().err
    assert main([*base, "--case", "articles=999"]) == EXIT_USAGE
    assert "999" in capsys.readouterr().err
    assert not out.exists()  # checked before anything is written or executed
