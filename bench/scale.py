"""`make bench-scale`: how the product grows from 1k to 10k synthetic releases, on the embedded store and on Virtuoso.

For each size, in a fresh process: write the synthetic releases (`cislunar_kg.quality.synthetic_releases`,
deterministic), then for each backend run `cislunar-kg load` on the folder (a subprocess: the real command —
extract/build/validate on every core, then the store write) and measure on the loaded store

- load+validate wall time and releases/s; the peak resident memory of the largest loading process (the CLI or one
  of its workers) and, for Virtuoso, of the server; store size on disk; quads (embedded store);
- p50/p99 of each competency query (`api/queries/*.rq`; Q1 asks for a signing date the releases planted) and of
  two lookups (one organisation's facts, what points to one person): in-process for the embedded store, over
  HTTP for Virtuoso (the way the product reaches it);
- for the embedded store, what keeping the union graph costs: `replace_graph` of already stored
  documents against the same write without the union upkeep (DROP + INSERT DATA into the named graph only).

Then a table per figure with the ratio largest/smallest size (linear growth of totals is the goal; query times
should stay flat). `--sizes 1000,10000` is the default; on 2 cores the 10k run takes about 20 minutes for the
embedded store and about an hour more for Virtuoso (its load alone took 48 minutes). `--json FILE` saves the
figures; `--markdown FILE` prints a saved run as docs/benchmarks.md's table, the backends side by side.
Virtuoso is measured when `virtuoso-t` is installed (Debian's `virtuoso-opensource`), with 1.3 GiB of buffers and
the [SPARQL] settings of `VIRTUOSO_SPARQL`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_BUDGET_S = 15.0  # per query: stop repeating after this long (slow ones get fewer runs)
QUERY_RUNS = 1000  # cheap queries: enough runs for a p99 that is not just the slowest run
UNION_SAMPLE = 40
VIRTUOSO_BUFFERS = 170_000  # 8 KiB pages: 1.3 GiB, the packaged ini's suggestion for a machine with 2 GiB to spare
# As docs/deployment.md advises: no refusal on Virtuoso's cost estimate, which is not a time (it put the
# timeline query at 1.8 million seconds at 1k releases; it runs in 0.3 s), and no row cap below what the
# competency queries answer (sources-of-facts: 54k rows at 1k), so both stores answer every query whole.
VIRTUOSO_SPARQL = {"MaxQueryCostEstimationTime": "0", "ResultSetMaxRows": "10000000"}
BACKENDS = ("oxigraph", "virtuoso")

# Runs a command and prints the largest peak RSS (KiB) among it and every process it waited for.
_MEASURED = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True); "
    "sys.stderr.write(done.stderr[-2000:] if done.returncode else ''); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)"
)


def run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MiB of the largest process of `command` (itself or a worker it started)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *command], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr}")
    return seconds, int(done.stdout.strip()) / 1024


def folder_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def measure(size: int, seed: int, keep: Path | None, backends: list[str]) -> dict[str, object]:
    from cislunar_kg.quality.synthetic_releases import release, write_releases

    folder = Path(tempfile.mkdtemp(prefix=f"ckg-scale-{size}-", dir=keep))
    sources = folder / "sources"
    started = time.perf_counter()
    write_releases(sources, size, seed)
    figures: dict[str, object] = {"releases": size, "generate_s": time.perf_counter() - started}
    planted = release(size // 2, seed)
    if "oxigraph" in backends:
        figures["oxigraph"] = _or_failure(measure_embedded, sources, folder / "store", planted)
    if "virtuoso" in backends and shutil.which("virtuoso-t"):
        figures["virtuoso"] = _or_failure(measure_virtuoso, sources, folder / "virtuoso", planted)
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def _or_failure(measure_backend: Callable[..., dict[str, object]], *args: object) -> dict[str, object]:
    """One backend's figures, or why it failed: the other backend's figures and the table survive it."""
    try:
        return measure_backend(*args)
    except Exception as error:  # noqa: BLE001  (any failure is reported in the table, not raised)
        print(f"failed: {error}", file=sys.stderr, flush=True)
        return {"failed": str(error)}


def cli() -> str:
    return str(Path(sys.executable).parent / "cislunar-kg")


def measure_embedded(sources: Path, store_path: Path, planted: object) -> dict[str, object]:
    from graph.store import OxigraphStore

    load_s, peak = run_measured([cli(), "load", str(sources), "--store", str(store_path)])
    figures: dict[str, object] = {"load_s": load_s, "load_peak_mib": peak, "store_mib": folder_mib(store_path)}
    with OxigraphStore(store_path) as store:
        figures["quads"] = store.count()
        figures["queries"] = query_times(store, planted)
        figures["union"] = union_cost(store)
    return figures


def measure_virtuoso(sources: Path, folder: Path, planted: object) -> dict[str, object]:
    from graph.namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI
    from graph.remote_store import SparqlStore
    from tests.virtuoso import running_virtuoso

    folder.mkdir()
    with running_virtuoso(folder, buffers=VIRTUOSO_BUFFERS, sparql=VIRTUOSO_SPARQL) as server:
        load_s, peak = run_measured([cli(), "load", str(sources), "--store", f"sparql:{server.sparql_url}"])
        server.isql("checkpoint;")  # so the database file holds what was loaded
        figures: dict[str, object] = {
            "load_s": load_s,
            "load_peak_mib": peak,
            "store_mib": folder_mib(folder / "db"),
            "server_peak_mib": _peak_rss_mib(server.pid()),
        }
        with SparqlStore(server.sparql_url, graph_prefixes=(DEFAULT_BASE_IRI, ONTOLOGY_IRI)) as store:
            figures["queries"] = query_times(store, planted)
    return figures


def _peak_rss_mib(pid: int | None) -> float:
    status = Path(f"/proc/{pid}/status")
    if pid is None or not status.exists():
        return float("nan")
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
    from graph.errors import StoreError

    timings: dict[str, dict[str, float]] = {}
    for name, text in queries.items():
        runs: list[float] = []
        rows = 0
        budget = time.perf_counter() + QUERY_BUDGET_S
        try:
            while len(runs) < QUERY_RUNS and (len(runs) < 3 or time.perf_counter() < budget):
                started = time.perf_counter()
                answer = store.query(text)  # type: ignore[attr-defined]
                runs.append(time.perf_counter() - started)
                rows = len(answer.rows)
        except StoreError as error:  # a refusal or a time-out is a figure too: the table prints "failed"
            print(f"{name}: {error}", file=sys.stderr)
            timings[name] = {"p50_ms": float("nan"), "p99_ms": float("nan"), "runs": len(runs), "rows": 0}
            continue
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
    from graph.pipeline import ontology_graph
    from graph.validated import validate_document

    names = [g for g in store.named_graphs() if g != ONTOLOGY_IRI][:UNION_SAMPLE]  # type: ignore[attr-defined]
    with_union, named_only = [], []
    for name in names:
        data = store.query(  # type: ignore[attr-defined]
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}", results_format=ox.RdfFormat.N_TRIPLES
        )
        document = validate_document(name, Graph().parse(data=data, format="nt"), ontology=ontology_graph())
        started = time.perf_counter()
        store.replace_graph(document)  # type: ignore[attr-defined]
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


NAMES = {"oxigraph": "embedded", "virtuoso": "Virtuoso"}
Figures = dict[str, tuple[str, dict[str, list[float]]]]  # row label → (number format, backend → value per size)


def collect(results: list[dict[str, object]]) -> tuple[list[int], Figures]:
    """The table's rows, in order: for each figure, its values per size on each backend that measured it."""
    sizes = [int(r["releases"]) for r in results]  # type: ignore[call-overload]
    rows: Figures = {}

    def figure(f: object, *keys: str) -> float:
        """f[keys[0]][keys[1]]…, or NaN (printed "failed") where that backend's measurement failed."""
        for key in keys:
            if not isinstance(f, dict) or key not in f:
                return math.nan
            f = f[key]
        return float(f)  # type: ignore[arg-type]

    for backend in BACKENDS:
        if not all(backend in r for r in results):
            continue
        of = [r[backend] for r in results]
        mine: list[tuple[str, str, list[float]]] = []

        def add(label: str, values: list[float], fmt: str = "{:,.1f}") -> None:
            mine.append((label, fmt, values))  # noqa: B023  (used at once)

        add("load+validate, s", [figure(f, "load_s") for f in of])
        add("releases/s", [size / figure(f, "load_s") for size, f in zip(sizes, of, strict=True)])
        add("peak memory of a loading process, MiB", [figure(f, "load_peak_mib") for f in of], "{:,.0f}")
        if backend == "virtuoso":
            add("peak memory of the Virtuoso server, MiB", [figure(f, "server_peak_mib") for f in of], "{:,.0f}")
        add("store on disk, MiB", [figure(f, "store_mib") for f in of])
        if backend == "oxigraph":
            add("quads", [figure(f, "quads") for f in of], "{:,.0f}")
            for key, label in (("replace_graph_ms", "replace_graph per doc (union upkeep), ms"),
                               ("named_only_ms", "same write, named graph only, ms")):
                add(label, [figure(f, "union", key) for f in of], "{:,.2f}")
        names = next((list(f["queries"]) for f in of if isinstance(f, dict) and "queries" in f), [])
        for name in names:
            for stat in ("p50_ms", "p99_ms"):
                add(f"{name} {stat.split('_')[0]}, ms", [figure(f, "queries", name, stat) for f in of], "{:,.2f}")
        # A row only this backend has goes right after the row it follows here, so both orders are kept.
        labels = list(rows)
        after = -1
        for label, fmt, values in mine:
            if label not in rows:
                labels.insert(after + 1, label)
                rows[label] = (fmt, {})
            rows[label][1][backend] = values
            after = labels.index(label)
        rows = {label: rows[label] for label in labels}
    return sizes, rows


