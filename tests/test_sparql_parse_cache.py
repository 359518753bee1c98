"""The caching SPARQL processor answers as rdflib's own, parses each text once, and keeps syntax errors."""

from __future__ import annotations

import pytest
from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef

from graph import sparql_parse_cache

EX = "http://example.org/"
TEXT = "SELECT ?name WHERE { $this <http://example.org/name> ?name }"


@pytest.fixture
def people() -> Graph:
    sparql_parse_cache.install()
    graph = Graph()
    graph.add((URIRef(EX + "a"), URIRef(EX + "name"), Literal("Ann")))
    graph.add((URIRef(EX + "b"), URIRef(EX + "name"), Literal("Bob")))
    return graph


def test_one_text_answers_for_each_binding(people: Graph) -> None:
    answers = [
        [str(row[0]) for row in people.query(TEXT, initBindings={"this": URIRef(EX + who)})]
        for who in ("a", "b", "a")
    ]
    assert answers == [["Ann"], ["Bob"], ["Ann"]]


def test_a_text_is_parsed_once(people: Graph) -> None:
    sparql_parse_cache._translated.cache_clear()
    for who in ("a", "b", "a", "b"):
        people.query(TEXT, initBindings={"this": URIRef(EX + who)})
    info = sparql_parse_cache._translated.cache_info()
    assert (info.misses, info.hits) == (1, 3)


def test_namespaces_given_by_the_caller_still_apply(people: Graph) -> None:
    rows = people.query("SELECT ?n WHERE { ?s ex:name ?n } ORDER BY ?n", initNs={"ex": EX})
    assert [str(row[0]) for row in rows] == ["Ann", "Bob"]


def test_a_syntax_error_is_raised_every_time(people: Graph) -> None:
    for _ in range(2):
        with pytest.raises(ParseException):
            people.query("SELECT WHERE {")
