"""The REST lookups on the real seed release, as a client sees them: status, content type, the parsed answer."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.lookups import models
from graph.remote_store import SparqlStore
from graph.source import SourceDocument
from graph.store import OxigraphStore

from .api_fixtures import ID, client_serving

AGREEMENT_ID = "basic-agreement-2025-11-28-9d6758"
CKG = "https://w3id.org/cislunar-kg/ontology#"
COLLECTIONS = ["/organizations", "/people", "/agreements", "/milestones", "/statements", "/search?q=JAL"]


@pytest.fixture(scope="module")
def client(seed_on_backend: OxigraphStore | SparqlStore) -> Iterator[TestClient]:
    with client_serving(seed_on_backend) as client:
        yield client


def ok(response: Any, model: type[BaseModel], media_type: str = "application/json") -> Any:
    """The parsed answer, after checking what every lookup answer must be."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"
    body = response.json()
    model.model_validate({k: v for k, v in body.items() if k != "@context"})  # the documented shape, no more
    return body


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def ja(labels: dict[str, list[str]]) -> str:
    (value,) = labels["ja"]
    return value


def assert_spans_quote_the_file(item: dict[str, Any], source: SourceDocument) -> None:
    """Every source span of the item slices the stored release file to its exact quote."""
    assert item["sources"], item["id"]
    for span in item["sources"]:
        if span["document"].endswith(source.path.stem):
            assert source.text[span["start"]:span["end"]] == span["exact"]


# -- Organisations --

def test_organizations_are_the_four_companies_and_the_group(client: TestClient) -> None:
    body = ok(client.get("/organizations"), models.OrganisationPage)
    by_label = {ja(item["label"]): item for item in body["items"]}
    assert set(by_label) == {"株式会社ispace", "日本航空株式会社", "株式会社JALエンジニアリング", "株式会社JALUX",
                             "JALグループ"}
    shorts = {label: item["altLabel"] for label, item in by_label.items()}
    assert shorts == {"株式会社ispace": ["ispace"], "日本航空株式会社": ["JAL"],
                      "株式会社JALエンジニアリング": ["JALEC"], "株式会社JALUX": ["JALUX"], "JALグループ": []}
    assert "CorporateGroup" in by_label["JALグループ"]["type"]
    assert "Company" in by_label["株式会社JALUX"]["type"]
    assert body["next"] is None and body["limit"] == 20 and body["offset"] == 0


def test_organization_by_its_japanese_id(client: TestClient, seed_source: SourceDocument) -> None:
    item = ok(client.get("/organizations/日本航空"), models.Organisation)
    assert item["id"] == ID + "organization/日本航空"
    assert item["href"].endswith("/organizations/" + quote("日本航空"))
    assert ja(item["label"]) == "日本航空株式会社" and item["altLabel"] == ["JAL"]
    (office,) = item["hasPrimarySite"]
    assert ja(office["label"]) == "東京都品川区" and office["statedOn"] == ["2025-12-03"]
    posts = {(ja(p["member"]["name"]), ja(p["role"]["label"])) for p in item["posts"]}
    assert posts == {("鳥取三津子", "代表取締役社長"), ("鈴木隆夫", "執行役員 イノベーション本部長")}
    assert all(p["statedOn"] == ["2025-12-03"] for p in item["posts"])
    (agreement,) = item["agreements"]
    assert agreement["id"] == ID + "agreement/" + AGREEMENT_ID and agreement["signedOn"] == "2025-11-28"
    assert {s["exact"] for s in item["sources"]} >= {"日本航空株式会社", "JAL"}
    assert_spans_quote_the_file(item, seed_source)


def test_percent_encoded_ids_are_the_same_resource(client: TestClient) -> None:
    assert client.get("/organizations/" + quote("日本航空")).json() == client.get("/organizations/日本航空").json()


def test_group_membership_is_listed(client: TestClient) -> None:
    item = ok(client.get("/organizations/JALUX"), models.Organisation)
    assert [ja(g["label"]) for g in item["subOrganizationOf"]] == ["JALグループ"]


