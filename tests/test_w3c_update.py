"""The W3C SPARQL 1.1 Update test suite, run from its manifests through the endpoint.

Each evaluation test starts from an empty dataset, loads its `ut:data` (the default graph) and `ut:graphData`
(named graphs) through the endpoint's own SPARQL Update, sends its request to `/sparql`, and reads the dataset
back through the Graph Store Protocol (`/store?default`, `/store?graph=…`), comparing every graph, up to blank
node names, with `mf:result`. Syntax tests send their update to an empty store: a positive one must be
accepted (204), a negative one refused with 400.

Tests that need LOAD are refused by design (the service never fetches data: docs/endpoint.md): they are
listed in `NEEDS_LOAD` and expected to be answered 400, which the runner checks too.

Both backends: the embedded store (in memory) and a throw-away Virtuoso, whose departures from the standard
are strict expected failures, each with its reason (`VIRTUOSO_DEPARTS`), as in test_w3c_graph_store.py.

Test configuration as for the protocol suite: updates on, `CKG_ALLOW_UNKNOWN_GRAPHS` on (the suite's USING
clauses name graphs it never creates). Relative IRIs in the suite's requests resolve against the request file's
address, as the suite means, through `CKG_BASE_IRI`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.remote_store import SparqlStore
from graph.store import OxigraphStore

from .api_fixtures import TOKEN, client_for, settings_for
from .virtuoso import running_virtuoso
from .w3c_manifest import MF, SHARED, UT, entries, local_path

SUITE = SHARED / "sparql11-update"
MANIFEST = SUITE / "manifest.ttl"
# Where the suite lives on the web: its requests' and data's relative IRIs resolve against this, as upstream.
SUITE_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

POSITIVE = {MF.PositiveUpdateSyntaxTest11}
NEGATIVE = {MF.NegativeUpdateSyntaxTest11, MF.NegativeSyntaxTest11}
# LOAD fetches data from elsewhere, which this service refuses before anything runs (400, "LOAD").
NEEDS_LOAD = {
    "load-silent", "load-into-silent",  # LOAD SILENT of an address that does not resolve
    "test_1", "test_2", "test_3", "test_4", "test_37",  # syntax-update-1: LOAD forms
}
AUTH = {"authorization": f"Bearer {TOKEN}"}
# Seconds a request to Virtuoso may take: the suite's requests are a few triples each; a hung server fails fast.
VIRTUOSO_TIMEOUT_S = 20.0
# Where Virtuoso 7.2 departs from SPARQL 1.1 Update (strict: a server that conforms makes them fail), by cause.
NO_DEFAULT_GRAPH = ("Virtuoso 7.2 has no default graph of its own: an update that reads or writes it without GRAPH "
                    'is refused (SP031 "No plain default graph specified")')
NO_DEFAULT_OPERAND = ("Virtuoso 7.2 refuses DEFAULT as the graph of CLEAR, DROP, COPY, MOVE or ADD "
                      '(SP031: it "requires declaration of a plain default graph")')
DEFAULT_READS_ALL = ("Virtuoso 7.2 has no default graph of its own: `/store?default` reads every graph's triples, "
                     "where the suite expects an empty default graph")
NO_DATA_BLANK_NODES = "Virtuoso 7.2 refuses blank nodes in INSERT DATA and DELETE DATA (SP031)"
NO_INNER_PROLOGUE = "Virtuoso 7.2 refuses BASE or PREFIX after the first operation of a request (SP030)"
USING_WITH_GRAPH = (
    "Virtuoso 7.2 fails a DELETE that combines USING or WITH with a GRAPH template with a server error (answered 503)"
)
EMPTY_GRAPH_BLOCK = "Virtuoso 7.2 refuses an empty GRAPH block in INSERT DATA as a syntax error (SP030)"
_DEPARTURES: dict[str, tuple[str, ...]] = {
    NO_DEFAULT_GRAPH: (
        "add01", "add02", "add03", "add04", "add05", "add06", "add07", "add08", "insert-data-spo1",
        "insert-where-01", "insert-where-02", "insert-where-03", "insert-where-04", "insert-using-01",
        "insert-where-same-bnode", "insert-where-same-bnode2", "dawg-clear-default-01", "dawg-clear-graph-01",
        "dawg-clear-named-01", "dawg-clear-all-01", "copy01", "copy02", "copy03", "copy04", "copy06", "copy07",
        "dawg-delete-data-01", "dawg-delete-data-03", "dawg-delete-data-05", "dawg-delete-data-06",
        "dawg-delete-insert-01", "dawg-delete-insert-01b", "dawg-delete-insert-01c", "dawg-delete-insert-02",
        "dawg-delete-insert-04", "dawg-delete-insert-04b", "dawg-delete-insert-05b", "dawg-delete-insert-06b",
        "delete-insert-halloween-problem", "dawg-delete-where-01", "dawg-delete-where-03", "dawg-delete-where-05",
        "dawg-delete-where-06", "dawg-delete-01", "dawg-delete-03", "dawg-delete-05", "dawg-delete-06",
        "dawg-delete-07", "dawg-delete-with-06", "dawg-delete-using-01", "dawg-delete-using-02a",
        "dawg-delete-using-03", "dawg-delete-using-04", "dawg-drop-default-01", "dawg-drop-graph-01",
        "dawg-drop-named-01", "dawg-drop-all-01", "move01", "move02", "move03", "move04", "move06", "move07",
        "test_23", "test_25", "test_29", "test_31", "test_35", "clear-silent", "drop-silent",
    ),
    NO_DEFAULT_OPERAND: (
        "test_6", "test_10", "test_16", "test_20", "clear-default-silent", "drop-default-silent",
        "copy-to-default-silent", "move-to-default-silent", "add-to-default-silent",
    ),
    DEFAULT_READS_ALL: (
        "insert-data-spo-named1", "insert-data-spo-named2", "insert-data-spo-named3", "dawg-delete-data-02",
        "dawg-delete-data-04", "dawg-delete-where-02", "dawg-delete-where-04", "dawg-delete-02", "dawg-delete-04",
        "dawg-delete-with-01", "dawg-delete-with-03", "dawg-delete-with-05", "dawg-delete-using-05", "create-silent",
        "copy-silent", "move-silent", "add-silent",
    ),
    NO_DATA_BLANK_NODES: (
        "insert-05a", "insert-data-same-bnode", "test_53",
    ),
    NO_INNER_PROLOGUE: (
        "test_32", "test_39", "syntax-update-other-01",
    ),
    USING_WITH_GRAPH: (
        "dawg-delete-with-02", "dawg-delete-with-04", "dawg-delete-using-06a",
    ),
    EMPTY_GRAPH_BLOCK: (
        "test_28",
    ),
}
VIRTUOSO_DEPARTS = {test: reason for reason, tests in _DEPARTURES.items() for test in tests}


@dataclass(frozen=True)
class Dataset:
    default: tuple[Path, ...] = ()
    named: tuple[tuple[str, Path], ...] = ()


@dataclass(frozen=True)
class UpdateTest:
    name: str
    kind: str  # "evaluation", "positive" or "negative"
    request: Path
    before: Dataset = Dataset()
    after: Dataset = Dataset()


def read_suite(manifest: Path) -> list[UpdateTest]:
    tests = []
    for entry in entries(manifest):
        graph, kinds = entry.graph, entry.types
        if MF.UpdateEvaluationTest in kinds:
            action = entry.action
            tests.append(UpdateTest(entry.name, "evaluation", local_path(graph.value(action, UT.request)),
                                    _dataset(graph, action), _dataset(graph, entry.value(MF.result))))
        elif kinds & (POSITIVE | NEGATIVE):
            tests.append(UpdateTest(entry.name, "positive" if kinds & POSITIVE else "negative",
                                    local_path(entry.action)))
    return tests


def _dataset(graph: Graph, node: Node | None) -> Dataset:
    default = tuple(local_path(d) for d in graph.objects(node, UT.data))
    named = tuple((str(graph.value(g, RDFS.label)), local_path(graph.value(g, UT.graph)))
                  for g in graph.objects(node, UT.graphData))
    return Dataset(default, named)


TESTS = read_suite(MANIFEST) if MANIFEST.exists() else []


def test_the_suite_is_beside_the_clone() -> None:
    assert MANIFEST.exists(), f"the W3C update manifests are expected under {SUITE}"
    assert len(TESTS) == 157
    assert {t.name for t in TESTS} >= NEEDS_LOAD | VIRTUOSO_DEPARTS.keys()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def backend(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, TestClient]]:
    """The app on an in-memory store (the same engine, union and gate as a store folder, without a writer process
    per update: the suite sends about 320; test_api_sparql.py covers the folder), then on a Virtuoso."""
    settings = settings_for(Path("unused"), update_token=TOKEN, allow_unknown_graphs=True, base_iri=SUITE_IRI)
    if request.param == "oxigraph":
        with client_for(settings, OxigraphStore()) as client:
            yield request.param, client
        return
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-update")) as server, \
            SparqlStore(server.sparql_url, timeout=VIRTUOSO_TIMEOUT_S) as store, client_for(settings, store) as client:
        yield request.param, client


def _iri_of(path: Path) -> str:
    return SUITE_IRI + path.relative_to(SUITE).as_posix()


def _graph_of(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=_iri_of(path))


def _update(client: TestClient, text: str) -> None:
    response = client.post("/sparql", content=text.encode(),
                           headers={**AUTH, "content-type": "application/sparql-update"})
    assert response.status_code == 204, response.text


def load(client: TestClient, dataset: Dataset, *, backend: str = "oxigraph") -> None:
    """Empty the dataset and load `dataset` into it, in one update through the endpoint.

    On Virtuoso every graph the endpoint lists is dropped by name instead of DROP ALL, which there keeps the
    graphs it did not see created by CREATE GRAPH (and would reach the server's own graphs)."""
    operations = ["DROP ALL"] if backend == "oxigraph" else [
        f"DROP SILENT GRAPH <{name}>" for name in sorted(named_graphs(client))]
    operations.extend("INSERT DATA {\n" + _graph_of(path).serialize(format="nt") + "}" for path in dataset.default)
    for name, path in dataset.named:
        operations.append(f"CREATE SILENT GRAPH <{name}>")
        operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{_graph_of(path).serialize(format='nt')}}} }}")
    if operations:
        _update(client, " ;\n".join(operations))


