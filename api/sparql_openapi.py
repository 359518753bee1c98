"""The OpenAPI description of `/sparql`, in the three shapes of the SPARQL 1.1 Protocol (`sparql_protocol`).

The handler reads the raw query string and body itself (one decoding, in `sparql_protocol`), so FastAPI sees no
parameters; this is what `openapi_extra` adds to the two operations, so the document — and a client or fuzzer
driven by it — knows the query, dataset and update parameters, the three request bodies and every answer.
"""

from __future__ import annotations

from typing import Any

from .openapi_answers import NOT_ACCEPTABLE, problem, store, success
from .serializers import GRAPH_TYPES, RESULT_TYPES
from .sparql_protocol import FORM, SPARQL_QUERY, SPARQL_UPDATE

TEXT = {"type": "string"}
IRIS = {"type": "array", "items": {"type": "string", "format": "iri"}}

EXAMPLES = {
    "select": {"summary": "Organisations and their labels",
               "value": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                        "SELECT ?org ?label WHERE { ?org a <http://www.w3.org/ns/org#FormalOrganization> ; "
                        "rdfs:label ?label } LIMIT 10"},
    "ask": {"summary": "Is anything there?", "value": "ASK { ?s ?p ?o }"},
    "construct": {"summary": "A few triples as a graph", "value": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"},
}
_QUERY = {"description": "A SPARQL 1.1 query. Without it, GET answers the service description.", "schema": TEXT,
          "examples": EXAMPLES}
_UPDATE_EXAMPLE = {"insert": {"summary": "Add a triple (needs the bearer token)",
                              "value": "INSERT DATA { GRAPH <urn:example:g> { <urn:example:s> <urn:example:p> 1 } }"}}
_IRI_LISTS = {
    "default-graph-uri": "A graph of the query's default graph (replaces FROM); repeat for several.",
    "named-graph-uri": "A named graph of the query's dataset (replaces FROM NAMED); repeat for several.",
    "using-graph-uri": "A graph of the update's WHERE default graph (replaces USING); repeat for several.",
    "using-named-graph-uri": "A named graph of the update's WHERE dataset (replaces USING NAMED).",
}


def _parameter(name: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": _IRI_LISTS[name], "schema": IRIS,
            "style": "form", "explode": True}


# A successful query: results (SELECT, ASK) or a graph (CONSTRUCT, DESCRIBE), or for a browser the query page.
# Without `query`, GET answers the service description (an RDF format, or the page).
_ANSWERS = success([*RESULT_TYPES, *GRAPH_TYPES, "text/html"],
                   "The results (SELECT, ASK) or graph (CONSTRUCT, DESCRIBE) in the format `Accept` asks for; "
                   "without a query, the service description; for a browser, the query page.")
_PAGE_ERRORS = {  # a browser asking by the query page sees these on the page; other clients as problems
    400: problem("The request or the query is malformed, or the query is refused (SERVICE, LOAD, …).", html=True),
    413: problem("The answer holds more rows than CKG_MAX_ROWS.", html=True),
    **store(html=True),
}

GET: dict[str, Any] = {
    "parameters": [
        {"name": "query", "in": "query", "required": False, **_QUERY},
        _parameter("default-graph-uri"),
        _parameter("named-graph-uri"),
    ],
    "responses": {200: _ANSWERS, 406: NOT_ACCEPTABLE, **_PAGE_ERRORS},
}

_FORM_FIELDS = {
    "type": "object",
    "properties": {
        "query": TEXT,
        "update": TEXT,
        **{name: IRIS for name in _IRI_LISTS},
    },
    "oneOf": [{"required": ["query"], "not": {"required": ["update"]}},
              {"required": ["update"], "not": {"required": ["query"]}}],
}

POST: dict[str, Any] = {
    "parameters": [_parameter(name) for name in _IRI_LISTS],
    "requestBody": {
        "required": True,
        "description": "A query or an update: as a form (`query=` or `update=`, with the dataset fields), or "
                       "as the body itself, in UTF-8.",
        "content": {
            FORM: {"schema": _FORM_FIELDS,
                   "encoding": {name: {"style": "form", "explode": True} for name in _IRI_LISTS},
                   "examples": {name: {**example, "value": {"query": example["value"]}}
                                for name, example in EXAMPLES.items()}},
            SPARQL_QUERY: {"schema": TEXT, "examples": EXAMPLES},
            SPARQL_UPDATE: {"schema": TEXT, "examples": _UPDATE_EXAMPLE},
        },
    },
    "responses": {
        200: _ANSWERS,
        204: {"description": "The update was applied."},
        401: {**problem("An update without the bearer token (`Authorization: Bearer …`)."),
              "headers": {"WWW-Authenticate": {"schema": TEXT}}},
        403: problem("Updates are off on this service (no CKG_UPDATE_TOKEN)."),
        406: NOT_ACCEPTABLE,
        408: problem("The body did not arrive within CKG_BODY_TIMEOUT."),
        413: problem("The body is larger than CKG_MAX_BODY, or the answer holds more rows than CKG_MAX_ROWS.",
                     html=True),
        415: problem("The Content-Type is none of the three the protocol allows, or not UTF-8."),
        400: _PAGE_ERRORS[400],
        500: _PAGE_ERRORS[500],
        503: _PAGE_ERRORS[503],
    },
}
