"""Several API processes serve one embedded store folder: each `cislunar-kg serve` opens it read-only in its
query workers, so two servers on one folder answer alike, side by side and at the same time."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

CLI = Path(sys.executable).parent / "cislunar-kg"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server on {url} exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server on {url} did not answer /healthz")


@pytest.fixture(scope="module")
def servers(family_store_path: Path) -> Iterator[list[str]]:
    started: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [str(CLI), "serve", "--store", str(family_store_path), "--host", "127.0.0.1", "--port", str(port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )  # fmt: skip
            url = f"http://127.0.0.1:{port}"
            started.append((url, process))
            _wait_until_healthy(url, process)
        yield [url for url, _ in started]
    finally:
        for _, process in started:
            process.terminate()
        for _, process in started:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def _count(url: str) -> int:
    response = httpx.post(url + "/sparql", data={"query": COUNT},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)  # fmt: skip
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_two_servers_on_one_folder_give_the_same_answers(servers: list[str]) -> None:
    counts = [_count(url) for url in servers]
    assert counts[0] > 0 and counts[0] == counts[1]
    # the same page, links aside (each server writes links to itself)
    pages = [httpx.get(url + "/organizations", params={"limit": 100}, timeout=30).text.replace(url, "")
             for url in servers]
    assert pages[0] == pages[1]
    assert '"items":[{' in pages[0].replace(" ", "")


def test_two_servers_answer_at_the_same_time(servers: list[str]) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(_count, servers * 8))
    assert len(set(counts)) == 1
