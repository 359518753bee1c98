"""Worker processes that run store jobs, and the pool that shares them between requests.

pyoxigraph's Python API has no query timeout or cancellation, and a Python thread cannot be stopped, so a
hard limit needs a process: each `Worker` is a child process holding its own store handle, fed jobs over a
pipe. The app waits for an answer (in a thread of its own, off the event loop); when the time limit passes, or
the child's resident memory passes the memory limit, the child is killed (SIGKILL: a read-only handle has
nothing to lose) and a fresh one takes its place, so one runaway query costs one process, never the server.

Cheap queries are never stuck behind runaways. The pool runs ordinary jobs in `size` workers (the lane); a job
that has used `long_after` seconds of CPU turns *long*: its worker drops to the lowest CPU priority, it gives
its place in the lane to the next job, and a spare worker is started for that one. At most `long_queries`
jobs may be long at once; one more that turns long is stopped with 503. So at most `size + long_queries`
workers run queries, each within the memory limit, and a cheap query waits for a runaway about `long_after`.
CPU time, not wall time, decides: on a busy machine a lookup that waits for a core is not a runaway. When a
long job ends its worker gets its priority back and stays (keeping its parse cache); where the system does not
allow that (raising priority again needs CAP_SYS_NICE), the worker is replaced instead.

Children come from a `forkserver` that has already imported pyoxigraph and rdflib, so a replacement is ready
in tens of milliseconds, and no child is forked from the app's threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .admission import Ticket, Turnstile, WaitTimeout, current_request
from .errors import ApiError
from .jobs import Job, QueryJob
from .problems import query_timed_out

log = logging.getLogger("cislunar_kg.workers")

_CONTEXT = multiprocessing.get_context("forkserver")
_PRELOAD = ["api.execute"]

FIRST_LOOK = 0.05
"""Seconds a job may take before its worker's memory is watched: a cheap job never costs a read of /proc."""

WATCH_EVERY = 0.05
"""Seconds between two reads of a busy worker's memory and CPU time. A cartesian ORDER BY grows by about
700 MiB/s here, so a worker is stopped at most about 35 MiB past the limit."""

WARM_UP = "ASK {}"
"""Run by each new worker before it serves: the first parse and evaluation load lazy parts of rdflib and
Oxigraph (tens of milliseconds) that no request should pay for."""

LONG_NICENESS = 19
"""The CPU priority of a worker whose job turned long: the lowest, so cheap queries get the cores first."""

_RESULTS = "application/sparql-results+json"
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")


def prepare_forkserver() -> None:
    """Have the forkserver import what every worker needs before it forks them (again: the same list).

    The preload is the process's, shared with any other forkserver user, so it is set when the first worker
    is made, never on import; it counts only until the forkserver has started."""
    _CONTEXT.set_forkserver_preload(_PRELOAD)


class WorkerTimeout(Exception):
    """The job ran past its limit; the worker that ran it has been killed."""


class WorkerOutOfMemory(Exception):
    """The job's worker passed the memory limit and has been killed (or died failing to allocate)."""


