"""Where the store is a remote SPARQL endpoint (`CKG_STORE=sparql:…`): every job is checked here, then forwarded.

`RemoteService` runs the same `execute.run` as the embedded store's workers, over a `SparqlStore` whose `evaluate`
forwards the query and reads the answer back with pyoxigraph. So the guard (no SERVICE, no LOAD, only graphs the
store holds), the 406 for a form the client cannot accept, the row cap and this service's own serialisers all
apply, in that order: a refused request never reaches the remote endpoint, and both backends answer in the
same bytes. Updates are forwarded to the update URL after the same checks; the route has already checked the
update token.

Jobs run in threads, so the HTTP wait and rdflib's parse stay off the event loop. The time limit is the HTTP
client's timeout (the store is opened with `CKG_QUERY_TIMEOUT`), with the same limit on the wait here as a
backstop for a server that trickles bytes: either way the client gets 503. The remote server may go on
evaluating a query whose answer was abandoned, so the limit is soft (`hard_limit = False`): give the server a
limit of its own at or below CKG_QUERY_TIMEOUT (Virtuoso: `MaxQueryExecutionTime`), and a row limit above
CKG_MAX_ROWS (Virtuoso: `ResultSetMaxRows`; an answer it cuts is refused with 413, never sent as whole).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import pyoxigraph as ox

from graph.errors import AnswerCut, QueryEvaluationError, QuerySyntaxError, StoreError, StoreTimeout
from graph.remote_store import SparqlStore
from graph.store import GraphSizes, QueryDataset
from graph.store_factory import open_store

from . import execute
from .errors import ApiError
from .jobs import Job, WriteJob
from .problems import query_timed_out
from .settings import Settings

log = logging.getLogger("cislunar_kg.api")

T = TypeVar("T")


class RemoteService:
    """Jobs checked here and forwarded to a SPARQL endpoint, in threads, under the time limit."""

    hard_limit = False

    def __init__(self, store: SparqlStore, settings: Settings, *, owned: bool = False) -> None:
        self.store = store
        self.settings = settings
        self._owned = owned
        self._endpoint = _Endpoint(store, settings.query_timeout)
        # Threads here mostly wait on the network: one per request that may hold a slot.
        workers = max(settings.max_concurrent, settings.query_workers)
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ckg-remote")

    @classmethod
    def open(cls, settings: Settings) -> RemoteService:
        """The service for `settings.store`, a `sparql:` spec; the HTTP client's timeout is the query time limit."""
        store = open_store(settings.store, timeout=settings.query_timeout, base_iri=settings.base_iri,
                           credentials=settings.store_credentials)
        assert isinstance(store, SparqlStore)
        return cls(store, settings, owned=True)

    async def start(self) -> None:
        return None

    async def run(self, job: Job) -> Any:
        return await self._in_thread(job)

    async def update(self, job: WriteJob) -> Any:
        return await self._in_thread(job)

    async def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        if self._owned:
            self.store.close()

    async def _in_thread(self, job: Job) -> Any:
        timeout = self.settings.query_timeout
        # `execute.run` is annotated for the embedded store; `_Endpoint` has every method it calls on one.
        future = asyncio.get_running_loop().run_in_executor(
            self._threads, execute.run, self._endpoint, job  # type: ignore[arg-type]
        )
        future.add_done_callback(lambda done: done.cancelled() or done.exception())  # an abandoned error is not news
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            raise query_timed_out(timeout, stopped=False) from None


class _Endpoint:
    """The remote store as `execute.run` uses it, with its failures put in the client's terms.

    A timeout is 503 "Query timed out"; an answer the server cut short is 413, as when this service's own row
    cap is reached; any other failure is 503 without the endpoint's address (the log has it).
    A syntax error the server found is left to `execute`, which answers 400 with the server's words.
    """

    def __init__(self, store: SparqlStore, timeout: float) -> None:
        self._store = store
        self._timeout = timeout

    def evaluate(
        self, sparql: str, *, base_iri: str | None = None, dataset: QueryDataset | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        return self._call(lambda: self._store.evaluate(sparql, base_iri=base_iri, dataset=dataset))

    def apply_update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self._call(lambda: self._store.apply_update(sparql, base_iri=base_iri))

    def named_graphs(self) -> list[str]:
        return self._call(self._store.named_graphs)

    def graph_sizes(self) -> GraphSizes:
        return self._call(self._store.graph_sizes)

    def flush(self) -> None:
        """Nothing to flush: the server commits each request."""

    def _call(self, step: Callable[[], T]) -> T:
        with self._translated():
            return step()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except (QuerySyntaxError, QueryEvaluationError):
            raise
        except StoreTimeout:
            raise query_timed_out(self._timeout, stopped=False) from None
        except AnswerCut as error:
            raise ApiError(413, "Result too large",
                           f"The store {error.args[0].removeprefix('the endpoint ')}. Add LIMIT (and OFFSET to "
                           "page) or narrow the query.") from None
        except StoreError as error:
            log.error("the remote store failed: %s", error)
            raise ApiError(503, "Store unavailable",
                           "The remote store could not answer; the service's log says why.") from None
