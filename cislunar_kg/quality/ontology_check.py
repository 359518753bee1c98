"""The ontology checklist, judged the way FOOPS! and OOPS! judge a vocabulary, run on the real files.

Each check answers one question about the published ontology and the material that depends on it
(the data built from data/sources, the SHACL shapes, the named queries in api/queries) and returns
`CheckResult(name, passed, details)`. `make check-ontology` runs `python -m cislunar_kg.quality.ontology_check`,
which prints the checklist and exits 1 if any check fails; tests/test_ontology_checks.py shows each check
passing on the real files and failing on a broken copy.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import owlrl
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

import ontology
from graph.language_tags import is_valid_language_tag
from graph.namespaces import VANN
from shapes import read_shapes_text

from . import owl_dl

ROOT = Path(__file__).resolve().parents[2]  # the checkout: cislunar_kg/quality/ontology_check.py
SOURCE_GLOBS = ("data/sources/*.txt", "data/sources/family/*.txt")
QUERY_GLOB = "api/queries/*.rq"

# Where owlrl writes the inconsistencies it finds.
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
MAPPINGS = frozenset({SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch, SKOS.narrowMatch})
TERM_KINDS = frozenset(
    {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, SKOS.Concept, SKOS.ConceptScheme}
)


class CheckResult(NamedTuple):
    name: str
    passed: bool
    details: str


@dataclass(frozen=True)
class Material:
    """Everything the checks look at. `gather()` reads the real files; tests swap in broken parts."""

    ontology_text: str
    alignments_text: str
    released: Mapping[str, tuple[str, str]]  # version → (core text, alignments text) as frozen
    shapes: Graph
    data: Graph
    queries: Mapping[str, str]

    @cached_property
    def ontology(self) -> Graph:
        return Graph().parse(data=self.ontology_text, format="turtle")

    @cached_property
    def alignments(self) -> Graph:
        return Graph().parse(data=self.alignments_text, format="turtle")

    @cached_property
    def defined(self) -> set[URIRef]:
        """The ckg: terms the core ontology defines: those it gives a type."""
        return _ckg({s for s, o in self.ontology.subject_objects(RDF.type)})


def gather(root: Path = ROOT) -> Material:
    """The published files, the data built from data/sources, the shapes and the named queries."""
    from graph.pipeline import prepare  # the loading chain is only needed to build the data

    data = Graph()
    for pattern in SOURCE_GLOBS:
        for path in sorted(root.glob(pattern)):
            data += prepare(path).graph
    return Material(
        ontology_text=ontology.read_ontology_text(),
        alignments_text=ontology.read_alignments_text(),
        released={
            v: (ontology.read_version_text(v), ontology.read_version_text(v, alignments=True))
            for v in ontology.versions()
        },
        shapes=Graph().parse(data=read_shapes_text(), format="turtle"),
        data=data,
        queries={p.stem: p.read_text(encoding="utf-8") for p in sorted(root.glob(QUERY_GLOB))},
    )


# -- helpers --


def _ckg(nodes: Iterable[Node]) -> set[URIRef]:
    return {n for n in nodes if isinstance(n, URIRef) and n.startswith(ontology.NAMESPACE)}


def _nodes(graph: Graph) -> set[Node]:
    return {node for triple in graph for node in triple}


def _show(items: Iterable[object], limit: int = 6) -> str:
    shown = sorted(str(i).replace(ontology.NAMESPACE, "ckg:") for i in items)
    more = f" … and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _result(name: str, problems: Iterable[object], ok: str) -> CheckResult:
    problems = list(problems)
    return CheckResult(name, not problems, ok if not problems else _show(problems))


def _terms(m: Material) -> list[URIRef]:
    return sorted(m.defined)


def _languages(graph: Graph, subject: Node, predicate: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


def _tags(graph: Graph) -> Iterable[tuple[str, str]]:
    """(tag, where) for every language tag a graph holds: on literals, and as values of sh:languageIn."""
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            yield o.language, f"{s} {p}"
    for shape, head in graph.subject_objects(SH.languageIn):
        for item in Collection(graph, head):
            yield str(item), f"{shape} sh:languageIn"


# -- the checks --


def check_header(m: Material) -> CheckResult:
    """FOOPS!-style metadata on both ontologies: what a user needs to find, cite and trust them."""
    problems: list[str] = []
    for iri, graph in ((ontology.ONTOLOGY_IRI, m.ontology), (ontology.ALIGNMENTS_IRI, m.alignments)):
        node = URIRef(iri)
        if (node, RDF.type, OWL.Ontology) not in graph:
            problems.append(f"{iri}: not an owl:Ontology")
            continue
        for name, predicate in (
            ("versionInfo", OWL.versionInfo),
            ("versionIRI", OWL.versionIRI),
            ("created", DCTERMS.created),
            ("modified", DCTERMS.modified),
            ("creator", DCTERMS.creator),
            ("publisher", DCTERMS.publisher),
            ("license", DCTERMS.license),
            ("bibliographicCitation", DCTERMS.bibliographicCitation),
            ("preferredNamespacePrefix", VANN.preferredNamespacePrefix),
            ("preferredNamespaceUri", VANN.preferredNamespaceUri),
        ):
            if graph.value(node, predicate) is None:
                problems.append(f"{iri}: no {name}")
        for name, predicate in (("title", DCTERMS.title), ("description", DCTERMS.description)):
            if not {"ja", "en"} <= _languages(graph, node, predicate):
                problems.append(f"{iri}: {name} not in both ja and en")
        version = graph.value(node, OWL.versionInfo)
        if version is not None and graph.value(node, OWL.versionIRI) != URIRef(f"{iri}/{version}"):
            problems.append(f"{iri}: versionIRI is not {iri}/{version}")
        if str(graph.value(node, VANN.preferredNamespaceUri)) != ontology.NAMESPACE:
            problems.append(f"{iri}: preferredNamespaceUri is not {ontology.NAMESPACE}")
        if str(graph.value(node, VANN.preferredNamespacePrefix)) != ontology.PREFIX:
            problems.append(f"{iri}: preferredNamespacePrefix is not {ontology.PREFIX}")
    return _result(
        "header",
        problems,
        "core and alignments: title, description, version, dates, creator, "
        "publisher, licence, citation, preferred prefix and namespace",
    )


def check_versions(m: Material) -> CheckResult:
    """A released version never changes, so the current files must equal the frozen copy of their version."""
    core = URIRef(ontology.ONTOLOGY_IRI)
    version = str(m.ontology.value(core, OWL.versionInfo))
    problems: list[str] = []
    if version not in m.released:
        problems.append(
            f"no frozen copy of {version}: copy the files to cislunar-kg[-alignments]-{version}.ttl"
        )
    else:
        frozen_core, frozen_alignments = m.released[version]
        if frozen_core != m.ontology_text:
            problems.append(f"cislunar-kg.ttl differs from the released {version}: bump the version")
        if frozen_alignments != m.alignments_text:
            problems.append(
                f"cislunar-kg-alignments.ttl differs from the released {version}: bump the version"
            )
    alignments = URIRef(ontology.ALIGNMENTS_IRI)
    if str(m.alignments.value(alignments, OWL.versionInfo)) != version:
        problems.append(f"the alignments are not at version {version}")
    if (alignments, OWL.imports, URIRef(f"{core}/{version}")) not in m.alignments:
        problems.append(f"the alignments do not import {core}/{version}")
    earlier = sorted((v for v in m.released if _semver(v) < _semver(version)), key=_semver)
    prior = set(m.ontology.objects(core, OWL.priorVersion))
    expected = {URIRef(f"{core}/{earlier[-1]}")} if earlier else set()
    if prior != expected:
        problems.append(
            f"owl:priorVersion is {_show(prior) or 'absent'}, expected {_show(expected) or 'none'}"
        )
    for released, (text, _) in m.released.items():
        frozen = Graph().parse(data=text, format="turtle")
        if frozen.value(core, OWL.versionIRI) != URIRef(f"{core}/{released}"):
            problems.append(f"the frozen {released} does not carry version IRI {core}/{released}")
    return _result(
        "versions",
        problems,
        f"current {version} equals its frozen copy; released: "
        f"{', '.join(sorted(m.released, key=_semver))}; prior version: "
        f"{earlier[-1] if earlier else 'none (first release)'}",
    )


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".")) if re.fullmatch(r"\d+(\.\d+)*", version) else (-1,)


def check_labels(m: Material) -> CheckResult:
    def languages(term: URIRef) -> set[str]:
        concept = (term, RDF.type, SKOS.Concept) in m.ontology or (
            term,
            RDF.type,
            SKOS.ConceptScheme,
        ) in m.ontology
        return _languages(m.ontology, term, SKOS.prefLabel if concept else RDFS.label)

    terms = _terms(m)
    return _result(
        "labels",
        [t for t in terms if not {"ja", "en"} <= languages(t)],
        f"all {len(terms)} terms labelled in ja and en",
    )


def check_definitions(m: Material) -> CheckResult:
    terms = _terms(m)
    missing = [t for t in terms if not {"ja", "en"} <= _languages(m.ontology, t, SKOS.definition)]
    return _result("definitions", missing, f"all {len(terms)} terms have a skos:definition in ja and en")


def check_defined_by(m: Material) -> CheckResult:
    terms = _terms(m)
    core = URIRef(ontology.ONTOLOGY_IRI)
    missing = [t for t in terms if set(m.ontology.objects(t, RDFS.isDefinedBy)) != {core}]
    untyped = [
        t for t in _ckg(m.ontology.subjects()) if not set(m.ontology.objects(t, RDF.type)) & TERM_KINDS
    ]
    return _result(
        "isDefinedBy",
        missing + untyped,
        f"all {len(terms)} terms are classes, properties or concepts with rdfs:isDefinedBy {core}",
    )


def check_alignments_apart(m: Material) -> CheckResult:
    """The core says nothing about other vocabularies' terms; the alignments say nothing else."""
    problems = [f"core: {s} {p} {o}" for s, p, o in m.ontology if p in MAPPINGS]
    header = URIRef(ontology.ALIGNMENTS_IRI)
    declared = {(p, RDF.type, OWL.AnnotationProperty) for p in MAPPINGS}
    for s, p, o in m.alignments:
        if s == header or (s, p, o) in declared:
            continue
        if p not in MAPPINGS or not _ckg([s]) or _ckg([o]):
            problems.append(f"alignments: {s} {p} {o}")
    mappings = sum(1 for _, p, _ in m.alignments if p in MAPPINGS)
    if (header, OWL.imports, None) not in m.alignments:
        problems.append("alignments: no owl:imports of the core")
    return _result(
        "alignments apart",
        problems,
        f"core holds no mapping; alignments hold {mappings} mappings from ckg: terms and import the core",
    )


