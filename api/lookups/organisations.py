"""Organisations: companies and corporate groups, with short names, head offices, posts and agreements."""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class, served
from .posts import posts, posts_pattern, posts_template
from .shape import alt_labels, first, labels, org_ref, ref, sources
from .terms import CKG, ORG

PAGE = page_of_class("org:Organization")

DETAIL = detail_of(
    template=posts_template("organization") + """
  ?site ckg:statedOn ?siteStatedOn .
  ?agreement ckg:hasParty ?item ; rdfs:label ?agreementLabel ; ckg:signedOn ?signedOn .
""",
    pattern=posts_pattern("organization") + """
  UNION { ?item org:hasPrimarySite ?site . ?site ckg:statedOn ?siteStatedOn }
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
        "posts": posts(ix, iri, "organization"),
        "agreements": [
            {**ref(ix, agreement), "signedOn": first(ix.literals(agreement, CKG + "signedOn"))}
            for agreement in ix.subjects(CKG + "hasParty", iri)
        ],
        "sources": sources(ix, iri),
    }


ORGANISATIONS = Kind("organization", ORG + "Organization", PAGE, DETAIL, shape)
