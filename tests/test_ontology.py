"""The ontology documents every term it defines, stays consistent, is published in versions that never
change, keeps its alignments apart, and the JSON-LD context and the `ontology` command agree with it."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import re
import tomllib
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import owlrl
import pytest
import typer
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, SKOS, TIME
from rdflib.term import Node
from typer.testing import CliRunner

import ontology as package
from cislunar_kg.ontology_cli import ontology as ontology_command
from cislunar_kg.quality.ontology_check import cycles
from ontology import (
    ALIGNMENTS_FILE,
    ALIGNMENTS_IRI,
    CONTEXT_FILE,
    ONTOLOGY_FILE,
    catalog,
    current_version,
    ontology_graph,
    read_alignments_text,
    read_ontology_text,
    read_version_text,
    version_file,
    versions,
)

CKG = Namespace("https://w3id.org/cislunar-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = Namespace("https://w3id.org/cislunar-kg/id/")
ONTOLOGY = URIRef("https://w3id.org/cislunar-kg/ontology")
ALIGNMENTS = URIRef("https://w3id.org/cislunar-kg/ontology/alignments")
ROOT = Path(__file__).resolve().parent.parent
# Where owlrl writes the inconsistencies it finds.
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

TERM_KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, SKOS.Concept,
              SKOS.ConceptScheme}
MAPPINGS = {SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch, SKOS.narrowMatch}
FIBO_AGREEMENT = URIRef("https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Agreements/Agreement")
FIBO_CONTRACT = URIRef("https://spec.edmcouncil.org/fibo/ontology/FND/Agreements/Contracts/Contract")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
FOREIGN = ("https://schema.org/", "https://spec.edmcouncil.org/fibo/", str(NIF))


def ckg_iris(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef) and n.startswith(CKG)}


def languages(nodes: Iterable[Node]) -> set[str | None]:
    return {n.language for n in nodes if isinstance(n, Literal)}


def parse_ontology() -> Graph:
    return Graph().parse(data=read_ontology_text(), format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_ontology()


@pytest.fixture(scope="module")
def shapes_graph() -> Graph:
    from shapes import read_shapes_text

    return Graph().parse(data=read_shapes_text(), format="turtle")


@pytest.fixture(scope="module")
def terms(ontology: Graph) -> set[URIRef]:
    """Every IRI in the ckg namespace that the ontology says something about."""
    return ckg_iris(ontology.subjects())


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def closure(graph: Graph) -> Graph:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def inconsistencies(graph: Graph) -> list[str]:
    errors = [str(graph.value(m, OWLRL_ERR.error)) for m in graph.subjects(RDF.type, OWLRL_ERR.ErrorMessage)]
    errors += [f"{s} is an owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    return errors


# -- Parsing and header --


def test_package_exposes_the_files() -> None:
    assert ONTOLOGY_FILE.is_file() and ALIGNMENTS_FILE.is_file() and CONTEXT_FILE.is_file()
    assert read_ontology_text() == ONTOLOGY_FILE.read_text(encoding="utf-8")
    assert read_alignments_text() == ALIGNMENTS_FILE.read_text(encoding="utf-8")
    assert json.loads(package.read_context_text())["@context"]


def test_turtle_parses_without_warnings_or_ill_typed_literals(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("error")
        graph = parse_ontology()
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    ill_typed = [o for o in graph.objects() if isinstance(o, Literal) and o.ill_typed]
    assert not ill_typed


def test_header_names_version_licence_and_namespace(ontology: Graph) -> None:
    version = current_version()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{version}")
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal(version)
    assert ontology.value(ONTOLOGY, DCTERMS.created) == Literal("2026-11-24", datatype=XSD.date)
    assert ontology.value(ONTOLOGY, DCTERMS.modified) is not None
    assert ontology.value(ONTOLOGY, DCTERMS.creator) is not None
    assert ontology.value(ONTOLOGY, DCTERMS.publisher) is not None
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("ckg")
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(CKG)
    assert languages(ontology.objects(ONTOLOGY, DCTERMS.title)) == {"ja", "en"}
    assert f"version {version}. {ONTOLOGY}/{version}" in str(
        ontology.value(ONTOLOGY, DCTERMS.bibliographicCitation)
    )


def test_vocabularies_are_reused_not_imported(ontology: Graph) -> None:
    assert not list(ontology.objects(ONTOLOGY, OWL.imports))


# What W3C ORG, FOAF and PROV-O state of their own terms, repeated in the core so that a DL reasoner draws the
# conclusions those vocabularies' users expect (every ckg:Company is an org:Organization) without an import.
UPSTREAM_AXIOMS = {
    (ORG.Organization, RDFS.subClassOf, FOAF.Agent),
    (ORG.Organization, OWL.equivalentClass, FOAF.Organization),
    (ORG.FormalOrganization, RDFS.subClassOf, ORG.Organization),
    (ORG.hasPrimarySite, RDFS.subPropertyOf, ORG.hasSite),
    (FOAF.Organization, RDFS.subClassOf, FOAF.Agent),
    (FOAF.Person, RDFS.subClassOf, FOAF.Agent),
    (FOAF.Person, OWL.disjointWith, FOAF.Organization),
    (PROV.Entity, OWL.disjointWith, PROV.Activity),
    (PROV.hadPrimarySource, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (TIME.Instant, RDFS.subClassOf, TIME.TemporalEntity),
    (TIME.ProperInterval, RDFS.subClassOf, TIME.TemporalEntity),
}


def test_reused_terms_are_only_declared_never_redefined(ontology: Graph) -> None:
    """A reused term gets one declaration and, at most, what its own vocabulary says of it."""
    declarations = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    redefined = [
        (s, p, o)
        for s, p, o in ontology
        if isinstance(s, URIRef)
        and not s.startswith(CKG)
        and s != ONTOLOGY
        and not (p == RDF.type and o in declarations)
        and (s, p, o) not in UPSTREAM_AXIOMS
    ]
    assert not redefined


def test_the_ontology_has_no_blank_nodes(ontology: Graph) -> None:
    """The store replaces the ontology's graph on every load; blank nodes would pile up in its default graph."""
    assert not [triple for triple in ontology if any(isinstance(node, BNode) for node in triple)]