def _undefined(m: Material, used: Iterable[Node]) -> set[URIRef]:
    return _ckg(used) - m.defined - {URIRef(ontology.NAMESPACE)}


def _terms_defined(m: Material, name: str, used: set[Node], summary: str) -> CheckResult:
    """The check `name`: every ckg: term in `used` is defined; `summary` says so, with `{count}` the terms' number."""
    return _result(name, _undefined(m, used), summary.format(count=len(_ckg(used))))


def check_terms_in_ontology(m: Material) -> CheckResult:
    return _terms_defined(
        m, "terms: ontology", _nodes(m.ontology) | _nodes(m.alignments),
        "every one of {count} ckg: IRIs in the core and the alignments is defined",
    )


def check_terms_in_data(m: Material) -> CheckResult:
    return _terms_defined(
        m, "terms: data", _nodes(m.data),
        f"{{count}} ckg: terms used in {len(m.data)} triples of data/sources, all defined",
    )


def check_terms_in_shapes(m: Material) -> CheckResult:
    return _terms_defined(m, "terms: shapes", _nodes(m.shapes), "{count} ckg: terms used in the shapes, all defined")


def iris_in_query(text: str) -> set[URIRef]:
    """Every IRI a SPARQL query mentions, prefixed or not, read from its algebra (not by pattern-matching)."""
    found: set[URIRef] = set()

    def walk(node: object) -> None:
        if isinstance(node, URIRef):
            found.add(node)
        elif isinstance(node, (CompValue, dict)):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set, frozenset)):
            for value in node:
                walk(value)
        elif isinstance(node, PropertyPath):
            for value in vars(node).values():
                walk(value)

    walk(translateQuery(parseQuery(text)).algebra)
    return found


