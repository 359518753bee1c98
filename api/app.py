"""`create_app(settings, store)`: the FastAPI application. No module-level app, graph or store.

The query service (worker processes, or threads for an in-memory store) is started by the lifespan and stopped
with it, so each app — and each test — owns its own, and nothing outlives it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect

from graph.namespaces import curie
from graph.store_interface import Store

from .access_log import AccessLog
from .admission import Admission
from .error_handlers import (
    api_error_handler,
    client_disconnect_handler,
    http_exception_handler,
    unexpected_error_handler,
    validation_error_handler,
)
from .errors import ApiError
from .head_requests import HeadAsGet, OptionsAllow
from .http_headers import SecurityHeaders, cors_options
from .lookups.paths import local_path
from .openapi_answers import document_problems
from .pages.data import name
from .pages.lang import pick
from .query_service import open_service
from .routes import docs, graph_store, health, linked_data, named_queries, pages, rest, sparql
from .settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"  # the pages' own stylesheet and script; nothing from a CDN

DESCRIPTION = """The ispace–JAL group partnership as a knowledge graph built from Japanese press releases.

- **REST lookups** (below): JSON, or JSON-LD with `Accept: application/ld+json`; lists page with `limit`/`offset`.
- **SPARQL 1.1** at `/sparql`, the named competency queries at `/queries`.
- **Linked data**: every data IRI dereferences at `/id/…`, the ontology at `/ontology`.
- **Pages** for a browser: `/` (what the graph holds), `/timeline`, `/network`, and the query page at `/sparql`.
"""


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The app serving `store` — or, when None, the store folder `settings.store` — at `/sparql`.

    Pass no store (just `settings.store`) to serve a folder: reads then run in killable read-only worker
    processes. A path-backed `OxigraphStore` also works, and stays the single writer; an in-memory one runs
    queries in threads, without a hard time limit (see `query_service`).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = open_service(settings, store)
        await service.start()
        app.state.service = service
        app.state.admission = Admission.from_settings(settings)
        try:
            yield
        finally:
            await service.close()

    app = FastAPI(
        title="cislunar-kg",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN; `routes.docs` serves it from here
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES))
    app.state.templates.env.globals.update(pick=pick, name=name, href=local_path, curie=curie)
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(HTTPException, http_exception_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(ClientDisconnect, client_disconnect_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(rest.router)
    app.include_router(named_queries.router)
    app.include_router(linked_data.router)
    app.include_router(docs.router)
    app.include_router(pages.router)
    document_problems(app)
    app.mount(docs.STATIC_URL, StaticFiles(directory=docs.STATIC), name="docs_static")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Outermost last: the access log sees the request as it came (HEAD, a CORS preflight) and what was sent.
    app.add_middleware(HeadAsGet)
    app.add_middleware(OptionsAllow)
    cors = cors_options(settings)
    if cors is not None:
        app.add_middleware(CORSMiddleware, **cors)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    return app