def test_every_reused_term_has_exactly_one_kind(ontology: Graph) -> None:
    """No punning: OWL 2 DL tools refuse a term that is, say, both an annotation and an object property."""
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    punned = [s for s in set(ontology.subjects(RDF.type)) if len(set(ontology.objects(s, RDF.type)) & kinds) > 1]
    assert not punned


def test_the_core_says_nothing_of_schema_org_fibo_or_nif(ontology: Graph) -> None:
    """Those mappings live in the alignments, so using the core takes on none of these vocabularies."""
    assert not [t for t in ontology if any(str(n).startswith(FOREIGN) for n in t)]
    assert not [t for t in ontology if t[1] in MAPPINGS]


# -- Every term documented --


def test_every_term_is_a_class_property_or_concept(ontology: Graph, terms: set[URIRef]) -> None:
    untyped = sorted(t for t in terms if not set(ontology.objects(t, RDF.type)) & TERM_KINDS)
    assert not untyped


def test_every_ckg_iri_used_is_defined(ontology: Graph, terms: set[URIRef]) -> None:
    assert not sorted(ckg_iris(ontology.objects()) - terms)


def test_every_term_is_labelled_in_japanese_and_english(ontology: Graph, terms: set[URIRef]) -> None:
    def label_languages(term: URIRef) -> set[str | None]:
        is_concept = (term, RDF.type, SKOS.Concept) in ontology
        return languages(ontology.objects(term, SKOS.prefLabel if is_concept else RDFS.label))

    missing = sorted(t for t in terms if not {"ja", "en"} <= label_languages(t))
    assert not missing


def test_labels_tell_terms_apart(ontology: Graph, terms: set[URIRef]) -> None:
    seen: dict[tuple[str, str | None], URIRef] = {}
    clashes = []
    for term in sorted(terms):
        for label in set(ontology.objects(term, RDFS.label)) | set(ontology.objects(term, SKOS.prefLabel)):
            assert isinstance(label, Literal)
            key = (str(label), label.language)
            if key in seen and seen[key] != term:
                clashes.append((label, seen[key], term))
            seen.setdefault(key, term)
    assert not clashes


def test_every_term_is_defined_in_english_and_japanese(ontology: Graph, terms: set[URIRef]) -> None:
    missing = sorted(t for t in terms if not {"ja", "en"} <= languages(ontology.objects(t, SKOS.definition)))
    assert not missing


def test_every_term_points_back_to_the_ontology(ontology: Graph, terms: set[URIRef]) -> None:
    missing = sorted(t for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY) not in ontology)
    assert not missing


