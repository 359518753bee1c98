"""Accept → media type: one pure function, tested with a table (RFC 9110 §12.5.1)."""

from __future__ import annotations

import pytest

from api.negotiation import negotiate
from api.serializers import GRAPH_TYPES, RESULT_TYPES

RESULTS = list(RESULT_TYPES)
GRAPHS = list(GRAPH_TYPES)
DESCRIPTION = [*GRAPHS, "text/html"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

CASES = [
    # (Accept, offered, chosen)
    (None, RESULTS, "application/sparql-results+json"),
    ("", RESULTS, "application/sparql-results+json"),
    ("*/*", RESULTS, "application/sparql-results+json"),
    ("*", RESULTS, "application/sparql-results+json"),
    ("text/csv", RESULTS, "text/csv"),
    ("TEXT/CSV", RESULTS, "text/csv"),
    ("text/*", RESULTS, "text/csv"),
    ("text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    ("application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
    ("application/json", RESULTS, "application/json"),
    # q-values choose; equal q goes to the server's order
    ("text/csv;q=0.5, application/sparql-results+xml", RESULTS, "application/sparql-results+xml"),
    ("text/csv;q=0.9, text/tab-separated-values;q=0.9", RESULTS, "text/csv"),
    ("text/tab-separated-values, text/csv", RESULTS, "text/csv"),
    ("application/sparql-results+json;q=0.1, */*;q=0.2", RESULTS, "application/sparql-results+xml"),
    # the most specific range sets an offered type's q, even when a wildcard is higher
    ("*/*;q=1, application/sparql-results+json;q=0", RESULTS, "application/sparql-results+xml"),
    ("text/*;q=0, */*", RESULTS, "application/sparql-results+json"),
    ("text/*;q=0.3, text/csv;q=0.1, */*;q=0.2", RESULTS, "text/tab-separated-values"),
    # parameters other than q do not stop a match; extensions after q are ignored
    ("text/csv; charset=utf-8", RESULTS, "text/csv"),
    ("text/csv;q=0.5;ext=1, text/turtle", RESULTS, "text/csv"),
    # nothing acceptable
    ("image/png", RESULTS, None),
    ("text/csv;q=0", RESULTS, None),
    ("*/*;q=0", RESULTS, None),
    ("text/turtle", RESULTS, None),
    # malformed ranges and q-values are skipped; if nothing valid is left, no preference was stated
    ("text", RESULTS, "application/sparql-results+json"),
    ("text/csv;q=abc, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    ("text/csv;q=2", RESULTS, "application/sparql-results+json"),
    ("*/csv, text/tab-separated-values", RESULTS, "text/tab-separated-values"),
    # graphs
    (None, GRAPHS, "text/turtle"),
    ("application/ld+json", GRAPHS, "application/ld+json"),
    ("application/n-triples", GRAPHS, "application/n-triples"),
    ("application/rdf+xml, text/turtle;q=0.5", GRAPHS, "application/rdf+xml"),
    ("application/sparql-results+json", GRAPHS, None),
    # SPARQLWrapper's defaults
    ("application/turtle,text/turtle", GRAPHS, "text/turtle"),
    ("application/sparql-results+json,application/json,text/javascript,application/javascript", RESULTS,
     "application/sparql-results+json"),
    # browsers get the HTML page; RDF clients get RDF
    (BROWSER, DESCRIPTION, "text/html"),
    ("text/turtle, text/html;q=0.5", DESCRIPTION, "text/turtle"),
    ("*/*", DESCRIPTION, "text/turtle"),
    # nothing offered
    ("*/*", [], None),
]


@pytest.mark.parametrize(("accept", "offered", "chosen"), CASES)
def test_negotiate(accept: str | None, offered: list[str], chosen: str | None) -> None:
    assert negotiate(accept, offered) == chosen