def check_terms_in_queries(m: Material) -> CheckResult:
    problems: list[str] = []
    used: set[URIRef] = set()
    for name, text in sorted(m.queries.items()):
        try:
            iris = _ckg(iris_in_query(text))
        except Exception as error:  # noqa: BLE001 - rdflib raises bare Exception for unknown prefixes
            problems.append(f"{name}: does not parse ({type(error).__name__})")
            continue
        used |= iris
        problems += [f"{name}: {t}" for t in sorted(_undefined(m, iris))]
    return _result(
        "terms: queries",
        problems,
        f"{len(used)} ckg: terms used in {len(m.queries)} named queries, all defined",
    )


def check_language_tags(m: Material) -> CheckResult:
    problems: list[str] = []
    count = 0
    for where, graph in (
        ("ontology", m.ontology),
        ("alignments", m.alignments),
        ("shapes", m.shapes),
        ("data", m.data),
    ):
        for tag, place in _tags(graph):
            count += 1
            if not is_valid_language_tag(tag):
                problems.append(f"{where}: @{tag} on {place}")
    for s, language in m.data.subject_objects(DCTERMS.language):
        count += 1
        if not is_valid_language_tag(str(language)):
            problems.append(f"data: dcterms:language {str(language)!r} of {s}")
    tags = sorted({t for g in (m.ontology, m.alignments, m.shapes, m.data) for t, _ in _tags(g)})
    return _result("language tags", problems, f"{count} tags, all valid BCP 47 ({', '.join(tags)})")


