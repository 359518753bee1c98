"""The HTTP service on a remote store: a real Virtuoso answers the named queries and `/sparql` as the embedded
store does, the guard refuses SERVICE and LOAD before anything reaches Virtuoso, and the time limit and the row
cap hold.

Chain: seed release → prepared graph → Virtuoso (through `SparqlStore`) → `create_app` → TestClient.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.queries import named_queries
from api.remote_service import RemoteService
from api.settings import Settings
from graph.pipeline import PreparedDocument, write
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore, Solutions

from .api_fixtures import TOKEN, Listener, client_for, settings_for
from .test_remote_store import answer_set
from .virtuoso import Virtuoso, virtuoso  # noqa: F401  (the session fixture)

PROJECT = "https://w3id.org/cislunar-kg/"
JSON = "application/sparql-results+json"
SCRATCH = PROJECT + "id/document/remote-service-scratch"


class Counting(httpx.BaseTransport):
    """A real HTTP transport that counts what it sends: the proof that a refused request went nowhere."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture(scope="module")
def loaded(virtuoso: Virtuoso, seed_prepared: PreparedDocument) -> Virtuoso:  # noqa: F811
    with SparqlStore(virtuoso.sparql_url) as store:
        write(store, [seed_prepared])
    return virtuoso


@pytest.fixture(scope="module")
def counting() -> Counting:
    return Counting()


def remote_store(url: str, transport: httpx.BaseTransport | None = None, timeout: float = 10.0) -> SparqlStore:
    client = httpx.Client(transport=transport, timeout=timeout)
    return SparqlStore(url, client=client, graph_prefixes=(PROJECT,))


