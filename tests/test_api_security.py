"""Nothing a client sends makes the service reach outside its store.

Two tripwires watch every request here: a TCP listener on 127.0.0.1 (counting connections) and a local
"secret" file (inotify sees any open or read, by any process, so the worker processes too). SERVICE, LOAD and
dataset clauses naming http: and file: IRIs are sent in every form the protocol allows; afterwards the
listener must have seen no connection and the file no access. A positive control at the end proves both
tripwires would have noticed.
"""

from __future__ import annotations

import sys
import time
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


def escaped(text: str, *, wide: bool = False) -> str:
    r"""Every character of `text` as a SPARQL codepoint escape (`\uXXXX`, or `\UXXXXXXXX` with `wide`)."""
    return "".join(f"\\U{ord(c):08X}" if wide else f"\\u{ord(c):04x}" for c in text)


def disguised_queries(url: str) -> list[str]:
    """SERVICE calls to `url` hidden by escapes, comments, prefixes and nesting (the first is the known bypass)."""
    host, _, path = url.removeprefix("http://").partition("/")
    pattern = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return [
        f'SELECT * {{ BIND("\\u005C" AS ?a) {pattern} BIND(" AS ?z) BIND(\\u0022" AS ?b) }}',
        f'SELECT * {{ BIND("\\U0000005C" AS ?a) {pattern} BIND(" AS ?z) BIND(\\U00000022" AS ?b) }}',
        f'SELECT * {{ BIND("\\u005c" AS ?a) SERVICE SILENT <{url}> {{ ?s ?p ?o }} '
        f'BIND(" AS ?z) BIND(\\u0022" AS ?b) }}',
        f"SELECT * {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {escaped('SERVICE', wide=True)} SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE {escaped('<' + url + '>')} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <\\u0068ttp://{host}/{path}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {escaped(pattern)} }}",
        f"SELECT * {{ SERVICE # <urn:not-this>\n <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o \\u0023 }} {pattern}\n }}",  # an escaped '#' starts a comment
        f'SELECT * {{ ?s ?p "#" {pattern} }}',
        f"PREFIX r: <http://{host}/> SELECT * {{ SERVICE r:{path} {{ ?s ?p ?o }} }}",
        f"PREFIX r: {escaped('<http://' + host + '/>')} SELECT * {{ SERVICE r:{path} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ OPTIONAL {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ ?s ?p ?o MINUS {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ FILTER NOT EXISTS {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ GRAPH ?g {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * {{ {{ SELECT ?s {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?u {{ <{url}> }} {escaped('SERVICE')} ?u {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE \\u005Cu003C{url}> {{ ?s ?p ?o }} }}",  # an escape that makes an escape
    ]


