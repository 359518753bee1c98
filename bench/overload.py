"""`python -m bench.overload`: does the service degrade gracefully when more clients come than it runs at once?

Starts `cislunar-kg serve` on the synthetic store (`bench/synthetic_graph.py`, fixed seed; or, with `--url`, uses a
server already running), then sends the same mixed read load — a cheap ASK, a named query, REST lookups — from
4 clients for `--seconds` and from 32 for as long, and prints for each: answers, the share answered 200, the
successful throughput, latency of the 200s (p50/p99) and the statuses seen. Targets (with the service's default
settings): at 32 clients at least 95 % answered 200 and a successful throughput at least the 4-client one.
The time is cut into `--rounds` slices that alternate between the client counts, so a machine that gets busier
or quieter during the run (other work on the same cores) weighs on both alike.

Each client is one keep-alive HTTP/1.1 connection on asyncio streams that sends its next request as soon as the
last answer has arrived: the load generator spends far less CPU per request than the server, so on a 2-core
machine it measures the server. `--json` prints the runs as JSON (what the test suite reads).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .contenders import HttpEndpoint
from .synthetic_graph import DEFAULT_TRIPLES, SEED, generate, write_store

ROOT = Path(__file__).resolve().parent.parent
SPARQL_JSON = "application/sparql-results+json"
JSON = "application/json"

# The mixed load, in the order each client cycles through it (each client starts at another point).
MIXED: tuple[tuple[str, str], ...] = (
    ("/sparql?query=" + quote("ASK { ?s ?p ?o }"), SPARQL_JSON),
    ("/queries/short-names-and-head-offices", SPARQL_JSON),
    ("/organizations?limit=5", JSON),
    ("/people?limit=5", JSON),
)
CLIENTS = (4, 32)
TARGET_SHARE = 0.95


@dataclass
class Run:
    """What `clients` clients got in `seconds`."""

    clients: int
    seconds: float
    statuses: dict[str, int] = field(default_factory=dict)
    ok_seconds: list[float] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return sum(self.statuses.values())

    @property
    def ok_share(self) -> float:
        return len(self.ok_seconds) / self.answers if self.answers else 0.0

    @property
    def ok_per_second(self) -> float:
        return len(self.ok_seconds) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.ok_seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")

    def add(self, more: Run) -> None:
        self.seconds += more.seconds
        for status, count in more.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count
        self.ok_seconds += more.ok_seconds

    def summary(self) -> dict[str, object]:
        return {"clients": self.clients, "seconds": self.seconds, "answers": self.answers,
                "ok_share": self.ok_share, "ok_per_second": self.ok_per_second,
                "p50": self.percentile(0.50), "p99": self.percentile(0.99), "statuses": self.statuses}


async def _client(host: str, port: int, start: int, stop_at: float, run: Run) -> None:
    """One keep-alive connection cycling through MIXED until `stop_at`; a broken connection is reopened."""
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    turn = start
    while time.monotonic() < stop_at:
        path, accept = MIXED[turn % len(MIXED)]
        turn += 1
        began = time.perf_counter()
        status = "error"
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: {accept}\r\n\r\n".encode())
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            status = head[9:12]
            length = next(int(line.split(":", 1)[1]) for line in head.split("\r\n")
                          if line.startswith("content-length:"))
            await reader.readexactly(length)
            if "connection: close" in head:
                writer.close()
                reader = writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, StopIteration, ValueError):
            if writer is not None:
                writer.close()
            reader = writer = None
        run.statuses[status] = run.statuses.get(status, 0) + 1
        if status == "200":
            run.ok_seconds.append(time.perf_counter() - began)
    if writer is not None:
        writer.close()


async def _load(url: str, clients: int, seconds: float) -> Run:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    run = Run(clients, seconds)
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(_client(host, port, k, stop_at, run) for k in range(clients)))
    return run


def load(url: str, clients: int, seconds: float) -> Run:
    """Send the mixed load from `clients` concurrent clients to the server at `url` for `seconds`."""
    return asyncio.run(_load(url, clients, seconds))


def compare(url: str, counts: list[int], seconds: float, rounds: int) -> list[Run]:
    """`seconds` of load per client count, in `rounds` alternating slices; one summed Run per count."""
    runs = [Run(clients, 0.0) for clients in counts]
    for _ in range(rounds):
        for run in runs:
            run.add(load(url, run.clients, seconds / rounds))
    return runs


def report(runs: list[Run]) -> str:
    lines = ["clients  answers  200 share  ok/s     p50 ms   p99 ms   statuses"]
    for run in runs:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run.statuses.items()))
        lines.append(f"{run.clients:>7}  {run.answers:>7}  {run.ok_share:>8.1%}  {run.ok_per_second:>7.1f}  "
                     f"{run.percentile(0.5) * 1e3:>7.1f}  {run.percentile(0.99) * 1e3:>7.1f}  {statuses}")
    few, many = runs[0], runs[-1]
    share_met = many.ok_share >= TARGET_SHARE
    rate_met = many.ok_per_second >= few.ok_per_second
    lines.append(f"target: {many.clients} clients >= {TARGET_SHARE:.0%} answered 200: "
                 f"{'met' if share_met else 'NOT met'}; successful throughput >= {few.clients} clients': "
                 f"{'met' if rate_met else 'NOT met'} ({many.ok_per_second / max(few.ok_per_second, 1e-9):.2f}x)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.overload", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on the synthetic store)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run (default 60)")
    parser.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS),
                        help="client counts, one run each, in order (default 4 32)")
    parser.add_argument("--rounds", type=int, default=6, help="alternating slices the time is cut into (default 6)")
    parser.add_argument("--triples", type=int, default=DEFAULT_TRIPLES, help="synthetic store size")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    args = parser.parse_args(argv)
    if args.url:
        runs = compare(args.url, args.clients, args.seconds, args.rounds)
    else:
        runs = _against_own_server(args.triples, args.clients, args.seconds, args.rounds)
    if args.json:
        print(json.dumps([run.summary() for run in runs]))
    else:
        print(report(runs))
    return 0


def _against_own_server(triples: int, counts: list[int], seconds: float, rounds: int) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="ckg-overload-") as folder:
        work = Path(folder)
        write_store(work / "store", generate(triples, SEED))
        env = {k: v for k, v in os.environ.items() if not k.startswith("CKG_")}
        server = HttpEndpoint(
            "cislunar-kg serve",
            [str(Path(sys.executable).parent / "cislunar-kg"), "serve", "--store", str(work / "store"),
             "--host", "127.0.0.1", "--port", "{port}"],
            env | {"CKG_LOG_LEVEL": "warning"}, work / "server.log", "/readyz", cwd=ROOT,
        )
        server.start()
        try:
            base = f"http://127.0.0.1:{server.port}"
            load(base, counts[0], min(seconds, 3.0))  # warm-up, not counted
            return compare(base, counts, seconds, rounds)
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
