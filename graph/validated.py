"""The one thing a document write takes: a `ValidatedDocument`, which only `validate_document` makes, after the
SHACL shapes passed. Both backends' `replace_graph(s)` refuse anything else (a TypeError naming this module), so
no unvalidated graph reaches a document graph by mistake; mypy flags a direct construction as a missing argument.

The ontology graph (`Store.write_ontology`) and the service's writes (SPARQL Update and the Graph Store Protocol,
through `graph/write_gate.py`) have paths and gates of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, final

from rdflib import Graph, URIRef

from .ntriples import NTriples, from_graph
from .validate import validate

__all__ = ["ValidatedDocument", "require_validated", "validate_document"]


@final
class _Token:
    """Held only by this module: the proof a constructor call comes from `validate_document`."""


_TOKEN: Final = _Token()


@final
class ValidatedDocument:
    """A document graph that passed the shapes, as the store write takes it: its graph's name and triples."""

    __slots__ = ("graph_iri", "triples")
    graph_iri: URIRef
    triples: NTriples

    def __init__(self, graph_iri: URIRef, triples: NTriples, *, _token: _Token) -> None:
        if _token is not _TOKEN:
            raise TypeError("a ValidatedDocument is made by graph.validated.validate_document only")
        object.__setattr__(self, "graph_iri", URIRef(graph_iri))
        object.__setattr__(self, "triples", triples)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a ValidatedDocument is read-only ({name})")

    def __reduce__(self) -> tuple[object, tuple[str, NTriples]]:
        # A batch's worker processes send documents to the writer pickled: they come back validated, as they left.
        return _unpickle, (str(self.graph_iri), self.triples)

    def __repr__(self) -> str:
        return f"ValidatedDocument(<{self.graph_iri}>, {self.triples.count} triples)"


def _unpickle(graph_iri: str, triples: NTriples) -> ValidatedDocument:
    return ValidatedDocument(URIRef(graph_iri), triples, _token=_TOKEN)


def validate_document(
    graph_iri: URIRef | str,
    graph: Graph,
    *,
    ontology: Graph | None = None,
    sources: Mapping[str, str] | None = None,
) -> ValidatedDocument:
    """Validate `graph` with the shapes (raising `ValidationError` with the report) and return it ready to write."""
    validate(graph, ontology=ontology, sources=sources)
    return ValidatedDocument(URIRef(str(graph_iri)), from_graph(graph), _token=_TOKEN)


def require_validated(document: object) -> ValidatedDocument:
    """`document` itself if it is a `ValidatedDocument`; a TypeError naming what to do otherwise."""
    if not isinstance(document, ValidatedDocument):
        raise TypeError(
            f"a document write takes a ValidatedDocument (graph.validated.validate_document), not "
            f"{type(document).__name__}: nothing unvalidated is written to a document graph"
        )
    return document
