"""The handlers that render every failure as problem+json, registered on the app by `create_app`.

    ApiError (api/errors.py)                        → application/problem+json (RFC 9457); a 404 asked for
                                                      by a browser (Accept prefers text/html) → an HTML page
    HTTPException (Starlette: 404, 405 …)           → the same shape, so clients see one error format
    RequestValidationError (FastAPI: bad parameters) → 422 "Invalid parameters", same shape
    ClientDisconnect (Starlette: the client left mid-body) → nothing sent (nobody listens); logged as 499
    any other exception                             → 500 "Internal error", traceback logged, never sent
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from .errors import PROBLEM_JSON, ApiError, problem
from .http_headers import ALWAYS
from .negotiation import negotiate
from .templating import installed_templates, render_page

log = logging.getLogger("cislunar_kg.api")


def wants_html(request: Request) -> bool:
    """The client prefers an HTML page to a problem document: a browser, not an API client."""
    offered = [PROBLEM_JSON, "application/json", "text/html"]
    return negotiate(request.headers.get("accept"), offered) == "text/html"


def not_found_page(request: Request, title: str, detail: str, headers: Mapping[str, str] | None = None) -> Response:
    """The 404 page browsers see; the same title and detail the problem document carries."""
    if installed_templates(request) is None:
        return problem(404, title, detail, headers)
    context = {"status": 404, "title": title, "detail": detail, "alternates": []}
    return render_page(request, "not_found.html", context, status_code=404,
                       headers={**dict(headers or {}), "Vary": "Accept"})


async def api_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    if error.status == 404 and wants_html(request):
        return not_found_page(request, error.title, error.detail, error.headers)
    return problem(error.status, error.title, error.detail, error.headers, error.members)


async def http_exception_handler(request: Request, error: Exception) -> Response:
    """Starlette's own 404/405 … in the same shape as ours (it keeps the `Allow` header of a 405)."""
    assert isinstance(error, HTTPException)
    title = _TITLES.get(error.status_code, "Error")
    detail = error.detail if isinstance(error.detail, str) else title
    if error.status_code == 404 and wants_html(request):
        return not_found_page(request, title, f"Nothing is served at {request.url.path}.", error.headers)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = with_head(headers.get("Allow", "GET, POST"))
        detail = f"{request.method} is not allowed here; use {headers['Allow']}."
    return problem(error.status_code, title, detail, headers)


def with_head(allow: str) -> str:
    """An Allow header naming HEAD wherever it names GET: every GET route answers HEAD (`head_requests`)."""
    methods = [m.strip() for m in allow.split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods)


CLIENT_CLOSED_REQUEST = 499  # the status nginx logs when the client closes first; never reaches the client


async def client_disconnect_handler(request: Request, error: Exception) -> Response:
    """The client closed the connection before its body was read: not a server failure, and no traceback.

    The answer goes nowhere (the server drops what is sent on a closed connection); its status is for the
    access log, which marks the line `client_disconnected` (see `access_log`).
    """
    assert isinstance(error, ClientDisconnect)
    return Response(status_code=CLIENT_CLOSED_REQUEST)


async def unexpected_error_handler(request: Request, error: Exception) -> JSONResponse:
    """The last resort: log the traceback for the operator, tell the client only that it failed."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    # The security headers are sent here: this answer leaves outside the middleware that adds them to every other.
    return problem(500, "Internal error", "The server failed to answer; the failure has been logged.", ALWAYS)


_TITLES = {
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
}


async def validation_error_handler(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's parameter checks (`limit` out of range, a year that is not a number …) as a 422 problem."""
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "path"))
        problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
    return problem(422, "Invalid parameters", "; ".join(problems) or "The request's parameters are not valid.")
