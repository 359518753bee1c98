"""Linked data: every IRI of the graph dereferences here, in the format the client's Accept asks for.

    /id/{rest}                  the resource {CKG_BASE_IRI}{rest}      (`lookups.describe`)
    /ontology                   the ontology (and every `ckg:` term: the fragment stays with the client)
    /ontology/{rest}            its version IRIs and the alignments (`ontology_docs`)
    /ontology/context.jsonld    the JSON-LD context the REST answers use

Each answers Turtle, JSON-LD, RDF/XML, N-Triples or HTML, with `Vary: Accept`; an HTML page links its machine
twins (`Link: rel="alternate"` and `<link>` elements). Unknown resources are 404, unacceptable Accept 406.
A resource's page is `templates/resource.html` over `lookups.describe.view` and `pages.data.entity` (the kind's
lookup, labels in the browser's language, each source span in its sentence); the ontology's is the page
`ontology.page` writes (the one `cislunar-kg ontology -f html` prints), with the twins' `<link>`s added.
"""

from __future__ import annotations

import asyncio
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

import ontology
from graph.namespaces import ONTOLOGY_IRI, PREFIXES

from .. import ontology_docs
from ..errors import ApiError
from ..http_headers import CSP, policy_for
from ..lookups.describe import describe, view
from ..lookups.kinds import Links
from ..lookups.paths import data_iri, rest_path, url_path
from ..lookups.reader import Reader
from ..lookups.terms import TYPE, UnsafeValue
from ..negotiation import negotiate_or_406
from ..openapi_answers import INVALID, NOT_ACCEPTABLE, problem, store, success
from ..pages import data as pages
from ..pages.lang import preferred
from ..serializers import render_triples
from ..settings import Settings

router = APIRouter(tags=["linked data"])

HTML = "text/html"
RDF_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
OFFERED = [*RDF_TYPES, HTML]  # a client that states no preference gets Turtle; browsers ask for HTML
OBJECT = {"type": "object"}


@router.get("/id/{rest:path}", name="resource", response_class=Response, responses={
    200: success(OFFERED), 404: problem("The graph says nothing of this IRI.", html=True), 406: NOT_ACCEPTABLE,
    422: INVALID, **store()})
async def resource(request: Request, rest: str) -> Response:
    """The description of the resource `{CKG_BASE_IRI}{rest}`: its triples and the labels of what it links to."""
    settings: Settings = request.app.state.settings
    media_type = negotiate_or_406(request.headers.get("accept"), OFFERED, "This resource")
    not_found = ApiError(404, "Not found", f"The graph says nothing of {settings.base_iri}{rest}.")
    try:
        iri = data_iri(settings.base_iri, rest)
    except UnsafeValue:
        raise not_found from None
    async with request.app.state.admission.take():
        description = await describe(Reader(request.app.state.service, settings), iri)
    if not description.found:
        raise not_found
    if media_type == HTML:
        alternates = _alternates(request)
        rest_api = rest_path(settings.base_iri, iri)
        links = Links(settings.base_iri, str(request.base_url))
        async with request.app.state.admission.take():
            entity = await pages.entity(Reader(request.app.state.service, settings), links, description,
                                        settings.sources)
        order = preferred(request.headers.get("accept-language"))
        shown = view(description, settings.base_iri, order)
        types = [t for t in next((row.values for row in shown.sections[0].rows if row.predicate.title == TYPE), [])
                 if t.text != t.title and ":" not in t.text]  # the classes with labels: the ontology's own
        context = {"view": shown, "alternates": alternates, "rest_api": rest_api,
                   "rest_api_text": unquote(rest_api or ""), "entity": entity, "order": order, "lang": order[0],
                   "types": types, "base_iri": settings.base_iri}
        headers = _html_headers(alternates) | {"Vary": "Accept, Accept-Language", "Content-Language": order[0]}
        return request.app.state.templates.TemplateResponse(request, "resource.html", context, headers=headers)
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()} | {"id": settings.base_iri}
    rendered = render_triples(description.triples, media_type, prefixes)
    return Response(rendered.body, media_type=rendered.content_type, headers={"Vary": "Accept"})


@router.get("/ontology/context.jsonld", name="ontology_context", response_class=Response,
            responses={200: success(["application/ld+json"], "The context.", {"application/ld+json": OBJECT})})
async def context() -> Response:
    """The JSON-LD 1.1 context: a short key for every `ckg:` term and the reused ones."""
    text = ontology.CONTEXT_FILE.read_text(encoding="utf-8")
    return Response(text, media_type="application/ld+json", headers={"Access-Control-Allow-Origin": "*"})


@router.get("/ontology", name="ontology", response_class=Response,
            responses={200: success(OFFERED), 406: NOT_ACCEPTABLE})
async def ontology_document(request: Request) -> Response:
    """The ontology (`https://w3id.org/cislunar-kg/ontology`); each term `…/ontology#Term` is a section of it."""
    return await _ontology(request, ONTOLOGY_IRI)


@router.get("/ontology/{rest:path}", name="ontology_part", response_class=Response, responses={
    200: success(OFFERED), 404: problem("No ontology document is published here.", html=True),
    406: NOT_ACCEPTABLE, 422: INVALID})
async def ontology_part(request: Request, rest: str) -> Response:
    """A version of the ontology (`/ontology/0.1.0`) or the alignments ontology (`/ontology/alignments`)."""
    return await _ontology(request, f"{ONTOLOGY_IRI}/{rest}")


async def _ontology(request: Request, iri: str) -> Response:
    media_type = negotiate_or_406(request.headers.get("accept"), OFFERED, "The ontology")
    document = await asyncio.to_thread(ontology_docs.lookup, iri)  # parsed once, then cached
    if document is None:
        raise ApiError(404, "Not found", f"This server publishes no ontology document at {iri}.")
    if media_type == HTML:
        page = await asyncio.to_thread(ontology_docs.html, iri)  # rendered once, then cached
        assert page is not None
        alternates = _alternates(request)
        links = "".join(f'<link rel="alternate" type="{t}" href="{url}">\n' for url, t in alternates)
        page = page.replace("</head>", links + "</head>", 1)
        headers = _html_headers(alternates) | {CSP: policy_for(page)}  # the page's inline stylesheet, by hash
        return HTMLResponse(page, headers=headers)
    if media_type == "text/turtle":  # as written: prefixes aligned, sections, comments
        return Response(document.turtle, media_type="text/turtle; charset=utf-8", headers={"Vary": "Accept"})
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    rendered = render_triples(document.triples, media_type, prefixes)
    return Response(rendered.body, media_type=rendered.content_type, headers={"Vary": "Accept"})


def _alternates(request: Request) -> list[tuple[str, str]]:
    """(URL, media type) of each machine twin: the same URL, asked for with another Accept."""
    url = str(request.url.replace(path=url_path(request.url.path), query=""))
    return [(url, media_type) for media_type in RDF_TYPES]


def _html_headers(alternates: list[tuple[str, str]]) -> dict[str, str]:
    return {
        "Vary": "Accept",
        "Link": ", ".join(f'<{url}>; rel="alternate"; type="{media_type}"' for url, media_type in alternates),
    }
