"""The HTTP layer as an attacker and a browser meet it, against a real uvicorn started as `cislunar-kg serve`
starts it (`api.serving.server_config`): slow and idle connections are closed, a client that leaves mid-body is
one log line, HEAD answers wherever GET does, and every answer carries the security headers.
"""

from __future__ import annotations

import logging
import re
import select
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.routing import APIRoute

from api.app import create_app
from api.editor_policy import editor_policy
from api.http_headers import PAGE_POLICY
from api.routes.named_queries import catalogue
from api.routes.sparql import EDITOR_SCRIPT
from api.serving import server_config
from api.settings import Settings

from .api_fixtures import client_for, settings_for
from .conftest import SOURCES
from .uvicorn_server import Server

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.0
KEEP_ALIVE = 1
SLACK = 1.5  # seconds past a limit a busy 2-core machine may take to act on it


@pytest.fixture(scope="module")
def server(family_store_path: Path) -> Iterator[Server]:
    settings = settings_for(family_store_path, sources=SOURCES, query_workers=1, header_timeout=HEADER_TIMEOUT,
                            body_timeout=BODY_TIMEOUT, keep_alive_timeout=KEEP_ALIVE)
    with Server(settings) as running:
        yield running


def closed_by_peer(sock: socket.socket, within: float) -> tuple[bool, bytes]:
    """Whether the server closes `sock` within `within` seconds; and what it sent before closing."""
    received = b""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([sock], [], [], left)
        if not readable:
            break
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return True, received
        if not chunk:
            return True, received
        received += chunk
    return False, received


# -- Slow and idle connections --

def test_slowloris_connections_are_closed_within_the_header_timeout(server: Server) -> None:
    clients = [server.connect() for _ in range(8)]
    started = time.monotonic()
    for sock in clients:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
    closed_at: dict[int, float] = {}
    while len(closed_at) < len(clients) and time.monotonic() - started < HEADER_TIMEOUT + SLACK + 3:
        for index, sock in enumerate(clients):  # one more header byte each, never the blank line
            if index in closed_at:
                continue
            try:
                sock.sendall(b"X")
            except OSError:
                closed_at[index] = time.monotonic() - started
                continue
            if closed_by_peer(sock, 0.0)[0] or closed_by_peer(sock, 0.01)[0]:
                closed_at[index] = time.monotonic() - started
        time.sleep(0.2)
    for sock in clients:
        sock.close()
    assert len(closed_at) == len(clients), f"only {len(closed_at)} of {len(clients)} slow clients were closed"
    assert max(closed_at.values()) < HEADER_TIMEOUT + SLACK
    assert min(closed_at.values()) >= HEADER_TIMEOUT - 0.2


def test_a_connection_that_sends_nothing_is_closed(server: Server) -> None:
    with server.connect() as sock:
        closed, received = closed_by_peer(sock, HEADER_TIMEOUT + SLACK)
    assert closed and received == b""


