"""The dataset the endpoint serves: the union of the documents as the default graph of queries, kept in a graph of
its own; the store's default graph the dataset's own; every write through the gate (docs/endpoint.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from graph.namespaces import ONTOLOGY_IRI
from graph.pipeline import PreparedDocument, write
from graph.store import OxigraphStore
from graph.store_checks import check_store

from .api_fixtures import ID, TOKEN, client_for, settings_for

AUTH = {"authorization": f"Bearer {TOKEN}"}
FOAF = "http://xmlns.com/foaf/0.1/"
HAKAMADA = ID + "person/袴田武史"


@pytest.fixture
def seeded(tmp_path: Path, seed_prepared: PreparedDocument) -> Iterator[tuple[TestClient, str]]:
    """The app over a store folder holding the seed release, and the release's graph IRI."""
    path = tmp_path / "store"
    with OxigraphStore(path) as store:
        write(store, [seed_prepared])
    with client_for(settings_for(path, update_token=TOKEN)) as client:
        yield client, str(seed_prepared.graph_iri)


def update(client: TestClient, text: str) -> object:
    return client.post("/sparql", content=text.encode(), headers={**AUTH, "content-type": "application/sparql-update"})


def ask(client: TestClient, query: str) -> bool:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def test_what_an_update_removes_from_a_document_leaves_the_default_graph(seeded: tuple[TestClient, str]) -> None:
    client, graph = seeded
    fact = f"<{HAKAMADA}> a <{FOAF}Person>"
    assert ask(client, f"ASK {{ {fact} }}")
    assert update(client, f"DROP GRAPH <{graph}>").status_code == 204  # type: ignore[attr-defined]
    assert not ask(client, f"ASK {{ {fact} }}")  # the dropped release's facts are no longer answered
    assert not ask(client, f"ASK {{ GRAPH ?g {{ {fact} }} }}")


