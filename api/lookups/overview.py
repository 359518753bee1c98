"""What the graph holds, for the home page: resources counted by class, and the source documents.

No other lookup answers these: `kinds` reads items of one class, these read across classes and documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .paths import base_of
from .reader import Reader
from .shape import lang_map
from .terms import query, string

COUNTS = """
SELECT ?class ?n ?label WHERE {
  { SELECT ?class (COUNT(DISTINCT ?item) AS ?n) WHERE {
      ?item a ?class .
      FILTER (isIRI(?item) && STRSTARTS(STR(?item), $base))
    } GROUP BY ?class }
  OPTIONAL { ?class rdfs:label ?label }
}
ORDER BY DESC(?n) ?class
"""

DOCUMENTS = """
SELECT ?document ?title ?issued ?fileName ?charCount WHERE {
  ?document a ckg:SourceDocument .
  FILTER (isIRI(?document) && STRSTARTS(STR(?document), $base))
  OPTIONAL { ?document dcterms:title ?title }
  OPTIONAL { ?document dcterms:issued ?issued }
  OPTIONAL { ?document ckg:fileName ?fileName }
  OPTIONAL { ?document ckg:charCount ?charCount }
}
ORDER BY ?issued ?document
"""


@dataclass
class ClassCount:
    iri: str
    count: int
    label: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    iri: str
    title: str | None
    issued: str | None
    file_name: str | None
    char_count: int | None


async def class_counts(reader: Reader, base_iri: str) -> list[ClassCount]:
    """Each class with the number of data resources (under the base IRI) it has, most first; labels by language."""
    rows = await reader.select(query(COUNTS, base=string(base_of(base_iri))))
    found: dict[str, ClassCount] = {}
    labels: dict[str, list[ox.Literal]] = {}
    for row in rows:
        iri = row["class"].value
        found.setdefault(iri, ClassCount(iri, int(row["n"].value)))
        if isinstance(row.get("label"), ox.Literal):
            labels.setdefault(iri, []).append(row["label"])  # type: ignore[arg-type]
    for iri, literals in labels.items():
        found[iri].label = lang_map(literals)
    return list(found.values())


async def documents(reader: Reader, base_iri: str) -> list[Document]:
    """The loaded releases in date order: title, issue date, file name and length."""
    rows = await reader.select(query(DOCUMENTS, base=string(base_of(base_iri))))
    out: dict[str, Document] = {}
    for row in rows:
        iri = row["document"].value
        if iri in out:
            continue
        count = row.get("charCount")
        out[iri] = Document(
            iri,
            row["title"].value if "title" in row else None,
            row["issued"].value if "issued" in row else None,
            row["fileName"].value if "fileName" in row else None,
            int(count.value) if count is not None else None,
        )
    return list(out.values())
