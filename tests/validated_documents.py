"""Test data as the store write takes it: through the real SHACL validation (`graph.validated.validate_document`),
never around it."""

from __future__ import annotations

from rdflib import Graph

from graph.pipeline import ontology_graph
from graph.validated import ValidatedDocument, validate_document


def validated(graph_iri: str, graph: Graph | str) -> ValidatedDocument:
    """`graph` (an rdflib graph, or Turtle / N-Triples text) validated for the document graph `graph_iri`."""
    if isinstance(graph, str):
        graph = Graph().parse(data=graph, format="turtle")
    return validate_document(graph_iri, graph, ontology=ontology_graph())