# -- People --

def test_person_with_post_and_statement(client: TestClient, seed_source: SourceDocument) -> None:
    item = ok(client.get("/people/秡川宏樹"), models.Person)
    assert ja(item["name"]) == "秡川宏樹"
    (post,) = item["posts"]
    assert ja(post["role"]["label"]) == "取締役 事業推進部長"
    assert post["organization"]["altLabel"] == ["JALEC"] and post["statedOn"] == ["2025-12-03"]
    (statement,) = item["statements"]
    assert ja(statement["text"]).startswith("「HAKUTO-R」における私たちの技術支援は")
    assert_spans_quote_the_file(item, seed_source)


def test_people_are_the_seven_of_the_release(client: TestClient) -> None:
    body = ok(client.get("/people"), models.PersonPage)
    names = {ja(item["name"]) for item in body["items"]}
    assert names == {"袴田武史", "鳥取三津子", "濱本隆士", "河西敏章", "鈴木隆夫", "秡川宏樹", "毛利英史"}
    hakamada = next(item for item in body["items"] if ja(item["name"]) == "袴田武史")
    assert {ja(p["role"]["label"]) for p in hakamada["posts"]} == {"代表取締役", "代表取締役CEO & Founder"}


# -- Agreements --

def test_agreement(client: TestClient, seed_source: SourceDocument) -> None:
    item = ok(client.get(f"/agreements/{AGREEMENT_ID}"), models.Agreement)
    assert item["kind"] == {"id": CKG + "BasicAgreement", "label": {"en": ["Basic Agreement"], "ja": ["基本合意書"]}}
    assert item["signedOn"] == "2025-11-28"
    assert {p["altLabel"][0] for p in item["hasParty"]} == {"ispace", "JAL", "JALEC", "JALUX"}
    assert ja(item["purpose"]) == "将来の月面における持続的な活動を支える輸送システムおよび基盤の構築"
    scopes = {s["id"]: s["prefLabel"] for s in item["hasScope"]}
    assert scopes == {CKG + "scope-lunar-transport": {"en": ["lunar transport"], "ja": ["月面輸送"]},
                      CKG + "scope-flight-operations": {"en": ["flight operations"], "ja": ["運航"]}}
    (signing,) = item["hasSigning"]
    assert {ja(p["name"]) for p in signing["participant"]} == {"袴田武史", "鈴木隆夫", "秡川宏樹", "毛利英史"}
    assert_spans_quote_the_file(item, seed_source)


def test_agreements_list(client: TestClient) -> None:
    body = ok(client.get("/agreements"), models.AgreementPage)
    assert [item["id"] for item in body["items"]] == [ID + "agreement/" + AGREEMENT_ID]


# -- Milestones and statements --

def test_milestones_in_time_order(client: TestClient) -> None:
    body = ok(client.get("/milestones"), models.MilestonePage)
    spans = [(item["from"], item["to"]) for item in body["items"]]
    assert spans == sorted(spans) and len(spans) == 7
    assert spans[0] == (2015, 2015) and spans[-1] == (2025, 2025)


def test_milestones_overlapping_years(client: TestClient) -> None:
    body = ok(client.get("/milestones", params={"from": 2018, "to": 2019}), models.MilestonePage)
    labels = {ja(item["label"]) for item in body["items"]}
    assert labels == {"HAKUTO-Rプログラム始動", "ミッション1 ランダーフライトモデル推進系配管の航空輸送",
                      "JALECがランダー組立・試験支援および推進系配管の溶接・非破壊検査を実施",
                      "JALがコーポレートパートナーとして継続参画"}
    assert all(item["from"] <= 2019 and item["to"] >= 2018 for item in body["items"])
    jalec = next(item for item in body["items"] if item["involves"])
    assert jalec["involves"][0]["altLabel"] == ["JALEC"] and (jalec["from"], jalec["to"]) == (2018, 2022)


