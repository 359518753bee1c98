"""The union view: the set union of the document graphs, kept in a graph of the service's own.

Queries that name no dataset see this graph as their default graph. It is not the store's default graph: that
one belongs to the dataset, as SPARQL 1.1 Update and the Graph Store Protocol define it (`INSERT DATA { … }`
without `GRAPH`, `COPY DEFAULT TO <g>`, `/store?default`). A store's own default graph may also be a bag
(Oxigraph's union mode and Virtuoso repeat a triple once per graph), where this graph is a set.

Graphs under `urn:cislunar-kg:` (the union, staging graphs) are the service's own: never documents, never part of
the union, never listed, never written by clients. Every write recomputes the union in the same update request
(`with_union_refresh`), so readers never see a document graph and the union disagree.
"""

from __future__ import annotations

from collections.abc import Callable

from .sparql_lexer import words

OWN_GRAPHS = "urn:cislunar-kg:"
UNION_GRAPH = OWN_GRAPHS + "union"

# Emptied and filled again from every graph that is not the service's own: exact after any update (a removal
# from a named graph leaves the union with it), at a cost that grows with the data, not with the update.
UNION_REFRESH = (
    f"CLEAR SILENT GRAPH <{UNION_GRAPH}> ;\n"
    f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} "
    f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (!STRSTARTS(STR(?g), \"{OWN_GRAPHS}\")) }}"
)

# How a client's update and the refresh are joined. `Update ::= Prologue (Update1 (';' Update)?)?`: after an
# operation a `;` starts the refresh; after a prologue alone (a comment, BASE, PREFIX, a trailing `;`) the
# grammar needs an operation before the `;`, so an empty INSERT DATA stands in. A text that is invalid both ways
# is invalid on its own; neither join can make an invalid update valid, since the client's text comes first.
JOINS = ("\n;\n", "\nINSERT DATA {}\n;\n")


def with_union_refresh(sparql: str, join: str, refresh: str = UNION_REFRESH) -> str:
    return sparql + join + refresh


def run_with_refresh(run: Callable[[str], None], sparql: str, syntax_error: type[Exception],
                     refresh: str = UNION_REFRESH) -> None:
    """Run `sparql` followed by the refresh as one request, trying each join; a syntax error means neither fits.

    A syntax error is raised by the engine before anything is applied, so a failed try leaves no trace.
    """
    for join in JOINS[:-1]:
        try:
            run(with_union_refresh(sparql, join, refresh))
            return
        except syntax_error:
            continue
    run(with_union_refresh(sparql, JOINS[-1], refresh))


def is_own_graph(iri: str) -> bool:
    return iri.startswith(OWN_GRAPHS)


def visits_graphs(sparql: str) -> bool:
    """Whether the query has a GRAPH pattern, so the named graphs it may visit must leave out the union graph."""
    return "GRAPH" in words(sparql)  # the keyword, not a word in a string, an IRI or a comment
