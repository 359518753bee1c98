"""The service's settings: one frozen object read from `CKG_*` environment variables.

Settings are data (as Datasette's `Setting(name, default, help)`): `SETTINGS` lists every field with its
variable, default and help text, so the README and `--help` can be generated from it and a test can fail when one
is undocumented. Nothing else in `api/` reads the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from graph.errors import StoreError
from graph.namespaces import DEFAULT_BASE_IRI
from graph.store_factory import parse_spec


class Setting(NamedTuple):
    """One documented setting: the dataclass field, its environment variable, default and help text."""

    name: str
    env: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "CKG_STORE",
        Path("var/store"),
        "The store to serve: a folder of the embedded Oxigraph (RocksDB) store (`PATH` or `oxigraph:PATH`), or any "
        "SPARQL 1.1 Query + Update endpoint (`sparql:QUERY_URL[,UPDATE_URL]`), whose credentials come only from "
        "`CKG_STORE_USER` + `CKG_STORE_PASSWORD` (basic; digest with `CKG_STORE_AUTH=digest`) or `CKG_STORE_TOKEN` "
        "(bearer).",
    ),
    Setting(
        "base_iri",
        "CKG_BASE_IRI",
        DEFAULT_BASE_IRI,
        "Base IRI of the data; relative IRIs in queries and updates resolve against it.",
    ),
    Setting(
        "query_timeout",
        "CKG_QUERY_TIMEOUT",
        10.0,
        "Seconds a query or update may run; at the limit its worker process is stopped and the answer is 503.",
    ),
    Setting(
        "max_rows",
        "CKG_MAX_ROWS",
        10_000,
        "Most result rows (solutions or triples) one answer may hold; a larger answer is refused with 413.",
    ),
    Setting("max_body", "CKG_MAX_BODY", 1_048_576, "Largest request body in bytes; a larger one gets 413."),
    Setting(
        "max_concurrent",
        "CKG_MAX_CONCURRENT",
        4,
        "Requests that may use the store at once; the next ones wait their turn in a queue "
        "(`CKG_QUEUE_LENGTH`, `CKG_QUEUE_WAIT`).",
    ),
    Setting(
        "update_token",
        "CKG_UPDATE_TOKEN",
        None,
        "Bearer token that allows SPARQL Update; unset means updates are off (403).",
    ),
    Setting(
        "query_workers",
        "CKG_QUERY_WORKERS",
        2,
        "Worker processes that run queries; each opens the store read-only.",
    ),
    Setting(
        "allow_unknown_graphs",
        "CKG_ALLOW_UNKNOWN_GRAPHS",
        False,
        "Treat a dataset graph (FROM, FROM NAMED, USING, default-graph-uri, named-graph-uri, using-graph-uri, "
        "using-named-graph-uri) that is not in the store as empty instead of refusing the request with 400. "
        "The W3C protocol tests need it on; no graph is ever fetched either way.",
    ),
    Setting(
        "sources",
        "CKG_SOURCES",
        Path("data/sources"),
        "Folder holding the release files that were loaded (searched by the documents' `ckg:fileName`, "
        "subfolders included); the HTML pages read them to show each fact's sentence with its span highlighted. "
        "A file that is missing or differs from the stored `ckg:charCount` shows the stored quote alone.",
    ),
    Setting(
        "query_max_depth",
        "CKG_QUERY_MAX_DEPTH",
        32,
        "Deepest nesting of brackets (`{`, `(`, `[`) a query or update may have; a deeper one is refused with 400 "
        "before it is parsed.",
    ),
    Setting(
        "query_max_tokens",
        "CKG_QUERY_MAX_TOKENS",
        5_000,
        "Most tokens (names, literals, IRIs, punctuation; not comments) a query or update may hold; a longer one is "
        "refused with 400 before it is parsed.",
    ),
    Setting(
        "query_max_operators",
        "CKG_QUERY_MAX_OPERATORS",
        500,
        "Most operators (`+`, `&&`, `=`, `/`, …) a query or update may hold; more is refused with 400 before it is "
        "parsed (long expressions are what the parsers are slowest on, and what crashed the engine).",
    ),
    Setting(
        "allow_unsandboxed",
        "CKG_ALLOW_UNSANDBOXED",
        False,
        "Run queries and updates even where the network sandbox (a seccomp filter that stops the engine opening "
        "network sockets) cannot be applied. Off: such a worker refuses them with 503 and logs why.",
    ),
    Setting(
        "queue_length",
        "CKG_QUEUE_LENGTH",
        64,
        "Requests that may wait for a place when `CKG_MAX_CONCURRENT` are running; one more is answered 503 with "
        "Retry-After at once (and `/readyz` answers 503 while the queue is full).",
    ),
    Setting(
        "queue_wait",
        "CKG_QUEUE_WAIT",
        5.0,
        "Seconds a request may wait in that queue; past it, it is answered 503 with Retry-After.",
    ),
    Setting(
        "query_memory",
        "CKG_QUERY_MEMORY",
        512,
        "MiB of resident memory a query worker may use (an idle one uses about 80); past it the worker is stopped "
        "and replaced, and the query answered 413. Only for a store folder (worker processes).",
    ),
    Setting(
        "long_query_after",
        "CKG_LONG_QUERY_AFTER",
        0.5,
        "Seconds after which a running query counts as long: its worker drops to the lowest CPU priority and a "
        "fresh worker takes its place for other requests.",
    ),
    Setting(
        "long_queries",
        "CKG_LONG_QUERIES",
        2,
        "Long queries that may run at once, besides the `CKG_QUERY_WORKERS` for the others; one more that turns "
        "long is stopped with 503 and Retry-After. 0 stops every query at `CKG_LONG_QUERY_AFTER`.",
    ),
    Setting(
        "header_timeout",
        "CKG_HEADER_TIMEOUT",
        10.0,
        "Seconds a client has to send a request's line and headers, counted from when it connects or from the "
        "end of its previous answer; a connection still short of them then is closed (slow-header clients).",
    ),
    Setting(
        "body_timeout",
        "CKG_BODY_TIMEOUT",
        30.0,
        "Seconds a client has to send a request body once its headers are in; a slower one is answered 408 "
        "and the connection closed.",
    ),
    Setting(
        "keep_alive_timeout",
        "CKG_KEEP_ALIVE_TIMEOUT",
        5,
        "Seconds an idle keep-alive connection is held open after an answer before the server closes it.",
    ),
    Setting(
        "max_connections",
        "CKG_MAX_CONNECTIONS",
        256,
        "Open connections (and requests in progress) the server accepts work from at once; a request beyond "
        "them gets 503 at once from the HTTP server itself.",
    ),
    Setting(
        "max_header_bytes",
        "CKG_MAX_HEADER_BYTES",
        65_536,
        "Most bytes of a request line and headers the server holds while waiting for their end (it bounds a "
        "GET query's length); beyond that the request gets 400. Set the proxy's limit to match: it is the strict one.",
    ),
    Setting(
        "cors_origins",
        "CKG_CORS_ORIGINS",
        None,
        "Comma-separated origins (`https://app.example.org`, or `*` for any) whose browser scripts may read "
        "answers cross-origin (CORS, without credentials); unset means CORS is off.",
    ),
)

_TRUE = {"1", "true", "yes", "on"}
_ORIGIN = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[^/\s:\[\]]+)(:[0-9]{1,5})?")  # scheme://host[:port]
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Settings:
    """Everything the service can be told; build it with `Settings.from_env(**overrides)`."""

    store: Path | str = Path("var/store")  # a folder, or a `sparql:…` spec (see `is_remote`)
    base_iri: str = DEFAULT_BASE_IRI
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_048_576
    max_concurrent: int = 4
    update_token: str | None = None
    query_workers: int = 2
    allow_unknown_graphs: bool = False
    sources: Path = Path("data/sources")
    query_max_depth: int = 32
    query_max_tokens: int = 5_000
    query_max_operators: int = 500
    allow_unsandboxed: bool = False
    queue_length: int = 64
    queue_wait: float = 5.0
    query_memory: int = 512
    long_query_after: float = 0.5
    long_queries: int = 2
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive_timeout: int = 5
    max_connections: int = 256
    max_header_bytes: int = 65_536
    cors_origins: str | None = None

    def __post_init__(self) -> None:
        for name in ("query_timeout", "max_rows", "max_body", "max_concurrent", "query_workers", "query_max_depth",
                     "query_max_tokens", "query_max_operators", "queue_wait", "query_memory", "long_query_after"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{_env(name)} must be greater than 0, not {getattr(self, name)!r}")
        for name in ("queue_length", "long_queries"):
            if getattr(self, name) < 0:
                raise ValueError(f"{_env(name)} must not be negative, not {getattr(self, name)!r}")
        try:
            ox.NamedNode(self.base_iri)
        except ValueError as error:
            raise ValueError(f"CKG_BASE_IRI must be an absolute IRI, not {self.base_iri!r}: {error}") from None
        object.__setattr__(self, "store", store_setting(self.store))  # frozen: normalise once, here
        if isinstance(self.store, str):
            try:
                parse_spec(self.store)
            except StoreError as error:
                raise ValueError(f"CKG_STORE={self.store!r} is not valid: {error}") from None
        if self.update_token == "":
            raise ValueError("CKG_UPDATE_TOKEN must not be empty; unset it to turn updates off")
        for name in ("header_timeout", "body_timeout", "keep_alive_timeout", "max_connections",
                     "max_header_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{_env(name)} must be greater than 0, not {getattr(self, name)!r}")
        for origin in self.cors_origin_list:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"CKG_CORS_ORIGINS: {origin!r} is not an origin (scheme://host[:port], or *)")

    @property
    def is_remote(self) -> bool:
        """CKG_STORE names a remote SPARQL endpoint (`sparql:…`), not a folder."""
        return isinstance(self.store, str)

    @property
    def cors_origin_list(self) -> tuple[str, ...]:
        """CKG_CORS_ORIGINS as a list; empty when CORS is off."""
        if self.cors_origins is None:
            return ()
        return tuple(origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip())

    @property
    def updates_enabled(self) -> bool:
        return self.update_token is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then `CKG_*` variables, then keyword overrides (what a CLI flag sets) — later wins.

        An override of `None` means "not given" (an unset CLI option), so it never hides a variable.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw is not None and raw.strip() != "":
                values[setting.name] = _convert(setting, raw.strip())
        unknown = set(overrides) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "store" in values:
            values["store"] = store_setting(values["store"])
        return replace(cls(), **values)


def store_setting(value: str | Path) -> Path | str:
    """CKG_STORE as the service holds it: a folder as a `Path` (`oxigraph:` dropped), a `sparql:` spec as text."""
    if isinstance(value, Path):
        return value
    text = value.strip()
    if text.startswith("sparql:"):
        return text
    return Path(text.removeprefix("oxigraph:"))


def _env(name: str) -> str:
    return next(s.env for s in SETTINGS if s.name == name)


def _convert(setting: Setting, raw: str) -> Any:
    """A variable's text as the field's type; the error names the variable so the operator can fix it."""
    kind = type(setting.default)
    try:
        if kind is bool:
            if raw.lower() in _TRUE:
                return True
            if raw.lower() in _FALSE:
                return False
            raise ValueError("expected one of " + ", ".join(sorted(_TRUE | _FALSE)))
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        if setting.name == "store":
            return store_setting(raw)
        if isinstance(setting.default, Path):
            return Path(raw)
    except ValueError as error:
        raise ValueError(f"{setting.env}={raw!r} is not valid: {error}") from None
    return raw


def markdown_table() -> str:
    """The settings as a Markdown table, for the README (a test checks the README names every variable)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = "unset" if setting.default is None else f"`{setting.default}`"
        lines.append(f"| `{setting.env}` | {default} | {setting.help} |")
    return "\n".join(lines)
