"""A structured access log: one JSON object per request on the `cislunar_kg.access` logger.

A pure ASGI middleware (not `BaseHTTPMiddleware`) so it sees the real status and byte count without wrapping
the response. Query text is not logged: it can be a megabyte, and the status plus timing is what operations
need. Turn off uvicorn's own access log (`access_log=False`) to avoid two lines per request.

A client that goes away before the answer is sent (mid-body, say) gets one line like any other, marked
`"client_disconnected": true` (its status is 499 when the body read was cut short: `errors`).
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware

access_log = logging.getLogger("cislunar_kg.access")


class AccessLog(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        status = 500
        size = 0
        answered = False
        disconnected = False

        async def watching_receive() -> Message:
            nonlocal disconnected
            message = await receive()
            if message["type"] == "http.disconnect" and not answered:
                disconnected = True
            return message

        async def counting_send(message: Message) -> None:
            nonlocal status, size, answered
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                answered = answered or not message.get("more_body", False)
            await send(message)

        try:
            await self.app(scope, watching_receive, counting_send)
        finally:
            client = scope.get("client")
            line: dict[str, object] = {
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "bytes": size,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": client[0] if client else None,
            }
            if disconnected:
                line["client_disconnected"] = True
            access_log.info(json.dumps(line, ensure_ascii=False))


def configure_logging(level: int = logging.INFO) -> None:
    """Send the access log to stderr as bare JSON lines (the message is already the JSON object)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access_log.handlers[:] = [handler]
    access_log.setLevel(level)
    access_log.propagate = False
    logging.getLogger("cislunar_kg").setLevel(level)
