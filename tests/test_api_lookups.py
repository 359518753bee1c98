"""The lookups' pure parts, table-tested: safe query values, IRI ↔ path mapping, the triple index, JSON shapes,
and the reader's use of the query service."""

from __future__ import annotations

import asyncio
import json

import pyoxigraph as ox
import pytest

from api.jobs import QueryJob
from api.lookups import paths, terms
from api.lookups.agreements import kind_of
from api.lookups.index import Index
from api.lookups.reader import Reader
from api.lookups.shape import compact, lang_map, sources
from api.serializers import Rendered, render_query_solutions
from api.settings import Settings

BASE = "https://w3id.org/cislunar-kg/id/"
CKG = "https://w3id.org/cislunar-kg/ontology#"


# -- terms: what may enter a query --

@pytest.mark.parametrize("iri", [
    BASE + "organization/日本航空",
    BASE + "membership/袴田武史/ispace/代表取締役CEO-&-Founder",
    BASE + "annotation/doc/abc#target",
])
def test_iri_ref_accepts_minted_iris(iri: str) -> None:
    assert terms.iri_ref(iri) == f"<{iri}>"


@pytest.mark.parametrize("text", [
    "",
    "organization/ispace",                      # relative
    BASE + "x> } ; DROP ALL ; #",               # breaks out of <…>
    BASE + 'x"y', BASE + "x{y}", BASE + "x|y", BASE + "x^y", BASE + "x`y", BASE + "x\\y",
    BASE + "a b", BASE + "a\nb", BASE + "a\x00b",
])
def test_iri_ref_refuses_what_could_break_a_query(text: str) -> None:
    with pytest.raises(terms.UnsafeValue):
        terms.iri_ref(text)


@pytest.mark.parametrize(("text", "written"), [
    ("JALEC", '"JALEC"'),
    ('"} . ?s ?p ?o . FILTER("', '"\\"} . ?s ?p ?o . FILTER(\\""'),
    ("a\\b\nc", '"a\\\\b\\nc"'),
    ("日本航空", '"日本航空"'),
])
def test_string_literals_are_escaped(text: str, written: str) -> None:
    assert terms.string(text) == written


@pytest.mark.parametrize("value", [True, 1.5, "3"])
def test_integer_takes_only_ints(value: object) -> None:
    with pytest.raises(terms.UnsafeValue):
        terms.integer(value)  # type: ignore[arg-type]


def test_query_fills_every_slot_or_fails() -> None:
    assert "LIMIT 3" in terms.query("SELECT * WHERE {} LIMIT $n", n=terms.integer(3))
    with pytest.raises(KeyError):
        terms.query("SELECT * WHERE {} LIMIT $n")


# -- paths: where each IRI is served --

@pytest.mark.parametrize(("kind", "item_id", "iri"), [
    ("organization", "日本航空", BASE + "organization/日本航空"),
    ("person", "秡川宏樹", BASE + "person/秡川宏樹"),
    ("agreement", "basic-agreement-2025-11-28-9d6758", BASE + "agreement/basic-agreement-2025-11-28-9d6758"),
])
def test_item_iri(kind: str, item_id: str, iri: str) -> None:
    assert paths.item_iri(BASE, kind, item_id) == iri


@pytest.mark.parametrize("item_id", ["", "a/b", "a b", "a<b", "a%2Fb", "a#b", "a?b", "..", "x" * 201, "a\tb"])
def test_item_iri_refuses_ids_the_loader_never_mints(item_id: str) -> None:
    with pytest.raises(terms.UnsafeValue):
        paths.item_iri(BASE, "organization", item_id)


@pytest.mark.parametrize(("base", "iri", "rest", "local"), [
    (BASE, BASE + "organization/日本航空", "/organizations/%E6%97%A5%E6%9C%AC%E8%88%AA%E7%A9%BA",
     "/id/organization/%E6%97%A5%E6%9C%AC%E8%88%AA%E7%A9%BA"),
    (BASE, BASE + "agreement/basic-agreement-2025-11-28-9d6758/signing", None,
     "/id/agreement/basic-agreement-2025-11-28-9d6758/signing"),
    (BASE, BASE + "annotation/d/h#target", None, "/id/annotation/d/h#target"),
    (BASE, BASE + "membership/a/b/CEO-&-Founder", None, "/id/membership/a/b/CEO-&-Founder"),
    ("http://127.0.0.1:8000/kg", "http://127.0.0.1:8000/kg/person/x", "/people/x", "/id/person/x"),
    (BASE, CKG + "Company", None, "/ontology#Company"),
    (BASE, "https://w3id.org/cislunar-kg/ontology/0.1.0", None, "/ontology/0.1.0"),
    (BASE, "https://w3id.org/cislunar-kg/ontology", None, "/ontology"),
    (BASE, "http://www.w3.org/ns/org#Organization", None, None),
    (BASE, "https://w3id.org/cislunar-kg/ontologyX", None, None),
])
def test_where_iris_are_served(base: str, iri: str, rest: str | None, local: str | None) -> None:
    assert paths.rest_path(base, iri) == rest
    assert paths.local_path(base, iri) == local


