"""What `/id/…` says of a resource: one data function, rendered as Turtle, JSON-LD, RDF/XML, N-Triples or HTML.

The description is every triple with the resource as subject, the triples of its hash children
(`…/annotation/x#target`, `#position`, `#quote`: a client cannot ask for a fragment, so the document without
it describes them too), the labels of every resource they link to, so a reader sees names, not bare IRIs, and
the Web Annotations whose body it is, with their selectors: where in which release it was stated. A document's
description also holds the body-less annotations that target it (`ckg:notUnderstood`): the sentences the loader
read no fact from. The RDF formats serialise exactly these triples; the HTML page is a view of the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.namespaces import curie

from .index import Index, Node, key
from .paths import local_path
from .reader import Reader
from .shape import NOT_UNDERSTOOD, SOURCES, sources
from .terms import ALT_LABEL, LABEL, NAME, PREF_LABEL, TYPE, iri_ref, query, string

DESCRIBE = """
CONSTRUCT {
  ?s ?p ?o . ?o ?lp ?ol .
  """ + SOURCES + """
  ?document rdfs:label ?documentLabel .
  """ + NOT_UNDERSTOOD + """
} WHERE {
  { { $item ?p ?o BIND ($item AS ?s) }
    UNION { $item ?link ?s . ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), $hash)) }
    UNION { $item ?link ?via . ?via ?link2 ?s . ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), $hash)) }
    OPTIONAL { ?o ?lp ?ol VALUES ?lp { rdfs:label skos:prefLabel foaf:name } FILTER (isIRI(?o)) } }
  UNION { VALUES ?item { $item } """ + SOURCES + """
          OPTIONAL { ?document rdfs:label ?documentLabel } }
  UNION { VALUES ?item { $item } """ + NOT_UNDERSTOOD + """ }
}
"""


@dataclass(frozen=True)
class Description:
    """The triples describing `iri`, without repeats, in a stable order."""

    iri: str
    triples: list[ox.Triple]

    @property
    def found(self) -> bool:
        return any(key(t.subject) == self.iri for t in self.triples)


async def describe(reader: Reader, iri: str) -> Description:
    text = query(DESCRIBE, item=iri_ref(iri), hash=string(iri + "#"))
    answer = await reader.construct_triples(text)
    unique = sorted(set(answer), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return Description(iri, unique)


# -- The HTML view of a description --

@dataclass(frozen=True)
class Link:
    """A value on the page: its text, where it links (None for literals), a visible note (`@ja`, `xsd:date`)
    and a tooltip (the full IRI)."""

    text: str
    href: str | None
    note: str = ""
    title: str = ""


@dataclass(frozen=True)
class Row:
    predicate: Link
    values: list[Link]


@dataclass(frozen=True)
class Section:
    iri: str
    anchor: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    """Where the resource was stated: the quote, the document (linked, by its title) and the offsets."""

    exact: str
    document: Link
    start: int | None
    end: int | None


@dataclass(frozen=True)
class View:
    iri: str
    title: str
    sections: list[Section]
    spans: list[Span]


_FIRST = [TYPE, LABEL, PREF_LABEL, ALT_LABEL, NAME]


def view(description: Description, base_iri: str, langs: tuple[str, ...] = ("ja", "en")) -> View:
    """Sections for the resource and each hash child: predicate rows, linked resources shown by their labels
    (in the languages `langs` prefer, then any)."""
    ix = Index(description.triples)
    iri = description.iri
    subjects = [iri] + sorted({key(t.subject) for t in description.triples if key(t.subject).startswith(iri + "#")})
    sections = []
    for subject in subjects:
        predicates = ix.predicates(subject)
        order = sorted(predicates, key=lambda p: (_FIRST.index(p) if p in _FIRST else len(_FIRST), curie(p)))
        rows = [Row(_term_link(p, base_iri), [_value(ix, o, base_iri, langs) for o in predicates[p]])
                for p in order]
        anchor = subject[len(iri) + 1:] if subject != iri else ""
        sections.append(Section(subject, anchor, display_name(ix, subject, langs), rows))
    spans = [
        Span(span["exact"] or "", _value(ix, ox.NamedNode(span["document"]), base_iri, langs), span["start"],
             span["end"])
        for span in sources(ix, iri)
    ]
    return View(iri, display_name(ix, iri, langs), sections, spans)


def display_name(ix: Index, iri: str, langs: tuple[str, ...] = ("ja", "en")) -> str:
    """The resource's label (Japanese first, then English, or as `langs` says; then any), else its short IRI."""
    for predicate in (LABEL, PREF_LABEL, NAME):
        literals = ix.literals(iri, predicate)
        for lang in (*langs, None):
            for literal in literals:
                if lang is None or literal.language == lang:
                    return literal.value
    return curie(iri)


def _term_link(iri: str, base_iri: str) -> Link:
    return Link(curie(iri), local_path(base_iri, iri) or iri, title=iri)


def _value(ix: Index, term: Node, base_iri: str, langs: tuple[str, ...] = ("ja", "en")) -> Link:
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else (
            "" if term.datatype.value.endswith("#string") else curie(term.datatype.value))
        return Link(term.value, None, note)
    if isinstance(term, ox.BlankNode):
        return Link("_:" + term.value, None)
    return Link(display_name(ix, term.value, langs), local_path(base_iri, term.value) or term.value, title=term.value)
