"""Linked-data HTTP for generic clients: /shapes, every IRI resolving, HEAD, OPTIONS, validators and 304, caching,
application/json as JSON-LD, and Link headers to the other formats on every RDF answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from email.utils import format_datetime

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

import ontology
from api.lookups.paths import local_path
from graph.store import OxigraphStore
from shapes import SHAPES_IRI, read_policy_text, read_shapes_text, read_vocabulary_text

from .api_fixtures import ID, client_serving

JAL = "/id/organization/日本航空"


@pytest.fixture(scope="module")
def client(seed_store: OxigraphStore) -> Iterator[TestClient]:
    with client_serving(seed_store) as client:
        yield client


def shape_iris() -> list[str]:
    graph = Graph().parse(data=read_shapes_text(), format="turtle")
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return sorted(str(s) for s in shapes if isinstance(s, URIRef))


# -- /shapes --

@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
     ("application/n-triples", "nt"), ("application/json", "json-ld")],
)
def test_the_shapes_are_served_in_every_rdf_format(client: TestClient, accept: str, fmt: str) -> None:
    response = client.get("/shapes", headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=fmt)
    assert (URIRef(SHAPES_IRI + "#CompanyShape"), RDF.type, SH.NodeShape) in graph


def test_the_shapes_version_iri_answers_and_an_unknown_version_is_404(client: TestClient) -> None:
    graph = Graph().parse(data=read_shapes_text(), format="turtle")
    version = graph.value(URIRef(SHAPES_IRI), URIRef("http://www.w3.org/2002/07/owl#versionIRI"))
    assert version is not None
    path = local_path(ID, str(version))
    assert path == "/shapes/" + str(version).rsplit("/", 1)[1]
    assert client.get(path).text == read_shapes_text()
    assert client.get("/shapes/9.9.9").status_code == 404


@pytest.mark.parametrize(("layer", "read"), [("vocabulary", read_vocabulary_text), ("policy", read_policy_text)])
def test_each_layer_of_the_shapes_is_served_alone(client: TestClient, layer: str, read: Callable[[], str]) -> None:
    response = client.get(f"/shapes/{layer}", headers={"accept": "text/turtle"})
    assert response.status_code == 200, response.text
    assert response.text == read()
    assert local_path(ID, f"{SHAPES_IRI}/{layer}") == f"/shapes/{layer}"
    served = Graph().parse(data=client.get(f"/shapes/{layer}", headers={"accept": "application/n-triples"}).content,
                           format="nt")
    assert (URIRef(f"{SHAPES_IRI}/{layer}"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in served


def test_the_prior_version_of_the_shapes_is_still_served_frozen(client: TestClient) -> None:
    graph = Graph().parse(data=read_shapes_text(), format="turtle")
    prior = graph.value(URIRef(SHAPES_IRI), URIRef("http://www.w3.org/2002/07/owl#priorVersion"))
    assert prior is not None
    response = client.get(local_path(ID, str(prior)) or "", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    frozen = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(SHAPES_IRI), URIRef("http://www.w3.org/2002/07/owl#versionIRI"), prior) in frozen
    assert response.text != read_shapes_text()


def test_every_shape_iri_resolves_to_a_document_that_holds_it(client: TestClient) -> None:
    """A validation report names shapes by IRI (sh:sourceShape); each must lead to its definition."""
    served: dict[str, Graph] = {}
    for iri in shape_iris():
        path = local_path(ID, iri)
        assert path is not None, iri
        document = path.split("#", 1)[0]
        if document not in served:
            response = client.get(document, headers={"accept": "application/n-triples"})
            assert response.status_code == 200, iri
            served[document] = Graph().parse(data=response.content, format="nt")
        assert (URIRef(iri), None, None) in served[document], iri


# -- Validators, 304 and caching --

@pytest.mark.parametrize("path", [JAL, "/ontology", "/ontology/0.1.0", "/shapes"])
def test_a_matching_etag_gets_304_with_no_body_and_the_same_validators(client: TestClient, path: str) -> None:
    first = client.get(path, headers={"accept": "text/turtle"})
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get(path, headers={"accept": "text/turtle", "if-none-match": f'"other", W/{etag}'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == first.headers["cache-control"]
    stale = client.get(path, headers={"accept": "text/turtle", "if-none-match": '"other"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_each_format_has_its_own_etag(client: TestClient) -> None:
    turtle = client.get("/ontology", headers={"accept": "text/turtle"}).headers["etag"]
    xml = client.get("/ontology", headers={"accept": "application/rdf+xml"})
    assert xml.headers["etag"] != turtle
    assert client.get("/ontology",
                      headers={"accept": "application/rdf+xml", "if-none-match": turtle}).status_code == 200


def test_last_modified_is_the_documents_own_date_and_if_modified_since_is_honoured(client: TestClient) -> None:
    response = client.get("/ontology/0.1.0", headers={"accept": "text/turtle"})
    assert response.headers["last-modified"] == "Tue, 24 Nov 2026 00:00:00 GMT"
    later = format_datetime(dt.datetime(2026, 11, 25, tzinfo=dt.UTC), usegmt=True)
    earlier = format_datetime(dt.datetime(2026, 11, 23, tzinfo=dt.UTC), usegmt=True)
    assert client.get("/ontology/0.1.0", headers={"if-modified-since": later}).status_code == 304
    assert client.get("/ontology/0.1.0", headers={"if-modified-since": earlier}).status_code == 200
    assert client.get("/ontology/0.1.0", headers={"if-modified-since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
    assert client.get("/ontology/0.1.0",
                      headers={"if-modified-since": later, "if-none-match": '"x"'}).status_code == 200


def test_version_iris_are_immutable_and_the_rest_revalidated(client: TestClient) -> None:
    for version in ontology.versions():
        assert "immutable" in client.get(f"/ontology/{version}").headers["cache-control"]
    assert "immutable" not in client.get("/ontology").headers["cache-control"]
    assert client.get(JAL).headers["cache-control"] == "no-cache"


# -- Formats and Link --

def test_application_json_gets_json_ld(client: TestClient) -> None:
    response = client.get(JAL, headers={"accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    graph = Graph().parse(data=response.content, format="json-ld")
    assert (URIRef(ID + "organization/日本航空"), None, None) in graph


@pytest.mark.parametrize("path", [JAL, "/ontology", "/ontology/0.2.0"])
def test_every_rdf_answer_links_its_other_formats(client: TestClient, path: str) -> None:
    link = client.get(path, headers={"accept": "application/n-triples"}).headers["link"]
    for media_type in ("text/turtle", "application/ld+json", "application/rdf+xml", "text/html"):
        assert f'rel="alternate"; type="{media_type}"' in link


# -- HEAD and OPTIONS --

@pytest.mark.parametrize("path", [JAL, "/ontology", "/shapes", "/ontology/context.jsonld", "/healthz"])
def test_head_answers_the_gets_headers_without_a_body(client: TestClient, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers.get("etag") == get.headers.get("etag")


@pytest.mark.parametrize(
    ("path", "methods"),
    [(JAL, {"GET", "HEAD", "OPTIONS"}), ("/shapes", {"GET", "HEAD", "OPTIONS"}),
     ("/sparql", {"GET", "HEAD", "OPTIONS", "POST"})],
)
def test_options_lists_the_methods_of_the_path(client: TestClient, path: str, methods: set[str]) -> None:
    response = client.options(path)
    assert response.status_code == 204
    assert set(response.headers["allow"].split(", ")) == methods


def test_options_on_a_path_no_route_serves_is_404(client: TestClient) -> None:
    assert client.options("/no-such-path").status_code == 404
