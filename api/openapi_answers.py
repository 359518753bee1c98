"""What the OpenAPI document says each operation answers: the media types of a success, and every error status
with the problem document (`errors.problem`) it carries — so a client, or a fuzzer, can check each answer.

Errors are only ever `application/problem+json`; those a browser can meet on a page (a 404, or a failed query
on the query page) are also `text/html`. `STORE` lists the statuses any operation that reads the store can
answer: 503 (busy, or over the time limit, with Retry-After) and 500 (a worker failed; the detail says so).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from .errors import PROBLEM_JSON
from .lookups.models import Problem

PROBLEM_SCHEMA: dict[str, Any] = {"$ref": "#/components/schemas/Problem"}  # added by `document_problems`

Answers = dict[int | str, dict[str, Any]]


def problem(description: str, *, html: bool = False) -> dict[str, Any]:
    """An error answer: a problem document (and, with `html`, the page a browser gets instead)."""
    content: dict[str, Any] = {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}}
    if html:
        content["text/html"] = {"schema": {"type": "string"}}
    return {"description": description, "content": content}


def success(media_types: list[str], description: str = "The answer, in the format `Accept` asks for.",
            schemas: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A 200 in each of `media_types` (a schema where one is known, any body otherwise)."""
    return {"description": description,
            "content": {media_type: ({"schema": (schemas or {})[media_type]} if media_type in (schemas or {})
                                     else {}) for media_type in media_types}}


def store(*, html: bool = False) -> Answers:
    return {
        500: problem("A store worker failed while answering; the detail says what happened.", html=html),
        503: {**problem("The store is busy or the query ran over CKG_QUERY_TIMEOUT; retry after the time given.",
                        html=html),
              "headers": {"Retry-After": {"description": "Seconds to wait (when busy).",
                                          "schema": {"type": "string"}}}},
    }


NOT_ACCEPTABLE = problem("The Accept header allows none of the formats this answer can take.")
INVALID = problem("A parameter is out of range or malformed.")


def document_problems(app: FastAPI) -> None:
    """Make `app`'s OpenAPI document define the Problem schema every error answer refers to."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        document = build()
        document.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "Problem", Problem.model_json_schema())
        return document

    app.openapi = openapi  # type: ignore[method-assign]
