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
    from tests.conftest import RAW

    assert main(["build", "--raw-dir", str(RAW), "--out-dir", str(tmp_path), "--quiet"]) == EXIT_OK
    assert (tmp_path / "cnil_sanctions.csv").exists()
    assert capsys.readouterr().out == ""


def test_import_mirror_of_a_missing_folder_is_exit_2(tmp_path: Path, capsys) -> None:
    code = main(["import-mirror", str(tmp_path / "nope"), "--raw-dir", str(tmp_path / "raw")])
    assert code == EXIT_USAGE
    assert "nope" in capsys.readouterr().err
