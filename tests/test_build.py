"""Facts → RDF: stable IRIs, materialised standard types, and provenance for every extracted resource."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import FOAF, PROV, RDF, XSD

from graph.build import build_graph
from graph.extract import extract_release
from graph.namespaces import CKG, OA, ORG
from graph.pipeline import scope_concepts
from graph.source import read_source

from .conftest import SEED, UNREAD, write_seed_with_unread

ID = "https://w3id.org/cislunar-kg/id/"


def test_same_input_gives_an_isomorphic_graph(seed_graph: Graph) -> None:
    again = build_graph(extract_release(read_source(SEED)), scope_concepts=scope_concepts())
    assert isomorphic(seed_graph, again)


def test_iris_are_readable_slugs(seed_graph: Graph) -> None:
    organisations = set(seed_graph.subjects(RDF.type, ORG.Organization))
    assert URIRef(ID + "organization/ispace") in organisations
    assert URIRef(ID + "organization/日本航空") in organisations
    assert URIRef(ID + "person/秡川宏樹") in set(seed_graph.subjects(RDF.type, FOAF.Person))


def test_base_iri_is_a_setting(seed_release) -> None:  # type: ignore[no-untyped-def]
    graph = build_graph(seed_release, base_iri="http://example.org/kg/")
    assert (URIRef("http://example.org/kg/organization/ispace"), RDF.type, ORG.Organization) in graph
    assert not any(str(s).startswith(ID) for s in graph.subjects())


def test_standard_superclasses_are_materialised(seed_graph: Graph) -> None:
    for company in seed_graph.subjects(RDF.type, CKG.Company):
        assert (company, RDF.type, ORG.Organization) in seed_graph
        assert (company, RDF.type, FOAF.Organization) in seed_graph
    for agreement in seed_graph.subjects(RDF.type, CKG.BasicAgreement):
        assert (agreement, RDF.type, CKG.Agreement) in seed_graph
        assert (agreement, RDF.type, CKG.Contract) not in seed_graph  # a 基本合意書 is not binding


def test_signing_date_is_typed(seed_graph: Graph) -> None:
    dates = set(seed_graph.objects(None, CKG.signedOn))
    assert dates == {Literal("2025-11-28", datatype=XSD.date)}


def test_every_extracted_resource_is_annotated_and_derived(seed_graph: Graph) -> None:
    annotated = set(seed_graph.objects(None, OA.hasBody))
    extracted = set(seed_graph.subjects(PROV.wasDerivedFrom, None))
    assert extracted, "nothing was derived from the document"
    assert extracted <= annotated
    for cls in (ORG.Organization, FOAF.Person, ORG.Membership, CKG.Agreement, CKG.Milestone, CKG.Statement):
        assert set(seed_graph.subjects(RDF.type, cls)) <= annotated, cls


def test_annotation_offsets_slice_the_stored_file(seed_graph: Graph) -> None:
    text = SEED.read_text(encoding="utf-8")
    selectors = list(seed_graph.subjects(RDF.type, OA.TextPositionSelector))
    assert len(selectors) > 40
    for position in selectors:
        target = seed_graph.value(predicate=OA.hasSelector, object=position)
        quotes = [q for q in seed_graph.objects(target, OA.hasSelector)
                  if (q, RDF.type, OA.TextQuoteSelector) in seed_graph]
        start = int(seed_graph.value(position, OA.start))  # type: ignore[arg-type]
        end = int(seed_graph.value(position, OA.end))  # type: ignore[arg-type]
        assert text[start:end] == str(seed_graph.value(quotes[0], OA.exact))


def not_understood(graph: Graph) -> list[tuple[URIRef, int, int, str]]:
    """(annotation, start, end, quote) of every annotation motivated by ckg:notUnderstood."""
    found = []
    for note in graph.subjects(OA.motivatedBy, CKG.notUnderstood):
        target = graph.value(note, OA.hasTarget)
        selectors = list(graph.objects(target, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
        found.append((note, int(graph.value(position, OA.start)), int(graph.value(position, OA.end)),  # type: ignore[arg-type]
                      str(graph.value(quote, OA.exact))))
    return found


def test_a_sentence_that_gave_no_fact_is_an_annotation_without_a_body(tmp_path: Path) -> None:
    """The sentence is kept in the document's graph, its offsets slicing the file to its quote, and is never
    taken for a fact's source: it has no oa:hasBody."""
    path = write_seed_with_unread(tmp_path)
    text = path.read_text(encoding="utf-8")
    graph = build_graph(extract_release(read_source(path)), scope_concepts=scope_concepts())
    [(note, start, end, exact)] = not_understood(graph)
    assert (start, end, exact) == (text.index(UNREAD), text.index(UNREAD) + len(UNREAD), UNREAD)
    assert text[start:end] == exact
    assert (note, RDF.type, OA.Annotation) in graph and graph.value(note, OA.hasBody) is None
    assert graph.value(graph.value(note, OA.hasTarget), OA.hasSource) == URIRef(ID + "document/" + SEED.stem)
    assert note not in set(graph.subjects(OA.hasBody, None))
    again = build_graph(extract_release(read_source(path)), scope_concepts=scope_concepts())
    assert isomorphic(graph, again) and [n for n, *_ in not_understood(again)] == [note]  # same IRI every time


def test_the_seed_is_read_whole_so_nothing_is_marked_not_understood(seed_graph: Graph) -> None:
    assert not_understood(seed_graph) == []
    assert set(seed_graph.objects(None, OA.motivatedBy)) == {OA.identifying}
