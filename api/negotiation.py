"""Content negotiation: an `Accept` header and what we can send → the media type to send, or None (406).

One pure function, table-tested (tests/test_api_negotiation.py). It follows RFC 9110 §12.5.1: each offered
type takes the quality of the most specific media range that matches it (`type/subtype` beats `type/*` beats
`*/*`); the highest quality wins; `q=0` means "not this"; ties go to the server's order of preference, which is
the order of `offered`. No header (or an empty one) means anything is acceptable. Parameters other than `q`
are not compared: every type we offer is UTF-8 and has no variants a parameter could choose between.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .problems import not_acceptable
from .qvalues import weighted


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, `offered[0]` when it states no preference, None if none fits."""
    if not offered:
        return None
    ranges = _parse(accept or "")
    if not ranges:
        return offered[0]
    best: str | None = None
    best_q = 0.0
    for media_type in offered:
        q = _quality(media_type.lower(), ranges)
        if q > best_q:
            best, best_q = media_type, q
    return best


# (type, subtype, q, number of parameters) for each valid media range.
_Range = tuple[str, str, float, int]


# A client sends the same Accept header with every request, and a SPARQL request negotiates three times (the
# HTML page, SELECT/ASK, CONSTRUCT/DESCRIBE): parse each distinct header once. Bounded, as headers are the
# client's to choose.
@lru_cache(maxsize=128)
def _parse(accept: str) -> tuple[_Range, ...]:
    ranges: list[_Range] = []
    for item in weighted(accept):
        media_range = "*/*" if item.value == "*" else item.value  # `*` is sent by some old Java clients
        kind, slash, subtype = media_range.partition("/")
        if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
            continue
        ranges.append((kind, subtype, item.q, item.params))
    return tuple(ranges)


def _quality(media_type: str, ranges: tuple[_Range, ...]) -> float:
    """The q of the most specific range matching `media_type`, 0 when none does."""
    kind, _, subtype = media_type.partition("/")
    best_specificity = (-1, -1)
    q = 0.0
    for r_kind, r_subtype, r_q, r_params in ranges:
        if r_kind == kind and r_subtype == subtype:
            level = 2
        elif r_kind == kind and r_subtype == "*":
            level = 1
        elif r_kind == "*" and r_subtype == "*":
            level = 0
        else:
            continue
        specificity = (level, r_params)
        if specificity > best_specificity:
            best_specificity, q = specificity, r_q
    return q


def negotiate_or_406(accept: str | None, offered: Sequence[str], what: str) -> str:
    """`negotiate`, or the 406 problem naming what `what` (e.g. "This resource") can be sent as."""
    media_type = negotiate(accept, offered)
    if media_type is None:
        raise not_acceptable(what, offered)
    return media_type
