"""The embedded, persistent store: pyoxigraph (RocksDB) behind a narrow interface.

Queries go to Oxigraph's own engine as strings; graphs come in as N-Triples text (`graph.ntriples`). The
interface (`replace_graph(s)`, `query`, `named_graphs`, `export`, `count`) is what a remote SPARQL store also
provides. Each document is written in one transaction, except the first load into an empty store, which goes
through the faster, non-transactional bulk loader (see `replace_graphs`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import pyoxigraph as ox
from rdflib import Graph

from . import generations
from .errors import QuerySyntaxError, StoreError
from .generations import INCOMPLETE_MARKER
from .ntriples import NTriples, as_ntriples

BULK_GROUP = 250  # documents per bulk-load call (about half a million quads)

# Appended to every update: copy named-graph triples into the store's default graph, the queried union.
UNION_REFRESH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def with_union_refresh(sparql: str, refresh: str = UNION_REFRESH) -> str:
    """The update followed by the union refresh; a trailing `;` (allowed by the grammar) is not doubled."""
    body = sparql.rstrip().rstrip(";")
    return body + "\n;\n" + refresh if body.strip() else refresh


EXPORT_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT query: variable names in order and one dict per row (unbound names absent)."""

    variables: list[str]
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]


QueryAnswer = Solutions | bool | list[ox.Triple]
LazyAnswer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class QueryDataset:
    """An explicit SPARQL dataset: the graphs merged into the default graph, and the graphs `GRAPH` may visit.

    Empty tuples mean no graphs, as SPARQL's FROM rules say (FROM without FROM NAMED leaves no named graphs).
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphSizes:
    """Triples per named graph, and the distinct triples of the default graph (the union of all graphs)."""

    named: dict[str, int]
    union: int


class OxigraphStore:
    """A persistent store in a folder, or in memory when no folder is given (tests, `extract`)."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, generation: bool = False) -> None:
        """`path` is a store folder (its active generation is opened, see `graph.generations`); with
        `generation`, it is one generation's database folder itself (a load writing its next generation)."""
        self.path = Path(path) if path is not None else None
        self.writable = path is not None and not read_only
        self.generation: str | None = None  # the generation opened, so a reader can tell when a load committed
        self.location = self.path  # the database folder itself
        try:
            if self.path is None:
                self._store = ox.Store()
                return
            located = self.path if generation else generations.locate(self.path, create=not read_only)
            self.generation = located.name if located != self.path else None
            self.location = located
            if read_only:
                self._store = ox.Store.read_only(str(located))
            else:
                located.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(located))
        except (OSError, RuntimeError) as error:
            raise StoreError(_opening_error(self.path, error)) from error
        if (located / INCOMPLETE_MARKER).exists():
            del self._store
            raise StoreError(
                f"the store at {self.path} holds part of an interrupted first load; "
                f"`cislunar-kg load FILE... --store {self.path}` loads again in its place"
            )

    def close(self) -> None:
        """Release the database now rather than at garbage collection, so another handle can open it."""
        if hasattr(self, "_store"):
            self.flush()
            del self._store

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def replace_graph(self, graph_iri: str, graph: Graph | NTriples) -> None:
        """Swap a named graph's contents for `graph` in one transaction: readers see old or new, never a mix.

        The store's default graph is kept equal to the set union of the named graphs: Oxigraph's own union
        mode is a bag (a triple stated by three documents would come back three times), so the union is
        materialised here, in the same transaction: triples only this graph held leave it, new ones join it.
        """
        triples = as_ntriples(graph)
        name = ox.NamedNode(graph_iri)
        # A graph loaded for the first time has nothing to take back out of the union: skip that costly step.
        withdraw = (
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name.value}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{name.value}>) }} }} ;\n"
            f"DROP SILENT GRAPH <{name.value}> ;\n"
            if self._store.contains_named_graph(name)
            else ""
        )
        # One SPARQL Update is one Oxigraph transaction; the N-Triples text comes from the serialiser, not from input.
        body = triples.text
        update = f"{withdraw}INSERT DATA {{ GRAPH <{name.value}> {{\n{body}}} }} ;\nINSERT DATA {{\n{body}}}"
        try:
            self._store.update(update)
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"could not replace graph <{graph_iri}>: {error}") from error

    def replace_graphs(self, graphs: Iterable[tuple[str, Graph | NTriples]]) -> None:
        """`replace_graph` for each (graph IRI, graph) in turn; into an empty store, one bulk load instead.

        Oxigraph's bulk loader writes several times faster than transactions but is not atomic. An empty
        store has nothing to keep intact and no reader to mislead (a folder is written by one process at a
        time), so it is used there, behind a marker file: a store whose first load was cut short refuses to
        open rather than serve part of the data.
        """
        if self.path is None or not self.writable or len(self._store) > 0:
            for graph_iri, graph in graphs:
                self.replace_graph(graph_iri, graph)
            return
        assert self.location is not None
        marker = self.location / INCOMPLETE_MARKER
        marker.touch()
        pending = iter(graphs)
        try:
            # In groups: the bulk loader holds a whole call's sorted quads in memory before writing them out.
            while group := list(itertools.islice(pending, BULK_GROUP)):
                self._store.bulk_load(_QuadStream(group), format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]  # read() is all it uses
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"the first load into {self.path} failed (load again): {error}") from error
        self._store.flush()
        marker.unlink()

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        results_format: ox.QueryResultsFormat | ox.RdfFormat | None = None,
    ) -> QueryAnswer | bytes:
        """Run a query; the default graph is the store's (the union of all graphs) unless `default_graphs` names some.

        With `results_format`, the answer comes back serialised by Oxigraph (bytes); otherwise as Python values.
        """
        options: dict[str, object] = {}
        if default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError) as error:
            raise StoreError(f"query failed: {error}") from error
        if results_format is not None:
            if isinstance(result, ox.QueryBoolean):
                return result.serialize(format=results_format) or b""  # type: ignore[arg-type]
            return result.serialize(format=results_format) or b""  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [{n: s[n] for n in names if s[n] is not None} for s in result]
            return Solutions(names, rows)
        return list(result)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update, then copy what it added to named graphs into the default graph (one transaction)."""
        self.apply_update(sparql)

    def evaluate(
        self, sparql: str, *, base_iri: str | None = None, dataset: QueryDataset | None = None
    ) -> LazyAnswer:
        """Run a query and hand back Oxigraph's lazy answer, for callers that stop reading at a row cap or
        serialise it themselves (the SPARQL endpoint).

        Without `dataset`, the default graph is the store's own — the union of the document graphs, which
        `replace_graph` maintains — and every named graph is visible (as in `query`); with one, the dataset is
        exactly that. Relative IRIs resolve against `base_iri`.
        """
        options: dict[str, object] = {"base_iri": base_iri}
        if dataset is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError) as error:
            raise StoreError(f"query failed: {error}") from error

    def apply_update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update with relative IRIs resolved against `base_iri` (the Protocol lets a service define BASE).

        The default graph stays a superset of every named graph: triples an update adds to a named graph are
        copied into it in the same transaction. Triples an update removes from a named graph stay in the
        default graph until removed there as well (or the document is loaded again, which is exact).
        """
        try:
            self._store.update(with_union_refresh(sparql), base_iri=base_iri)
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError) as error:
            raise StoreError(f"update failed: {error}") from error

    def graph_sizes(self) -> GraphSizes:
        """Counts for a VoID description, computed by Oxigraph (a Python loop over quads is far slower)."""
        per_graph = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        union = self.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        assert isinstance(per_graph, Solutions) and isinstance(union, Solutions)
        named = {
            row["g"].value: int(row["n"].value)
            for row in per_graph.rows
            if isinstance(row.get("g"), ox.NamedNode)
        }
        return GraphSizes(dict(sorted(named.items())), int(union.rows[0]["n"].value) if union.rows else 0)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph_iri: str | None = None) -> int:
        """Quads in one named graph, or in the whole store."""
        if graph_iri is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def export(self, fmt: str) -> bytes:
        """Every named graph, as TriG or N-Quads."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        return self._store.dump(format=EXPORT_FORMATS[fmt]) or b""

    def flush(self) -> None:
        if self.writable:
            self._store.flush()


def _opening_error(folder: Path | None, error: BaseException) -> str:
    """Why a store folder does not open, and what to do about it."""
    text = str(error)
    if "Column family not found" in text:
        return (f"the store at {folder} is incomplete (a first load was interrupted: {text}); "
                f"`cislunar-kg load FILE... --store {folder}` loads again in its place")
    if "lock" in text.lower():
        return f"cannot open the store at {folder}: another process is writing it ({text})"
    return f"cannot open the store at {folder}: {text}"


class _QuadStream:
    """A read-only binary file over N-Quads made on demand: each graph's triples in its named graph and in the
    default graph (the set union: Oxigraph keeps one copy of a quad however often it is given)."""

    def __init__(self, graphs: Iterable[tuple[str, Graph | NTriples]]) -> None:
        self._chunks: Iterator[bytes] = self._encode(graphs)
        self._pending = b""

    @staticmethod
    def _encode(graphs: Iterable[tuple[str, Graph | NTriples]]) -> Iterator[bytes]:
        for graph_iri, graph in graphs:
            triples = as_ntriples(graph)
            yield (triples.in_graph(graph_iri) + triples.text).encode("utf-8")

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._pending += chunk
        if size < 0:
            size = len(self._pending)
        out, self._pending = self._pending[:size], self._pending[size:]
        return out
