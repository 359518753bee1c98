"""Carry out one job against a store: canonicalise, limit, guard, evaluate, cap, serialise. Runs inside a worker.

Everything that can take long or touch untrusted text happens here, under the caller's time limit: the text's
escapes expanded once (`sparql_text`), its size limited (`query_complexity`), rdflib's parse of that canonical
text (`query_guard`), Oxigraph's evaluation of exactly the same text, reading at most `max_rows` results, and
serialisation. Failures the client should see are raised as `ApiError`; they pickle back to the app.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from graph.errors import QueryEvaluationError, QuerySyntaxError, StoreError
from graph.namespaces import PREFIX_IRIS
from graph.store import GraphSizes, LazyAnswer, OxigraphStore, QueryDataset
from graph.union import is_own_graph
from graph.write_gate import WriteRefused, gated_write

from .errors import ApiError
from .jobs import GraphReadJob, GraphWriteJob, Job, PingJob, QueryJob, SizesJob, UpdateJob
from .problems import not_acceptable
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


def run(store: OxigraphStore, job: Job) -> Rendered | GraphSizes | bool | None:
    """The one entry point a worker calls for each job it receives."""
    try:
        if isinstance(job, QueryJob):
            return run_query(store, job)
        if isinstance(job, UpdateJob):
            run_update(store, job)
            return None
        if isinstance(job, GraphReadJob):
            return run_graph_read(store, job)
        if isinstance(job, GraphWriteJob):
            return run_graph_write(store, job)
        if isinstance(job, SizesJob):
            return store.graph_sizes()
        if isinstance(job, PingJob):
            require_confinement(job.allow_unsandboxed)  # not ready if every client query would be refused
            store.evaluate("ASK {}")
            return None
    except QuerySyntaxError as error:
        # rdflib accepted it but Oxigraph did not: still the client's text, still a 400.
        raise ApiError(400, "SPARQL syntax error", str(error)) from None
    except QueryEvaluationError as error:
        # Parsed, but beyond what the engine evaluates (an unknown function, a feature it lacks): asking again
        # fails the same way, so not a 503, which tells clients to retry.
        raise ApiError(400, "Update failed" if isinstance(job, UpdateJob | GraphWriteJob) else "Query not supported",
                       str(error)) from None
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
        raise not_acceptable(f"A {checked.form} answer", list(RESULT_TYPES if tabular else GRAPH_TYPES))
    dataset = job.dataset
    if dataset is None and checked.has_dataset:
        dataset = QueryDataset(checked.from_graphs, checked.from_named_graphs)
    if dataset is not None and not job.allow_unknown_graphs:
        check_graphs(dataset.default_graphs + dataset.named_graphs, set(store.named_graphs()))
    return _answer(store.evaluate(text, base_iri=job.base_iri, dataset=dataset), media_type, job)


def _answer(answer: LazyAnswer, media_type: str, job: QueryJob | GraphReadJob) -> Rendered:
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
        prefixes = PREFIX_IRIS | {"id": job.base_iri}
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
    _gated(store, lambda: store.apply_update(text, base_iri=job.base_iri), job.base_iri)
    store.flush()


def run_graph_read(store: OxigraphStore, job: GraphReadJob) -> Rendered:
    """Graph Store Protocol GET: the graph's triples, 404 if the dataset has no such graph."""
    require_confinement(job.allow_unsandboxed)
    if job.graph is None:
        text, dataset = "CONSTRUCT WHERE { ?s ?p ?o }", QueryDataset(store_default=True)
    else:
        _require_graph(store, job.graph)
        text, dataset = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                         QueryDataset(named_graphs=(job.graph,)))
    return _answer(store.evaluate(text, dataset=dataset), job.media_type, job)


def run_graph_write(store: OxigraphStore, job: GraphWriteJob) -> bool:
    """Graph Store Protocol PUT, POST or DELETE as one SPARQL Update, through the gate; True if it made the graph.

    The update is written from the N-Triples pyoxigraph serialises from the parsed body, never from the
    client's text, so nothing the client sent is spliced into SPARQL.
    """
    require_confinement(job.allow_unsandboxed)
    if job.graph is not None and is_own_graph(job.graph):
        raise ApiError(403, "Graph not writable", f"<{job.graph}> is one of the service's own graphs "
                       "(the union of the documents); it follows the documents and cannot be written.")
    existed = job.graph is None or job.graph in store.named_graphs()
    target = "DEFAULT" if job.graph is None else f"GRAPH <{job.graph}>"
    if job.method == "DELETE":
        if not existed:
            raise _no_graph(job.graph)
        # Known to exist; SILENT for servers that only drop graphs made by CREATE (Virtuoso).
        text = f"DROP SILENT {target}"
    else:
        triples = _parse_body(job)
        data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        block = data if job.graph is None else f"GRAPH <{job.graph}> {{\n{data}}}"
        steps = [f"DROP SILENT {target}"] if job.method == "PUT" else []
        if job.graph is not None and not triples:
            steps.append(f"CREATE SILENT {target}")  # an empty graph is still a graph of the dataset
        if triples:
            # INSERT … WHERE {} rather than INSERT DATA: some servers (Virtuoso) refuse blank nodes in INSERT DATA.
            steps.append(f"INSERT {{\n{block}}} WHERE {{}}")
        text = " ;\n".join(steps) or "# nothing to write"
    _gated(store, lambda: store.apply_update(text), job.base_iri)
    store.flush()
    return not existed


def _parse_body(job: GraphWriteJob) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for body, media_type in job.parts:
        fmt = ox.RdfFormat.from_media_type(media_type)
        assert fmt is not None  # the route answered 415 for any other type
        try:
            triples.extend(quad.triple for quad in ox.parse(body, format=fmt, base_iri=job.body_base))
        except SyntaxError as error:
            raise ApiError(400, "Bad RDF", f"The body is not valid {fmt.name}: {error}") from None
    return triples


def _require_graph(store: OxigraphStore, graph: str) -> None:
    if graph not in store.named_graphs():
        raise _no_graph(graph)


def _no_graph(graph: str | None) -> ApiError:
    return ApiError(404, "No such graph", f"The dataset has no graph <{graph}>.")


def _gated(store: OxigraphStore, write: Callable[[], None], base_iri: str) -> None:
    """Run a write through the gate on the embedded store (`graph/write_gate.py`); 422 with the report if refused."""
    if not isinstance(store, OxigraphStore):
        write()  # a remote store: docs/endpoint.md (the gate needs the embedded store's snapshot)
        return
    try:
        gated_write(store, write, base_iri=base_iri)
    except WriteRefused as refused:
        violations = [{"graph": graph, "focus": str(v.focus), "path": v.path, "message": v.message,
                       "value": None if v.value is None else str(v.value)}
                      for graph, v in refused.refusal.violations]
        findings = [{"rule": f.rule.name, "focus": f.focus, "message": f.detail} for f in refused.refusal.findings]
        raise ApiError(422, "Write refused by the shapes",
                       "The write was taken back: the document graphs it changed would break the rules.\n"
                       + refused.report, members={"violations": violations, "findings": findings,
                                                  "ontology_changed": refused.refusal.ontology_changed}) from None


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