def test_language_tags_are_only_ja_and_en(ontology: Graph) -> None:
    tags = {o.language for o in ontology.objects() if isinstance(o, Literal) and o.language is not None}
    assert tags <= {"ja", "en"}


# -- Classes --


@pytest.mark.parametrize(
    ("subclass", "superclass"),
    [
        (CKG.Company, ORG.FormalOrganization),
        (CKG.CorporateGroup, ORG.Organization),
        (CKG.JobTitle, ORG.Role),
        (CKG.Agreement, PROV.Entity),
        (CKG.Contract, CKG.Agreement),
        (CKG.BasicAgreement, CKG.Agreement),
        (CKG.LetterOfIntent, CKG.Agreement),
        (CKG.MemorandumOfUnderstanding, CKG.Agreement),
        (CKG.CapitalAndBusinessAlliance, CKG.Contract),
        (CKG.CorporatePartnerContract, CKG.Contract),
        (CKG.SigningEvent, PROV.Activity),
        (CKG.Programme, PROV.Activity),
        (CKG.Mission, PROV.Activity),
        (CKG.Milestone, PROV.Activity),
        (CKG.Statement, PROV.Entity),
        (CKG.SourceDocument, FOAF.Document),
        (CKG.SourceDocument, PROV.Entity),
        (CKG.ScopeArea, SKOS.Concept),
    ],
)
def test_class_specialises(ontology: Graph, subclass: URIRef, superclass: URIRef) -> None:
    assert (subclass, RDFS.subClassOf, superclass) in ontology


@pytest.mark.parametrize(
    "non_binding", [CKG.BasicAgreement, CKG.LetterOfIntent, CKG.MemorandumOfUnderstanding]
)
def test_non_binding_agreements_are_disjoint_with_contracts(ontology: Graph, non_binding: URIRef) -> None:
    stated = {(non_binding, CKG.Contract), (CKG.Contract, non_binding)}
    assert stated & set(ontology.subject_objects(OWL.disjointWith))


def test_subclass_hierarchy_has_no_cycles(ontology: Graph) -> None:
    assert not cycles(ontology, RDFS.subClassOf)


# -- Properties --


@pytest.mark.parametrize(
    ("forward", "backward"),
    [
        (CKG.hasParty, CKG.isPartyTo),
        (CKG.hasSigning, CKG.isSigningOf),
        (CKG.partOfProgramme, CKG.hasMission),
        (CKG.subsidiaryOf, CKG.hasSubsidiary),
    ],
)
def test_inverse_pairs_are_stated_both_ways_with_mirrored_domains(
    ontology: Graph, forward: URIRef, backward: URIRef
) -> None:
    assert (forward, OWL.inverseOf, backward) in ontology
    assert (backward, OWL.inverseOf, forward) in ontology
    assert ontology.value(forward, RDFS.domain) == ontology.value(backward, RDFS.range)
    assert ontology.value(forward, RDFS.range) == ontology.value(backward, RDFS.domain)


