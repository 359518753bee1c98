"""Every namespace the graph speaks, the one function that mints data IRIs, and the one that shortens IRIs.

`PREFIXES` is the one prefix table: graphs bind it (`bind_prefixes`), the queries the code writes declare it
(`PROLOGUE`), the HTTP layer's Turtle and its query editor use it (`PREFIX_IRIS`), and pages and reports show
IRIs by it (`curie`). The service description's own vocabularies (`SD`, `VOID`, `FORMATS`) are here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

ONTOLOGY_IRI = "https://w3id.org/cislunar-kg/ontology"
ONTOLOGY_VERSION = "0.4.0"
DEFAULT_BASE_IRI = "https://w3id.org/cislunar-kg/id/"

CKG = Namespace(ONTOLOGY_IRI + "#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"

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
PREFIX_IRIS: dict[str, str] = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
# The prologue of the queries the code writes itself (never text from a request).
PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIX_IRIS.items())


def curie(iri: str, prefixes: Mapping[str, str] = PREFIX_IRIS, unmatched: Callable[[str], str] = str) -> str:
    """`prefix:local` for an IRI under one of `prefixes` (prefix → namespace IRI), the longest namespace first;
    `unmatched(iri)` (the IRI itself, by default) when none holds it. A namespace alone is not shortened."""
    for prefix, namespace in sorted(prefixes.items(), key=lambda pair: -len(pair[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return unmatched(iri)


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
