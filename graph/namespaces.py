"""Every namespace the graph speaks, and the one function that mints data IRIs."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

ONTOLOGY_IRI = "https://w3id.org/cislunar-kg/ontology"
ONTOLOGY_VERSION = "0.4.0"
ONTOLOGY_VERSION_IRI = f"{ONTOLOGY_IRI}/{ONTOLOGY_VERSION}"
DEFAULT_BASE_IRI = "https://w3id.org/cislunar-kg/id/"

CKG = Namespace(ONTOLOGY_IRI + "#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, Namespace | type] = {  # rdflib types its closed namespaces as classes
    "ckg": CKG,
    "org": ORG,
    "foaf": FOAF,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "oa": OA,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "schema": SCHEMA,
    "vann": VANN,
}

# Characters a Turtle IRI may not hold, plus the ones that would change an IRI's structure.
_UNSAFE = re.compile(r'[\s<>"{}|^`\\/?#%\[\]]+')


def slug(text: str) -> str:
    """One path segment from a name: whitespace and IRI-breaking characters become '-'; letters stay."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-")
    if not cleaned:
        raise ValueError(f"cannot mint an IRI segment from {text!r}")
    return cleaned


class IdMinter:
    """Mints data IRIs under one base IRI, so the base can be a setting."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.base = base_iri if base_iri.endswith("/") else base_iri + "/"

    def __call__(self, kind: str, *names: str) -> URIRef:
        return URIRef(self.base + "/".join([kind, *(slug(n) for n in names)]))


def bind_prefixes(graph) -> None:  # type: ignore[no-untyped-def]
    """Give a graph the project's prefixes so serialisations read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
