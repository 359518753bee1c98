"""The embedded, persistent store: pyoxigraph (RocksDB) behind a narrow interface.

Queries go to Oxigraph's own engine as strings; graphs come in as N-Triples text (`graph.ntriples`). The
interface (`replace_graph(s)` of validated documents, `graph/validated.py`; `query`, `named_graphs`, `export`,
`count`) is what a remote SPARQL store also provides. Each document is written in one transaction, except the
first load into an empty store, which goes through the faster, non-transactional bulk loader (see
`replace_graphs`).

Queries that name no dataset see the set union of the document graphs (`graph/union.py`), kept in a graph of
its own; the store's default graph is the dataset's own, as SPARQL Update defines it. A store written before
that (the union materialised in the default graph, no union graph) is answered as it was when opened read-only
and converted when opened for writing (`_convert_materialised_union`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypedDict, Unpack

import pyoxigraph as ox
from rdflib import Graph

from . import generations
from .errors import QueryEvaluationError, QuerySyntaxError, StoreError
from .generations import INCOMPLETE_MARKER
from .namespaces import ONTOLOGY_IRI
from .ntriples import NTriples, as_ntriples
from .union import UNION_GRAPH, UNION_REFRESH, is_own_graph, run_with_refresh, visits_graphs
from .validated import ValidatedDocument, require_validated

BULK_GROUP = 250  # documents per bulk-load call (about half a million quads)

_UNION = ox.NamedNode(UNION_GRAPH)
# A store written before the union had a graph of its own: the default graph held the union and more (what an
# update removed from a named graph stayed there). Converting keeps, as the dataset's own default graph, only
# what no named graph holds, and builds the union graph, in one transaction.
_CONVERT = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n" + UNION_REFRESH
)


EXPORT_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT query: variable names in order and one dict per row (unbound names absent)."""

    variables: list[str]
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]


QueryAnswer = Solutions | bool | list[ox.Triple]


class QueryOptions(TypedDict, total=False):
    """What a caller of `Store.query` may ask: the dataset (the union of the documents when neither graph list is
    given) and a serialisation of the answer (Python values when none is)."""

    default_graphs: Iterable[str] | None
    named_graphs: Iterable[str] | None
    results_format: ox.QueryResultsFormat | ox.RdfFormat | None
