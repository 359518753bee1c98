"""An HTTP request to the endpoint → a parsed, checked SPARQL Protocol request, or an `ApiError` (4xx).

SPARQL 1.1 Protocol §2.1–2.2 allow three shapes; everything else is refused with a message naming the problem:

    GET  ?query=…                                   query (dataset parameters in the URL)
    POST application/x-www-form-urlencoded          query=… or update=… (parameters in the body and the URL)
    POST application/sparql-query | sparql-update   the body is the operation (parameters in the URL)
    GET  with no query and no update                the service description (or the HTML form)

Refusals: 400 for two `query`s, a query and an update together, an update by GET, a dataset parameter of the
wrong operation, an IRI that is not absolute, text that is not UTF-8; 415 for any other Content-Type or a
charset other than UTF-8. The form body is decoded once, here. This module is pure (no Starlette types), so
it is tested with a table of raw requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox

from graph.store import QueryDataset

from .errors import ApiError

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"

_QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
_UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")


@dataclass(frozen=True)
class QueryRequest:
    """A query with its protocol dataset (`default-graph-uri`, `named-graph-uri`; empty when not given)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def dataset(self) -> QueryDataset | None:
        """The protocol's dataset, which replaces the query's FROM / FROM NAMED (Protocol §2.1.4), or None."""
        if not (self.default_graphs or self.named_graphs):
            return None
        return QueryDataset(self.default_graphs, self.named_graphs)


@dataclass(frozen=True)
class UpdateRequest:
    """An update with the protocol's `using-graph-uri` / `using-named-graph-uri` (SPARQL 1.1 Protocol §2.2.3)."""

    update: str
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DescriptionRequest:
    """GET without an operation: the client wants to know what the service is."""


SparqlRequest = QueryRequest | UpdateRequest | DescriptionRequest


def bad_request(detail: str) -> ApiError:
    return ApiError(400, "Bad SPARQL request", detail)


def parse_request(method: str, query_string: str, content_type: str | None, body: bytes) -> SparqlRequest:
    """Decide what the client asked for; raise `ApiError` when the request is malformed or ambiguous."""
    url_params = _decode_params(query_string, "URL query string")
    if method == "GET":
        if "update" in url_params:
            raise bad_request("An update must be sent with POST, not GET.")
        if "query" not in url_params:
            if any(name in url_params for name in _QUERY_DATASET + _UPDATE_DATASET):
                raise bad_request("Dataset parameters were given without a query= parameter.")
            return DescriptionRequest()
        return _operation(url_params, "query")
    if method != "POST":
        raise ApiError(405, "Method not allowed", f"{method} is not allowed here; use GET or POST.",
                       {"Allow": "GET, POST"})

    media_type, charset = _media_type(content_type)
    if charset is not None and charset not in ("utf-8", "utf8"):
        raise ApiError(415, "Unsupported media type",
                       f"The request body must be UTF-8, not charset={charset}.")
    if media_type == FORM:
        form = _decode_params(_utf8(body, "form body"), "form body")
        merged = {name: url_params.get(name, []) + form.get(name, []) for name in {*url_params, *form}}
        if "query" in merged and "update" in merged:
            raise bad_request("The request holds both query= and update=; send one operation per request.")
        if "update" in merged:
            return _operation(merged, "update")
        if "query" in merged:
            return _operation(merged, "query")
        raise bad_request("The form holds neither query= nor update=.")
    if media_type in (SPARQL_QUERY, SPARQL_UPDATE):
        for name in ("query", "update"):
            if name in url_params:
                raise bad_request(f"A {media_type} body was sent with {name}= in the URL too; send one operation.")
        text = _utf8(body, "request body")
        name = "query" if media_type == SPARQL_QUERY else "update"
        return _operation({**url_params, name: [text]}, name)
    if media_type is None:
        detail = "A POST needs a Content-Type: "
    else:
        detail = f"Content-Type {media_type} is not supported; use "
    raise ApiError(415, "Unsupported media type",
                   detail + f"{SPARQL_QUERY}, {SPARQL_UPDATE} or {FORM}.")


# Each operation: what it makes, its own dataset parameters, the other's (which it refuses), and its name in errors.
_OPERATIONS: dict[str, tuple[type[QueryRequest] | type[UpdateRequest], tuple[str, ...], tuple[str, ...], str]] = {
    "query": (QueryRequest, _QUERY_DATASET, _UPDATE_DATASET, "a query"),
    "update": (UpdateRequest, _UPDATE_DATASET, _QUERY_DATASET, "an update"),
}


def _operation(params: dict[str, list[str]], name: str) -> SparqlRequest:
    """The `query` or `update` in `params`, with its own dataset parameters; the other operation's are refused."""
    made, (default, named), refused, called = _OPERATIONS[name]
    _refuse_parameters(params, refused, called)
    return made(_single(params, name), _iris(params, default), _iris(params, named))


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params[name]
    if len(values) > 1:
        raise bad_request(f"The request holds {len(values)} {name}= parameters; send exactly one.")
    return values[0]


def _refuse_parameters(params: dict[str, list[str]], names: tuple[str, ...], operation: str) -> None:
    for name in names:
        if name in params:
            raise bad_request(f"{name} does not apply to {operation}.")


def _iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    """Each value must be an absolute IRI (pyoxigraph's check); the order is kept, repeats are dropped."""
    iris: list[str] = []
    for value in params.get(name, []):
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise bad_request(f"{name}={value!r} is not an absolute IRI: {error}.") from None
        if value not in iris:
            iris.append(value)
    return tuple(iris)


def _decode_params(text: str, where: str) -> dict[str, list[str]]:
    """`a=1&b=2&a=3` → {"a": ["1", "3"], "b": ["2"]}; percent-escapes must decode to UTF-8."""
    params: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise bad_request(f"The {where} is not percent-encoded UTF-8.") from None
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


def _utf8(body: bytes, where: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise bad_request(f"The {where} is not UTF-8 (byte {error.start} is invalid).") from None


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """`application/sparql-query; charset=UTF-8` → ("application/sparql-query", "utf-8")."""
    if not content_type or not content_type.strip():
        return None, None
    media_type, *params = (part.strip() for part in content_type.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset
