"""A real SPARQL client (SPARQLWrapper) against the app under a real uvicorn on 127.0.0.1, serving the embedded
store and a throw-away Virtuoso in turn."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .api_fixtures import ID, RELEASE_GRAPH, TOKEN, live_server, settings_for, store_on
from .conftest import BACKENDS

ISPACE = ID + "organization/ispace"
# STR: SPARQL leaves the order of tagged literals open
LABELS = f"SELECT ?label WHERE {{ <{ISPACE}> <{RDFS.label}> ?label }} ORDER BY STR(?label)"


@pytest.fixture(scope="module", params=BACKENDS)
def endpoint(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with store_on(request.param, tmp_path_factory.mktemp(f"wrapper-{request.param}")) as store, \
            live_server(settings_for(store, update_token=TOKEN)) as url:
        yield url + "/sparql"


def client(endpoint: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def answer(sparql: SPARQLWrapper) -> Any:
    """The converted answer (SPARQLWrapper types it as a union of everything it can return)."""
    return sparql.queryAndConvert()


def test_select_json(endpoint: str) -> None:
    result = answer(client(endpoint, LABELS))
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["ispace, inc.", "株式会社ispace"]


def test_select_by_post(endpoint: str) -> None:
    sparql = client(endpoint, LABELS)
    sparql.setMethod(POST)
    result = answer(sparql)
    assert len(result["results"]["bindings"]) == 2


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_select_other_formats(endpoint: str, fmt: str) -> None:
    response = client(endpoint, LABELS, fmt).query()
    body = response.response.read().decode("utf-8")
    assert "株式会社ispace" in body


def test_ask(endpoint: str) -> None:
    assert answer(client(endpoint, f"ASK {{ <{ISPACE}> ?p ?o }}"))["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, JSONLD])
def test_construct(endpoint: str, fmt: str) -> None:
    result = answer(client(endpoint, f"CONSTRUCT WHERE {{ <{ISPACE}> <{RDFS.label}> ?label }}", fmt))
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert (URIRef(ISPACE), RDFS.label, Literal("株式会社ispace", lang="ja")) in graph


def test_dataset_through_the_client(endpoint: str) -> None:
    sparql = client(endpoint, LABELS)
    sparql.addDefaultGraph(RELEASE_GRAPH)
    result = answer(sparql)
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == ["株式会社ispace"]


def test_refusals_reach_the_client_as_errors(endpoint: str) -> None:
    with pytest.raises(QueryBadFormed, match="SERVICE is not allowed"):
        client(endpoint, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").query()


def test_update_with_the_token(endpoint: str) -> None:
    sparql = SPARQLWrapper(endpoint)
    sparql.setMethod(POST)
    sparql.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    # A graph under the base IRI: a remote store's union takes in the project's graphs only (docs/endpoint.md).
    sparql.setQuery('INSERT DATA { GRAPH <https://w3id.org/cislunar-kg/id/document/wrapper> { <urn:a> <urn:b> "c" } }')
    assert sparql.query().response.status == 204
    assert answer(client(endpoint, 'ASK { <urn:a> <urn:b> "c" }'))["boolean"] is True
