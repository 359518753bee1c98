"""The generated parts of docs/ontology.md: a Mermaid class diagram and the term index, from the ontology.

They are generated so the page cannot drift from the Turtle: `tests/test_docs_diagram.py` regenerates
them and compares. After changing the ontology, rewrite them in place with

    python -m ontology.diagram docs/ontology.md            (or --check to only compare)

The diagram draws every `ckg:` class with the reused classes it specialises or links to, subclass
arrows, each object property that has both a domain and a range as an arrow (an inverse pair as one
arrow, labelled with both names), and each datatype property with a domain as a member of its class.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from . import NAMESPACE, ontology_graph

BLOCK = re.compile(
    r"(?P<begin><!-- BEGIN GENERATED: (?P<name>[a-z-]+) [^>]*-->\n)(?P<body>.*?)"
    r"(?P<end><!-- END GENERATED: (?P=name) -->)",
    re.DOTALL,
)


def _is_ckg(node: object) -> bool:
    return isinstance(node, URIRef) and node.startswith(NAMESPACE)


def _local(iri: URIRef) -> str:
    return iri.removeprefix(NAMESPACE)


def _qname(graph: Graph, iri: URIRef) -> str:
    return graph.namespace_manager.normalizeUri(iri)


def _ckg_subjects(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, kind) if _is_ckg(s))  # type: ignore[misc]


def _text(graph: Graph, term: URIRef, predicate: URIRef, language: str) -> str:
    for value in graph.objects(term, predicate):
        if isinstance(value, Literal) and value.language == language:
            return str(value)
    return ""


# -- Mermaid class diagram --


def _node_id(graph: Graph, iri: URIRef) -> str:
    """Mermaid ids are plain words: ckg classes by local name, others as prefix_Local with a label."""
    return _local(iri) if _is_ckg(iri) else _qname(graph, iri).replace(":", "_")


def _range_name(graph: Graph, iri: URIRef | None) -> str:
    return _qname(graph, iri).split(":", 1)[-1] if iri is not None else "any"


def mermaid_class_diagram(graph: Graph) -> str:
    """The main classes and properties as a fenced Mermaid `classDiagram` block."""
    classes = _ckg_subjects(graph, OWL.Class)
    lines = ["```mermaid", "classDiagram", "    direction LR"]
    shown: set[URIRef] = set(classes)
    edges: list[str] = []

    for cls in classes:
        for parent in sorted(graph.objects(cls, RDFS.subClassOf), key=str):
            if isinstance(parent, URIRef):
                shown.add(parent)
                edges.append(f"    {_node_id(graph, parent)} <|-- {_node_id(graph, cls)}")

    drawn: set[URIRef] = set()
    for prop in _ckg_subjects(graph, OWL.ObjectProperty):
        domain, range_ = graph.value(prop, RDFS.domain), graph.value(prop, RDFS.range)
        inverse = graph.value(prop, OWL.inverseOf)
        if not isinstance(domain, URIRef) or not isinstance(range_, URIRef) or inverse in drawn:
            continue
        drawn.add(prop)
        shown.update((domain, range_))
        label = _local(prop) + (f" / {_local(inverse)}" if isinstance(inverse, URIRef) else "")
        edges.append(f"    {_node_id(graph, domain)} --> {_node_id(graph, range_)} : {label}")

    members: dict[URIRef, list[str]] = {}
    for prop in _ckg_subjects(graph, OWL.DatatypeProperty) + _ckg_subjects(graph, OWL.AnnotationProperty):
        domain = graph.value(prop, RDFS.domain)
        if isinstance(domain, URIRef):
            range_ = graph.value(prop, RDFS.range)
            members.setdefault(domain, []).append(
                f"        {_local(prop)} {_range_name(graph, range_ if isinstance(range_, URIRef) else None)}"
            )

    for node in sorted(shown, key=lambda n: (not _is_ckg(n), _qname(graph, n))):
        name = _node_id(graph, node)
        label = "" if _is_ckg(node) else f'["{_qname(graph, node)}"]'
        if node in members:
            lines += [f"    class {name}{label} {{", *members[node], "    }"]
        else:
            lines.append(f"    class {name}{label}")
    lines += edges
    lines.append("```")
    return "\n".join(lines) + "\n"


# -- Term index --


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def term_index(graph: Graph) -> str:
    """Every term of the ontology by kind: labels in Japanese and English, how it relates, its definition."""

    def names(nodes: Iterable[object]) -> str:
        return ", ".join(sorted(f"`{_qname(graph, n)}`" for n in nodes if isinstance(n, URIRef))) or "—"

    def label_row(term: URIRef, predicate: URIRef = RDFS.label) -> list[str]:
        return [
            f"`ckg:{_local(term)}`",
            _text(graph, term, predicate, "ja"),
            _text(graph, term, predicate, "en"),
        ]

    def definition(term: URIRef) -> str:
        return _text(graph, term, SKOS.definition, "en")

    out = ["### Classes", ""]
    out += _table(
        ["class", "ja", "en", "subclass of", "definition"],
        (
            [*label_row(c), names(graph.objects(c, RDFS.subClassOf)), definition(c)]
            for c in _ckg_subjects(graph, OWL.Class)
        ),
    )
    for kind, title in (
        (OWL.ObjectProperty, "Object properties"),
        (OWL.DatatypeProperty, "Datatype properties"),
        (OWL.AnnotationProperty, "Annotation properties (dates: see Dates and DL reasoners)"),
    ):
        out += ["", f"### {title}", ""]
        out += _table(
            ["property", "ja", "en", "domain → range", "definition"],
            (
                [
                    *label_row(p),
                    f"{names(graph.objects(p, RDFS.domain))} → {names(graph.objects(p, RDFS.range))}",
                    definition(p),
                ]
                for p in _ckg_subjects(graph, kind)
            ),
        )
    out += ["", "### Concepts", ""]
    concepts = _ckg_subjects(graph, SKOS.ConceptScheme) + [
        c for c in _ckg_subjects(graph, SKOS.Concept) if c not in _ckg_subjects(graph, SKOS.ConceptScheme)
    ]
    out += _table(
        ["concept", "ja", "en", "in scheme", "definition"],
        (
            [*label_row(c, SKOS.prefLabel), names(graph.objects(c, SKOS.inScheme)), definition(c)]
            for c in concepts
        ),
    )
    return "\n".join(out) + "\n"


# -- Keeping docs/ontology.md in step --

GENERATORS: dict[str, Callable[[Graph], str]] = {"diagram": mermaid_class_diagram, "terms": term_index}


def regenerate(markdown: str, graph: Graph | None = None) -> str:
    """The page with every `BEGIN GENERATED: name` … `END GENERATED: name` block generated afresh."""
    graph = graph if graph is not None else ontology_graph()
    found = {m["name"] for m in BLOCK.finditer(markdown)}
    if unknown := found - GENERATORS.keys():
        raise ValueError(f"unknown generated blocks: {', '.join(sorted(unknown))}")
    return BLOCK.sub(lambda m: m["begin"] + GENERATORS[m["name"]](graph) + m["end"], markdown)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    if len(paths) != 1:
        print("usage: python -m ontology.diagram [--check] docs/ontology.md", file=sys.stderr)
        return 2
    with open(paths[0], encoding="utf-8") as page:
        current = page.read()
    fresh = regenerate(current)
    if fresh == current:
        return 0
    if check:
        print(f"{paths[0]}: generated blocks are out of date; run python -m ontology.diagram {paths[0]}")
        return 1
    with open(paths[0], "w", encoding="utf-8") as page:
        page.write(fresh)
    print(f"{paths[0]}: generated blocks rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
