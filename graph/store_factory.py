"""One setting picks the store: `oxigraph:PATH` (the default; a bare path means the same) or
`sparql:QUERY_URL[,UPDATE_URL]` for any SPARQL 1.1 Query + Update endpoint.

Credentials for a remote endpoint are handed in as `StoreCredentials`, which the settings read from the
environment only — never from a command line, where `ps` and shell history would show them: `CKG_STORE_USER` +
`CKG_STORE_PASSWORD` (HTTP basic, or digest with `CKG_STORE_AUTH=digest`) or `CKG_STORE_TOKEN` (bearer).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import httpx

from .errors import StoreError
from .namespaces import DEFAULT_BASE_IRI, ONTOLOGY_IRI
from .remote_store import SparqlStore
from .store import OxigraphStore
from .store_interface import Store


@dataclass(frozen=True)
class StoreSpec:
    kind: str  # "oxigraph" or "sparql"
    path: Path | None = None
    query_url: str | None = None
    update_url: str | None = None


def parse_spec(spec: str | Path) -> StoreSpec:
    text = str(spec).strip()
    if text.startswith("sparql:"):
        urls = [u.strip() for u in text.removeprefix("sparql:").split(",")]
        if not urls[0] or len(urls) > 2 or not all(u.startswith(("http://", "https://")) for u in urls):
            raise StoreError(f"store {text!r}: expected sparql:QUERY_URL[,UPDATE_URL] with http(s) URLs")
        if any("@" in u.split("/")[2] for u in urls):
            raise StoreError("store URLs must not carry credentials; set CKG_STORE_USER/CKG_STORE_PASSWORD instead")
        return StoreSpec("sparql", query_url=urls[0], update_url=urls[1] if len(urls) == 2 else None)
    path = text.removeprefix("oxigraph:")
    if not path:
        raise StoreError("store 'oxigraph:' needs a folder, e.g. oxigraph:var/store")
    return StoreSpec("oxigraph", path=Path(path))


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


@dataclass(frozen=True)
class StoreCredentials:
    """How to sign in to a remote endpoint: a bearer token, or a user and password (basic or digest)."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    scheme: str = "basic"  # or "digest", for user and password

    def auth(self) -> httpx.Auth | None:
        if self.token and self.user:
            raise StoreError("set either CKG_STORE_TOKEN or CKG_STORE_USER/CKG_STORE_PASSWORD, not both")
        if self.token:
            return BearerAuth(self.token)
        if self.user:
            if self.scheme.lower() == "digest":
                return httpx.DigestAuth(self.user, self.password or "")
            return httpx.BasicAuth(self.user, self.password or "")
        return None


def open_store(
    spec: str | Path,
    *,
    read_only: bool = False,
    timeout: float = 60.0,
    base_iri: str = DEFAULT_BASE_IRI,
    credentials: StoreCredentials | None = None,
) -> Store:
    """The store a spec names; a remote one sees only the project's graphs (under `base_iri`, and the ontology)."""
    parsed = parse_spec(spec)
    if parsed.kind == "oxigraph":
        return OxigraphStore(parsed.path, read_only=read_only)
    assert parsed.query_url is not None
    return SparqlStore(
        parsed.query_url,
        parsed.update_url,
        auth=None if credentials is None else credentials.auth(),
        timeout=timeout,
        graph_prefixes=(base_iri, ONTOLOGY_IRI),
    )
