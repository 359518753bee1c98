"""A cheap size limit on a request's text, measured before any parser sees it.

rdflib's parser is slow on long expressions and both engines recurse on nesting, Oxigraph until the process
crashes (the figures: docs/measurements.md). So the canonical text is scanned once, in linear time, by the lexer
of `graph.sparql_lexer` (the grammar's strings, IRIs and comments), and refused with 400 when its nesting, its
number of tokens or its number of operators passes a limit (`CKG_QUERY_MAX_DEPTH`, `CKG_QUERY_MAX_TOKENS`,
`CKG_QUERY_MAX_OPERATORS`). The scan stops at the first limit passed, so even a megabyte of `1 + 1 + …` is
refused in milliseconds.

The same scan notes the keywords `SERVICE` and `LOAD` wherever they stand as keywords (not inside a string, an
IRI, a comment or a prefixed name), so the guard can refuse most attempts without a parse. It only ever adds
refusals: a text it passes is still parsed and walked in full by the guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.sparql_lexer import tokens

from .errors import ApiError

if TYPE_CHECKING:
    from .settings import Settings


@dataclass(frozen=True)
class QueryLimits:
    """The most a request's text may hold (the defaults are the settings' defaults)."""

    max_depth: int = 32
    max_tokens: int = 5_000
    max_operators: int = 500

    @classmethod
    def from_settings(cls, settings: Settings) -> QueryLimits:
        return cls(settings.query_max_depth, settings.query_max_tokens, settings.query_max_operators)


DEFAULT_LIMITS = QueryLimits()

_FORBIDDEN = frozenset({"SERVICE", "LOAD"})


def check_complexity(text: str, limits: QueryLimits) -> frozenset[str]:
    """Raise 400 when `text` nests deeper, or holds more tokens or operators, than `limits` allow; otherwise
    the forbidden keywords (`SERVICE`, `LOAD`, upper-cased) it holds as keywords."""
    depth = count = operators = 0
    forbidden: set[str] = set()
    for token in tokens(text):
        kind = token.kind
        if kind in ("space", "comment"):
            continue
        count += 1
        if count > limits.max_tokens:
            raise _too_complex(f"more than {limits.max_tokens:,} tokens", "CKG_QUERY_MAX_TOKENS")
        if kind == "open":
            depth += 1
            if depth > limits.max_depth:
                raise _too_complex(f"brackets nested more than {limits.max_depth} deep", "CKG_QUERY_MAX_DEPTH")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "operator":
            operators += 1
            if operators > limits.max_operators:
                raise _too_complex(f"more than {limits.max_operators:,} operators", "CKG_QUERY_MAX_OPERATORS")
        elif token.word in _FORBIDDEN:
            forbidden.add(token.text.upper())
    return frozenset(forbidden)


def _too_complex(what: str, setting: str) -> ApiError:
    return ApiError(400, "Query too complex",
                    f"The request has {what}, more than this service parses ({setting}). Split it into smaller "
                    "requests or simplify it.")
