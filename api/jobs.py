"""What crosses the process boundary: small frozen, picklable descriptions of work for a store worker.

The route decides everything that depends on HTTP (the dataset the protocol named, the media types the
client accepts, the limits); the worker does everything that needs the store or may run long (parsing with
rdflib, evaluation, serialisation), so the time limit covers all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.store import QueryDataset

from .query_complexity import DEFAULT_LIMITS, QueryLimits


@dataclass(frozen=True)
class QueryJob:
    """Run a query. `result_type` / `graph_type` are the negotiated media types for SELECT/ASK and for
    CONSTRUCT/DESCRIBE (None: the client accepts none, so that form gets 406 before it runs).
    `limits` bound the text before it is parsed; `allow_unsandboxed` lets it run where the network sandbox
    could not be applied (CKG_ALLOW_UNSANDBOXED)."""

    query: str
    base_iri: str
    result_type: str | None
    graph_type: str | None
    max_rows: int
    dataset: QueryDataset | None = None
    allow_unknown_graphs: bool = False
    limits: QueryLimits = DEFAULT_LIMITS
    allow_unsandboxed: bool = False


@dataclass(frozen=True)
class UpdateJob:
    """Run an update, with the protocol's using-graph-uri / using-named-graph-uri (`limits` and
    `allow_unsandboxed` as for a query)."""

    update: str
    base_iri: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()
    allow_unknown_graphs: bool = False
    limits: QueryLimits = DEFAULT_LIMITS
    allow_unsandboxed: bool = False


@dataclass(frozen=True)
class GraphReadJob:
    """Graph Store Protocol GET: one graph of the dataset (`graph` None: its default graph) as `media_type`."""

    graph: str | None
    media_type: str
    base_iri: str
    max_rows: int
    allow_unsandboxed: bool = False


@dataclass(frozen=True)
class GraphWriteJob:
    """Graph Store Protocol PUT (replace), POST (merge) or DELETE of one graph (`graph` None: the default graph).

    `parts` is the RDF the client sent, each in a graph format; it is parsed in the worker, under the time
    limit, with relative IRIs resolved against `body_base`. `base_iri` is the service's: document graphs are under it.
    """

    method: str
    graph: str | None
    base_iri: str
    parts: tuple[tuple[bytes, str], ...] = ()  # (RDF, its media type): one, or a multipart body's parts
    body_base: str | None = None
    allow_unsandboxed: bool = False


@dataclass(frozen=True)
class SizesJob:
    """Count triples per graph for the service description."""


@dataclass(frozen=True)
class PingJob:
    """Prove the store is open and answers (readiness), and that queries can run here (the sandbox is in place,
    or running without it is allowed)."""

    allow_unsandboxed: bool = False


WriteJob = UpdateJob | GraphWriteJob
Job = QueryJob | UpdateJob | GraphReadJob | GraphWriteJob | SizesJob | PingJob
