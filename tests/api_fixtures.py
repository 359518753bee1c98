"""Shared pieces for the API tests: a small store on disk, app clients, a live uvicorn, and two tripwires.

The tripwires prove the endpoint reaches nothing outside the store: `Listener` is a TCP server on 127.0.0.1
that counts connections, `FileWatch` uses Linux inotify to see any open or read of a "secret" file.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore

from .validated_documents import validated

ID = "https://w3id.org/cislunar-kg/id/"
RELEASE_GRAPH = ID + "document/release-1"
OTHER_GRAPH = ID + "document/release-2"
TOKEN = "test-update-token"

# Two named graphs shaped like the project's data: organisations with Japanese and English labels.
SAMPLE = {
    RELEASE_GRAPH: f"""
<{ID}organization/ispace> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> \
<http://www.w3.org/ns/org#FormalOrganization> .
<{ID}organization/ispace> <http://www.w3.org/2000/01/rdf-schema#label> "株式会社ispace"@ja .
<{ID}organization/日本航空> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> \
<http://www.w3.org/ns/org#FormalOrganization> .
<{ID}organization/日本航空> <http://www.w3.org/2000/01/rdf-schema#label> "日本航空株式会社"@ja .
""",
    OTHER_GRAPH: f"""
<{ID}organization/ispace> <http://www.w3.org/2000/01/rdf-schema#label> "ispace, inc."@en .
""",
}


def fill(store: OxigraphStore | SparqlStore, graphs: dict[str, str] | None = None) -> None:
    """Write `graphs` (graph IRI → N-Triples; default `SAMPLE`) into `store`."""
    for name, ntriples in (SAMPLE if graphs is None else graphs).items():
        store.replace_graph(validated(name, ntriples))


def write_store(path: Path, graphs: dict[str, str] | None = None) -> Path:
    """Create a store folder holding `graphs` (default `SAMPLE`) and close it again."""
    with OxigraphStore(path) as store:
        fill(store, graphs)
    return path


@contextmanager
def store_on(backend: str, folder: Path, graphs: dict[str, str] | None = None) -> Iterator[Path | str]:
    """The `store` setting of a store on `backend` holding `graphs` (default `SAMPLE`): an embedded store folder,
    or `sparql:URL` of a throw-away Virtuoso in `folder`."""
    if backend == "oxigraph":
        yield write_store(folder / "store", graphs)
        return
    from .virtuoso import running_virtuoso

    with running_virtuoso(folder) as server:
        with SparqlStore(server.sparql_url) as store:
            fill(store, graphs)
        yield f"sparql:{server.sparql_url}"


def settings_for(path: Path | str, **overrides: object) -> Settings:
    return Settings.from_env(environ={}, store=path, **overrides)


@contextmanager
def client_for(settings: Settings, store: OxigraphStore | SparqlStore | None = None) -> Iterator[TestClient]:
    """A TestClient with the app's lifespan running (so its workers are up), closed afterwards."""
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as client:
        yield client


def client_serving(store: OxigraphStore | SparqlStore) -> AbstractContextManager[TestClient]:
    """`client_for` an app serving this open store (an embedded one stays the single writer)."""
    from .conftest import store_setting

    return client_for(settings_for(store_setting(store)), store)


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """The app under a real uvicorn on 127.0.0.1 (a free port), in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP: asyncio sets TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


class Listener:
    """A TCP server on 127.0.0.1 that accepts and counts connections and answers nothing useful — or, with
    `answer=False`, nothing at all: it holds every connection open, a server whose queries never end."""

    def __init__(self, *, answer: bool = True) -> None:
        self.connections = 0
        self._answer = answer
        self._held: list[socket.socket] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/data"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            if not self._answer:
                self._held.append(conn)
                continue
            with conn:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/turtle\r\nContent-Length: 0\r\n\r\n")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self._held:
            conn.close()
        self._sock.close()


class FileWatch:
    """Counts opens and reads of one file by any process, using Linux inotify (IN_OPEN | IN_ACCESS)."""

    IN_ACCESS = 0x001
    IN_OPEN = 0x020
    IN_NONBLOCK = 0o4000

    def __init__(self, path: Path) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._fd = libc.inotify_init1(self.IN_NONBLOCK)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        if libc.inotify_add_watch(self._fd, str(path).encode(), self.IN_OPEN | self.IN_ACCESS) < 0:
            raise OSError(ctypes.get_errno(), f"cannot watch {path}")

    def events(self) -> int:
        """Opens and reads seen since the last call."""
        count = 0
        while True:
            try:
                data = os.read(self._fd, 4096)
            except BlockingIOError:
                return count
            offset = 0
            while offset < len(data):
                _, _, _, name_len = struct.unpack_from("iIII", data, offset)
                offset += 16 + name_len
                count += 1

    def close(self) -> None:
        os.close(self._fd)
