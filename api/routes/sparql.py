"""`/sparql`: the SPARQL 1.1 Protocol endpoint. Thin: parse → check permission → run off the event loop → send.

Everything with rules lives elsewhere: `sparql_protocol` (what was asked), `auth` (who may update),
`negotiation` + `serializers` (what to send), `query_service` (where and how long it runs), `description`
(the service description). A browser (Accept prefers text/html) gets the query page, `templates/sparql.html`:
the named queries as examples, the answer as a table (`pages.results`), downloads in every format.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from graph.namespaces import ONTOLOGY_IRI, PREFIX_IRIS, PROLOGUE

from .. import sparql_openapi
from ..auth import require_update_permission
from ..description import PREFIXES, describe, to_triples
from ..editor_policy import editor_policy
from ..errors import ApiError
from ..http_headers import CSP
from ..jobs import QueryJob, SizesJob, UpdateJob
from ..limits import read_body
from ..negotiation import negotiate, negotiate_or_406
from ..pages import results
from ..query_complexity import QueryLimits
from ..serializers import GRAPH_TYPES, RESULT_TYPES, answer_types, render_triples
from ..settings import Settings
from ..sparql_protocol import DescriptionRequest, QueryRequest, UpdateRequest, parse_request
from ..templating import render_page
from .named_queries import catalogue

router = APIRouter()

HTML = "text/html"


class _Guard(TypedDict):
    base_iri: str
    allow_unknown_graphs: bool
    limits: QueryLimits
    allow_unsandboxed: bool


def _guard(settings: Settings) -> _Guard:
    """What every query and update this endpoint runs takes from the settings: the base IRI, whether unknown
    graphs may be named, the text's limits and whether it may run unsandboxed."""
    return _Guard(base_iri=settings.base_iri, allow_unknown_graphs=settings.allow_unknown_graphs,
                  limits=QueryLimits.from_settings(settings), allow_unsandboxed=settings.allow_unsandboxed)


# One handler as two routes, because OpenAPI needs an operation id per method; a third route answers any other
# method, since a router would name only one route's methods in the 405's Allow header.
# Their parameters, bodies and answers are declared in `sparql_openapi` (the handler reads the raw request).
@router.get("/sparql", name="sparql", operation_id="sparql_get", response_class=Response,
            summary="SPARQL 1.1 query (GET) or service description", openapi_extra=sparql_openapi.GET)
@router.post("/sparql", name="sparql_post", operation_id="sparql_post", response_class=Response,
             summary="SPARQL 1.1 query or update (POST)", openapi_extra=sparql_openapi.POST)
