"""The guard refuses SERVICE and LOAD wherever they hide, and reports the dataset an operation reads."""

from __future__ import annotations

import pytest

from api.errors import ApiError
from api.query_guard import CheckedQuery, check_graphs, check_query, check_update, refuse_keywords

BASE = "https://w3id.org/cislunar-kg/id/"

SERVICE_QUERIES = [
    "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * { service silent <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
    "SELECT * { ?s ?p ?o FILTER NOT EXISTS { { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "SELECT * { { SELECT ?s { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "SELECT * { OPTIONAL { ?s ?p ?o MINUS { SERVICE <http://x/> { ?s ?p ?o } } } }",
    "ASK { GRAPH ?g { SERVICE <http://x/> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { { ?s ?p ?o } UNION { SERVICE <http://x/> { ?s ?p ?o } } }",
    "PREFIX remote: <http://x/> SELECT * { SERVICE remote:sparql { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_service_is_refused_wherever_it_hides(query: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_query(query, BASE)
    assert caught.value.status == 400
    assert "SERVICE is not allowed" in caught.value.detail


SERVICE_AND_LOAD_UPDATES = [
    ("LOAD <http://127.0.0.1:9/data>", "LOAD"),
    ("LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g/>", "LOAD"),
    ("INSERT DATA { <http://a> <http://b> <http://c> } ; LOAD <http://x/>", "LOAD"),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
    ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }", "SERVICE"),
    ("WITH <http://g/> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { SERVICE ?x { ?s ?p ?o } }", "SERVICE"),
]


@pytest.mark.parametrize(("update", "word"), SERVICE_AND_LOAD_UPDATES)
def test_load_and_service_are_refused_in_updates(update: str, word: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_update(update, BASE)
    assert caught.value.status == 400
    assert f"{word} is not allowed" in caught.value.detail


@pytest.mark.parametrize(("query", "form", "defaults", "named"), [
    ("SELECT * { ?s ?p ?o }", "SELECT", (), ()),
    ("ASK {}", "ASK", (), ()),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", (), ()),
    ("DESCRIBE <http://example.org/>", "DESCRIBE", (), ()),
    ("SELECT * FROM <http://g/1> FROM <http://g/2> { ?s ?p ?o }", "SELECT", ("http://g/1", "http://g/2"), ()),
    ("PREFIX d: <http://d/> ASK FROM NAMED d:x { GRAPH ?g {} }", "ASK", (), ("http://d/x",)),
    ("ASK FROM <document/1> {}", "ASK", (BASE + "document/1",), ()),  # relative IRIs resolve against the base
])
def test_form_and_dataset(query: str, form: str, defaults: tuple[str, ...], named: tuple[str, ...]) -> None:
    assert check_query(query, BASE) == CheckedQuery(form, defaults, named)  # type: ignore[arg-type]


@pytest.mark.parametrize(("query", "status", "words"), [
    ("ASK {", 400, "Syntax error at line 1, column 6"),
    ("SELECT * WHERE {\n  ?s ?p\n}", 400, "line 2, column 3"),
    ("ASK { undeclared:x ?p ?o }", 400, "could not be checked"),
    # SPARQL 1.2 triple terms: Oxigraph reads them, rdflib's parser cannot, so the guard cannot check them.
    ("SELECT * { BIND(<<( <http://a> <http://b> <http://c> )>> AS ?t) }", 400, "Syntax error"),
])
def test_what_cannot_be_checked_is_not_run(query: str, status: int, words: str) -> None:
    with pytest.raises(ApiError) as caught:
        check_query(query, BASE)
    assert caught.value.status == status
    assert words in caught.value.detail


def test_update_reports_modify_operations_and_dataset_clauses() -> None:
    plain = check_update("INSERT DATA { <http://a> <http://b> 1 } ; DELETE WHERE { ?s ?p ?o } ;"
                         "INSERT { ?s ?p 2 } WHERE { ?s ?p 1 }", BASE)
    assert (plain.modify_count, plain.using_graphs, plain.has_dataset_clause) == (1, (), False)
    using = check_update("DELETE { ?s ?p ?o } USING <http://u/> USING NAMED <http://n/> WHERE { ?s ?p ?o }", BASE)
    assert (using.using_graphs, using.has_dataset_clause) == (("http://u/", "http://n/"), True)
    with_clause = check_update("WITH <http://w/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", BASE)
    assert (with_clause.using_graphs, with_clause.has_dataset_clause) == ((), True)
    assert check_update("", BASE).modify_count == 0


def test_update_syntax_error() -> None:
    with pytest.raises(ApiError, match="Syntax error"):
        check_update("CLEAR XYZ", BASE)


def test_check_graphs_names_the_unknown_ones() -> None:
    check_graphs(["http://g/1"], {"http://g/1", "http://g/2"})
    check_graphs([], set())
    with pytest.raises(ApiError) as caught:
        check_graphs(["http://g/1", "http://127.0.0.1:9/x", "file:///etc/passwd"], {"http://g/1"})
    assert caught.value.status == 400
    assert "<http://127.0.0.1:9/x>, <file:///etc/passwd>" in caught.value.detail


@pytest.mark.parametrize("text", [
    r"SELECT * { ?s ?p '\u0041' }",
    r"\u0053ELECT * {}",
    r"SELECT * { ?s ?p '\U0041' }",  # not an escape by the grammar, but rdflib would expand it
    r'SELECT * { BIND("\u005C" AS ?a) SERVICE <http://x/> { ?s ?p ?o } BIND(" AS ?z) BIND(\u0022" AS ?b) }',
])
def test_only_canonical_text_is_checked(text: str) -> None:
    """rdflib expands escapes before it parses, the engine does not: the guard checks only text without them."""
    for check in (check_query, check_update):
        with pytest.raises(ApiError) as caught:
            check(text, BASE)
        assert caught.value.status == 400 and "escapes" in caught.value.detail


@pytest.mark.parametrize(("keywords", "word"), [({"SERVICE"}, "SERVICE"), ({"LOAD"}, "LOAD"),
                                                ({"SERVICE", "LOAD"}, "LOAD")])
def test_keywords_found_by_the_scan_are_refused_without_a_parse(keywords: set[str], word: str) -> None:
    with pytest.raises(ApiError) as caught:
        refuse_keywords(keywords)
    assert caught.value.status == 400 and f"{word} is not allowed" in caught.value.detail
    refuse_keywords(set())
