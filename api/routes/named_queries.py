"""The named competency queries over HTTP: `/queries` lists them, `/queries/{name}` runs one.

A named query answers like `/sparql` does — SPARQL Results JSON, XML, CSV or TSV (or an RDF format for a
CONSTRUCT) by `Accept`, through the same negotiation, serialisers, query service and limits. The text run is
the shipped file; the only change a request can make is `asOf=YYYY-MM-DD` on the queries written with
`VALUES ?given { UNDEF }` (who held a post, where a head office was, on a date), and that value is a parsed
date, written back as an `xsd:date` literal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import ApiError
from ..jobs import QueryJob
from ..openapi_answers import NOT_ACCEPTABLE, problem, store, success
from ..queries import named_queries
from ..query_complexity import QueryLimits
from ..serializers import GRAPH_TYPES, RESULT_TYPES, answer_types
from ..settings import Settings

router = APIRouter(tags=["named queries"])

AS_OF_SLOT = "VALUES ?given { UNDEF }"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    sparql: str

    @property
    def takes_as_of(self) -> bool:
        return AS_OF_SLOT in self.sparql


@lru_cache(maxsize=1)
def catalogue() -> dict[str, NamedQuery]:
    """Each shipped query with the title and description its leading comment lines give."""
    found = {}
    for name, text in named_queries().items():
        comments = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comments.append(line.lstrip("#").strip())
        title, *rest = comments or [name]
        if title.startswith("Q") and ". " in title[:5]:  # "Q3. Who holds …" → "Who holds …"
            title = title.split(". ", 1)[1]
        found[name] = NamedQuery(name, title, " ".join(rest), text)
    return found


@router.get("/queries", name="queries", responses={200: success(["application/json"], "The named queries.")})
async def queries(request: Request) -> JSONResponse:
    """The named competency queries: name, what each asks, its URL and its SPARQL text."""
    return JSONResponse({"queries": [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "href": str(request.url_for("named_query", name=q.name)),
            "parameters": ["asOf"] if q.takes_as_of else [],
            "sparql": q.sparql,
        }
        for q in catalogue().values()
    ]})


@router.get("/queries/{name}", name="named_query", response_class=Response, responses={
    200: success([*RESULT_TYPES, *GRAPH_TYPES]),
    404: problem("No query of that name.", html=True),
    406: NOT_ACCEPTABLE,
    413: problem("The answer holds more rows than CKG_MAX_ROWS."),
    422: problem("asOf is not a date (YYYY-MM-DD), or this query takes none."),
    **store(),
})
async def named_query(
    request: Request,
    name: str,
    as_of: Annotated[date | None, Query(alias="asOf", description="For the *-as-of queries: the date (YYYY-MM-DD).")]
    = None,
) -> Response:
    """Run one named query; the answer's format follows `Accept` as on `/sparql`."""
    found = catalogue().get(name)
    if found is None:
        raise ApiError(404, "Not found", f"There is no named query {name!r}; GET /queries lists them.")
    text = found.sparql
    if as_of is not None:
        if not found.takes_as_of:
            raise ApiError(422, "Invalid parameters", f"The query {name!r} takes no asOf date.")
        text = text.replace(AS_OF_SLOT, f'VALUES ?given {{ "{as_of.isoformat()}"^^xsd:date }}')
    accept = request.headers.get("accept")
    result_type, graph_type = answer_types(accept)
    settings: Settings = request.app.state.settings
    job = QueryJob(query=text, base_iri=settings.base_iri, result_type=result_type, graph_type=graph_type,
                   max_rows=settings.max_rows, limits=QueryLimits.from_settings(settings),
                   allow_unsandboxed=settings.allow_unsandboxed)
    async with request.app.state.admission.take():
        rendered = await request.app.state.service.run(job)
    return Response(rendered.body, media_type=rendered.content_type, headers={"Vary": "Accept"})
