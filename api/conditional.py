"""Validators and caching for linked-data answers: `ETag`, `Last-Modified`, `304 Not Modified`, `Cache-Control`.

Every RDF or HTML answer of `/id/…`, `/ontology…` and `/shapes…` goes through `answer`: the ETag is a digest of the
exact bytes sent (so each format of a resource has its own, RFC 9110 §8.8.3), `If-None-Match` is compared weakly
and wins over `If-Modified-Since` (§13.2.2), and a 304 carries the headers a 200 would, without a body.
A version IRI never changes, so its answers are `immutable`; the rest are revalidated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response

# A frozen version: cacheable for a year and never revalidated (RFC 8246).
IMMUTABLE = "public, max-age=31536000, immutable"
# The current ontology and shapes change only with a release: cache briefly, then revalidate.
CURRENT = "public, max-age=300"
# The graph changes with every load: store, but ask again each time (the ETag makes that cheap).
REVALIDATE = "no-cache"


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def _tags(header: str) -> list[str]:
    """The entity tags of an If-None-Match header, weak prefixes dropped (the weak comparison)."""
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def not_modified(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    """Whether the client's copy is current, by RFC 9110 §13.1.2 (If-None-Match) or §13.1.3 (If-Modified-Since)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = _tags(if_none_match)
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored, as the RFC says
    if when.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= when


def answer(
    request: Request,
    body: bytes,
    media_type: str,
    headers: dict[str, str],
    cache_control: str,
    last_modified: dt.datetime | None = None,
) -> Response:
    """A 200 with `body`, or a 304 when the client's validators match; both with the same caching headers."""
    etag = etag_of(body)
    validators = {"ETag": etag, "Cache-Control": cache_control}
    if last_modified is not None:
        validators["Last-Modified"] = http_date(last_modified)
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers | validators)
    return Response(body, media_type=media_type, headers=headers | validators)