@pytest.fixture(scope="module")
def remote(
    loaded: Virtuoso, counting: Counting, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    store = remote_store(loaded.sparql_url, counting)
    settings = settings_for(tmp_path_factory.mktemp("unused") / "store", update_token=TOKEN)
    with client_for(settings, store) as client:
        yield client
    store.close()


@pytest.fixture(scope="module")
def embedded(seed_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with client_for(settings_for(tmp_path_factory.mktemp("unused") / "store"), seed_store) as client:
        yield client


def solutions(response: httpx.Response) -> Solutions:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(JSON)
    answer = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    return Solutions(names, [{n: row[n] for n in names if row[n] is not None} for row in answer])


# -- The same answers as the embedded store --


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_alike(name: str, remote: TestClient, embedded: TestClient) -> None:
    expected = answer_set(solutions(embedded.get(f"/queries/{name}", headers={"accept": JSON})))
    assert expected, name
    assert answer_set(solutions(remote.get(f"/queries/{name}", headers={"accept": JSON}))) == expected


@pytest.mark.parametrize("name", ["posts", "parties-of-agreement", "statements"])
def test_sparql_endpoint_answers_alike(name: str, remote: TestClient, embedded: TestClient) -> None:
    form = {"query": named_queries()[name]}
    expected = answer_set(solutions(embedded.post("/sparql", data=form, headers={"accept": JSON})))
    assert answer_set(solutions(remote.post("/sparql", data=form, headers={"accept": JSON}))) == expected


REST_LISTS = ["/organizations", "/people", "/agreements", "/milestones", "/statements", "/search?q=ispace"]
PAGES = ["/", "/timeline", "/network"]


@pytest.mark.parametrize("path", REST_LISTS)
def test_rest_lookups_answer_alike(path: str, remote: TestClient, embedded: TestClient) -> None:
    expected = embedded.get(path)
    assert expected.status_code == 200 and expected.json()["items"], path
    assert remote.get(path).json() == expected.json()


@pytest.mark.parametrize("kind", ["organizations", "people", "agreements"])
def test_every_item_answers_alike_as_json_and_as_a_page(kind: str, remote: TestClient, embedded: TestClient) -> None:
    items = embedded.get(f"/{kind}", params={"limit": 100}).json()["items"]
    for item in items:
        href = item["href"].removeprefix("http://testserver")
        assert remote.get(href).json() == embedded.get(href).json(), href
        page = item["id"].removeprefix(PROJECT)  # the linked-data page of the same resource
        html = {"accept": "text/html"}
        assert remote.get(f"/{page}", headers=html).text == embedded.get(f"/{page}", headers=html).text, page
        turtle = {"accept": "text/turtle"}
        expected = ox.parse(embedded.get(f"/{page}", headers=turtle).content, format=ox.RdfFormat.TURTLE)
        got = ox.parse(remote.get(f"/{page}", headers=turtle).content, format=ox.RdfFormat.TURTLE)
        assert _integers_as_oxigraph_stores_them(got) == _integers_as_oxigraph_stores_them(expected), page


def _integers_as_oxigraph_stores_them(triples: object) -> set[str]:
    """Triples as text, with xsd:nonNegativeInteger written as xsd:integer: Oxigraph stores it so, Virtuoso keeps it."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return {str(t).replace(f"<{xsd}nonNegativeInteger>", f"<{xsd}integer>") for t in triples}  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_alike(path: str, remote: TestClient, embedded: TestClient) -> None:
    expected = embedded.get(path, headers={"accept": "text/html"})
    assert expected.status_code == 200
    assert remote.get(path, headers={"accept": "text/html"}).text == expected.text


def test_an_unknown_id_is_404_on_both(remote: TestClient, embedded: TestClient) -> None:
    for client in (remote, embedded):
        response = client.get("/organizations/no-such-company")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("accept", ["text/csv", "application/sparql-results+xml", "text/tab-separated-values"])
def test_answers_come_in_the_negotiated_format(accept: str, remote: TestClient) -> None:
    query = "SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization> } ORDER BY ?o"
    response = remote.get(f"/sparql?query={quote(query)}", headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept


def test_a_construct_is_sent_as_rdf(remote: TestClient) -> None:
    query = "CONSTRUCT WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization> }"
    response = remote.get(f"/sparql?query={quote(query)}", headers={"accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))) == 4


def test_the_service_description_counts_the_remote_graphs(remote: TestClient, seed_prepared: PreparedDocument) -> None:
    response = remote.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200, response.text
    assert str(seed_prepared.graph_iri) in response.text
    assert remote.get("/readyz").json() == {"status": "ready", "hard_time_limit": False}


# -- Refused before anything is forwarded --

REFUSED = [
    ("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ("query", "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }"),
    ("query", f"SELECT * FROM <{PROJECT}id/document/not-here> WHERE {{ ?s ?p ?o }}"),
    ("update", "LOAD <http://127.0.0.1:9/data.ttl>"),
    ("update", "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
]


@pytest.mark.parametrize(("kind", "text"), REFUSED)
def test_refused_requests_never_reach_the_remote(kind: str, text: str, remote: TestClient, counting: Counting) -> None:
    before = len(counting.sent)
    response = remote.post("/sparql", data={kind: text}, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    # The unknown FROM graph costs one look at the graph list; SERVICE and LOAD cost nothing.
    looked = [parse_form(r) for r in counting.sent[before:]]
    assert all("query" in f and "GRAPH ?g" in f["query"] for f in looked), looked
    assert len(looked) == (1 if "FROM" in text else 0)


def parse_form(request: httpx.Request) -> dict[str, str]:
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def test_an_update_without_the_token_is_not_forwarded(remote: TestClient, counting: Counting) -> None:
    before = len(counting.sent)
    response = remote.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:a> <urn:b> 1 }} }}"})
    assert response.status_code in (401, 403)
    assert len(counting.sent) == before


def test_an_update_is_forwarded_with_the_token(remote: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    try:
        response = remote.post("/sparql", headers=auth, data={
            "update": f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:ckg:a> <urn:ckg:b> 'x' }} }}"})
        assert response.status_code == 204, response.text
        ask = f"ASK {{ GRAPH <{SCRATCH}> {{ <urn:ckg:a> <urn:ckg:b> 'x' }} }}"
        answer = remote.get(f"/sparql?query={quote(ask)}", headers={"accept": JSON})
        assert answer.json()["boolean"] is True
    finally:
        remote.post("/sparql", headers=auth, data={"update": f"DROP SILENT GRAPH <{SCRATCH}>"})


# -- Limits --


def test_the_row_cap_answers_413(loaded: Virtuoso, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path / "store", max_rows=3)
    with remote_store(loaded.sparql_url) as store, client_for(settings, store) as client:
        query = "SELECT ?o WHERE { ?o a <http://www.w3.org/ns/org#FormalOrganization> }"
        response = client.get(f"/sparql?query={quote(query)}", headers={"accept": JSON})
        assert response.status_code == 413, response.text
        assert "CKG_MAX_ROWS" in response.json()["detail"]


def test_an_answer_virtuoso_cut_short_is_413(loaded: Virtuoso, seed_prepared: PreparedDocument, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Virtuoso stops at its ResultSetMaxRows (10,000 in Debian's ini) and says so; that must not pass as whole."""
    settings = settings_for(tmp_path / "store", max_rows=100_000)
    graph = f"<{seed_prepared.graph_iri}>"
    with remote_store(loaded.sparql_url) as store, client_for(settings, store) as client:
        query = f"SELECT * WHERE {{ GRAPH {graph} {{ ?a ?b ?c . ?d ?e ?f }} }}"
        response = client.get(f"/sparql?query={quote(query)}", headers={"accept": JSON})
        assert response.status_code == 413, response.text
        assert "10000" in response.json()["detail"]


@pytest.fixture
def silent() -> Iterator[Listener]:
    server = Listener(answer=False)
    yield server
    server.close()


def test_the_http_timeout_is_a_503(silent: Listener, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The HTTP client's timeout fires first (the service's own wait is longer): still 503, without the URL."""
    settings = settings_for(tmp_path / "store", query_timeout=30)
    with remote_store(silent.url, timeout=0.5) as store, client_for(settings, store) as client:
        response = client.get(f"/sparql?query={quote('ASK {}')}", headers={"accept": JSON})
    assert response.status_code == 503
    assert response.json()["title"] == "Query timed out"
    assert silent.url not in response.text


def test_a_sparql_spec_opens_a_remote_service_with_the_query_timeout(silent: Listener, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.from_env(environ={"CKG_STORE": f"sparql:{silent.url}", "CKG_QUERY_TIMEOUT": "0.5"})
    with client_for(settings) as client:
        assert isinstance(client.app.state.service, RemoteService)  # type: ignore[attr-defined]
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "0.5 s limit" in response.json()["detail"]


def test_an_unreachable_store_is_503_without_its_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"  # bound, not listening: connection refused
        settings = Settings.from_env(environ={"CKG_STORE": f"sparql:{url}"})
        with client_for(settings) as client:
            response = client.get(f"/sparql?query={quote('ASK {}')}", headers={"accept": JSON})
    assert response.status_code == 503
    assert response.json()["title"] == "Store unavailable"
    assert url not in response.text


# -- The CLI on the remote store (`--store sparql:URL`) --


def test_the_cli_loads_queries_validates_and_exports_on_virtuoso(loaded: Virtuoso,
                                                                 seed_prepared: PreparedDocument) -> None:
    from typer.testing import CliRunner

    from cislunar_kg.cli import app

    from .conftest import SEED

    runner, spec = CliRunner(), f"sparql:{loaded.sparql_url}"
    document = str(seed_prepared.graph_iri)
    load = runner.invoke(app, ["load", str(SEED), "--store", spec])
    assert load.exit_code == 0, load.output
    assert f"<{document}>" in load.output
    query = runner.invoke(app, ["query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{document}> {{ ?s ?p ?o }} }}",
                                "-f", "csv"], env={"CKG_STORE": spec})
    assert query.exit_code == 0, query.output
    assert query.output.splitlines()[1] == str(len(seed_prepared.graph))
    validate = runner.invoke(app, ["validate", "--store", spec])
    assert validate.exit_code == 0, validate.output
    assert f"{document}: conforms" in validate.output
    export = runner.invoke(app, ["export", "--store", spec, "-f", "nq"])
    assert export.exit_code == 0, export.output
    quads = list(ox.parse(export.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {document, PROJECT + "ontology"}


def test_the_cli_refuses_credentials_in_the_spec() -> None:
    from typer.testing import CliRunner

    from cislunar_kg.cli import app

    result = CliRunner().invoke(app, ["query", "ASK {}", "--store", "sparql:http://user:pw@127.0.0.1:9/sparql"])
    assert result.exit_code == 1
    assert "CKG_STORE_USER" in result.output


# -- Errors that are the request's --


@pytest.mark.parametrize("query", [
    "SELECT (1/0 AS ?x) WHERE {}",  # Virtuoso: 22012 Division by 0
    'SELECT * WHERE { BIND(REGEX("a", "(") AS ?x) }',  # 2201B regexp error
    "SELECT (<urn:ckg:no-such-function>(1) AS ?x) WHERE {}",  # 42001 Undefined procedure
])
def test_a_query_the_store_cannot_evaluate_is_a_400(query: str, remote: TestClient) -> None:
    response = remote.get(f"/sparql?query={quote(query)}", headers={"accept": JSON})
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["title"] == "Query not supported"
    assert "Virtuoso" in problem["detail"] and "SPARQL query:" not in problem["detail"]


def test_dropping_a_graph_the_store_lacks_is_a_400_and_changes_nothing(remote: TestClient) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{PROJECT}')) }}"
    before = solutions(remote.get(f"/sparql?query={quote(count)}", headers={"accept": JSON}))
    response = remote.post("/sparql", headers=auth, data={"update": f"DROP GRAPH <{SCRATCH}-never-made>"})
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "Update failed"
    assert solutions(remote.get(f"/sparql?query={quote(count)}", headers={"accept": JSON})) == before
