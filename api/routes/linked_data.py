"""Linked data: every IRI of the graph dereferences here, in the format the client's Accept asks for.

    /id/{rest}                  the resource {CKG_BASE_IRI}{rest}      (`lookups.describe`)
    /ontology                   the ontology (and every `ckg:` term: the fragment stays with the client)
    /ontology/{rest}            its version IRIs and the alignments (`ontology_docs`)
    /ontology/context.jsonld    the JSON-LD context the REST answers use
    /shapes, /shapes/{version}  the SHACL shapes (every shape `…/shapes#Shape` is a section of them)

Each answers Turtle, JSON-LD, RDF/XML, N-Triples or HTML, with `Vary: Accept`; an HTML page links its machine
twins (`Link: rel="alternate"` and `<link>` elements), and so does every RDF answer (`Link` to the other formats).
`application/json` gets JSON-LD (it is JSON). Every answer but a resource's HTML page carries an `ETag`, and a
`Last-Modified` where the document dates itself; a client's matching validators get `304` (`api.conditional`).
Unknown resources are 404, unacceptable Accept 406.
A resource's page is `templates/resource.html` over `lookups.describe.view` and `pages.data.entity` (the kind's
lookup, labels in the browser's language, each source span in its sentence); the ontology's is the page
`ontology.page` writes (the one `cislunar-kg ontology -f html` prints), with the twins' `<link>`s added.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from urllib.parse import unquote

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

import ontology
from graph.namespaces import ONTOLOGY_IRI, PREFIX_IRIS

from .. import ontology_docs, shapes_docs
from ..conditional import CURRENT, IMMUTABLE, REVALIDATE, answer
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
from ..templating import render_page

router = APIRouter(tags=["linked data"])

HTML = "text/html"
JSON = "application/json"  # answered with JSON-LD, which is JSON
RDF_TYPES = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]
OFFERED = [*RDF_TYPES, HTML, JSON]  # a client that states no preference gets Turtle; browsers ask for HTML
RDF_OFFERED = [*RDF_TYPES, JSON]
VERSION_IRI = re.compile(r"/\d+\.\d+\.\d+$")
DCTERMS_MODIFIED = "http://purl.org/dc/terms/modified"
DCTERMS_CREATED = "http://purl.org/dc/terms/created"
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
        return render_page(request, "resource.html", context, headers=headers)
    prefixes = PREFIX_IRIS | {"id": settings.base_iri}
    return _rdf_answer(request, description.triples, media_type, prefixes, REVALIDATE)


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
    cache = IMMUTABLE if VERSION_IRI.search(iri) else CURRENT  # a version IRI answers a frozen copy
    modified = _modified(document.triples, iri)
    if media_type == HTML:
        page = await asyncio.to_thread(ontology_docs.html, iri)  # rendered once, then cached
        assert page is not None
        alternates = _alternates(request)
        links = "".join(f'<link rel="alternate" type="{t}" href="{url}">\n' for url, t in alternates)
        page = page.replace("</head>", links + "</head>", 1)
        headers = _html_headers(alternates) | {CSP: policy_for(page)}  # the page's inline stylesheet, by hash
        return answer(request, page.encode("utf-8"), "text/html; charset=utf-8", headers, cache, modified)
    return _document_answer(request, document.turtle, document.triples, media_type, cache, modified)


@router.get("/shapes", name="shapes", response_class=Response,
            responses={200: success(RDF_OFFERED), 406: NOT_ACCEPTABLE})
async def shapes_document(request: Request) -> Response:
    """The SHACL shapes (`https://w3id.org/cislunar-kg/shapes`); each shape `…/shapes#Shape` is a section of them."""
    return await _shapes(request, shapes_docs.SHAPES_IRI)


@router.get("/shapes/{version}", name="shapes_version", response_class=Response, responses={
    200: success(RDF_OFFERED), 404: problem("No shapes of this version are published here."), 406: NOT_ACCEPTABLE})
async def shapes_version(request: Request, version: str) -> Response:
    """The shapes by their version IRI (`/shapes/0.2.0`)."""
    return await _shapes(request, f"{shapes_docs.SHAPES_IRI}/{version}")


async def _shapes(request: Request, iri: str) -> Response:
    media_type = negotiate_or_406(request.headers.get("accept"), RDF_OFFERED, "The shapes")
    document = await asyncio.to_thread(shapes_docs.lookup, iri)
    if document is None:
        raise ApiError(404, "Not found", f"This server publishes no shapes at {iri}.")
    # Revalidated, not immutable, even at a version IRI: the current version's layers are edited in place
    # until released.
    return _document_answer(request, document.turtle, document.triples, media_type, CURRENT,
                            _modified(document.triples, shapes_docs.SHAPES_IRI))


def _document_answer(request: Request, turtle: str, triples: list[ox.Triple], media_type: str, cache: str,
                     modified: dt.datetime | None) -> Response:
    """A published document: Turtle exactly as written (prefixes aligned, sections, comments), else re-serialised."""
    if media_type == "text/turtle":
        return answer(request, turtle.encode("utf-8"), "text/turtle; charset=utf-8", _rdf_headers(request), cache,
                      modified)
    return _rdf_answer(request, triples, media_type, PREFIX_IRIS, cache, modified)


def _rdf_answer(request: Request, triples: list[ox.Triple], media_type: str, prefixes: dict[str, str], cache: str,
                modified: dt.datetime | None = None) -> Response:
    rendered = render_triples(triples, "application/ld+json" if media_type == JSON else media_type, prefixes)
    content_type = JSON if media_type == JSON else rendered.content_type
    return answer(request, rendered.body, content_type, _rdf_headers(request), cache, modified)


def _rdf_headers(request: Request) -> dict[str, str]:
    """`Vary` and a `Link` to every other format of the same IRI, HTML included where it is offered."""
    url = str(request.url.replace(path=url_path(request.url.path), query=""))
    offered = OFFERED if not request.url.path.startswith("/shapes") else RDF_OFFERED
    links = [f'<{url}>; rel="alternate"; type="{t}"' for t in offered if t != JSON]
    return {"Vary": "Accept", "Link": ", ".join(links)}


def _modified(triples: list[ox.Triple], iri: str) -> dt.datetime | None:
    """When the document says it was last changed (`dcterms:modified`, else `dcterms:created`), at 00:00 UTC."""
    dates = {t.predicate.value: t.object.value for t in triples
             if isinstance(t.subject, ox.NamedNode) and t.predicate.value in (DCTERMS_MODIFIED, DCTERMS_CREATED)
             and isinstance(t.object, ox.Literal) and t.subject.value in (iri, _document_iri(iri))}
    text = dates.get(DCTERMS_MODIFIED) or dates.get(DCTERMS_CREATED)
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.UTC) if text else None
    except ValueError:
        return None


def _document_iri(iri: str) -> str:
    """The ontology IRI a version IRI belongs to (`…/ontology/0.3.0` → `…/ontology`)."""
    return VERSION_IRI.sub("", iri)


def _alternates(request: Request) -> list[tuple[str, str]]:
    """(URL, media type) of each machine twin: the same URL, asked for with another Accept."""
    url = str(request.url.replace(path=url_path(request.url.path), query=""))
    return [(url, media_type) for media_type in RDF_TYPES]


def _html_headers(alternates: list[tuple[str, str]]) -> dict[str, str]:
    return {
        "Vary": "Accept",
        "Link": ", ".join(f'<{url}>; rel="alternate"; type="{media_type}"' for url, media_type in alternates),
    }
