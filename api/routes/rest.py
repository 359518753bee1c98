"""The REST lookups: organisations, people, agreements, milestones, statements, search.

Thin: check the parameters → negotiate (JSON or JSON-LD) → read through `api.lookups` (fixed queries, run by the
query service off the event loop) → send. JSON is the lookups' data; JSON-LD is the same data with an
`@context` (the shipped context by URL, plus `lookups.jsonld`'s local one). Lists page with `limit`/`offset`
and carry the next page's URL in `next` and in a `Link: rel="next"` header.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..errors import ApiError
from ..lookups import models
from ..lookups.agreements import AGREEMENTS
from ..lookups.jsonld import with_context
from ..lookups.kinds import Kind, Links, Page, one, page
from ..lookups.milestones import MILESTONES, year_bounds
from ..lookups.organisations import ORGANISATIONS
from ..lookups.paths import item_iri
from ..lookups.people import PEOPLE
from ..lookups.reader import Reader
from ..lookups.search import search as run_search
from ..lookups.statements import STATEMENTS
from ..lookups.terms import UnsafeValue
from ..negotiation import negotiate_or_406
from ..openapi_answers import INVALID, Answers, problem, store
from ..settings import Settings

router = APIRouter(tags=["lookups"])

JSON = "application/json"
JSON_LD = "application/ld+json"
OFFERED = [JSON, JSON_LD]
MAX_LIMIT = 100

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Id = Annotated[str, Path(description="The IRI's last segment under the base, e.g. 日本航空.", max_length=200)]


def _doc(model: type[BaseModel], *, item: bool = False) -> Answers:
    """The OpenAPI description of an answer: JSON (the model) or JSON-LD (the same plus @context), problems."""
    answers: Answers = {
        200: {"model": model, "content": {JSON_LD: {"schema": {"type": "object"}}}},
        406: problem("The Accept header allows neither JSON nor JSON-LD."),
        422: INVALID,
        **store(),
    }
    if item:
        answers[404] = problem("No such resource.", html=True)
    return answers


def _serve(kind: Kind, plural: str, models_of: tuple[type[BaseModel], type[BaseModel]], docs: tuple[str, str]) -> None:
    """The two routes of a kind: its pages at `/{plural}` and one item at `/{plural}/{id}` (`name=kind.name`)."""
    page_model, item_model = models_of

    async def page_of_kind(request: Request, limit: Limit = 20, offset: Offset = 0) -> Response:
        return await _page(request, kind, limit, offset)

    async def item_of_kind(request: Request, id: Id) -> Response:
        return await _item(request, kind, id)

    page_of_kind.__doc__, item_of_kind.__doc__ = docs
    router.add_api_route(f"/{plural}", page_of_kind, methods=["GET"], name=plural, response_model=None,
                         responses=_doc(page_model))
    router.add_api_route(f"/{plural}/{{id}}", item_of_kind, methods=["GET"], name=kind.name, response_model=None,
                         responses=_doc(item_model, item=True))


_serve(ORGANISATIONS, "organizations", (models.OrganisationPage, models.Organisation), (
    "Companies and corporate groups, with short names, head offices, posts, agreements and source spans.",
    "One organisation, e.g. `/organizations/日本航空`.",
))
_serve(PEOPLE, "people", (models.PersonPage, models.Person), (
    "People, with the posts they hold (organisation, title, date stated) and their statements.",
    "One person, e.g. `/people/秡川宏樹`.",
))
_serve(AGREEMENTS, "agreements", (models.AgreementPage, models.Agreement), (
    "Agreements: kind, parties, signing date, purpose, scope areas, signing event and its participants.",
    "One agreement, e.g. `/agreements/basic-agreement-2025-11-28-9d6758`.",
))


@router.get("/milestones", name="milestones", response_model=None, responses=_doc(models.MilestonePage))
async def milestones(
    request: Request,
    from_: Annotated[int | None, Query(alias="from", ge=1, le=9999,
                                       description="Only milestones that end in or after this year.")] = None,
    to: Annotated[int | None, Query(ge=1, le=9999,
                                    description="Only milestones that begin in or before this year.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """The partnership's milestones in time order; with `from`/`to`, those overlapping those years."""
    if from_ is not None and to is not None and from_ > to:
        raise ApiError(422, "Invalid parameters", f"from ({from_}) is after to ({to}).")
    return await _page(request, MILESTONES, limit, offset, **year_bounds(from_, to))


@router.get("/statements", name="statements", response_model=None, responses=_doc(models.StatementPage))
async def statements(request: Request, limit: Limit = 20, offset: Offset = 0) -> Response:
    """Statements (the comments quoted in releases), with who made them and the text."""
    return await _page(request, STATEMENTS, limit, offset)


@router.get("/search", name="search", response_model=None, responses=_doc(models.SearchPage))
async def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Text to find in names, e.g. JALEC.")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Resources whose labels (ja or en), short names or names contain `q`, ignoring case."""
    text = q.strip()
    if not text:
        raise ApiError(422, "Invalid parameters", "q must hold more than white space.")
    media_type = _negotiate(request)
    reader, links = _reader(request)
    async with request.app.state.admission.take():
        result = await run_search(reader, links, text, limit, offset)
    return _send_page(request, result, "search", media_type)


# -- The shared steps --

async def _page(request: Request, kind: Kind, limit: int, offset: int, **slots: str) -> Response:
    media_type = _negotiate(request)
    reader, links = _reader(request)
    async with request.app.state.admission.take():
        result = await page(reader, kind, links, limit, offset, **slots)
    return _send_page(request, result, kind.name, media_type)


async def _item(request: Request, kind: Kind, item_id: str) -> Response:
    media_type = _negotiate(request)
    reader, links = _reader(request)
    not_found = ApiError(404, "Not found", f"There is no {kind.name} with id {item_id!r}.")
    try:
        iri = item_iri(links.base_iri, kind.name, item_id)
    except UnsafeValue:
        raise not_found from None
    async with request.app.state.admission.take():
        item = await one(reader, kind, links, iri)
    if item is None:
        raise not_found
    return _send(request, item, kind.name, media_type)


def _negotiate(request: Request) -> str:
    return negotiate_or_406(request.headers.get("accept"), OFFERED, "This answer")


def _reader(request: Request) -> tuple[Reader, Links]:
    settings: Settings = request.app.state.settings
    return Reader(request.app.state.service, settings), Links(settings.base_iri, str(request.base_url))


def _send_page(request: Request, result: Page, kind: str, media_type: str) -> Response:
    following = (str(request.url.include_query_params(limit=result.limit, offset=result.offset + result.limit))
                 if result.has_next else None)
    body = {"items": result.items, "limit": result.limit, "offset": result.offset, "next": following}
    headers = {"Link": f'<{following}>; rel="next"'} if following else {}
    return _send(request, body, kind, media_type, headers)


def _send(request: Request, data: dict[str, Any], kind: str, media_type: str,
          headers: dict[str, str] | None = None) -> Response:
    if media_type == JSON_LD:
        data = with_context(data, str(request.url_for("ontology_context")), kind)
    return JSONResponse(data, media_type=media_type, headers={"Vary": "Accept", **(headers or {})})
