"""Agreements: kind, parties, signing date, purpose, scope areas and the signing event with its participants.

The kind is the most specific class of the agreement under `ckg:Agreement` (a basic agreement is also a
`prov:Entity` and a `ckg:Agreement`; its kind is `ckg:BasicAgreement`), read from the ontology's
`rdfs:subClassOf` triples, which the store holds in its ontology graph.
"""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class, served
from .shape import concept_ref, first, labels, org_ref, person_ref, ref, sources
from .terms import CKG, RDFS, TYPE

PAGE = page_of_class("ckg:Agreement")

DETAIL = detail_of(
    template="""
  ?sub rdfs:subClassOf ?super .
  ?signing ckg:participant ?person ; rdfs:label ?signingLabel .
  ?person foaf:name ?personName .
""",
    pattern="""
  UNION { ?item a ?type . ?type rdfs:subClassOf* ?sub . ?sub rdfs:subClassOf ?super }
  UNION { ?item ckg:hasSigning ?signing .
          OPTIONAL { ?signing rdfs:label ?signingLabel }
          OPTIONAL { ?signing ckg:participant ?person OPTIONAL { ?person foaf:name ?personName } } }
""",
)

AGREEMENT = CKG + "Agreement"


def shape(ix: Index, iri: str, links: Links) -> Item:
    return {
        **served(ix, iri, links),
        "label": labels(ix, iri),
        "kind": ref(ix, kind_of(ix, iri)),
        "hasParty": [org_ref(ix, party) for party in ix.iris(iri, CKG + "hasParty")],
        "signedOn": first(ix.literals(iri, CKG + "signedOn")),
        "purpose": labels(ix, iri, CKG + "purpose"),
        "hasScope": [concept_ref(ix, scope) for scope in ix.iris(iri, CKG + "hasScope")],
        "hasSigning": [
            {**ref(ix, signing),
             "participant": [person_ref(ix, p) for p in ix.iris(signing, CKG + "participant")]}
            for signing in ix.iris(iri, CKG + "hasSigning")
        ],
        "sources": sources(ix, iri),
    }


def kind_of(ix: Index, iri: str) -> str:
    """The most specific of the item's classes that lies under `ckg:Agreement` (or `ckg:Agreement` itself)."""
    candidates = [t for t in ix.iris(iri, TYPE) if t != AGREEMENT and AGREEMENT in _ancestors(ix, t)]
    specific = [c for c in candidates if not any(c in _ancestors(ix, other) for other in candidates if other != c)]
    return min(specific) if specific else AGREEMENT


def _ancestors(ix: Index, cls: str) -> set[str]:
    seen: set[str] = set()
    todo = [cls]
    while todo:
        for parent in ix.iris(todo.pop(), RDFS + "subClassOf"):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


AGREEMENTS = Kind("agreement", AGREEMENT, PAGE, DETAIL, shape)