def test_a_half_sent_request_head_is_dropped(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Ty")
        closed, received = closed_by_peer(sock, HEADER_TIMEOUT + SLACK)
    assert closed and received == b""


def test_hundreds_of_half_sent_requests_are_all_dropped(server: Server) -> None:
    clients = [server.connect() for _ in range(200)]
    for sock in clients:
        sock.sendall(b"GET /organizations HTTP/1.1\r\nHost: localhost\r\nAccept: appl")
    deadline = time.monotonic() + HEADER_TIMEOUT + SLACK + 1
    open_ = set(clients)
    while open_ and time.monotonic() < deadline:
        readable, _, _ = select.select(list(open_), [], [], 0.2)
        for sock in readable:
            if closed_by_peer(sock, 0.01)[0]:
                open_.discard(sock)
    for sock in clients:
        sock.close()
    assert not open_, f"{len(open_)} of {len(clients)} half-sent requests still held"
    assert httpx.get(server.url + "/healthz", timeout=10).status_code == 200


def test_a_body_slower_than_the_body_timeout_gets_408_and_the_connection_closes(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK {")
        started = time.monotonic()
        closed, received = closed_by_peer(sock, BODY_TIMEOUT + SLACK + 1)
    assert closed, "the connection was left open"
    head = received.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.1 408")
    assert "connection: close" in head
    assert b"CKG_BODY_TIMEOUT" in received
    assert BODY_TIMEOUT - 0.2 <= time.monotonic() - started < BODY_TIMEOUT + SLACK


def test_an_idle_keep_alive_connection_is_closed(server: Server) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        closed, received = closed_by_peer(sock, KEEP_ALIVE + SLACK)
    assert received.startswith(b"HTTP/1.1 200")
    assert closed


def test_a_slow_next_request_on_a_kept_alive_connection_is_closed(server: Server) -> None:
    """The keep-alive timer stops at the next byte; the header deadline does not."""
    with server.connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        time.sleep(0.2)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        closed = False
        while not closed and time.monotonic() - started < HEADER_TIMEOUT + SLACK + 2:
            try:
                sock.sendall(b"G")
            except OSError:
                break
            closed = closed_by_peer(sock, 0.3)[0]
        assert time.monotonic() - started < HEADER_TIMEOUT + SLACK


def test_the_serve_options_come_from_the_settings(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, keep_alive_timeout=3, max_connections=50, max_header_bytes=32_768,
                            header_timeout=4.5)
    config = server_config(object(), settings)
    assert config.timeout_keep_alive == 3
    assert config.limit_concurrency == 50
    assert config.h11_max_incomplete_event_size == 32_768
    assert config.http.header_timeout == 4.5  # type: ignore[union-attr]
    assert config.access_log is False


def test_serve_runs_uvicorn_with_the_connection_settings(monkeypatch: pytest.MonkeyPatch,
                                                         family_store_path: Path) -> None:
    from typer.testing import CliRunner

    from api.serving import HeaderDeadlineProtocol
    from cislunar_kg.cli import app

    ran: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, *args, **kwargs: ran.append(server.config))
    monkeypatch.setattr("api.access_log.configure_logging", lambda: None)  # leave the test session's logging be
    env = {"CKG_HEADER_TIMEOUT": "3", "CKG_KEEP_ALIVE_TIMEOUT": "2", "CKG_MAX_CONNECTIONS": "64"}
    result = CliRunner().invoke(app, ["serve", "--store", str(family_store_path), "--port", "8123"], env=env)
    assert result.exit_code == 0, result.output
    (config,) = ran
    assert isinstance(config.http, type) and issubclass(config.http, HeaderDeadlineProtocol)
    assert config.http.header_timeout == 3.0
    assert (config.timeout_keep_alive, config.limit_concurrency, config.port) == (2, 64, 8123)
    assert config.access_log is False


def test_a_request_head_over_the_header_limit_is_refused(family_store_path: Path) -> None:
    with Server(settings_for(family_store_path, query_workers=1, max_header_bytes=4096)) as small:
        with small.connect() as sock:  # 6 kB of request line, its end not yet sent
            sock.sendall(b"GET /sparql?query=" + b"A" * 6000)
            closed, received = closed_by_peer(sock, 5)
        short = httpx.get(small.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert closed and received.startswith(b"HTTP/1.1 400")
    assert short.status_code == 200


# -- A client that leaves mid-body --

class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record not in self.records:  # seen once, whichever logger of the chain it reached first
            self.records.append(record)


def test_a_client_that_disconnects_mid_body_is_one_log_line_not_a_500(server: Server) -> None:
    records = Records()
    loggers = [logging.getLogger(name)
               for name in ("cislunar_kg", "cislunar_kg.access", "cislunar_kg.api", "uvicorn", "uvicorn.error")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(records)
        logger.setLevel(logging.INFO)
    try:
        with server.connect() as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 1000\r\n\r\nSELECT * WHERE {")
            time.sleep(0.3)  # the handler is reading the body now
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not any(r.name == "cislunar_kg.access" for r in records.records):
            time.sleep(0.05)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(records)
            logger.setLevel(level)
    access = [r.getMessage() for r in records.records if r.name == "cislunar_kg.access"]
    assert len(access) == 1
    assert '"path": "/sparql"' in access[0] and '"client_disconnected": true' in access[0]
    assert '"status": 499' in access[0]
    problems = [r for r in records.records if r.levelno >= logging.WARNING or r.exc_info]
    assert problems == [], [r.getMessage() for r in problems]


# -- HEAD wherever GET --

def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, through the routers `include_router` added (FastAPI keeps those as one entry each)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def example_paths() -> list[str]:
    """A concrete URL for every GET route of the app, path parameters filled in with real names."""
    app = create_app(Settings())
    fill = {"{name}": next(iter(catalogue())), "{id}": "日本航空", "{rest:path}": "organization/日本航空",
            "{version}": "0.2.0"}
    paths = []
    for route in api_routes(app.routes):
        if "GET" in route.methods:
            path = route.path
            if route.path == "/ontology/{rest:path}":
                path = "/ontology/alignments"
            for slot, value in fill.items():
                path = path.replace(slot, value)
            assert "{" not in path, f"no example for {route.path}"
            paths.append(path)
    return [*paths, "/search?q=JAL", "/static/site.css"]


@pytest.mark.parametrize("accept", ["text/html", "application/json", "*/*"])
def test_head_answers_every_get_route_with_the_gets_headers_and_no_body(server: Server, accept: str) -> None:
    paths = example_paths()
    assert len(paths) > 15
    with httpx.Client(base_url=server.url, timeout=30, headers={"accept": accept}) as client:
        for path in paths:
            got = client.get(path)
            head = client.head(path)
            assert head.status_code == got.status_code != 405, path
            assert head.content == b"", path
            drop = {"date"}
            assert {k: v for k, v in head.headers.items() if k not in drop} == \
                   {k: v for k, v in got.headers.items() if k not in drop}, path


def test_a_405_names_head_with_get(server: Server) -> None:
    response = httpx.post(server.url + "/organizations", timeout=10)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


# -- Security headers, CSP, CORS --

def test_every_answer_says_nosniff_and_a_referrer_policy(server: Server) -> None:
    for path, accept in [("/organizations", "application/json"), ("/sparql?query=ASK{}", "*/*"),
                         ("/nowhere", "application/json"), ("/static/site.css", "*/*"), ("/", "text/html"),
                         ("/sparql?query=SELEC", "application/json")]:
        response = httpx.get(server.url + path, headers={"accept": accept}, timeout=30)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path


def test_html_pages_have_a_content_security_policy_and_data_has_none(server: Server) -> None:
    pages = ["/", "/timeline", "/network", "/sparql", "/sparql?query=ASK{}", "/id/organization/日本航空",
             "/nowhere"]
    for path in pages:
        response = httpx.get(server.url + path, headers={"accept": "text/html"}, timeout=30)
        assert response.headers["content-type"].startswith("text/html"), path
        # The query page alone adds the hashes of its editor's fixed table styles (when the editor is built).
        expected = editor_policy(EDITOR_SCRIPT) if path.startswith("/sparql") else PAGE_POLICY
        assert response.headers["content-security-policy"] == expected, path
        assert "<style" not in response.text and " style=" not in response.text, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), path  # no inline script to block
    assert "script-src 'self';" in PAGE_POLICY and "default-src 'none'" in PAGE_POLICY
    data = httpx.get(server.url + "/organizations", timeout=30)
    assert "content-security-policy" not in data.headers


@pytest.mark.parametrize("path", ["/docs", "/ontology"])
def test_pages_with_inline_blocks_allow_exactly_those_by_hash(server: Server, path: str) -> None:
    import base64
    import hashlib

    response = httpx.get(server.url + path, headers={"accept": "text/html"}, timeout=30)
    policy = response.headers["content-security-policy"]
    blocks = re.findall(r"<(script|style)>(.*?)</\1>", response.text, re.DOTALL)
    assert blocks
    for tag, body in blocks:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        directive = next(d for d in policy.split("; ") if d.startswith(f"{tag}-src "))
        assert directive == f"{tag}-src 'self' 'sha256-{digest}'"
    assert "unsafe-inline" not in policy


def test_cors_is_off_by_default(tmp_path: Path, family_store_path: Path) -> None:
    with client_for(settings_for(family_store_path, query_workers=1)) as client:
        simple = client.get("/organizations", headers={"origin": "https://app.example.org"})
        preflight = client.options("/sparql", headers={"origin": "https://app.example.org",
                                                       "access-control-request-method": "POST"})
    assert simple.status_code == 200 and "access-control-allow-origin" not in simple.headers
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_answers_the_configured_origins_only(family_store_path: Path) -> None:
    settings = settings_for(family_store_path, query_workers=1, cors_origins="https://app.example.org, "
                                                                             "http://localhost:5173/")
    with client_for(settings) as client:
        allowed = client.get("/organizations", headers={"origin": "https://app.example.org"})
        local = client.get("/organizations", headers={"origin": "http://localhost:5173"})
        other = client.get("/organizations", headers={"origin": "https://evil.example"})
        preflight = client.options("/sparql", headers={"origin": "https://app.example.org",
                                                       "access-control-request-method": "POST",
                                                       "access-control-request-headers": "content-type"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "Link" in allowed.headers["access-control-expose-headers"]
    assert local.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in allowed.headers


@pytest.mark.parametrize("value", ["app.example.org", "https://app.example.org/path", "ftp://x"])
def test_a_cors_origin_that_is_not_an_origin_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValueError, match="CKG_CORS_ORIGINS"):
        settings_for(tmp_path, cors_origins=value)


# -- A file name from the store is a name, never a pattern --

@pytest.mark.parametrize("stored",
                         ["*.txt", "a-release-?.txt", "a-release-[0-9].txt", "**", "*", "a*", "a-release-1.tx?"])
def test_a_stored_file_name_with_pattern_characters_matches_only_itself(tmp_path: Path, stored: str) -> None:
    from api.pages.excerpt import find_source

    without, with_it = tmp_path / "without" / "sub", tmp_path / "with" / "sub"
    for folder in (without, with_it):
        folder.mkdir(parents=True)
        (folder / "a-release-1.txt").write_text("本文。", encoding="utf-8")
    (with_it / stored).write_text("その名の本文。", encoding="utf-8")
    assert find_source(without.parent, stored) is None
    assert find_source(with_it.parent, stored) == "その名の本文。"


def test_names_that_leave_the_sources_folder_find_nothing(tmp_path: Path) -> None:
    from api.pages.excerpt import find_source

    sources = tmp_path / "sources"
    sources.mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (sources / "a..b.txt").write_text("dots inside a name are fine", encoding="utf-8")
    (sources / "link.txt").symlink_to(tmp_path / "secret.txt")
    for name in ["..", "../secret.txt", "..%2Fsecret.txt", "secret.txt", "link.txt", "*/../secret.txt"]:
        assert find_source(sources, name) is None, name
    assert find_source(sources, "a..b.txt") == "dots inside a name are fine"
