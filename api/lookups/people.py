"""People: names, the posts they hold (where, since which release) and what they said."""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class, served
from .posts import posts, posts_pattern, posts_template
from .shape import labels, ref, sources
from .terms import CKG, FOAF, NAME, PROV

PAGE = page_of_class("foaf:Person")

DETAIL = detail_of(
    template=posts_template("member") + """
  ?statement prov:wasAttributedTo ?item ; rdfs:label ?statementLabel ; ckg:text ?text .
""",
    pattern=posts_pattern("member") + """
  UNION { ?statement prov:wasAttributedTo ?item .
          OPTIONAL { ?statement rdfs:label ?statementLabel }
          OPTIONAL { ?statement ckg:text ?text } }
""",
)


def shape(ix: Index, iri: str, links: Links) -> Item:
    return {
        **served(ix, iri, links),
        "name": labels(ix, iri, NAME),
        "posts": posts(ix, iri, "member"),
        "statements": [
            {**ref(ix, statement), "text": labels(ix, statement, CKG + "text")}
            for statement in ix.subjects(PROV + "wasAttributedTo", iri)
        ],
        "sources": sources(ix, iri),
    }


PEOPLE = Kind("person", FOAF + "Person", PAGE, DETAIL, shape)
