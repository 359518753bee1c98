"""`/docs`: FastAPI's Swagger UI page over `/openapi.json`, with its script and style served from here.

FastAPI's default page loads Swagger UI from a CDN; this one uses the copy the `fastapi-offline` package ships
(mounted at `/docs/static` by `create_app`), so the docs work on a machine without internet. The page starts
Swagger UI with an inline script, which its Content-Security-Policy allows by hash (and nothing else inline).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from ..http_headers import CSP, policy_for

router = APIRouter(include_in_schema=False)

STATIC = Path(str(files("fastapi_offline") / "static"))
STATIC_URL = "/docs/static"


@router.get("/docs", name="docs")
async def docs(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} — API docs",
        swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
    )
    page.headers[CSP] = policy_for(bytes(page.body).decode("utf-8"))  # its inline start-up script, by hash
    return page