class Worker:
    """One child process with the store at `path` open (read-only unless told otherwise).

    With `memory_limit` (bytes), the child also caps its own data segment (RLIMIT_DATA) at its size at start
    plus twice the limit: a backstop should the watchdog in `call` fall behind. Oxigraph then aborts on the
    failed allocation, which `call` reports as the memory limit too.
    """

    def __init__(self, path: Path, *, read_only: bool = True, memory_limit: int | None = None) -> None:
        self.memory_limit = memory_limit
        self._stopped: ApiError | None = None
        prepare_forkserver()
        self._conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_start, args=(child, str(path), read_only, memory_limit),
                                        daemon=True)
        self.process.start()
        child.close()

    def call(self, job: Job, timeout: float, long_after: float | None = None,
             on_long: Callable[[], object] | None = None) -> Any:
        """Send a job and wait for its answer (blocking: call from a thread). Raises what the job raised.

        `on_long` is called (from this thread) once the job has used `long_after` seconds of CPU."""
        started = time.monotonic()
        self._conn.send(job)
        if not self._conn.poll(min(FIRST_LOOK, timeout)):
            self._watch(started + timeout, long_after if on_long is not None else None, on_long)
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError):
            raise self._death() from None
        if status == "ok":
            return value
        if status == "error":
            raise value
        raise ApiError(500, "Internal error", "The request failed inside the worker; the failure has been logged.")

    def _watch(self, deadline: float, long_after: float | None, on_long: Callable[[], object] | None) -> None:
        """Wait for the answer (or the child's end) until `deadline`, reading its memory every WATCH_EVERY."""
        # CPU used before this job (approximately: FIRST_LOOK of it was the job's own, at most).
        cpu_before = self.cpu_seconds() - FIRST_LOOK if long_after is not None else 0.0
        while True:
            if self.memory_limit is not None and self.resident() > self.memory_limit:
                self.kill()
                raise WorkerOutOfMemory
            if long_after is not None and on_long is not None and self.cpu_seconds() - cpu_before >= long_after:
                on_long()
                long_after = None
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise WorkerTimeout
            if self._conn.poll(min(WATCH_EVERY, left)):
                return

    def _death(self) -> Exception:
        """Why the child went away mid-job: stopped by the pool, out of memory, or a crash."""
        self.kill()
        if self._stopped is not None:
            return self._stopped
        if self.memory_limit is not None and self.process.exitcode == -signal.SIGABRT:
            return WorkerOutOfMemory()  # Rust (Oxigraph) aborts when an allocation fails under RLIMIT_DATA
        return ApiError(500, "Worker failed", "The process running the request stopped unexpectedly.")

    def cpu_seconds(self) -> float:
        """CPU (user + system) the child has used so far; 0 once it is gone."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()  # after the command name, which may hold spaces
            return (int(fields[11]) + int(fields[12])) / _TICK
        except (OSError, IndexError, ValueError):
            return 0.0

    def resident(self) -> int:
        """The child's resident memory in bytes (0 once it is gone)."""
        try:
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            return 0

    @property
    def stopped(self) -> bool:
        """`stop` was called: the child is dead or dying, whatever its last job answered."""
        return self._stopped is not None

    def stop(self, reason: ApiError) -> None:
        """Kill the child now, from any thread; the `call` waiting on it raises `reason`."""
        self._stopped = reason
        with contextlib.suppress(OSError, ValueError):  # already gone
            self.process.kill()

    def lower_priority(self) -> None:
        self._set_niceness(LONG_NICENESS)

    def restore_priority(self) -> bool:
        """Back to the pool's own priority; False where that needs a privilege this process lacks."""
        return self._set_niceness(os.getpriority(os.PRIO_PROCESS, 0))

    def _set_niceness(self, niceness: int) -> bool:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid or 0, niceness)
            return True
        except OSError:
            return False  # not allowed, or the child ended meanwhile

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


class _Turn:
    """One job's standing in the pool: still in the lane, or long; over once the pool has its answer."""

    __slots__ = ("long", "over")

    def __init__(self) -> None:
        self.long = False
        self.over = False


