"""Admission: how many requests use the store at once, and how the rest wait their turn.

`CKG_MAX_CONCURRENT` requests run; the next ones wait, first come first served, in a queue of at most
`CKG_QUEUE_LENGTH` for at most `CKG_QUEUE_WAIT` seconds. Only a request that finds the queue full, or waits past
that bound, is answered 503 with Retry-After: a burst of clients is served a little later instead of refused.

A request is admitted once, however many store jobs it runs (a REST page runs two: the page query and the
details), so a page is never refused halfway through. The store jobs of admitted requests then share the
workers (`workers.WorkerPool`). A request whose query turns long there steps aside (`step_aside`): it runs on,
outside the count, and its place goes to the next request, so long queries (bounded by CKG_LONG_QUERIES) never
fill the places that short requests need.

Everything here runs on the event loop, between awaits: plain counters and futures, no locks. The path of a
request that finds a free place is one comparison and one increment.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from contextvars import ContextVar
from types import TracebackType

from .errors import ApiError
from .settings import Settings


class QueueFull(Exception):
    """Every place is taken and the queue is as long as it may be."""


class WaitTimeout(Exception):
    """No place came free within the wait allowed."""


class Turnstile:
    """`capacity` places, handed out in arrival order; `queue_length` (None: unbounded) may wait for one."""

    def __init__(self, capacity: int, queue_length: int | None = None) -> None:
        self.capacity = capacity
        self.queue_length = queue_length
        self.in_use = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def full(self) -> bool:
        """No free place and no room in the queue: the next `enter` is refused at once."""
        return self.in_use >= self.capacity and self.queue_length is not None and self.waiting >= self.queue_length

    async def enter(self, wait: float) -> None:
        """Take a place, waiting at most `wait` seconds; QueueFull or WaitTimeout when none can be had."""
        if self.in_use < self.capacity and not self._waiting:
            self.in_use += 1
            return
        if self.queue_length is not None and len(self._waiting) >= self.queue_length:
            raise QueueFull
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiting.append(turn)
        timer = loop.call_later(wait, _expire, turn)
        try:
            await turn
        except BaseException:
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self.leave()  # handed a place just as the caller gave up (e.g. disconnected): pass it on
            else:
                with contextlib.suppress(ValueError):
                    self._waiting.remove(turn)
            raise
        finally:
            timer.cancel()

    def leave(self) -> None:
        """Give the place back: to the longest waiting caller if any, else to the pool of free places."""
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)  # the place passes on; `in_use` is unchanged
                return
        self.in_use -= 1


def _expire(turn: asyncio.Future[None]) -> None:
    if not turn.done():
        turn.set_exception(WaitTimeout())


class Admission:
    """The request-level turnstile, with the 503s a client can act on."""

    def __init__(self, limit: int, queue_length: int, queue_wait: float) -> None:
        self.queue_wait = queue_wait
        self._places = Turnstile(limit, queue_length)

    @classmethod
    def from_settings(cls, settings: Settings) -> Admission:
        return cls(settings.max_concurrent, settings.queue_length, settings.queue_wait)

    @property
    def saturated(self) -> bool:
        """Every place is taken and the queue is full: a new request would be refused right now."""
        return self._places.full

    def take(self) -> Ticket:
        """`async with admission.take():` around the part of a request that uses the store."""
        return Ticket(self)

    def busy_error(self) -> ApiError:
        places = self._places
        return ApiError(503, "Service busy",
                        f"Every place is taken: requests running {places.in_use} of {places.capacity} "
                        f"(CKG_MAX_CONCURRENT), waiting {places.waiting} of {places.queue_length} (CKG_QUEUE_LENGTH). "
                        "Try again shortly.",
                        {"Retry-After": "1"})

    async def _enter(self) -> None:
        try:
            await self._places.enter(self.queue_wait)
        except QueueFull:
            raise self.busy_error() from None
        except WaitTimeout:
            raise ApiError(503, "Service busy",
                           f"The request waited {self.queue_wait:g} s for one of the "
                           f"{self._places.capacity} running requests to finish (CKG_QUEUE_WAIT); "
                           "try again shortly.",
                           {"Retry-After": str(max(1, math.ceil(self.queue_wait)))}) from None


class Ticket:
    """One admitted request; a class rather than a generator-based context manager, to keep the path short."""

    __slots__ = ("_admission", "_holding", "_token")

    def __init__(self, admission: Admission) -> None:
        self._admission = admission
        self._holding = False

    async def __aenter__(self) -> None:
        await self._admission._enter()
        self._holding = True
        self._token = _current.set(self)

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        _current.reset(self._token)
        self.step_aside()

    def step_aside(self) -> None:
        """Give the place back now; the request goes on without one."""
        if self._holding:
            self._holding = False
            self._admission._places.leave()


_current: ContextVar[Ticket | None] = ContextVar("ckg_admission_ticket", default=None)


def current_request() -> Ticket | None:
    """The admitted request this code runs for (None outside one, e.g. `/readyz`'s ping)."""
    return _current.get()
