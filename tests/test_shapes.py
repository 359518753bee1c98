"""The shapes are well-formed SHACL, every rule is named and explained, and every shape has examples.

Two layers: the vocabulary shapes (only ckg: terms, any language) and the data-policy shapes on top; the
examples run against both, as the loader does.

`tests/shapes/<Shape>-valid.ttl` must conform; each `<Shape>-invalid-NN.ttl` must fail, and fail on
`<Shape>` alone (the node shape or one of its property shapes), so every example documents one rule.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from shapes import SHAPES_FILE, SHAPES_NAMESPACE, read_policy_text, read_shapes_text, read_vocabulary_text

EXAMPLES = Path(__file__).parent / "shapes"
CKGSH = Namespace(SHAPES_NAMESPACE)
CKG = Namespace("https://w3id.org/cislunar-kg/ontology#")
ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "cislunar-kg.ttl"
EXAMPLE_NAME = re.compile(r"^(?P<shape>[A-Za-z]+Shape)-(?P<kind>valid|invalid-\d{2})\.ttl$")
# Parameters that together make one rule: a cardinality pair, or a qualified cardinality.
RULE_PARAMETERS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.languageIn,
    SH.uniqueLang,
    SH.hasValue,
    SH["in"],
    SH["or"],
    SH["and"],
    SH["not"],
    SH.xone,
    SH.node,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.equals,
    SH.disjoint,
    SH.qualifiedValueShape,
    SH.sparql,
}


@cache
def shapes_graph() -> Graph:
    return Graph().parse(data=read_shapes_text(), format="turtle")


def node_shapes() -> list[URIRef]:
    return sorted(s for s in shapes_graph().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def property_shapes() -> list[Node]:
    return sorted((o for s in node_shapes() for o in shapes_graph().objects(s, SH.property)), key=str)


def own_shapes(shape: URIRef) -> set[Node]:
    return {shape, *shapes_graph().objects(shape, SH.property)}


def examples(kind: str) -> list[Path]:
    return sorted(
        p for p in EXAMPLES.glob("*.ttl") if (m := EXAMPLE_NAME.match(p.name)) and m["kind"].startswith(kind)
    )


def shape_of(example: Path) -> URIRef:
    match = EXAMPLE_NAME.match(example.name)
    assert match, f"{example.name} is not named <Shape>-valid.ttl or <Shape>-invalid-NN.ttl"
    return CKGSH[match["shape"]]


def run(data: Graph) -> tuple[bool, Graph]:
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none")
    return bool(conforms), results


# -- The shapes graph itself --


def test_shapes_file_is_package_data() -> None:
    assert SHAPES_FILE.name == "cislunar-kg.shapes.ttl"
    assert read_shapes_text().startswith("@prefix")


def test_shapes_graph_passes_meta_shacl() -> None:
    shacl_shacl = Graph().parse(
        data=(files("pyshacl") / "assets" / "shacl-shacl.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    conforms, _, text = pyshacl.validate(shapes_graph(), shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_shapes_graph_has_a_header() -> None:
    header = URIRef(SHAPES_NAMESPACE.rstrip("#"))
    g = shapes_graph()
    assert g.value(header, URIRef("http://purl.org/dc/terms/title")) is not None
    assert g.value(header, URIRef("http://purl.org/dc/terms/description")) is not None


def test_every_shape_is_named_in_the_shapes_namespace() -> None:
    for shape in [*node_shapes(), *property_shapes()]:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NAMESPACE), shape
    for node in shapes_graph().subjects(RDF.type, SH.NodeShape):
        assert isinstance(node, URIRef), "node shapes are named, so reports can cite them"


def languages(g: Graph, subject: Node, predicate: URIRef) -> list[str | None]:
    return sorted((o.language if isinstance(o, Literal) else "not a literal") or ""
                  for o in g.objects(subject, predicate))


def test_every_node_shape_has_a_name_and_a_description_in_japanese_and_english() -> None:
    g = shapes_graph()
    for node_shape in node_shapes():
        assert languages(g, node_shape, SH.name) == ["en", "ja"], node_shape
        assert languages(g, node_shape, SH.description) == ["en", "ja"], node_shape


def test_every_rule_has_one_message_in_japanese_and_one_in_english_and_a_severity() -> None:
    g = shapes_graph()
    for node_shape in node_shapes():
        assert g.value(node_shape, SH.severity) == SH.Violation, node_shape
        assert not set(g.predicates(node_shape)) & RULE_PARAMETERS, (
            f"{node_shape}: rules live in property shapes"
        )
    for shape in property_shapes():
        assert languages(g, shape, SH.message) == ["en", "ja"], shape
        assert g.value(shape, SH.severity) in {SH.Violation, SH.Warning}, shape
        assert set(g.predicates(shape)) & RULE_PARAMETERS, f"{shape} constrains nothing"
        assert str(shape).startswith(next(str(s) for s in g.subjects(SH.property, shape)) + "-"), (
            f"{shape} is not named after its node shape"
        )


def test_sparql_is_confined_to_the_interval_order_rule() -> None:
    """SPARQL-based constraints cost about 100 times as much as Core under rdflib; only one is allowed."""
    assert set(shapes_graph().subjects(SH.sparql, None)) == {CKGSH["IntervalShape-order"]}


@pytest.mark.skipif(not ONTOLOGY_FILE.exists(), reason="the ontology file is not there yet")
def test_every_ckg_term_the_shapes_use_is_defined_in_the_ontology() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    used = {
        t for triple in shapes_graph() for t in triple if isinstance(t, URIRef) and t.startswith(str(CKG))
    }
    assert used, "the shapes should constrain ckg: terms"
    undefined = sorted(t for t in used if (t, None, None) not in ontology)
    assert not undefined, f"not in the ontology: {undefined}"


# -- Two layers --


def vocabulary_graph() -> Graph:
    return Graph().parse(data=read_vocabulary_text(), format="turtle")


def policy_graph() -> Graph:
    return Graph().parse(data=read_policy_text(), format="turtle")


def test_the_shapes_document_is_both_layers_and_nothing_else() -> None:
    both = vocabulary_graph() + policy_graph()
    header = Graph().parse(SHAPES_FILE, format="turtle")
    assert isomorphic(shapes_graph(), both + header)
    assert not set(header.subjects(RDF.type, SH.NodeShape)), "the header file holds no shapes"
    assert not {s for s in vocabulary_graph().subjects() if isinstance(s, URIRef)} & {
        s for s in policy_graph().subjects() if isinstance(s, URIRef)
    }, "a shape is defined in one layer only"


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def test_the_vocabulary_shapes_target_only_this_ontologys_terms() -> None:
    g = vocabulary_graph()
    targets = {(s, p, o) for p in TARGETS for s, o in g.subject_objects(p)}
    assert targets, "the vocabulary shapes target something"
    foreign = sorted(f"{s} {p} {o}" for s, p, o in targets if not str(o).startswith(str(CKG)))
    assert not foreign, foreign


def test_the_vocabulary_shapes_set_no_language() -> None:
    """Another team's data may be in any language: no rule of the vocabulary layer names one."""
    g = vocabulary_graph()
    assert not set(g.subjects(SH.languageIn, None))


