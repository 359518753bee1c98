"""Apply the protocol's `using-graph-uri` / `using-named-graph-uri` to an update's text.

SPARQL 1.1 Protocol §2.2.3 says these parameters give the dataset of every DELETE/INSERT … WHERE operation in
the request, as USING / USING NAMED clauses would. Oxigraph can take that dataset in Rust, but pyoxigraph's
`Store.update` has no argument for it, so the clauses are written into the text instead: just before the
top-level `WHERE` of each such operation, which is where the grammar puts USING
(`Modify ::= ('WITH' iri)? (DeleteClause InsertClause? | InsertClause) UsingClause* 'WHERE' GroupGraphPattern`).

This is the one place the HTTP layer edits SPARQL text, and it is safe by construction:
- the IRIs were validated by pyoxigraph (`NamedNode`) in `sparql_protocol`, so none can hold `>`, spaces or
  braces, and they are written with `str(NamedNode)`;
- the protocol forbids these parameters when the text already has USING, USING NAMED or WITH (the caller
  checks `CheckedUpdate.has_dataset_clause` first), so no existing clause is overridden;
- `graph.sparql_lexer` skips strings, IRIs and comments by the grammar's rules, and the caller compares the
  number of places found with rdflib's count of Modify operations before running anything.
`DELETE WHERE { … }` (DeleteWhere) has no USING in the grammar and is left as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from graph.sparql_lexer import tokens


def where_positions(update: str) -> list[int]:
    """Offsets of the top-level `WHERE` keywords that close a DELETE/INSERT … WHERE operation's clauses."""
    positions: list[int] = []
    depth = 0
    previous = ""
    for token in tokens(update):
        if token.kind in ("space", "comment"):
            continue
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        if depth == 0 and token.word == "WHERE" and previous != "DELETE":
            positions.append(token.start)
        if depth == 0:
            previous = token.word or token.text
    return positions


def add_using_clauses(update: str, using_graphs: Sequence[str], using_named_graphs: Sequence[str]) -> str:
    """The update with `USING <g> … USING NAMED <h> …` placed before each DELETE/INSERT operation's WHERE."""
    clauses = " ".join(
        [f"USING {ox.NamedNode(g)}" for g in using_graphs]
        + [f"USING NAMED {ox.NamedNode(g)}" for g in using_named_graphs]
    )
    if not clauses:
        return update
    pieces: list[str] = []
    last = 0
    for position in where_positions(update):
        pieces.append(update[last:position])
        pieces.append(clauses + " ")
        last = position
    pieces.append(update[last:])
    return "".join(pieces)
