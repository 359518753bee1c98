"""The three things `make bench` times, each answering the same query text over the same synthetic data.

`HttpEndpoint` — a SPARQL endpoint on 127.0.0.1 in a process of its own, asked with httpx (keep-alive, POST
    `application/sparql-query`, SPARQL JSON results; the clock stops when the whole body has arrived). Two are
    started here, asked by the same client code: this project's `cislunar-kg serve` and the Oxigraph server
    (`oxigraph serve-read-only`, the same engine behind Oxigraph's own Rust HTTP server). `load` drives one with
    concurrent clients, a connection each, for a throughput figure.
`InProcess` — pyoxigraph opened read-only on the same store folder, the query run against the store's default
    graph (the union graph, as the service does) and every solution read into Python tuples. It runs in
    a child process so that a query Oxigraph cannot finish (pyoxigraph has no timeout) is stopped at the same
    limit the service applies, instead of hanging the benchmark.

Every measurement starts with warm-up runs that are not counted, then runs until `max_runs` or until `budget`
seconds have gone (at least `min_runs`). A failure (an error status, no answer within the timeout) ends it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from graph.union import UNION_GRAPH

from .report import Throughput
from .workload import Measurement

SPARQL_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class Plan:
    """How hard to measure one query on one contender."""

    warmups: int
    min_runs: int
    max_runs: int
    budget: float  # seconds of measured runs after which no new run starts
    timeout: float  # seconds one request may take before it counts as unanswered


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rows_in(body: bytes) -> int:
    """Solutions in a SPARQL JSON answer (an ASK counts as one row)."""
    answer = json.loads(body)
    return 1 if "boolean" in answer else len(answer["results"]["bindings"])


def _measure(run: Callable[[], tuple[float, int]], plan: Plan) -> Measurement:
    """Warm up, then time `run` (which returns seconds and rows, or raises `Unanswered`) under `plan`."""
    result = Measurement()
    try:
        for _ in range(plan.warmups):
            run()
        started = time.perf_counter()
        while len(result.seconds) < plan.max_runs and (
            len(result.seconds) < plan.min_runs or time.perf_counter() - started < plan.budget
        ):
            seconds, result.rows = run()
            result.seconds.append(seconds)
    except Unanswered as failure:
        result.failure = str(failure)
    return result


class Unanswered(Exception):
    """The contender gave no usable answer (its reason is the message; `kind` is a short tally key)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class HttpEndpoint:
    """A SPARQL endpoint served by a child process that this object starts, asks, and stops."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path, ready_path: str,
                 cwd: Path | None = None, query_path: str = "/sparql") -> None:
        self.name = name
        self.query_path = query_path
        self.command = command
        self.env = env
        self.cwd = cwd
        self.log = log
        self.ready_path = ready_path
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.client = httpx.Client()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.query_path}"

    def start(self, wait: float = 120.0) -> float:
        """Start the server on a free port; returns the seconds until it answered its readiness check."""
        self.port = free_port()
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.cwd, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = started + wait
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}{self.ready_path}", timeout=5).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not become ready in {wait:g} s; see {self.log}")

    def stop(self) -> None:
        """Ask the server to shut down (its lifespan closes the query workers), then make sure its group is gone."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # anything the server left behind in its own session
        self.process = None
        self.client.close()
        self.client = httpx.Client()

    def ask(self, query: str, timeout: float, client: httpx.Client | None = None) -> tuple[float, int]:
        """One request; seconds until the whole answer arrived, and its row count."""
        client = client or self.client
        headers = {"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON}
        started = time.perf_counter()
        try:
            response = client.post(self.url, content=query.encode(), headers=headers, timeout=timeout)
        except httpx.TimeoutException:
            raise Unanswered(f"no answer in {timeout:g} s", "timeout") from None
        except httpx.TransportError as error:
            raise Unanswered(f"transport error: {error!r}", type(error).__name__) from None
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise Unanswered(f"{response.status_code} after {elapsed:.1f} s", str(response.status_code))
        return elapsed, rows_in(response.content)

    def measure_while(self, runaway: str, query: str, *, runaway_timeout: float, timeout: float,
                      settle: float = 0.3) -> tuple[Measurement, str]:
        """Time `query` over and over while `runaway` runs on another connection; a run counts only if it ended
        while the runaway was still unanswered. Returns the timings and what became of the runaway."""
        outcome = ["not sent"]

        def fire() -> None:
            with httpx.Client() as client:
                try:
                    seconds, _ = self.ask(runaway, runaway_timeout, client)
                    outcome[0] = f"answered after {seconds:.1f} s"
                except Unanswered as failure:
                    outcome[0] = str(failure)

        thread = threading.Thread(target=fire, daemon=True)
        thread.start()
        time.sleep(settle)  # let the runaway reach a query worker first
        result = Measurement()
        with httpx.Client() as client:
            while thread.is_alive():
                try:
                    seconds, result.rows = self.ask(query, timeout, client)
                except Unanswered as failure:
                    result.failure = str(failure)
                    break
                if thread.is_alive():
                    result.seconds.append(seconds)
        thread.join()
        if not result.seconds and result.failure is None:
            result.failure = f"runaway {outcome[0]} before any ASK"
        return result, outcome[0]

    def load(self, query: str, clients: int, seconds: float, timeout: float) -> Throughput:
        """`clients` threads, a keep-alive connection each, ask `query` back to back for `seconds`; every
        answer that is not a 200 is tallied by kind, and the client carries on."""
        tallies: list[Throughput] = [Throughput(clients=1) for _ in range(clients)]
        start = threading.Barrier(clients + 1)
        deadline = [0.0]

        def client_loop(tally: Throughput) -> None:
            with httpx.Client() as client:
                with contextlib.suppress(Unanswered):
                    self.ask(query, timeout, client)  # open the connection before the clock starts
                start.wait()
                while time.perf_counter() < deadline[0]:
                    try:
                        self.ask(query, timeout, client)
                        tally.answered += 1
                    except Unanswered as failure:
                        tally.errors[failure.kind] = tally.errors.get(failure.kind, 0) + 1

        threads = [threading.Thread(target=client_loop, args=(tally,), daemon=True) for tally in tallies]
        for thread in threads:
            thread.start()
        deadline[0] = time.perf_counter() + seconds + 3600  # nobody stops before the barrier opens
        start.wait()
        began = time.perf_counter()
        deadline[0] = began + seconds
        for thread in threads:
            thread.join()
        total = Throughput(clients=clients, seconds=time.perf_counter() - began)
        for tally in tallies:
            total.extend(replace(tally, seconds=0.0))
        return total

    def measure(self, query: str, plan: Plan) -> Measurement:
        return _measure(lambda: self.ask(query, plan.timeout), plan)


_CONTEXT = multiprocessing.get_context("spawn")


class InProcess:
    """pyoxigraph in a killable child process, reading the store folder the service serves."""

    name = "pyoxigraph in-process"

    def __init__(self, store: Path) -> None:
        self.store = store
        self._conn: Connection | None = None
        self._process: Any = None

    def _start(self) -> Connection:
        if self._conn is None:
            self._conn, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(target=_child, args=(child, str(self.store)), daemon=True)
            self._process.start()
            child.close()
        return self._conn

    def measure(self, query: str, plan: Plan) -> Measurement:
        conn = self._start()
        conn.send((query, plan))
        # One message per warm-up and one at the end; each run may take up to `plan.timeout`.
        for _ in range(plan.warmups):
            if not conn.poll(plan.timeout + 5):  # + the child's start-up, for the first query
                return self._killed(plan.timeout)
            message = conn.recv()
            if message[0] == "error":
                return Measurement(failure=message[1])
        if not conn.poll(plan.budget + plan.timeout * max(plan.min_runs, 1) + 5):
            return self._killed(plan.timeout)
        message = conn.recv()
        if message[0] == "error":
            return Measurement(failure=message[1])
        return Measurement(seconds=message[1], rows=message[2])

    def _killed(self, timeout: float) -> Measurement:
        self.close()
        return Measurement(failure=f"no answer in {timeout:g} s")

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        if self._conn is not None:
            self._conn.close()
        self._conn = self._process = None


def _child(conn: Connection, store_path: str) -> None:
    """Measure queries sent by `InProcess.measure` until the pipe closes."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)

    def run(query: str) -> tuple[float, int]:
        started = time.perf_counter()
        # The union the store maintains as the default graph, as the service reads it.
        answer = store.query(query, default_graph=ox.NamedNode(UNION_GRAPH))
        # An ASK answer counts as one row, as `rows_in` counts it.
        count = (1 if isinstance(answer, ox.QueryBoolean)
                 else len([tuple(solution) for solution in answer]))  # type: ignore[arg-type]
        return time.perf_counter() - started, count

    while True:
        try:
            query, plan = conn.recv()
        except (EOFError, OSError):
            return
        try:
            for _ in range(plan.warmups):
                run(query)
                conn.send(("warm",))
            result = _measure(partial(run, query), replace(plan, warmups=0))
            conn.send(("done", result.seconds, result.rows))
        except (SyntaxError, OSError, RuntimeError, ValueError) as error:
            conn.send(("error", f"failed: {error}"))