def test_object_properties_have_domain_and_range_except_concerns(ontology: Graph) -> None:
    ckg_properties = ckg_iris(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert not sorted(p for p in ckg_properties if ontology.value(p, RDFS.domain) is None)
    assert sorted(p for p in ckg_properties if ontology.value(p, RDFS.range) is None) == [CKG.concerns]


@pytest.mark.parametrize(
    ("prop", "datatype"),
    [
        (CKG.purpose, RDF.PlainLiteral),
        (CKG.text, RDF.PlainLiteral),
        (CKG.checksum, XSD.string),
        (CKG.fileName, XSD.string),
        (CKG.bodyStart, XSD.nonNegativeInteger),
        (CKG.bodyEnd, XSD.nonNegativeInteger),
        (CKG.charCount, XSD.nonNegativeInteger),
        (CKG.ownershipShare, XSD.decimal),
        (CKG.securitiesCode, XSD.string),
    ],
)
def test_datatype_property_range(ontology: Graph, prop: URIRef, datatype: URIRef) -> None:
    assert (prop, RDF.type, OWL.DatatypeProperty) in ontology
    assert ontology.value(prop, RDFS.range) == datatype


@pytest.mark.parametrize("prop", [CKG.signedOn, CKG.statedOn])
def test_date_properties_are_annotations_a_dl_reasoner_accepts(ontology: Graph, prop: URIRef) -> None:
    """OWL 2's datatype map has no xsd:date: HermiT refuses it as a data range; as annotations the dates pass."""
    assert set(ontology.objects(prop, RDF.type)) == {OWL.AnnotationProperty}
    assert ontology.value(prop, RDFS.range) == XSD.date


def test_an_agreement_has_one_signing_date(shapes_graph: Graph) -> None:
    """The date is ckg:signedOn on the agreement, once; the signing event carries no time of its own."""
    SH = Namespace("http://www.w3.org/ns/shacl#")
    TIME_NS = Namespace("http://www.w3.org/2006/time#")
    on_agreement = next(shapes_graph.subjects(SH.path, CKG.signedOn))
    assert shapes_graph.value(on_agreement, SH.maxCount) == Literal(1)
    on_event = next(s for s in shapes_graph.subjects(SH.path, TIME_NS.hasTime) if "SigningEvent" in str(s))
    assert shapes_graph.value(on_event, SH.maxCount) == Literal(0)


@pytest.mark.parametrize(
    ("subproperty", "superproperty"),
    [
        (CKG.participant, PROV.wasAssociatedWith),
        (CKG.subsidiaryOf, ORG.subOrganizationOf),
        (CKG.references, DCTERMS.references),
        (CKG.issuedBy, PROV.wasAttributedTo),
    ],
)
def test_property_specialises(ontology: Graph, subproperty: URIRef, superproperty: URIRef) -> None:
    assert (subproperty, RDFS.subPropertyOf, superproperty) in ontology


# -- Scope areas --

SCOPE_LABELS = {
    "scope-lunar-transport": "月面輸送",
    "scope-flight-operations": "運航",
    "scope-maintenance": "整備",
    "scope-air-traffic-control": "航空管制",
    "scope-operations-management": "運航管理",
    "scope-payload-sales": "ペイロード搭載枠の販売",
    "scope-consumer-space-services": "一般顧客向け宇宙関連サービス",
    "scope-lander-assembly": "ランダー組立",
    "scope-orbital-transfer": "軌道間輸送",
    "scope-lunar-communication-navigation": "月面通信・ナビゲーション",
}


def test_scope_areas_carry_the_japanese_labels_the_builder_matches(ontology: Graph) -> None:
    found = {
        c.removeprefix(str(CKG)): str(label)
        for c in ckg_iris(ontology.subjects(RDF.type, CKG.ScopeArea))
        for label in ontology.objects(c, SKOS.prefLabel)
        if isinstance(label, Literal) and label.language == "ja"
    }
    assert found == SCOPE_LABELS


def test_scope_areas_are_concepts_in_the_scheme(ontology: Graph) -> None:
    scheme = CKG.ScopeAreaScheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(RDF.type, CKG.ScopeArea))
    assert concepts == set(ontology.subjects(SKOS.inScheme, scheme))
    assert all((c, RDF.type, SKOS.Concept) in ontology for c in concepts)
    tops = set(ontology.subjects(SKOS.topConceptOf, scheme))
    assert tops == set(ontology.objects(scheme, SKOS.hasTopConcept))
    assert all(c in tops or ontology.value(c, SKOS.broader) is not None for c in concepts)


# -- OWL RL --

AGREEMENT = """
@prefix ckg: <https://w3id.org/cislunar-kg/ontology#> .
@prefix id:  <https://w3id.org/cislunar-kg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:agreement ckg:hasParty id:jal , id:ispace ;
    ckg:signedOn "2017-12-13"^^xsd:date ;
    ckg:purpose "宇宙での新たな価値創造"@ja ;
    ckg:hasScope ckg:scope-lunar-transport ;
    ckg:hasSigning id:signing .
id:signing ckg:participant id:person .
"""


def test_owl_rl_closure_of_the_ontology_is_consistent() -> None:
    graph = closure(parse_ontology())
    assert not inconsistencies(graph)


def test_owl_rl_finds_every_class_satisfiable() -> None:
    """OWL RL only notices an unsatisfiable class through a member, so give each class one."""
    graph = parse_ontology()
    for cls in ckg_iris(graph.subjects(RDF.type, OWL.Class)):
        graph.add((ID["probe/" + cls.removeprefix(str(CKG))], RDF.type, cls))
    assert not inconsistencies(closure(graph))


