"""Run one job exactly as the service would, without a server: for the command line's `query`.

The same service (`query_service.open_service`) runs it: over a store folder, one worker process that loses
the network before it opens the store read-only, under CKG_QUERY_TIMEOUT, with the same canonical text,
limits, guard and row cap (`execute`); over a `sparql:` store, the same checks before forwarding. So the
command line accepts and refuses what the endpoint does, in the same words, and a query that crashes the
engine costs that worker, not the command.
"""

from __future__ import annotations

import asyncio
from typing import Any

from .jobs import Job
from .query_service import open_service
from .settings import Settings


def run_job(settings: Settings, job: Job) -> Any:
    """The job's answer (an `ApiError` is raised as the endpoint would send it); one worker, started and stopped."""
    return asyncio.run(_run(settings.replace(query_workers=1), job))


async def _run(settings: Settings, job: Job) -> Any:
    service = open_service(settings, None)
    await service.start()
    try:
        return await service.run(job)
    finally:
        await service.close()
