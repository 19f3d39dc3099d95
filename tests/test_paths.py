"""Which dataset file is read (explicit path, $CNIL_SANCTIONS_DATA, checkout / user folder,
shipped copy), and files written with the usual permissions."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cnil_sanctions import paths
from cnil_sanctions.atomic import atomic_write
from cnil_sanctions.dataset import CSV_NAME, load_sanctions

SHIPPED_CSV = paths.shipped_file(CSV_NAME)


@pytest.fixture
def installed_like(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """As if the package ran from an installed wheel: no checkout, a fresh user data folder."""
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    monkeypatch.setattr(paths, "checkout_data_dir", lambda: None)
    user = tmp_path / "user-data"
    monkeypatch.setattr(paths, "user_data_dir", lambda: user)
    return user


def test_installed_without_a_rebuild_reads_the_shipped_dataset(installed_like: Path) -> None:
    df = load_sanctions()
    assert df.attrs["source_origin"] == "shipped"
    assert df.attrs["source_path"] == str(SHIPPED_CSV)
    assert paths.work_dir() == installed_like  # where build / fetch would write


def test_a_dataset_rebuilt_in_the_user_folder_wins(installed_like: Path) -> None:
    installed_like.mkdir()
    shutil.copyfile(str(SHIPPED_CSV), installed_like / CSV_NAME)
    df = load_sanctions()
    assert (df.attrs["source_origin"], df.attrs["source_path"]) == (
        "user",
        str(installed_like / CSV_NAME),
    )


def test_the_environment_variable_wins_and_must_hold_the_dataset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path))
    with pytest.raises(FileNotFoundError, match=rf"{tmp_path}.*CNIL_SANCTIONS_DATA"):
        load_sanctions()
    shutil.copyfile(str(SHIPPED_CSV), tmp_path / CSV_NAME)
    assert load_sanctions().attrs["source_origin"] == "env"
    assert paths.work_dir() == tmp_path


def test_an_explicit_path_is_read_as_given(tmp_path: Path) -> None:
    target = tmp_path / "mine.csv"
    shutil.copyfile(str(SHIPPED_CSV), target)
    df = load_sanctions(target)
    assert (df.attrs["source_origin"], df.attrs["source_path"]) == ("path", str(target))
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        load_sanctions(tmp_path / "nope.csv")


def test_in_the_checkout_the_data_folder_is_the_package_data() -> None:
    checkout = paths.checkout_data_dir()
    assert checkout is not None and (checkout / "raw").is_dir()
    assert Path(str(SHIPPED_CSV)).resolve() == (checkout / CSV_NAME).resolve()


@pytest.mark.parametrize(
    ("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664), (0o000, 0o666)]
)
def test_atomic_write_respects_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "f.csv", b"x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "f.csv").stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]  # no temporary file left
