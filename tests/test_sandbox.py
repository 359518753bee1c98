"""The engine cannot reach the network, whatever passes the guard: the seccomp sandbox on its own.

Each test that loads a filter does it in a child process or a thread of its own, since a filter cannot be
taken off again. The worker tests run the real worker loop (`api.workers._serve`) in a spawned child over a
pipe, as the service does, with the guard switched off inside that child, and a listener on 127.0.0.1 counts
what reaches it.
"""

from __future__ import annotations

import logging
import multiprocessing
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from api import sandbox
from api.errors import ApiError
from api.jobs import PingJob, QueryJob, UpdateJob
from api.sandbox import SandboxUnavailable, confine, confine_thread, require_confinement

from . import sandbox_children
from .api_fixtures import Listener, write_store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")

BASE = "https://w3id.org/cislunar-kg/id/"
SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture
def listener() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


def seen(listener: Listener) -> int:
    """Connections the listener has accepted, once its thread has had a moment to count them."""
    deadline = time.monotonic() + 2
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    return listener.connections


def test_only_unix_sockets_can_be_made() -> None:
    parent, child = SPAWN.Pipe()
    process = SPAWN.Process(target=sandbox_children.socket_families, args=(child,))
    process.start()
    assert parent.poll(60), "the child did not answer"
    results = parent.recv()
    process.join(10)
    denied = "Operation not permitted"
    assert results == {"inet": denied, "inet6": denied, "udp": denied, "netlink": denied, "unix": "allowed",
                       "socketpair made before": "ping", "inet in a new thread": denied}


def test_a_confined_thread_pool_leaves_the_rest_of_the_process_its_network(listener: Listener) -> None:
    """What the in-memory store's query threads get: no network in them, the app's own threads keep it."""

    def connect() -> str:
        with socket.create_connection(("127.0.0.1", listener.port), timeout=5):
            return "connected"

    with ThreadPoolExecutor(max_workers=1, initializer=confine_thread) as confined, \
            pytest.raises(PermissionError):
        confined.submit(connect).result(30)
    assert connect() == "connected"  # this thread was never confined
    assert seen(listener) == 1


class ChildWorker:
    """A spawned child running `target(conn, path, *args)`, asked one job at a time."""

    def __init__(self, target: Any, path: Path, *args: object) -> None:
        self._conn, child = SPAWN.Pipe()
        self._process = SPAWN.Process(target=target, args=(child, str(path), *args), daemon=True)
        self._process.start()
        child.close()

    def ask(self, job: object) -> tuple[str, Any]:
        self._conn.send(job)
        assert self._conn.poll(60), "the worker did not answer"
        reply: tuple[str, Any] = self._conn.recv()
        return reply

    def close(self) -> None:
        self._conn.close()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()


def service_query(url: str, *, silent: bool = False) -> QueryJob:
    keyword = "SERVICE SILENT" if silent else "SERVICE"
    return QueryJob(f"SELECT * {{ {keyword} <{url}> {{ ?s ?p ?o }} }}", BASE, "application/sparql-results+json",
                    "application/n-triples", 100)


def test_the_sandbox_alone_stops_service_and_load(tmp_path: Path, listener: Listener) -> None:
    worker = ChildWorker(sandbox_children.serve_unguarded, write_store(tmp_path / "store"), True)
    try:
        status, error = worker.ask(service_query(listener.url))
        assert status == "error" and isinstance(error, ApiError)
        assert error.status == 400 and "tried to reach the network" in error.detail
        status, rendered = worker.ask(service_query(listener.url, silent=True))  # SILENT: an empty answer
        assert status == "ok" and b'"bindings":[{}]' in rendered.body.replace(b" ", b"")
        status, error = worker.ask(UpdateJob(f"LOAD <{listener.url}>", BASE))
        assert status == "error" and "tried to reach the network" in error.detail
        status, rendered = worker.ask(QueryJob("ASK { ?s ?p ?o }", BASE, "application/sparql-results+json",
                                               None, 10))
        assert status == "ok" and b"true" in rendered.body  # the worker and its pipe still work
    finally:
        worker.close()
    assert listener.connections == 0


def test_without_the_sandbox_the_same_worker_would_connect(tmp_path: Path, listener: Listener) -> None:
    """The control: the test above would have seen a connection had the sandbox not been there."""
    worker = ChildWorker(sandbox_children.serve_unguarded, write_store(tmp_path / "store"), False)
    try:
        worker.ask(service_query(listener.url))
    finally:
        worker.close()
    assert seen(listener) >= 1


def test_a_worker_without_seccomp_refuses_to_serve(tmp_path: Path, listener: Listener) -> None:
    worker = ChildWorker(sandbox_children.serve_without_seccomp, write_store(tmp_path / "store"))
    try:
        status, error = worker.ask(QueryJob("ASK {}", BASE, "application/sparql-results+json", None, 10))
        assert status == "error" and error.status == 503 and error.title == "Sandbox unavailable"
        assert "simulated" in error.detail and "CKG_ALLOW_UNSANDBOXED" in error.detail
        status, error = worker.ask(UpdateJob("CLEAR SILENT GRAPH <urn:g>", BASE))
        assert status == "error" and error.status == 503
        status, rendered = worker.ask(QueryJob("ASK {}", BASE, "application/sparql-results+json", None, 10,
                                               allow_unsandboxed=True))  # the operator's explicit choice
        assert status == "ok" and b"true" in rendered.body
        status, error = worker.ask(PingJob())  # readiness says so too: /readyz answers 503
        assert status == "error" and error.status == 503 and error.title == "Sandbox unavailable"
        assert worker.ask(PingJob(allow_unsandboxed=True))[0] == "ok"
    finally:
        worker.close()


def test_confine_says_why_it_could_not(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def unavailable(*, all_threads: bool) -> None:
        raise SandboxUnavailable("no seccomp in this kernel")

    monkeypatch.setattr(sandbox, "deny_network", unavailable)
    outcome: list[object] = []

    def in_a_thread() -> None:  # the outcome is the thread's own
        outcome.append(confine(all_threads=False))
        try:
            require_confinement(False)
        except ApiError as error:
            outcome.append(error.status)
        require_confinement(True)

    with caplog.at_level(logging.ERROR, logger="cislunar_kg.sandbox"):
        thread = threading.Thread(target=in_a_thread)
        thread.start()
        thread.join()
    assert outcome == [False, 503]
    assert "network sandbox unavailable: no seccomp in this kernel" in caplog.text
    require_confinement(False)  # a thread that was never to be confined (the app's, the remote store's) runs
