"""On a remote store the default graph is the set union of the documents, as on the embedded store: a fact
stated by several releases is answered once, joins over shared facts do not multiply, and replacing a document
takes back only what no other document states. Against a throw-away Virtuoso of this module's own.

Chain: the three releases → prepared graphs → Virtuoso (through `SparqlStore`) and the embedded store → queries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from api.queries import named_queries
from graph.pipeline import PreparedDocument, write
from graph.remote_store import (
    UNION_GRAPH,
    SparqlStore,
    declares_dataset,
    visits_graphs,
    without_dataset_clauses,
)
from graph.store import OxigraphStore, Solutions

from .conftest import LANDER_2018
from .test_remote_store import _term
from .validated_documents import validated
from .virtuoso import running_virtuoso

ID = "https://w3id.org/cislunar-kg/id/"


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory, family_documents: list[PreparedDocument]) -> Iterator[SparqlStore]:
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-union")) as server:
        store = SparqlStore(server.sparql_url, graph_prefixes=("https://w3id.org/cislunar-kg/",))
        write(store, family_documents)
        yield store
        store.close()


@pytest.fixture(scope="module")
def embedded(family_documents: list[PreparedDocument]) -> OxigraphStore:
    store = OxigraphStore()
    write(store, family_documents)
    return store


# `GROUP_CONCAT(…; separator="S") AS ?v`: SPARQL leaves the order of the joined values to the store.
_GROUP_CONCAT = re.compile(r'GROUP_CONCAT\([^;)]*;\s*separator\s*=\s*"(?P<sep>[^"]*)"\s*\)\s+AS\s+\?(?P<var>\w+)', re.I)


def rows_counted(answer: object, query: str = "") -> Counter[tuple[tuple[str, str], ...]]:
    """Rows as a multiset: a duplicated row counts twice (unlike the set comparison of the other tests).

    A value the query joins with GROUP_CONCAT is compared with its parts sorted, since their order is the store's.
    """
    assert isinstance(answer, Solutions)
    joined = {m["var"]: m["sep"] for m in _GROUP_CONCAT.finditer(query)}

    def cell(name: str, value: object) -> str:
        separator = joined.get(name)
        if separator and isinstance(value, ox.Literal):
            return separator.join(sorted(value.value.split(separator)))
        return _term(value)

    return Counter(tuple(sorted((k, cell(k, v)) for k, v in row.items() if str(v) != '""')) for row in answer.rows)


def test_values_joined_by_group_concat_are_compared_in_any_order() -> None:
    query = 'SELECT ?m (GROUP_CONCAT(DISTINCT ?n; separator=", ") AS ?names) WHERE { ?m ?p ?n } GROUP BY ?m'
    one = Solutions(variables=["m", "names"], rows=[{"m": ox.Literal("x"), "names": ox.Literal("a, b")}])
    other = Solutions(variables=["m", "names"], rows=[{"m": ox.Literal("x"), "names": ox.Literal("b, a")}])
    third = Solutions(variables=["m", "names"], rows=[{"m": ox.Literal("x"), "names": ox.Literal("b, c")}])
    assert rows_counted(one, query) == rows_counted(other, query)
    assert rows_counted(one, query) != rows_counted(third, query)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_answer_row_for_row_as_the_embedded_store(
    name: str, remote: SparqlStore, embedded: OxigraphStore
) -> None:
    text = named_queries()[name]
    assert rows_counted(remote.query(text), text) == rows_counted(embedded.query(text), text)


def test_a_fact_stated_by_every_release_is_answered_once(remote: SparqlStore) -> None:
    answer = remote.query(f"SELECT ?short WHERE {{ <{ID}organization/ispace> "
                          "<http://www.w3.org/2004/02/skos/core#altLabel> ?short }")
    assert isinstance(answer, Solutions) and [r["short"].value for r in answer.rows] == ["ispace"]


def test_the_union_graph_is_not_a_document(remote: SparqlStore, family_documents: list[PreparedDocument]) -> None:
    assert UNION_GRAPH not in remote.named_graphs()
    assert remote.count() == sum(len(d.graph) for d in family_documents) + remote.count("https://w3id.org/cislunar-kg/ontology")


def test_a_query_with_its_own_dataset_keeps_it(remote: SparqlStore, family_documents: list[PreparedDocument]) -> None:
    lander = str(family_documents[1].graph_iri)
    answer = remote.query(f"SELECT (COUNT(*) AS ?n) FROM <{lander}> WHERE {{ ?s ?p ?o }}")
    assert isinstance(answer, Solutions) and int(answer.rows[0]["n"].value) == len(family_documents[1].graph)


def test_replacing_a_document_takes_back_only_what_no_other_states(
    tmp_path: Path, family_documents: list[PreparedDocument]
) -> None:
    with running_virtuoso(tmp_path) as server, SparqlStore(server.sparql_url) as store:
        write(store, family_documents)
        store.replace_graph(validated(ID + "document/" + LANDER_2018.stem, Graph()))  # the 2018 release withdrawn
        text = named_queries()["representative-as-of"].replace("VALUES ?given { UNDEF }",
                                                               'VALUES ?given { "2019-01-01"^^xsd:date }')
        answer = store.query(text)
        assert isinstance(answer, Solutions) and answer.rows == []  # 赤坂祐二 was stated only by the 2018 release
        assert store.query(f"ASK {{ <{ID}organization/日本航空> a <http://www.w3.org/ns/org#Organization> }}") is True


@pytest.mark.parametrize(
    ("query", "declares"),
    [
        ("SELECT * FROM <http://ex/g> { ?s ?p ?o }", True),
        ("select * from named <http://ex/g> { graph ?g {} }", True),
        ("SELECT*FROM<http://ex/g>{}", True),
        ('SELECT * { ?s <http://ex/from> "from" } # FROM', False),
        ('SELECT * WHERE { ?s ?p """a FROM b""" }', False),
        ("PREFIX from: <http://ex/> SELECT ?from { ?s from:x ?from . ?s from:from ?o }", False),
    ],
)
def test_which_queries_name_their_own_dataset(query: str, declares: bool) -> None:
    assert declares_dataset(query) is declares


@pytest.mark.parametrize(
    ("query", "left"),
    [
        ("SELECT * FROM <http://ex/g> { ?s ?p ?o }", "SELECT *   { ?s ?p ?o }"),
        ("select * from named <http://ex/g> FROM ex:h { graph ?g {} }", "select *     { graph ?g {} }"),
        ("SELECT*FROM<http://ex/g>FROM NAMED<http://ex/h>{}", "SELECT*  {}"),
        ('SELECT * { ?s <http://ex/from> "FROM <x>" } # FROM <y>',
         'SELECT * { ?s <http://ex/from> "FROM <x>" } # FROM <y>'),
        ("PREFIX from: <http://ex/> SELECT ?from FROM :g { ?s from:x ?from }",
         "PREFIX from: <http://ex/> SELECT ?from   { ?s from:x ?from }"),
    ],
)
def test_a_protocol_dataset_takes_the_place_of_the_querys_own(query: str, left: str) -> None:
    assert without_dataset_clauses(query) == left
    assert not declares_dataset(left)


@pytest.mark.parametrize(
    ("query", "visits"),
    [
        ("SELECT ?g { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * { graph <http://ex/g> { ?s ?p ?o } }", True),
        ("SELECT ?graph { ?s <http://ex/graph> ?graph ; ex:graph 'GRAPH' }", False),
    ],
)
def test_which_queries_visit_named_graphs(query: str, visits: bool) -> None:
    assert visits_graphs(query) is visits
