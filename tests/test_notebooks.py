"""The notebooks: committed without outputs, in sync with notebooks/_build.py, and executed
top to bottom on the real dataset (``@pytest.mark.notebooks``; part of ``make test``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import nbformat
import pytest

from cnil_sanctions import analysis, dataset, report

NB_DIR = report.NOTEBOOKS_DIR
#: each notebook must run in under this many seconds (issue 4)
MAX_SECONDS = 60


def _load(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", report.NOTEBOOKS)
def test_committed_without_outputs_and_without_logic(name):
    nb = _load(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, name
    assert all(not c.outputs and c.execution_count is None for c in code), (
        f"{name}: commit it with outputs cleared (run notebooks/_build.py)"
    )
    # the logic lives in the library: no function or class defined in a notebook
    assert not any(
        line.startswith(("def ", "class ")) for c in code for line in c.source.splitlines()
    )


def test_notebooks_match_their_builder(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("nb_build", NB_DIR / "_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert tuple(module.NOTEBOOKS) == report.NOTEBOOKS
    for path in module.build(tmp_path):
        built = nbformat.read(path, as_version=4)
        committed = _load(path.stem)
        assert [c.source for c in built.cells] == [c.source for c in committed.cells], path.stem


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    """The folder of the dataset the notebooks read: the shipped one, else a fresh build."""
    shipped = dataset.DATA_DIR / dataset.CSV_NAME
    if shipped.exists():
        return dataset.DATA_DIR
    out = tmp_path_factory.mktemp("data")
    dataset.build_dataset(out_dir=out)
    return out


def _outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for o in _outputs(nb):
        parts.append(o.get("text", ""))
        for kind in ("text/plain", "text/markdown", "text/html"):
            parts.append(o.get("data", {}).get(kind, ""))
    return "\n".join(parts)


@pytest.mark.notebooks
@pytest.mark.parametrize("name", report.NOTEBOOKS)
def test_notebook_runs(name, data_dir, monkeypatch):
    monkeypatch.setenv("CNIL_SANCTIONS_DATA", str(data_dir))
    t0 = time.monotonic()
    nb = report.execute_notebook(NB_DIR / f"{name}.ipynb")
    elapsed = time.monotonic() - t0
    assert elapsed < MAX_SECONDS, f"{name} took {elapsed:.0f} s"
    outs = _outputs(nb)
    assert not [o for o in outs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outs), f"{name}: no figure"
    if name == "04_dedalus_benchmark":
        df = dataset.load_sanctions(Path(os.environ["CNIL_SANCTIONS_DATA"]) / dataset.CSV_NAME)
        h = analysis.headline(df)
        text = _text(nb)
        assert f"{h['share_turnover']:.1%} of that turnover" in text
        assert f"{h['share_legal_max']:.1%} of the legal maximum" in text
        assert f"rank {h['rank_fine']} of {h['n_rank_fine']}" in text
