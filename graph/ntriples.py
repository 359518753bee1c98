"""A validated graph in the form both stores take in: N-Triples text, one triple per line.

A batch load makes this text in the worker process that validated the document, so the process that writes
the store neither unpickles rdflib graphs nor converts their terms: it hands text to Oxigraph's parser
(embedded store) or to an update request (remote store).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["NTriples", "as_ntriples", "from_graph", "to_oxigraph"]


@dataclass(frozen=True)
class NTriples:
    """N-Triples text: every line is `subject predicate object .` and ends with a newline."""

    text: str
    count: int
    has_blank_nodes: bool

    def lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    def in_graph(self, graph_iri: str) -> str:
        """The same triples as N-Quads in the named graph `graph_iri`.

        A raw newline ends each line and nothing else: N-Triples writes newlines inside literals as `\\n`.
        """
        name = ox.NamedNode(graph_iri)  # checks the IRI before it is spliced into text
        return self.text.replace(" .\n", f" <{name.value}> .\n")


def from_graph(graph: Graph) -> NTriples:
    """The triples of an rdflib graph, written by Oxigraph's serialiser (escaping done right, in Rust)."""
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph]  # type: ignore[arg-type]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    blank = any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object))
    return NTriples(data.decode("utf-8"), len(triples), blank)


def as_ntriples(graph: Graph | NTriples) -> NTriples:
    """What the stores take in, from either form they accept."""
    return graph if isinstance(graph, NTriples) else from_graph(graph)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store a {type(term).__name__}")