def test_data_iri_is_base_plus_rest() -> None:
    assert paths.data_iri("http://example.org/kg/", "person/x") == "http://example.org/kg/person/x"
    assert paths.data_iri("http://example.org/kg", "person/x") == "http://example.org/kg/person/x"
    with pytest.raises(terms.UnsafeValue):
        paths.data_iri(BASE, "person/a b")


# -- index and shapes --

def _nt(text: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)]


def test_index_drops_the_union_graphs_repeats() -> None:
    line = f'<{BASE}a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@ja .\n'
    ix = Index(_nt(line * 3))
    assert [lit.value for lit in ix.literals(BASE + "a", terms.LABEL)] == ["A"]


def test_lang_map_groups_by_language() -> None:
    literals = [ox.Literal("b", language="ja"), ox.Literal("a", language="ja"), ox.Literal("x", language="en"),
                ox.Literal("plain")]
    assert lang_map(literals) == {"@none": ["plain"], "en": ["x"], "ja": ["a", "b"]}


@pytest.mark.parametrize(("iri", "short"), [
    (CKG + "Company", "Company"),
    ("http://www.w3.org/ns/org#Organization", "Organization"),
    ("http://xmlns.com/foaf/0.1/Organization", "foaf:Organization"),
    ("http://www.w3.org/ns/prov#Agent", "Agent"),
    ("http://example.org/Thing", "http://example.org/Thing"),
])
def test_compact_uses_the_shipped_context(iri: str, short: str) -> None:
    assert compact(iri) == short


def test_sources_read_the_annotation_selectors() -> None:
    ann = BASE + "annotation/d/1"
    oa = "http://www.w3.org/ns/oa#"
    xsd = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
    ix = Index(_nt(f"""
<{ann}> <{oa}hasBody> <{BASE}organization/x> .
<{ann}> <{oa}hasTarget> <{ann}#target> .
<{ann}#target> <{oa}hasSource> <{BASE}document/d> .
<{ann}#target> <{oa}hasSelector> <{ann}#position> .
<{ann}#target> <{oa}hasSelector> <{ann}#quote> .
<{ann}#position> <{oa}start> "3"^^<{xsd}> .
<{ann}#position> <{oa}end> "5"^^<{xsd}> .
<{ann}#quote> <{oa}exact> "ab" .
"""))
    assert sources(ix, BASE + "organization/x") == [
        {"id": ann, "document": BASE + "document/d", "start": 3, "end": 5, "exact": "ab"}]


def test_agreement_kind_is_the_most_specific_class() -> None:
    sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    item = BASE + "agreement/a"
    ix = Index(_nt(f"""
<{item}> <{terms.TYPE}> <{CKG}Agreement> .
<{item}> <{terms.TYPE}> <{CKG}Contract> .
<{item}> <{terms.TYPE}> <{CKG}CapitalAndBusinessAlliance> .
<{item}> <{terms.TYPE}> <http://www.w3.org/ns/prov#Entity> .
<{CKG}Contract> <{sub}> <{CKG}Agreement> .
<{CKG}CapitalAndBusinessAlliance> <{sub}> <{CKG}Contract> .
<{CKG}Agreement> <{sub}> <http://www.w3.org/ns/prov#Entity> .
"""))
    assert kind_of(ix, item) == CKG + "CapitalAndBusinessAlliance"


# -- the reader goes through the query service, with the service's limits --

class FakeService:
    def __init__(self, answer: Rendered) -> None:
        self.answer = answer
        self.jobs: list[QueryJob] = []

    async def run(self, job: QueryJob) -> Rendered:
        self.jobs.append(job)
        return self.answer


def test_reader_sends_query_jobs_with_the_settings_limits() -> None:
    settings = Settings(max_rows=7, base_iri=BASE)
    solutions = ox.Store().query(f"SELECT ?item WHERE {{ VALUES ?item {{ <{BASE}a> }} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    service = FakeService(render_query_solutions(solutions, "application/sparql-results+json", max_rows=1))
    answer = asyncio.run(Reader(service, settings).select("SELECT ?item WHERE { ?item ?p ?o }"))
    assert answer == [{"item": ox.NamedNode(BASE + "a")}]
    (job,) = service.jobs
    assert job.max_rows == 7 and job.base_iri == BASE
    assert job.result_type == "application/sparql-results+json" and job.graph_type == "application/n-triples"
    assert json.loads(service.answer.body)["head"]["vars"] == ["item"]
