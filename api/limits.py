"""Request limits: how much body we read. (How many requests use the store at once is `admission`'s job.)

It answers at once with a status the client can act on — 413 for a body over `CKG_MAX_BODY` (checked against
Content-Length before reading, and again while reading, for chunked bodies) — instead of reading what the
server will not use.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from .errors import ApiError


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body: 413 as soon as it is known to exceed `limit` bytes, 408 if it takes over `timeout` s.

    Both answers close the connection, since the rest of the body is never read. A client that goes away
    mid-body raises Starlette's `ClientDisconnect`, which `errors` logs as a disconnect, not as a failure.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(408, "Request timeout",
                       f"The request body did not arrive within {timeout:g} s (CKG_BODY_TIMEOUT).",
                       CLOSE) from None
    return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "Request too large",
                    f"The request body is larger than {limit} bytes (CKG_MAX_BODY).", CLOSE)


CLOSE = {"Connection": "close"}  # the unread rest of a body must not be taken for the next request
