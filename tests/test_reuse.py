"""Another team can build on the published files alone: import the ontology, extend it, validate with the shapes.

`tests/reuse/team-ontology.ttl` imports the ontology by its version IRI and adds one class;
`tests/reuse/team-data.ttl` uses it, and `tests/reuse/team-data-de.ttl` does so in German and French: a team
validates with the vocabulary shapes, which accept any language, not with the project's data-policy shapes.
The imports are resolved from the installed package's files through `ontology.catalog()`, and the network is
switched off, so nothing here can lean on w3id.org or on this codebase's own loading code.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import owlrl
import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, SH

import ontology
from shapes import read_policy_text, read_vocabulary_text

HERE = Path(__file__).parent / "reuse"
TEAM_ONTOLOGY = HERE / "team-ontology.ttl"
TEAM_DATA = HERE / "team-data.ttl"
GERMAN_DATA = HERE / "team-data-de.ttl"
CKG = Namespace(ontology.NAMESPACE)
CKGSH = Namespace("https://w3id.org/cislunar-kg/shapes#")
TEAM = Namespace("https://example.org/lunar-team/ontology#")
EX = Namespace("https://example.org/lunar-team/id/")
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
# A plain Namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reuse example must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def with_imports(graph: Graph) -> Graph:
    """The graph and, transitively, everything it owl:imports, each read from the package's local copy."""
    catalog = ontology.catalog()
    closure = Graph() + graph
    pending, done = set(graph.objects(None, OWL.imports)), set()
    while pending:
        iri = pending.pop()
        done.add(iri)
        if str(iri) not in catalog:
            raise LookupError(f"no local copy of {iri}")
        part = Graph().parse(data=catalog[str(iri)].read_text(encoding="utf-8"), format="turtle")
        closure += part
        pending |= set(part.objects(None, OWL.imports)) - done
    return closure


@pytest.fixture(scope="module")
def team_ontology() -> Graph:
    return with_imports(Graph().parse(TEAM_ONTOLOGY, format="turtle"))


def shapes(*, policy: bool = False) -> Graph:
    """The vocabulary shapes, what a team runs; with `policy`, the project's data-policy shapes on top."""
    graph = Graph().parse(data=read_vocabulary_text(), format="turtle")
    return graph.parse(data=read_policy_text(), format="turtle") if policy else graph


def validate(data: Graph, vocabulary: Graph, *, policy: bool = False) -> tuple[bool, Graph]:
    """Validate data and vocabulary as one graph: pyshacl's `ont_graph` would copy only class and property
    axioms, not the scope-area concepts the data points to."""
    conforms, report, _ = pyshacl.validate(
        vocabulary + data, shacl_graph=shapes(policy=policy), inference="none", allow_warnings=False
    )
    return bool(conforms), report


def team_data() -> Graph:
    return Graph().parse(TEAM_DATA, format="turtle")


def test_the_import_of_our_version_iri_resolves_to_the_frozen_copy(team_ontology: Graph) -> None:
    assert (
        URIRef(ontology.ONTOLOGY_IRI),
        OWL.versionIRI,
        URIRef(ontology.ONTOLOGY_IRI + "/0.1.0"),
    ) in team_ontology
    assert (CKG.Agreement, RDF.type, OWL.Class) in team_ontology
    assert (TEAM.DataSharingAgreement, RDF.type, OWL.Class) in team_ontology


def test_the_alignments_resolve_their_own_import_the_same_way() -> None:
    alignments = with_imports(Graph().parse(data=ontology.read_alignments_text(), format="turtle"))
    assert (CKG.Agreement, RDF.type, OWL.Class) in alignments


def test_an_import_with_no_local_copy_is_refused_not_fetched() -> None:
    graph = Graph().parse(TEAM_ONTOLOGY, format="turtle")
    graph.add(
        (
            URIRef("https://example.org/lunar-team/ontology"),
            OWL.imports,
            URIRef("https://example.org/elsewhere"),
        )
    )
    with pytest.raises(LookupError, match="no local copy"):
        with_imports(graph)


def test_the_team_data_conforms_to_our_shapes(team_ontology: Graph) -> None:
    conforms, report = validate(team_data(), team_ontology)
    assert conforms, report.serialize(format="turtle")


def test_the_german_team_data_conforms_to_the_vocabulary_shapes(team_ontology: Graph) -> None:
    data = Graph().parse(GERMAN_DATA, format="turtle")
    assert not {o.language for o in data.objects() if isinstance(o, Literal)} & {"ja", "en"}
    conforms, report = validate(data, team_ontology)
    assert conforms, report.serialize(format="turtle")


