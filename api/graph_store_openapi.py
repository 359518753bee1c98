"""The OpenAPI description of `/store` (the Graph Store Protocol): the handler reads the raw query string and
body itself, so this is what `openapi_extra` adds — the two ways to name a graph, the bodies and every answer."""

from __future__ import annotations

from typing import Any

from .openapi_answers import NOT_ACCEPTABLE, problem, store, success
from .serializers import GRAPH_TYPES

TEXT = {"type": "string"}
WRITE_TYPES = ["text/turtle", "application/n-triples", "application/rdf+xml", "text/n3", "application/ld+json",
               "multipart/form-data"]

_PARAMETERS = [
    {"name": "graph", "in": "query", "required": False, "schema": TEXT,
     "description": "The graph's IRI (absolute). Give this or `default`, not both."},
    {"name": "default", "in": "query", "required": False, "schema": TEXT, "allowEmptyValue": True,
     "description": "The dataset's default graph (no value). Give this or `graph`, not both."},
]
_NAMING = problem("The request names no graph, two, or a graph by something other than an absolute IRI; or "
                  "the body is not valid RDF.")
_MISSING = problem("The dataset has no such graph.", html=True)

GET: dict[str, Any] = {
    "parameters": _PARAMETERS,
    "responses": {200: success(list(GRAPH_TYPES), "The graph, in the format `Accept` asks for."),
                  400: _NAMING, 404: _MISSING, 406: NOT_ACCEPTABLE,
                  413: problem("The graph holds more triples than CKG_MAX_ROWS."), **store()},
}

_WRITE_ANSWERS: dict[int | str, dict[str, Any]] = {
    201: {"description": "The graph was made (POST to /store itself: its IRI is in Location).",
          "headers": {"Location": {"schema": TEXT, "description": "The new graph's IRI."}}},
    204: {"description": "The graph was replaced, merged into or dropped."},
    400: _NAMING,
    401: {**problem("A write without the bearer token (`Authorization: Bearer …`)."),
          "headers": {"WWW-Authenticate": {"schema": TEXT}}},
    403: problem("Updates are off on this service (no CKG_UPDATE_TOKEN), or the graph is the service's own."),
    404: _MISSING,
    408: problem("The body did not arrive within CKG_BODY_TIMEOUT."),
    413: problem("The body is larger than CKG_MAX_BODY."),
    415: problem("The body is in no graph format this service reads."),
    422: problem("The write was refused by the gate: a document graph it changed breaks the shapes or a rule "
                 "that spans documents; nothing was written. `violations` and `findings` list each breach."),
    **store(),
}

_BODY = {"required": False, "description": "The graph, in any of these formats (several files as multipart/form-data).",
         "content": {media_type: {"schema": TEXT} for media_type in WRITE_TYPES}}

PUT: dict[str, Any] = {"parameters": _PARAMETERS, "requestBody": _BODY, "responses": _WRITE_ANSWERS}
POST: dict[str, Any] = PUT
DELETE: dict[str, Any] = {"parameters": _PARAMETERS, "responses": _WRITE_ANSWERS}
