"""The w3id.org redirect rules cover every IRI of the namespace that the data, shapes and ontology use, and
each lands on a path this server answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

import ontology
from cislunar_kg.quality.ontology_check import gather
from ontology.w3id import NAMESPACE, SERVER, redirect, render
from shapes import read_shapes_text

from .api_fixtures import client_for, settings_for

HTACCESS = Path(__file__).resolve().parent.parent / "docs" / "w3id" / ".htaccess"


@pytest.fixture(scope="module")
def client(family_store_path: Path) -> Iterator[TestClient]:
    with client_for(settings_for(family_store_path)) as client:
        yield client


def namespace_iris() -> set[str]:
    """Every IRI under the namespace in the data of every release, the shapes, the ontology and its versions."""
    graphs = [gather().data, Graph().parse(data=read_shapes_text(), format="turtle"),
              ontology.ontology_graph(with_alignments=True)]
    graphs += [Graph().parse(data=ontology.read_version_text(v), format="turtle") for v in ontology.versions()]
    return {str(node) for graph in graphs for triple in graph for node in triple
            if isinstance(node, URIRef) and str(node).startswith(NAMESPACE)}


def test_the_committed_rules_are_the_rendering_of_the_rules() -> None:
    assert HTACCESS.read_text(encoding="utf-8") == render(SERVER)


def test_every_iri_used_is_redirected_and_served_here(client: TestClient) -> None:
    rules = HTACCESS.read_text(encoding="utf-8")
    iris = namespace_iris()
    assert len(iris) > 500  # data, shapes and ontology, not an empty set
    uncovered = sorted(i for i in iris if redirect(rules, i) is None)
    assert not uncovered
    documents = {redirect(rules, i) for i in iris}
    failing = []
    for target in sorted(d for d in documents if d):
        assert target.startswith(SERVER), target
        path = urlsplit(target).path
        response = client.head(path, headers={"accept": "text/turtle"})
        if response.status_code != 200:
            failing.append((path, response.status_code))
    assert not failing


def test_fragments_stay_with_the_client_and_other_namespaces_are_not_covered() -> None:
    rules = render("https://kg.test")
    assert redirect(rules, NAMESPACE + "ontology#Company") == "https://kg.test/ontology"
    assert redirect(rules, NAMESPACE + "shapes#CompanyShape") == "https://kg.test/shapes"
    assert redirect(rules, NAMESPACE + "ontology/0.3.0") == "https://kg.test/ontology/0.3.0"
    assert redirect(rules, NAMESPACE + "id/organization/日本航空") == "https://kg.test/id/organization/日本航空"
    assert redirect(rules, NAMESPACE + "unknown/thing") is None
    assert redirect(rules, "https://w3id.org/other/ontology") is None
