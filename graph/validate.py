"""The SHACL gate: a graph reaches the store only if it satisfies the shapes, both layers (see `shapes`):
the vocabulary shapes and the project's data-policy shapes on top of them. Only a sh:Violation refuses a
graph; a sh:Warning (where another team's data could reasonably differ) is reported, never refused.

`validate` hands back the very graph it was given, or raises `ValidationError` with a report a person
can act on: one block per violation naming the rule (its shape), the resource, the property, the value
and, when the resource was read from text, where it was read: document, offsets and the quoted words.
`report` returns the same findings as data, for the CLI.

The shapes are parsed once per process. Validation runs without inference, because the builder
materialises types, and stays within SHACL Core apart from one small SPARQL constraint (see the shapes
file): SPARQL-based constraints cost about 100 times as much under rdflib, most of it parsing the
same query text again for every focus node, which `sparql_parse_cache` does once: the first validation
installs it (importing this module changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, TIME
from rdflib.term import Node

from shapes import SHAPES_NAMESPACE, read_shapes_text

from . import sparql_parse_cache
from .errors import ValidationError
from .namespaces import CKG, DEFAULT_BASE_IRI, OA, PREFIX_IRIS, curie

__all__ = ["SourceSpan", "ValidationReport", "Violation", "report", "validate"]

# How the report abbreviates IRIs; data IRIs under the default base read as `id:…`, as in docs/model.md.
_ABBREVIATIONS = PREFIX_IRIS | {"ckgsh": SHAPES_NAMESPACE, "sh": str(SH), "id": DEFAULT_BASE_IRI}
# A resource that is never annotated itself is found through the one that owns it (^these), e.g. a
# year instant through its interval and that interval's milestone.
_OWNED_THROUGH = (TIME.hasTime, TIME.hasBeginning, TIME.hasEnd, CKG.hasSigning, OA.hasSelector, OA.hasTarget)
_COMPARISONS = (SH.lessThan, SH.lessThanOrEquals)
_MAX_QUOTE = 80
_CONTEXT = 30


@dataclass(frozen=True)
class SourceSpan:
    """Where a resource was read: `exact` is the quoted text at code points [start, end) of `document`."""

    document: URIRef
    start: int
    end: int
    exact: str
    context: str | None = None  # the stored text around the span, when the caller passed `sources`


@dataclass(frozen=True)
class Violation:
    """One broken rule. `shape` is the named shape whose rule it is; `path` is written as a SPARQL path."""

    focus: Node
    path: str | None
    message: str
    value: Node | None
    shape: Node
    span: SourceSpan | None = None


@dataclass(frozen=True)
class ValidationReport:
    """Whether a graph conforms, and every violation found, sorted so reports compare line by line."""

    conforms: bool
    violations: tuple[Violation, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[Violation, ...] = ()  # broken sh:Warning rules: reported, never a reason to refuse

    def text(self) -> str:
        """The readable report: one block per violation."""
        if self.conforms:
            return "conforms to the cislunar-kg shapes"
        count = len(self.violations)
        lines = [f"{count} violation{'s' if count != 1 else ''} of the cislunar-kg shapes"]
        for number, violation in enumerate(self.violations, start=1):
            lines.append("")
            lines.extend(_block(number, violation))
        for number, warning in enumerate(self.warnings, start=1):
            lines.append("")
            lines.extend(_block(number, warning, kind="warning "))
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)


def validate(
    graph: Graph, *, ontology: Graph | None = None, sources: Mapping[str, str] | None = None
) -> Graph:
    """Return `graph` itself if it conforms to the shapes, else raise `ValidationError` with the report.

    Pass the `ontology` whenever the graph refers to terms only the ontology types (its scope areas);
    `sources` maps a document IRI to the stored text, to print the source line around each span.
    """
    found = report(graph, ontology=ontology, sources=sources)
    if found.conforms:
        return graph
    documents = sorted(_term_text(d) for d in graph.subjects(RDF.type, CKG.SourceDocument))
    where = ", ".join(documents) if documents else "the graph"
    count = len(found.violations)
    raise ValidationError(
        f"{where}: {count} violation{'s' if count != 1 else ''} of the cislunar-kg shapes", found.text()
    )


def report(
    graph: Graph, *, ontology: Graph | None = None, sources: Mapping[str, str] | None = None
) -> ValidationReport:
    """Validate without raising: the findings as data (see `ValidationReport.text` for the printout)."""
    notes: tuple[str, ...] = ()
    data = _data_graph(graph, ontology)
    try:
        conforms, results = _run(data, _shapes_graph())
    except (TypeError, ReportableRuntimeError) as error:
        # pyshacl gives up on some pairs it is asked to order (a blank node, literals rdflib cannot
        # compare) instead of reporting them: check everything else, and say which rules were left out.
        conforms, results = _run(data, _shapes_without_comparisons())
        conforms = False
        skipped = (
            "the order rules (sh:lessThan, sh:lessThanOrEquals) were skipped: some values cannot be compared"
        )
        notes = (f"{skipped} ({error})",)
    found: dict[bool, set[Violation]] = {True: set(), False: set()}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        refuses = results.value(result, SH.resultSeverity) == SH.Violation
        found[refuses].add(_violation(results, result, data, sources or {}))
    ordered = tuple(sorted(found[True], key=_sort_key))
    warnings = tuple(sorted(found[False], key=_sort_key))
    return ValidationReport(conforms=conforms and not ordered, violations=ordered, notes=notes, warnings=warnings)


# -- Shapes, parsed once --


@lru_cache(maxsize=1)
def _shapes_graph() -> Graph:
    return Graph().parse(data=read_shapes_text(), format="turtle")


@lru_cache(maxsize=1)
def _shapes_without_comparisons() -> Graph:
    reduced = Graph()
    for triple in _shapes_graph():
        if triple[1] not in _COMPARISONS:
            reduced.add(triple)
    return reduced


def _run(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    sparql_parse_cache.install()  # the shapes' SPARQL constraint is parsed once, not once per focus node
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )  # allow_warnings: a graph with only sh:Warning results conforms; they are still listed
    return bool(conforms), results


def _data_graph(graph: Graph, ontology: Graph | None) -> Graph:
    """One plain graph holding what is validated: the graph itself when it is plain and alone, else a copy
    with every named graph's triples and what the ontology says of the terms the graph points to.

    pyshacl's own `ont_graph` copies only class and property axioms, not the ontology's scope-area concepts
    that documents point to; copying the whole ontology instead would validate it again with every
    document (it is checked once, by `make check-ontology`)."""
    if ontology is None and not graph.context_aware:
        return graph
    data = Graph()
    if graph.context_aware:
        for s, p, o, _ in graph.quads((None, None, None, None)):  # type: ignore[attr-defined]
            data.add((s, p, o))
    else:
        data += graph
    if ontology is not None:
        for triple in list(_ontology_context(data, ontology)):  # read from the document alone, then added
            data.add(triple)
    return data


def _ontology_context(data: Graph, ontology: Graph) -> Iterator[tuple[Node, Node, Node]]:
    """The class hierarchy (for `sh:class` on a subclass instance) and the ontology's description of every
    resource the data points to other than through `rdf:type` (its scope areas)."""
    yield from ontology.triples((None, RDFS.subClassOf, None))
    pointed_to = {o for _, p, o in data if p != RDF.type and isinstance(o, URIRef)}
    for resource in pointed_to:
        yield from ontology.triples((resource, None, None))


# -- From results to violations --


def _violation(results: Graph, result: Node, data: Graph, sources: Mapping[str, str]) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    shape = results.value(result, SH.sourceShape)
    assert focus is not None and shape is not None, "pyshacl results always name focus node and shape"
    steps = _steps(results, path) if path is not None else None
    return Violation(
        focus=focus,
        path=_path_text(results, path) if path is not None else None,
        message=_message(results, result),
        value=value,
        shape=shape,
        span=_span(data, focus, steps, value, sources),
    )


def _message(results: Graph, result: Node) -> str:
    messages = list(results.objects(result, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    return str((english or messages or ["(no message)"])[0])


def _sort_key(violation: Violation) -> tuple[str, str, str, str]:
    return (str(violation.focus), str(violation.shape), violation.path or "", str(violation.value or ""))


def _path_text(g: Graph, path: Node) -> str:
    """A SHACL path in SPARQL property-path syntax, e.g. `^oa:hasSource/oa:hasSelector/oa:end`."""
    if isinstance(path, URIRef):
        return _term_text(path)
    if g.value(path, RDF.first) is not None:
        return "/".join(_path_text(g, step) for step in g.items(path))
    for predicate, operator in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = g.value(path, predicate)
        if inner is not None:
            return f"({_path_text(g, inner)}){operator}"
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(g, inverse)
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(g, step) for step in g.items(alternatives)) + ")"
    return _term_text(path)


def _steps(g: Graph, path: Node) -> list[tuple[URIRef, bool]] | None:
    """A path made only of predicates and their inverses, as (predicate, inverse) steps; else None."""
    parts = list(g.items(path)) if g.value(path, RDF.first) is not None else [path]
    steps: list[tuple[URIRef, bool]] = []
    for part in parts:
        inverse = g.value(part, SH.inversePath) if not isinstance(part, URIRef) else None
        if isinstance(part, URIRef):
            steps.append((part, False))
        elif isinstance(inverse, URIRef):
            steps.append((inverse, True))
        else:
            return None
    return steps


# -- Where a resource was read --


def _span(
    data: Graph,
    focus: Node,
    steps: list[tuple[URIRef, bool]] | None,
    value: Node | None,
    sources: Mapping[str, str],
) -> SourceSpan | None:
    """The first span of the resource at fault: the nodes a multi-step path passed through on the way to
    the bad value (an annotation's selector, a milestone's interval), else the focus node itself."""
    candidates = [*_through(data, focus, steps, value), focus]
    for node in candidates:
        spans = sorted(
            _spans_of(data, _annotations_near(data, node)), key=lambda s: (str(s.document), s.start)
        )
        if spans:
            return _with_context(spans[0], sources)
    return None


def _through(
    data: Graph, focus: Node, steps: list[tuple[URIRef, bool]] | None, value: Node | None
) -> list[Node]:
    if not steps or len(steps) < 2 or value is None:
        return []
    walks: list[list[Node]] = [[focus]]
    for predicate, inverse in steps:
        walks = [
            walk + [step]
            for walk in walks
            for step in (data.subjects(predicate, walk[-1]) if inverse else data.objects(walk[-1], predicate))
        ]
    passed: list[Node] = []
    for walk in walks:
        if walk[-1] == value:
            passed.extend(node for node in walk[1:-1] if node not in passed)
    return passed


def _annotations_near(data: Graph, node: Node, depth: int = 3) -> list[Node]:
    """Annotations of `node`, or of what owns it, searched outwards a level at a time."""
    level, seen = [node], {node}
    for _ in range(depth + 1):
        found = [a for n in level for a in _annotations_of(data, n)]
        if found:
            return found
        owners = [s for n in level for p in _OWNED_THROUGH for s in data.subjects(p, n)]
        level = [o for o in dict.fromkeys(owners) if o not in seen]
        seen.update(level)
        if not level:
            break
    return []


def _annotations_of(data: Graph, node: Node) -> Iterator[Node]:
    if (node, RDF.type, OA.Annotation) in data:
        yield node
    yield from data.subjects(OA.hasBody, node)


def _spans_of(data: Graph, annotations: Iterable[Node]) -> Iterator[SourceSpan]:
    for annotation in annotations:
        for target in data.objects(annotation, OA.hasTarget):
            document = data.value(target, OA.hasSource)
            start = end = exact = None
            for selector in data.objects(target, OA.hasSelector):
                start = _int(data.value(selector, OA.start), start)
                end = _int(data.value(selector, OA.end), end)
                quote = data.value(selector, OA.exact)
                exact = str(quote) if quote is not None else exact
            if isinstance(document, URIRef) and start is not None and end is not None:
                yield SourceSpan(document, start, end, exact or "")


def _int(node: Node | None, default: int | None) -> int | None:
    if isinstance(node, Literal) and isinstance(node.value, int):
        return node.value
    return default


def _with_context(span: SourceSpan, sources: Mapping[str, str]) -> SourceSpan:
    text = sources.get(str(span.document))
    if text is None or not 0 <= span.start <= span.end <= len(text):
        return span
    line_start = max(text.rfind("\n", 0, span.start) + 1, span.start - _CONTEXT)
    line_end = text.find("\n", span.end)
    line_end = min(len(text) if line_end < 0 else line_end, span.end + _CONTEXT)
    stored = text[span.start : span.end]
    context = f"{text[line_start : span.start]}⟦{stored}⟧{text[span.end : line_end]}".strip()
    if span.exact and stored != span.exact:
        context += f"   (the stored text here differs from the quote: {_quoted(stored)})"
    return SourceSpan(span.document, span.start, span.end, span.exact, context)


# -- Printing --


def _block(number: int, violation: Violation, kind: str = "") -> list[str]:
    lines = [f"[{kind}{number}] {_term_text(violation.shape)}", f"    {violation.message}"]
    lines.append(f"    focus   {_term_text(violation.focus)}")
    if violation.path is not None:
        lines.append(f"    path    {violation.path}")
    if violation.value is not None:
        lines.append(f"    value   {_term_text(violation.value)}")
    if violation.span is not None:
        span = violation.span
        lines.append(
            f"    source  {_term_text(span.document)}, characters {span.start}–{span.end}: {_quoted(span.exact)}"
        )
        if span.context:
            lines.append(f"            {span.context}")
    return lines


def _quoted(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > _MAX_QUOTE:
        one_line = one_line[: _MAX_QUOTE - 1] + "…"
    return f"「{one_line}」"


def _term_text(node: Node) -> str:
    if isinstance(node, URIRef):
        return curie(str(node), _ABBREVIATIONS, lambda iri: f"<{iri}>")
    if isinstance(node, Literal):
        lexical = str(node)
        if len(lexical) > _MAX_QUOTE:
            lexical = lexical[: _MAX_QUOTE - 1] + "…"
        text = '"' + lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{_term_text(node.datatype)}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)
