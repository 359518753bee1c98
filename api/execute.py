"""Carry out one job against a store: canonicalise, limit, guard, evaluate, cap, serialise. Runs inside a worker.

Everything that can take long or touch untrusted text happens here, under the caller's time limit: the text's
escapes expanded once (`sparql_text`), its size limited (`query_complexity`), rdflib's parse of that canonical
text (`query_guard`), Oxigraph's evaluation of exactly the same text, reading at most `max_rows` results, and
serialisation. Failures the client should see are raised as `ApiError`; they pickle back to the app.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import QuerySyntaxError, StoreError
from graph.namespaces import PREFIXES
from graph.store import GraphSizes, LazyAnswer, OxigraphStore, QueryDataset

from .errors import ApiError
from .jobs import Job, PingJob, QueryJob, SizesJob, UpdateJob
from .query_complexity import check_complexity
from .query_guard import check_graphs, check_query, check_update, refuse_keywords, refused
from .sandbox import require_confinement
from .serializers import (
    GRAPH_TYPES,
    RESULT_TYPES,
    Rendered,
    TooManyRows,
    render_boolean,
    render_query_solutions,
    render_triples,
)
from .sparql_text import canonical_text
from .using_clauses import add_using_clauses, where_positions


def run(store: OxigraphStore, job: Job) -> Rendered | GraphSizes | None:
    """The one entry point a worker calls for each job it receives."""
    try:
        if isinstance(job, QueryJob):
            return run_query(store, job)
        if isinstance(job, UpdateJob):
            run_update(store, job)
            return None
        if isinstance(job, SizesJob):
            return store.graph_sizes()
        if isinstance(job, PingJob):
            require_confinement(job.allow_unsandboxed)  # not ready if every client query would be refused
            store.evaluate("ASK {}")
            return None
    except QuerySyntaxError as error:
        # rdflib accepted it but Oxigraph did not: still the client's text, still a 400.
        raise ApiError(400, "SPARQL syntax error", str(error)) from None
    except PermissionError:  # a lazy answer's SERVICE, run as its rows are read: the sandbox said no
        raise _network_refused() from None
    except StoreError as error:
        if isinstance(error.__cause__, PermissionError):
            raise _network_refused() from None
        raise ApiError(503, "Store unavailable", f"The store could not answer: {error}") from None
    raise TypeError(f"unknown job {job!r}")


def run_query(store: OxigraphStore, job: QueryJob) -> Rendered:
    require_confinement(job.allow_unsandboxed)
    text = canonical_text(job.query)
    refuse_keywords(check_complexity(text, job.limits))
    checked = check_query(text, job.base_iri)
    tabular = checked.form in ("SELECT", "ASK")
    media_type = job.result_type if tabular else job.graph_type
    if media_type is None:
        offered = ", ".join(RESULT_TYPES if tabular else GRAPH_TYPES)
        raise ApiError(406, "Not acceptable",
                       f"A {checked.form} answer can be sent as {offered}; the Accept header allows none of them.")
    dataset = job.dataset
    if dataset is None and checked.has_dataset:
        dataset = QueryDataset(checked.from_graphs, checked.from_named_graphs)
    if dataset is not None and not job.allow_unknown_graphs:
        check_graphs(dataset.default_graphs + dataset.named_graphs, set(store.named_graphs()))
    return _answer(store.evaluate(text, base_iri=job.base_iri, dataset=dataset), media_type, job)


def _answer(answer: LazyAnswer, media_type: str, job: QueryJob) -> Rendered:
    """Read at most `max_rows` results and serialise them.

    Oxigraph's lazy results may only be dropped on the thread that made them, so the reference is deleted here
    on every path: a frame kept alive by a traceback (rdflib's parser leaves many) must not carry it elsewhere.
    """
    try:
        if isinstance(answer, ox.QueryBoolean):
            return render_boolean(bool(answer), media_type)
        if isinstance(answer, ox.QuerySolutions):
            try:  # written by Oxigraph straight from its iterator, with no Python object per term
                return render_query_solutions(answer, media_type, job.max_rows)
            except TooManyRows:
                pass  # raised below, outside this block, so no traceback keeps the answer alive
            raise _too_many(job.max_rows, "rows")
        triples: list[ox.Triple] = []
        for triple in answer:
            if len(triples) == job.max_rows:
                raise _too_many(job.max_rows, "triples")
            triples.append(triple)
        prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()} | {"id": job.base_iri}
        return render_triples(triples, media_type, prefixes)
    finally:
        del answer


def run_update(store: OxigraphStore, job: UpdateJob) -> None:
    require_confinement(job.allow_unsandboxed)
    text = canonical_text(job.update)
    refuse_keywords(check_complexity(text, job.limits))
    checked = check_update(text, job.base_iri)
    if job.using_graphs or job.using_named_graphs:
        if checked.has_dataset_clause:
            raise ApiError(400, "Bad SPARQL request",
                           "using-graph-uri / using-named-graph-uri cannot be combined with USING, USING NAMED "
                           "or WITH in the update (SPARQL 1.1 Protocol §2.2.3).")
        if len(where_positions(text)) != checked.modify_count:
            raise refused("using-graph-uri could not be applied to this update's operations, so it was not run.")
        text = add_using_clauses(text, job.using_graphs, job.using_named_graphs)
    graphs = checked.using_graphs + job.using_graphs + job.using_named_graphs
    if graphs and not job.allow_unknown_graphs:
        check_graphs(graphs, set(store.named_graphs()))
    store.apply_update(text, base_iri=job.base_iri)
    store.flush()


def _network_refused() -> ApiError:
    """The engine's EPERM: the sandbox (api/sandbox.py) stopped it opening a socket, so nothing was sent."""
    return refused("The engine tried to reach the network (SERVICE or LOAD), which this service never allows; "
                   "nothing was sent.")


def _too_many(limit: int, what: str) -> ApiError:
    """413: the exchange is bigger than this service allows, and only the client can make it smaller (LIMIT).

    Truncating instead would hand SPARQLWrapper & co. a silently partial answer; a 5xx would invite a retry
    that fails the same way.
    """
    return ApiError(413, "Result too large",
                    f"The answer has more than {limit} {what}, the most this service sends (CKG_MAX_ROWS). "
                    "Add LIMIT (and OFFSET to page) or narrow the query.")
