"""The SPARQL 1.1 Service Description of the endpoint: built once as data, rendered as RDF or as HTML.

`describe()` gathers what a client needs to know (endpoint, languages, result formats, the default dataset
with its graphs and VoID triple counts); `to_triples()` turns that into sd:/void: statements for every RDF
format, and the HTML query form shows the same object through a template — one data function, many renderings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.namespaces import FORMATS, PREFIX_IRIS, SD, VOID
from graph.store import GraphSizes

from .serializers import GRAPH_TYPES, RESULT_TYPES

RDF_TYPE = ox.NamedNode(PREFIX_IRIS["rdf"] + "type")
RDFS_COMMENT = ox.NamedNode(PREFIX_IRIS["rdfs"] + "comment")
XSD_INTEGER = ox.NamedNode(PREFIX_IRIS["xsd"] + "integer")
# The prefixes its Turtle is written with.
PREFIXES = {"sd": SD, "void": VOID, "rdfs": PREFIX_IRIS["rdfs"], "formats": FORMATS}


@dataclass(frozen=True)
class ServiceDescription:
    """What the endpoint offers and holds."""

    endpoint: str
    base_iri: str
    updates: bool
    result_formats: tuple[str, ...]  # W3C format IRIs (http://www.w3.org/ns/formats/…)
    named_graphs: dict[str, int]  # graph IRI → triples
    default_graph_triples: int  # distinct triples in the union of all graphs

    @property
    def total_triples(self) -> int:
        return sum(self.named_graphs.values())


def describe(endpoint: str, base_iri: str, updates: bool, sizes: GraphSizes) -> ServiceDescription:
    formats = dict.fromkeys(f.iri for f in [*RESULT_TYPES.values(), *GRAPH_TYPES.values()])
    return ServiceDescription(endpoint, base_iri, updates, tuple(formats), dict(sizes.named), sizes.union)


def to_triples(sd: ServiceDescription) -> list[ox.Triple]:
    """sd:Service → sd:Dataset (also a void:Dataset) → default graph and named graphs, each with void:triples.

    Each node's statements are kept together, so the Turtle reads top-down like the spec's examples.
    """
    service, dataset, default_graph = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    languages = [_sd("SPARQL11Query"), *([_sd("SPARQL11Update")] if sd.updates else [])]
    named = [(ox.BlankNode(f"named{n}"), ox.BlankNode(f"graph{n}"), name, size)
             for n, (name, size) in enumerate(sd.named_graphs.items())]
    triples = [
        _t(service, RDF_TYPE, _sd("Service")),
        _t(service, _sd("endpoint"), ox.NamedNode(sd.endpoint)),
        *(_t(service, _sd("supportedLanguage"), language) for language in languages),
        *(_t(service, _sd("resultFormat"), ox.NamedNode(iri)) for iri in sd.result_formats),
        _t(service, _sd("feature"), _sd("UnionDefaultGraph")),
        _t(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        _t(service, _sd("defaultDataset"), dataset),
        _t(dataset, RDF_TYPE, _sd("Dataset")),
        _t(dataset, RDF_TYPE, _void("Dataset")),
        _t(dataset, _void("sparqlEndpoint"), ox.NamedNode(sd.endpoint)),
        _t(dataset, _void("uriSpace"), ox.Literal(sd.base_iri)),
        _t(dataset, _void("triples"), _integer(sd.total_triples)),
        _t(dataset, _sd("defaultGraph"), default_graph),
        *(_t(dataset, _sd("namedGraph"), node) for node, _, _, _ in named),
        _t(default_graph, RDF_TYPE, _sd("Graph")),
        _t(default_graph, _void("triples"), _integer(sd.default_graph_triples)),
        _t(default_graph, RDFS_COMMENT, ox.Literal("The union of all named graphs.", language="en")),
    ]
    for node, graph, name, size in named:
        triples += [
            _t(node, RDF_TYPE, _sd("NamedGraph")),
            _t(node, _sd("name"), ox.NamedNode(name)),
            _t(node, _sd("graph"), graph),
            _t(graph, RDF_TYPE, _sd("Graph")),
            _t(graph, _void("triples"), _integer(size)),
        ]
    return triples


def _t(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.Triple:
    return ox.Triple(s, p, o)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _void(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)
