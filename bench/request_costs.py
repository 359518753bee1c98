"""`make bench`, third part: where this service spends a cheap request's time, in ms (`python -m bench.request_costs`).

Two views of the cheap ASK of `bench/workload.py` on the synthetic store:

1. Steps timed on their own in this process (median of batches, so a busy spell of the machine shows as
   spread, not as the answer): reading the SPARQL request, the route's three Accept checks, the guard on a
   text it has seen and on one it has not, pickling the job and the answer, the hop to a worker process and
   back with and without the event loop's thread hand-off, the job in the worker, the access-log line, and the
   whole app called through ASGI without a socket.
2. py-spy sampling a running `cislunar-kg serve` while one keep-alive client sends the ASK back to back:
   `--gil` samples, so Python CPU time, per request, by part (`bench/stacks.py`). What neither view holds is
   waiting: the wake-ups of the thread and the worker, and the kernel's socket work.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.app import create_app
from api.execute import run as run_job
from api.jobs import QueryJob
from api.negotiation import negotiate
from api.query_guard import check_query
from api.serializers import GRAPH_TYPES, RESULT_TYPES, answer_types, render_boolean
from api.settings import Settings
from api.sparql_protocol import SPARQL_QUERY, parse_request
from api.workers import Worker, WorkerPool
from graph.store import OxigraphStore

from .contenders import SPARQL_JSON, HttpEndpoint
from .stacks import SERVER_RULES, WORKER_RULES, parse_raw, per_request, sampled_pids
from .synthetic_graph import DEFAULT_TRIPLES, SEED, generate, write_store
from .workload import ASK

ROOT = Path(__file__).resolve().parent.parent
BASE = Settings().base_iri
SAMPLE_RATE = 250
SAMPLE_SECONDS = 8.0


def median_us(step: Callable[[], object], calls: int = 300, batches: int = 7) -> float:
    """Median over `batches` of the mean time of one call, in µs."""
    step()
    means = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            step()
        means.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(means)


def job() -> QueryJob:
    result_type, graph_type = answer_types(SPARQL_JSON)
    return QueryJob(query=ASK, base_iri=BASE, result_type=result_type, graph_type=graph_type, max_rows=10_000)


def steps(store_path: Path) -> list[tuple[str, float]]:
    """(step, µs per request), each measured alone."""
    body = ASK.encode()
    offered = [*RESULT_TYPES, *GRAPH_TYPES, "text/html"]
    rendered = render_boolean(True, SPARQL_JSON)
    fresh = iter(range(10**9))
    null = logging.getLogger("bench.access")
    null.addHandler(logging.FileHandler(os.devnull))
    null.setLevel(logging.INFO)
    null.propagate = False

    def access_line() -> None:
        null.info(json.dumps({"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "method": "POST",
                              "path": "/sparql", "status": 200, "bytes": 26, "ms": 1.0, "client": "127.0.0.1"},
                             ensure_ascii=False))

    results = [
        ("read the SPARQL request (sparql_protocol.parse_request)",
         median_us(lambda: parse_request("POST", "", SPARQL_QUERY, body))),
        ("the route's Accept checks (negotiate + answer_types)",
         median_us(lambda: (negotiate(SPARQL_JSON, offered), answer_types(SPARQL_JSON)))),
        ("guard, a text seen before (query_guard cache)", median_us(lambda: check_query(ASK, BASE))),
        ("guard, a text never seen (rdflib parse + walk)",
         median_us(lambda: check_query(f"{ASK} # {next(fresh)}", BASE), calls=10)),
        ("pickle the job and the answer, both ways",
         median_us(lambda: (pickle.loads(pickle.dumps(job())), pickle.loads(pickle.dumps(rendered))))),
        ("access-log line (JSON, to a file)", median_us(access_line)),
    ]
    with OxigraphStore(store_path, read_only=True) as store:
        results.append(("the job in-process (guard cached + evaluate + serialise)",
                        median_us(lambda: run_job(store, job()))))
        results.append(("  of which evaluate (pyoxigraph)", median_us(lambda: store.evaluate(ASK))))
        results.append(("  of which serialise (render_boolean)", median_us(lambda: render_boolean(True, SPARQL_JSON))))
    worker = Worker(store_path)
    try:
        results.append(("the job in a worker, from a blocking thread (Worker.call)",
                        median_us(lambda: worker.call(job(), 5.0))))
    finally:
        worker.close()
    results.append(("the job in a worker, from the event loop (WorkerPool.run)", _pool_round_trip(store_path)))
    results.append(("the same, the loop waiting on the pipe itself (add_reader: a design)",
                     _loop_native_round_trip(store_path)))
    results.append(("the whole app through ASGI, no socket", _asgi_round_trip(store_path, "POST", "/sparql")))
    results.append(("  GET /healthz the same way (framework and middleware, no store)",
                    _asgi_round_trip(store_path, "GET", "/healthz")))
    return results


def _pool_round_trip(store_path: Path) -> float:
    """The route's path to a worker: the event loop hands the blocking call to a thread, which waits on the pipe."""

    async def measure() -> float:
        pool = WorkerPool(store_path, 1)  # its semaphore belongs to the loop it is made on
        await pool.start()
        try:
            return await _median_us_awaited(lambda: pool.run(job(), 5.0))
        finally:
            await pool.close()

    return asyncio.run(measure())


