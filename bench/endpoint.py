"""`make bench`, second part: this service over HTTP, side by side with the Oxigraph server and pyoxigraph in-process.

One run: generate the synthetic graph (`bench/synthetic_graph.py`, fixed seed), bulk-load it into a store folder, copy
the folder, start `cislunar-kg serve` on one and `oxigraph serve-read-only` on the copy (each on a free port of
127.0.0.1, both with the same query time limit), then time every query of `bench/workload.py` on the three
contenders and print one table with the targets of `bench/report.py` and whether this run met them.

Both servers answer from the same default graph: the service's store keeps the union of the document graphs in
a graph of its own (`graph.union`), which its queries read as their default graph; the Oxigraph server queries
a store's default graph, so the copy gets the union copied into its default graph (`--union-default-graph`
would add the named graphs' triples again, a bag). The run checks it: every query must give the same number of
rows on every contender, or the benchmark exits 1.

The contenders take turns in ROUNDS batches per query (warm-up before the first), so a slow spell of the shared
machine lands on all of them. Then 16 clients do single-subject lookups on each server in turn, and last a cheap
ASK is timed on each server while a runaway cross join runs there.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from graph.union import UNION_GRAPH

from .contenders import HttpEndpoint, InProcess, Plan
from .report import QueryRow, RunawayRow, Throughput, render, row_counts_agree, summary
from .synthetic_graph import DEFAULT_TRIPLES, SEED, generate, write_store
from .workload import ASK, LOOKUP, RUNAWAY, Measurement, workload

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 5.0  # the query time limit of both servers; the in-process runs get the same limit

ROUNDS = 5
PLAN = Plan(warmups=3, min_runs=1, max_runs=60, budget=0.6, timeout=LIMIT + 2)
IN_PROCESS = replace(PLAN, timeout=LIMIT)

LOAD_CLIENTS = 16
LOAD_ROUNDS = 2
LOAD_SECONDS = 3.0


def oxigraph_cli() -> Path:
    return Path(sys.executable).parent / "oxigraph"


def server_command(location: Path, limit: float) -> list[str]:
    """The Oxigraph server on a store folder, reading its default graph as it is: `union_as_default_graph` put
    the union this service queries there; `--union-default-graph` would add every document's triples again."""
    return [str(oxigraph_cli()), "serve-read-only", "--location", str(location), "--bind", "127.0.0.1:{port}",
            "--timeout-s", f"{limit:g}"]


def main() -> int:
    if not oxigraph_cli().exists():
        print("error: the Oxigraph server is not installed; `make bench` installs it into the venv", file=sys.stderr)
        return 2
    started = time.perf_counter()
    data = generate(DEFAULT_TRIPLES, SEED)
    with tempfile.TemporaryDirectory(prefix="ckg-bench-") as folder:
        work = Path(folder)
        loaded = time.perf_counter()
        write_store(work / "store", data)
        load_seconds = time.perf_counter() - loaded
        shutil.copytree(work / "store", work / "store-copy", symlinks=True)  # each server reads its own folder
        union_as_default_graph(work / "store-copy")
        print(describe_data(data, work / "store", load_seconds))

        env = {k: v for k, v in os.environ.items() if not k.startswith("CKG_")}
        ours = HttpEndpoint(
            "cislunar-kg serve",
            [str(Path(sys.executable).parent / "cislunar-kg"), "serve", "--store", str(work / "store"),
             "--host", "127.0.0.1", "--port", "{port}"],
            env | {"CKG_QUERY_TIMEOUT": str(LIMIT), "CKG_LOG_LEVEL": "warning"},
            work / "ours.log", "/readyz", cwd=ROOT,
        )
        server = HttpEndpoint(
            "Oxigraph server",
            server_command(work / "store-copy", LIMIT), env, work / "oxigraph.log", "/query?query=ASK%7B%7D",
            query_path="/query",
        )
        local = InProcess(work / "store")
        try:
            ours_start = ours.start()
            server_start = server.start()
            progress(f"servers ready: ours in {ours_start:.1f} s, the Oxigraph server in {server_start:.1f} s")
            rows = [timed(name, query, ours, server, local) for name, query in workload().items()]
            local.close()
            load = lookups_under_load(ours, server)
            runaways = [ask_during_runaway(ours), ask_during_runaway(server)]
        finally:
            local.close()
            ours.stop()
            server.stop()
    print(render(rows, load, runaways))
    print(summary(rows, load, runaways))
    print(f"whole run {time.perf_counter() - started:.0f} s")
    return 0 if all(row_counts_agree(row) for row in rows) else 1


