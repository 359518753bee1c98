"""GET /sparql without a query: a SPARQL 1.1 Service Description for RDF clients, a query form for browsers.

Both are renderings of one `ServiceDescription`, so the tests check that the twins agree.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from .api_fixtures import OTHER_GRAPH, RELEASE_GRAPH, TOKEN, client_for, settings_for, store_on, write_store
from .conftest import BACKENDS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with store_on(request.param, tmp_path_factory.mktemp(f"sd-{request.param}")) as store, \
            client_for(settings_for(store)) as client:
        yield client


def description(client: TestClient, accept: str = "text/turtle", rdflib_format: str = "turtle") -> Graph:
    response = client.get("/sparql", headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["vary"] == "Accept"
    return Graph().parse(data=response.content, format=rdflib_format)


def test_service_endpoint_languages_and_formats(client: TestClient) -> None:
    graph = description(client)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef("http://testserver/sparql")
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.resultFormat)) == {
        FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
        FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["N-Triples"], FORMATS["JSON-LD"], FORMATS.RDF_XML,
    }
    assert SD.UnionDefaultGraph in set(graph.objects(service, SD.feature))


def test_default_dataset_with_void_counts(client: TestClient) -> None:
    graph = description(client)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    dataset = graph.value(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    assert graph.value(dataset, VOID.triples) == Literal(5)
    default_graph = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default_graph, VOID.triples) == Literal(5)
    sizes = {}
    for named in graph.objects(dataset, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in graph
        triples = graph.value(graph.value(named, SD.graph), VOID.triples)
        assert isinstance(triples, Literal)
        sizes[str(graph.value(named, SD.name))] = triples.toPython()
    assert sizes == {RELEASE_GRAPH: 4, OTHER_GRAPH: 1}


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("application/n-triples", "nt"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_every_rdf_format_says_the_same(client: TestClient, accept: str, rdflib_format: str) -> None:
    assert len(description(client, accept, rdflib_format)) == len(description(client))


def test_update_is_listed_only_when_enabled(tmp_path: Path) -> None:
    with client_for(settings_for(write_store(tmp_path / "store"), update_token=TOKEN)) as client:
        graph = description(client)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query, SD.SPARQL11Update}


def test_browsers_get_the_query_form(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<form method="get" action="http://testserver/sparql">' in page
    assert '<textarea id="query" name="query"' in page
    assert 'rel="alternate"; type="text/turtle"' in response.headers["link"]


def test_the_form_and_the_description_agree(client: TestClient) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    graph = description(client)
    for named in graph.objects(None, SD.name):
        size = graph.value(graph.value(graph.value(predicate=SD.name, object=named), SD.graph), VOID.triples)
        assert re.search(rf"<code>{re.escape(str(named))}</code></td><td class=\"n\">{size}</td>", page)


def test_the_form_needs_nothing_from_elsewhere(client: TestClient) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts[0] == '<script src="/static/query.js" defer>'  # our own, no inline (then the editor's, if built)
    assert all(re.fullmatch(r'<script src="/static/[\w/.-]+\.js" defer>', script) for script in scripts), scripts
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert url.startswith("http://testserver/") or (url.startswith("/") and not url.startswith("//")), url


def test_the_form_query_runs(client: TestClient) -> None:
    page = client.get("/sparql", headers={"accept": "text/html"}).text
    query = html.unescape(re.search(r'<textarea[^>]*>(.*?)</textarea>', page, re.DOTALL).group(1))  # type: ignore[union-attr]
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 2


def test_406_when_nothing_fits(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
