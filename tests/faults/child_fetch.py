"""Child process for the kill test: ``python -m tests.faults.child_fetch ROOT BASE_URL``.

Runs fetch_dila with the fast test configuration; the test kills it with SIGKILL mid-download.
"""

from __future__ import annotations

import sys

from cnil_sanctions.http import PoliteSession
from cnil_sanctions.sources.dila_fetch import fetch_dila
from cnil_sanctions.store import RawStore
from tests.conftest import FAST_HTTP


def main(root: str, base_url: str) -> int:
    store = RawStore(root)
    with PoliteSession(FAST_HTTP, cache_path=store.root / "_dila" / "http_cache.json") as sess:
        report = fetch_dila(base_url, store, session=sess)
    print(report.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
