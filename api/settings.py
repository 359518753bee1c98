"""The service's settings: one frozen object, every `CKG_*` environment variable declared once below.

Each field is a variable (`CKG_` + its name in capitals) with its type, default, bounds and help text; pydantic
reads and checks them, `markdown_table()` renders the settings table of the docs from the same declaration
(`python -m api.settings`), and nothing else in the code reads a `CKG_*` variable.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

import pyoxigraph as ox
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict
from pydantic_settings.sources.utils import parse_env_vars

from graph.errors import StoreError
from graph.namespaces import DEFAULT_BASE_IRI
from graph.store_factory import StoreCredentials, parse_spec

PREFIX = "CKG_"
_ORIGIN = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[^/\s:\[\]]+)(:[0-9]{1,5})?")  # scheme://host[:port]


class Settings(BaseSettings):
    """Everything the service can be told; read it with `Settings.from_env(**overrides)`.

    Built directly (`Settings(max_rows=5)`) it holds the defaults and what is given, and reads no variable.
    """

    model_config = SettingsConfigDict(env_prefix=PREFIX, frozen=True, extra="forbid", validate_default=True)

    store: Path | str = Field(
        Path("var/store"),
        description="The store to serve: a folder of the embedded Oxigraph (RocksDB) store (`PATH` or "
        "`oxigraph:PATH`), or any SPARQL 1.1 Query + Update endpoint (`sparql:QUERY_URL[,UPDATE_URL]`), whose "
        "credentials come only from `CKG_STORE_USER` + `CKG_STORE_PASSWORD` (basic; digest with "
        "`CKG_STORE_AUTH=digest`) or `CKG_STORE_TOKEN` (bearer).",
    )
    store_user: str | None = Field(
        None, description="User name for a `sparql:` store (with `CKG_STORE_PASSWORD`); never part of the URL."
    )
    store_password: SecretStr | None = Field(None, description="Password of `CKG_STORE_USER` for a `sparql:` store.")
    store_token: SecretStr | None = Field(
        None, description="Bearer token for a `sparql:` store, instead of `CKG_STORE_USER` + `CKG_STORE_PASSWORD`."
    )
    store_auth: Literal["basic", "digest"] = Field(
        "basic", description="How `CKG_STORE_USER` + `CKG_STORE_PASSWORD` are sent: `basic` or `digest`."
    )
    base_iri: str = Field(
        DEFAULT_BASE_IRI, description="Base IRI of the data; relative IRIs in queries and updates resolve against it."
    )
    query_timeout: float = Field(
        10.0, gt=0,
        description="Seconds a query or update may run; at the limit its worker process is stopped and the answer "
        "is 503.",
    )
    max_rows: int = Field(
        10_000, gt=0,
        description="Most result rows (solutions or triples) one answer may hold; a larger answer is refused with "
        "413.",
    )
    max_body: int = Field(1_048_576, gt=0, description="Largest request body in bytes; a larger one gets 413.")
    max_concurrent: int = Field(
        4, gt=0,
        description="Requests that may use the store at once; the next ones wait their turn in a queue "
        "(`CKG_QUEUE_LENGTH`, `CKG_QUEUE_WAIT`).",
    )
    update_token: str | None = Field(
        None, description="Bearer token that allows SPARQL Update; unset means updates are off (403)."
    )
    query_workers: int = Field(
        2, gt=0, description="Worker processes that run queries; each opens the store read-only."
    )
    allow_unknown_graphs: bool = Field(
        False,
        description="Treat a dataset graph (FROM, FROM NAMED, USING, default-graph-uri, named-graph-uri, "
        "using-graph-uri, using-named-graph-uri) that is not in the store as empty instead of refusing the request "
        "with 400. The W3C protocol tests need it on; no graph is ever fetched either way.",
    )
    sources: Path = Field(
        Path("data/sources"),
        description="Folder holding the release files that were loaded (searched by the documents' `ckg:fileName`, "
        "subfolders included); the HTML pages read them to show each fact's sentence with its span highlighted. "
        "A file that is missing or differs from the stored `ckg:charCount` shows the stored quote alone.",
    )
    query_max_depth: int = Field(
        32, gt=0,
        description="Deepest nesting of brackets (`{`, `(`, `[`) a query or update may have; a deeper one is "
        "refused with 400 before it is parsed.",
    )
    query_max_tokens: int = Field(
        5_000, gt=0,
        description="Most tokens (names, literals, IRIs, punctuation; not comments) a query or update may hold; a "
        "longer one is refused with 400 before it is parsed.",
    )
    query_max_operators: int = Field(
        500, gt=0,
        description="Most operators (`+`, `&&`, `=`, `/`, …) a query or update may hold; more is refused with 400 "
        "before it is parsed (long expressions are what the parsers are slowest on, and what crashed the engine).",
    )
    allow_unsandboxed: bool = Field(
        False,
        description="Run queries and updates even where the network sandbox (a seccomp filter that stops the "
        "engine opening network sockets) cannot be applied. Off: such a worker refuses them with 503 and logs why.",
    )
    queue_length: int = Field(
        64, ge=0,
        description="Requests that may wait for a place when `CKG_MAX_CONCURRENT` are running; one more is "
        "answered 503 with Retry-After at once (and `/readyz` answers 503 while the queue is full).",
    )
    queue_wait: float = Field(
        5.0, gt=0,
        description="Seconds a request may wait in that queue; past it, it is answered 503 with Retry-After.",
    )
    query_memory: int = Field(
        512, gt=0,
        description="MiB of resident memory a query worker may use (an idle one uses about 80); past it the worker "
        "is stopped and replaced, and the query answered 413. Only for a store folder (worker processes).",
    )
    long_query_after: float = Field(
        0.5, gt=0,
        description="Seconds after which a running query counts as long: its worker drops to the lowest CPU "
        "priority and a fresh worker takes its place for other requests.",
    )
    long_queries: int = Field(
        2, ge=0,
        description="Long queries that may run at once, besides the `CKG_QUERY_WORKERS` for the others; one more "
        "that turns long is stopped with 503 and Retry-After. 0 stops every query at `CKG_LONG_QUERY_AFTER`.",
    )
    header_timeout: float = Field(
        10.0, gt=0,
        description="Seconds a client has to send a request's line and headers, counted from when it connects or "
        "from the end of its previous answer; a connection still short of them then is closed (slow-header "
        "clients).",
    )
    body_timeout: float = Field(
        30.0, gt=0,
        description="Seconds a client has to send a request body once its headers are in; a slower one is "
        "answered 408 and the connection closed.",
    )
    keep_alive_timeout: int = Field(
        5, gt=0,
        description="Seconds an idle keep-alive connection is held open after an answer before the server closes "
        "it.",
    )
    max_connections: int = Field(
        256, gt=0,
        description="Open connections (and requests in progress) the server accepts work from at once; a request "
        "beyond them gets 503 at once from the HTTP server itself.",
    )
    max_header_bytes: int = Field(
        65_536, gt=0,
        description="Most bytes of a request line and headers the server holds while waiting for their end (it "
        "bounds a GET query's length); beyond that the request gets 400. Set the proxy's limit to match: it is "
        "the strict one.",
    )
    cors_origins: str | None = Field(
        None,
        description="Comma-separated origins (`https://app.example.org`, or `*` for any) whose browser scripts may "
        "read answers cross-origin (CORS, without credentials); unset means CORS is off.",
    )
    log_level: Literal["critical", "error", "warning", "info", "debug", "trace"] = Field(
        "info", description="How much the server logs: `critical`, `error`, `warning`, `info`, `debug` or `trace`."
    )

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:  # one line naming the variable, for the CLI's `error: …`
            raise ValueError(_one_line(error)) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"settings are frozen: cannot set {name}")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only what is given: `from_env` is where the variables are read (from a mapping tests can hand in)."""
        return (init_settings,)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then `CKG_*` variables, then keyword overrides (what a CLI flag sets) — later wins.

        An override of `None` means "not given" (an unset CLI option), so it never hides a variable. A variable
        that is blank counts as unset.
        """
        unknown = set(overrides) - set(cls.model_fields)
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        values = _EnvironSource(cls, os.environ if environ is None else environ)()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @field_validator("store", mode="after")
    @classmethod
    def _store(cls, value: Path | str) -> Path | str:
        store = store_setting(value)
        if isinstance(store, str):
            try:
                parse_spec(store)
            except StoreError as error:
                raise ValueError(f"CKG_STORE={store!r} is not valid: {error}") from None
        return store

    @field_validator("store_auth", "log_level", mode="before")
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("base_iri", mode="after")
    @classmethod
    def _base_iri(cls, value: str) -> str:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise ValueError(f"CKG_BASE_IRI must be an absolute IRI, not {value!r}: {error}") from None
        return value

    @field_validator("update_token", mode="after")
    @classmethod
    def _update_token(cls, value: str | None) -> str | None:
        if value == "":
            raise ValueError("CKG_UPDATE_TOKEN must not be empty; unset it to turn updates off")
        return value

    @field_validator("cors_origins", mode="after")
    @classmethod
    def _cors_origins(cls, value: str | None) -> str | None:
        for origin in _origins(value):
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"CKG_CORS_ORIGINS: {origin!r} is not an origin (scheme://host[:port], or *)")
        return value

    def replace(self, **changes: Any) -> Settings:
        """A copy with `changes`, checked as the original was."""
        return type(self)(**{**dict(self), **changes})

    @property
    def cors_origin_list(self) -> tuple[str, ...]:
        """CKG_CORS_ORIGINS as a list; empty when CORS is off."""
        return _origins(self.cors_origins)

    @property
    def updates_enabled(self) -> bool:
        return self.update_token is not None

    @property
    def store_credentials(self) -> StoreCredentials:
        """What a `sparql:` store is opened with (CKG_STORE_USER, _PASSWORD, _TOKEN, _AUTH)."""
        return StoreCredentials(
            user=self.store_user,
            password=None if self.store_password is None else self.store_password.get_secret_value(),
            token=None if self.store_token is None else self.store_token.get_secret_value(),
            scheme=self.store_auth,
        )


class _EnvironSource(EnvSettingsSource):
    """The `CKG_*` variables of `environ` (the process's, or one handed in), stripped; a blank one is unset."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = {k: v.strip() for k, v in environ.items() if k.upper().startswith(PREFIX) and v.strip()}
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(self._environ, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str)


class Setting(NamedTuple):
    """One documented setting: the field, its environment variable, default and help text."""

    name: str
    env: str
    default: Any
    help: str


def env_name(name: str) -> str:
    return PREFIX + name.upper()


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(name, env_name(name), field.default, field.description or "")
    for name, field in Settings.model_fields.items()
)


