"""Writing values into fixed SPARQL text safely, and the vocabulary the lookups read.

Lookup queries are fixed text with a few slots (`$items`, `$base`, `$limit` …) filled by `string.Template`. A
slot only ever receives what the three writers below produce, never the client's text as such:

    iri_ref(text)     an IRI checked to hold none of  < > " { } | ^ ` \\  nor whitespace or control
                      characters, and accepted by Oxigraph as an absolute IRI  → <…>
    string(text)      any text, written by Oxigraph as an N-Triples literal (quotes, backslashes,
                      newlines escaped)                                       → "…"
    integer(n)        a Python int                                            → 42

A value that cannot be written raises `UnsafeValue`; the routes turn it into the status that fits (404 for an
id that cannot name a resource).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from string import Template

import pyoxigraph as ox

from graph.namespaces import PREFIX_IRIS, PROLOGUE

# Characters SPARQL's IRIREF excludes (and whitespace, controls): one of them could end the IRI early.
_NOT_IN_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20\x7f]')


class UnsafeValue(ValueError):
    """A value that cannot be written into a query."""


def iri_ref(text: str) -> str:
    """`<text>` for an absolute IRI that cannot break out of the angle brackets."""
    if not text or _NOT_IN_IRI.search(text):
        raise UnsafeValue(f"not an IRI this service can look up: {text!r}")
    try:
        return str(ox.NamedNode(text))
    except ValueError as error:
        raise UnsafeValue(f"not an absolute IRI: {text!r} ({error})") from None


def string(text: str) -> str:
    """A plain string literal, escaped by Oxigraph's N-Triples writer."""
    return str(ox.Literal(text))


def integer(value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UnsafeValue(f"not an integer: {value!r}")
    return str(value)


def iri_list(iris: Iterable[str]) -> str:
    """The body of a `VALUES ?item { … }` block."""
    return " ".join(iri_ref(iri) for iri in iris)


def query(template: str, **slots: str) -> str:
    """A fixed query text with its slots filled (every slot must be filled: a missing one is a bug)."""
    return PROLOGUE + Template(template).substitute(slots)


RDF = PREFIX_IRIS["rdf"]
RDFS = PREFIX_IRIS["rdfs"]
SKOS = PREFIX_IRIS["skos"]
ORG = PREFIX_IRIS["org"]
FOAF = PREFIX_IRIS["foaf"]
PROV = PREFIX_IRIS["prov"]
TIME = PREFIX_IRIS["time"]
OA = PREFIX_IRIS["oa"]
CKG = PREFIX_IRIS["ckg"]
OWL = PREFIX_IRIS["owl"]

TYPE = RDF + "type"
LABEL = RDFS + "label"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
NAME = FOAF + "name"
