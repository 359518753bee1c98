"""The one SPARQL lexer (`graph/sparql_lexer.py`) and the callers that skip strings, IRIs and comments with it."""

from __future__ import annotations

import pytest

from api.query_complexity import DEFAULT_LIMITS, check_complexity
from api.using_clauses import where_positions
from graph.remote_store import declares_dataset, query_form, without_dataset_clauses
from graph.sparql_lexer import tokens, words
from graph.union import visits_graphs


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokens(text) if t.kind != "space"]


@pytest.mark.parametrize(("text", "expected"), [
    ('"a # not a comment"', [("string", '"a # not a comment"')]),
    ("'it''s'", [("string", "'it'"), ("string", "'s'")]),
    ('"say \\"GRAPH\\""', [("string", '"say \\"GRAPH\\""')]),
    ('"""a "quoted" \n GRAPH"""', [("string", '"""a "quoted" \n GRAPH"""')]),
    ('"""ends in an escaped quote\\""""', [("string", '"""ends in an escaped quote\\""""')]),
    ("'''it's'''", [("string", "'''it's'''")]),
    ('"""a""b"""', [("string", '"""a""b"""')]),
    ("<http://ex/a#b>", [("iri", "<http://ex/a#b>")]),
    ("# SERVICE <x>\rLOAD", [("comment", "# SERVICE <x>"), ("name", "LOAD")]),  # \r ends a line too
    ("# one\nGRAPH", [("comment", "# one"), ("name", "GRAPH")]),
    ('"no\nnewline"', [("other", '"'), ("name", "no"), ("name", "newline"), ("other", '"')]),
    ("?x ex:y _:b :z 'v'@en-GB", [("name", "?x"), ("name", "ex:y"), ("name", "_:b"), ("name", ":z"),
                                  ("string", "'v'"), ("language", "@en-GB")]),
    ("{ ( [ ] ) }", [("open", "{"), ("open", "("), ("open", "["), ("close", "]"), ("close", ")"), ("close", "}")]),
    ("?a <= 1.5e3 && !?b", [("name", "?a"), ("operator", "<="), ("number", "1.5e3"), ("operator", "&&"),
                            ("operator", "!"), ("name", "?b")]),
])
def test_tokens(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_the_tokens_join_up_to_the_text() -> None:
    text = 'PREFIX ex: <http://ex/#> # note\r\nSELECT ?s { ?s ex:p """x\\"""" , \'y\'@ja } LIMIT 10'
    assert "".join(t.text for t in tokens(text)) == text
    assert all(text[t.start:t.end] == t.text for t in tokens(text))


def test_words_are_the_bare_keywords_upper_cased() -> None:
    text = "select ?where { ?s ex:graph <urn:from> ; _:from 'GRAPH' } # FROM\nlimit 1"
    assert list(words(text)) == ["SELECT", "LIMIT"]


# Texts the earlier copies read differently: each caller now skips the same strings and comments.
LONG_STRING_WITH_ESCAPED_QUOTE = 'SELECT * WHERE { ?s ?p """a\\""" GRAPH <g> FROM <h> SERVICE <s> """ }'
LONG_STRING_WITH_APOSTROPHE = "SELECT * WHERE { ?s ?p '''it's FROM <g>''' }"


def test_a_long_string_hides_keywords_from_every_caller() -> None:
    assert not visits_graphs(LONG_STRING_WITH_ESCAPED_QUOTE)
    assert not declares_dataset(LONG_STRING_WITH_ESCAPED_QUOTE)
    assert check_complexity(LONG_STRING_WITH_ESCAPED_QUOTE, DEFAULT_LIMITS) == frozenset()
    assert not declares_dataset(LONG_STRING_WITH_APOSTROPHE)
    assert without_dataset_clauses(LONG_STRING_WITH_APOSTROPHE) == LONG_STRING_WITH_APOSTROPHE


def test_a_carriage_return_ends_a_comment_for_every_caller() -> None:
    assert query_form("# a query\rSELECT * {}") == "SELECT"
    assert check_complexity("ASK {} # c\rSERVICE", DEFAULT_LIMITS) == {"SERVICE"}
    update = "INSERT { <a:b> <a:c> <a:d> } # note\rWHERE {}"
    assert where_positions(update) == [update.index("WHERE")]


def test_the_query_form_is_a_keyword_not_a_prefix() -> None:
    assert query_form("PREFIX ask: <http://ex/> SELECT ?s { ?s ask:p ?o }") == "SELECT"
