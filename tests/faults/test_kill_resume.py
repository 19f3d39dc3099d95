"""A fetch killed at any moment leaves a consistent store; the next run resumes and ends with the
same store as an uninterrupted run (compared file by file, retrieval times aside)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cnil_sanctions.store as store_module
from cnil_sanctions.sources import dila_fetch
from cnil_sanctions.sources.dila_fetch import load_ledger
from tests.faults.conftest import run_fetch, slow_body
from tests.synthetic import (
    GLOBAL_NAME,
    INCR_NAMES,
    member_path,
    store_snapshot,
    stored_ids,
    synthetic_sanction_id,
    synthetic_sanction_xml,
)

pytestmark = pytest.mark.network_local
ROOT = Path(__file__).resolve().parents[2]
GLOBAL_ONLY = sorted((synthetic_sanction_id(n), f"SAN-2099-00{n}") for n in (1, 2))


def _padded_incremental() -> bytes:
    """SYNTHETIC incremental 1 with 400 kB of incompressible, non-XML padding (ignored by the
    reader) so that its download takes several reads."""
    from tests.synthetic import build_tar_gz

    docs = [synthetic_sanction_xml(3), synthetic_sanction_xml(2, revision=1)]
    pad = random.Random(0).randbytes(400_000)
    return build_tar_gz(
        [(member_path(d), d) for d in docs] + [("texte/synthetic_padding.bin", pad)]
    )


def test_sigkill_mid_download_then_resume(site, tmp_path):
    site.files[INCR_NAMES[0]] = _padded_incremental()
    ref = tmp_path / "uninterrupted"
    run_fetch(site, ref)
    expected = store_snapshot(ref)

    killed = tmp_path / "killed"
    body = site.files[INCR_NAMES[0]]
    site.faults[f"/CNIL/{INCR_NAMES[0]}"] = slow_body(body, chunks=80, pause=0.1)  # ~8 s
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.child_fetch", str(killed), site.base_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    partial: list[Path] = []
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            partial = [
                p
                for p in (killed / "_dila" / "archives").glob(f".tmp-{INCR_NAMES[0]}.*")
                if p.stat().st_size > 0
            ]
            if partial:
                break
            time.sleep(0.02)
        assert partial, (
            f"the child never started the slow download: {proc.stderr.read() if proc.poll() is not None else ''}"
        )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    # killed mid-download: the global archive is complete, the incremental only a temporary file
    assert 0 < partial[0].stat().st_size < len(body)
    assert stored_ids(killed) == GLOBAL_ONLY
    assert sorted(load_ledger(killed)) == [GLOBAL_NAME]
    assert not (killed / "_dila" / "archives" / INCR_NAMES[0]).exists()

    del site.faults[f"/CNIL/{INCR_NAMES[0]}"]
    report = run_fetch(site, killed)
    assert report.archives_skipped == 1 and report.archives_processed == 2
    assert any("leftovers" in n for n in report.notes)
    assert store_snapshot(killed) == expected


class SimulatedKill(BaseException):
    """Stands for SIGKILL at a precise point (no code may catch it)."""


def _kill_on_write(monkeypatch, n: int) -> None:
    """Make the n-th atomic store write die like a SIGKILL: it leaves a temporary file behind."""
    real = store_module.atomic_write
    calls = {"n": 0}

    def dying(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == n:
            (path.parent / ".tmp-killed").write_bytes(data[: len(data) // 2])
            raise SimulatedKill
        real(path, data)

    monkeypatch.setattr(store_module, "atomic_write", dying)


@pytest.mark.parametrize("kill_at", [1, 2, 3, 4, 5, 6])
def test_kill_while_storing_then_resume(site, tmp_path, monkeypatch, kill_at):
    """Killed at the kill_at-th store write (document or meta.json of each sanction)."""
    ref = tmp_path / "uninterrupted"
    run_fetch(site, ref)
    expected = store_snapshot(ref)
    killed = tmp_path / "killed"
    with monkeypatch.context() as m:
        _kill_on_write(m, kill_at)
        with pytest.raises(SimulatedKill):
            run_fetch(site, killed)
    assert list(killed.rglob(".tmp-killed"))  # the half-written leftover is there...
    report = run_fetch(site, killed)  # ...and the resumed run cleans it and completes
    assert store_snapshot(killed) == expected
    assert report.sanctions_stored >= 1


def test_kill_before_ledger_write_then_resume(site, tmp_path, monkeypatch):
    ref = tmp_path / "uninterrupted"
    run_fetch(site, ref)
    expected = store_snapshot(ref)
    killed = tmp_path / "killed"

    def dying(root: Path, ledger: dict) -> None:
        raise SimulatedKill

    with monkeypatch.context() as m:
        m.setattr(dila_fetch, "_save_ledger", dying)
        with pytest.raises(SimulatedKill):
            run_fetch(site, killed)
    assert stored_ids(killed) == GLOBAL_ONLY and load_ledger(killed) == {}
    report = run_fetch(site, killed)
    assert report.sanctions_known == 2 and report.sanctions_new == 3  # the global is re-read
    assert store_snapshot(killed) == expected