class WorkerPool:
    """Workers shared by concurrent requests: a lane of `size` for ordinary jobs, plus up to `long_queries`
    jobs that have used `long_after` seconds of CPU (None: no long jobs, every job keeps its place in the lane).

    A job waits at most `timeout` for a place in the lane. `memory_limit` (bytes, None: unwatched) applies to
    each worker's resident memory. A started pool keeps warm idle workers ready (`_idle_wanted`).
    All state is touched on the event loop only; threads just wait on pipes and start or stop processes.
    """

    def __init__(self, path: Path, size: int, *, read_only: bool = True, memory_limit: int | None = None,
                 long_after: float | None = None, long_queries: int = 0) -> None:
        self.path = path
        self.size = size
        self.read_only = read_only
        self.memory_limit = memory_limit
        self.long_after = long_after
        self.long_queries = long_queries
        self.long_running = 0
        self._lane = Turnstile(size)
        self._idle: list[Worker] = []
        self._wanting: list[asyncio.Future[Worker]] = []  # jobs with a place but no worker yet
        self._pending: set[asyncio.Future[Any]] = set()  # workers being started or retired
        self._spawning = 0
        self._in_lane = 0  # workers running lane jobs (a place handed on may not have its worker yet)
        self._spares = False  # replace workers in the background (a started reader pool)
        self._threads = ThreadPoolExecutor(max_workers=size + long_queries + 1,
                                           thread_name_prefix="ckg-worker-wait")
        self._spawner = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ckg-worker-start")

    async def start(self) -> None:
        """Start every worker now (in parallel, warmed up), so the first requests do not wait for one to boot."""
        loop = asyncio.get_running_loop()
        started = await asyncio.gather(*(loop.run_in_executor(self._spawner, self._warm_worker)
                                         for _ in range(self._idle_wanted() - len(self._idle))))
        self._idle.extend(started)
        self._spares = True

    async def run(self, job: Job, timeout: float) -> Any:
        """Run a job in a worker; 503 if no place frees up in time or the job overruns a limit."""
        try:
            await self._lane.enter(timeout)
        except WaitTimeout:
            raise ApiError(503, "Service busy", "Every query worker stayed busy; try again shortly.",
                           {"Retry-After": "1"}) from None
        turn = _Turn()
        healthy = False
        worker: Worker | None = None
        try:
            worker = self._idle.pop() if self._idle else await self._worker()
            self._in_lane += 1
            loop = asyncio.get_running_loop()
            on_long = None
            if self.long_after is not None:
                on_long = partial(loop.call_soon_threadsafe, self._turned_long, worker, turn, timeout,
                                  current_request())
            result = await loop.run_in_executor(self._threads, worker.call, job, timeout, self.long_after, on_long)
            healthy = not worker.stopped  # stopped just as it answered: the answer stands, the worker goes
            return result
        except ApiError as error:
            healthy = error.status < 500
            raise
        except WorkerTimeout:
            raise query_timed_out(timeout, stopped=True) from None
        except WorkerOutOfMemory:
            raise self._out_of_memory() from None
        finally:
            turn.over = True
            if turn.long:
                self.long_running -= 1
            else:
                if worker is not None:
                    self._in_lane -= 1
                self._lane.leave()
            if worker is not None:
                if healthy and (not turn.long or worker.restore_priority()):
                    self._give(worker)
                else:
                    # A killed, crashed, cancelled or deprioritised worker is never reused.
                    self._retire(worker)
            self._replenish()

    def _turned_long(self, worker: Worker, turn: _Turn, timeout: float, request: Ticket | None) -> None:
        """The job has used `long_after` s of CPU: move it (and its request's admission place) out of the way,
        or stop it if enough are long."""
        if turn.over:
            return
        if self.long_running >= self.long_queries:
            worker.stop(ApiError(
                503, "Too many long queries",
                f"{self.long_running} long queries (more than {self.long_after:g} s of CPU) are running already, "
                f"as many as may at once (CKG_LONG_QUERIES); this one was stopped when it became long, so that "
                "short requests keep being answered. Try again later, or narrow the query.",
                {"Retry-After": str(max(1, math.ceil(timeout)))}))
            return
        turn.long = True
        self.long_running += 1
        self._in_lane -= 1
        worker.lower_priority()
        self._lane.leave()
        if request is not None:
            request.step_aside()
        self._replenish()

    def _out_of_memory(self) -> ApiError:
        """413, as for CKG_MAX_ROWS: the query asks for more than this service gives one request, and only a
        narrower query helps (a 5xx would invite a retry that fails the same way)."""
        limit = (self.memory_limit or 0) // (1024 * 1024)
        return ApiError(413, "Query needs too much memory",
                        f"The query needed more than the {limit} MiB one query may use (CKG_QUERY_MEMORY) and was "
                        "stopped. Narrow it, add LIMIT, or drop ORDER BY / GROUP BY over large results.")

    # -- Workers: warm ones kept idle, started and stopped off the event loop --

    def _new_worker(self) -> Worker:
        return Worker(self.path, read_only=self.read_only, memory_limit=self.memory_limit)

    def _warm_worker(self) -> Worker:
        """A new worker that has opened the store and answered once (an unopenable store answers each job)."""
        worker = self._new_worker()
        try:
            worker.call(QueryJob(WARM_UP, "urn:warm-up:", _RESULTS, None, max_rows=1), 30.0)
        except ApiError:
            pass
        except BaseException:
            worker.kill()
            raise
        return worker

    async def _worker(self) -> Worker:
        """Wait for the next worker to become free or ready (starting one if none is on its way)."""
        wanted: asyncio.Future[Worker] = asyncio.get_running_loop().create_future()
        self._wanting.append(wanted)
        if self._spawning < len(self._wanting):
            self._spawn()
        try:
            return await wanted
        except BaseException:
            if wanted in self._wanting:
                self._wanting.remove(wanted)
            elif wanted.done() and not wanted.cancelled() and wanted.exception() is None:
                self._give(wanted.result())
            raise

    def _give(self, worker: Worker) -> None:
        """A free worker: to a job waiting for one, else idle (at most one per lane place)."""
        while self._wanting:
            wanted = self._wanting.pop(0)
            if not wanted.done():
                wanted.set_result(worker)
                return
        if len(self._idle) < self._idle_wanted():
            self._idle.append(worker)
        else:
            self._in_background(worker.close)

    def _spawn(self) -> None:
        self._spawning += 1
        self._in_background(self._warm_worker, self._spawned)

    def _spawned(self, started: asyncio.Future[Any]) -> None:
        self._spawning -= 1
        if started.cancelled():
            return
        error = started.exception()
        if error is not None:
            log.error("a query worker could not be started: %s", error)
            for wanted in self._wanting:
                if not wanted.done():
                    wanted.set_exception(ApiError(503, "Store unavailable", "No query worker could be started."))
            self._wanting.clear()
            return
        self._give(started.result())

    def _retire(self, worker: Worker) -> None:
        self._in_background(worker.kill)

    def _idle_wanted(self) -> int:
        """A warm worker for every place in the lane without one, and a spare while another job may turn long,
        so the job let into the lane by one that turns long finds a worker ready (starting one takes a while
        on a busy machine). Workers alive stay within `size + long_queries`."""
        spare = 1 if self.long_after is not None and self.long_running < self.long_queries else 0
        return self._lane.capacity - self._in_lane + spare

    def _replenish(self) -> None:
        """Keep `_idle_wanted` warm workers, idle or on their way."""
        if not self._spares:
            return
        while len(self._idle) + self._spawning < self._idle_wanted():
            self._spawn()

    def _in_background(self, work: Any, done: Any = None) -> None:
        future = asyncio.wrap_future(self._spawner.submit(work))
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        if done is not None:
            future.add_done_callback(done)

    async def stop(self) -> None:
        """Close every worker (the caller makes sure none is busy) and wait until each has let go of the store,
        e.g. before the store is written. `start` brings them back."""
        self._spares = False
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
        idle, self._idle = self._idle, []
        await asyncio.to_thread(_close_all, idle)

    async def close(self) -> None:
        await self.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._spawner.shutdown(wait=False, cancel_futures=True)


