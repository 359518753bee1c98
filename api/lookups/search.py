"""Search by name: labels in any language, short names and people's names, ignoring case.

`q=JALEC` finds JALエンジニアリング by its short name, `q=日本航空` finds 日本航空株式会社, `q=lunar transport` finds
the scope area by its English label. Data resources (under the base IRI) and ontology terms are searched.
Exact matches come first, then names starting with `q`, then the rest; within each group the shortest matching
name first (`秡川` finds the person 秡川宏樹 before his post 秡川宏樹(取締役 事業推進部長)), then by IRI.
"""

from __future__ import annotations

from functools import partial

from graph.namespaces import ONTOLOGY_IRI

from .index import Index
from .kinds import Item, Kind, Links, Page, page
from .reader import Reader
from .shape import alt_labels, labels, types
from .terms import ALT_LABEL, LABEL, NAME, PREF_LABEL, string

PAGE = """
SELECT ?item (MIN(?weight) AS ?rank) WHERE {
  VALUES (?q ?vocabulary) { ($q $vocabulary) }
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel foaf:name }
  ?item ?p ?text .
  FILTER (isIRI(?item) && (STRSTARTS(STR(?item), $base) || STRSTARTS(STR(?item), ?vocabulary)))
  BIND (LCASE(STR(?text)) AS ?folded)
  BIND (LCASE(?q) AS ?needle)
  FILTER (CONTAINS(?folded, ?needle))
  # The score as a filter over three values, not IF(): Virtuoso drops rows whose IF() takes the else branch.
  VALUES ?score { 0 1 2 }
  FILTER ((?score = 0 && ?folded = ?needle) || (?score = 1 && ?folded != ?needle && STRSTARTS(?folded, ?needle))
          || (?score = 2 && !STRSTARTS(?folded, ?needle)))
  BIND (?score * 1000000 + STRLEN(?folded) AS ?weight)
}
GROUP BY ?item
ORDER BY ?rank ?item
LIMIT $limit OFFSET $offset
"""

DETAIL = """
CONSTRUCT { ?item ?p ?o } WHERE {
  VALUES ?item { $items }
  VALUES ?p { rdf:type rdfs:label skos:prefLabel skos:altLabel foaf:name }
  ?item ?p ?o
}
"""


def shape(ix: Index, iri: str, links: Links, q: str) -> Item:
    needle = q.lower()
    names = [lit.value for p in (LABEL, PREF_LABEL, ALT_LABEL, NAME) for lit in ix.literals(iri, p)]
    return {
        "id": iri,
        "href": links.best(iri),
        "type": types(ix, iri),
        "label": labels(ix, iri),
        "prefLabel": labels(ix, iri, PREF_LABEL),
        "altLabel": alt_labels(ix, iri),
        "name": labels(ix, iri, NAME),
        "matched": sorted({n for n in names if needle in n.lower()}),
    }


async def search(reader: Reader, links: Links, q: str, limit: int, offset: int) -> Page:
    kind = Kind("search", "", PAGE, DETAIL, partial(shape, q=q))
    return await page(reader, kind, links, limit, offset, q=string(q), vocabulary=string(ONTOLOGY_IRI + "#"))
