"""A request's text as every parser reads it: SPARQL's codepoint escapes expanded once, none left over.

SPARQL 1.1 §19.2 says `\\uXXXX` and `\\UXXXXXXXX` are replaced by their code points over the whole text before
it is parsed. rdflib does that (and more: its pattern also takes `\\U` with four digits and `\\u` with eight);
Oxigraph expands them only inside strings and IRIs. So the same text can be a string to one and a `SERVICE`
clause to the other. `canonical_text` applies the rule once and refuses what would still read two
ways: an escape that the single pass produced (`\\u005Cu0041` becomes `\\u0041`, which an engine reading
strings would expand again), or a code point that cannot be a character. What comes out has no escape left,
so rdflib's own pass is a no-op on it and Oxigraph has nothing to expand: the text that is checked is the text
that runs.
"""

from __future__ import annotations

import re

from .errors import ApiError

# The grammar's escapes: exactly four digits after \u, exactly eight after \U.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Anything any of the parsers would still take for an escape (rdflib: \u or \U, either case, four digits or more).
_LEFT_OVER = re.compile(r"\\[uU][0-9A-Fa-f]{4}")

_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE_POINT = 0x10FFFF


def canonical_text(text: str) -> str:
    """`text` with its codepoint escapes expanded (one pass); 400 if an escape remains or a code point is invalid."""
    expanded = _ESCAPE.sub(_code_point, text)
    left = _LEFT_OVER.search(expanded)
    if left is not None:
        raise refused_text(
            f"After its \\u / \\U escapes are expanded the text still holds an escape ({left.group(0)!r} at "
            f"character {left.start() + 1}); write the character itself instead."
        )
    return expanded


def _code_point(match: re.Match[str]) -> str:
    digits = match.group(1) or match.group(2)
    value = int(digits, 16)
    if value in _SURROGATES or value > _LAST_CODE_POINT:
        raise refused_text(f"{match.group(0)!r} is not a Unicode character (surrogate or beyond U+10FFFF).")
    return chr(value)


def refused_text(detail: str) -> ApiError:
    return ApiError(400, "Refused SPARQL request", detail)
