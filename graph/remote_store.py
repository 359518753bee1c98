"""A remote store: any SPARQL 1.1 Query + Update endpoint (Virtuoso, GraphDB, Stardog, Neptune, Fuseki) over HTTP.

The same narrow interface as `OxigraphStore` (`replace_graph`, `query`, `evaluate`, `update`, `named_graphs`, `count`,
`export`, `close`), so the loader and the CLI do not care which one they hold. Differences that matter:

- A document's new triples are first written, in small `INSERT DATA` requests, to a staging graph of their own
  (`urn:cislunar-kg:staging:…`, never listed as a document nor part of the union), so the document's graph keeps
  its old triples while they travel; then ONE update request swaps them in (`DELETE` the old graph,
  `INSERT … WHERE` from staging into the document's graph and the union). SPARQL 1.1 Update asks servers to
  apply a request atomically; Virtuoso 7.2 does not (a reader can see a graph half replaced), so staging
  confines that window to the swap. Requests are small because Virtuoso's cost of compiling an update grows
  faster than its length. The measurements: docs/measurements.md.
- The default graph is the set union of the document graphs, kept in the graph `urn:cislunar-kg:union` in the
  same request that replaces a document, and named as the default graph (`default-graph-uri`) of every query
  that names no dataset of its own. A server's own default graph may be a bag: Virtuoso answers a triple stated
  by three documents three times, and a join over facts many documents share multiplies past any use.
  A query with a `GRAPH` pattern is sent without it: Virtuoso, given a protocol default graph, answers
  `GRAPH <g> { … }` with only what `<g>` shares with that graph. Such queries see the server's own default
  graph and the union graph among the named graphs (`named_graphs`, `count` and `export` leave it out).
- Servers keep graphs of their own (Virtuoso: `virtrdf#`, `DAV/` …): `graph_prefixes` limits
  `named_graphs`, `count` and `export` to the project's graphs.

Queries come back as the embedded store's Python values (parsed with `pyoxigraph.parse_query_results`) or, with
`results_format`, as bytes re-serialised by pyoxigraph, so both backends answer byte for byte alike.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from typing import Self, Unpack

import httpx
import pyoxigraph as ox
from rdflib import Graph

from .errors import AnswerCut, QueryEvaluationError, QuerySyntaxError, StoreError, StoreTimeout
from .namespaces import ONTOLOGY_IRI
from .ntriples import NTriples, as_ntriples
from .remote_errors import request_fault
from .sparql_lexer import Token, tokens, words
from .store import EXPORT_FORMATS, GraphSizes, QueryAnswer, QueryDataset, QueryOptions, Solutions
from .union import OWN_GRAPHS, UNION_GRAPH, run_with_refresh, visits_graphs
from .validated import ValidatedDocument, require_validated

__all__ = ["OWN_GRAPHS", "UNION_GRAPH", "SparqlStore", "visits_graphs"]

_STAGING = OWN_GRAPHS + "staging:"
CHUNK_TRIPLES = 200  # triples a request: Virtuoso compiles each to SQL (at most 10,000 lines), slower as it grows
_TABULAR = "application/sparql-results+json"
_GRAPH = "application/n-triples, text/turtle;q=0.9"
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class SparqlStore:
    """A store behind SPARQL 1.1 Protocol endpoints; `update_url` defaults to `query_url`."""

    path = None  # no folder: the API serves it in threads, forwarding every query (see api/query_service.py)
    writable = True

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        auth: httpx.Auth | None = None,
        timeout: float = 60.0,
        graph_prefixes: tuple[str, ...] | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_prefixes = graph_prefixes
        self._client = client or httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def flush(self) -> None:
        """Nothing to flush: the server commits each request."""

    # -- Writing --

    def replace_graph(self, document: ValidatedDocument) -> None:
        """Swap the document's named graph for its validated triples (see `_write_graph`)."""
        document = require_validated(document)
        self._write_graph(str(document.graph_iri), document.triples)

    def write_ontology(self, ontology: Graph) -> None:
        """Replace the ontology graph: the project's own vocabulary, written by `load` only (not a document)."""
        self._write_graph(ONTOLOGY_IRI, ontology)

    def _write_graph(self, graph_iri: str, graph: Graph | NTriples) -> None:
        """Swap a named graph's contents for `graph` (staged first, then swapped in by one request), keeping the
        union graph equal to the set union: triples only this graph held leave it, new ones join it."""
        triples = as_ntriples(graph)
        name = f"<{ox.NamedNode(graph_iri).value}>"
        staging = f"<{_STAGING}{uuid.uuid4()}>"
        try:
            self._stage(staging, triples)
            self._send_update(self._swap_in(name, staging, withdraw=self._holds(graph_iri)))
        finally:
            self._drop_quietly(staging)

    def _stage(self, staging: str, triples: NTriples) -> None:
        lines = triples.lines()
        if triples.has_blank_nodes:
            # Blank nodes may not appear in INSERT DATA on some servers (Virtuoso), and must stay one node across
            # chunks: one INSERT … WHERE {} for the whole graph.
            self._send_update(f"INSERT {{ GRAPH {staging} {{\n{''.join(lines)}}} }} WHERE {{}}")
            return
        for start in range(0, len(lines), CHUNK_TRIPLES):
            self._send_update(f"INSERT DATA {{ GRAPH {staging} {{\n{''.join(lines[start:start + CHUNK_TRIPLES])}}} }}")

    @staticmethod
    def _swap_in(name: str, staging: str, *, withdraw: bool) -> str:
        """The one request that makes the staged triples the graph `name` and adds them to the union."""
        union = f"<{UNION_GRAPH}>"
        operations = []
        if withdraw:  # a graph loaded for the first time has nothing to take back out of the union, nor to empty
            operations.append(
                f"DELETE {{ GRAPH {union} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
                f"FILTER (?other != {name} && !STRSTARTS(STR(?other), \"{OWN_GRAPHS}\")) }} }}"
            )
            # Plain DELETE/INSERT rather than DROP/MOVE/ADD, whose effect on the target differs between servers
            # when the source graph was never created (an empty document).
            operations.append(f"DELETE {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        for target in (name, union):
            operations.append(f"INSERT {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {staging} {{ ?s ?p ?o }} }}")
        return " ;\n".join(operations)

    def _drop_quietly(self, staging: str) -> None:
        # The server is gone; a leftover staging graph is never read as a document.
        with contextlib.suppress(StoreError):
            self._send_update(f"DROP SILENT GRAPH {staging}")

    def _holds(self, graph_iri: str) -> bool:
        answer = self._forward(f"ASK {{ GRAPH <{ox.NamedNode(graph_iri).value}> {{ ?s ?p ?o }} }}", None, None)
        return isinstance(answer, ox.QueryBoolean) and bool(answer)

    def replace_graphs(self, documents: Iterable[ValidatedDocument]) -> None:
        """`replace_graph` for each document in turn."""
        for document in documents:
            self.replace_graph(document)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server and refresh the union graph (one request)."""
        self.apply_update(sparql)

    def _send_update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, accept="*/*", what="update")

    def apply_update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run an update from the API and compute the union graph again, in the same request (as on the embedded
        store, so what an update removes from a named graph leaves the union too)."""
        prologue = f"BASE <{ox.NamedNode(base_iri).value}>\n" if base_iri else ""
        run_with_refresh(self._send_update, prologue + sparql, QuerySyntaxError, self._union_refresh())

    def _union_refresh(self) -> str:
        """The union graph computed again from the project's graphs (a server keeps graphs of its own, which the
        union must not take in: Virtuoso's `virtrdf#` alone holds thousands of triples)."""
        tests = [f"STRSTARTS(STR(?g), {ox.Literal(prefix)})" for prefix in self.graph_prefixes or ()]
        chosen = f"({' || '.join(tests)}) && " if tests else ""
        return (f"CLEAR SILENT GRAPH <{UNION_GRAPH}> ;\n"
                f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER ({chosen}!STRSTARTS(STR(?g), \"{OWN_GRAPHS}\")) }}")

    # -- Reading --

    def query(self, sparql: str, **options: Unpack[QueryOptions]) -> QueryAnswer | bytes:
        """Run a query on the server; the answer as the embedded store gives it (Python values or bytes)."""
        answer = self._forward(sparql, options.get("default_graphs"), options.get("named_graphs"))
        results_format = options.get("results_format")
        if results_format is None:
            return _as_values(answer)
        if isinstance(answer, list):
            if not isinstance(results_format, ox.RdfFormat):
                raise ValueError("a graph answer has no tabular format")  # noqa: TRY004  (the CLI catches ValueError, as Oxigraph raises)
            return ox.serialize(answer, format=results_format) or b""
        if isinstance(results_format, ox.RdfFormat):
            raise ValueError("a tabular answer has no RDF format")  # noqa: TRY004
        return answer.serialize(format=results_format) or b""

    def evaluate(
        self, sparql: str, *, base_iri: str | None = None, dataset: QueryDataset | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Forward a query and hand back pyoxigraph's reading of the answer, as `OxigraphStore.evaluate` does, for
        callers that cap rows and serialise it themselves (the SPARQL endpoint, `api/remote_service.py`).

        `base_iri` travels as a `BASE` prologue (a query's own BASE still resolves against it); `dataset` as the
        protocol's `default-graph-uri` / `named-graph-uri`, with the query's FROM clauses taken out (the protocol
        dataset replaces them; Virtuoso would read both). Without one the default graph is the union graph.
        """
        text = f"BASE <{ox.NamedNode(base_iri).value}>\n{sparql}" if base_iri else sparql
        if dataset is None:
            return self._forward(text, None, None)
        if dataset.store_default:  # the server's own default graph: no protocol dataset at all
            return self._forward(text, None, None, union=False)
        return self._forward(text, dataset.default_graphs, dataset.named_graphs)

    def _forward(
        self, sparql: str, default_graphs: Iterable[str] | None, named_graphs: Iterable[str] | None,
        *, union: bool = True,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        if default_graphs is None and named_graphs is None and union:
            if not declares_dataset(sparql) and not visits_graphs(sparql):
                default_graphs = [UNION_GRAPH]  # a set, where the server's own default graph may be a bag
        elif declares_dataset(sparql):
            # The protocol's dataset replaces the query's; Virtuoso would read FROM's graphs as well.
            sparql = without_dataset_clauses(sparql)
        form: dict[str, object] = {"query": sparql}
        if default_graphs is not None:
            form["default-graph-uri"] = list(default_graphs)
        if named_graphs is not None:
            form["named-graph-uri"] = list(named_graphs)
        # Ask for the answer's kind by the query's form: some servers (Virtuoso) send a CONSTRUCT as
        # non-standard JSON when results JSON is acceptable at all.
        accept = _GRAPH if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else _TABULAR
        return _parse(self._post(self.query_url, form, accept=accept, what="query"))

    def named_graphs(self) -> list[str]:
        return sorted(self._graph_counts())

    def count(self, graph_iri: str | None = None) -> int:
        """Triples in one named graph, or in all of the project's named graphs."""
        if graph_iri is None:
            return sum(self._graph_counts().values())
        answer = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}")
        assert isinstance(answer, Solutions)
        return int(answer.rows[0]["n"].value) if answer.rows else 0

    def _graph_counts(self) -> dict[str, int]:
        """The project's named graphs and their sizes, in one query: grouped counts cost Virtuoso 0.05 s over 2 M
        quads where `SELECT DISTINCT ?g` took 9 s, and a count per graph is a request per graph."""
        answer = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(answer, Solutions)
        counts = {
            row["g"].value: int(row["n"].value) for row in answer.rows
            if isinstance(row.get("g"), ox.NamedNode) and not row["g"].value.startswith(OWN_GRAPHS)
        }
        if self.graph_prefixes is not None:
            counts = {name: n for name, n in counts.items() if name.startswith(self.graph_prefixes)}
        return counts

    def graph_sizes(self) -> GraphSizes:
        """Each named graph's size, and the default graph's: the union graph, which queries see as their default."""
        return GraphSizes(self._graph_counts(), self.count(UNION_GRAPH))

    def export(self, fmt: str) -> bytes:
        """Every named graph of the project, as TriG or N-Quads."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        quads: list[ox.Quad] = []
        for name in self.named_graphs():
            triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
            assert isinstance(triples, list)
            graph = ox.NamedNode(name)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        return ox.serialize(quads, format=EXPORT_FORMATS[fmt]) or b""

    # -- HTTP --

    def _post(self, url: str, form: dict[str, object], *, accept: str, what: str) -> httpx.Response:
        try:
            response = self._client.post(url, data=form, headers={"Accept": accept})
        except httpx.TimeoutException as error:
            raise StoreTimeout(f"the {what} at {url} ran past the time limit ({error})") from error
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {error}") from error
        if response.status_code == 400:
            raise QuerySyntaxError(f"the endpoint refused the {what}: {_short(response.text)}")
        if reason := request_fault(response.status_code, response.text):
            raise QueryEvaluationError(f"the endpoint could not carry out the {what}: {reason}")
        if response.status_code >= 300:
            raise StoreError(f"the endpoint answered {response.status_code} to the {what}: {_short(response.text)}")
        if "x-sparql-maxrows" in response.headers:  # Virtuoso's mark of an answer cut at ResultSetMaxRows
            raise AnswerCut(f"the endpoint sent only the first {response.headers['x-sparql-maxrows']} results "
                            f"of the {what} (its own row limit)")
        return response


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside IRIs, strings and comments."""
    return next((word for word in words(sparql) if word in _FORMS), None)


def declares_dataset(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), which a protocol dataset would override."""
    return "FROM" in words(sparql)  # the keyword, not ?from, ex:from or a word in a string, IRI or comment


def without_dataset_clauses(sparql: str) -> str:
    """The query without its FROM / FROM NAMED clauses (strings, comments and IRIs left as they are)."""
    pieces: list[str] = []
    kept_from = 0
    for start, end in _dataset_clauses([t for t in tokens(sparql) if t.kind != "space"]):
        pieces += [sparql[kept_from:start], " "]
        kept_from = end
    return "".join([*pieces, sparql[kept_from:]])


def _dataset_clauses(seen: list[Token]) -> list[tuple[int, int]]:
    """(start, end) of each `FROM [NAMED] <iri>` or `FROM [NAMED] prefix:name` among the tokens."""
    clauses = []
    for at, token in enumerate(seen):
        if token.word != "FROM":
            continue
        graph = at + 2 if at + 1 < len(seen) and seen[at + 1].word == "NAMED" else at + 1
        if graph < len(seen) and (seen[graph].kind == "iri" or _is_prefixed_name(seen[graph])):
            clauses.append((token.start, seen[graph].end))
    return clauses


def _is_prefixed_name(token: Token) -> bool:
    return token.kind == "name" and ":" in token.text and token.text[0] not in "?$"


def _parse(response: httpx.Response) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    results_format = ox.QueryResultsFormat.from_media_type(media_type)
    if results_format is not None:
        return ox.parse_query_results(response.content, format=results_format)
    rdf_format = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.N_TRIPLES
    return [quad.triple for quad in ox.parse(response.content, format=rdf_format)]


def _as_values(answer: ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]) -> QueryAnswer:
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        names = [v.value for v in answer.variables]
        return Solutions(names, [{n: s[n] for n in names if s[n] is not None} for s in answer])
    return answer


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