@pytest.mark.parametrize(("params", "count"), [({"from": 2024}, 2), ({"to": 2015}, 1), ({"from": 2030}, 0)])
def test_milestones_with_one_bound(client: TestClient, params: dict[str, int], count: int) -> None:
    assert len(ok(client.get("/milestones", params=params), models.MilestonePage)["items"]) == count


def test_statements(client: TestClient) -> None:
    body = ok(client.get("/statements"), models.StatementPage)
    speakers = {ja(item["wasAttributedTo"]["name"]) for item in body["items"]}
    assert speakers == {"袴田武史", "鈴木隆夫", "秡川宏樹", "毛利英史"}
    assert all("\n" not in ja(item["text"]) for item in body["items"])  # lines joined; the span keeps them


# -- Search --

@pytest.mark.parametrize(("q", "first"), [
    ("JALEC", ID + "organization/JALエンジニアリング"),
    ("jalec", ID + "organization/JALエンジニアリング"),
    ("日本航空", ID + "organization/日本航空"),
    ("秡川", ID + "person/秡川宏樹"),
    ("Lunar Transport", CKG + "scope-lunar-transport"),
])
def test_search_finds_by_labels_and_short_names(client: TestClient, q: str, first: str) -> None:
    body = ok(client.get("/search", params={"q": q}), models.SearchPage)
    assert body["items"][0]["id"] == first
    assert all(any(q.lower() in m.lower() for m in item["matched"]) for item in body["items"])


def test_search_links_to_the_rest_api_or_linked_data(client: TestClient) -> None:
    hits = {h["id"]: h["href"] for h in client.get("/search", params={"q": "JALEC"}).json()["items"]}
    assert hits[ID + "organization/JALエンジニアリング"].endswith("/organizations/" + quote("JALエンジニアリング"))
    assert hits[ID + "milestone/2018-2022/b8f0ffb5"].endswith("/id/milestone/2018-2022/b8f0ffb5")


@pytest.mark.parametrize("q", ['"} . ?s ?p ?o . FILTER("', "\\", "x\ny", "<http://example.org/>", "}} UNION {{"])
def test_search_text_never_changes_the_query(client: TestClient, q: str) -> None:
    assert ok(client.get("/search", params={"q": q}), models.SearchPage)["items"] == []


# -- Paging --

