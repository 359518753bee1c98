"""The W3C SPARQL 1.1 Update test suite, run from its manifests through the endpoint.

Each evaluation test starts from an empty dataset, loads its `ut:data` (the default graph) and `ut:graphData`
(named graphs) through the endpoint's own SPARQL Update, sends its request to `/sparql`, and reads the dataset
back through the Graph Store Protocol (`/store?default`, `/store?graph=…`), comparing every graph, up to blank
node names, with `mf:result`. Syntax tests send their update to an empty store: a positive one must be
accepted (204), a negative one refused with 400.

Tests that need LOAD are refused by design (this service never fetches data, README "The dataset"): they are
listed in `NEEDS_LOAD` and expected to be answered 400, which the runner checks too.

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
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.store import OxigraphStore

from .api_fixtures import TOKEN, client_for, settings_for

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "w3c" / "sparql11-update"
MANIFEST = SUITE / "manifest.ttl"
# Where the suite lives on the web: its requests' and data's relative IRIs resolve against this, as upstream.
SUITE_IRI = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")

POSITIVE = {MF.PositiveUpdateSyntaxTest11}
NEGATIVE = {MF.NegativeUpdateSyntaxTest11, MF.NegativeSyntaxTest11}
# LOAD fetches data from elsewhere, which this service refuses before anything runs (400, "LOAD").
NEEDS_LOAD = {
    "load-silent", "load-into-silent",  # LOAD SILENT of an address that does not resolve
    "test_1", "test_2", "test_3", "test_4", "test_37",  # syntax-update-1: LOAD forms
}
AUTH = {"authorization": f"Bearer {TOKEN}"}


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
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    tests: list[UpdateTest] = []
    top = next(graph.subjects(RDF.type, MF.Manifest))
    for included in Collection(graph, graph.value(top, MF.include)):
        tests.extend(_read_manifest(Path(str(included).removeprefix("file://"))))
    return tests


def _read_manifest(path: Path) -> list[UpdateTest]:
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        kinds = set(graph.objects(entry, RDF.type))
        name = str(entry).rsplit("#", 1)[-1]
        action = graph.value(entry, MF.action)
        if MF.UpdateEvaluationTest in kinds:
            request = graph.value(action, UT.request)
            tests.append(UpdateTest(name, "evaluation", _path(request), _dataset(graph, action),
                                    _dataset(graph, graph.value(entry, MF.result))))
        elif kinds & (POSITIVE | NEGATIVE):
            tests.append(UpdateTest(name, "positive" if kinds & POSITIVE else "negative", _path(action)))
    return tests


def _path(node: Node | None) -> Path:
    assert node is not None
    return Path(str(node).removeprefix("file://"))


def _dataset(graph: Graph, node: Node | None) -> Dataset:
    default = tuple(_path(d) for d in graph.objects(node, UT.data))
    named = tuple((str(graph.value(g, RDFS.label)), _path(graph.value(g, UT.graph)))
                  for g in graph.objects(node, UT.graphData))
    return Dataset(default, named)


TESTS = read_suite(MANIFEST) if MANIFEST.exists() else []


def test_the_suite_is_beside_the_clone() -> None:
    assert MANIFEST.exists(), f"the W3C update manifests are expected under {SUITE}"
    assert len(TESTS) == 157
    assert {t.name for t in TESTS} >= NEEDS_LOAD


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app on an in-memory store (each test starts with DROP ALL): the same engine, union and gate as a store
    folder, without a writer process per update (the suite sends about 320; test_api_sparql.py covers the folder)."""
    settings = settings_for(Path("unused"), update_token=TOKEN, allow_unknown_graphs=True, base_iri=SUITE_IRI)
    with client_for(settings, OxigraphStore()) as client:
        yield client


def _iri_of(path: Path) -> str:
    return SUITE_IRI + path.relative_to(SUITE).as_posix()


def _graph_of(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=_iri_of(path))


def _update(client: TestClient, text: str) -> None:
    response = client.post("/sparql", content=text.encode(), headers={**AUTH, "content-type": "application/sparql-update"})
    assert response.status_code == 204, response.text


def load(client: TestClient, dataset: Dataset) -> None:
    """Empty the dataset and load `dataset` into it, in one update through the endpoint."""
    operations = ["DROP ALL"]
    operations.extend("INSERT DATA {\n" + _graph_of(path).serialize(format="nt") + "}" for path in dataset.default)
    for name, path in dataset.named:
        operations.append(f"CREATE SILENT GRAPH <{name}>")
        operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{_graph_of(path).serialize(format='nt')}}} }}")
    _update(client, " ;\n".join(operations))


def read_back(client: TestClient, name: str | None) -> Graph:
    where = "default" if name is None else "graph=" + quote(name, safe="")
    response = client.get(f"/store?{where}", headers={"accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="nt")


def named_graphs(client: TestClient) -> set[str]:
    response = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert response.status_code == 200, response.text
    return {row["g"]["value"] for row in response.json()["results"]["bindings"]}


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_update(client: TestClient, test: UpdateTest) -> None:
    load(client, test.before)
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
