"""A single HTML page documenting the ontology, generated from its graph (not pyLODE: its 3.4 release fails on
import, and 3.3 on an ontology whose IRI ends in `#`).

Each term's section has the term's local name as its id, so a browser that follows a term IRI such as
`https://w3id.org/cislunar-kg/ontology#Agreement` to this page lands on the term.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from . import NAMESPACE, ONTOLOGY_IRI


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # "" for a term defined elsewhere


@dataclass(frozen=True)
class Term:
    anchor: str
    qname: str
    labels: dict[str, str]
    definitions: dict[str, str]
    facts: list[tuple[str, list[Link]]]


_KINDS = (
    (OWL.Class, "Classes / クラス"),
    (OWL.ObjectProperty, "Object properties / オブジェクトプロパティ"),
    (OWL.DatatypeProperty, "Datatype properties / データ型プロパティ"),
    (OWL.AnnotationProperty, "Annotation properties / 注釈プロパティ"),
    (SKOS.ConceptScheme, "Concept schemes / 概念体系"),
    (SKOS.Concept, "Concepts / 概念"),
)
_FACTS = (
    (RDFS.subClassOf, "subclass of"),
    (OWL.disjointWith, "disjoint with"),
    (RDFS.subPropertyOf, "subproperty of"),
    (OWL.inverseOf, "inverse of"),
    (RDFS.domain, "domain"),
    (RDFS.range, "range"),
    (SKOS.inScheme, "in scheme"),
)
_MAPPINGS = (SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch, SKOS.exactMatch, SKOS.narrowMatch)

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5 }
section.term { border-top: 1px solid #ccc; padding: .5rem 0 }
dt { font-weight: bold } code { background: #f4f4f4; padding: 0 .2em }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<dl>
{% for name, values in header %}<dt>{{ name }}</dt>\
{% for lang, value in values %}<dd{% if lang %} lang="{{ lang }}"{% endif %}>{{ value }}</dd>{% endfor %}
{% endfor %}</dl>
{% for heading, terms in sections %}
<h2>{{ heading }}</h2>
<ul>{% for term in terms %}<li><a href="#{{ term.anchor }}">{{ term.qname }}</a></li>{% endfor %}</ul>
{% for term in terms %}
<section class="term" id="{{ term.anchor }}">
<h3><code>{{ term.qname }}</code> {{ term.labels.get("en", "") }} \
<span lang="ja">{{ term.labels.get("ja", "") }}</span></h3>
{% for lang, text in term.definitions.items() %}<p lang="{{ lang }}">{{ text }}</p>
{% endfor %}{% if term.facts %}<dl>{% for name, links in term.facts %}<dt>{{ name }}</dt><dd>\
{% for link in links %}{% if not loop.first %}, {% endif %}\
{% if link.href %}<a href="{{ link.href }}">{{ link.text }}</a>{% else %}{{ link.text }}{% endif %}\
{% endfor %}</dd>{% endfor %}</dl>{% endif %}
</section>
{% endfor %}{% endfor %}
{% if mappings %}<h2>Mappings / 対応</h2>
<table>
<tr><th>term</th><th>mapping</th><th>other vocabulary</th></tr>
{% for subject, relation, other in mappings %}<tr><td><code>{{ subject }}</code></td><td>{{ relation }}</td>\
<td><a href="{{ other }}">{{ other }}</a></td></tr>
{% endfor %}</table>
{% endif %}</body>
</html>
"""


def _by_language(graph: Graph, subject: URIRef, predicate: URIRef) -> dict[str, str]:
    found = {o.language or "": str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal)}
    return {lang: found[lang] for lang in ("en", "ja") if lang in found}


def _link(graph: Graph, iri: URIRef) -> Link:
    href = "#" + iri.removeprefix(NAMESPACE) if iri.startswith(NAMESPACE) else ""
    return Link(graph.namespace_manager.normalizeUri(iri), href)


def _term(graph: Graph, iri: URIRef) -> Term:
    qname = graph.namespace_manager.normalizeUri
    label_predicate = SKOS.prefLabel if (iri, RDF.type, SKOS.Concept) in graph else RDFS.label
    facts = [
        (
            name,
            [
                _link(graph, o)
                for o in sorted(graph.objects(iri, predicate), key=str)
                if isinstance(o, URIRef)
            ],
        )
        for predicate, name in _FACTS
    ]
    return Term(
        anchor=iri.removeprefix(NAMESPACE),
        qname=qname(iri),
        labels=_by_language(graph, iri, label_predicate),
        definitions=_by_language(graph, iri, SKOS.definition),
        facts=[(name, values) for name, values in facts if values],
    )


def render_html(graph: Graph) -> str:
    """The ontology header, every `ckg:` term grouped by kind, and any mappings, as one HTML page.

    Works for the core, the alignments and any released version: the header is the graph's owl:Ontology.
    """
    ontology = next(
        (s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), URIRef(ONTOLOGY_IRI)
    )

    def values(predicate: URIRef) -> list[tuple[str, str]]:
        return sorted(
            (getattr(v, "language", None) or "", str(v)) for v in graph.objects(ontology, predicate)
        )

    header_fields = (
        ("Ontology IRI", [("", str(ontology))]),
        ("Version IRI", values(OWL.versionIRI)),
        ("Version", values(OWL.versionInfo)),
        ("Prior version", values(OWL.priorVersion) or [("", "none")]),
        ("Imports", values(OWL.imports)),
        ("Preferred prefix", [("", f"ckg: <{NAMESPACE}>")]),
        ("Created", values(DCTERMS.created)),
        ("Modified", values(DCTERMS.modified)),
        ("Creator", values(DCTERMS.creator)),
        ("Publisher", values(DCTERMS.publisher)),
        ("Licence", values(DCTERMS.license)),
        ("Cite as", values(DCTERMS.bibliographicCitation)),
        ("Description", values(DCTERMS.description)),
    )
    seen: set[URIRef] = set()
    sections = []
    for kind, heading in _KINDS:
        members = sorted(
            s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(NAMESPACE)
        )
        terms = [_term(graph, s) for s in members if s not in seen]
        seen.update(members)
        if terms:
            sections.append((heading, terms))
    mappings = sorted(
        (graph.namespace_manager.normalizeUri(s), graph.namespace_manager.normalizeUri(p), str(o))
        for p in _MAPPINGS
        for s, o in graph.subject_objects(p)
        if isinstance(s, URIRef) and isinstance(o, URIRef)
    )
    title = _by_language(graph, ontology, DCTERMS.title).get("en", str(ontology))
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(_TEMPLATE)
    return template.render(
        title=title, header=[h for h in header_fields if h[1]], sections=sections, mappings=mappings
    )
