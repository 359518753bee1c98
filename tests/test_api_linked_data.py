"""Linked data on the real seed release: every IRI dereferences here, in the format Accept asks for."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, RDFS, SKOS, Namespace

import ontology
from api.lookups.paths import local_path
from graph.pipeline import prepare, write
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore

from .api_fixtures import ID, client_for, client_serving, settings_for
from .conftest import SEED, UNREAD, write_seed_with_unread

CKG = "https://w3id.org/cislunar-kg/ontology#"
OA = Namespace("http://www.w3.org/ns/oa#")
JAL = ID + "organization/日本航空"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
           "application/n-triples": "nt"}


@pytest.fixture(scope="module")
def client(seed_on_backend: OxigraphStore | SparqlStore) -> Iterator[TestClient]:
    with client_serving(seed_on_backend) as client:
        yield client


def parsed(response: Any, media_type: str) -> Graph:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["vary"] == "Accept"
    return Graph().parse(data=response.content, format=FORMATS[media_type])


def problem(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


# -- /id/… --

def test_turtle_by_default(client: TestClient) -> None:
    graph = parsed(client.get("/id/organization/日本航空"), "text/turtle")
    jal = URIRef(JAL)
    assert (jal, RDFS.label, Literal("日本航空株式会社", lang="ja")) in graph
    assert (jal, SKOS.altLabel, Literal("JAL")) in graph
    site = URIRef(ID + "site/日本航空/東京都品川区")
    assert (jal, ORG.hasPrimarySite, site) in graph
    assert (site, RDFS.label, Literal("東京都品川区", lang="ja")) in graph  # the label of what it links to


@pytest.mark.parametrize("path", ["/id/organization/日本航空", "/id/organization/" + quote("日本航空")])
def test_all_formats_say_the_same(client: TestClient, path: str) -> None:
    graphs = [parsed(client.get(path, headers={"accept": t}), t) for t in FORMATS]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])
    assert len(graphs[0]) > 5


def test_turtle_twin_agrees_with_the_rest_json(client: TestClient) -> None:
    """One data function, many renderings: the Turtle of /id/… and the JSON of /organizations/… agree."""
    graph = parsed(client.get("/id/organization/日本航空", headers={"accept": "text/turtle"}), "text/turtle")
    item = client.get("/organizations/日本航空").json()
    jal = URIRef(item["id"])
    assert {str(o) for o in graph.objects(jal, RDFS.label)} == set(item["label"]["ja"])
    assert {str(o) for o in graph.objects(jal, SKOS.altLabel)} == set(item["altLabel"])
    assert {str(o) for o in graph.objects(jal, ORG.hasPrimarySite)} == {s["id"] for s in item["hasPrimarySite"]}
    for site in item["hasPrimarySite"]:
        assert {str(o) for o in graph.objects(URIRef(site["id"]), RDFS.label)} == set(site["label"]["ja"])
    assert {str(o) for o in graph.objects(jal, RDF.type)} >= {CKG + "Company", str(ORG.FormalOrganization)}
    annotations = {str(a) for a in graph.subjects(OA.hasBody, jal)}
    assert annotations == {span["id"] for span in item["sources"]}
    quotes = {str(q) for a in annotations for q in graph.objects(URIRef(a + "#quote"), OA.exact)}
    assert quotes == {span["exact"] for span in item["sources"]}


def test_json_ld_twin_of_an_agreement_agrees_with_the_rest_json(client: TestClient) -> None:
    agreement = "agreement/basic-agreement-2025-11-28-9d6758"
    graph = parsed(client.get("/id/" + agreement, headers={"accept": "application/ld+json"}), "application/ld+json")
    item = client.get("/agreements/basic-agreement-2025-11-28-9d6758").json()
    subject = URIRef(ID + agreement)
    assert {str(o) for o in graph.objects(subject, URIRef(CKG + "hasParty"))} == {p["id"] for p in item["hasParty"]}
    assert {str(o) for o in graph.objects(subject, URIRef(CKG + "signedOn"))} == {item["signedOn"]}
    assert {str(o) for o in graph.objects(subject, URIRef(CKG + "hasScope"))} == {s["id"] for s in item["hasScope"]}


def test_hash_children_are_described_with_their_document(client: TestClient) -> None:
    item = client.get("/organizations/日本航空").json()
    annotation = item["sources"][0]["id"]
    rest = annotation[len(ID):]
    graph = parsed(client.get("/id/" + rest, headers={"accept": "application/n-triples"}), "application/n-triples")
    subjects = {str(s) for s in graph.subjects()}
    assert {annotation, annotation + "#target", annotation + "#position", annotation + "#quote"} <= subjects
    page = client.get("/id/" + rest, headers={"accept": "text/html"})
    assert 'id="target"' in page.text and 'id="quote"' in page.text


def test_html_page_links_its_machine_twins(client: TestClient) -> None:
    response = client.get("/id/organization/日本航空", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["vary"] == "Accept, Accept-Language"  # labels follow the browser's language
    url = "http://testserver/id/organization/" + quote("日本航空")
    links = response.headers["link"]
    for media_type in FORMATS:
        assert f'<{url}>; rel="alternate"; type="{media_type}"' in links
        assert f'<link rel="alternate" type="{media_type}" href="{url}">' in response.text
    assert "<h1>日本航空株式会社</h1>" in response.text
    assert 'href="/id/site/' in response.text  # linked resources are links on this server
    assert 'href="/organizations/' + quote("日本航空") + '"' in response.text  # the REST twin
    stated_in = response.text.split('<section id="stated-in">')[1]
    assert "「日本航空株式会社」" in stated_in and "364–372" in stated_in  # where the release says it
    assert "<script" not in response.text and "http://cdn" not in response.text


def test_every_kind_of_resource_dereferences(client: TestClient, seed_on_backend: OxigraphStore | SparqlStore) -> None:
    """One resource of each kind the loader mints (organisation, person, site, role, membership, …)."""
    answer = seed_on_backend.query("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER (isIRI(?s)) }")
    subjects = [row["s"].value for row in answer.rows]  # type: ignore[union-attr]
    by_kind: dict[str, str] = {}
    for iri in sorted(subjects):
        if iri.startswith(ID) and "#" not in iri:
            by_kind.setdefault(iri[len(ID):].split("/")[0], iri)
    assert {"organization", "person", "site", "role", "membership", "agreement", "milestone", "statement",
            "document", "annotation", "instant", "interval", "programme", "mission"} <= set(by_kind)
    for iri in by_kind.values():
        response = client.get(local_path(ID, iri) or "", headers={"accept": "text/turtle"})
        assert response.status_code == 200, iri
        assert (URIRef(iri), None, None) in Graph().parse(data=response.content, format="turtle")


def test_unknown_resource_is_404(client: TestClient) -> None:
    problem(client.get("/id/organization/nope"), 404)
    problem(client.get("/id/organization/a%20b"), 404)
    problem(client.get("/id/"), 404)
    page = client.get("/id/organization/nope", headers={"accept": "text/html"})  # a browser gets a page
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/id/organization/日本航空", "/ontology", "/ontology/0.1.0"])
@pytest.mark.parametrize("accept", ["image/png", "application/sparql-results+json", "text/turtle;q=0"])
def test_unacceptable_accept_is_406(client: TestClient, path: str, accept: str) -> None:
    problem(client.get(path, headers={"accept": accept}), 406)


# -- /ontology --

def test_ontology_turtle_is_the_shipped_file(client: TestClient) -> None:
    response = client.get("/ontology")
    assert response.status_code == 200 and response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert response.headers["vary"] == "Accept"
    assert response.text == ontology.read_ontology_text()


def test_ontology_formats_say_the_same(client: TestClient) -> None:
    graphs = [parsed(client.get("/ontology", headers={"accept": t}), t) for t in FORMATS]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])


def test_version_iri_serves_that_version(client: TestClient) -> None:
    graph = parsed(client.get("/ontology/0.1.0", headers={"accept": "text/turtle"}), "text/turtle")
    version_iri = URIRef("https://w3id.org/cislunar-kg/ontology/0.1.0")
    assert (None, URIRef("http://www.w3.org/2002/07/owl#versionIRI"), version_iri) in graph
    problem(client.get("/ontology/9.9.9"), 404)
    problem(client.get("/ontology/nothing/here"), 404)


def test_ontology_page_documents_every_term(client: TestClient) -> None:
    response = client.get("/ontology", headers={"accept": BROWSER})
    assert response.status_code == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<link rel="alternate" type="text/turtle" href="http://testserver/ontology">' in response.text
    assert 'rel="alternate"; type="text/turtle"' in response.headers["link"]
    graph = Graph().parse(data=ontology.read_ontology_text(), format="turtle")
    terms = {str(s) for s in graph.subjects() if str(s).startswith(CKG)}
    assert {t[len(CKG):] for t in terms} <= anchors(response.text)
    company = section(response.text, "Company")
    assert "企業" in company and "Company" in company
    assert "A company: an organisation incorporated under law" in company
    has_party = section(response.text, "hasParty")
    assert 'href="#Agreement"' in has_party  # the domain, linked to its anchor
    assert "domain" in has_party and "range" in has_party


def anchors(page: str) -> set[str]:
    return set(re.findall(r'<section class="term" id="([^"]+)"', page))


def section(page: str, anchor: str) -> str:
    return page.split(f'<section class="term" id="{anchor}">')[1].split("</section>")[0]


def test_every_ckg_term_the_data_uses_has_an_anchor(client: TestClient,
                                                    seed_on_backend: OxigraphStore | SparqlStore) -> None:
    answer = seed_on_backend.query(
        "SELECT DISTINCT ?t WHERE { GRAPH ?g { { ?s ?t ?o } UNION { ?s a ?t } UNION { ?s ?p ?t } } "
        f"FILTER (STRSTARTS(STR(?g), \"{ID}document/\") && STRSTARTS(STR(?t), \"{CKG}\")) }}")  # the documents' graphs
    used = {row["t"].value[len(CKG):] for row in answer.rows}  # type: ignore[union-attr]
    page = client.get("/ontology", headers={"accept": "text/html"}).text
    assert used and used <= anchors(page)


def test_alignments_are_served_too(client: TestClient) -> None:
    response = client.get("/ontology/alignments", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.text == ontology.read_alignments_text()
    page = client.get("/ontology/alignments", headers={"accept": "text/html"})
    assert page.status_code == 200 and "https://schema.org/Corporation" in page.text


def test_context_is_served(client: TestClient) -> None:
    response = client.get("/ontology/context.jsonld")
    assert response.status_code == 200 and response.headers["content-type"] == "application/ld+json"
    assert response.json() == json.loads(ontology.CONTEXT_FILE.read_text(encoding="utf-8"))


# -- A base IRI other than the server's address: paths map one-to-one --

def test_other_base_iri_maps_one_to_one(tmp_path: Path) -> None:
    base = "http://data.example.org/kg/"
    store = OxigraphStore(tmp_path / "store")
    write(store, [prepare(SEED, base_iri=base)])
    store.close()
    with client_for(settings_for(tmp_path / "store", base_iri=base)) as client:
        graph = parsed(client.get("/id/organization/日本航空", headers={"accept": "text/turtle"}), "text/turtle")
        assert (URIRef(base + "organization/日本航空"), SKOS.altLabel, Literal("JAL")) in graph
        page = client.get("/id/organization/日本航空", headers={"accept": "text/html"}).text
        assert 'href="/id/site/' in page and base + "organization/日本航空" in page
        item = client.get("/organizations/日本航空").json()
        assert item["id"] == base + "organization/日本航空"
        assert item["href"] == "http://testserver/organizations/" + quote("日本航空")
        problem(client.get("/id/x/y"), 404)


def test_a_documents_twins_carry_its_sentences_not_understood(tmp_path: Path) -> None:
    """The annotations the page lists as not understood are in every RDF twin, whole: type, motivation, target,
    selectors; and the seed's document, read whole, has none."""
    release = write_seed_with_unread(tmp_path / "releases")
    start = release.read_text(encoding="utf-8").index(UNREAD)
    with OxigraphStore(tmp_path / "store") as store:
        write(store, [prepare(release)])
    path = f"/id/document/{SEED.stem}"
    with client_for(settings_for(tmp_path / "store")) as client:
        twins = [parsed(client.get(path, headers={"accept": t}), t) for t in ("text/turtle", "application/ld+json")]
    assert isomorphic(*twins)
    graph = twins[0]
    [note] = graph.subjects(OA.motivatedBy, URIRef(CKG + "notUnderstood"))
    assert (note, RDF.type, OA.Annotation) in graph and graph.value(note, OA.hasBody) is None
    target = graph.value(note, OA.hasTarget)
    assert graph.value(target, OA.hasSource) == URIRef(ID + "document/" + SEED.stem)
    selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
    assert int(graph.value(selectors[OA.TextPositionSelector], OA.start)) == start  # type: ignore[arg-type]
    assert str(graph.value(selectors[OA.TextQuoteSelector], OA.exact)) == UNREAD

