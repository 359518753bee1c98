"""How uvicorn runs the app: its options from the settings, and an HTTP protocol with a deadline for headers.

uvicorn (h11 and httptools alike) arms a timer only after an answer (`timeout_keep_alive`), and any byte that
arrives cancels it: a connection that never sends a request, or sends its headers one byte every few seconds
(slowloris), is held open for ever. `HeaderDeadlineProtocol` adds the missing timer: from the moment a
connection opens, and again from the end of each answer, the client has `CKG_HEADER_TIMEOUT` seconds to
complete a request line and headers; a connection still short of them then is closed. Once a request has
started the app owns the time: the body has its own limit (`limits.read_body`), the query its own.

`cislunar-kg serve` and the tests start uvicorn through `server_config`, so what is tested is what runs.
"""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import Settings


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose next request's headers are late."""

    header_timeout: float = 10.0  # set per server by `with_header_timeout`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self._request_running():  # a request line and headers arrived: the app's limits apply now
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        self._arm_header_deadline()  # first: the call below may start a pipelined request, which disarms it
        super().on_response_complete()

    def _request_running(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        if not self.transport.is_closing():
            self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if not self._request_running() and not self.transport.is_closing():
            self.logger.info("closing a connection whose request headers did not arrive within %g s",
                             self.header_timeout)
            self.transport.close()


def with_header_timeout(seconds: float) -> type[HeaderDeadlineProtocol]:
    """The protocol class for one server (uvicorn builds protocols from a class, not from an instance)."""
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), {"header_timeout": seconds})


def server_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn options the connection settings ask for (see docs/deployment.md, "On the internet")."""
    return {
        "http": with_header_timeout(settings.header_timeout),
        "timeout_keep_alive": settings.keep_alive_timeout,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "access_log": False,  # `access_log.AccessLog` writes one JSON line per request instead
    }


def server_config(app: Any, settings: Settings, *, host: str = "127.0.0.1", port: int = 8000,
                  log_level: str = "info", **extra: Any) -> uvicorn.Config:
    """The uvicorn configuration `cislunar-kg serve` runs `app` with; `extra` adds uvicorn options (tests)."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, **server_options(settings), **extra)
