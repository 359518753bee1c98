"""The SHACL gate: a conforming graph passes through untouched; a broken one is refused with a report that
says which rule broke, on what, and where in the release the resource was read."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from graph.errors import ValidationError
from graph.validate import SourceSpan, ValidationReport, Violation, report, validate

CKG = Namespace("https://w3id.org/cislunar-kg/ontology#")
CKGSH = Namespace("https://w3id.org/cislunar-kg/shapes#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace("https://w3id.org/cislunar-kg/id/")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

DOCUMENT = ID["document/2025-12-03_ispace-jal-basic-agreement"]
AGREEMENT = ID["agreement/basic-agreement-2025-11-28-9d6758"]
NOTE = ID["annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e"]
TEXT = "ispaceとJALグループ、月面輸送・運航分野での協業検討に関する基本合意書を締結\n以上\n"
QUOTE = "基本合意書"
START = TEXT.index(QUOTE)
END = START + len(QUOTE)

RELEASE = f"""
@base    <https://w3id.org/cislunar-kg/id/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix ckg:     <https://w3id.org/cislunar-kg/ontology#> .

<document/2025-12-03_ispace-jal-basic-agreement> a ckg:SourceDocument ;
    dcterms:issued "2025-12-03"^^xsd:date ;
    ckg:checksum "{"ab" * 32}" ;
    ckg:charCount "{len(TEXT)}"^^xsd:nonNegativeInteger .

<organization/ispace> a ckg:Company , org:Organization ; rdfs:label "株式会社ispace"@ja .
<organization/日本航空> a ckg:Company , org:Organization ; rdfs:label "日本航空株式会社"@ja .

<agreement/basic-agreement-2025-11-28-9d6758> a ckg:BasicAgreement , ckg:Agreement ;
    rdfs:label "基本合意書"@ja ;
    ckg:hasParty <organization/ispace> , <organization/日本航空> ;
    ckg:signedOn "2025-11-28"^^xsd:date .

<annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e> a oa:Annotation ;
    oa:hasBody <agreement/basic-agreement-2025-11-28-9d6758> ;
    oa:hasTarget <annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#target> .
<annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#target> a oa:SpecificResource ;
    oa:hasSource <document/2025-12-03_ispace-jal-basic-agreement> ;
    oa:hasSelector <annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#position> ,
        <annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#quote> .
<annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#position> a oa:TextPositionSelector ;
    oa:start "{START}"^^xsd:nonNegativeInteger ;
    oa:end "{END}"^^xsd:nonNegativeInteger .
<annotation/2025-12-03_ispace-jal-basic-agreement/5f2c1a9e#quote> a oa:TextQuoteSelector ;
    oa:exact "{QUOTE}" .
"""


@pytest.fixture
def release() -> Graph:
    return Graph().parse(data=RELEASE, format="turtle")


@pytest.fixture
def one_party(release: Graph) -> Graph:
    release.remove((AGREEMENT, CKG.hasParty, ID["organization/日本航空"]))
    return release


def test_a_conforming_graph_is_returned_itself(release: Graph) -> None:
    assert validate(release) is release


def test_a_graph_read_back_from_the_store_still_conforms(release: Graph) -> None:
    """Oxigraph stores xsd:nonNegativeInteger as xsd:integer; the offsets and counts are the same numbers."""
    for s, p, o in list(release):
        if isinstance(o, Literal) and o.datatype == XSD.nonNegativeInteger:
            release.set((s, p, Literal(int(o), datatype=XSD.integer)))
    assert validate(release) is release


def test_a_broken_graph_is_refused_with_focus_path_and_message(one_party: Graph) -> None:
    with pytest.raises(ValidationError) as refused:
        validate(one_party)
    assert "id:document/2025-12-03_ispace-jal-basic-agreement: 1 violation" in str(refused.value)
    text = refused.value.report
    assert "ckgsh:AgreementShape-parties" in text
    assert "focus   id:agreement/basic-agreement-2025-11-28-9d6758" in text
    assert "path    ckg:hasParty" in text
    assert "An agreement has at least two parties (ckg:hasParty), each an org:Organization." in text


def test_the_report_shows_the_offending_value(release: Graph) -> None:
    release.add((AGREEMENT, CKG.signedOn, Literal("2025年11月28日")))
    text = report(release).text()
    assert "ckgsh:AgreementShape-signedOn" in text
    assert 'value   "2025年11月28日"' in text


def test_the_report_says_where_the_resource_was_read(one_party: Graph) -> None:
    with pytest.raises(ValidationError) as refused:
        validate(one_party)
    expected = (
        f"source  id:document/2025-12-03_ispace-jal-basic-agreement, characters {START}–{END}: 「{QUOTE}」"
    )
    assert expected in refused.value.report


def test_with_the_source_text_the_report_shows_the_line(one_party: Graph) -> None:
    with pytest.raises(ValidationError) as refused:
        validate(one_party, sources={str(DOCUMENT): TEXT})
    assert f"協業検討に関する⟦{QUOTE}⟧を締結" in refused.value.report


def test_a_quote_that_does_not_match_the_source_is_pointed_out(one_party: Graph) -> None:
    shifted = "。" + TEXT
    span = report(one_party, sources={str(DOCUMENT): shifted}).violations[0].span
    assert span is not None and span.context is not None
    assert "differs from the quote" in span.context


def test_report_gives_the_findings_as_data(one_party: Graph) -> None:
    found = report(one_party)
    assert isinstance(found, ValidationReport) and not found.conforms
    assert found.violations == (
        Violation(
            focus=AGREEMENT,
            path="ckg:hasParty",
            message="An agreement has at least two parties (ckg:hasParty), each an org:Organization.",
            value=None,
            shape=CKGSH["AgreementShape-parties"],
            span=SourceSpan(DOCUMENT, START, END, QUOTE),
        ),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.violations[0].message = "changed"  # type: ignore[misc]


def test_a_conforming_report(release: Graph) -> None:
    found = report(release)
    assert found == ValidationReport(conforms=True)
    assert found.text() == "conforms to the cislunar-kg shapes"


def test_an_offset_past_the_end_is_traced_to_its_annotation(release: Graph) -> None:
    """The offsets rule fails on the document; the span shown is the annotation whose selector overshoots."""
    release.set((URIRef(f"{NOTE}#position"), OA.end, Literal(len(TEXT) + 5, datatype=XSD.nonNegativeInteger)))
    (violation,) = report(release).violations
    assert violation.shape == CKGSH["SourceDocumentShape-selectorsWithin"]
    assert violation.focus == DOCUMENT
    assert violation.path == "^oa:hasSource/oa:hasSelector/oa:end"
    assert violation.span == SourceSpan(DOCUMENT, START, len(TEXT) + 5, QUOTE)


MILESTONE = """
@base <https://w3id.org/cislunar-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix ckg:  <https://w3id.org/cislunar-kg/ontology#> .
<milestone/2026-2024/8c1f02aa> a ckg:Milestone ; rdfs:label "月面輸送サービスの提供"@ja ;
    time:hasTime <interval/2026-2024> .
