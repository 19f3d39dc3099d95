"""The weekly update workflow (issue 11) cannot run here: it is linted against the GitHub
workflow JSON schema vendored in ``check-jsonschema`` (no network), and its content checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "update.yml"


def _lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_update_workflow_passes_the_schema_lint() -> None:
    result = _lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lint_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: x"),
        encoding="utf-8",
    )
    assert _lint(broken).returncode != 0


@pytest.mark.parametrize(
    "needle",
    [
        "cron:",  # scheduled
        "cnil-sanctions update --changes-out changes.md",  # runs the update command
        "peter-evans/create-pull-request@",  # proposes a pull request, never pushes
        "body-path: changes.md",  # with the change report as its description
        "data/cnil_sanctions.csv",
        "data/datapackage.json",
    ],
)
def test_update_workflow_content(needle: str) -> None:
    assert needle in WORKFLOW.read_text(encoding="utf-8")
