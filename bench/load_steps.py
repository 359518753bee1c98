"""`make bench`: how long loading the seed release takes, cold and step by step, and a reload.

Prints the wall time of a cold `cislunar-kg load` (a new process, an empty store) and, measured in this
process, the median time of each step of the chain: read+frame, extract, build, validate, store; then the
first load of a corpus of synthetic releases next to loading the same, unchanged corpus again (every release
is compared by its bytes' SHA-256 and skipped: no extraction, no validation, no write).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "sources" / "2025-12-03_ispace-jal-basic-agreement.txt"
REPEAT = 7
RELOAD_CORPUS = int(os.environ.get("CKG_BENCH_RELOAD_RELEASES", "100"))


def cold_load() -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "cislunar-kg"), "load", str(SEED), "--store", f"{folder}/store"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def _timed_load(sources: str, store: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "cislunar-kg"), "load", sources, "--store", store],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def reload_unchanged(count: int) -> tuple[float, float]:
    """Seconds of the first load of `count` synthetic releases, and of loading them again unchanged."""
    from cislunar_kg.quality.synthetic_releases import write_releases

    with tempfile.TemporaryDirectory() as folder:
        write_releases(f"{folder}/sources", count)
        first = _timed_load(f"{folder}/sources", f"{folder}/store")
        return first, _timed_load(f"{folder}/sources", f"{folder}/store")


def steps() -> dict[str, list[float]]:
    from graph.build import build_graph, document_iri
    from graph.extract import extract_release
    from graph.pipeline import ontology_graph, scope_concepts, write
    from graph.source import read_source
    from graph.store import OxigraphStore
    from graph.validated import validate_document

    ontology_graph(), scope_concepts()  # loaded once per process, like the CLI does
    timings: dict[str, list[float]] = {name: [] for name in ("read", "extract", "build", "validate", "store")}
    for _ in range(REPEAT):
        marks = [time.perf_counter()]
        source = read_source(SEED)
        marks.append(time.perf_counter())
        release = extract_release(source)
        marks.append(time.perf_counter())
        graph = build_graph(release, scope_concepts=scope_concepts())
        marks.append(time.perf_counter())
        document = validate_document(document_iri(release.name), graph, ontology=ontology_graph())
        marks.append(time.perf_counter())
        with tempfile.TemporaryDirectory() as folder:
            store = OxigraphStore(Path(folder) / "store")
            write(store, [document])
            marks.append(time.perf_counter())
        for name, start, end in zip(timings, marks, marks[1:], strict=False):
            timings[name].append(end - start)
    return timings


def main() -> None:
    cold = [cold_load() for _ in range(3)]
    measured = steps()
    total = sum(statistics.median(v) for v in measured.values())
    print(f"seed release: {SEED.name} ({SEED.stat().st_size} bytes)")
    print(f"cold `cislunar-kg load` (new process, empty store), median of 3: {statistics.median(cold) * 1000:8.1f} ms")
    print(f"in-process chain, median of {REPEAT}:                        {total * 1000:8.1f} ms")
    for name, values in measured.items():
        median = statistics.median(values)
        print(f"  {name:<9} {median * 1000:8.2f} ms   {median / total:6.1%} of the chain")
    first, again = reload_unchanged(RELOAD_CORPUS)
    print(f"{RELOAD_CORPUS} synthetic releases: first load {first:6.1f} s, reload unchanged {again:6.1f} s")


if __name__ == "__main__":
    main()
