"""The one error type of the HTTP layer and the problem document it becomes.

    ApiError(status, title, detail)      raised anywhere in api/ (also inside worker processes: it pickles)
    problem(status, title, detail)       → application/problem+json (RFC 9457)

Errors carry their status (as Starlette's and Datasette's do), so code that finds a problem says what the
client sees in one place; there is no broad `except` that flattens different failures into one status.
`error_handlers` renders every failure, ours and the framework's, in this one shape. This module imports
nothing of api/: every other module may raise an `ApiError`.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"

class ApiError(Exception):
    """A failure the client should see: HTTP status, a short stable title and a detail naming the problem."""

    def __init__(
        self, status: int, title: str, detail: str, headers: Mapping[str, str] | None = None,
        members: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(status, title, detail, dict(headers or {}), dict(members or {}))
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = dict(headers or {})
        self.members = dict(members or {})  # extension members of the problem document (RFC 9457 §3.2)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"


def problem(status: int, title: str, detail: str, headers: Mapping[str, str] | None = None,
            members: Mapping[str, object] | None = None) -> JSONResponse:
    """An RFC 9457 problem document; `type` stays `about:blank` since the status and title say it all."""
    body = {**dict(members or {}), "type": "about:blank", "title": title, "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=dict(headers or {}))
