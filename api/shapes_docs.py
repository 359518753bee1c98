"""The SHACL shapes as this server publishes them.

- `/shapes` for `https://w3id.org/cislunar-kg/shapes`: both layers in one document, so that a shape's IRI,
  `…/shapes#CompanyShape`, is a section of it (the fragment stays with the client); the same document at
  the version IRI it declares (`owl:versionIRI`, `/shapes/0.3.0`);
- `/shapes/vocabulary` and `/shapes/policy`: each layer alone (a team needs only the vocabulary shapes);
- `/shapes/0.2.0` and any other frozen copy under `shapes/versions/`, at the version IRI it declares.

Read once: the files ship with the code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pyoxigraph as ox

from shapes import (
    POLICY_IRI,
    SHAPES_IRI,
    VOCABULARY_IRI,
    read_policy_text,
    read_shapes_text,
    read_vocabulary_text,
)

from .lookups.terms import OWL
from .ontology_docs import OntologyFile

__all__ = ["SHAPES_IRI", "lookup", "published"]


@lru_cache(maxsize=1)
def published() -> dict[str, OntologyFile]:
    documents: dict[str, OntologyFile] = {}
    current = _document(SHAPES_IRI, read_shapes_text())
    documents[SHAPES_IRI] = current
    documents.update((iri, current) for iri in _version_iris(current, SHAPES_IRI))
    documents[VOCABULARY_IRI] = _document(VOCABULARY_IRI, read_vocabulary_text())
    documents[POLICY_IRI] = _document(POLICY_IRI, read_policy_text())
    for frozen in sorted(files("shapes").joinpath("versions").iterdir(), key=lambda f: f.name):
        if frozen.name.endswith(".ttl"):
            document = _document(SHAPES_IRI, frozen.read_text(encoding="utf-8"))
            # a frozen copy answers only at its own version IRI, never at the current one
            documents.update((iri, document) for iri in _version_iris(document, SHAPES_IRI))
    return documents


def lookup(iri: str) -> OntologyFile | None:
    return published().get(iri)


def _document(iri: str, text: str) -> OntologyFile:
    triples = [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=iri)]
    return OntologyFile(iri, text, triples)


def _version_iris(document: OntologyFile, iri: str) -> list[str]:
    return [
        t.object.value
        for t in document.triples
        if t.subject == ox.NamedNode(iri) and t.predicate.value == OWL + "versionIRI"
        and isinstance(t.object, ox.NamedNode)
    ]