def store_setting(value: str | Path) -> Path | str:
    """CKG_STORE as the service holds it: a folder as a `Path` (`oxigraph:` dropped), a `sparql:` spec as text."""
    if isinstance(value, Path):
        return value
    text = value.strip()
    if text.startswith("sparql:"):
        return text
    return Path(text.removeprefix("oxigraph:"))


def _origins(value: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(origin.strip().rstrip("/") for origin in value.split(",") if origin.strip())


def _one_line(error: ValidationError) -> str:
    """The first problem, naming the variable so the operator can fix it."""
    first = error.errors()[0]
    variable = env_name(str(first["loc"][0])) if first["loc"] else "settings"
    given, context = first.get("input"), first.get("ctx") or {}
    if first["type"] == "value_error":  # our own checks' messages name the variable already
        return str(context.get("error", first["msg"]))
    if first["type"] == "greater_than":
        return f"{variable} must be greater than {context['gt']}, not {given}"
    if first["type"] == "greater_than_equal" and context.get("ge") == 0:
        return f"{variable} must not be negative, not {given}"
    return f"{variable}={given!r} is not valid: {first['msg']}"


def markdown_table() -> str:
    """The settings as a Markdown table, for the docs (a test checks the docs hold exactly this table)."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = "unset" if setting.default is None else f"`{setting.default}`"
        lines.append(f"| `{setting.env}` | {default} | {setting.help} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
