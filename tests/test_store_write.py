"""How documents reach the embedded store: as N-Triples text, by transactions or, into an empty store, by one
bulk load that leaves a store refusing to open if it was cut short."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from graph.errors import StoreError
from graph.ntriples import from_graph
from graph.pipeline import PreparedDocument, write
from graph.store import INCOMPLETE_MARKER, OxigraphStore
from graph.validated import ValidatedDocument

from .validated_documents import validated

EX = "http://example.org/"


def awkward_graph() -> Graph:
    graph = Graph()
    subject = URIRef(EX + "s")
    graph.add((subject, URIRef(EX + "text"), Literal('two\nlines, a " quote, a \\ and an end .\n')))
    graph.add((subject, URIRef(EX + "name"), Literal("袴田武史", lang="ja")))
    graph.add((subject, URIRef(EX + "start"), Literal(12, datatype=XSD.nonNegativeInteger)))
    graph.add((subject, URIRef(EX + "owns"), BNode("b1")))
    return graph


def test_ntriples_keep_every_term() -> None:
    graph = awkward_graph()
    triples = from_graph(graph)
    assert triples.count == 4 and triples.has_blank_nodes
    assert len(triples.lines()) == 4
    assert Graph().parse(data=triples.text, format="nt").isomorphic(graph)


def test_ntriples_in_a_named_graph_are_the_same_triples() -> None:
    triples = from_graph(awkward_graph())
    quads = list(ox.parse(triples.in_graph(EX + "doc").encode(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 4
    assert {q.graph_name for q in quads} == {ox.NamedNode(EX + "doc")}


def test_a_bad_graph_name_is_refused() -> None:
    with pytest.raises(ValueError):
        from_graph(awkward_graph()).in_graph("not an iri> .\n<x")


def _answers(store: OxigraphStore) -> set[tuple[str, ...]]:
    default = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return {tuple(str(row[v]) for v in ("s", "p", "o")) for row in default.rows}  # type: ignore[union-attr]


@pytest.mark.parametrize("group", [1, 250])  # documents per bulk-load call: the grouping must not show
def test_a_first_load_in_bulk_stores_what_transactions_store(
    tmp_path: Path, family_documents: list[PreparedDocument], group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graph.store.BULK_GROUP", group)
    bulk = OxigraphStore(tmp_path / "bulk")
    write(bulk, family_documents)
    assert not (bulk.location / INCOMPLETE_MARKER).exists()
    one_by_one = OxigraphStore()  # in memory: always by transactions
    write(one_by_one, family_documents)
    assert sorted(bulk.export("nq").splitlines()) == sorted(one_by_one.export("nq").splitlines())
    assert _answers(bulk) == _answers(one_by_one)  # the default graph: the same set union


def test_a_later_load_into_a_bulk_loaded_store_replaces_the_graph(
    tmp_path: Path, family_documents: list[PreparedDocument]
) -> None:
    store = OxigraphStore(tmp_path / "store")
    write(store, family_documents)
    before = store.export("nq")
    write(store, family_documents[:1])
    assert sorted(store.export("nq").splitlines()) == sorted(before.splitlines())


def test_an_interrupted_first_load_leaves_a_store_that_refuses_to_open(tmp_path: Path) -> None:
    def graphs() -> Iterator[ValidatedDocument]:
        yield validated(EX + "doc/1", awkward_graph())
        raise OSError("disk unplugged")

    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    with pytest.raises((StoreError, OSError)):
        store.replace_graphs(graphs())
    store.close()
    assert (store.location / INCOMPLETE_MARKER).exists()
    with pytest.raises(StoreError, match="interrupted first load; `cislunar-kg load FILE... --store"):
        OxigraphStore(folder)


@pytest.mark.parametrize("unvalidated", [
    pytest.param(lambda: (EX + "doc", awkward_graph()), id="graph-iri-and-graph"),
    pytest.param(lambda: from_graph(awkward_graph()), id="ntriples"),
    pytest.param(lambda: awkward_graph(), id="rdflib-graph"),
])
@pytest.mark.parametrize("folder", [False, True], ids=["memory", "folder"])
def test_a_document_write_refuses_what_did_not_pass_validation(
    tmp_path: Path, unvalidated: object, folder: bool
) -> None:
    with OxigraphStore(tmp_path / "store" if folder else None) as store:
        given = unvalidated()  # type: ignore[operator]
        with pytest.raises(TypeError, match="a document write takes a ValidatedDocument"):
            store.replace_graph(given)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="a document write takes a ValidatedDocument"):
            store.replace_graphs([given])  # type: ignore[list-item]  # the empty folder's bulk load too
        assert store.count() == 0 and store.named_graphs() == []


def test_a_validated_document_cannot_be_made_around_the_validation() -> None:
    with pytest.raises(TypeError, match="_token"):  # mypy flags it too: the token is a required argument
        ValidatedDocument(URIRef(EX + "doc"), from_graph(awkward_graph()))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="made by graph.validated.validate_document only"):
        ValidatedDocument(URIRef(EX + "doc"), from_graph(awkward_graph()), _token=object())  # type: ignore[arg-type]
    document = validated(EX + "doc", awkward_graph())
    with pytest.raises(AttributeError):
        document.triples = from_graph(Graph())  # type: ignore[misc]


def test_a_graph_breaking_the_shapes_never_becomes_a_validated_document() -> None:
    from graph.errors import ValidationError
    from graph.namespaces import CKG

    graph = Graph()
    graph.add((URIRef(EX + "doc"), RDF.type, CKG.SourceDocument))  # a source document with none of its facts
    with pytest.raises(ValidationError):
        validated(EX + "doc", graph)