async def sparql(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    body = await read_body(request, settings.max_body, settings.body_timeout) if request.method == "POST" else b""
    parsed = parse_request(request.method, request.url.query, request.headers.get("content-type"), body)
    if isinstance(parsed, DescriptionRequest):
        return await _service_description(request, settings)
    if isinstance(parsed, UpdateRequest):
        return await _update(request, settings, parsed)
    return await _query(request, settings, parsed)


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
async def sparql_other_methods() -> Response:
    # The router's own 405, answered by the shared handler (api/error_handlers.py) as every other 405 is.
    raise HTTPException(405, headers={"Allow": "GET, HEAD, POST"})


async def _query(request: Request, settings: Settings, parsed: QueryRequest) -> Response:
    accept = request.headers.get("accept")
    if negotiate(accept, [*RESULT_TYPES, *GRAPH_TYPES, HTML]) == HTML:  # a browser, asking by the query page
        return await _query_page(request, settings, parsed)
    result_type, graph_type = answer_types(accept)
    job = QueryJob(
        query=parsed.query,
        result_type=result_type,
        graph_type=graph_type,
        max_rows=settings.max_rows,
        dataset=parsed.dataset,
        **_guard(settings),
    )
    async with request.app.state.admission.take():
        rendered = await request.app.state.service.run(job)
    return Response(rendered.body, media_type=rendered.content_type, headers={"Vary": "Accept"})


async def _update(request: Request, settings: Settings, parsed: UpdateRequest) -> Response:
    require_update_permission(request.headers.get("authorization"), settings.update_token)
    job = UpdateJob(
        update=parsed.update,
        using_graphs=parsed.using_graphs,
        using_named_graphs=parsed.using_named_graphs,
        **_guard(settings),
    )
    async with request.app.state.admission.take():
        await request.app.state.service.update(job)
    return Response(status_code=204)


async def _service_description(request: Request, settings: Settings) -> Response:
    media_type = negotiate_or_406(request.headers.get("accept"), [*GRAPH_TYPES, HTML], "The service description")
    async with request.app.state.admission.take():
        sizes = await request.app.state.service.run(SizesJob())
    endpoint = str(request.url_for("sparql"))
    sd = describe(endpoint, settings.base_iri, settings.updates_enabled, sizes)
    headers = {"Vary": "Accept"}
    if media_type == HTML:
        headers["Link"] = ", ".join(f'<{endpoint}>; rel="alternate"; type="{t}"' for t in GRAPH_TYPES
                                    if t != "application/xml")
        return _page(request, {"sd": sd, "query_text": PROLOGUE + "\n" + EXAMPLE_QUERY}, headers)
    rendered = render_triples(to_triples(sd), media_type, PREFIXES)
    return Response(rendered.body, media_type=rendered.content_type, headers=headers)


async def _query_page(request: Request, settings: Settings, parsed: QueryRequest) -> Response:
    """The query page with the answer as a table (or the error), so a result can be shared by its URL."""
    job = QueryJob(query=parsed.query, result_type="application/sparql-results+json",
                   graph_type="application/n-triples", max_rows=settings.max_rows, dataset=parsed.dataset,
                   **_guard(settings))
    values: dict[str, object] = {"sd": None, "query_text": parsed.query}
    status = 200
    try:
        async with request.app.state.admission.take():
            rendered = await request.app.state.service.run(job)
        values["result"] = results.table(rendered.body, rendered.content_type, settings.base_iri)
    except ApiError as error:  # shown on the page, with its status; API clients get problem+json as before
        status = error.status
        values["error"] = error
    return _page(request, values, {"Vary": "Accept"}, status)


def _page(request: Request, values: dict[str, object], headers: dict[str, str], status: int = 200) -> Response:
    editor = _editor(request)
    context = {"alternates": [], "endpoint": str(request.url_for("sparql")), "examples": catalogue().values(),
               "result_types": DOWNLOADS, "graph_types": [t for t in GRAPH_TYPES if t != "application/xml"],
               "result": None, "error": None, "editor": editor, **values}
    if editor is not None:  # the editor's table writes fixed stylesheets: allowed by hash, on this page only
        headers = {**headers, CSP: editor_policy(EDITOR_SCRIPT)}
    return render_page(request, "sparql.html", context, status_code=status, headers=headers)


# YASGUI's built file, copied here by `make install` (npm, from package-lock.json); without it the plain form serves.
EDITOR_SCRIPT = Path(__file__).parents[1] / "static" / "vendor" / "yasgui" / "yasgui.min.js"


def _editor(request: Request) -> dict[str, object] | None:
    """What static/editor.js needs to know, or None when the build did not install the editor."""
    if not EDITOR_SCRIPT.is_file():
        return None
    settings: Settings = request.app.state.settings
    return {"base_iri": settings.base_iri, "ontology_iri": ONTOLOGY_IRI, "search": str(request.url_for("search")),
            "prefixes": PREFIX_IRIS}


DOWNLOADS = [t for t in RESULT_TYPES if t != "application/json"]  # an alias of SPARQL JSON

# The documents' graphs by name (relative IRIs resolve against the base IRI): a remote store's own dataset
# holds graphs of the server's too.
EXAMPLE_QUERY = """# each document's graph and its size
SELECT ?graph (COUNT(*) AS ?triples)
WHERE { GRAPH ?graph { ?s ?p ?o } FILTER (STRSTARTS(STR(?graph), STR(<document/>))) }
GROUP BY ?graph
ORDER BY ?graph"""
