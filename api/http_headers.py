"""Security headers on every answer, a Content-Security-Policy for the HTML pages, and CORS when asked for.

    X-Content-Type-Options: nosniff     every answer: a browser never guesses a script out of a query result
    Referrer-Policy: same-origin        links out of the pages do not tell other sites which page (or query)
    Content-Security-Policy             HTML answers: only this server's own stylesheet and script run
                                        (`PAGE_POLICY`); a page with inline blocks names them by hash
                                        (`policy_for`), so nothing injected into a page can run
    CORS                                off unless CKG_CORS_ORIGINS names origins (Starlette's CORSMiddleware)

A route that sets its own Content-Security-Policy keeps it; the middleware adds the rest.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware
from .settings import Settings

CSP = "Content-Security-Policy"

_DIRECTIVES = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # Swagger UI's icons are data: URLs in its stylesheet
    "connect-src": "'self'",  # the query page's downloads, Swagger UI's "Try it out"
    "font-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",  # no page of this site in another site's frame (clickjacking)
}

ALWAYS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def _policy(extra: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}{extra.get(name, '')}" for name, value in _DIRECTIVES.items())


PAGE_POLICY = _policy({})

_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)


def policy_for(page: str) -> str:
    """`PAGE_POLICY` plus the hash of each inline `<script>` and `<style>` block of `page`, so those (and only
    those) run: for pages whose HTML another library writes (Swagger UI, the ontology page)."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for tag, attributes, body in _INLINE.findall(page):
        if tag.lower() == "script" and re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes[tag.lower()].append(f" 'sha256-{digest}'")
    return _policy({f"{tag}-src": "".join(found) for tag, found in hashes.items()})


class SecurityHeaders(HttpMiddleware):
    """A pure ASGI middleware adding `ALWAYS` to every answer and `PAGE_POLICY` to HTML ones without a CSP."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault(CSP, PAGE_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors_options(settings: Settings) -> dict[str, Any] | None:
    """CORSMiddleware's options for CKG_CORS_ORIGINS, or None when none are set (CORS off).

    Reads, and updates with a bearer token; no cookies, so credentials stay off. Scripts may read the headers
    that page through lists and that say a server is busy.
    """
    origins = list(settings.cors_origin_list)
    if not origins:
        return None
    return {
        "allow_origins": origins,
        "allow_methods": ["GET", "HEAD", "POST"],
        "allow_headers": ["Accept", "Accept-Language", "Authorization", "Content-Type"],
        "expose_headers": ["Link", "Retry-After", "Content-Language", "Vary"],
        "allow_credentials": False,
        "max_age": 600,
    }