@pytest.mark.parametrize("collection", COLLECTIONS)
def test_next_links_walk_the_whole_list(client: TestClient, collection: str) -> None:
    joiner = "&" if "?" in collection else "?"
    whole = [item["id"] for item in client.get(f"{collection}{joiner}limit=100").json()["items"]]
    walked: list[str] = []
    url: str | None = f"{collection}{joiner}limit=2"
    pages = 0
    while url:
        response = client.get(url)
        body = response.json()
        assert len(body["items"]) <= 2
        walked += [item["id"] for item in body["items"]]
        url = body["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
        else:
            assert "link" not in response.headers
        pages += 1
    assert walked == whole and len(whole) >= 1
    assert pages == max(1, -(-len(whole) // 2))


@pytest.mark.parametrize("url", [
    "/organizations?limit=0", "/organizations?limit=101", "/organizations?limit=ten", "/people?offset=-1",
    "/milestones?from=abc", "/milestones?from=2020&to=2019", "/milestones?to=0", "/search", "/search?q=",
    "/search?q=%20%20", "/search?q=" + "x" * 201,
])
def test_bad_parameters_are_422_problems(client: TestClient, url: str) -> None:
    problem(client.get(url), 422)


@pytest.mark.parametrize("url", [
    "/organizations/nope", "/people/nope", "/agreements/nope", "/organizations/袴田武史", "/people/日本航空",
    "/organizations/a%20b", "/people/%3Cx%3E", "/agreements/" + AGREEMENT_ID + "%2Fsigning",
])
def test_unknown_ids_are_404_problems(client: TestClient, url: str) -> None:
    problem(client.get(url), 404)


# -- JSON-LD: the same data with a context --

def test_json_ld_twin_is_the_json_plus_a_context(client: TestClient) -> None:
    as_json = client.get("/organizations/日本航空").json()
    as_ld = ok(client.get("/organizations/日本航空", headers={"accept": "application/ld+json"}),
               models.Organisation, "application/ld+json")
    assert {k: v for k, v in as_ld.items() if k != "@context"} == as_json
    context_url = as_ld["@context"][0]
    context = client.get(context_url)
    assert context.status_code == 200 and context.headers["content-type"] == "application/ld+json"


@pytest.mark.parametrize("url", [
    "/organizations", "/organizations/日本航空", "/people/秡川宏樹", f"/agreements/{AGREEMENT_ID}",
    "/milestones", "/statements", "/search?q=JAL",
])
def test_json_ld_states_only_what_the_store_holds(client: TestClient, seed_on_backend: OxigraphStore | SparqlStore,
                                                  url: str) -> None:
    """Parsed as RDF (with the served context inlined), every triple of a REST answer is in the store."""
    document = client.get(url, headers={"accept": "application/ld+json"}).json()
    served_context = client.get(document["@context"][0]).json()["@context"]
    document["@context"] = [served_context, document["@context"][1]]
    triples = {str(q.triple) for q in ox.parse(json.dumps(document).encode(), format=ox.RdfFormat.JSON_LD)}
    held = seed_on_backend.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(held, list)
    assert triples and triples <= {str(t) for t in held}


def test_json_ld_keeps_the_facts(client: TestClient) -> None:
    document = client.get("/organizations/日本航空", headers={"accept": "application/ld+json"}).json()
    document["@context"][0] = client.get(document["@context"][0]).json()["@context"]
    triples = {str(q.triple) for q in ox.parse(json.dumps(document).encode(), format=ox.RdfFormat.JSON_LD)}
    org = f"<{ID}organization/日本航空>"
    assert f'{org} <http://www.w3.org/2004/02/skos/core#altLabel> "JAL"' in triples
    assert f'{org} <http://www.w3.org/2000/01/rdf-schema#label> "日本航空株式会社"@ja' in triples
    assert f"{org} <http://www.w3.org/ns/org#hasPrimarySite> <{ID}site/日本航空/東京都品川区>" in triples


@pytest.mark.parametrize("accept", ["image/png", "text/html", "application/json;q=0, application/ld+json;q=0"])
def test_unacceptable_accept_is_406(client: TestClient, accept: str) -> None:
    problem(client.get("/organizations", headers={"accept": accept}), 406)


def test_browsers_get_json(client: TestClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/people", headers={"accept": accept}).headers["content-type"] == "application/json"


# -- The OpenAPI document and its docs page --

def test_every_rest_route_is_in_the_openapi_document(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path in ["/organizations", "/organizations/{id}", "/people", "/people/{id}", "/agreements",
                 "/agreements/{id}", "/milestones", "/statements", "/search"]:
        answers = document["paths"][path]["get"]["responses"]
        assert set(answers["200"]["content"]) == {"application/json", "application/ld+json"}, path
        assert "application/problem+json" in answers["422"]["content"], path
    parameters = {p["name"] for p in document["paths"]["/milestones"]["get"]["parameters"]}
    assert parameters == {"from", "to", "limit", "offset"}
    for path in ["/queries", "/queries/{name}", "/id/{rest}", "/ontology", "/ontology/{rest}"]:
        assert path in document["paths"], path


def test_every_operation_has_its_own_id(client: TestClient) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warns of a duplicate operation id and would list it twice
        document = client.app.openapi()  # type: ignore[attr-defined]
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert set(document["paths"]["/sparql"]) == {"get", "post"}


def test_docs_page_needs_no_internet(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/openapi.json" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    for asset in ["/docs/static/swagger-ui-bundle.js", "/docs/static/swagger-ui.css"]:
        assert asset in page.text
        assert client.get(asset).status_code == 200
