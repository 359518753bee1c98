"""The SHACL shapes as this server publishes them: `/shapes` for `https://w3id.org/cislunar-kg/shapes`, and the
version IRI the shapes declare (`owl:versionIRI`, `/shapes/0.2.0`). A shape's IRI, `…/shapes#CompanyShape`, is
the same document: the fragment stays with the client. Read once: the file ships with the code.
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from shapes import SHAPES_IRI, read_shapes_text

from .lookups.terms import OWL
from .ontology_docs import OntologyFile

__all__ = ["SHAPES_IRI", "lookup", "published"]


@lru_cache(maxsize=1)
def published() -> dict[str, OntologyFile]:
    text = read_shapes_text()
    triples = [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=SHAPES_IRI)]
    document = OntologyFile(SHAPES_IRI, text, triples)
    files = {SHAPES_IRI: document}
    for triple in triples:
        if (triple.subject == ox.NamedNode(SHAPES_IRI) and triple.predicate.value == OWL + "versionIRI"
                and isinstance(triple.object, ox.NamedNode)):
            files[triple.object.value] = OntologyFile(triple.object.value, text, triples)
    return files


def lookup(iri: str) -> OntologyFile | None:
    return published().get(iri)
