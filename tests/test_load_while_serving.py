"""A running server sees a completed load within seconds and never a partial one: its read-only workers reopen
the store when a load makes a new generation active (`api/workers.py`, `graph/generations.py`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from cislunar_kg.quality.synthetic_releases import write_releases

from .api_fixtures import client_for, settings_for

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "cislunar-kg")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
SEES_WITHIN = 5.0  # seconds after the load ends


def _count(client) -> int:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_a_server_answers_throughout_a_load_and_then_from_the_new_data(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = subprocess.run([CLI, "load", str(ROOT / "data" / "sources"), "--store", str(store)],
                           check=False, capture_output=True, timeout=300)
    assert first.returncode == 0, first.stderr
    more = tmp_path / "more"
    write_releases(more, 10)
    with client_for(settings_for(store, query_workers=1)) as client:
        old = _count(client)
        loading = subprocess.Popen([CLI, "load", str(more), "--store", str(store)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = []
        while loading.poll() is None:
            seen.append(_count(client))
        assert loading.returncode == 0, loading.stderr.read() if loading.stderr else ""
        ended = time.monotonic()
        while (now := _count(client)) == old and time.monotonic() - ended < SEES_WITHIN:
            time.sleep(0.1)
        new = now
        assert new > old, f"the server still answers from the old data {SEES_WITHIN} s after the load"
        assert set(seen) <= {old, new}, "a query saw part of the load"
        assert len(seen) > 3  # answered throughout
