"""using-graph-uri becomes USING clauses in exactly the right places, and nowhere a string or comment hides."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

from api.using_clauses import add_using_clauses, where_positions

U, N = "http://example.org/u", "http://example.org/n"


@pytest.mark.parametrize(("update", "count"), [
    ("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", 1),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", 1),
    ("delete{?s ?p ?o}where{?s ?p ?o}", 1),
    ("DELETE WHERE { ?s ?p ?o }", 0),
    ("INSERT DATA { <http://a> <http://b> 'WHERE' }", 0),
    ("CLEAR ALL ; DROP SILENT GRAPH <http://g/> ; CREATE GRAPH <http://h/>", 0),
    ("INSERT { ?s ?p 1 } WHERE { { SELECT ?s ?p WHERE { ?s ?p ?o } } FILTER(?o < 3 && ?o > 1) }", 1),
    ('INSERT { ?s ?p "} WHERE {" } WHERE { ?s ?p ?o }', 1),
    ("INSERT { ?s ?p '''\n}\nWHERE\n''' } WHERE { ?s ?p ?o }", 1),
    ("# INSERT { } WHERE { }\nINSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", 1),
    ("PREFIX where: <http://w/> INSERT { ?s where:x 1 } WHERE { ?where ?p ?o }", 1),
    ("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c } ; DELETE { ?s ?p 1 } WHERE { ?s ?p 1 }", 2),
])
def test_places_match_rdflibs_count_of_modify_operations(update: str, count: int) -> None:
    assert len(where_positions(update)) == count
    modify = [op for op in translateUpdate(parseUpdate(update)).algebra if op.name == "Modify"]
    assert len(modify) == count


def test_clauses_are_inserted_before_each_where() -> None:
    update = "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p 2 } ; DELETE { ?s ?p 1 } WHERE {}"
    rewritten = add_using_clauses(update, [U], [N])
    assert rewritten == (
        f"INSERT {{ ?s ?p 1 }} USING <{U}> USING NAMED <{N}> WHERE {{ ?s ?p ?o }} ; DELETE WHERE {{ ?s ?p 2 }} ; "
        f"DELETE {{ ?s ?p 1 }} USING <{U}> USING NAMED <{N}> WHERE {{}}"
    )
    operations = translateUpdate(parseUpdate(rewritten)).algebra
    using = [dict.get(c, "default") or dict.get(c, "named") for c in operations[0]["using"]]
    assert [str(iri) for iri in using] == [U, N]


def test_nothing_to_add_leaves_the_text_alone() -> None:
    assert add_using_clauses("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", [], []) == (
        "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }")


def test_an_invalid_iri_cannot_be_written_in() -> None:
    with pytest.raises(ValueError):
        add_using_clauses("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", ["http://x/> } ; DROP ALL ; #"], [])
