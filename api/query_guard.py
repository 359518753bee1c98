"""Check a query or update before any engine sees it: no SERVICE, no LOAD, only graphs the store holds.

Oxigraph (like rdflib's `evalServiceQuery`) sends an HTTP request for `SERVICE <iri>` and `LOAD <iri>`, and no
setting turns that off. So every operation is first parsed with rdflib's SPARQL 1.1 parser and algebra
translation — pure Python, no network — and the whole parse tree is walked (FILTER EXISTS, subqueries and
update WHERE clauses included): any `SERVICE` or `LOAD` is refused with 400. The dataset the operation reads
(FROM, FROM NAMED, USING, USING NAMED and the protocol parameters) comes out of the same parse, so
`check_graphs` can refuse graph names the store does not hold.

Only canonical text is checked (`sparql_text`: codepoint escapes expanded once, none left), the text the
engine then runs, because rdflib and Oxigraph expand escapes in different places.

The parser is stricter than Oxigraph's in places (Oxigraph also reads SPARQL 1.2 syntax such as `<<( … )>>`
triple terms, and rdflib has a few bugs of its own). Such a request is refused with 400 and says why: this
service runs only what it has checked, so "cannot be checked" must mean "not run", never "run unchecked".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeVar

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import ApiError

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}

# pyparsing grammars are module globals; one parse at a time keeps thread mode (in-memory stores) safe.
_PARSER_LOCK = threading.Lock()

_Parsed = TypeVar("_Parsed")


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its form and the graphs its FROM / FROM NAMED clauses name."""

    form: QueryForm
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named_graphs)


@dataclass(frozen=True)
class CheckedUpdate:
    """An update that passed the guard.

    `modify_count` counts DELETE/INSERT … WHERE operations (where `using-graph-uri` applies);
    `has_dataset_clause` is true when any operation has USING, USING NAMED or WITH.
    """

    modify_count: int
    using_graphs: tuple[str, ...]
    has_dataset_clause: bool


def refused(detail: str) -> ApiError:
    return ApiError(400, "Refused SPARQL request", detail)


# rdflib's parser costs 1–10 ms a query: remember verdicts on the short texts that clients repeat (named
# queries, lookups). Refusals raise, so they are never cached.
_CACHEABLE_LENGTH = 8192


def check_query(text: str, base_iri: str) -> CheckedQuery:
    """Parse and walk a query; raise 400 on a syntax error, SERVICE, or anything the parser cannot check."""
    if len(text) <= _CACHEABLE_LENGTH:
        return _check_query_cached(text, base_iri)
    return _check_query(text, base_iri)


def _check_query(text: str, base_iri: str) -> CheckedQuery:
    query = _parse(text, base_iri, parseQuery, translateQuery, "query")
    algebra = query.algebra
    _refuse_service(algebra)
    defaults: list[str] = []
    named: list[str] = []
    for clause in _field(algebra, "datasetClause") or []:
        if _field(clause, "default") is not None:
            defaults.append(str(_field(clause, "default")))
        if _field(clause, "named") is not None:
            named.append(str(_field(clause, "named")))
    return CheckedQuery(_FORMS[algebra.name], tuple(dict.fromkeys(defaults)), tuple(dict.fromkeys(named)))


_check_query_cached = lru_cache(maxsize=256)(_check_query)


def check_update(text: str, base_iri: str) -> CheckedUpdate:
    """Parse and walk an update; raise 400 on a syntax error, SERVICE, LOAD, or anything it cannot check."""
    update = _parse(text, base_iri, parseUpdate, translateUpdate, "update")
    operations = list(update.algebra) if not isinstance(update, list) else []
    modify_count = 0
    using: list[str] = []
    has_dataset_clause = False
    for operation in operations:
        if operation.name == "Load":
            raise refused(
                f"LOAD is not allowed here: this service never fetches data (<{_field(operation, 'iri')}>)."
            )
        _refuse_service(operation)
        if operation.name == "Modify":
            modify_count += 1
            if _field(operation, "withClause") is not None:
                has_dataset_clause = True
            for clause in _field(operation, "using") or []:
                has_dataset_clause = True
                iri = _field(clause, "default")
                using.append(str(iri if iri is not None else _field(clause, "named")))
    return CheckedUpdate(modify_count, tuple(dict.fromkeys(using)), has_dataset_clause)


def check_graphs(graphs: Iterable[str], known: Collection[str]) -> None:
    """Refuse dataset graphs the store does not hold: a name that is not in the store is never looked up."""
    unknown = [g for g in dict.fromkeys(graphs) if g not in known]
    if unknown:
        names = ", ".join(f"<{g}>" for g in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise refused(
            f"The request's dataset names graphs this store does not hold: {names}. "
            "Only local graphs can be queried (see the service description for the list)."
        )


def refuse_keywords(keywords: Collection[str]) -> None:
    """Refuse at once a text whose scan (`query_complexity`) found SERVICE or LOAD as a keyword: no parse needed."""
    if "LOAD" in keywords:
        raise refused("LOAD is not allowed here: this service never fetches data.")
    if "SERVICE" in keywords:
        raise refused("SERVICE is not allowed here: this service never calls other endpoints.")


def _parse(text: str, base_iri: str, parse: Callable[[str], Any], translate: Callable[..., _Parsed],
           operation: Literal["query", "update"]) -> _Parsed:
    """Parse and translate canonical text to algebra, one parse at a time; any failure is a 400 refusal, so
    nothing the parser could not read goes on unchecked."""
    _require_canonical(text)
    with _PARSER_LOCK:
        try:
            return translate(parse(text), base=base_iri)
        except ParseBaseException as error:
            raise _syntax_error(error) from None
        except RecursionError:
            raise refused(f"The {operation} is nested too deeply to be checked.") from None
        except Exception as error:  # noqa: BLE001 — rdflib raises bare Exception (e.g. an undeclared prefix)
            raise _unchecked(error) from None


def _require_canonical(text: str) -> None:
    """Check only text with no escape left (`sparql_text.canonical_text`): rdflib expands escapes over the whole
    text before parsing, the engine only inside strings and IRIs, so on any other text the two could read
    different queries. On canonical text rdflib's pass changes nothing, so what is checked here is what runs."""
    try:
        unchanged = expandUnicodeEscapes(text) == text
    except ValueError:
        unchanged = False
    if not unchanged:
        raise refused("The request still holds \\u / \\U escapes after they were expanded, so it was not checked.")


def _refuse_service(tree: Any) -> None:
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            target = _field(node, "term")
            named = f" ({target.n3()})" if target is not None else ""
            raise refused(f"SERVICE is not allowed here: this service never calls other endpoints{named}.")


def _field(node: Any, name: str) -> Any:
    """A CompValue's field or None (`CompValue.get` returns the key itself when the field is missing)."""
    return dict.get(node, name)


def _walk(tree: Any) -> Iterator[CompValue]:
    """Every CompValue in a parse tree or algebra, however deep (EXISTS and subqueries are kept as parse trees)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


def _syntax_error(error: ParseBaseException) -> ApiError:
    return ApiError(400, "SPARQL syntax error",
                    f"Syntax error at line {error.lineno}, column {error.col}: {error.msg}, found {error.found}.")


def _unchecked(error: Exception) -> ApiError:
    return refused(f"The request could not be checked by this service's SPARQL 1.1 parser, so it was not run: "
                   f"{error}.")
