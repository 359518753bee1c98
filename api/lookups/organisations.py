"""Organisations: companies and corporate groups, with short names, head offices, posts and agreements."""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class, served
from .shape import alt_labels, first, held, labels, one, org_ref, person_ref, ref, sources
from .terms import CKG, ORG

PAGE = page_of_class("org:Organization")

DETAIL = detail_of(
    template="""
  ?site ckg:statedOn ?siteStatedOn .
  ?membership org:organization ?item ; org:member ?person ; org:role ?role ; ckg:statedOn ?postStatedOn .
  ?person foaf:name ?personName .
  ?role rdfs:label ?title .
  ?agreement ckg:hasParty ?item ; rdfs:label ?agreementLabel ; ckg:signedOn ?signedOn .
""",
    pattern="""
  UNION { ?item org:hasPrimarySite ?site . ?site ckg:statedOn ?siteStatedOn }
  UNION { ?membership org:organization ?item ; org:member ?person ; org:role ?role .
          OPTIONAL { ?membership ckg:statedOn ?postStatedOn }
          OPTIONAL { ?person foaf:name ?personName }
          OPTIONAL { ?role rdfs:label ?title } }
  UNION { ?agreement ckg:hasParty ?item .
          OPTIONAL { ?agreement rdfs:label ?agreementLabel }
          OPTIONAL { ?agreement ckg:signedOn ?signedOn } }
""",
)


def shape(ix: Index, iri: str, links: Links) -> Item:
    return {
        **served(ix, iri, links),
        "label": labels(ix, iri),
        "altLabel": alt_labels(ix, iri),
        "hasPrimarySite": [
            {**ref(ix, site), "statedOn": [d.value for d in ix.literals(site, CKG + "statedOn")]}
            for site in ix.iris(iri, ORG + "hasPrimarySite")
        ],
        "subOrganizationOf": [org_ref(ix, parent) for parent in ix.iris(iri, ORG + "subOrganizationOf")],
        "posts": [_post(ix, membership) for membership in ix.subjects(ORG + "organization", iri)],
        "agreements": [
            {**ref(ix, agreement), "signedOn": first(ix.literals(agreement, CKG + "signedOn"))}
            for agreement in ix.subjects(CKG + "hasParty", iri)
        ],
        "sources": sources(ix, iri),
    }


def _post(ix: Index, membership: str) -> Item:
    return {
        "id": membership,
        "member": one(person_ref(ix, p) for p in ix.iris(membership, ORG + "member")),
        **held(ix, membership),
    }


ORGANISATIONS = Kind("organization", ORG + "Organization", PAGE, DETAIL, shape)
