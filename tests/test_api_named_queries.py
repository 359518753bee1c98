"""The named competency queries over HTTP, on the real seed release: listed, run, negotiated like /sparql."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.queries import named_queries
from graph.remote_store import SparqlStore
from graph.store import OxigraphStore, Solutions

from .api_fixtures import client_serving


@pytest.fixture(scope="module")
def client(seed_on_backend: OxigraphStore | SparqlStore) -> Iterator[TestClient]:
    with client_serving(seed_on_backend) as client:
        yield client


def problem(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_queries_lists_every_shipped_query(client: TestClient) -> None:
    response = client.get("/queries")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    listed = {q["name"]: q for q in response.json()["queries"]}
    assert set(listed) == set(named_queries())
    posts = listed["posts"]
    assert posts["title"] == "Who holds which post where: person, title as written, organisation."
    assert posts["href"] == "http://testserver/queries/posts"
    assert posts["sparql"] == named_queries()["posts"] and posts["parameters"] == []
    assert listed["representative-as-of"]["parameters"] == ["asOf"]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_each_query_answers_as_the_store_does(client: TestClient, seed_on_backend: OxigraphStore | SparqlStore,
                                              name: str) -> None:
    response = client.get(f"/queries/{name}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["vary"] == "Accept"
    served = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    assert isinstance(served, ox.QuerySolutions)
    names = [v.value for v in served.variables]
    rows = sorted(tuple(str(s[n]) for n in names) for s in served)
    direct = seed_on_backend.query(named_queries()[name])
    assert isinstance(direct, Solutions)
    assert rows == sorted(tuple(str(r.get(n)) for n in names) for r in direct.rows)


def test_posts_as_csv(client: TestClient) -> None:
    response = client.get("/queries/posts", headers={"accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"name": "秡川宏樹", "title": "取締役 事業推進部長"}.items() <= next(
        r for r in rows if r["name"] == "秡川宏樹").items()
    assert len(rows) == 8


@pytest.mark.parametrize(("accept", "content_type"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("application/json", "application/sparql-results+json"),
])
def test_other_result_formats(client: TestClient, accept: str, content_type: str) -> None:
    response = client.get("/queries/parties-of-agreement", headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"] == content_type


@pytest.mark.parametrize("accept", ["image/png", "text/turtle"])
def test_unacceptable_accept_is_406(client: TestClient, accept: str) -> None:
    problem(client.get("/queries/posts", headers={"accept": accept}), 406)


def test_unknown_query_is_404(client: TestClient) -> None:
    problem(client.get("/queries/nope"), 404)


def test_as_of_date(client: TestClient) -> None:
    latest = client.get("/queries/representative-as-of", headers={"accept": "text/csv"})
    after = client.get("/queries/representative-as-of", params={"asOf": "2026-01-01"}, headers={"accept": "text/csv"})
    before = client.get("/queries/representative-as-of", params={"asOf": "2019-01-01"}, headers={"accept": "text/csv"})
    assert latest.status_code == after.status_code == before.status_code == 200
    assert latest.text == after.text and len(latest.text.splitlines()) > 1
    assert before.text.splitlines()[1:] == []  # the seed release dates every post 2025-12-03


@pytest.mark.parametrize("url", ["/queries/representative-as-of?asOf=yesterday",
                                 "/queries/representative-as-of?asOf=2019-13-01",
                                 "/queries/posts?asOf=2019-01-01"])
def test_bad_as_of_is_422(client: TestClient, url: str) -> None:
    problem(client.get(url), 422)
