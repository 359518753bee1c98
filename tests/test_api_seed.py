"""The chain end to end: the seed release → facts → graph → store (conftest) → the endpoint → a client."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.remote_store import SparqlStore
from graph.store import OxigraphStore

from .api_fixtures import ID, client_serving

COMPANIES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?company a org:FormalOrganization ; rdfs:label ?label } ORDER BY ?label
"""


def test_the_seed_release_answers_over_http(seed_on_backend: OxigraphStore | SparqlStore) -> None:
    # The session's store stays open read-write in this process, so the app keeps it as the single writer.
    with client_serving(seed_on_backend) as client:
        response = client.get("/sparql", params={"query": COMPANIES}, headers={"accept": "text/csv"})
        assert response.status_code == 200
        assert {"株式会社ispace", "日本航空株式会社"} <= set(response.text.splitlines()[1:])

        response = client.get("/sparql", params={"query": f"DESCRIBE <{ID}organization/ispace>"})
        graph = Graph().parse(data=response.content, format="turtle")
        assert (URIRef(ID + "organization/ispace"), RDFS.label, None) in graph

        description = client.get("/sparql", headers={"accept": "application/n-triples"})
        served = {t.object.value for t in ox.parse(description.content, format=ox.RdfFormat.N_TRIPLES)
                  if t.predicate.value.endswith("#name")}
        assert served == set(seed_on_backend.named_graphs())