def test_the_policy_shapes_refuse_and_only_the_vocabulary_shapes_warn() -> None:
    """The loader refuses on violations only, so a policy rule is a violation; a warning is for reuse."""
    assert set(policy_graph().objects(None, SH.severity)) == {SH.Violation}
    warnings = set(vocabulary_graph().subjects(SH.severity, SH.Warning))
    assert warnings == {CKGSH["CompanyShape-label"]}


def test_a_company_named_only_in_german_passes_the_vocabulary_and_fails_the_policy() -> None:
    data = Graph().parse(
        data="""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix org:  <http://www.w3.org/ns/org#> .
        @prefix ckg:  <https://w3id.org/cislunar-kg/ontology#> .
        <https://example.org/de/firma> a ckg:Company , org:Organization ; rdfs:label "Mondfracht GmbH"@de .
        """,
        format="turtle",
    )
    conforms, _, text = pyshacl.validate(data, shacl_graph=vocabulary_graph(), inference="none")
    assert conforms, text
    conforms, results = run(data)
    assert not conforms
    assert set(results.objects(None, SH.sourceShape)) == {
        CKGSH["CompanyPolicyShape-legalName"],
        CKGSH["LabelLanguageShape-label"],
    }


# -- Examples --


def test_every_shape_has_a_valid_and_an_invalid_example() -> None:
    names = {p.name for p in EXAMPLES.glob("*.ttl")}
    for shape in node_shapes():
        local = shape.removeprefix(SHAPES_NAMESPACE)
        assert f"{local}-valid.ttl" in names, f"no valid example for {local}"
        assert any(n.startswith(f"{local}-invalid-") for n in names), f"no invalid example for {local}"


