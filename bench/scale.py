"""`make bench-scale`: how the embedded store grows from 1k to 10k synthetic releases.

For each size, in a fresh process (so peak memory is that size's alone): write the synthetic releases
(`graph.synthetic`, deterministic), run `cislunar-kg load` on the folder (a subprocess: the real command,
extract/build/validate on every core, then the store write), then measure on the loaded store

- load+validate wall time and releases/s, peak memory (max RSS of this process and every descendant),
  store size on disk, quads;
- p50/p99 of each competency query (`api/queries/*.rq`; Q1 asks for a signing date the releases planted)
  and of two lookups (one organisation's, one person's statements);
- what the materialised union default graph costs: `replace_graph` of already stored documents against the
  same write without the union upkeep (DROP + INSERT DATA into the named graph only), per document.

Then a table per figure with the ratio largest/smallest size (linear growth of totals is the goal; query times
should stay flat). `--sizes 1000,10000` is the default; the 10k run takes tens of minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_BUDGET_S = 15.0  # per query: stop repeating after this long (slow ones get fewer runs)
QUERY_RUNS = 50
UNION_SAMPLE = 40


def measure(size: int, seed: int, keep: Path | None) -> dict[str, object]:
    from graph.synthetic import release, write_releases

    folder = Path(tempfile.mkdtemp(prefix=f"ckg-scale-{size}-", dir=keep))
    sources, store_path = folder / "sources", folder / "store"
    started = time.perf_counter()
    write_releases(sources, size, seed)
    generated_s = time.perf_counter() - started

    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "cislunar-kg"), "load", str(sources), "--store", str(store_path)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    load_s = time.perf_counter() - started
    disk = sum(p.stat().st_size for p in store_path.rglob("*") if p.is_file())

    from graph.store import OxigraphStore

    planted = release(size // 2, seed)
    figures: dict[str, object] = {
        "releases": size,
        "generate_s": generated_s,
        "load_s": load_s,
        "releases_per_s": size / load_s,
        "store_mib": disk / 2**20,
    }
    with OxigraphStore(store_path) as store:
        figures["quads"] = store.count()
        figures["queries"] = query_times(store, planted)
        figures["union"] = union_cost(store)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["peak_mib"] = max(self_rss, children_rss) / 1024  # ru_maxrss is in KiB on Linux
    figures["load_peak_mib"] = children_rss / 1024
    if keep is None:
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    return figures


def query_times(store: object, planted: object) -> dict[str, dict[str, float]]:
    from api.queries import named_queries
    from graph.namespaces import DEFAULT_BASE_IRI

    company = planted.companies[0].key  # type: ignore[attr-defined]
    person = planted.companies[0].representative  # type: ignore[attr-defined]
    signed_on = planted.signed_on.isoformat()  # type: ignore[attr-defined]
    queries = {name: text.replace('"2025-11-28"', f'"{signed_on}"') for name, text in named_queries().items()}
    queries["lookup-organisation"] = f"SELECT ?p ?o WHERE {{ <{DEFAULT_BASE_IRI}organization/{company}> ?p ?o }}"
    queries["lookup-person"] = (
        f"SELECT ?s ?p WHERE {{ ?s ?p <{DEFAULT_BASE_IRI}person/{person}> }}"
    )
    timings: dict[str, dict[str, float]] = {}
    for name, text in queries.items():
        runs: list[float] = []
        rows = 0
        budget = time.perf_counter() + QUERY_BUDGET_S
        while len(runs) < QUERY_RUNS and (len(runs) < 3 or time.perf_counter() < budget):
            started = time.perf_counter()
            answer = store.query(text)  # type: ignore[attr-defined]
            runs.append(time.perf_counter() - started)
            rows = len(answer.rows)
        runs.sort()
        timings[name] = {
            "p50_ms": statistics.median(runs) * 1000,
            "p99_ms": runs[min(len(runs) - 1, round(0.99 * (len(runs) - 1)))] * 1000,
            "runs": len(runs),
            "rows": rows,
        }
    return timings


def union_cost(store: object) -> dict[str, float]:
    """Per document: `replace_graph` (with union upkeep) vs the same write into the named graph alone."""
    import pyoxigraph as ox
    from rdflib import Graph

    from graph.namespaces import ONTOLOGY_IRI

    names = [g for g in store.named_graphs() if g != ONTOLOGY_IRI][:UNION_SAMPLE]  # type: ignore[attr-defined]
    with_union, named_only = [], []
    for name in names:
        data = store.query(  # type: ignore[attr-defined]
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", results_format=ox.RdfFormat.N_TRIPLES
        )
        graph = Graph().parse(data=data, format="nt")
        started = time.perf_counter()
        store.replace_graph(name, graph)  # type: ignore[attr-defined]
        with_union.append(time.perf_counter() - started)
        started = time.perf_counter()
        store._store.update(  # type: ignore[attr-defined]
            f"DROP SILENT GRAPH <{name}> ; INSERT DATA {{ GRAPH <{name}> {{ {data.decode()} }} }}"
        )
        named_only.append(time.perf_counter() - started)
    return {
        "replace_graph_ms": statistics.median(with_union) * 1000,
        "named_only_ms": statistics.median(named_only) * 1000,
    }


def table(results: list[dict[str, object]]) -> str:
    sizes = [int(r["releases"]) for r in results]  # type: ignore[call-overload]
    header = ["figure", *(f"{n:,} releases" for n in sizes)] + ([f"ratio {sizes[-1]:,}/{sizes[0]:,}"] if len(sizes) > 1 else [])
    rows: list[list[str]] = []

    def add(label: str, values: list[float], fmt: str = "{:,.1f}") -> None:
        ratio = [f"{values[-1] / values[0]:.2f}" if values[0] else "-"] if len(values) > 1 else []
        rows.append([label, *(fmt.format(v) for v in values), *ratio])

    add("load+validate, s", [float(r["load_s"]) for r in results])  # type: ignore[arg-type]
    add("releases/s", [float(r["releases_per_s"]) for r in results])  # type: ignore[arg-type]
    add("quads", [float(r["quads"]) for r in results], "{:,.0f}")  # type: ignore[arg-type]
    add("peak memory, MiB", [float(r["peak_mib"]) for r in results], "{:,.0f}")  # type: ignore[arg-type]
    add("store on disk, MiB", [float(r["store_mib"]) for r in results])  # type: ignore[arg-type]
    for key, label in (("replace_graph_ms", "replace_graph per doc (union upkeep), ms"),
                       ("named_only_ms", "same write, named graph only, ms")):
        add(label, [float(r["union"][key]) for r in results], "{:,.2f}")  # type: ignore[index]
    names = list(results[0]["queries"])  # type: ignore[call-overload]
    for name in names:
        for stat in ("p50_ms", "p99_ms"):
            add(f"{name} {stat.split('_')[0]}, ms", [float(r["queries"][name][stat]) for r in results], "{:,.2f}")  # type: ignore[index]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated release counts")
    parser.add_argument("--seed", type=int, default=20251203)
    parser.add_argument("--keep", type=Path, help="keep sources and stores under this folder")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.seed, args.keep)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"measuring {size:,} releases on {os.cpu_count()} cores ...", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        if args.keep:
            command += ["--keep", str(args.keep)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(table(results), file=sys.stderr, flush=True)  # what we have so far, in case a later size is stopped
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
