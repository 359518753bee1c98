"""The hard time limit and the caps, against a real uvicorn on 127.0.0.1.

A runaway query (a cross product Oxigraph would take hours over) must be stopped at the configured limit and
answered 503 while cheap queries keep being answered; its worker process is replaced, so the next runaway
meets the same fate and the pool keeps its size.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from graph.store import OxigraphStore

from .api_fixtures import TOKEN, client_for, live_server, settings_for, write_store

LIMIT = 2.0
DATA = {"urn:g:numbers": " ".join(f"<urn:s{i}> <urn:p{i % 3}> {i} ." for i in range(60))}


def cross_product(n: int) -> str:
    """COUNT over n copies of every triple: 60**n rows to count (6 → about 4.7e10: hours)."""
    patterns = " . ".join(f"?s{k} ?p{k} ?o{k}" for k in range(n))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}"


RUNAWAY = cross_product(6)


@pytest.fixture(scope="module")
def threads() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(4) as pool:
        yield pool


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = write_store(tmp_path_factory.mktemp("limits") / "store", DATA)
    with live_server(settings_for(path, query_timeout=LIMIT, query_workers=2, update_token=TOKEN)) as url:
        yield url


def get(url: str, query: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.get(url + "/sparql", params={"query": query}, timeout=30)
    return response, time.monotonic() - started


def in_background(threads: ThreadPoolExecutor, url: str, query: str) -> Future[tuple[httpx.Response, float]]:
    future = threads.submit(get, url, query)
    time.sleep(0.3)  # let it reach a worker
    return future


def test_cheap_ask_is_answered_while_a_runaway_query_runs(server: str, threads: ThreadPoolExecutor) -> None:
    runaway = in_background(threads, server, RUNAWAY)
    ask, seconds = get(server, "ASK { ?s ?p ?o }")
    assert ask.status_code == 200 and ask.json()["boolean"] is True
    assert seconds < 1.0
    assert not runaway.done()

    response, seconds = runaway.result()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert f"{LIMIT:g} s limit" in response.json()["detail"]
    assert LIMIT - 0.5 <= seconds < LIMIT + 3


def test_the_killed_worker_is_replaced(server: str, threads: ThreadPoolExecutor) -> None:
    for _ in range(2):  # a second runaway meets the same limit, and a cheap query still finds a free worker
        runaway = in_background(threads, server, RUNAWAY)
        ask, seconds = get(server, "ASK {}")
        assert ask.status_code == 200 and seconds < 1.0
        assert runaway.result()[0].status_code == 503
    answer, _ = get(server, cross_product(2))
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "3600"


def test_a_runaway_update_is_stopped_and_leaves_no_trace(server: str) -> None:
    patterns = " . ".join(f"?s{k} ?p{k} ?o{k}" for k in range(6))
    # An update's WHERE reads the store's own default graph unless told otherwise (Oxigraph has no union there).
    update = f"INSERT {{ GRAPH <urn:g:out> {{ ?s0 <urn:p> ?s1 }} }} USING <urn:g:numbers> WHERE {{ {patterns} }}"
    started = time.monotonic()
    response = httpx.post(server + "/sparql", data={"update": update}, headers={"authorization": f"Bearer {TOKEN}"},
                          timeout=30)
    assert response.status_code == 503
    assert time.monotonic() - started < LIMIT + 3
    ask, _ = get(server, "ASK { GRAPH <urn:g:out> { ?s ?p ?o } }")
    assert ask.status_code == 200 and ask.json()["boolean"] is False
    assert get(server, "ASK { ?s ?p ?o }")[0].json()["boolean"] is True


def test_a_request_beyond_the_cap_waits_its_turn(tmp_path: Path, threads: ThreadPoolExecutor) -> None:
    """Past CKG_MAX_CONCURRENT a request is queued, not refused: it runs once the running one is stopped."""
    path = write_store(tmp_path / "store", DATA)
    settings = settings_for(path, query_timeout=LIMIT, max_concurrent=1, queue_wait=LIMIT + 3,
                            long_query_after=60.0)  # the runaway keeps its place to the end
    with live_server(settings) as url:
        runaway = in_background(threads, url, RUNAWAY)
        queued, seconds = get(url, "ASK {}")
        assert queued.status_code == 200 and queued.json()["boolean"] is True
        assert runaway.result()[0].status_code == 503
        assert LIMIT - 1 <= seconds < LIMIT + 2  # it waited for the runaway's place
        assert get(url, "ASK {}")[0].status_code == 200  # the place came back


def test_in_memory_store_has_a_soft_limit(tmp_path: Path) -> None:
    """Threads cannot be killed: the client gets 503 at the limit, the thread finishes on its own."""
    store = OxigraphStore()
    store.update(f"INSERT DATA {{ GRAPH <urn:g:numbers> {{ {DATA['urn:g:numbers']} }} }}")
    with client_for(settings_for(tmp_path, query_timeout=0.5), store) as client:
        started = time.monotonic()
        response = client.get("/sparql", params={"query": cross_product(4)})  # about 2 s of work
        assert response.status_code == 503
        assert time.monotonic() - started < 1.5
        assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