<interval/2026-2024> a time:ProperInterval ;
    time:hasBeginning <instant/2026> ; time:hasEnd <instant/2024> .
<instant/2024> a time:Instant ; time:inXSDgYear "2024"^^xsd:gYear .
<instant/2026> a time:Instant ; time:inXSDgYear "2026"^^xsd:gYear .
# The annotation is cut to what the report reads (untyped, so its own shapes stay out of this test).
<annotation/d/m> oa:hasBody <milestone/2026-2024/8c1f02aa> ; oa:hasTarget <annotation/d/m#t> .
<annotation/d/m#t> oa:hasSource <document/d> ; oa:hasSelector <annotation/d/m#p> , <annotation/d/m#q> .
<annotation/d/m#p> oa:start "10"^^xsd:nonNegativeInteger ; oa:end "21"^^xsd:nonNegativeInteger .
<annotation/d/m#q> oa:exact "月面輸送サービスの提供" .
"""


def test_an_interval_that_ends_before_it_begins_is_traced_to_its_milestone() -> None:
    (violation,) = report(Graph().parse(data=MILESTONE, format="turtle")).violations
    assert violation.shape == CKGSH["IntervalShape-order"]
    assert violation.focus == ID["interval/2026-2024"]
    assert violation.value == ID["instant/2024"]
    assert violation.span == SourceSpan(ID["document/d"], 10, 21, "月面輸送サービスの提供")


SCOPE_IN_ONTOLOGY = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ckg:  <https://w3id.org/cislunar-kg/ontology#> .
ckg:scope-lunar-transport a ckg:ScopeArea , skos:Concept ;
    skos:prefLabel "月面輸送"@ja , "lunar transport"@en ;
    skos:inScheme ckg:ScopeAreaScheme .
"""


def test_terms_typed_only_in_the_ontology_need_the_ontology(release: Graph) -> None:
    release.add((AGREEMENT, CKG.hasScope, CKG["scope-lunar-transport"]))
    without = report(release)
    assert [v.shape for v in without.violations] == [CKGSH["AgreementShape-scope"]]
    ontology = Graph().parse(data=SCOPE_IN_ONTOLOGY, format="turtle")
    assert validate(release, ontology=ontology) is release


def test_a_dataset_is_validated_across_its_named_graphs(one_party: Graph) -> None:
    dataset = Dataset()
    named = dataset.graph(DOCUMENT)
    for triple in one_party:
        named.add(triple)
    found = report(dataset)
    assert [v.shape for v in found.violations] == [CKGSH["AgreementShape-parties"]]
    assert found.violations[0].span == SourceSpan(DOCUMENT, START, END, QUOTE)


def test_values_that_cannot_be_compared_are_reported_not_crashed_on(release: Graph) -> None:
    """pyshacl refuses to order a blank node; the gate still reports every other rule, and says so."""
    release.set((URIRef(f"{NOTE}#position"), OA.start, BNode()))
    with pytest.raises(ValidationError) as refused:
        validate(release)
    assert "ckgsh:TextPositionSelectorShape-start" in refused.value.report
    assert "note: the order rules" in refused.value.report


def test_the_seed_release_passes_the_gate(seed_graph: Graph) -> None:
    from graph.pipeline import ontology_graph

    assert validate(seed_graph, ontology=ontology_graph()) is seed_graph


def test_a_warning_is_reported_but_only_a_violation_refuses(release: Graph) -> None:
    """The vocabulary layer only warns of a company with no name (another team may know it by its IRI);
    the project's policy refuses it, by rules of its own."""
    company = next(iter(release.subjects(RDF.type, CKG.Company)))
    release.remove((company, RDFS.label, None))
    found = report(release)
    assert {v.shape for v in found.violations} == {
        CKGSH["CompanyPolicyShape-legalName"],
        CKGSH["OrganizationShape-label"],
    }
    assert {v.shape for v in found.warnings} == {CKGSH["CompanyShape-label"]}
    assert "[warning 1] ckgsh:CompanyShape-label" in found.text()
    with pytest.raises(ValidationError, match="2 violations of"):
        validate(release)
