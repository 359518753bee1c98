"""The gate every write through the service passes: the documents an update changed must still satisfy the
SHACL shapes and the rules that span documents, or the update is taken back.

Oxigraph applies an update as one transaction but offers no way to look at its result before it commits, so
the gate works around the write: it keeps the dataset as it was, applies the write, compares graph by graph
with what the engine actually left (never with what a parser thinks the update names, which a second parser
could read differently), checks what changed, and on a refusal writes the changed graphs back as they were,
in one transaction. The API's writer runs with every reader stopped (api/query_service.py), so no query sees
the refused state.

Which graph is which (docs/endpoint.md, "The dataset"):
- document graphs (named under the service's base IRI, where `load` writes): each one the write changed is
  validated whole with the shapes, as `load` validates a document, and the cross-document rules
  (`store_checks`) must not find anything they did not find before the write;
- the ontology graph (`https://w3id.org/cislunar-kg/ontology`): written by `load` only; a write that changes it
  is refused;
- any other named graph and the default graph: the client's own, stored as written (no shapes describe them).

Keeping the old state costs memory and time in proportion to the dataset, like the union refresh every write
runs anyway: the endpoint's writes are for small stores and corrections, `load` is for bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from .errors import ValidationError
from .namespaces import ONTOLOGY_IRI
from .pipeline import ontology_graph
from .store import OxigraphStore
from .store_checks import Finding, check_store
from .union import UNION_REFRESH, is_own_graph
from .validate import ValidationReport, Violation, report

__all__ = ["GraphKey", "WriteRefused", "gated_write"]

GraphKey = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Snapshot = dict[GraphKey, frozenset[ox.Quad]]


@dataclass(frozen=True)
class Refusal:
    """What the gate found: shape violations per document graph, new cross-document findings, or a write to the
    ontology graph."""

    violations: tuple[tuple[str, Violation], ...] = ()
    findings: tuple[Finding, ...] = ()
    ontology_changed: bool = False

    def text(self) -> str:
        lines = []
        if self.ontology_changed:
            lines.append(f"the ontology graph <{ONTOLOGY_IRI}> is written by `cislunar-kg load` only")
        for graph, violation in self.violations:
            lines.append(f"<{graph}>: {violation.message} (focus {violation.focus}"
                         + (f", path {violation.path})" if violation.path else ")"))
        lines.extend(finding.text() for finding in self.findings)
        return "\n".join(lines)


class WriteRefused(ValidationError):
    """The write would leave the documents breaking a rule; it was taken back. `refusal` says which and where."""

    def __init__(self, refusal: Refusal, report_text: str) -> None:
        super().__init__("the write was refused: the documents it changed would break the rules", report_text)
        self.refusal = refusal


def gated_write(store: OxigraphStore, write: Callable[[], None], *, base_iri: str) -> None:
    """Run `write` (one update transaction) on `store`; keep it only if the documents it changed pass the gate."""
    before = snapshot(store)
    findings_before = {finding.text() for finding in check_store(store)}
    write()
    after = snapshot(store)
    changed = sorted((key for key in before.keys() | after.keys() if before.get(key) != after.get(key)), key=str)
    refusal = _check(store, after, changed, findings_before, base_iri)
    if refusal is not None:
        restore(store, before, changed)
        texts = [refusal.text()]
        texts.extend(f"<{graph}>:\n{violation_report}" for graph, violation_report in _reports(refusal))
        raise WriteRefused(refusal, "\n".join(texts))


def snapshot(store: OxigraphStore) -> Snapshot:
    """Every graph of the dataset and its quads (the service's own graphs left out)."""
    graphs: dict[GraphKey, set[ox.Quad]] = {}
    for quad in store.quads():
        if isinstance(quad.graph_name, ox.NamedNode) and is_own_graph(quad.graph_name.value):
            continue
        graphs.setdefault(quad.graph_name, set()).add(quad)
    return {key: frozenset(quads) for key, quads in graphs.items()}


def restore(store: OxigraphStore, before: Snapshot, changed: list[GraphKey]) -> None:
    """Put the changed graphs back as they were, and the union with them, in one update transaction.

    Blank nodes come back as fresh nodes with the same structure (SPARQL's INSERT DATA mints them)."""
    operations = [f"DROP SILENT {_graph_ref(key)}" for key in changed]
    quads = [quad for key in changed for quad in before.get(key, frozenset())]
    if quads:
        operations.append("INSERT DATA {\n" + _quad_data(quads) + "}")
    operations.append(UNION_REFRESH)
    store.apply_raw_update(" ;\n".join(operations))


def _check(store: OxigraphStore, after: Snapshot, changed: list[GraphKey], findings_before: set[str],
           base_iri: str) -> Refusal | None:
    ontology = ox.NamedNode(ONTOLOGY_IRI)
    documents = [key for key in changed if isinstance(key, ox.NamedNode) and key != ontology
                 and key.value.startswith(base_iri)]
    violations: list[tuple[str, Violation]] = []
    for key in documents:
        quads = after.get(key, frozenset())
        if quads:  # a document graph emptied or dropped breaks no shape; the cross-document rules still run
            found = report(_rdflib_graph(quads), ontology=ontology_graph())
            violations.extend((key.value, violation) for violation in found.violations)
    findings = [f for f in check_store(store) if f.text() not in findings_before] if documents else []
    refusal = Refusal(tuple(violations), tuple(findings), ontology in changed)
    return refusal if refusal.violations or refusal.findings or refusal.ontology_changed else None


def _reports(refusal: Refusal) -> list[tuple[str, str]]:
    """The readable report `load` prints, per document graph that broke a shape."""
    per_graph: dict[str, list[Violation]] = {}
    for graph, violation in refusal.violations:
        per_graph.setdefault(graph, []).append(violation)
    return [(graph, ValidationReport(False, tuple(found)).text()) for graph, found in per_graph.items()]


def _rdflib_graph(quads: frozenset[ox.Quad]) -> Graph:
    text = ox.serialize([quad.triple for quad in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=text.decode("utf-8"), format="nt")


def _graph_ref(key: GraphKey) -> str:
    return "DEFAULT" if isinstance(key, ox.DefaultGraph) else f"GRAPH {key}"


def _quad_data(quads: list[ox.Quad]) -> str:
    """Quads as QuadData: default-graph triples bare, the others in `GRAPH <g> { … }` blocks."""
    by_graph: dict[GraphKey, list[ox.Triple]] = {}
    for quad in quads:
        by_graph.setdefault(quad.graph_name, []).append(quad.triple)
    parts = []
    for key, triples in by_graph.items():
        text = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        parts.append(text if isinstance(key, ox.DefaultGraph) else f"GRAPH {key} {{\n{text}}}\n")
    return "".join(parts)