def _cells(values: list[float], fmt: str) -> list[str]:
    """Each size's value, then the ratio largest/smallest (when both were measured)."""
    shown = ["failed" if math.isnan(v) else fmt.format(v) for v in values]
    if len(values) < 2:
        return shown
    measured = values[0] and not math.isnan(values[0]) and not math.isnan(values[-1])
    return [*shown, f"{values[-1] / values[0]:.2f}" if measured else "-"]


def table(results: list[dict[str, object]]) -> str:
    """Plain text, one backend after the other: what the run prints."""
    sizes, figures = collect(results)
    header = ["figure", *(f"{n:,} releases" for n in sizes)] + (
        [f"ratio {sizes[-1]:,}/{sizes[0]:,}"] if len(sizes) > 1 else [])
    rows = [[f"[{backend}] {label}", *_cells(values[backend], fmt)]
            for backend in BACKENDS for label, (fmt, values) in figures.items() if backend in values]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(results: list[dict[str, object]]) -> str:
    """A Markdown table with the backends side by side, as in docs/benchmarks.md ("–": not measured)."""
    sizes, figures = collect(results)
    backends = [b for b in BACKENDS if any(b in values for _, values in figures.values())]
    width = len(sizes) + (len(sizes) > 1)  # a column per size, and the ratio
    header = ["figure"]
    for b in backends:
        header += [f"{NAMES[b]} {n:,}" for n in sizes] + (["ratio"] if len(sizes) > 1 else [])
    rows = [[label, *(cell for b in backends for cell in (_cells(values[b], fmt) if b in values else ["–"] * width))]
            for label, (fmt, values) in figures.items()]
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated release counts")
    parser.add_argument("--seed", type=int, default=20251203)
    parser.add_argument("--keep", type=Path, help="keep sources and stores under this folder")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated: oxigraph, virtuoso")
    parser.add_argument("--markdown", type=Path, metavar="JSON",
                        help="measure nothing: print the figures a --json run saved, as docs/benchmarks.md has it")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())))
        return
    backends = args.backends.split(",")
    if args.one is not None:
        print(json.dumps(measure(args.one, args.seed, args.keep, backends)))
        return
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"measuring {size:,} releases on {os.cpu_count()} cores ...", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed), "--backends", args.backends]
        if args.keep:
            command += ["--keep", str(args.keep)]
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)  # its notes reach stderr
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(table(results), file=sys.stderr, flush=True)  # what we have so far, in case a later size is stopped
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
