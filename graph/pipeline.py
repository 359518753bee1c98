"""The loading chain for one document: read → extract → build → validate, and the store write after it.

Everything before `write` is pure and stores nothing, so a batch can be checked whole before any of it
is written: one bad document leaves the store untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ontology import read_ontology_text

from .build import build_graph, document_iri
from .errors import SourceError
from .extract import extract_release
from .facts import Release
from .namespaces import CKG, DEFAULT_BASE_IRI
from .ntriples import NTriples
from .source import read_source
from .store_interface import Store
from .validated import ValidatedDocument, validate_document

SOURCE_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class PreparedDocument:
    """A document's validated graph, and `document`, what the store write takes of it (named graph `graph_iri`)."""

    path: Path
    release: Release
    graph: Graph
    document: ValidatedDocument

    @property
    def graph_iri(self) -> URIRef:
        return self.document.graph_iri

    @property
    def triples(self) -> NTriples:
        return self.document.triples


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(data=read_ontology_text(), format="turtle")
    return graph


@lru_cache(maxsize=1)
def scope_concepts() -> dict[str, URIRef]:
    """The ontology's scope areas by their Japanese label, so extracted areas reuse ontology concepts."""
    graph = ontology_graph()
    return {
        str(label): concept  # type: ignore[misc]
        for concept in graph.subjects(RDF.type, CKG.ScopeArea)
        for label in graph.objects(concept, SKOS.prefLabel)
        if getattr(label, "language", None) == "ja"
    }


def prepare(path: Path | str, *, base_iri: str = DEFAULT_BASE_IRI) -> PreparedDocument:
    """Read, extract, build and validate one document; raises a CislunarKGError naming what is wrong."""
    source = read_source(path)
    release = extract_release(source)
    graph = build_graph(release, base_iri=base_iri, scope_concepts=scope_concepts())
    graph_iri = document_iri(release.name, base_iri)
    document = validate_document(graph_iri, graph, ontology=ontology_graph(), sources={str(graph_iri): source.text})
    return PreparedDocument(source.path, release, graph, document)


def write(store: Store, documents: Iterable[ValidatedDocument | PreparedDocument]) -> None:
    """Store each document in its own named graph (replacing any earlier load), then the ontology in its own."""
    store.replace_graphs(d.document if isinstance(d, PreparedDocument) else d for d in documents)
    store.write_ontology(ontology_graph())
    store.flush()


def expand_sources(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the release files inside folders, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES))
        elif path.exists():
            found.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    if not found:
        raise SourceError("no release files found in " + ", ".join(map(str, paths)))
    return found

