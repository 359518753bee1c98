"""What the sandbox tests run in spawned children: kept apart from the test modules so a child imports only the
worker's own modules (a spawned child imports the module its target lives in)."""

from __future__ import annotations

import socket
import threading
from multiprocessing.connection import Connection

from api import execute, sandbox
from api.query_guard import CheckedQuery, CheckedUpdate
from api.sandbox import SandboxUnavailable, deny_network


def socket_families(conn: Connection) -> None:
    """In a child: make a socketpair, load the filter, then report what each kind of socket does."""
    before, after = socket.socketpair()
    deny_network(all_threads=True)
    results: dict[str, str] = {}
    for name, family, kind in [("inet", socket.AF_INET, socket.SOCK_STREAM),
                               ("inet6", socket.AF_INET6, socket.SOCK_STREAM),
                               ("udp", socket.AF_INET, socket.SOCK_DGRAM),
                               ("netlink", socket.AF_NETLINK, socket.SOCK_RAW),
                               ("unix", socket.AF_UNIX, socket.SOCK_STREAM)]:
        try:
            socket.socket(family, kind).close()
            results[name] = "allowed"
        except OSError as error:
            results[name] = error.strerror or str(error)
    before.sendall(b"ping")
    results["socketpair made before"] = after.recv(4).decode()
    thread_result: list[str] = []

    def in_a_thread() -> None:
        try:
            socket.socket(socket.AF_INET).close()
            thread_result.append("allowed")
        except OSError as error:
            thread_result.append(error.strerror or str(error))

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join()
    results["inet in a new thread"] = thread_result[0]
    conn.send(results)


def serve_unguarded(conn: Connection, path: str, sandboxed: bool) -> None:
    """The worker's own loop with every check taken out (and, for the control, the sandbox too)."""
    from api import workers

    execute.check_query = lambda text, base_iri: CheckedQuery("SELECT", (), ())  # type: ignore[assignment]
    execute.check_update = lambda text, base_iri: CheckedUpdate(0, (), False)  # type: ignore[assignment]
    execute.refuse_keywords = lambda keywords: None  # type: ignore[assignment]  # the scan's refusal too
    if not sandboxed:
        sandbox.deny_network = lambda *, all_threads: None  # type: ignore[assignment]
    workers._serve(conn, path, False)  # read-write, as the service's one-shot update worker


def serve_without_seccomp(conn: Connection, path: str) -> None:
    """The worker's own loop on a machine where the filter cannot be loaded."""
    from api import workers

    def unavailable(*, all_threads: bool) -> None:
        raise SandboxUnavailable("libseccomp cannot be loaded (simulated)")

    sandbox.deny_network = unavailable  # type: ignore[assignment]
    workers._serve(conn, path, True)
