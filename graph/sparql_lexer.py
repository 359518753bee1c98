"""SPARQL text as tokens, with the SPARQL 1.1 grammar's rules for strings, IRIs and comments (§19.8).

Several places look at a query's text before (or instead of) a parser: the size limit and keyword scan of the
HTTP layer, the placing of USING clauses, and the remote store's questions (which form is it, does it name a
dataset, does it visit named graphs). A keyword inside a string, an IRI or a comment is not a keyword, so all
of them must skip those by the same rules, the grammar's:

    STRING_LITERAL_LONG1 ::= "'''" ( ( "'" | "''" )? ( [^'\\] | ECHAR ) )* "'''"   (and the same with ")
    STRING_LITERAL1      ::= "'" ( [^#x27#x5C#xA#xD] | ECHAR )* "'"                  (and the same with ")
    IRIREF               ::= '<' ([^<>"{}|^`\\]-[#x00-#x20])* '>'
    COMMENT              ::= '#' up to the end of the line (#xA or #xD)

Long strings are tried before short ones, so `'''…'''` is not read as `''` followed by `'…`. An escape is a
backslash and any one character (the grammar allows fewer; a text with another one fails to parse anyway).
Everything else is split just finely enough for those callers: brackets, operators, names (keywords,
variables and prefixed names) and numbers. Whitespace and comments are tokens too, so the pieces of a text
join up to the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Token", "tokens", "words"]

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>"{3}(?:[^"\\]+|\\.|"(?!""))*+"{3} | '{3}(?:[^'\\]+|\\.|'(?!''))*+'{3}
                 | "(?:[^"\\\n\r]+|\\.)*+" | '(?:[^'\\\n\r]+|\\.)*+')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<language>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<open>[({\[])
    | (?P<close>[)}\]])
    | (?P<operator>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/!|^])
    | (?P<name>(?:[^\W\d][\w.\-]*)?:[\w.\-%\\:]* | [?$]\w+ | [^\W\d]\w*)
    | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    kind: str  # space, comment, string, iri, language, open, close, operator, name, number or other
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def word(self) -> str | None:
        """The upper-cased word when the token is a bare word (`where`, `GRAPH`), not `?x`, `ex:y` or `_:b`."""
        if self.kind != "name" or ":" in self.text or self.text[0] in "?$":
            return None
        return self.text.upper()


def tokens(text: str) -> Iterator[Token]:
    """Every token of `text`, in order, whitespace and comments included (an unclosed string is `other`)."""
    for match in _TOKEN.finditer(text):
        yield Token(match.lastgroup or "other", match.group(), match.start())


def words(text: str) -> Iterator[str]:
    """The upper-cased bare words of `text`, in order: its keywords, never a word inside a string, IRI or comment."""
    return (word for token in tokens(text) if (word := token.word) is not None)