def test_every_example_names_an_existing_shape() -> None:
    shapes = set(node_shapes())
    for example in sorted(EXAMPLES.glob("*.ttl")):
        assert shape_of(example) in shapes, f"{example.name}: no such shape"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.ttl")), ids=lambda p: p.stem)
def test_example_first_line_says_why(example: Path) -> None:
    first = example.read_text(encoding="utf-8").splitlines()[0]
    kind = "valid" if example.stem.endswith("-valid") else "invalid"
    assert first.startswith(f"# {kind}: "), f"{example.name} should open with '# {kind}: <why>'"


@pytest.mark.parametrize("example", examples("valid"), ids=lambda p: p.stem)
def test_valid_example_conforms(example: Path) -> None:
    conforms, results = run(Graph().parse(example, format="turtle"))
    assert conforms, results.serialize(format="turtle")


@pytest.mark.parametrize("example", examples("invalid"), ids=lambda p: p.stem)
def test_invalid_example_is_refused_by_a_violation(example: Path) -> None:
    """The loader refuses on violations only: every invalid example must break at least one."""
    _, results = run(Graph().parse(example, format="turtle"))
    assert SH.Violation in set(results.objects(None, SH.resultSeverity)), example.name


@pytest.mark.parametrize("example", examples("invalid"), ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_own_shape(example: Path) -> None:
    conforms, results = run(Graph().parse(example, format="turtle"))
    assert not conforms, f"{example.name} conforms but should not"
    sources = set(results.objects(None, SH.sourceShape))
    assert sources, "a failure names its shape"
    assert sources <= own_shapes(shape_of(example)), (
        f"{example.name} fails on {sorted(map(str, sources))}, not only on {shape_of(example)}"
    )


# -- Language tags --

JP_TAGGED = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org:  <http://www.w3.org/ns/org#> .
<https://w3id.org/cislunar-kg/id/person/袴田武史> a foaf:Person ; foaf:name "袴田武史"@{tag} .
<https://w3id.org/cislunar-kg/id/site/ispace/東京都中央区> a org:Site ; rdfs:label "東京都中央区"@{tag} .
"""


def test_language_tag_jp_is_refused() -> None:
    conforms, results = run(Graph().parse(data=JP_TAGGED.format(tag="jp"), format="turtle"))
    assert not conforms
    refused = {
        (results.value(r, SH.sourceShape), str(results.value(r, SH.value)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    assert refused == {
        (CKGSH["PersonShape-name"], "袴田武史"),
        (CKGSH["LabelLanguageShape-label"], "東京都中央区"),
    }


@pytest.mark.parametrize("tag", ["ja", "en", "ja-JP"])
def test_language_tags_ja_and_en_are_accepted(tag: str) -> None:
    conforms, results = run(Graph().parse(data=JP_TAGGED.format(tag=tag), format="turtle"))
    assert conforms, results.serialize(format="turtle")
