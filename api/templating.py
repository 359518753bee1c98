"""The service's HTML templates: made once with the app, rendered by every route that answers with a page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response


def installed_templates(request: Request) -> Jinja2Templates | None:
    """The app's templates; None in an app made without them (the bare apps some tests build)."""
    templates = getattr(request.app.state, "templates", None)
    return templates if isinstance(templates, Jinja2Templates) else None


def render_page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    templates = installed_templates(request)
    assert templates is not None, "the app renders pages only once its templates are installed"
    return templates.TemplateResponse(request, template, context, status_code=status_code, headers=headers)
