"""The /sparql endpoint as a client sees it: status, content type, and the parsed answer."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from api.app import create_app
from graph.store import OxigraphStore

from .api_fixtures import (
    ID,
    OTHER_GRAPH,
    RELEASE_GRAPH,
    TOKEN,
    client_for,
    settings_for,
    store_on,
    write_store,
)
from .conftest import BACKENDS

ISPACE = ID + "organization/ispace"
# STR: SPARQL leaves the order of literals with language tags to the store.
LABELS = "SELECT ?label WHERE { ?org <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY STR(?label)"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module", params=BACKENDS)
def store_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    """The store setting: the embedded store's folder, then a throw-away Virtuoso's `sparql:URL`."""
    with store_on(request.param, tmp_path_factory.mktemp(f"api-{request.param}")) as store:
        yield store


@pytest.fixture(scope="module")
def client(store_path: Path | str) -> Iterator[TestClient]:
    with client_for(settings_for(store_path)) as client:
        yield client


def labels(response_body: bytes) -> list[str]:
    answer = ox.parse_query_results(response_body, ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QuerySolutions)
    return [s["label"].value for s in answer]


def problem(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    assert "Traceback" not in response.text
    return body


# -- Queries: three ways to send one, the same answer --

def test_get_select(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LABELS})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["vary"] == "Accept"
    assert labels(response.content) == ["ispace, inc.", "日本航空株式会社", "株式会社ispace"]


def test_get_form_post_and_direct_post_agree(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": LABELS})
    by_form = client.post("/sparql", data={"query": LABELS})
    by_body = client.post("/sparql", content=LABELS.encode(), headers={"content-type": "application/sparql-query"})
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.content == by_form.content == by_body.content


# -- Content negotiation --

@pytest.mark.parametrize(("accept", "content_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
])
def test_select_formats(client: TestClient, accept: str, content_type: str) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert "日本航空株式会社" in response.content.decode("utf-8")


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
    (None, "turtle"),
])
def test_construct_formats(client: TestClient, accept: str | None, rdflib_format: str) -> None:
    query = f"CONSTRUCT {{ <{ISPACE}> ?p ?o }} WHERE {{ <{ISPACE}> ?p ?o }}"
    headers = {"accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": query}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept or (
        accept is None and "text/turtle" in response.headers["content-type"])
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert (URIRef(ISPACE), RDFS.label, Literal("株式会社ispace", lang="ja")) in graph
    assert (URIRef(ISPACE), RDFS.label, Literal("ispace, inc.", lang="en")) in graph


def test_describe(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{ISPACE}>"},
                          headers={"accept": "application/n-triples"})
    assert response.status_code == 200
    assert len(Graph().parse(data=response.content, format="nt")) == 3


@pytest.mark.parametrize(("query", "accept"), [
    (LABELS, "text/turtle"),
    (f"CONSTRUCT WHERE {{ <{ISPACE}> ?p ?o }}", "application/sparql-results+json"),
    ("ASK {}", "image/png"),
])
def test_406_names_what_could_be_sent(client: TestClient, query: str, accept: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert response.status_code == 406
    assert "Accept header allows none" in problem(response)["detail"]


# -- The dataset --

def test_default_graph_is_the_union(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) {{ <{ISPACE}> ?p ?o }}"})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "3"


def on_virtuoso_known_to_fail(request: pytest.FixtureRequest, store_path: Path | str, reason: str) -> None:
    """Mark the test as failing on Virtuoso for a documented reason: strict, so a fixed server makes it fail."""
    if isinstance(store_path, str):
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


GRAPH_OUTSIDE_THE_DATASET = "Virtuoso 7.2 lets GRAPH <g> read a graph the dataset leaves out (docs/deployment.md)"


def test_from(client: TestClient) -> None:
    query = f"SELECT ?label FROM <{OTHER_GRAPH}> WHERE {{ ?s <{RDFS.label}> ?label }}"
    assert labels(client.get("/sparql", params={"query": query}).content) == ["ispace, inc."]


def test_from_named(client: TestClient, request: pytest.FixtureRequest, store_path: Path | str) -> None:
    on_virtuoso_known_to_fail(request, store_path, GRAPH_OUTSIDE_THE_DATASET)
    query = f"ASK FROM NAMED <{OTHER_GRAPH}> {{ GRAPH <{RELEASE_GRAPH}> {{ ?s ?p ?o }} }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is False


def test_protocol_default_graph_replaces_from(client: TestClient) -> None:
    query = f"SELECT ?label FROM <{OTHER_GRAPH}> WHERE {{ ?s <{RDFS.label}> ?label }} ORDER BY STR(?label)"
    response = client.get("/sparql", params={"query": query, "default-graph-uri": RELEASE_GRAPH})
    assert labels(response.content) == ["日本航空株式会社", "株式会社ispace"]


def test_protocol_named_graphs_replace_from_named(
    client: TestClient, request: pytest.FixtureRequest, store_path: Path | str
) -> None:
    on_virtuoso_known_to_fail(request, store_path, GRAPH_OUTSIDE_THE_DATASET)
    ask = f"ASK FROM NAMED <{OTHER_GRAPH}> {{ GRAPH <{OTHER_GRAPH}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": ask, "named-graph-uri": RELEASE_GRAPH})
    assert response.json()["boolean"] is False


def test_relative_iris_resolve_against_the_base_iri(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK { <organization/ispace> ?p ?o }"})
    assert response.json()["boolean"] is True


# -- Errors say what is wrong, in one format --

def test_syntax_error(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    body = problem(response)
    assert body["title"] == "SPARQL syntax error"
    assert "line 1" in body["detail"]


def test_protocol_errors(client: TestClient) -> None:
    assert problem(client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D"))["status"] == 400
    assert problem(client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"}))["status"] == 415
    put = client.put("/sparql", params={"query": "ASK {}"})
    assert put.status_code == 405
    assert "GET" in put.headers["allow"] and "POST" in put.headers["allow"]
    problem(put)
    assert problem(client.get("/nothing-here"))["status"] == 404


# -- Limits --

@pytest.fixture(scope="module")
def small(store_path: Path | str) -> Iterator[TestClient]:
    with client_for(settings_for(store_path, max_body=300, max_rows=2)) as client:
        yield client


def test_body_over_the_limit_is_413(small: TestClient) -> None:
    query = "ASK {} # " + "x" * 400
    response = small.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413
    assert "CKG_MAX_BODY" in problem(response)["detail"]


def test_chunked_body_over_the_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"ASK {} # "
        for _ in range(10):
            yield b"x" * 100

    response = small.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413


def test_rows_over_the_limit_are_413_and_limit_fits(small: TestClient) -> None:
    response = small.get("/sparql", params={"query": LABELS})
    assert response.status_code == 413
    assert "more than 2 rows" in problem(response)["detail"]
    assert small.get("/sparql", params={"query": LABELS + " LIMIT 2"}).status_code == 200
    construct = small.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert construct.status_code == 413
    assert "triples" in problem(construct)["detail"]


# -- Updates --

def test_updates_are_off_by_default(client: TestClient) -> None:
    response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"authorization": "Bearer x"})
    assert response.status_code == 403
    assert problem(response)["title"] == "Updates disabled"
    assert client.get("/sparql", params={"query": f"ASK {{ <{ISPACE}> ?p ?o }}"}).json()["boolean"] is True


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[TestClient]:
    with client_for(settings_for(write_store(tmp_path / "store"), update_token=TOKEN)) as client:
        yield client


def ask(client: TestClient, query: str) -> bool:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_update_needs_the_token(writable: TestClient, authorization: str | None) -> None:
    headers = {"authorization": authorization} if authorization else {}
    response = writable.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem(response)
    assert ask(writable, f"ASK {{ <{ISPACE}> ?p ?o }}")


def test_update_with_the_token_is_seen_by_the_next_query(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    new = "INSERT DATA { GRAPH <urn:g:new> { <urn:x> <urn:p> \"月\" } }"
    response = writable.post("/sparql", content=new.encode(), headers={**auth, "content-type":
                                                                        "application/sparql-update"})
    assert response.status_code == 204
    assert ask(writable, 'ASK { GRAPH <urn:g:new> { <urn:x> <urn:p> "月" } }')
    response = writable.post("/sparql", data={"update": "DROP GRAPH <urn:g:new>"}, headers=auth)
    assert response.status_code == 204
    assert not ask(writable, "ASK { GRAPH <urn:g:new> { ?s ?p ?o } }")


def test_update_using_graph_uri(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    update = f"INSERT {{ GRAPH <urn:g:copy> {{ ?s <{RDFS.label}> ?l }} }} WHERE {{ ?s <{RDFS.label}> ?l }}"
    response = writable.post("/sparql", data={"update": update, "using-graph-uri": OTHER_GRAPH}, headers=auth)
    assert response.status_code == 204, response.text
    response = writable.get("/sparql", params={"query": f"SELECT ?label {{ GRAPH <urn:g:copy> "
                                                        f"{{ ?s <{RDFS.label}> ?label }} }}"})
    assert labels(response.content) == ["ispace, inc."]


def test_update_refusals(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    conflict = writable.post("/sparql", data={
        "update": f"WITH <{OTHER_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        "using-graph-uri": RELEASE_GRAPH}, headers=auth)
    assert conflict.status_code == 400
    assert "cannot be combined" in problem(conflict)["detail"]
    unknown = writable.post("/sparql", data={
        "update": "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "using-graph-uri": "urn:g:absent"}, headers=auth)
    assert unknown.status_code == 400
    assert "<urn:g:absent>" in problem(unknown)["detail"]
    syntax = writable.post("/sparql", data={"update": "CLEAR XYZ"}, headers=auth)
    assert problem(syntax)["title"] == "SPARQL syntax error"
    by_get = writable.get("/sparql", params={"update": "CLEAR ALL"}, headers=auth)
    assert by_get.status_code == 400
    assert ask(writable, f"ASK {{ <{ISPACE}> ?p ?o }}")


def test_update_resolves_relative_iris_against_the_base_iri(writable: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    response = writable.post("/sparql", data={"update": "INSERT DATA { GRAPH <urn:g> { <person/x> <urn:p> 1 } }"},
                             headers=auth)
    assert response.status_code == 204
    assert ask(writable, f"ASK {{ <{ID}person/x> <urn:p> 1 }}")


# -- The three ways to run a store --

def test_in_memory_store_runs_in_threads() -> None:
    store = OxigraphStore()
    store.update(f'INSERT DATA {{ GRAPH <{RELEASE_GRAPH}> {{ <{ISPACE}> <{RDFS.label}> "ispace" }} }}')
    with client_for(settings_for(Path("unused"), update_token=TOKEN), store) as client:
        assert labels(client.get("/sparql", params={"query": LABELS}).content) == ["ispace"]
        response = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 204
        assert labels(client.get("/sparql", params={"query": LABELS}).content) == []


def test_an_open_path_backed_store_stays_the_single_writer(tmp_path: Path) -> None:
    store = OxigraphStore(write_store(tmp_path / "store"))  # this process holds the read-write lock
    with client_for(settings_for(tmp_path / "ignored", update_token=TOKEN), store) as client:
        assert ask(client, f"ASK {{ <{ISPACE}> ?p ?o }}")
        response = client.post("/sparql", data={"update": "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }"},
                               headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 204
        assert ask(client, "ASK { <urn:a> <urn:b> 1 }")
    assert store.count("urn:g") == 1


# -- Health, failures, logs --

def test_health_and_readiness(client: TestClient, store_path: Path | str) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    # A query the service forwards runs on the remote server, which only its own time limit stops.
    remote = isinstance(store_path, str)
    assert client.get("/readyz").json() == {"status": "ready", "hard_time_limit": not remote}


def test_not_ready_when_the_store_cannot_open(tmp_path: Path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("not a RocksDB folder")
    with client_for(settings_for(not_a_store)) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert problem(response)["title"] == "Store unavailable"


def test_an_unexpected_failure_is_a_plain_500(store_path: Path | str) -> None:
    app = create_app(settings_for(store_path))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert problem(response)["title"] == "Internal error"
    assert "secret internals" not in response.text


def test_access_log_is_one_json_line_per_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="cislunar_kg.access"):
        client.get("/sparql", params={"query": "ASK {}"})
    entries = [json.loads(r.getMessage()) for r in caplog.records if r.name == "cislunar_kg.access"]
    assert entries[-1]["method"] == "GET"
    assert entries[-1]["path"] == "/sparql"
    assert entries[-1]["status"] == 200
    assert entries[-1]["bytes"] > 0
    assert entries[-1]["ms"] >= 0
