"""Texts too deep, too long or with too many operators are refused by one linear scan, before any parser runs."""

from __future__ import annotations

import time

import pytest

from api.errors import ApiError
from api.query_complexity import QueryLimits, check_complexity

SMALL = QueryLimits(max_depth=3, max_tokens=20, max_operators=2)


@pytest.mark.parametrize(("text", "setting"), [
    ("SELECT * { { { ?s ?p ?o } } }", None),  # depth 3: the outer braces count too
    ("SELECT * { { { { ?s ?p ?o } } } }", "CKG_QUERY_MAX_DEPTH"),
    ("ASK { FILTER((1)) }", None),
    ("ASK { FILTER(((1))) }", "CKG_QUERY_MAX_DEPTH"),
    ("ASK { [ ?p [ ?q [ ?r 1 ] ] ] }", "CKG_QUERY_MAX_DEPTH"),
    ("ASK { ?s ?p ?o FILTER(1 + 1) }", None),
    ("ASK { FILTER(1 + 1 + 1 + 1) }", "CKG_QUERY_MAX_OPERATORS"),
    ("ASK { FILTER(1-1-1-1) }", "CKG_QUERY_MAX_OPERATORS"),  # no spaces: still three operators
    ("ASK { FILTER(?a&&?b||?c=?d) }", "CKG_QUERY_MAX_OPERATORS"),
    ("VALUES ?x { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 }", "CKG_QUERY_MAX_TOKENS"),
    # What strings, IRIs and comments hold is not counted.
    ('ASK { ?s ?p "((((+ + + + ))))" }', None),
    ("ASK { ?s ?p '''{{{{\n- - - -'''  }", None),
    ("ASK { <http://x/a-b+c*d(e)> ?p ?o }", None),
    ("ASK { ?s ?p ?o } # (((( + + + + ))))", None),
    ("PREFIX a-b: <urn:x> ASK { a-b:c-d-e-f ?p ?o }", None),  # dashes inside prefixed names
    ('ASK { ?s ?p "\\"" FILTER(1 + 1 + 1 + 1) }', "CKG_QUERY_MAX_OPERATORS"),  # an escaped quote ends no string
])
def test_limits(text: str, setting: str | None) -> None:
    if setting is None:
        check_complexity(text, SMALL)
        return
    with pytest.raises(ApiError) as caught:
        check_complexity(text, SMALL)
    assert caught.value.status == 400
    assert setting in caught.value.detail


def expression(terms: int) -> str:
    return "SELECT (" + " + ".join(["1"] * terms) + " AS ?x) {}"


PATHOLOGICAL = {
    "a 10,000-term sum (60 KB)": expression(10_000),
    "10,000 nested groups": "SELECT * " + "{" * 10_000 + "}" * 10_000,
    "10,000 nested function calls": "SELECT (" + "STR(" * 10_000 + "1" + ")" * 10_000 + " AS ?x) {}",
    "a VALUES of 100,000 numbers": "SELECT * { VALUES ?x { " + " ".join(map(str, range(100_000))) + " } }",
    "a megabyte of unterminated strings": "ASK { " + '"""' + "a" * 1_000_000,
    "a megabyte of quotes": "ASK { " + "\"'" * 500_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_texts_are_refused_at_once(name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    try:
        check_complexity(text, QueryLimits())
    except ApiError as error:
        assert error.status == 400 and error.title == "Query too complex"
    else:
        assert name == "a megabyte of unterminated strings"  # one token-poor text: rdflib refuses it at once
    assert time.perf_counter() - started < 1.0


def test_the_named_queries_fit_well_within_the_defaults() -> None:
    from api.queries import named_queries

    tight = QueryLimits(max_depth=12, max_tokens=1_000, max_operators=100)
    for query in named_queries().values():
        check_complexity(query, tight)


@pytest.mark.parametrize(("text", "keywords"), [
    ("SELECT * { SERVICE <urn:x> { ?s ?p ?o } }", {"SERVICE"}),
    ("select * { service silent ?x { } }", {"SERVICE"}),
    ("LOAD <urn:x> ; CLEAR ALL", {"LOAD"}),
    ('SELECT * { ?s ?p "SERVICE" }', set()),  # in a string
    ("SELECT * { ?s ?p ?o } # SERVICE <urn:x> {}", set()),  # in a comment
    ("SELECT * { ?service ex:SERVICE <urn:LOAD> }", set()),  # a variable, a prefixed name, an IRI
    ("SELECT * { ?s ?p '''\nLOAD\n''' }", set()),
    ('SELECT * { ?s ?p "x"@load, "y"@en-service }', set()),  # language tags
])
def test_forbidden_keywords_are_found_only_as_keywords(text: str, keywords: set[str]) -> None:
    assert check_complexity(text, QueryLimits()) == keywords
