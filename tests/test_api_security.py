"""Nothing a client sends makes the service reach outside its store.

Two tripwires watch every request here: a TCP listener on 127.0.0.1 (counting connections) and a local
"secret" file (inotify sees any open or read, by any process, so the worker processes too). SERVICE, LOAD and
dataset clauses naming http: and file: IRIs are sent in every form the protocol allows; afterwards the
listener must have seen no connection and the file no access. A positive control at the end proves both
tripwires would have noticed.
"""

from __future__ import annotations

import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .api_fixtures import TOKEN, FileWatch, Listener, client_for, settings_for, write_store

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FileWatch uses Linux inotify")

AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FileWatch]]:
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text("<urn:secret> <urn:is> 'the secret' .\n")
    watch = FileWatch(path)
    yield path.as_uri(), watch
    watch.close()


def targets(listener: Listener, secret: tuple[str, FileWatch]) -> list[str]:
    return [listener.url, secret[0]]


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The default configuration (with updates on, so LOAD and USING reach the guard)."""
    with client_for(settings_for(write_store(tmp_path_factory.mktemp("strict") / "store"),
                                 update_token=TOKEN)) as client:
        yield client


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """CKG_ALLOW_UNKNOWN_GRAPHS on: unknown dataset graphs are empty, never fetched."""
    with client_for(settings_for(write_store(tmp_path_factory.mktemp("lenient") / "store"),
                                 update_token=TOKEN, allow_unknown_graphs=True)) as client:
        yield client


def query(client: TestClient, text: str, **params: str) -> tuple[int, str]:
    response = client.get("/sparql", params={"query": text, **params})
    return response.status_code, response.text


def update(client: TestClient, text: str, **params: str) -> tuple[int, str]:
    response = client.post("/sparql", data={"update": text, **params}, headers=AUTH)
    return response.status_code, response.text


def assert_untouched(listener: Listener, secret: tuple[str, FileWatch]) -> None:
    assert listener.connections == 0
    assert secret[1].events() == 0


@pytest.mark.parametrize("client_name", ["strict", "lenient"])
def test_service_is_refused_before_it_runs(request: pytest.FixtureRequest, client_name: str,
                                           listener: Listener, secret: tuple[str, FileWatch]) -> None:
    client = request.getfixturevalue(client_name)
    for target in targets(listener, secret):
        for text in (f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                     f"SELECT * {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
                     f"ASK {{ FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}"):
            status, body = query(client, text)
            assert status == 400 and "SERVICE is not allowed" in body
        status, body = update(client, f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert status == 400 and "SERVICE is not allowed" in body
    assert_untouched(listener, secret)


@pytest.mark.parametrize("client_name", ["strict", "lenient"])
def test_load_is_refused_before_it_runs(request: pytest.FixtureRequest, client_name: str,
                                        listener: Listener, secret: tuple[str, FileWatch]) -> None:
    client = request.getfixturevalue(client_name)
    for target in targets(listener, secret):
        for text in (f"LOAD <{target}>", f"LOAD SILENT <{target}> INTO GRAPH <urn:g>",
                     f"CLEAR SILENT GRAPH <urn:g> ; LOAD <{target}>"):
            status, body = update(client, text)
            assert status == 400 and "LOAD is not allowed" in body
    assert_untouched(listener, secret)


def test_dataset_graphs_not_in_the_store_are_refused(strict: TestClient, listener: Listener,
                                                     secret: tuple[str, FileWatch]) -> None:
    for target in targets(listener, secret):
        for text, params in [
            (f"SELECT * FROM <{target}> {{ ?s ?p ?o }}", {}),
            (f"SELECT * FROM NAMED <{target}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
            ("SELECT * { ?s ?p ?o }", {"default-graph-uri": target}),
            ("SELECT * { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": target}),
        ]:
            status, body = query(strict, text, **params)
            assert status == 400 and "does not hold" in body, (text, params)
        for text, params in [
            ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {"using-graph-uri": target}),
            ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", {"using-named-graph-uri": target}),
            (f"DELETE {{ ?s ?p ?o }} USING <{target}> WHERE {{ ?s ?p ?o }}", {}),
        ]:
            status, body = update(strict, text, **params)
            assert status == 400 and "does not hold" in body, (text, params)
    assert_untouched(listener, secret)


def test_unknown_graphs_are_empty_when_allowed_and_still_never_fetched(
    lenient: TestClient, listener: Listener, secret: tuple[str, FileWatch]
) -> None:
    for target in targets(listener, secret):
        status, body = query(lenient, f"SELECT * FROM <{target}> FROM NAMED <{target}> {{ ?s ?p ?o }}")
        assert status == 200 and '"bindings":[]' in body
        status, body = query(lenient, "ASK { ?s ?p ?o }", **{"default-graph-uri": target})
        assert status == 200 and '"boolean":false' in body
        status, _ = update(lenient, "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", **{"using-graph-uri": target})
        assert status == 204
    assert_untouched(listener, secret)


def test_updates_off_refuse_before_parsing(tmp_path: Path, listener: Listener,
                                           secret: tuple[str, FileWatch]) -> None:
    with client_for(settings_for(write_store(tmp_path / "store"))) as client:
        response = client.post("/sparql", data={"update": f"LOAD <{listener.url}>"}, headers=AUTH)
    assert response.status_code == 403
    assert_untouched(listener, secret)


def test_the_tripwires_work(listener: Listener, secret: tuple[str, FileWatch]) -> None:
    """Positive control, run last in this module: both instruments notice a real fetch and a real read."""
    with urllib.request.urlopen(listener.url, timeout=5) as response:
        response.read()
    assert listener.connections == 1
    Path(secret[0].removeprefix("file://")).read_text()
    assert secret[1].events() >= 1
    listener.connections = 0
