"""The per-document extraction cache (issue 7): keys, versions, round trips, damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cnil_sanctions import cache as cache_mod
from cnil_sanctions.cache import CacheError, ExtractionCache, code_version

SHA_A = "a" * 64
SHA_B = "b" * 64
RECORD = {
    "status": "decision",
    "fields": {"decision_id": "SAN-2022-009", "decision_date": "2022-04-15"},
    "text_chars": 12345,
    "text_lines": 87,
    "facts": {"fine_eur": 1_500_000, "share": 0.25, "flag": True, "none": None, "s": "é « »"},
}


def test_round_trip_keeps_values_types_and_key_order(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path / "c.sqlite", version="v1") as c:
        assert c.put_many({SHA_A: RECORD}) == 1
        got = c.get_many([SHA_A, SHA_B])
    assert got == {SHA_A: RECORD}
    facts = got[SHA_A]["facts"]
    assert isinstance(facts, dict)
    assert list(facts) == list(RECORD["facts"])  # type: ignore[arg-type]
    assert type(facts["fine_eur"]) is int and type(facts["share"]) is float
    assert facts["flag"] is True


def test_hits_and_misses_are_counted(tmp_path: Path) -> None:
    with ExtractionCache(tmp_path / "c.sqlite", version="v1") as c:
        c.put_many({SHA_A: RECORD})
        c.get_many([SHA_A, SHA_B])
        assert (c.hits, c.misses) == (1, 1)
        assert len(c) == 1


def test_records_of_another_code_version_are_invisible_and_pruned(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, version="old") as c:
        c.put_many({SHA_A: RECORD})
    with ExtractionCache(path, version="new") as c:
        assert c.get_many([SHA_A]) == {}
        c.put_many({SHA_B: RECORD})
        assert c.prune() == 1
    with ExtractionCache(path, version="old") as c:
        assert c.get_many([SHA_A]) == {}


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), (1, 2), {1, 2}, {1: "int key"}, b"bytes"]
)
def test_values_that_do_not_survive_json_are_not_stored(tmp_path: Path, value: object) -> None:
    record = {**RECORD, "facts": {"x": value}}
    with ExtractionCache(tmp_path / "c.sqlite", version="v1") as c:
        assert c.put_many({SHA_A: record, SHA_B: RECORD}) == 1
        assert set(c.get_many([SHA_A, SHA_B])) == {SHA_B}


def test_damaged_cache_file_raises_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not an sqlite database, just some bytes" * 100)
    with pytest.raises(CacheError, match="c.sqlite"):
        ExtractionCache(path, version="v1")


def test_code_version_is_stable_and_covers_parsers_and_extractors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert code_version() == code_version()
    assert len(code_version()) == 64
    package = tmp_path / "cnil_sanctions"
    shutil.copytree(
        Path(cache_mod.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(cache_mod, "_PACKAGE", package)
    code_version.cache_clear()
    try:
        before = code_version()
        assert before == code_version.__wrapped__()
        for rel in ("extract/fine.py", "sources/dila.py", "dataset.py"):
            target = package / rel
            original = target.read_bytes()
            target.write_bytes(original + b"\n# changed\n")
            assert code_version.__wrapped__() != before, rel
            target.write_bytes(original)
        (package / "plots_unrelated.py").write_text("# not versioned\n")
        assert code_version.__wrapped__() == before
    finally:
        code_version.cache_clear()
