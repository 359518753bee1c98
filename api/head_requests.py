"""`HEAD` on every `GET` route: the GET's status and headers, no body (RFC 9110 §9.3.2).

FastAPI's routes answer only the methods they name, so `HEAD /organizations` would be a 405. Rather than name HEAD
on each route (which would also put a second operation per path into the OpenAPI document), this middleware
runs a HEAD request as the GET it mirrors and drops the body on the way out. The answer keeps the GET's
Content-Length, as the RFC allows; a route without GET still answers 405, with its own Allow header.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from starlette.routing import BaseRoute, Match
from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware


class HeadAsGet(HttpMiddleware):
    def wants(self, scope: Scope) -> bool:
        return bool(scope["method"] == "HEAD")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class OptionsAllow(HttpMiddleware):
    """`OPTIONS` on every path: `204` with the `Allow` header of the methods its routes answer (RFC 9110 §9.3.7).

    A CORS preflight (an `OPTIONS` with `Origin` and `Access-Control-Request-Method`) is left to the CORS
    middleware, which sits outside this one when CKG_CORS_ORIGINS is set. A path no route matches is `404`.
    """

    def wants(self, scope: Scope) -> bool:
        return bool(scope["method"] == "OPTIONS")

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        methods = allowed_methods(scope)
        if not methods:
            await self.app(scope, receive, send)  # the router's own 404 (or 405), with its usual body
            return
        headers = [(b"allow", ", ".join(sorted(methods)).encode()), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def allowed_methods(scope: Scope) -> set[str]:
    """The methods the app's routes answer on this path: a GET route answers HEAD too; OPTIONS always.

    Routes hidden from the OpenAPI document (`include_in_schema=False`) are left out: here they are the explicit
    refusals of a method (`PUT /sparql` → 405), not methods the path allows.
    """
    methods: set[str] = set()
    for route in _routes(getattr(scope.get("app"), "routes", ())):
        match, _ = route.matches({**scope, "method": "GET"})
        if match == Match.NONE or not getattr(route, "include_in_schema", True):
            continue
        named = getattr(route, "methods", None)
        methods |= set(named) if named is not None else {"GET"}  # a mounted app (static files): read-only
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"} if methods else set()


def _routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, with FastAPI's included routers opened up (their routes carry the full path here)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None and not getattr(getattr(route, "include_context", None), "prefix", ""):
            yield from _routes(included.routes)
        else:
            yield route
