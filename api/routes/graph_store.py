"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol, indirect identification (`?graph=IRI` or `?default`).

GET (and HEAD, `head_requests`) sends one graph in any RDF format the client accepts; PUT replaces it, POST
merges into it, DELETE drops it — with the update token, as one SPARQL Update through the write gate
(`graph/write_gate.py`), so a document graph that would break the shapes is refused with 422 and left as it was.
`?default` is the dataset's default graph, the one SPARQL Update writes without `GRAPH`; the union of the
documents that queries see is not a graph of the dataset and cannot be written (docs/endpoint.md).
"""

from __future__ import annotations

import uuid
from email.parser import BytesParser
from email.policy import default
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import graph_store_openapi
from ..auth import require_update_permission
from ..errors import ApiError
from ..jobs import GraphReadJob, GraphWriteJob
from ..limits import read_body
from ..negotiation import negotiate_or_406
from ..serializers import GRAPH_TYPES
from ..settings import Settings

router = APIRouter()

@router.get("/store", name="graph_store", operation_id="graph_store_get", response_class=Response,
            summary="Graph Store Protocol: read one graph (?graph=IRI or ?default)",
            openapi_extra=graph_store_openapi.GET)
async def read_graph(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    graph = graph_named(request.url.query)
    media_type = negotiate_or_406(request.headers.get("accept"), list(GRAPH_TYPES), "A graph")
    job = GraphReadJob(graph, media_type, settings.base_iri, settings.max_rows, settings.allow_unsandboxed)
    async with request.app.state.admission.take():
        rendered = await request.app.state.service.run(job)
    return Response(rendered.body, media_type=rendered.content_type, headers={"Vary": "Accept"})


# One handler as three routes, because OpenAPI needs an operation id per method.
@router.put("/store", name="graph_store_put", operation_id="graph_store_put", response_class=Response,
            summary="Graph Store Protocol: replace one graph", openapi_extra=graph_store_openapi.PUT)
@router.post("/store", name="graph_store_post", operation_id="graph_store_post", response_class=Response,
             summary="Graph Store Protocol: merge into one graph, or make a new one (POST to /store itself)",
             openapi_extra=graph_store_openapi.POST)
@router.delete("/store", name="graph_store_delete", operation_id="graph_store_delete", response_class=Response,
               summary="Graph Store Protocol: drop one graph", openapi_extra=graph_store_openapi.DELETE)
async def write_graph(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    creating = request.method == "POST" and not request.url.query
    # POST to the store itself makes a new graph (GSP §5.5); it is the client's own, not a document.
    graph = f"urn:uuid:{uuid.uuid4()}" if creating else graph_named(request.url.query)
    require_update_permission(request.headers.get("authorization"), settings.update_token)
    parts: tuple[tuple[bytes, str], ...] = ()
    if request.method != "DELETE":
        body = await read_body(request, settings.max_body, settings.body_timeout)
        parts = rdf_parts(request.headers.get("content-type"), body)
    job = GraphWriteJob(request.method, graph, settings.base_iri, parts,
                        body_base=graph or settings.base_iri, allow_unsandboxed=settings.allow_unsandboxed)
    async with request.app.state.admission.take():
        created = await request.app.state.service.update(job)
    if creating:
        return Response(status_code=201, headers={"Location": graph or ""})
    return Response(status_code=201 if created else 204)


def graph_named(query: str) -> str | None:
    """The graph a request names: an absolute IRI by `?graph=`, or None for `?default`; 400 for anything else."""
    pairs = parse_qsl(query, keep_blank_values=True)
    names = {name for name, _ in pairs}
    if names - {"graph", "default"} or len(pairs) != 1:
        raise ApiError(400, "Bad graph request", "Name one graph: ?graph=IRI (an absolute IRI) or ?default, "
                       "and nothing else.")
    name, value = pairs[0]
    if name == "default":
        if value:
            raise ApiError(400, "Bad graph request", "?default takes no value.")
        return None
    try:
        iri = ox.NamedNode(value).value
    except ValueError:
        iri = ""
    if not iri or ":" not in iri:
        raise ApiError(400, "Bad graph request", f"?graph must be an absolute IRI; {value!r} is not one.")
    return iri


def rdf_parts(content_type: str | None, body: bytes) -> tuple[tuple[bytes, str], ...]:
    """The RDF a write carries: the body in its graph format, or each part of a multipart/form-data body (GSP
    §5.5 lets a client send several files at once); 415 for anything else."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        return ((body, graph_media_type(media_type)),)
    message = BytesParser(policy=default).parsebytes(b"Content-Type: " + (content_type or "").encode("latin-1")
                                                     + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise ApiError(400, "Bad multipart body", "The multipart/form-data body has no parts (or no boundary).")
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        parts.append((payload if isinstance(payload, bytes) else b"", graph_media_type(part.get_content_type())))
    return tuple(parts)


def graph_media_type(media_type: str) -> str:
    """The RDF graph format of a body by its media type, or 415."""
    fmt = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if fmt is None or fmt.supports_datasets and fmt != ox.RdfFormat.JSON_LD:
        raise ApiError(415, "Unsupported media type",
                       "Send a graph as text/turtle, application/n-triples, application/rdf+xml, text/n3, "
                       "application/ld+json, or several as multipart/form-data.")
    return media_type
