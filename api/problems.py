"""The problems the HTTP layer raises from several places, each worded once.

A client (and a test) reads the detail of a 406 or a time-out the same way whichever route or query service
produced it, so the wording lives here and the callers only say what differs: what could not be sent, how long
the limit was, and what became of the request.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import ApiError


def not_acceptable(what: str, offered: Sequence[str]) -> ApiError:
    """406: `what` (e.g. "This resource", "A SELECT answer") can be sent only as `offered`."""
    return ApiError(406, "Not acceptable",
                    f"{what} can be sent as {', '.join(offered)}; the Accept header allows none of them.")


def query_timed_out(timeout: float, *, stopped: bool) -> ApiError:
    """503 at `CKG_QUERY_TIMEOUT`: the request was `stopped` (its worker ended) or only its answer abandoned."""
    limit = f"The request ran longer than the {timeout:g} s limit (CKG_QUERY_TIMEOUT)"
    outcome = " and was stopped. Narrow the query or add LIMIT." if stopped else "; its answer was abandoned."
    return ApiError(503, "Query timed out", limit + outcome)
