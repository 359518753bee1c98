"""Read-only lookups for the REST API and linked data: fixed SPARQL, safely filled, shaped into plain data.

    terms.py        writing IRIs, strings and integers into query slots safely; the vocabulary
    reader.py       running a lookup query through the query service (same worker, guard, limits)
    index.py        the triples a CONSTRUCT returned, indexed for reading by IRI
    shape.py        triples → JSON values with the JSON-LD context's keys; source spans
    paths.py        IRI ↔ URL on this server (`/id/…`, `/organizations/…`, `/ontology#…`)
    kinds.py        a kind of resource (page query, detail query, shape) and how pages are read
    organisations.py · people.py · agreements.py · milestones.py · statements.py · search.py
    jsonld.py       the local @context that makes each JSON answer its own JSON-LD twin
    describe.py     what `/id/…` says of a resource, and its HTML view
    models.py       the answers' shapes for the OpenAPI document

Nothing here builds a query from a client's text: ids become IRIs only after `paths.item_iri` checks them, and
every value enters a query through `terms`.
"""
