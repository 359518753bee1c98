"""Liveness and readiness, for a supervisor or load balancer.

`/healthz` answers while the event loop runs. `/readyz` answers 200 only when a store worker has opened the
store and answered a trivial query within the time limit, and the service can take another request: while
every place is taken and the wait queue is full (`CKG_MAX_CONCURRENT`, `CKG_QUEUE_LENGTH`), it answers 503 with
Retry-After, title "Saturated" and a detail giving the requests running and waiting, without queueing itself,
so a load balancer sends new clients elsewhere. Its JSON also says whether queries run under a hard time limit
(worker processes) or a soft one (threads over an in-memory store), so a misconfiguration is visible.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..admission import Admission
from ..errors import ApiError
from ..jobs import PingJob
from ..openapi_answers import problem, store

router = APIRouter()


@router.get("/healthz", name="healthz")
async def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"})


READY_ANSWERS = {
    **store(),
    503: {**store()[503], **problem("Not ready: the store does not answer, or every place and the wait queue are "
                                    "taken (title `Saturated`); retry after the time given.")},
}


@router.get("/readyz", name="readyz", responses=READY_ANSWERS)
async def readyz(request: Request) -> JSONResponse:
    admission: Admission = request.app.state.admission
    if admission.saturated:
        busy = admission.busy_error()
        raise ApiError(503, "Saturated", busy.detail, busy.headers)
    service = request.app.state.service
    # An ApiError (503 …) is rendered by the handler.
    await service.run(PingJob(request.app.state.settings.allow_unsandboxed))
    return JSONResponse({"status": "ready", "hard_time_limit": service.hard_limit})