def test_owl_rl_types_an_agreement_from_its_class_and_properties() -> None:
    graph = parse_ontology().parse(
        data=AGREEMENT + "id:agreement a ckg:CapitalAndBusinessAlliance .", format="turtle"
    )
    graph = closure(graph)
    assert not inconsistencies(graph)
    assert {CKG.Contract, CKG.Agreement, PROV.Entity} <= set(graph.objects(ID.agreement, RDF.type))
    assert (ID.jal, RDF.type, ORG.Organization) in graph
    assert (ID.jal, CKG.isPartyTo, ID.agreement) in graph
    assert (ID.signing, RDF.type, CKG.SigningEvent) in graph
    assert (ID.signing, PROV.wasAssociatedWith, ID.person) in graph
    assert (ID.person, RDF.type, FOAF.Person) in graph


@pytest.mark.parametrize("non_binding", ["BasicAgreement", "LetterOfIntent", "MemorandumOfUnderstanding"])
def test_owl_rl_rejects_a_non_binding_agreement_that_is_also_a_contract(non_binding: str) -> None:
    graph = parse_ontology().parse(
        data=AGREEMENT + f"id:agreement a ckg:{non_binding} , ckg:CorporatePartnerContract .", format="turtle"
    )
    assert inconsistencies(closure(graph))


# -- JSON-LD context --


def expand(value: Any, context: dict[str, Any]) -> str | None:
    """The IRI a context entry maps its term to (None for keywords such as `@version`)."""
    iri = value.get("@id") if isinstance(value, dict) else value
    if not isinstance(iri, str) or iri.startswith("@"):
        return None
    prefix, _, local = iri.partition(":")
    if prefix in context and isinstance(context[prefix], str) and not local.startswith("//"):
        return context[prefix] + local
    return iri


def test_context_is_json_ld_1_1_without_vocab(context: dict[str, Any]) -> None:
    assert context["@version"] == 1.1
    assert context["id"] == "@id" and context["type"] == "@type"
    assert "@vocab" not in context


def test_context_maps_only_terms_the_ontology_defines(context: dict[str, Any], terms: set[URIRef]) -> None:
    mapped = {expand(v, context) for k, v in context.items() if not k.startswith("@")}
    ckg_iris = {URIRef(i) for i in mapped if i and i.startswith(str(CKG)) and i != str(CKG)}
    assert ckg_iris, "the context maps no ckg terms"
    assert not sorted(ckg_iris - terms)


