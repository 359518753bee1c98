"""One kind of resource the REST API lists and looks up, and the two generic ways to read it.

A `Kind` is two fixed queries and a shaping function:

    page query    SELECT ?item … ORDER BY … LIMIT $limit OFFSET $offset   which items, in which order
    detail query  CONSTRUCT { … } WHERE { VALUES ?item { $items } … }     everything said of those items
    shape         (Index, item IRI, Links) → the item's JSON

A page asks for one item more than it shows, so it knows whether there is a next one. Looking one item up runs
only the detail query; an IRI that is not of the kind's class is not found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pyoxigraph as ox

from .index import Index
from .paths import base_of, local_path, rest_path
from .reader import Reader
from .shape import OWN_FACTS, OWN_FACTS_TEMPLATE, SOURCES, types
from .terms import TYPE, integer, iri_list, query, string

Item = dict[str, Any]


def page_of_class(class_name: str) -> str:
    """The page query of a kind listed simply by class (`org:Organization`, `ckg:Agreement`, …), in IRI order."""
    return f"""
SELECT DISTINCT ?item WHERE {{
  ?item a {class_name} .
  FILTER (isIRI(?item) && STRSTARTS(STR(?item), $base))
}}
ORDER BY ?item
LIMIT $limit OFFSET $offset
"""


def detail_of(template: str = "", pattern: str = "") -> str:
    """The detail query of a kind: its items' own facts and source spans, plus the kind's own CONSTRUCT `template`
    triples and the `UNION { … }` branches of its WHERE `pattern` that find them."""
    return f"""
CONSTRUCT {{
  {OWN_FACTS_TEMPLATE}
  {template}
  {SOURCES}
}} WHERE {{
  VALUES ?item {{ $items }}
  {{ {OWN_FACTS} }}
  {pattern}
  UNION {{ {SOURCES} }}
}}
"""


@dataclass(frozen=True)
class Links:
    """Turns IRIs into URLs on this server: the data's base IRI and the server's own base URL."""

    base_iri: str
    server: str

    def rest(self, iri: str) -> str | None:
        """The REST URL of a resource served one by one (organisations, people, agreements)."""
        path = rest_path(self.base_iri, iri)
        return urljoin(self.server, path.lstrip("/")) if path else None

    def best(self, iri: str) -> str | None:
        """The REST URL if there is one, else where the IRI dereferences here (`/id/…`, `/ontology#…`)."""
        path = rest_path(self.base_iri, iri) or local_path(self.base_iri, iri)
        return urljoin(self.server, path.lstrip("/")) if path else None


def served(ix: Index, iri: str, links: Links) -> Item:
    """The first keys of a resource served one by one: its IRI, its REST URL and its classes."""
    return {"id": iri, "href": links.rest(iri), "type": types(ix, iri)}


@dataclass(frozen=True)
class Kind:
    name: str
    cls: str
    page_query: str
    detail_query: str
    shape: Callable[[Index, str, Links], Item]


@dataclass(frozen=True)
class Page:
    items: list[Item]
    limit: int
    offset: int
    has_next: bool


async def page(reader: Reader, kind: Kind, links: Links, limit: int, offset: int, **slots: str) -> Page:
    """Items `offset` to `offset + limit` in the kind's order; extra slots fill the page query's own."""
    text = query(kind.page_query, base=string(base_of(links.base_iri)), limit=integer(limit + 1),
                 offset=integer(offset), **slots)
    rows = await reader.select(text)
    iris = [row["item"].value for row in rows if isinstance(row.get("item"), ox.NamedNode)]
    shown = iris[:limit]
    items = await details(reader, kind, links, shown)
    return Page(items, limit, offset, has_next=len(iris) > limit)


async def details(reader: Reader, kind: Kind, links: Links, iris: list[str]) -> list[Item]:
    """The JSON of each item, in the order given."""
    if not iris:
        return []
    ix = await reader.construct(query(kind.detail_query, items=iri_list(iris)))
    return [kind.shape(ix, iri, links) for iri in iris]


async def one(reader: Reader, kind: Kind, links: Links, iri: str) -> Item | None:
    """The item, or None when the store holds no resource of this kind at `iri`."""
    ix = await reader.construct(query(kind.detail_query, items=iri_list([iri])))
    if kind.cls not in ix.iris(iri, TYPE):
        return None
    return kind.shape(ix, iri, links)