def _loop_native_round_trip(store_path: Path) -> float:
    """What the hop would cost without the thread: the event loop watches the worker's pipe (`add_reader`) and
    reads the answer when it is there. Measured on a `Worker`'s own pipe; the shipped pool does not do this."""

    async def call(worker: Worker) -> object:
        loop = asyncio.get_running_loop()
        conn = worker._conn  # the design under test reads the worker's pipe from the loop
        ready: asyncio.Future[None] = loop.create_future()
        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(conn.fileno(), readable)
        try:
            conn.send(job())
            await ready
        finally:
            loop.remove_reader(conn.fileno())
        status, value = conn.recv()
        assert status == "ok", status
        return value

    async def measure() -> float:
        worker = Worker(store_path)
        try:
            return await _median_us_awaited(lambda: call(worker))
        finally:
            worker.close()

    return asyncio.run(measure())


async def _median_us_awaited(step: Callable[[], Awaitable[object]], calls: int = 300, batches: int = 7) -> float:
    await step()
    means = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            await step()
        means.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(means)


def _asgi_round_trip(store_path: Path, method: str, path: str) -> float:
    """The app as uvicorn calls it, minus the socket and HTTP parsing: lifespan started, one request per call."""
    app = create_app(Settings(store=store_path, query_timeout=5.0))
    body = ASK.encode()
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", SPARQL_QUERY.encode()),
                    (b"accept", SPARQL_JSON.encode()), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
    }  # fmt: skip

    async def one() -> None:
        delivered = False
        status = 0

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # the client never disconnects
            raise AssertionError

        async def send(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(dict(scope), receive, send)
        assert status == 200, status

    async def measure() -> float:
        async with app.router.lifespan_context(app):
            return await _median_us_awaited(one)

    return asyncio.run(measure())


def sampled(store_path: Path, work: Path) -> str:
    """py-spy on a running server during SAMPLE_SECONDS of back-to-back ASKs: ms of CPU per request by part."""
    spy = Path(sys.executable).parent / "py-spy"
    if not spy.exists():
        return "py-spy is not installed (`make bench` installs it): no sampled view"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKG_")}
    ours = HttpEndpoint("cislunar-kg serve",
                        [str(Path(sys.executable).parent / "cislunar-kg"), "serve", "--store", str(store_path),
                         "--host", "127.0.0.1", "--port", "{port}"],
                        env | {"CKG_QUERY_TIMEOUT": "5", "CKG_LOG_LEVEL": "warning"}, work / "ours.log",
                        "/readyz", cwd=ROOT)
    ours.start()
    try:
        assert ours.process is not None
        server_pid = ours.process.pid
        for _ in range(200):
            ours.ask(ASK, 5.0)
        done = threading.Event()
        count = [0]
        latencies: list[float] = []

        def client() -> None:
            while not done.is_set():
                seconds, _ = ours.ask(ASK, 5.0)
                latencies.append(seconds)
                count[0] += 1

        thread = threading.Thread(target=client, daemon=True)
        raw = work / "stacks.txt"
        thread.start()
        time.sleep(0.5)
        before = count[0]
        recorded = subprocess.run(
            [str(spy), "record", "--pid", str(server_pid), "--subprocesses", "--gil", "--format", "raw",
             "--rate", str(SAMPLE_RATE), "--duration", f"{SAMPLE_SECONDS:g}", "--output", str(raw)],
            check=False, capture_output=True, text=True)
        requests = count[0] - before
        done.set()
        thread.join()
    finally:
        ours.stop()
    if recorded.returncode != 0 or not raw.exists():  # e.g. no permission to read another process's memory
        return f"py-spy could not sample the server ({recorded.stderr.strip()[-300:]}): no sampled view"
    stacks = parse_raw(raw.read_text().splitlines())
    server = per_request(stacks, server_pid, SERVER_RULES, SAMPLE_RATE, requests)
    workers = [per_request(stacks, pid, WORKER_RULES, SAMPLE_RATE, requests)
               for pid in sorted(sampled_pids(stacks) - {server_pid})]
    worker = _sum(workers)
    lines = [(f"py-spy --gil at {SAMPLE_RATE} Hz for {SAMPLE_SECONDS:g} s: {requests} ASKs, p50 "
             f"{statistics.median(latencies) * 1000:.2f} ms under sampling; Python CPU per request:"),
             f"  server process, {sum(server.values()):.3f} ms:"]
    lines += [f"    {cost:6.3f}  {part}" for part, cost in server.items()]
    lines.append(f"  worker processes, {sum(worker.values()):.3f} ms:")
    lines += [f"    {cost:6.3f}  {part}" for part, cost in worker.items()]
    return "\n".join(lines)


def _sum(parts: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for costs in parts:
        for part, cost in costs.items():
            total[part] = total.get(part, 0.0) + cost
    return dict(sorted(total.items(), key=lambda item: -item[1]))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="ckg-costs-") as folder:
        work = Path(folder)
        write_store(work / "store", generate(DEFAULT_TRIPLES, SEED))
        print(f"where a cheap ASK's time goes in this service (synthetic store, seed {SEED}), µs per request:")
        for step, micros in steps(work / "store"):
            print(f"  {micros:9.1f}  {step}")
        print(sampled(work / "store", work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