def test_context_covers_every_class_and_property(ontology: Graph, context: dict[str, Any]) -> None:
    mapped = {expand(v, context) for k, v in context.items() if not k.startswith("@")}
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    defined = {str(s) for kind in kinds for s in ckg_iris(ontology.subjects(RDF.type, kind))}
    assert not sorted(defined - mapped)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_context_turns_short_keys_into_the_triples_the_model_describes(context: dict[str, Any]) -> None:
    document = {
        "@context": context,
        "id": str(ID.agreement),
        "type": ["BasicAgreement", "Agreement"],
        "label": {"ja": "基本合意書"},
        "hasParty": [str(ID.ispace), str(ID.jal)],
        "signedOn": "2025-11-28",
        "purpose": {"ja": "輸送システムおよび基盤の構築"},
        "hasScope": "ckg:scope-maintenance",
        "bodyStart": 12,
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    expected = {
        (ID.agreement, RDF.type, CKG.BasicAgreement),
        (ID.agreement, RDF.type, CKG.Agreement),
        (ID.agreement, RDFS.label, Literal("基本合意書", lang="ja")),
        (ID.agreement, CKG.hasParty, ID.ispace),
        (ID.agreement, CKG.hasParty, ID.jal),
        (ID.agreement, CKG.signedOn, Literal("2025-11-28", datatype=XSD.date)),
        (ID.agreement, CKG.purpose, Literal("輸送システムおよび基盤の構築", lang="ja")),
        (ID.agreement, CKG.hasScope, CKG["scope-maintenance"]),
        (ID.agreement, CKG.bodyStart, Literal("12", datatype=XSD.nonNegativeInteger)),
    }
    assert set(graph) == expected


# -- Alignments --


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return Graph().parse(data=read_alignments_text(), format="turtle")


def test_alignments_are_an_ontology_of_their_own_importing_the_core_version(alignments: Graph) -> None:
    version = current_version()
    assert (ALIGNMENTS, RDF.type, OWL.Ontology) in alignments
    assert alignments.value(ALIGNMENTS, OWL.versionIRI) == URIRef(f"{ALIGNMENTS}/{version}")
    assert alignments.value(ALIGNMENTS, OWL.versionInfo) == Literal(version)
    assert set(alignments.objects(ALIGNMENTS, OWL.imports)) == {URIRef(f"{ONTOLOGY}/{version}")}
    assert alignments.value(ALIGNMENTS, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_alignments_only_map_defined_terms_to_other_vocabularies(
    alignments: Graph, terms: set[URIRef]
) -> None:
    mappings = [(s, p, o) for s, p, o in alignments if p in MAPPINGS]
    assert mappings
    assert {s for s, _, _ in mappings} <= terms
    assert all(str(o).startswith(FOREIGN) for _, _, o in mappings)
    others = [
        (s, p, o)
        for s, p, o in alignments
        if s != ALIGNMENTS and p not in MAPPINGS and not (s in MAPPINGS and o == OWL.AnnotationProperty)
    ]
    assert not others


def test_agreements_align_to_fibo_and_non_binding_ones_never_to_a_fibo_contract(alignments: Graph) -> None:
    assert (CKG.Agreement, SKOS.closeMatch, FIBO_AGREEMENT) in alignments
    assert (CKG.Contract, SKOS.closeMatch, FIBO_CONTRACT) in alignments
    for non_binding in (CKG.BasicAgreement, CKG.LetterOfIntent, CKG.MemorandumOfUnderstanding):
        assert set(alignments.objects(non_binding, SKOS.broadMatch)) == {FIBO_AGREEMENT}
        assert FIBO_CONTRACT not in set(alignments.objects(non_binding, None))


def test_nif_is_related_to_documents_and_their_body_offsets(alignments: Graph) -> None:
    assert (CKG.SourceDocument, SKOS.relatedMatch, NIF.Context) in alignments
    assert (CKG.bodyStart, SKOS.relatedMatch, NIF.beginIndex) in alignments
    assert (CKG.bodyEnd, SKOS.relatedMatch, NIF.endIndex) in alignments


def test_ontology_graph_adds_the_alignments_only_when_asked(ontology: Graph, alignments: Graph) -> None:
    assert isomorphic(ontology_graph(), ontology)
    both = ontology_graph(with_alignments=True)
    assert isomorphic(both, ontology + alignments)


def test_the_pipeline_still_reads_the_core_with_its_scope_areas() -> None:
    from graph.pipeline import scope_concepts

    assert scope_concepts()["月面輸送"] == CKG["scope-lunar-transport"]
    assert len(scope_concepts()) == len(SCOPE_LABELS)


# -- Versions: every release frozen and resolvable --


def released_checksums() -> dict[str, str]:
    """File name → SHA-256, as ontology/CHANGELOG.md records them for every released file."""
    text = (ROOT / "ontology" / "CHANGELOG.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^- `(cislunar-kg-[\w.-]+\.ttl)` `([0-9a-f]{64})`$", text, flags=re.MULTILINE))


def test_the_current_version_is_released_with_a_frozen_copy_of_both_files() -> None:
    assert current_version() in versions()
    for version in versions():
        assert version_file(version).is_file() and version_file(version, alignments=True).is_file()


def test_the_current_files_equal_the_frozen_copy_of_their_version() -> None:
    """A released version never changes: edit the ontology, and this fails until the version is bumped."""
    version = current_version()
    bump = f"bump the version and freeze it (docs/ontology.md, 'Versions'); {version} is released"
    assert read_ontology_text() == read_version_text(version), f"cislunar-kg.ttl changed: {bump}"
    assert read_alignments_text() == read_version_text(version, alignments=True), (
        f"cislunar-kg-alignments.ttl changed: {bump}"
    )


def test_every_released_file_matches_the_checksum_the_changelog_records() -> None:
    recorded = released_checksums()
    for version in versions():
        for frozen in (version_file(version), version_file(version, alignments=True)):
            digest = hashlib.sha256(frozen.read_bytes()).hexdigest()
            assert recorded.get(frozen.name) == digest, f"{frozen.name} is not the file released as {version}"
    assert set(recorded) == {
        f.name for v in versions() for f in (version_file(v), version_file(v, alignments=True))
    }


def test_each_release_carries_its_version_iri_and_names_the_one_before() -> None:
    previous: str | None = None
    for version in versions():
        frozen = Graph().parse(data=read_version_text(version), format="turtle")
        assert frozen.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{version}")
        prior = set(frozen.objects(ONTOLOGY, OWL.priorVersion))
        assert prior == ({URIRef(f"{ONTOLOGY}/{previous}")} if previous else set())
        previous = version


def test_the_first_release_is_0_1_0_and_has_no_prior_version() -> None:
    assert versions()[0] == "0.1.0"
    first = Graph().parse(data=read_version_text("0.1.0"), format="turtle")
    assert first.value(ONTOLOGY, OWL.priorVersion) is None


def test_an_unreleased_version_is_refused_naming_the_released_ones() -> None:
    with pytest.raises(KeyError, match="released: 0.1.0"):
        read_version_text("9.9.9")
    with pytest.raises(KeyError):
        read_version_text("../cislunar-kg")


def test_the_catalog_answers_every_ontology_iri_with_its_file() -> None:
    entries = catalog()
    assert entries[str(ONTOLOGY)] == ONTOLOGY_FILE
    assert entries[ALIGNMENTS_IRI] == ALIGNMENTS_FILE
    for version in versions():
        assert entries[f"{ONTOLOGY}/{version}"] == version_file(version)
        assert entries[f"{ALIGNMENTS}/{version}"] == version_file(version, alignments=True)


def test_the_package_ships_every_ontology_file_it_reads() -> None:
    """pyproject's package data must cover the files, or a wheel install would miss them."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["ontology"]
    read = [ONTOLOGY_FILE, ALIGNMENTS_FILE, CONTEXT_FILE, *catalog().values()]
    assert all(any(fnmatch.fnmatch(f.name, p) for p in patterns) for f in read)


def test_graph_namespaces_agree_with_the_published_version() -> None:
    from graph import namespaces

    assert namespaces.ONTOLOGY_IRI == str(ONTOLOGY) == package.ONTOLOGY_IRI
    assert current_version() == namespaces.ONTOLOGY_VERSION
    assert str(namespaces.CKG) == package.NAMESPACE


# -- The `ontology` command --


@pytest.fixture(scope="module")
def run() -> Any:
    app = typer.Typer()
    app.command()(ontology_command)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_the_command_prints_the_turtle_file_as_published(run: Any) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout == read_ontology_text()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(("fmt", "syntax"), [("xml", "xml"), ("json-ld", "json-ld"), ("nt", "nt")])
@pytest.mark.parametrize("alignments", [False, True], ids=["core", "alignments"])
def test_every_syntax_carries_the_same_triples(run: Any, fmt: str, syntax: str, alignments: bool) -> None:
    result = run("-f", fmt, *(["--alignments"] if alignments else []))
    assert result.exit_code == 0, result.output
    expected = read_alignments_text() if alignments else read_ontology_text()
    assert isomorphic(
        Graph().parse(data=result.stdout, format=syntax), Graph().parse(data=expected, format="turtle")
    )


def test_the_json_ld_is_compacted_with_the_package_context(run: Any) -> None:
    document = json.loads(run("-f", "json-ld").stdout)
    agreement = next(node for node in document["@graph"] if node["id"] == "ckg:Agreement")
    assert agreement["label"] == {"ja": "合意", "en": "Agreement"}


def test_the_html_page_has_an_anchor_for_every_term(run: Any, terms: set[URIRef]) -> None:
    page = run("-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    anchors = set(re.findall(r'<section class="term" id="([^"]+)">', page))
    assert anchors == {t.removeprefix(str(CKG)) for t in terms}
    assert "基本合意書" in page and "https://creativecommons.org/licenses/by/4.0/" in page


def test_the_html_page_of_the_alignments_lists_the_mappings(run: Any) -> None:
    page = run("-f", "html", "--alignments").stdout
    assert page.count("<tr><td><code>ckg:") == 37
    assert "https://w3id.org/cislunar-kg/ontology/0.4.0" in page


def test_a_released_version_prints_from_its_frozen_copy(run: Any) -> None:
    assert run("--version", "0.1.0").stdout == read_version_text("0.1.0")
    assert run("--version", "0.1.0", "--alignments").stdout == read_version_text("0.1.0", alignments=True)


def test_an_unreleased_version_is_one_line_on_stderr_and_exit_1(run: Any) -> None:
    result = run("--version", "9.9.9")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: no released version '9.9.9'; released: 0.1.0, 0.2.0, 0.3.0, 0.4.0\n"


def test_an_unknown_format_is_refused(run: Any) -> None:
    assert run("-f", "yaml").exit_code == 2