LazyAnswer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class QueryDataset:
    """An explicit SPARQL dataset: the graphs merged into the default graph, and the graphs `GRAPH` may visit.

    Empty tuples mean no graphs, as SPARQL's FROM rules say (FROM without FROM NAMED leaves no named graphs).
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # The store's own default graph, the one SPARQL Update writes without GRAPH (not the union), as the
    # default graph instead of `default_graphs`: what the Graph Store Protocol's `?default` reads.
    store_default: bool = False


@dataclass(frozen=True)
class GraphSizes:
    """Triples per document graph, and the triples of the union (the default graph of queries)."""

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
        if self.path is None:
            self._store = ox.Store()
        else:
            self._open_folder(self.path, read_only=read_only, generation=generation)
        if self.writable or self.path is None:
            self._convert_materialised_union()
        # Where queries that name no dataset look: the union graph, or, in a store of the old layout opened
        # read-only, the default graph that held the union then.
        self._union_view: ox.NamedNode | ox.DefaultGraph = _UNION if not self.holds_old_layout() else ox.DefaultGraph()

    def _open_folder(self, path: Path, *, read_only: bool, generation: bool) -> None:
        try:
            located = path if generation else generations.locate(path, create=not read_only)
            self.generation = located.name if located != path else None
            self.location = located
            if read_only:
                self._store = ox.Store.read_only(str(located))
            else:
                located.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(located))
        except (OSError, RuntimeError) as error:
            raise StoreError(_opening_error(path, error)) from error
        if (located / INCOMPLETE_MARKER).exists():
            del self._store
            raise StoreError(
                f"the store at {path} holds part of an interrupted first load; "
                f"`cislunar-kg load FILE... --store {path}` loads again in its place"
            )

    def holds_old_layout(self) -> bool:
        """Whether the union is still materialised in the default graph (document graphs but no union graph)."""
        if self._store.contains_named_graph(_UNION):
            return False
        return any(isinstance(g, ox.NamedNode) and not is_own_graph(g.value) for g in self._store.named_graphs())

    def _convert_materialised_union(self) -> None:
        try:
            if self.holds_old_layout():
                self._store.update(_CONVERT)
            self._store.add_graph(_UNION)  # an empty store's union exists too: queries see it, not the default graph
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"cannot convert the store at {self.path} to a union graph: {error}") from error

    def close(self) -> None:
        """Release the database now rather than at garbage collection, so another handle can open it."""
        if hasattr(self, "_store"):
            self.flush()
            del self._store

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def replace_graph(self, document: ValidatedDocument) -> None:
        """Swap the document's named graph for its validated triples in one transaction (see `_write_graph`)."""
        document = require_validated(document)
        self._write_graph(str(document.graph_iri), document.triples)

    def write_ontology(self, ontology: Graph) -> None:
        """Replace the ontology graph: the project's own vocabulary, written by `load` only (not a document: no
        shapes describe it; the service's writes may not change it, see `graph/write_gate.py`)."""
        self._write_graph(ONTOLOGY_IRI, ontology)

    def _write_graph(self, graph_iri: str, graph: Graph | NTriples) -> None:
        """Swap a named graph's contents for `graph` in one transaction: readers see old or new, never a mix.

        The union graph is kept equal to the set union of the named graphs: Oxigraph's own union mode is a
        bag (a triple stated by three documents would come back three times), so the union is materialised
        here, in the same transaction: triples only this graph held leave it, new ones join it.
        """
        triples = as_ntriples(graph)
        name = ox.NamedNode(graph_iri)
        # A graph loaded for the first time has nothing to take back out of the union: skip that costly step.
        withdraw = (
            f"DELETE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name.value}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
            f"FILTER (?other != <{name.value}> && ?other != <{UNION_GRAPH}>) }} }} ;\n"
            f"DROP SILENT GRAPH <{name.value}> ;\n"
            if self._store.contains_named_graph(name)
            else ""
        )
        # One SPARQL Update is one Oxigraph transaction; the N-Triples text comes from the serialiser, not from input.
        body = triples.text
        update = (f"{withdraw}INSERT DATA {{ GRAPH <{name.value}> {{\n{body}}} }} ;\n"
                  f"INSERT DATA {{ GRAPH <{UNION_GRAPH}> {{\n{body}}} }}")
        try:
            self._store.update(update)
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"could not replace graph <{graph_iri}>: {error}") from error

    def replace_graphs(self, documents: Iterable[ValidatedDocument]) -> None:
        """`replace_graph` for each document in turn; into an empty store, one bulk load instead.

        Oxigraph's bulk loader writes several times faster than transactions but is not atomic. An empty
        store has nothing to keep intact and no reader to mislead (a folder is written by one process at a
        time), so it is used there, behind a marker file: a store whose first load was cut short refuses to
        open rather than serve part of the data.
        """
        if self.path is None or not self.writable or len(self._store) > 0:
            for document in documents:
                self.replace_graph(document)
            return
        assert self.location is not None
        marker = self.location / INCOMPLETE_MARKER
        marker.touch()
        pending = (require_validated(document) for document in documents)
        try:
            # In groups: the bulk loader holds a whole call's sorted quads in memory before writing them out.
            while group := list(itertools.islice(pending, BULK_GROUP)):
                self._store.bulk_load(_QuadStream(group), format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]  # read() is all it uses
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"the first load into {self.path} failed (load again): {error}") from error
        self._store.flush()
        marker.unlink()

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryAnswer | bytes:
        """Run a query; the default graph is the union of the documents unless `default_graphs` names some.

        With `results_format`, the answer comes back serialised by Oxigraph (bytes); otherwise as Python values.
        """
        default_graphs, named_graphs = options.get("default_graphs"), options.get("named_graphs")
        results_format = options.get("results_format")
        if default_graphs is None and named_graphs is None:
            dataset = self._union_options(sparql)
        else:
            dataset = {}
            if default_graphs is not None:
                dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
            if named_graphs is not None:
                dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        result = self._run_query(sparql, dataset)
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
        """Run a SPARQL Update and refresh the union, in one transaction."""
        self.apply_update(sparql)

    def _union_options(self, sparql: str) -> dict[str, object]:
        """The dataset of a query that names none: the union as its default graph; as named graphs, when it has
        a GRAPH pattern, every graph but the service's own (listing them costs a scan of the graph names)."""
        options: dict[str, object] = {"default_graph": self._union_view}
        if visits_graphs(sparql):
            options["named_graphs"] = [g for g in self._store.named_graphs()
                                       if not (isinstance(g, ox.NamedNode) and is_own_graph(g.value))]
        return options

    def _run_query(self, sparql: str, options: dict[str, object]) -> LazyAnswer:
        try:
            return self._store.query(sparql, **options)  # type: ignore[arg-type]
        except SyntaxError as error:
            raise QuerySyntaxError(f"SPARQL syntax error: {error}") from error
        except RuntimeError as error:  # the engine's "not supported": the same text fails the same way again
            raise QueryEvaluationError(f"the store cannot evaluate this query: {error}") from error
        except OSError as error:
            raise StoreError(f"query failed: {error}") from error

    def evaluate(
        self, sparql: str, *, base_iri: str | None = None, dataset: QueryDataset | None = None
    ) -> LazyAnswer:
        """Run a query and hand back Oxigraph's lazy answer, for callers that stop reading at a row cap or
        serialise it themselves (the SPARQL endpoint).

        Without `dataset`, the default graph is the union of the document graphs and every document graph is
        visible (as in `query`); with one, the dataset is exactly that. Relative IRIs resolve against `base_iri`.
        """
        options: dict[str, object]
        if dataset is None:
            options = self._union_options(sparql)
        else:
            default: list[ox.NamedNode | ox.DefaultGraph] = (
                [ox.DefaultGraph()] if dataset.store_default else [ox.NamedNode(g) for g in dataset.default_graphs])
            options = {"default_graph": default, "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs]}
        return self._run_query(sparql, {"base_iri": base_iri, **options})

    def apply_update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update with relative IRIs resolved against `base_iri` (the Protocol lets a service define BASE).

        The update works on the dataset as SPARQL Update defines it (its default graph is the store's own);
        the union graph is computed again in the same transaction, so it equals the set union of the named
        graphs after every update, removals included.
        """
        def run(text: str) -> None:
            self._store.update(text, base_iri=base_iri)

        try:
            run_with_refresh(run, sparql, SyntaxError)
        except SyntaxError:
            raise QuerySyntaxError(f"SPARQL syntax error: {_own_syntax_error(sparql, base_iri)}") from None
        except RuntimeError as error:
            raise QueryEvaluationError(f"the store cannot evaluate this update: {error}") from error
        except OSError as error:
            raise StoreError(f"update failed: {error}") from error

    def apply_raw_update(self, sparql: str) -> None:
        """Run an update exactly as given, in one transaction (the caller keeps the union right: `write_gate`)."""
        try:
            self._store.update(sparql)
        except (OSError, RuntimeError, SyntaxError) as error:
            raise StoreError(f"update failed: {error}") from error

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, the union graph's included."""
        return iter(self._store)

    def graph_sizes(self) -> GraphSizes:
        """Counts for a VoID description, computed by Oxigraph (a Python loop over quads is far slower)."""
        per_graph = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        union = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(per_graph, Solutions) and isinstance(union, Solutions)
        named = {
            row["g"].value: int(row["n"].value)
            for row in per_graph.rows
            if isinstance(row.get("g"), ox.NamedNode)
        }
        return GraphSizes(dict(sorted(named.items())), int(union.rows[0]["n"].value) if union.rows else 0)

    def named_graphs(self) -> list[str]:
        """The dataset's named graphs (the service's own, such as the union, left out)."""
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and not is_own_graph(g.value))

    def count(self, graph_iri: str | None = None) -> int:
        """Quads in one graph, or in the whole dataset (the union graph left out)."""
        if graph_iri is None:
            return len(self._store) - self.count(UNION_GRAPH)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def export(self, fmt: str) -> bytes:
        """The dataset (every named graph and the default graph; not the union), as TriG or N-Quads."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        quads = (q for q in self._store
                 if not (isinstance(q.graph_name, ox.NamedNode) and is_own_graph(q.graph_name.value)))
        return ox.serialize(quads, format=EXPORT_FORMATS[fmt]) or b""

    def flush(self) -> None:
        if self.writable:
            self._store.flush()


def _own_syntax_error(sparql: str, base_iri: str | None) -> str:
    """The engine's message for the client's text alone (positions in it, not in the joined refresh), from
    parsing it against an empty in-memory store, where running it changes nothing that is kept."""
    try:
        ox.Store().update(sparql, base_iri=base_iri)
    except SyntaxError as error:
        return str(error)
    except (OSError, RuntimeError):
        pass
    return "the update cannot be followed by another operation"
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
    union graph (the set union: Oxigraph keeps one copy of a quad however often it is given)."""

    def __init__(self, documents: Iterable[ValidatedDocument]) -> None:
        self._chunks: Iterator[bytes] = self._encode(documents)
        self._pending = b""

    @staticmethod
    def _encode(documents: Iterable[ValidatedDocument]) -> Iterator[bytes]:
        for document in documents:
            triples = document.triples
            yield (triples.in_graph(str(document.graph_iri)) + triples.in_graph(UNION_GRAPH)).encode("utf-8")

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
