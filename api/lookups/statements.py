"""Statements: who said what, in which release (the executives' comments)."""

from __future__ import annotations

from .index import Index
from .kinds import Item, Kind, Links, detail_of, page_of_class
from .shape import labels, one, person_ref, ref, sources, types
from .terms import CKG, PROV

PAGE = page_of_class("ckg:Statement")

DETAIL = detail_of()


def shape(ix: Index, iri: str, links: Links) -> Item:
    return {
        "id": iri,
        "type": types(ix, iri),
        "label": labels(ix, iri),
        "text": labels(ix, iri, CKG + "text"),
        "wasAttributedTo": one(person_ref(ix, p) for p in ix.iris(iri, PROV + "wasAttributedTo")),
        "hadPrimarySource": [ref(ix, d) for d in ix.iris(iri, PROV + "hadPrimarySource")],
        "sources": sources(ix, iri),
    }


STATEMENTS = Kind("statement", CKG + "Statement", PAGE, DETAIL, shape)
