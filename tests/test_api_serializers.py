"""Every (kind, media type) pair writes bytes that read back as the same answer."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from api.serializers import (
    GRAPH_TYPES,
    RESULT_TYPES,
    TooManyRows,
    render_boolean,
    render_query_solutions,
    render_solutions,
    render_triples,
)

A = ox.NamedNode("https://w3id.org/cislunar-kg/id/organization/ispace")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ROWS: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]] = [
    {"s": A, "o": ox.Literal("株式会社ispace", language="ja")},
    {"s": A, "o": ox.Literal("tab\tnew line\n\"quote\"")},
    {"s": ox.BlankNode("b1"), "o": ox.Literal("2025-12-03", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date"))},
    {"s": A},  # ?o unbound
]
READABLE = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}


@pytest.mark.parametrize("media_type", READABLE)
def test_solutions_read_back_unchanged(media_type: str) -> None:
    rendered = render_solutions(["s", "o"], ROWS, media_type)
    assert rendered.content_type.startswith(RESULT_TYPES[media_type].content_type.split(";")[0])
    answer = ox.parse_query_results(rendered.body, READABLE[media_type])
    assert isinstance(answer, ox.QuerySolutions)
    assert [v.value for v in answer.variables] == ["s", "o"]
    got = [{n: s[n] for n in ("s", "o") if s[n] is not None} for s in answer]
    assert got == ROWS


def test_csv_holds_plain_values() -> None:
    rendered = render_solutions(["s", "o"], ROWS, "text/csv")
    assert rendered.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(rendered.body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "o"]
    assert rows[1] == [A.value, "株式会社ispace"]
    assert rows[2][1] == "tab\tnew line\n\"quote\""
    assert rows[4] == [A.value, ""]


def test_no_variables_and_no_rows() -> None:
    empty = json.loads(render_solutions([], [], "application/sparql-results+json").body)
    assert empty == {"head": {"vars": []}, "results": {"bindings": []}}
    one_empty_row = json.loads(render_solutions([], [{}], "application/sparql-results+json").body)
    assert one_empty_row["results"]["bindings"] == [{}]


def test_triple_terms_survive() -> None:
    term = ox.Triple(A, LABEL, ox.Literal("x"))
    body = render_solutions(["t"], [{"t": term}], "application/sparql-results+json").body
    assert json.loads(body)["results"]["bindings"][0]["t"]["type"] == "triple"


@pytest.mark.parametrize("media_type", RESULT_TYPES)
@pytest.mark.parametrize("value", [True, False])
def test_booleans(media_type: str, value: bool) -> None:
    rendered = render_boolean(value, media_type)
    if media_type in READABLE:
        assert bool(ox.parse_query_results(rendered.body, READABLE[media_type])) is value
    else:
        assert rendered.body.decode().strip() == str(value).lower()


RDFLIB_NAMES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                "application/rdf+xml": "xml", "application/xml": "xml"}


@pytest.mark.parametrize("media_type", GRAPH_TYPES)
def test_triples_read_back_with_rdflib(media_type: str) -> None:
    triples = [ox.Triple(A, LABEL, ox.Literal("株式会社ispace", language="ja")),
               ox.Triple(A, LABEL, ox.Literal("ispace"))]
    rendered = render_triples(triples, media_type, {"id": "https://w3id.org/cislunar-kg/id/",
                                                    "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    graph = Graph().parse(data=rendered.body, format=RDFLIB_NAMES[media_type])
    assert set(graph) == {
        (URIRef(A.value), URIRef(LABEL.value), Literal("株式会社ispace", lang="ja")),
        (URIRef(A.value), URIRef(LABEL.value), Literal("ispace")),
    }


def test_turtle_uses_the_prefixes() -> None:
    body = render_triples([ox.Triple(A, LABEL, ox.Literal("x"))], "text/turtle",
                          {"id": "https://w3id.org/cislunar-kg/id/"}).body.decode()
    assert "@prefix id: <https://w3id.org/cislunar-kg/id/>" in body


def store_answer(rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]) -> ox.QuerySolutions:
    """ROWS as a store answers them: the same terms, from a query over an in-memory store."""
    store = ox.Store()
    values = " ".join("(" + " ".join(str(row[v]) if v in row else "UNDEF" for v in ("s", "o")) + ")" for row in rows)
    answer = store.query(f"SELECT ?s ?o WHERE {{ VALUES (?s ?o) {{ {values} }} }}")
    assert isinstance(answer, ox.QuerySolutions)
    return answer


@pytest.mark.parametrize("media_type", [*READABLE, "text/csv"])
def test_store_answers_are_written_as_render_solutions_writes_the_same_rows(media_type: str) -> None:
    rows = [row for row in ROWS if not isinstance(row["s"], ox.BlankNode)]  # VALUES cannot hold a blank node
    rows.append({"s": A, "o": ox.Literal("改行\r\nと\\バックスラッシュ")})
    direct = render_query_solutions(store_answer(rows), media_type, max_rows=10)
    assert direct == render_solutions(["s", "o"], rows, media_type)


def test_store_answers_past_the_cap_are_refused_at_the_cap() -> None:
    rows = [{"s": A, "o": ox.Literal(f"line {i}\nbreak")} for i in range(5)]
    assert render_query_solutions(store_answer(rows), "application/sparql-results+json", max_rows=5).body
    with pytest.raises(TooManyRows):
        render_query_solutions(store_answer(rows), "application/sparql-results+json", max_rows=4)
    empty = render_query_solutions(store_answer([]), "application/sparql-results+json", max_rows=0)
    assert json.loads(empty.body) == {"head": {"vars": ["s", "o"]}, "results": {"bindings": []}}
