"""How lookups reach the store: through the query service, like `/sparql`, with the same limits.

Each query is sent as a `QueryJob`, so it runs in a worker (off the event loop), passes the same guard, is
stopped at `CKG_QUERY_TIMEOUT` and capped at `CKG_MAX_ROWS`. The worker answers in SPARQL Results JSON or
N-Triples; those few kilobytes are read back into terms here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from ..jobs import Job, QueryJob
from ..query_complexity import QueryLimits
from ..serializers import Rendered
from ..settings import Settings
from .index import Index, Node

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


class Service(Protocol):
    async def run(self, job: Job) -> Any: ...


Row = dict[str, Node]


@dataclass(frozen=True)
class Reader:
    """Runs lookup queries for one request."""

    service: Service
    settings: Settings

    async def select(self, query: str) -> list[Row]:
        rendered = await self._run(query)
        solutions = ox.parse_query_results(rendered.body, ox.QueryResultsFormat.JSON)
        try:
            assert isinstance(solutions, ox.QuerySolutions), "a lookup SELECT answered with a boolean"
            names = [v.value for v in solutions.variables]
            return [
                {name: value for name, value in zip(names, solution, strict=True) if value is not None
                 and not isinstance(value, ox.Triple)}
                for solution in solutions
            ]
        finally:
            del solutions  # Oxigraph's result objects must be dropped on the thread that made them

    async def construct(self, query: str) -> Index:
        return Index(await self.construct_triples(query))

    async def construct_triples(self, query: str) -> list[ox.Triple]:
        rendered = await self._run(query)
        return [quad.triple for quad in ox.parse(rendered.body, format=ox.RdfFormat.N_TRIPLES)]

    async def _run(self, query: str) -> Rendered:
        job = QueryJob(
            query=query,
            base_iri=self.settings.base_iri,
            result_type=_RESULTS,
            graph_type=_TRIPLES,
            max_rows=self.settings.max_rows,
            limits=QueryLimits.from_settings(self.settings),
            allow_unsandboxed=self.settings.allow_unsandboxed,
        )
        rendered = await self.service.run(job)
        assert isinstance(rendered, Rendered)
        return rendered
