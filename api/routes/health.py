"""Liveness and readiness, for a supervisor or load balancer.

`/healthz` answers while the event loop runs; `/readyz` only when a store worker has opened the store and
answered a trivial query within the time limit. It also says whether queries run under a hard time limit
(worker processes) or a soft one (threads over an in-memory store), so a misconfiguration is visible.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..jobs import PingJob

router = APIRouter()


@router.get("/healthz", name="healthz")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/readyz", name="readyz")
async def readyz(request: Request) -> JSONResponse:
    service = request.app.state.service
    await service.run(PingJob())  # an ApiError (503 …) is rendered by the handler
    return JSONResponse({"status": "ready", "hard_time_limit": service.hard_limit})