def read_back(client: TestClient, name: str | None) -> Graph:
    where = "default" if name is None else "graph=" + quote(name, safe="")
    response = client.get(f"/store?{where}", headers={"accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="nt")


def named_graphs(client: TestClient) -> set[str]:
    response = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert response.status_code == 200, response.text
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]
            if not row["g"]["value"].startswith("urn:cislunar-kg:")}  # Virtuoso lists the union graph too


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_update(backend: tuple[str, TestClient], test: UpdateTest, request: pytest.FixtureRequest) -> None:
    backend_name, client = backend
    if backend_name == "virtuoso" and test.name in VIRTUOSO_DEPARTS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=VIRTUOSO_DEPARTS[test.name]))
    load(client, test.before, backend=backend_name)
    text = test.request.read_text(encoding="utf-8")
    response = client.post("/sparql", content=text.encode(), headers={
        **AUTH, "content-type": "application/sparql-update"})
    where = f"{test.name} ({test.request.name}): {response.status_code} {response.text[:300]}"
    if test.name in NEEDS_LOAD:
        assert response.status_code == 400 and "LOAD" in response.json()["detail"], where
        return
    if test.kind == "negative":
        assert response.status_code == 400, where
        return
    if test.kind == "positive":
        # Valid syntax; running it on an empty dataset may still fail as SPARQL says (DROP of a graph that
        # does not exist), which is an answer about the data, not the syntax.
        assert response.status_code == 204 or (response.status_code == 400 and response.json()["title"]
                                                == "Update failed"), where
        return
    assert response.status_code == 204, where
    expected_default = Graph()
    for path in test.after.default:
        expected_default += _graph_of(path)
    assert isomorphic(read_back(client, None), expected_default), where + " (default graph)"
    expected = {name: _graph_of(path) for name, path in test.after.named}
    assert named_graphs(client) == {name for name, graph in expected.items() if len(graph)}, where
    for name, graph in expected.items():
        if len(graph):
            assert isomorphic(read_back(client, name), graph), where + f" (graph <{name}>)"
