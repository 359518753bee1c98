"""Worker processes that run store jobs and can be killed at a time limit.

pyoxigraph has no query timeout or cancellation, and a Python thread cannot be stopped (FIELD-NOTES), so a
hard limit needs a process: each `Worker` is a child process holding its own store handle, fed jobs over a
pipe. The app waits for an answer for at most the limit (in a thread of its own, off the event loop); when the
limit passes, the child is killed (SIGKILL: a read-only handle has nothing to lose) and a fresh one takes its
place, so one runaway query costs one process, never the server.

Children come from a `forkserver` that has already imported pyoxigraph and rdflib, so a replacement is ready
in tens of milliseconds, and no child is forked from the app's threads.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .errors import ApiError
from .jobs import Job

log = logging.getLogger("cislunar_kg.workers")

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["api.execute"])


class WorkerTimeout(Exception):
    """The job ran past its limit; the worker that ran it has been killed."""


class Worker:
    """One child process with the store at `path` open (read-only unless told otherwise)."""

    def __init__(self, path: Path, *, read_only: bool = True) -> None:
        self._conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child, str(path), read_only), daemon=True)
        self.process.start()
        child.close()

    def call(self, job: Job, timeout: float) -> Any:
        """Send a job and wait for its answer (blocking: call from a thread). Raises what the job raised."""
        self._conn.send(job)
        if not self._conn.poll(timeout):
            self.kill()
            raise WorkerTimeout
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise ApiError(500, "Worker failed", "The process running the request stopped unexpectedly.") from None
        if status == "ok":
            return value
        if status == "error":
            raise value
        raise ApiError(500, "Internal error", "The request failed inside the worker; the failure has been logged.")

    def close(self, wait: float = 5.0) -> None:
        """Let the child drop its store and exit (closing a read-write store cleanly), then make sure it did."""
        self._conn.close()
        self.process.join(wait)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self._conn.close()


class WorkerPool:
    """Up to `size` workers shared by concurrent requests; a request waits at most `timeout` for a free one."""

    def __init__(self, path: Path, size: int, *, read_only: bool = True) -> None:
        self.path = path
        self.size = size
        self.read_only = read_only
        self._idle: list[Worker] = []
        self._free = asyncio.Semaphore(size)
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="ckg-worker-wait")

    def start(self) -> None:
        """Start every worker now, so the first requests do not wait for a process to boot."""
        while len(self._idle) < self.size:
            self._idle.append(Worker(self.path, read_only=self.read_only))

    async def run(self, job: Job, timeout: float) -> Any:
        """Run a job in a free worker; 503 if none frees up in time or the job overruns the limit."""
        try:
            await asyncio.wait_for(self._free.acquire(), timeout)
        except TimeoutError:
            raise ApiError(503, "Service busy", "Every query worker stayed busy; try again shortly.",
                           {"Retry-After": "1"}) from None
        worker = self._idle.pop() if self._idle else Worker(self.path, read_only=self.read_only)
        healthy = False
        try:
            loop = asyncio.get_running_loop()
            result = await loop.run_in_executor(self._threads, worker.call, job, timeout)
            healthy = True
            return result
        except ApiError as error:
            healthy = error.status < 500
            raise
        except WorkerTimeout:
            raise ApiError(503, "Query timed out",
                           f"The request ran longer than the {timeout:g} s limit (CKG_QUERY_TIMEOUT) and was "
                           "stopped. Narrow the query or add LIMIT.") from None
        finally:
            if healthy:
                self._idle.append(worker)
            else:
                # A killed, crashed or cancelled worker is never reused; a fresh one takes its place now.
                worker.kill()
                self._idle.append(Worker(self.path, read_only=self.read_only))
            self._free.release()

    def stop(self) -> None:
        """Close every idle worker (the caller makes sure none is busy), e.g. before the store is written."""
        while self._idle:
            self._idle.pop().close()

    def close(self) -> None:
        self.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)


def _serve(conn: Connection, path: str, read_only: bool) -> None:
    """The child's main loop: cut itself off the network, open the store, then answer jobs until the parent
    closes the pipe (a Unix socket, which the sandbox leaves working)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it closes us.
    from graph.errors import StoreError
    from graph.store import OxigraphStore

    from .execute import run
    from .sandbox import confine

    confine(all_threads=True)  # before the engine runs anything; if it fails, jobs are refused (see sandbox.py)

    store: OxigraphStore | None = None
    opening_error: ApiError | None = None
    try:
        store = OxigraphStore(path, read_only=read_only)
    except StoreError as error:
        opening_error = ApiError(503, "Store unavailable", str(error))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        try:
            if store is None:
                raise opening_error or ApiError(503, "Store unavailable", "The store is not open.")
            reply: tuple[str, Any] = ("ok", run(store, job))
        except ApiError as error:
            reply = ("error", error)
        except Exception:  # the parent answers 500; the traceback stays here, in the log
            log.exception("job failed in worker")
            reply = ("crash", None)
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            break
    if store is not None:
        store.close()  # release RocksDB (and, for a writer, its lock) before the process ends
