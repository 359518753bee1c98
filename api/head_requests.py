"""`HEAD` on every `GET` route: the GET's status and headers, no body (RFC 9110 §9.3.2).

FastAPI's routes answer only the methods they name, so `HEAD /organizations` was a 405. Rather than name HEAD
on each route (which would also put a second operation per path into the OpenAPI document), this middleware
runs a HEAD request as the GET it mirrors and drops the body on the way out. The answer keeps the GET's
Content-Length, as the RFC allows; a route without GET still answers 405, with its own Allow header.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
