"""Where the store is used: jobs run off the event loop, under the time limit, and writes never meet reads.

Three ways to run, chosen by `open_service(settings, store)`; the third, `RemoteService` for a SPARQL endpoint
(`CKG_STORE=sparql:…`), lives in `remote_service.py`:

`ProcessService` — a store folder (the normal case, and what tests use via `tmp_path`).
    Reads run in `query_workers` processes, each with the store open read-only (`Store.read_only`), so a
    runaway query is killed at the time or memory limit and the others keep answering; a query that runs long
    moves aside to one of `long_queries` low-priority workers, so it never holds up short ones (`workers`).
    RocksDB lets only one process open a folder read-write, and Oxigraph documents reading while another
    process writes as undefined, so writes go through a gate: an update waits for running reads to finish and
    holds new ones back, the readers are closed, the update runs, and fresh readers open the new state. The
    writer is a one-shot child process that opens the store read-write (so an update is also killable;
    Oxigraph applies an update as one transaction, so a killed update leaves no trace). Updates are rare and
    admin-only; pausing reads for one is the price of never reading a folder while it is written. Nothing else
    (e.g. `cislunar-kg load`) may write the folder while it is served.

`ThreadService` — an in-memory store (no folder to share between processes), or an open read-write
    `OxigraphStore` handed in by the caller (it holds the folder's lock and may compact it at any moment, so
    no other process may read the folder while it lives).
    Queries run in a thread pool; at the limit the client gets 503 but the thread runs on until Oxigraph
    finishes, holding its thread. Updates run to completion. The hard limit needs a path-backed store.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from graph.errors import StoreError
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore
from graph.store_interface import Store

from . import execute
from .jobs import Job, WriteJob
from .problems import query_timed_out
from .remote_service import RemoteService
from .sandbox import confine_thread
from .settings import Settings
from .workers import WorkerPool

log = logging.getLogger("cislunar_kg.api")


class QueryService(Protocol):
    """What the routes need: run a job, run an update, start and stop."""

    hard_limit: bool

    async def start(self) -> None: ...

    async def run(self, job: Job) -> Any: ...

    async def update(self, job: WriteJob) -> Any: ...

    async def close(self) -> None: ...


def open_service(settings: Settings, store: Store | None) -> QueryService:
    """The service for this store: processes over a folder, threads over an in-memory store, and forwarding
    (`remote_service`) to a SPARQL endpoint — handed in, or named by a `sparql:` CKG_STORE."""
    if isinstance(store, SparqlStore):
        return RemoteService(store, settings)
    if store is None:
        if isinstance(settings.store, str):
            return RemoteService.open(settings)
        return ProcessService(settings.store, settings)
    if not isinstance(store, OxigraphStore):
        raise TypeError(f"no query service for a store of type {type(store).__name__}")
    if store.path is None or store.writable:
        # An open read-write handle may compact files at any moment, which read-only readers in other
        # processes do not survive: it serves its own queries, in threads.
        return ThreadService(store, settings)
    # A read-only handle holds no lock and cannot write: serve its folder as if only the path had been given.
    return ProcessService(store.path, settings)


class ReadWriteGate:
    """Many readers or one writer; a waiting writer holds back new readers so it cannot starve."""

    def __init__(self) -> None:
        self._readers = 0
        self._writing = False
        self._changed = asyncio.Condition()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            async with self._changed:
                self._readers -= 1
                self._changed.notify_all()

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        async with self._changed:
            await self._changed.wait_for(lambda: not self._writing)
            self._writing = True
            await self._changed.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            async with self._changed:
                self._writing = False
                self._changed.notify_all()


class ProcessService:
    """Reads in killable read-only worker processes; writes through the gate (see the module docstring)."""

    hard_limit = True

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = Path(path)
        self.settings = settings
        self._readers: WorkerPool | None = None
        self._gate: ReadWriteGate | None = None

    async def start(self) -> None:
        """Create an empty store if the folder does not exist yet (read-only opening needs one), start readers."""
        if not self.path.exists():
            await asyncio.to_thread(_create_empty_store, self.path)
        self._gate = ReadWriteGate()
        self._readers = WorkerPool(self.path, self.settings.query_workers, **self._limits(),
                                   long_after=self.settings.long_query_after,
                                   long_queries=self.settings.long_queries)
        await self._readers.start()

    def _limits(self) -> dict[str, Any]:
        return {"memory_limit": self.settings.query_memory * 1024 * 1024}

    async def run(self, job: Job) -> Any:
        readers, gate = self._started()
        async with gate.reading():
            return await readers.run(job, self.settings.query_timeout)

    async def update(self, job: WriteJob) -> Any:
        readers, gate = self._started()
        async with gate.writing():
            await readers.stop()  # each reader closes its store and exits; a few ms each
            try:
                writer = WorkerPool(self.path, 1, read_only=False, **self._limits())
                try:
                    return await writer.run(job, self.settings.query_timeout)
                finally:
                    await writer.close()
            finally:
                await readers.start()

    async def close(self) -> None:
        if self._readers is not None:
            await self._readers.close()

    def _started(self) -> tuple[WorkerPool, ReadWriteGate]:
        if self._readers is None or self._gate is None:
            raise RuntimeError("the query service is not started (use the app's lifespan)")
        return self._readers, self._gate


class ThreadService:
    """Jobs in threads over an in-memory store: off the event loop, but only a soft time limit."""

    hard_limit = False

    def __init__(self, store: OxigraphStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._threads = ThreadPoolExecutor(max_workers=settings.query_workers, thread_name_prefix="ckg-query",
                                           initializer=confine_thread)  # the engine's threads lose the network

    async def start(self) -> None:
        return None

    async def run(self, job: Job) -> Any:
        return await _in_thread(self._threads, self.store, job, self.settings.query_timeout)

    async def update(self, job: WriteJob) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._threads, execute.run, self.store, job)

    async def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)


async def _in_thread(threads: ThreadPoolExecutor, store: OxigraphStore, job: Job, timeout: float) -> Any:
    """Run a query in a thread; at the limit answer 503 and leave the thread to finish on its own."""
    future = asyncio.get_running_loop().run_in_executor(threads, execute.run, store, job)
    future.add_done_callback(lambda done: done.cancelled() or done.exception())  # an abandoned error is not news
    try:
        return await asyncio.wait_for(asyncio.shield(future), timeout)
    except TimeoutError:
        raise query_timed_out(timeout, stopped=False) from None


def _create_empty_store(path: Path) -> None:
    try:
        OxigraphStore(path).close()
    except StoreError as error:
        log.error("cannot create the store at %s: %s", path, error)
