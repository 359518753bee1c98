"""People: names, the posts they hold (where, since which release) and what they said."""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class, served
from .shape import held, labels, one, org_ref, ref, sources
from .terms import CKG, FOAF, NAME, ORG, PROV

PAGE = page_of_class("foaf:Person")

DETAIL = detail_of(
    template="""
  ?membership org:member ?item ; org:organization ?org ; org:role ?role ; ckg:statedOn ?statedOn .
  ?org rdfs:label ?orgLabel ; skos:altLabel ?orgShort .
  ?role rdfs:label ?title .
  ?statement prov:wasAttributedTo ?item ; rdfs:label ?statementLabel ; ckg:text ?text .
""",
    pattern="""
  UNION { ?membership org:member ?item ; org:organization ?org ; org:role ?role .
          OPTIONAL { ?membership ckg:statedOn ?statedOn }
          OPTIONAL { ?org rdfs:label ?orgLabel }
          OPTIONAL { ?org skos:altLabel ?orgShort }
          OPTIONAL { ?role rdfs:label ?title } }
  UNION { ?statement prov:wasAttributedTo ?item .
          OPTIONAL { ?statement rdfs:label ?statementLabel }
          OPTIONAL { ?statement ckg:text ?text } }
""",
)


def shape(ix: Index, iri: str, links: Links) -> Item:
    return {
        **served(ix, iri, links),
        "name": labels(ix, iri, NAME),
        "posts": [_post(ix, membership) for membership in ix.subjects(ORG + "member", iri)],
        "statements": [
            {**ref(ix, statement), "text": labels(ix, statement, CKG + "text")}
            for statement in ix.subjects(PROV + "wasAttributedTo", iri)
        ],
        "sources": sources(ix, iri),
    }


def _post(ix: Index, membership: str) -> Item:
    return {
        "id": membership,
        "organization": one(org_ref(ix, o) for o in ix.iris(membership, ORG + "organization")),
        **held(ix, membership),
    }


PEOPLE = Kind("person", FOAF + "Person", PAGE, DETAIL, shape)
