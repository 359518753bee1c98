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
    Rendered,
    TooManyRows,
    render_boolean,
    render_query_solutions,
    render_triples,
)

Row = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
A = ox.NamedNode("https://w3id.org/cislunar-kg/id/organization/ispace")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ROWS: list[Row] = [
    {"s": A, "o": ox.Literal("株式会社ispace", language="ja")},
    {"s": A, "o": ox.Literal("tab\tnew line\n\"quote\"")},
    {"s": ox.BlankNode("b1"), "o": ox.Literal("2025-12-03", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#date"))},
    {"s": A},  # ?o unbound
    {"s": A, "o": ox.Literal("改行\r\nと\\バックスラッシュ")},
]
JSON = "application/sparql-results+json"
READABLE = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
POSITION = ox.NamedNode("urn:test:position")


def store_answer(variables: list[str], rows: list[Row]) -> ox.QuerySolutions:
    """`rows` as a store answers them: each row a resource holding its position and its bindings in an in-memory
    store, read back by a SELECT in that order (a name absent from a row comes back unbound)."""
    store = ox.Store()
    for position, row in enumerate(rows):
        resource = ox.BlankNode()
        store.add(ox.Quad(resource, POSITION, ox.Literal(str(position), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))))
        for name, term in row.items():
            store.add(ox.Quad(resource, ox.NamedNode("urn:test:variable:" + name), term))
    optionals = " ".join(f"OPTIONAL {{ ?row <urn:test:variable:{v}> ?{v} }}" for v in variables)
    answer = store.query(f"SELECT {' '.join('?' + v for v in variables)} "
                         f"WHERE {{ ?row <{POSITION.value}> ?position {optionals} }} ORDER BY ?position")
    assert isinstance(answer, ox.QuerySolutions)
    return answer


def rendered_rows(variables: list[str], rows: list[Row], media_type: str, max_rows: int = 100) -> Rendered:
    return render_query_solutions(store_answer(variables, rows), media_type, max_rows=max_rows)


@pytest.mark.parametrize("media_type", READABLE)
def test_solutions_read_back_unchanged(media_type: str) -> None:
    rendered = rendered_rows(["s", "o"], ROWS, media_type)
    assert rendered.content_type.startswith(RESULT_TYPES[media_type].content_type.split(";")[0])
    answer = ox.parse_query_results(rendered.body, READABLE[media_type])
    assert isinstance(answer, ox.QuerySolutions)
    assert [v.value for v in answer.variables] == ["s", "o"]
    got = [{n: s[n] for n in ("s", "o") if s[n] is not None} for s in answer]
    assert got == ROWS


def test_csv_holds_plain_values() -> None:
    rendered = rendered_rows(["s", "o"], ROWS, "text/csv")
    assert rendered.content_type == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(rendered.body.decode("utf-8"), newline="")))
    assert rows[0] == ["s", "o"]
    assert rows[1] == [A.value, "株式会社ispace"]
    assert rows[2][1] == "tab\tnew line\n\"quote\""
    assert rows[4] == [A.value, ""]
    assert rows[5] == [A.value, "改行\r\nと\\バックスラッシュ"]


def test_no_variables_and_no_rows() -> None:
    def answer(query: str) -> ox.QuerySolutions:
        solutions = ox.Store().query(query)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    no_rows = render_query_solutions(answer("SELECT * WHERE { FILTER(false) }"), JSON, max_rows=10)
    assert json.loads(no_rows.body) == {"head": {"vars": []}, "results": {"bindings": []}}
    one_empty_row = json.loads(render_query_solutions(answer("SELECT * WHERE {}"), JSON, max_rows=10).body)
    assert one_empty_row["results"]["bindings"] == [{}]


def test_triple_terms_survive() -> None:
    term = ox.Triple(A, LABEL, ox.Literal("x"))
    body = rendered_rows(["t"], [{"t": term}], JSON).body
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


def test_store_answers_past_the_cap_are_refused_at_the_cap() -> None:
    rows: list[Row] = [{"s": A, "o": ox.Literal(f"line {i}\nbreak")} for i in range(5)]
    assert rendered_rows(["s", "o"], rows, JSON, max_rows=5).body
    with pytest.raises(TooManyRows):
        rendered_rows(["s", "o"], rows, JSON, max_rows=4)
    empty = rendered_rows(["s", "o"], [], JSON, max_rows=0)
    assert json.loads(empty.body) == {"head": {"vars": ["s", "o"]}, "results": {"bindings": []}}
