"""(kind of answer, media type) → bytes, all written by Oxigraph's own serialisers.

Two tables say what we can send: `RESULT_TYPES` for SELECT and ASK (SPARQL Results JSON, XML, CSV, TSV) and
`GRAPH_TYPES` for CONSTRUCT and DESCRIBE (Turtle, N-Triples, JSON-LD, RDF/XML). Their key order is the server's
preference that `negotiation.negotiate` falls back on. A few common aliases (`application/json`,
`application/xml`) are accepted and answered with the canonical type.

SELECT solutions are written by Oxigraph as SPARQL TSV straight from the store's iterator (counting lines against
the row cap) and, for any other type, read back by `parse_query_results` and written again in the negotiated
format. The detour costs a few ms per 10 000 rows and keeps every byte of output in Oxigraph's tested writers.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph as ox

from .negotiation import negotiate
from .problems import not_acceptable


@dataclass(frozen=True)
class Format:
    """How to write one media type: Oxigraph's format, the Content-Type header to send, and the format's
    W3C IRI (http://www.w3.org/ns/formats/), which the service description lists."""

    oxigraph: ox.QueryResultsFormat | ox.RdfFormat
    content_type: str
    iri: str


_W3C = "http://www.w3.org/ns/formats/"
_JSON = Format(ox.QueryResultsFormat.JSON, "application/sparql-results+json", _W3C + "SPARQL_Results_JSON")
_XML = Format(ox.QueryResultsFormat.XML, "application/sparql-results+xml", _W3C + "SPARQL_Results_XML")
_RDF_XML = Format(ox.RdfFormat.RDF_XML, "application/rdf+xml", _W3C + "RDF_XML")

RESULT_TYPES: dict[str, Format] = {
    "application/sparql-results+json": _JSON,
    "application/sparql-results+xml": _XML,
    "text/csv": Format(ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8", _W3C + "SPARQL_Results_CSV"),
    "text/tab-separated-values": Format(
        ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8", _W3C + "SPARQL_Results_TSV"
    ),
    "application/json": _JSON,
    "application/xml": _XML,
}

GRAPH_TYPES: dict[str, Format] = {
    "text/turtle": Format(ox.RdfFormat.TURTLE, "text/turtle; charset=utf-8", _W3C + "Turtle"),
    "application/n-triples": Format(ox.RdfFormat.N_TRIPLES, "application/n-triples", _W3C + "N-Triples"),
    "application/ld+json": Format(ox.RdfFormat.JSON_LD, "application/ld+json", _W3C + "JSON-LD"),
    "application/rdf+xml": _RDF_XML,
    "application/xml": _RDF_XML,
}


@dataclass(frozen=True)
class Rendered:
    """Serialised bytes with the Content-Type they must be sent with."""

    content_type: str
    body: bytes


@cache
def render_boolean(value: bool, media_type: str) -> Rendered:
    """An ASK answer in one of `RESULT_TYPES` (two answers per type: each is written by Oxigraph once)."""
    fmt = RESULT_TYPES[media_type]
    answer = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                    ox.QueryResultsFormat.JSON)
    try:
        return Rendered(fmt.content_type, answer.serialize(format=fmt.oxigraph) or b"")  # type: ignore[arg-type]
    finally:
        del answer  # Oxigraph's result objects must be dropped on the thread that made them


class TooManyRows(Exception):
    """The answer holds more solutions than the cap given to `render_query_solutions`."""


def render_query_solutions(answer: ox.QuerySolutions, media_type: str, max_rows: int) -> Rendered:
    """SELECT solutions straight from the store's iterator, in one of `RESULT_TYPES`; `TooManyRows` past `max_rows`.

    Oxigraph writes the answer as SPARQL TSV (one line per solution: its TSV escapes line breaks in literals)
    into a writer that counts lines and stops the query at the cap; any other type is that TSV read back and
    written again by Oxigraph. No Python object is made per term, which on answers of a few hundred rows takes
    a quarter to a third of the time of reading every row into Python first.
    """
    fmt = RESULT_TYPES[media_type]
    lines = _LineCappedBuffer(max_rows + 1)  # the header line, then one line per solution
    answer.serialize(lines, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
    tsv = lines.getvalue()
    if fmt.oxigraph == ox.QueryResultsFormat.TSV:
        return Rendered(fmt.content_type, tsv)
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    try:
        return Rendered(fmt.content_type, solutions.serialize(format=fmt.oxigraph) or b"")  # type: ignore[arg-type]
    finally:
        del solutions  # Oxigraph's result objects must be dropped on the thread that made them


class _LineCappedBuffer(io.RawIOBase):
    """Bytes written to it, refused (`TooManyRows`) as soon as they hold more than `max_lines` line breaks."""

    def __init__(self, max_lines: int) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self._lines = 0
        self._max_lines = max_lines

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._lines += chunk.count(b"\n")
        if self._lines > self._max_lines:
            raise TooManyRows
        self._chunks.append(chunk)
        return len(chunk)

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


def render_triples(
    triples: Sequence[ox.Triple], media_type: str, prefixes: Mapping[str, str] | None = None
) -> Rendered:
    """CONSTRUCT/DESCRIBE triples (or a service description) in one of `GRAPH_TYPES`.

    Prefixes make Turtle and RDF/XML readable; N-Triples and JSON-LD are written without them.
    """
    fmt = GRAPH_TYPES[media_type]
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    use_prefixes = fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML)
    body = ox.serialize(triples, format=fmt.oxigraph, prefixes=dict(prefixes) if prefixes and use_prefixes else None)
    return Rendered(fmt.content_type, body or b"")


def answer_types(accept: str | None) -> tuple[str | None, str | None]:
    """The media types to answer in, by Accept: one for SELECT/ASK, one for CONSTRUCT/DESCRIBE; 406 if neither.

    Which applies is known only once the query runs, so both are chosen up front.
    """
    result_type = negotiate(accept, list(RESULT_TYPES))
    graph_type = negotiate(accept, list(GRAPH_TYPES))
    if result_type is None and graph_type is None:
        raise not_acceptable("Answers", [*RESULT_TYPES, *GRAPH_TYPES])
    return result_type, graph_type