def disguised_updates(url: str) -> list[str]:
    """LOAD and SERVICE in updates, disguised the same ways."""
    return [
        f'INSERT DATA {{ <urn:a> <urn:b> "\\u005C" }} ; LOAD <{url}> ; INSERT DATA {{ <urn:a> <urn:b> \\u0022" }}',
        f'INSERT DATA {{ <urn:a> <urn:b> "\\U0000005C" }} ; LOAD SILENT <{url}> ; '
        f'INSERT DATA {{ <urn:a> <urn:b> \\U00000022" }}',
        f"{escaped('LOAD')} <{url}>",
        f"LOAD {escaped('<' + url + '>', wide=True)} INTO GRAPH <urn:g>",
        f"CLEAR SILENT GRAPH <urn:g> ; # ;\n {escaped('LOAD')} <{url}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ {escaped('SERVICE')} <{url}> {{ ?s ?p ?o }} }}",
        f'INSERT {{ ?s ?p ?o }} WHERE {{ BIND("\\u005C" AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} '
        f'BIND(" AS ?z) BIND(\\u0022" AS ?b) }}',
        f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER EXISTS {{ {escaped('SERVICE')} SILENT <{url}> "
        f"{{ ?s ?p ?o }} }} }}",
    ]


@pytest.mark.parametrize("client_name", ["strict", "lenient"])
def test_disguised_service_and_load_never_reach_out(request: pytest.FixtureRequest, client_name: str,
                                                    listener: Listener, secret: tuple[str, FileWatch]) -> None:
    """Escapes in any position, comments, prefixes, nesting: refused or read as harmless text, never run."""
    client = request.getfixturevalue(client_name)
    for target in targets(listener, secret):
        for number, text in enumerate(disguised_queries(target)):
            status, body = query(client, text)
            # Read as SPARQL says, the first three hold SERVICE only inside strings, the tenth in a comment.
            assert status == (200 if number in (0, 1, 2, 9) else 400), (text, status, body)
        for number, text in enumerate(disguised_updates(target)):
            status, body = update(client, text)
            # The sixth reads as an INSERT … WHERE over three BINDs of strings; the first two are unbalanced.
            assert status == (204 if number == 6 else 400), (text, status, body)
    assert_untouched(listener, secret)


def test_the_known_bypass_is_read_as_the_strings_it_holds(strict: TestClient, listener: Listener,
                                                          secret: tuple[str, FileWatch]) -> None:
    """Read as SPARQL says (escapes first), the bypass is three BINDs of strings: the engine runs just that."""
    status, body = query(strict, disguised_queries(listener.url)[0])
    assert status == 200
    assert '"z":{"type":"literal","value":"\\" AS ?a) SERVICE <http' in body  # the string bound to ?z
    assert_untouched(listener, secret)


def test_texts_that_would_read_two_ways_are_refused(strict: TestClient) -> None:
    for text in (r"SELECT * { ?s ?p '\u005Cu0041' }", r"ASK { ?s ?p '\uD800' }", r"ASK { ?s ?p '\U00110000' }"):
        status, body = query(strict, text)
        assert status == 400 and "Refused SPARQL request" in body, text


def test_pathological_queries_are_refused_at_once(strict: TestClient) -> None:
    for text in ("SELECT (" + " + ".join(["1"] * 10_000) + " AS ?x) {}",
                 "SELECT * " + "{" * 10_000 + "}" * 10_000,
                 "SELECT (" + "STR(" * 10_000 + "1" + ")" * 10_000 + " AS ?x) {}",
                 "SELECT * { VALUES ?x { " + " ".join(map(str, range(20_000))) + " } }"):
        started = time.perf_counter()
        response = strict.post("/sparql", content=text, headers={"content-type": "application/sparql-query"})
        assert response.status_code == 400 and response.json()["title"] == "Query too complex", text[:40]
        assert time.perf_counter() - started < 1.0
    status, body = query(strict, "SELECT (" + " + ".join(["1"] * 50) + " AS ?x) {}")  # a modest sum is answered
    assert status == 200 and '"50"' in body


def test_the_tripwires_work(listener: Listener, secret: tuple[str, FileWatch]) -> None:
    """Positive control, run last in this module: both instruments notice a real fetch and a real read."""
    with urllib.request.urlopen(listener.url, timeout=5) as response:
        response.read()
    assert listener.connections == 1
    Path(secret[0].removeprefix("file://")).read_text()
    assert secret[1].events() >= 1
    listener.connections = 0


def test_a_worker_that_dies_is_answered_500_and_replaced(tmp_path: Path) -> None:
    """Should the engine crash anyway (SIGSEGV, as Oxigraph once did on a 10,000-term sum), the client gets a
    clear 500 and the next request a fresh worker."""
    import os
    import signal
    import threading

    from .test_cli import SLOW, _children_of, _descendants

    before = set(_descendants(os.getpid()))
    with client_for(settings_for(write_store(tmp_path / "store"), query_workers=1, query_timeout=60)) as client:
        # The new worker: a child of the forkserver, not of this process (the forkserver and tracker are).
        workers = [p for p in _descendants(os.getpid()) if p not in before and p not in _children_of(os.getpid())]
        answer: list[object] = []
        asking = threading.Thread(target=lambda: answer.append(client.post("/sparql", data={"query": SLOW})))
        asking.start()
        time.sleep(1.5)  # the worker is now evaluating
        for pid in workers:
            if Path(f"/proc/{pid}/stat").exists():
                os.kill(pid, signal.SIGSEGV)
        asking.join(60)
        response = answer[0]
        assert response.status_code == 500  # type: ignore[attr-defined]
        problem = response.json()  # type: ignore[attr-defined]
        assert problem["title"] == "Worker failed" and "stopped unexpectedly" in problem["detail"]
        assert "Traceback" not in response.text  # type: ignore[attr-defined]
        status, body = query(client, "ASK { ?s ?p ?o }")
        assert status == 200 and '"boolean":true' in body


def test_a_remote_store_is_sent_exactly_the_text_that_was_checked(tmp_path: Path) -> None:
    """Forwarding (CKG_STORE=sparql:…) sends the canonical text: no escape left for the remote parser to read
    its own way, and a disguised SERVICE is refused before anything is sent."""
    import httpx

    from graph.remote_store import SparqlStore

    sent: list[str] = []

    def endpoint(request: httpx.Request) -> httpx.Response:
        from urllib.parse import parse_qs

        sent.append(parse_qs(request.content.decode())["query"][0])
        return httpx.Response(200, json={"head": {"vars": ["x"]}, "results": {"bindings": []}},
                              headers={"content-type": "application/sparql-results+json"})

    store = SparqlStore("http://remote.invalid/sparql", client=httpx.Client(transport=httpx.MockTransport(endpoint)))
    with client_for(settings_for(tmp_path / "unused"), store) as client:
        status, _ = query(client, r'SELECT ("caf\u00e9" AS ?x) { \u003Curn:s\u003E ?p ?o }')
        assert status == 200
        bypass = disguised_queries("http://127.0.0.1:9/x")[0]
        status, _ = query(client, bypass)
        assert status == 200
        for text in disguised_queries("http://127.0.0.1:9/x")[3:9]:
            status, _ = query(client, text)
            assert status == 400, text
    assert len(sent) == 2
    assert sent[0].endswith('SELECT ("café" AS ?x) { <urn:s> ?p ?o }')
    assert sent[1].endswith(bypass.replace("\\u005C", "\\").replace("\\u0022", '"'))
    assert not any("\\u" in text or "\\U" in text for text in sent)
