"""The JSON-LD twin of a REST answer: the same JSON with an `@context`.

The context is the shipped one (`/ontology/context.jsonld`, by URL) followed by a small local context for the
keys the REST answers add. Each added key either states a true triple of the store — `posts` is the reverse of
`org:organization` on an organisation, of `org:member` on a person; `sources` is the reverse of `oa:hasBody` —
or is mapped to null, so a JSON-LD processor drops it: paging (`limit`, `offset`, `next`), links (`href`),
derived values (`from`, `to`, `matched`) and a span's offsets, whose triples sit on the annotation's selector
(dereference the annotation's IRI for them). Parsed as RDF, a REST answer thus yields only triples the store
holds.
"""

from __future__ import annotations

from typing import Any

_DROPPED = {"limit": None, "offset": None, "next": None, "href": None, "matched": None, "from": None, "to": None}

_COMMON: dict[str, Any] = {
    **_DROPPED,
    "items": "@graph",
    "kind": {"@id": "rdf:type", "@type": "@id"},
    "sources": {
        "@reverse": "oa:hasBody",
        "@context": {"document": None, "start": None, "end": None, "exact": None},
    },
}

LOCAL_CONTEXTS: dict[str, dict[str, Any]] = {
    "organization": {
        **_COMMON,
        "posts": {"@reverse": "org:organization"},
        "agreements": {"@reverse": "ckg:hasParty"},
    },
    "person": {
        **_COMMON,
        "posts": {"@reverse": "org:member"},
        "statements": {"@reverse": "prov:wasAttributedTo"},
    },
    "agreement": _COMMON,
    "milestone": _COMMON,
    "statement": _COMMON,
    "search": _COMMON,
}


def with_context(data: dict[str, Any], context_url: str, kind: str) -> dict[str, Any]:
    """`data` as a JSON-LD document: `@context` first, then the very same keys and values."""
    return {"@context": [context_url, LOCAL_CONTEXTS[kind]], **data}
