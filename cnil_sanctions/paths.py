"""Where the package's files live: the data it ships, and the folder a user's own data goes to.

Two kinds of files:

* **Shipped data** — the dataset (``cnil_sanctions.csv``, ``datapackage.json``) and the
  reference tables (``reference/*.csv``) are package data of ``cnil_sanctions.data`` and are
  read with :mod:`importlib.resources` (:func:`shipped_file`), so an installed wheel works
  anywhere. In the repository they are the files under ``data/`` (``pyproject.toml`` maps that
  folder to the package ``cnil_sanctions.data``; ``data/raw/`` and ``data/cache/`` are not
  shipped).
* **Work data** — what ``fetch`` and ``build`` write (raw store, cache, a rebuilt dataset) goes to
  :func:`work_dir`: ``$CNIL_SANCTIONS_DATA`` if set, else the checkout's ``data/`` folder when the
  package runs from a clone, else the user data directory
  (``platformdirs.user_data_dir("cnil-sanctions")``, e.g. ``~/.local/share/cnil-sanctions``).

:func:`dataset_file` says which copy of a dataset file is read: the work folder's if it holds
one, else the shipped one.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

#: The package whose resources are the shipped data (the repository's ``data/`` folder).
DATA_PACKAGE = "cnil_sanctions.data"
#: Environment variable naming the work-data folder (overrides the default).
ENV_VAR = "CNIL_SANCTIONS_DATA"
#: Name of the user data directory (``platformdirs``).
APP_NAME = "cnil-sanctions"

#: The folder above the package: a clone's root when the package runs from one (checked by
#: :func:`checkout_data_dir`, :func:`notebooks_dir`, :func:`readme_file`; an installed package
#: falls back to its shipped data and has no notebooks).
_REPO = Path(__file__).resolve().parents[1]


def shipped_file(name: str) -> Traversable:
    """A file shipped with the package, e.g. ``shipped_file("reference/public_turnover.csv")``.

    ``name`` is relative to the shipped data folder, with ``/`` separators. The result is a
    :class:`~importlib.resources.abc.Traversable` (a :class:`~pathlib.Path` for an installed
    wheel or a checkout): open it with ``.open()`` / ``.read_text()``.
    """
    res = resources.files(DATA_PACKAGE)
    for part in name.split("/"):
        res = res.joinpath(part)
    return res


def open_csv(file: Traversable | Path) -> io.TextIOWrapper:
    """``file`` opened for the :mod:`csv` module: UTF-8 text, newlines left as they are."""
    return io.TextIOWrapper(file.open("rb"), encoding="utf-8", newline="")


def checkout_data_dir() -> Path | None:
    """The ``data/`` folder of the repository when the package runs from a clone (it has a
    ``pyproject.toml`` and a raw store next to the package), else ``None``."""
    data = _REPO / "data"
    if (_REPO / "pyproject.toml").is_file() and (data / "raw").is_dir():
        return data
    return None


def notebooks_dir() -> Path | None:
    """The ``notebooks/`` folder of the repository when the package runs from a clone, else
    ``None``: the notebooks are sources of the project, not shipped in the wheel."""
    folder = _REPO / "notebooks"
    if (_REPO / "pyproject.toml").is_file() and folder.is_dir():
        return folder
    return None


def readme_file() -> Path | None:
    """The repository's ``README.md`` when the package runs from a clone, else ``None``."""
    readme = _REPO / "README.md"
    return readme if (_REPO / "pyproject.toml").is_file() and readme.is_file() else None


def user_data_dir() -> Path:
    """The per-user folder for fetched and rebuilt data (``platformdirs``)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def work_dir() -> Path:
    """Where ``fetch`` / ``build`` write and a rebuilt dataset is looked for first:
    ``$CNIL_SANCTIONS_DATA``, else the checkout's ``data/``, else :func:`user_data_dir`."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return checkout_data_dir() or user_data_dir()


@dataclass(frozen=True)
class DataFile:
    """Which copy of a dataset file is read, and why."""

    file: Traversable
    #: ``path`` (given by the caller), ``env`` ($CNIL_SANCTIONS_DATA), ``checkout`` (a clone's
    #: data/), ``user`` (the user data directory) or ``shipped`` (the package's own copy)
    origin: str

    def __str__(self) -> str:
        return str(self.file)


def dataset_file(name: str, path: Path | str | None = None) -> DataFile:
    """The copy of dataset file ``name`` to read.

    ``path`` given: that file. Else ``$CNIL_SANCTIONS_DATA/<name>`` when the variable is set (it
    must exist there: a variable pointing elsewhere is an error, not a silent fallback), else the
    checkout's or the user data directory's copy if it exists, else the shipped copy.
    Raises :class:`FileNotFoundError` naming the file when the chosen copy is missing.
    """
    if path is not None:
        chosen = DataFile(Path(path), "path")
    elif os.environ.get(ENV_VAR):
        chosen = DataFile(Path(os.environ[ENV_VAR]) / name, "env")
    else:
        checkout = checkout_data_dir()
        local = (
            DataFile(checkout / name, "checkout")
            if checkout
            else DataFile(user_data_dir() / name, "user")
        )
        chosen = local if local.file.is_file() else DataFile(shipped_file(name), "shipped")
    if not chosen.file.is_file():
        hint = f" (set by ${ENV_VAR})" if chosen.origin == "env" else ""
        raise FileNotFoundError(
            f"{chosen.file}{hint}: dataset file not found; run `cnil-sanctions build` first"
        )
    return chosen