def cycles(graph: Graph, predicate: URIRef) -> list[Node]:
    """The nodes from which `predicate` leads back to themselves (a cycle in a hierarchy)."""

    def reaches_itself(start: Node) -> bool:
        stack, seen = list(graph.objects(start, predicate)), set()
        while stack:
            current = stack.pop()
            if current == start:
                return True
            if current not in seen:
                seen.add(current)
                stack.extend(graph.objects(current, predicate))
        return False

    return [node for node in set(graph.subjects(predicate, None)) if reaches_itself(node)]


def check_hierarchy(m: Material) -> CheckResult:
    graph = m.ontology + m.alignments
    cyclic = cycles(graph, RDFS.subClassOf) + cycles(graph, RDFS.subPropertyOf)
    return _result("no cycles", cyclic, "no cycles in rdfs:subClassOf or rdfs:subPropertyOf")


def check_domains_ranges(m: Material) -> CheckResult:
    """OOPS! P19: several domains (or ranges) mean their intersection, rarely what was meant."""
    multiple = [
        f"{p} has {len(values)} {name}s"
        for name, predicate in (("domain", RDFS.domain), ("range", RDFS.range))
        for p in _ckg(m.ontology.subjects(predicate, None))
        if len(values := set(m.ontology.objects(p, predicate))) > 1
    ]
    return _result(
        "one domain, one range", multiple, "no property has more than one rdfs:domain or rdfs:range"
    )


