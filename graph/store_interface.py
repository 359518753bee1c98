"""The one store interface both backends implement: `OxigraphStore` (embedded, `graph/store.py`) and
`SparqlStore` (any SPARQL 1.1 endpoint, `graph/remote_store.py`). Callers take a `Store`, so the loader, the
checks and the CLI work on either without naming both; code that needs one backend's own machinery (the query
service's worker processes over a folder) still asks which one it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, Self, Unpack

import pyoxigraph as ox
from rdflib import Graph

from .store import GraphSizes, QueryAnswer, QueryDataset, QueryOptions
from .validated import ValidatedDocument

__all__ = ["Store"]


class Store(Protocol):
    """A dataset of named graphs whose queries see the union of the documents as their default graph."""

    @property
    def path(self) -> Path | None: ...  # the embedded store's folder; None for memory or a remote endpoint

    @property
    def writable(self) -> bool: ...

    # Document graphs take only what the validating pipeline made (`graph/validated.py`); anything else is a TypeError.
    def replace_graph(self, document: ValidatedDocument) -> None: ...

    def replace_graphs(self, documents: Iterable[ValidatedDocument]) -> None: ...

    def write_ontology(self, ontology: Graph) -> None: ...  # the ontology graph: `load` only

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryAnswer | bytes: ...

    def evaluate(
        self, sparql: str, *, base_iri: str | None = None, dataset: QueryDataset | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]: ...

    def update(self, sparql: str) -> None: ...

    def apply_update(self, sparql: str, *, base_iri: str | None = None) -> None: ...

    def named_graphs(self) -> list[str]: ...

    def count(self, graph_iri: str | None = None) -> int: ...

    def graph_sizes(self) -> GraphSizes: ...

    def export(self, fmt: str) -> bytes: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *_: object) -> None: ...