def _close_all(workers: list[Worker]) -> None:
    for worker in workers:
        worker.close()


def _start(conn: Connection, path: str, read_only: bool, memory_limit: int | None) -> None:
    """The child's entry: cap its memory (the backstop, see `Worker`), then serve."""
    if memory_limit is not None:
        _cap_data_segment(memory_limit)
    _serve(conn, path, read_only)


def _cap_data_segment(memory_limit: int) -> None:
    with open("/proc/self/status") as status:
        data_kib = next(int(line.split()[1]) for line in status if line.startswith("VmData:"))
    cap = data_kib * 1024 + 2 * memory_limit
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def _serve(conn: Connection, path: str, read_only: bool) -> None:
    """The child's main loop: cut itself off the network, open the store, then answer jobs until the parent
    closes the pipe (a Unix socket, which the sandbox leaves working)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it closes us.
    from graph.errors import StoreError
    from graph.generations import active_name
    from graph.store import OxigraphStore

    from .execute import run
    from .sandbox import confine

    confine(all_threads=True)  # before the engine runs anything; if it fails, jobs are refused (see sandbox.py)

    store: OxigraphStore | None = None
    opening_error: ApiError | None = None
    folder = Path(path)
    opened: str | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        # A load commits by making another generation active: a reader reopens before its next job, so each
        # job sees one whole load, and the next job the newest (see graph/generations.py).
        if store is None or (read_only and active_name(folder) != opened):
            opened = active_name(folder)
            if store is not None:
                store.close()
                store = None
            try:
                store = OxigraphStore(path, read_only=read_only)
                opening_error = None
            except StoreError as error:
                opening_error = ApiError(503, "Store unavailable", str(error))
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