def check_owl_rl(m: Material) -> CheckResult:
    """OWL 2 RL closure of ontology + alignments + data, with one probe member per class."""
    graph = Graph()
    for part in (m.ontology, m.alignments, m.data):
        graph += part
    classes = _ckg(graph.subjects(RDF.type, OWL.Class))
    for cls in classes:
        graph.add((URIRef(f"urn:ckg-check:probe:{cls.removeprefix(ontology.NAMESPACE)}"), RDF.type, cls))
    before = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = [str(graph.value(e, OWLRL_ERR.error)) for e in graph.subjects(RDF.type, OWLRL_ERR.ErrorMessage)]
    errors += [f"{s} is an owl:Nothing" for s in graph.subjects(RDF.type, OWL.Nothing)]
    return _result(
        "OWL 2 RL",
        errors,
        f"closure of {before} triples ({len(classes)} class probes) gives "
        f"{len(graph)}: no owl:Nothing members, no owlrl errors",
    )


def check_owl2_dl(m: Material) -> CheckResult:
    """py-horned-owl's OWL 2 DL profile check, on the ontology alone and on the ontology plus the data."""
    problems = [f"ontology: {v}" for v in owl_dl.profile_violations(m.ontology)]
    problems += [f"ontology + data: {v}" for v in owl_dl.profile_violations(m.ontology + m.data)]
    return _result("OWL 2 DL profile", problems, "no violations in the ontology, nor in the ontology plus the data")


COMPANY, ORGANIZATION = ontology.NAMESPACE + "Company", "http://www.w3.org/ns/org#Organization"


def check_hermit(m: Material) -> CheckResult:
    """HermiT, default settings, classifies the ontology and the ontology plus the data of every release."""
    problems = []
    for name, graph in (("ontology", m.ontology), ("ontology + data", m.ontology + m.data)):
        result = owl_dl.classify(graph, [URIRef(COMPANY)])
        if not result.consistent:
            problems.append(f"{name}: {result.error}")
            continue
        problems += [f"{name}: {c} is unsatisfiable" for c in sorted(result.unsatisfiable)]
        if ORGANIZATION not in result.superclasses.get(COMPANY, frozenset()):
            problems.append(f"{name}: ckg:Company ⊑ org:Organization is not inferred")
    return _result(
        "HermiT",
        problems,
        "ontology and ontology + data consistent, every class satisfiable, ckg:Company ⊑ org:Organization",
    )


def check_meta_shacl(m: Material) -> CheckResult:
    conforms, _, text = meta_validate(m.shapes, inference="none")
    shapes = len(
        set(m.shapes.subjects(RDF.type, SH.NodeShape)) | set(m.shapes.subjects(RDF.type, SH.PropertyShape))
    )
    return CheckResult(
        "meta-SHACL",
        bool(conforms),
        f"{shapes} shapes conform to SHACL's shapes for shapes" if conforms else str(text).strip(),
    )


CHECKS: tuple[Callable[[Material], CheckResult], ...] = (
    check_header,
    check_versions,
    check_labels,
    check_definitions,
    check_defined_by,
    check_alignments_apart,
    check_terms_in_ontology,
    check_terms_in_data,
    check_terms_in_shapes,
    check_terms_in_queries,
    check_language_tags,
    check_hierarchy,
    check_domains_ranges,
    check_owl_rl,
    check_owl2_dl,
    check_hermit,
    check_meta_shacl,
)


def run_checks(material: Material | None = None) -> list[CheckResult]:
    """The whole checklist, in order, on the real files unless given other material."""
    material = material if material is not None else gather()
    return [check(material) for check in CHECKS]


def format_checklist(results: Iterable[CheckResult]) -> str:
    results = list(results)
    width = max(len(r.name) for r in results)
    lines = [f"[{'PASS' if r.passed else 'FAIL'}] {r.name:<{width}}  {r.details}" for r in results]
    failed = sum(not r.passed for r in results)
    lines.append(
        f"{len(results) - failed} of {len(results)} checks passed" + (f", {failed} failed" if failed else "")
    )
    return "\n".join(lines)


def main() -> int:
    results = run_checks()
    print(f"cislunar-kg ontology {ontology.current_version()} checklist")
    print(format_checklist(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
