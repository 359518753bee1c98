"""The ontology as this server publishes it: which file answers which IRI, and its HTML page.

`/ontology` answers for `https://w3id.org/cislunar-kg/ontology` (a term's IRI, `…/ontology#Company`, is the
same document: the fragment stays with the client), `/ontology/0.1.0` for the version IRI,
`/ontology/alignments` for the alignments ontology. The files come from the `ontology` package
(`ontology.catalog()`); a current file also answers for the version IRI it declares, until a frozen copy of
that version ships. Turtle is sent exactly as written; the other formats are its triples re-serialised; HTML is
the page `ontology.page` generates, every `ckg:` term with its labels, definitions and axioms under an anchor
equal to its local name, so `/ontology#Company` lands on `ckg:Company`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

import ontology
from ontology.page import render_html

from .lookups.terms import OWL


@dataclass(frozen=True)
class OntologyFile:
    iri: str
    turtle: str
    triples: list[ox.Triple]


@lru_cache(maxsize=1)
def published() -> dict[str, OntologyFile]:
    """Every ontology IRI this server answers for. Read once: the files ship with the code."""
    files = {}
    for iri, entry in ontology.catalog().items():
        text = entry.read_text(encoding="utf-8")
        triples = [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=iri)]
        files[iri] = OntologyFile(iri, text, triples)
    for iri, current in list(files.items()):
        for triple in current.triples:
            version = triple.object
            if (triple.subject == ox.NamedNode(iri) and triple.predicate.value == OWL + "versionIRI"
                    and isinstance(version, ox.NamedNode)):
                files.setdefault(version.value, OntologyFile(version.value, current.turtle, current.triples))
    return files


def lookup(iri: str) -> OntologyFile | None:
    return published().get(iri)


# -- The documentation page --

@lru_cache(maxsize=8)
def html(iri: str) -> str | None:
    """The HTML page `ontology.page` writes for this document (the same page as `cislunar-kg ontology -f html`)."""
    document = lookup(iri)
    if document is None:
        return None
    return render_html(Graph().parse(data=document.turtle, format="turtle"))