def timed(name: str, query: str, ours: HttpEndpoint, server: HttpEndpoint, local: InProcess) -> QueryRow:
    """ROUNDS batches on each contender in turn; a contender that failed is not asked again."""
    progress(f"{name}")
    row = QueryRow(name, Measurement(), Measurement(), Measurement())
    for round_ in range(ROUNDS):
        warm = {} if round_ == 0 else {"warmups": 0}
        if row.ours.failure is None:
            row.ours.extend(ours.measure(query, replace(PLAN, **warm)))
        if row.server.failure is None:
            row.server.extend(server.measure(query, replace(PLAN, **warm)))
        if row.local.failure is None:
            row.local.extend(local.measure(query, replace(IN_PROCESS, **warm)))
    return row


def lookups_under_load(ours: HttpEndpoint, server: HttpEndpoint) -> tuple[Throughput, Throughput]:
    mine, theirs = Throughput(LOAD_CLIENTS), Throughput(LOAD_CLIENTS)
    for round_ in range(LOAD_ROUNDS):
        progress(f"{LOAD_CLIENTS} clients doing lookups, round {round_ + 1} of {LOAD_ROUNDS}")
        mine.extend(ours.load(LOOKUP, LOAD_CLIENTS, LOAD_SECONDS, timeout=LIMIT + 2))
        theirs.extend(server.load(LOOKUP, LOAD_CLIENTS, LOAD_SECONDS, timeout=LIMIT + 2))
    return mine, theirs


def ask_during_runaway(endpoint: HttpEndpoint) -> RunawayRow:
    progress(f"ASK while a runaway query runs: {endpoint.name}")
    during, runaway = endpoint.measure_while(RUNAWAY, ASK, runaway_timeout=LIMIT + 10, timeout=LIMIT + 2)
    return RunawayRow(endpoint.name, during, runaway)


def union_as_default_graph(location: Path) -> None:
    """Copy the union graph into the store's default graph, where the Oxigraph server reads."""
    store = ox.Store(str(location))
    store.update(f"ADD <{UNION_GRAPH}> TO DEFAULT")
    store.flush()
    del store  # release RocksDB's lock for the server


def describe_data(data: bytes, store_path: Path, load_seconds: float) -> str:
    store = ox.Store.read_only(str(store_path))
    stated = _count(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{UNION_GRAPH}>) }}")
    union = _count(store, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}")
    graphs = sum(1 for g in store.named_graphs() if g != ox.NamedNode(UNION_GRAPH))
    del store
    cli = subprocess.run([str(oxigraph_cli()), "--version"], check=True, capture_output=True, text=True).stdout.strip()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("pyoxigraph", "httpx", "uvicorn"))
    return (
        f"synthetic graph (seed {SEED}): {stated} triples in {graphs} named graphs, {union} distinct in the default "
        f"graph (their union); {len(data) / 1e6:.1f} MB of N-Quads, sha256 {hashlib.sha256(data).hexdigest()[:16]}; "
        f"bulk load + union {load_seconds:.1f} s\n"
        f"{cli} (server); {versions}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
        f"query time limit {LIMIT:g} s on both servers and in-process\n"
    )


def _count(store: ox.Store, query: str) -> int:
    answer = store.query(query)
    assert isinstance(answer, ox.QuerySolutions)
    value = next(iter(answer))[0]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
