"""rdflib's SPARQL processor, remembering the queries it has parsed.

pyshacl evaluates a SPARQL-based constraint by handing rdflib the same query text once per focus node,
with `$this` passed as a binding. rdflib parses that text with pyparsing every time: about 30 ms, while
evaluating it on one document takes well under a millisecond. A parsed-and-translated query is reusable
with any bindings (that is what `prepareQuery` is for), so parsing once per text gives the same answers.

`install()` registers the processor under rdflib's name `sparql`, the one `Graph.query` uses by default. It
changes rdflib for the whole process, so it is called by the code that validates, never on import.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import rdflib.plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier

__all__ = ["CachingSPARQLProcessor", "install"]

_CACHE_SIZE = 128  # distinct query texts kept: the shapes hold a handful


class CachingSPARQLProcessor(SPARQLProcessor):
    """`SPARQLProcessor` with the parse and algebra translation of each query text kept for reuse."""

    def query(  # type: ignore[override]  # same signature as SPARQLProcessor.query
        self,
        strOrQuery: str | Query,  # rdflib's parameter names
        initBindings: Mapping[str, Identifier] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@lru_cache(maxsize=_CACHE_SIZE)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


def install() -> None:
    """Make `Graph.query` (and so pyshacl) use the caching processor in this process; again, it does nothing."""
    if rdflib.plugin.get("sparql", Processor) is CachingSPARQLProcessor:
        return
    rdflib.plugin.register("sparql", Processor, __name__, CachingSPARQLProcessor.__name__)