def test_the_german_team_data_would_fail_the_projects_data_policy(team_ontology: Graph) -> None:
    conforms, report = validate(Graph().parse(GERMAN_DATA, format="turtle"), team_ontology, policy=True)
    assert not conforms
    failed = {report.value(r, SH.sourceShape) for r in report.subjects(RDF.type, SH.ValidationResult)}
    assert failed == {
        CKGSH["LabelLanguageShape-label"],
        CKGSH["CompanyPolicyShape-legalName"],
        CKGSH["AgreementPolicyShape-purpose"],
    }


def test_the_vocabulary_shapes_still_hold_the_german_data_to_the_ontologys_meaning(team_ontology: Graph) -> None:
    data = Graph().parse(GERMAN_DATA, format="turtle")
    data.add((EX["vereinbarung-2026-11-15"], CKG.signedOn, Literal("2026-11-16", datatype=XSD.date)))
    conforms, report = validate(data, team_ontology)
    assert not conforms
    assert set(report.objects(None, SH.sourceShape)) == {CKGSH["AgreementShape-signedOn"]}


def test_the_team_data_conforms_to_the_projects_policy_too(team_ontology: Graph) -> None:
    conforms, report = validate(team_data(), team_ontology, policy=True)
    assert conforms, report.serialize(format="turtle")


def test_our_shapes_reach_the_team_class_through_its_superclass(team_ontology: Graph) -> None:
    data = team_data()
    data.remove((EX["agreement-2026-10-01"], CKG.hasParty, EX.ispace))
    conforms, report = validate(data, team_ontology)
    assert not conforms
    failures = {
        (report.value(r, SH.focusNode), report.value(r, SH.sourceShape))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert failures == {(EX["agreement-2026-10-01"], CKGSH["AgreementShape-parties"])}


def test_without_the_team_ontology_the_shapes_do_not_see_the_agreement() -> None:
    """What the import is for: a class our shapes do not know is reached only through the team's axioms."""
    data = team_data()
    data.remove((EX["agreement-2026-10-01"], CKG.hasParty, EX.ispace))
    conforms, _ = validate(data, ontology.ontology_graph())
    assert conforms


def closure(graph: Graph) -> Graph:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def inconsistencies(graph: Graph) -> list[str]:
    errors = [str(graph.value(m, OWLRL_ERR.error)) for m in graph.subjects(RDF.type, OWLRL_ERR.ErrorMessage)]
    return errors + [f"{s} is an owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]


def test_owl_rl_makes_the_team_agreement_one_of_ours_and_stays_consistent(team_ontology: Graph) -> None:
    graph = closure(team_ontology + team_data())
    assert not inconsistencies(graph)
    assert {CKG.Agreement, PROV.Entity} <= set(graph.objects(EX["agreement-2026-10-01"], RDF.type))
    assert (EX.ispace, CKG.isPartyTo, EX["agreement-2026-10-01"]) in graph


def test_owl_rl_holds_the_team_to_our_disjointness(team_ontology: Graph) -> None:
    data = team_data()
    data.add((EX["agreement-2026-10-01"], RDF.type, CKG.CorporatePartnerContract))
    assert inconsistencies(closure(team_ontology + data))


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_our_json_ld_context_writes_the_team_data() -> None:
    context = json.loads(ontology.read_context_text())["@context"]
    document = {
        "@context": [context, {"team": str(TEAM), "DataSharingAgreement": "team:DataSharingAgreement"}],
        "id": str(EX["agreement-2026-10-01"]),
        "type": "DataSharingAgreement",
        "label": {"ja": "月面輸送の運航データ共有に関する合意"},
        "hasParty": [str(EX["lunar-team"]), str(EX.ispace)],
        "signedOn": "2026-10-01",
        "purpose": {"ja": "月面輸送で得た運航データの共有"},
        "hasScope": ["ckg:scope-lunar-transport", "ckg:scope-flight-operations"],
    }
    from_json = Graph().parse(data=json.dumps(document), format="json-ld")
    from_turtle = Graph()
    for triple in team_data().triples((EX["agreement-2026-10-01"], None, None)):
        from_turtle.add(triple)
    assert set(from_json) == set(from_turtle)
    assert (EX["agreement-2026-10-01"], CKG.signedOn, Literal("2026-10-01", datatype=XSD.date)) in from_json