def test_dropping_everything_would_drop_the_ontology(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    assert update(client, "DROP ALL").status_code == 422  # type: ignore[attr-defined]
    assert ask(client, f"ASK {{ <{HAKAMADA}> a <{FOAF}Person> }}")


def test_copy_default_copies_the_dataset_default_graph_not_the_union(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    assert update(client, "COPY DEFAULT TO <urn:g:copy>").status_code == 204  # type: ignore[attr-defined]
    assert not ask(client, "ASK { GRAPH <urn:g:copy> { ?s ?p ?o } }")  # the default graph was empty


def test_the_default_graph_is_the_datasets_own(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    assert update(client, "INSERT DATA { <urn:a> <urn:b> <urn:c> }").status_code == 204  # type: ignore[attr-defined]
    assert not ask(client, "ASK { <urn:a> <urn:b> <urn:c> }")  # queries see the union of the named graphs
    own = client.get("/store?default", headers={"accept": "application/n-triples"})
    assert own.text == "<urn:a> <urn:b> <urn:c> .\n"


def test_the_union_graph_is_not_part_of_the_dataset(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    assert not ask(client, "ASK { GRAPH <urn:cislunar-kg:union> { ?s ?p ?o } }")
    assert client.get("/store", params={"graph": "urn:cislunar-kg:union"}).status_code == 404
    refused = client.put("/store", params={"graph": "urn:cislunar-kg:union"}, content=b"",
                         headers={**AUTH, "content-type": "text/turtle"})
    assert refused.status_code == 403


@pytest.mark.parametrize("text", ["PREFIX ex: <urn:ex:>", "BASE <urn:base>", "PREFIX ex: <urn:ex:> # and a comment",
                                  "# the last line, with no newline after it"])
def test_an_update_of_only_a_prologue_or_a_trailing_separator_is_valid(text: str) -> None:
    with client_for(settings_for(Path("unused"), update_token=TOKEN), OxigraphStore()) as client:
        response = update(client, text)
        assert response.status_code == 204, response.text  # type: ignore[attr-defined]


def test_a_function_the_store_does_not_know_is_the_clients_error() -> None:
    with client_for(settings_for(Path("unused")), OxigraphStore()) as client:
        response = client.get("/sparql", params={"query": "SELECT (<urn:no-such-function>(1) AS ?x) {}"})
        assert response.status_code == 400
        assert "urn:no-such-function" in response.json()["detail"]


# -- The gate --

def test_an_update_that_breaks_a_shape_is_refused_and_taken_back(seeded: tuple[TestClient, str]) -> None:
    client, graph = seeded
    response = update(client, f"DELETE WHERE {{ GRAPH <{graph}> {{ <{HAKAMADA}> <{FOAF}name> ?name }} }}")
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    problem = response.json()  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    assert {"graph": graph, "focus": HAKAMADA} | {"path": "foaf:name"} in [
        {k: v for k, v in found.items() if k in ("graph", "focus", "path")} for found in problem["violations"]]
    assert "foaf:name" in problem["detail"]
    assert ask(client, f"ASK {{ GRAPH <{graph}> {{ <{HAKAMADA}> <{FOAF}name> ?name }} }}")
    assert ask(client, f"ASK {{ <{HAKAMADA}> <{FOAF}name> ?name }}")  # the union as it was too


def test_an_update_that_breaks_a_cross_document_rule_is_refused(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    twin = ID + "person/twin"
    response = update(client, f'INSERT DATA {{ GRAPH <{ID}document/other> {{ <{twin}> a <{FOAF}Person> ; '
                              f'<{FOAF}name> "袴田 武史"@ja }} }}')
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    assert [f["rule"] for f in response.json()["findings"]] == ["one-iri-per-person"]  # type: ignore[attr-defined]
    assert not ask(client, f"ASK {{ <{twin}> ?p ?o }}")


def test_the_ontology_graph_is_written_by_load_only(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    response = update(client, f"INSERT DATA {{ GRAPH <{ONTOLOGY_IRI}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["ontology_changed"] is True  # type: ignore[attr-defined]


def test_graphs_that_are_not_documents_are_stored_as_written(seeded: tuple[TestClient, str]) -> None:
    client, _ = seeded
    response = client.put("/store", params={"graph": "urn:g:notes"},
                          content=b"<urn:a> a <http://xmlns.com/foaf/0.1/Person> .",
                          headers={**AUTH, "content-type": "text/turtle"})
    assert response.status_code == 201, response.text
    assert ask(client, "ASK { <urn:a> a <http://xmlns.com/foaf/0.1/Person> }")  # nameless, but not a document


def test_a_document_put_through_the_protocol_passes_the_gate(seeded: tuple[TestClient, str]) -> None:
    client, graph = seeded
    bad = client.put("/store", params={"graph": ID + "document/new"},
                     content=f"<{ID}person/nameless> a <{FOAF}Person> .".encode(),
                     headers={**AUTH, "content-type": "text/turtle"})
    assert bad.status_code == 422
    assert client.get("/store", params={"graph": ID + "document/new"}).status_code == 404
    current = client.get("/store", params={"graph": graph}, headers={"accept": "application/n-triples"})
    again = client.put("/store", params={"graph": graph}, content=current.content,
                       headers={**AUTH, "content-type": "application/n-triples"})
    assert again.status_code == 204, again.text


def test_an_empty_store_is_filled_through_the_protocol(tmp_path: Path, seed_prepared: PreparedDocument) -> None:
    graph = str(seed_prepared.graph_iri)
    with client_for(settings_for(tmp_path / "new", update_token=TOKEN)) as client:
        assert not ask(client, "ASK { ?s ?p ?o }")
        body = seed_prepared.triples.text.encode()
        response = client.put("/store", params={"graph": graph}, content=body,
                              headers={**AUTH, "content-type": "application/n-triples"})
        assert response.status_code == 201, response.text
        assert ask(client, f"ASK {{ <{HAKAMADA}> <{FOAF}name> ?name }}")


# -- Stores written before the union had a graph of its own --

def _old_layout(path: Path) -> None:
    """A store as written before: the union in the default graph, with a triple a named graph has since lost."""
    store = ox.Store(str(path))
    kept, lost = (ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(v)) for v in ("kept", "lost"))
    store.extend([ox.Quad(*kept, ox.NamedNode(ID + "document/a")), ox.Quad(*kept), ox.Quad(*lost)])
    store.flush()
    del store


def test_a_store_of_the_old_layout_is_answered_as_before_until_converted(tmp_path: Path) -> None:
    path = tmp_path / "old"
    _old_layout(path)
    with OxigraphStore(path, read_only=True) as old:
        assert old.holds_old_layout()
        assert [f.rule.name for f in check_store(old)] == ["union-is-the-set-union"]
        assert len(old.query("SELECT * { ?s ?p ?o }").rows) == 2  # type: ignore[union-attr]
    with OxigraphStore(path) as converted:  # opened for writing: converted
        assert not converted.holds_old_layout()
        assert check_store(converted) == []
        assert [r["o"].value for r in converted.query("SELECT ?o { ?s ?p ?o }").rows] == ["kept"]  # type: ignore[union-attr]
        # What no named graph held stays, as the dataset's own default graph.
        own = converted.query("SELECT ?o { ?s ?p ?o }", default_graphs=[])
        assert own.rows == []  # type: ignore[union-attr]


def test_validate_finds_a_union_that_lost_track(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "store") as store:
        store.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }")
        store.apply_raw_update("INSERT DATA { GRAPH <urn:cislunar-kg:union> { <urn:x> <urn:y> 2 } }")
        assert [f.detail for f in check_store(store)] == ["is in the union but in no named graph"]
