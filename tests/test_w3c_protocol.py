"""The W3C SPARQL 1.1 Protocol test suite, run from its manifest against the real app.

The manifest (../shared/w3c/sparql11-protocol/, beside the clone) describes each test as HTTP requests with
expected status classes and, for some, the expected answer format and boolean. This runner reads it with
rdflib, loads each test's `ut:graphData` into an empty store through SPARQL Update, replaces the `/sparql/`
path prefix with our endpoint, and checks every response. It runs twice: on the embedded store, and on a
throw-away Virtuoso behind the same app (`RemoteService`); all 34 tests pass on both, none skipped.

Test configuration: updates are enabled (each request carries the update token, as a configured client
would), and `CKG_ALLOW_UNKNOWN_GRAPHS` is on, because the suite queries with `default-graph-uri` naming graphs
it never loads (data0.rdf) and expects an empty default graph rather than a refusal. The refusal that is this
service's default is tested in test_api_security.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal
from rdflib.namespace import RDFS
from rdflib.term import Node

from graph.remote_store import SparqlStore

from .api_fixtures import TOKEN, client_for, settings_for
from .virtuoso import running_virtuoso
from .w3c_manifest import HT, MF, SHARED, UT, content_bytes, entries, headers, local_path, requests

SUITE = SHARED / "sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
ENDPOINT = "/sparql"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": None,  # pyoxigraph cannot read CSV results; the csv module can
}


@dataclass(frozen=True)
class Expected:
    status_classes: frozenset[int]  # 2, 3, 4 …
    format: str | None = None  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    expected: Expected


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    graph_data: dict[str, Path] = field(default_factory=dict)  # graph IRI → N-Triples file
    steps: tuple[Step, ...] = ()


def read_manifest(path: Path) -> list[ProtocolTest]:
    tests = []
    for entry in entries(path):
        graph = entry.graph
        data = {str(graph.value(item, RDFS.label)): local_path(graph.value(item, UT.graph))
                for item in graph.objects(entry.node, UT.graphData)}
        steps = tuple(_step(graph, request) for request in requests(graph, entry.action))
        tests.append(ProtocolTest(entry.name, str(entry.value(MF.name)), data, steps))
    return tests


def _step(graph: Graph, request: Node) -> Step:
    response = graph.value(request, HT.resp)
    classes = frozenset(int(str(s).rsplit("StatusCode", 1)[1][0]) for s in graph.objects(response, MF.expectedStatus))
    fmt = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    path = str(graph.value(request, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    return Step(
        method=str(graph.value(request, HT.methodName)),
        path=ENDPOINT + path.removeprefix("/sparql/"),
        headers=headers(graph, request),
        body=content_bytes(graph, request),
        expected=Expected(classes, str(fmt) if fmt is not None else None,
                          boolean.toPython() if isinstance(boolean, Literal) else None),
    )


TESTS = read_manifest(MANIFEST) if MANIFEST.exists() else []


def test_the_suite_is_beside_the_clone() -> None:
    assert MANIFEST.exists(), f"the W3C protocol manifest is expected at {MANIFEST}"
    assert len(TESTS) == 34


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on each backend: an embedded store folder, and a Virtuoso of its own (each test starts with
    DROP ALL) reached through `SparqlStore`."""
    settings = settings_for(tmp_path_factory.mktemp("w3c") / "store", update_token=TOKEN, allow_unknown_graphs=True)
    if request.param == "oxigraph":
        with client_for(settings) as client:
            yield client
        return
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-w3c")) as server, \
            SparqlStore(server.sparql_url) as store, client_for(settings, store) as client:
        yield client


def load(client: TestClient, graph_data: dict[str, Path]) -> None:
    """Start each test from a store holding exactly its ut:graphData (through the endpoint's own Update)."""
    update = "DROP ALL ;\n" + "".join(
        f"INSERT DATA {{ GRAPH <{name}> {{ {file.read_text(encoding='utf-8')} }} }} ;\n"
        for name, file in graph_data.items()
    )
    response = client.post(ENDPOINT, content=update.encode(), headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204, response.text


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(client: TestClient, test: ProtocolTest) -> None:
    load(client, test.graph_data)
    for number, step in enumerate(test.steps, 1):
        response = client.request(step.method, step.path, content=step.body,
                                  headers={**step.headers, "authorization": f"Bearer {TOKEN}"})
        where = f"{test.name} ({test.title}), request {number}: {response.status_code} {response.text[:300]}"
        assert response.status_code // 100 in step.expected.status_classes, where
        if response.status_code >= 400:
            # Refused for the reason the test means, not for want of credentials, and in our one error format.
            assert response.status_code not in (401, 403), where
            assert response.headers["content-type"] == "application/problem+json", where
        check_format(response.headers.get("content-type", ""), response.content, step.expected, where)


def check_format(content_type: str, body: bytes, expected: Expected, where: str) -> None:
    media_type = content_type.split(";")[0].strip()
    if expected.format in ("boolean", "tabular"):
        assert media_type in RESULT_TYPES, where
        if media_type == "text/csv":
            rows = list(csv.reader(io.StringIO(body.decode())))
            assert rows and expected.format == "tabular", where
            return
        answer = ox.parse_query_results(body, RESULT_TYPES[media_type])
        if expected.format == "boolean":
            assert isinstance(answer, ox.QueryBoolean), where
            if expected.boolean is not None:
                assert bool(answer) is expected.boolean, where
        else:
            assert isinstance(answer, ox.QuerySolutions), where
            assert list(answer), where
    elif expected.format == "RDF":
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None, where
        list(ox.parse(body, format=rdf_format))
        if media_type == "application/ld+json":
            json.loads(body)
