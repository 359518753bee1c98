"""Pages for people with a browser: `/` (what the graph holds), `/timeline` and `/network` (SVG pictures).

Thin, as the other routes: read through `api.pages.data` (which uses `api.lookups`) off the event loop → draw →
template. Labels follow the browser's Accept-Language (ja or en, falling back to the other). The entity pages
live with linked data (`/id/…`, `routes.linked_data`) and the query page with the endpoint (`routes.sparql`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from ..lookups.kinds import Links
from ..lookups.reader import Reader
from ..pages import data
from ..pages.lang import preferred
from ..settings import Settings
from ..templating import render_page

router = APIRouter(include_in_schema=False)


def context(request: Request) -> tuple[Reader, Links, tuple[str, ...]]:
    """The request's reader, link maker and language order."""
    settings: Settings = request.app.state.settings
    links = Links(settings.base_iri, str(request.base_url))
    return Reader(request.app.state.service, settings), links, preferred(request.headers.get("accept-language"))


def render(request: Request, template: str, order: tuple[str, ...], **values: object) -> Response:
    values = {"alternates": [], "order": order, "lang": order[0], **values}
    return render_page(
        request, template, values, headers={"Vary": "Accept-Language", "Content-Language": order[0]})


@router.get("/", name="home", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    reader, links, order = context(request)
    async with request.app.state.admission.take():
        found = await data.home(reader, links)
    return render(request, "home.html", order, home=found, base_iri=links.base_iri)


@router.get("/timeline", name="timeline", response_class=HTMLResponse)
async def timeline(request: Request) -> Response:
    reader, links, order = context(request)
    async with request.app.state.admission.take():
        svg, milestones = await data.timeline(reader, links, order)
    return render(request, "timeline.html", order, svg=Markup(svg), milestones=milestones,
                  base_iri=links.base_iri)


@router.get("/network", name="network", response_class=HTMLResponse)
async def network(request: Request) -> Response:
    reader, links, order = context(request)
    async with request.app.state.admission.take():
        svg = await data.network(reader, links, order)
    return render(request, "network.html", order, svg=Markup(svg))
