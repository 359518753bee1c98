"""The ontology checklist: every check passes on the published files and fails on a copy broken its way.

Each failing case below breaks one thing the way a real edit could (a `@jp` tag, a term used in a query
and never defined, a cycle) and asserts that its own check fails, naming the culprit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SH

from cislunar_kg.quality import ontology_check
from cislunar_kg.quality.ontology_check import (
    CHECKS,
    CheckResult,
    Material,
    check_alignments_apart,
    check_defined_by,
    check_definitions,
    check_domains_ranges,
    check_header,
    check_hermit,
    check_hierarchy,
    check_labels,
    check_language_tags,
    check_meta_shacl,
    check_owl2_dl,
    check_owl_rl,
    check_terms_in_data,
    check_terms_in_ontology,
    check_terms_in_queries,
    check_terms_in_shapes,
    check_versions,
    format_checklist,
    gather,
    iris_in_query,
    is_valid_language_tag,
)

Check = Callable[[Material], CheckResult]
CKG = Namespace("https://w3id.org/cislunar-kg/ontology#")
CKGSH = Namespace("https://w3id.org/cislunar-kg/shapes#")


@pytest.fixture(scope="module")
def material() -> Material:
    return gather()


@pytest.fixture(scope="module")
def results(material: Material) -> dict[Check, CheckResult]:
    return {check: check(material) for check in CHECKS}


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_check_passes_on_the_published_files(results: dict[Check, CheckResult], check: Check) -> None:
    assert results[check].passed, f"{results[check].name}: {results[check].details}"


def test_the_checks_have_distinct_names(results: dict[Check, CheckResult]) -> None:
    names = [result.name for result in results.values()]
    assert len(set(names)) == len(names) == 17


def test_the_checks_look_at_the_real_data_shapes_and_queries(material: Material) -> None:
    assert len(material.data) > 1000
    assert {"parties-of-agreement", "timeline", "statements"} <= set(material.queries)
    assert (CKGSH.AgreementShape, RDF.type, SH.NodeShape) in material.shapes
    assert material.released


# -- Each check fails on its own kind of mistake --


def edit_ontology(material: Material, old: str, new: str) -> Material:
    assert old in material.ontology_text
    return dataclasses.replace(material, ontology_text=material.ontology_text.replace(old, new, 1))


def with_data(material: Material, turtle: str) -> Material:
    extra = Graph().parse(
        data="@prefix ckg: <https://w3id.org/cislunar-kg/ontology#> .\n" + turtle, format="turtle"
    )
    return dataclasses.replace(material, data=material.data + extra)


def with_shapes(material: Material, turtle: str) -> Material:
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ckg: <https://w3id.org/cislunar-kg/ontology#> .\n"
    extra = Graph().parse(data=prefixes + turtle, format="turtle")
    return dataclasses.replace(material, shapes=material.shapes + extra)


def with_query(material: Material, name: str, text: str) -> Material:
    return dataclasses.replace(material, queries={**material.queries, name: text})


AGREEMENT_EN = '"合意"@ja , "Agreement"@en'
BREAKS: list[tuple[Check, Callable[[Material], Material], str]] = [
    (
        check_header,
        lambda m: edit_ontology(
            m, "    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;\n", ""
        ),
        "no license",
    ),
    (
        check_versions,
        lambda m: edit_ontology(m, "# -- Organisations --", "# -- Organisations (edited) --"),
        "cislunar-kg.ttl differs from the released 0.4.0",
    ),
    (
        check_versions,
        lambda m: edit_ontology(m, 'owl:versionInfo "0.4.0"', 'owl:versionInfo "0.5.0"'),
        "no frozen copy of 0.5.0",
    ),
    (
        check_versions,
        lambda m: dataclasses.replace(
            edit_ontology(m, 'owl:versionInfo "0.4.0"', 'owl:versionInfo "0.5.0"'),
            released={**m.released, "0.5.0": m.released["0.4.0"]},
        ),
        "expected https://w3id.org/cislunar-kg/ontology/0.4.0",
    ),
    (check_labels, lambda m: edit_ontology(m, AGREEMENT_EN, '"合意"@ja'), "ckg:Agreement"),
    (
        check_definitions,
        lambda m: edit_ontology(m, ',\n        "当事者を法的に拘束する合意。"@ja', ""),
        "ckg:Contract",
    ),
    (
        check_defined_by,
        lambda m: edit_ontology(
            m,
            'skos:definition "An agreement that binds its parties legally."@en ,\n'
            '        "当事者を法的に拘束する合意。"@ja ;\n'
            '    rdfs:isDefinedBy <https://w3id.org/cislunar-kg/ontology> .',
            'skos:definition "An agreement that binds its parties legally."@en ,\n'
            '        "当事者を法的に拘束する合意。"@ja .',
        ),
        "ckg:Contract",
    ),
    (
        check_alignments_apart,
        lambda m: edit_ontology(
            m,
            "    rdfs:subClassOf org:FormalOrganization ;\n",
            "    rdfs:subClassOf org:FormalOrganization ;\n"
            "    skos:closeMatch <https://schema.org/Corporation> ;\n",
        ),
        "core: ckg:Company http://www.w3.org/2004/02/skos/core#closeMatch https://schema.org/Corporation",
    ),
    (
        check_alignments_apart,
        lambda m: dataclasses.replace(m, alignments_text=m.alignments_text + "ckg:Company a owl:Class .\n"),
        "alignments: ckg:Company",
    ),
    (
        check_terms_in_ontology,
        lambda m: edit_ontology(m, "rdfs:range ckg:ScopeArea", "rdfs:range ckg:ScopeAreas"),
        "ckg:ScopeAreas",
    ),
    (check_terms_in_data, lambda m: with_data(m, "<urn:x> ckg:signedDate <urn:y> ."), "ckg:signedDate"),
    (
        check_terms_in_shapes,
        lambda m: with_shapes(m, "<urn:s> a sh:NodeShape ; sh:targetClass ckg:Agreemnt ."),
        "ckg:Agreemnt",
    ),
    (
        check_terms_in_queries,
        lambda m: with_query(
            m,
            "typo",
            "PREFIX ckg: <https://w3id.org/cislunar-kg/ontology#>\n"
            "SELECT ?a WHERE { ?a ckg:signedOn ?d ; ckg:hasParties/ckg:isPartyTo ?x }",
        ),
        "typo: ckg:hasParties",
    ),
    (
        check_terms_in_queries,
        lambda m: with_query(m, "full-iri", "ASK { ?a a <https://w3id.org/cislunar-kg/ontology#Treaty> }"),
        "full-iri: ckg:Treaty",
    ),
    (
        check_terms_in_queries,
        lambda m: with_query(m, "broken", "SELECT ?a WHERE { ?a nope:x ?b }"),
        "broken: does not parse",
    ),
    (check_language_tags, lambda m: with_data(m, '<urn:x> <urn:p> "月面"@jp .'), "data: @jp on urn:x urn:p"),
    (
        check_language_tags,
        lambda m: edit_ontology(m, '"Agreement"@en', '"Agreement"@en-UK'),
        "ontology: @en-UK",
    ),
    (
        check_language_tags,
        lambda m: with_shapes(m, '<urn:s> a sh:PropertyShape ; sh:path <urn:p> ; sh:languageIn ( "jp" ) .'),
        "shapes: @jp on urn:s sh:languageIn",
    ),
    (
        check_language_tags,
        lambda m: with_data(m, '<urn:doc> <http://purl.org/dc/terms/language> "jp" .'),
        "data: dcterms:language 'jp' of urn:doc",
    ),
    (
        check_hierarchy,
        lambda m: edit_ontology(
            m, "    rdfs:subClassOf prov:Entity ;\n", "    rdfs:subClassOf ckg:BasicAgreement ;\n"
        ),
        "ckg:Agreement",
    ),
    (
        check_domains_ranges,
        lambda m: edit_ontology(
            m, "    rdfs:domain ckg:Agreement ;\n", "    rdfs:domain ckg:Agreement , ckg:Contract ;\n"
        ),
        "has 2 domains",
    ),
    (
        check_owl_rl,
        lambda m: with_data(m, "<urn:a> a ckg:BasicAgreement , ckg:CorporatePartnerContract ."),
        "urn:a",
    ),
    (
        check_owl_rl,
        lambda m: edit_ontology(
            m,
            "    owl:disjointWith ckg:Contract ;\n",
            "    owl:disjointWith ckg:Contract , ckg:Agreement ;\n",
        ),
        "common individual urn:ckg-check:probe:BasicAgreement",
    ),
    (
        check_owl2_dl,
        lambda m: edit_ontology(m, "skos:definition             a owl:AnnotationProperty .\n", ""),
        "ontology: UseOfUndeclaredDataProperty http://www.w3.org/2004/02/skos/core#definition",
    ),
    (
        check_owl2_dl,
        lambda m: edit_ontology(
            m, "    rdfs:subPropertyOf prov:wasAttributedTo ;\n    rdfs:domain ckg:SourceDocument ;",
            "    rdfs:subPropertyOf dcterms:creator ;\n    rdfs:domain ckg:SourceDocument ;",
        ),
        "ontology: UseOfUndeclaredAnnotationProperty ckg:issuedBy",
    ),
    (
        check_owl2_dl,
        lambda m: with_data(m, "<urn:a> <http://www.w3.org/ns/org#memberDuring> <urn:b> ."),
        "ontology + data: UseOfUndeclared",
    ),
    (
        check_hermit,
        lambda m: edit_ontology(m, "ckg:statedOn\n    a owl:AnnotationProperty ;",
                                "ckg:statedOn\n    a owl:DatatypeProperty ;"),
        "ontology: HermiT supports all and only the datatypes of the OWL 2 datatype map",
    ),
    (
        check_hermit,
        lambda m: with_data(m, "<urn:a> a ckg:Agreement , ckg:SigningEvent ."),
        "ontology + data: HermiT found the ontology inconsistent",
    ),
    (
        check_hermit,
        lambda m: edit_ontology(
            m, "org:FormalOrganization      a owl:Class ; rdfs:subClassOf org:Organization .",
            "org:FormalOrganization      a owl:Class .",
        ),
        "ontology: ckg:Company ⊑ org:Organization is not inferred",
    ),
    (
        check_meta_shacl,
        lambda m: with_shapes(m, '<urn:s> a sh:PropertyShape ; sh:path <urn:p> ; sh:minCount "two" .'),
        "Conforms: False",
    ),
]


@pytest.mark.parametrize(
    ("check", "breaking", "culprit"), BREAKS, ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BREAKS)]
)
def test_a_check_fails_on_its_own_mistake_and_names_it(
    material: Material, check: Check, breaking: Callable[[Material], Material], culprit: str
) -> None:
    result = check(breaking(material))
    assert not result.passed
    assert culprit in result.details


def test_a_breaking_edit_leaves_the_real_material_alone(material: Material) -> None:
    text, data, queries = material.ontology_text, len(material.data), dict(material.queries)
    edit_ontology(material, AGREEMENT_EN, '"合意"@ja')
    with_data(material, "<urn:x> ckg:signedDate <urn:y> .")
    with_query(material, "typo", "ASK { ?a ?b ?c }")
    assert (material.ontology_text, len(material.data), dict(material.queries)) == (text, data, queries)


# -- Language tags --


@pytest.mark.parametrize(
    "tag",
    [
        "ja",
        "en",
        "JA",
        "en-GB",
        "ja-JP",
        "ja-Jpan",
        "ja-Latn-JP",
        "zh-Hant-TW",
        "es-419",
        "de-CH-1996",
        "jpn",
        "x-private",
        "en-x-ckg",
        "i-klingon",
        "en-a-bbb-x-a",
        "kr",
    ],
)
def test_valid_language_tags(tag: str) -> None:
    assert is_valid_language_tag(tag)


@pytest.mark.parametrize(
    "tag",
    [
        "jp",
        "en-UK",
        "ja_JP",
        "",
        "english",
        "ja-",
        "-ja",
        "en--gb",
        "de-CH-1996-1996",
        "en-a-bbb-a-ccc",
        "123",
        "j",
    ],
)
def test_invalid_language_tags(tag: str) -> None:
    """`jp` is a country code, not a language; `en-UK` names no region; `kr` above is Kanuri, not Korean."""
    assert not is_valid_language_tag(tag)


# -- Reading queries --


def test_iris_in_query_reads_prefixed_names_full_iris_and_paths() -> None:
    text = """PREFIX ckg: <https://w3id.org/cislunar-kg/ontology#>
    SELECT ?x WHERE { ?x a ckg:Milestone ; ckg:involves/^ckg:hasParty ?y .
                      OPTIONAL { ?y <https://w3id.org/cislunar-kg/ontology#signedOn> ?d } }"""
    assert {CKG.Milestone, CKG.involves, CKG.hasParty, CKG.signedOn, RDF.type} <= iris_in_query(text)


# -- The printed checklist --


def test_the_checklist_prints_one_line_per_check_and_a_tally() -> None:
    text = format_checklist([CheckResult("labels", True, "all 55"), CheckResult("no cycles", False, "ckg:A")])
    assert text.splitlines() == [
        "[PASS] labels     all 55",
        "[FAIL] no cycles  ckg:A",
        "1 of 2 checks passed, 1 failed",
    ]


def test_main_exits_1_when_a_check_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ontology_check, "run_checks", lambda: [CheckResult("labels", False, "ckg:Agreement")])
    assert ontology_check.main() == 1
    assert "[FAIL] labels  ckg:Agreement" in capsys.readouterr().out


def test_main_prints_the_checklist_and_exits_0_when_all_pass(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], results: dict[Check, CheckResult]
) -> None:
    monkeypatch.setattr(ontology_check, "run_checks", lambda: list(results.values()))
    assert ontology_check.main() == 0
    out = capsys.readouterr().out
    assert out.startswith("cislunar-kg ontology 0.4.0 checklist\n[PASS] header")
    assert out.rstrip().endswith("17 of 17 checks passed")
