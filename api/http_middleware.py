"""The pure ASGI middleware frame this service's own middlewares share.

Each one (access log, security headers, HEAD as GET, OPTIONS) acts only on some HTTP requests; everything else,
lifespan and websocket scopes included, goes to the wrapped app untouched.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    """Calls `handle` for the HTTP requests `wants`; passes every other scope straight to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.wants(scope):
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    def wants(self, scope: Scope) -> bool:
        """Whether this HTTP request is one the middleware acts on (every one, unless a subclass says otherwise)."""
        return True

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
