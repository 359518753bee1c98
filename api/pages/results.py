"""A query's answer, as the query page shows it: a table whose IRIs are links. Pure, table-tested.

    table(body, content_type, base_iri)   SPARQL Results JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE)
                                          → Table(columns, rows of Cells) or Table(boolean=…)

An IRI this server dereferences (`/id/…`, `/ontology#…`) links here, any other IRI links to itself; it is shown
by its short form (`ckg:Company`, `id:organization/日本航空`) with the full IRI as tooltip.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.namespaces import curie

from ..lookups.paths import base_of, local_path


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    note: str = ""
    title: str = ""


@dataclass(frozen=True)
class Table:
    kind: str  # "select", "ask" or "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell | None]] = field(default_factory=list)
    boolean: bool | None = None


def iri_cell(iri: str, base_iri: str) -> Cell:
    base = base_of(base_iri)
    short = "id:" + iri[len(base):] if iri.startswith(base) and len(iri) > len(base) else curie(iri)
    return Cell(short, local_path(base_iri, iri) or iri, title=iri)


def _json_cell(value: dict[str, str], base_iri: str) -> Cell:
    kind = value.get("type")
    if kind == "uri":
        return iri_cell(value["value"], base_iri)
    if kind == "bnode":
        return Cell("_:" + value["value"])
    note = ("@" + value["xml:lang"]) if "xml:lang" in value else (
        curie(value["datatype"]) if "datatype" in value and not value["datatype"].endswith("#string") else "")
    return Cell(value.get("value", ""), note=note)


def _term_cell(term: object, base_iri: str) -> Cell:
    if isinstance(term, ox.NamedNode):
        return iri_cell(term.value, base_iri)
    if isinstance(term, ox.BlankNode):
        return Cell("_:" + term.value)
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else (
            "" if term.datatype.value.endswith("#string") else curie(term.datatype.value))
        return Cell(term.value, note=note)
    return Cell(str(term))


def table(body: bytes, content_type: str, base_iri: str) -> Table:
    media_type = content_type.split(";")[0].strip()
    if media_type in ("application/sparql-results+json", "application/json"):
        answer = json.loads(body)
        if "boolean" in answer:
            return Table("ask", boolean=bool(answer["boolean"]))
        columns = list(answer["head"].get("vars", []))
        rows = [[_json_cell(b[c], base_iri) if c in b else None for c in columns]
                for b in answer["results"]["bindings"]]
        return Table("select", columns, rows)
    triples = [quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    rows = [[_term_cell(t.subject, base_iri), _term_cell(t.predicate, base_iri), _term_cell(t.object, base_iri)]
            for t in triples]
    return Table("graph", ["subject", "predicate", "object"], rows)
