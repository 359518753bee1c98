"""A document's built RDF graph → the facts the scorer compares, read through the ontology's terms only.

Reading the graph (W3C ORG, FOAF, PROV, DCMI and `ckg:`) rather than the extractor's dataclasses keeps the
scorer valid whatever the extractor becomes: it scores what a user of the graph would see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from .namespaces import CKG, DEFAULT_BASE_IRI, ORG
from .pipeline import ontology_graph

_ORGANISATION_TYPES = (
    ORG.Organization,
    ORG.FormalOrganization,
    FOAF.Organization,
    CKG.Company,
    CKG.CorporateGroup,
)


@dataclass(frozen=True)
class FoundOrganisation:
    iri: str
    name: str
    short_names: tuple[str, ...]
    head_offices: tuple[str, ...]
    countries: tuple[str, ...] = ()  # ckg:countryCode values


@dataclass(frozen=True)
class FoundPerson:
    """A person of the graph and the name it gives (`foaf:name`, else `rdfs:label`)."""

    iri: str
    name: str


@dataclass(frozen=True)
class FoundPost:
    person: str  # person IRI
    organisation: str  # organisation IRI
    title: str


@dataclass(frozen=True)
class FoundAgreement:
    iri: str
    kind: str  # the most specific ckg class of the agreement, by local name
    parties: frozenset[str]  # organisation IRIs
    signed_on: dt.date | None


@dataclass(frozen=True)
class FoundReference:
    address: str | None  # the cited release's address; None when the graph names it by a minted IRI
    issued: dt.date | None


@dataclass(frozen=True)
class FoundProgramme:
    iri: str
    names: tuple[str, ...]  # its labels, the preferred one first


@dataclass(frozen=True)
class FoundMilestone:
    begins: int | None  # year
    ends: int | None
    involves: frozenset[str]  # organisation IRIs


@dataclass(frozen=True)
class GraphFacts:
    """What one document's graph states, in the terms the gold uses."""

    title: str | None
    issued: dt.date | None
    organisations: tuple[FoundOrganisation, ...]
    people: tuple[FoundPerson, ...]
    posts: tuple[FoundPost, ...]
    agreements: tuple[FoundAgreement, ...]
    speakers: tuple[str, ...]  # person IRI of each statement
    references: tuple[FoundReference, ...]
    programmes: tuple[FoundProgramme, ...] = ()
    milestones: tuple[FoundMilestone, ...] = ()


@lru_cache(maxsize=1)
def _agreement_classes() -> dict[URIRef, frozenset[URIRef]]:
    """Each agreement class of the ontology with its superclasses (itself included)."""
    ontology = ontology_graph()
    classes: dict[URIRef, frozenset[URIRef]] = {}
    for cls in ontology.transitive_subjects(RDFS.subClassOf, CKG.Agreement):
        if isinstance(cls, URIRef):
            classes[cls] = frozenset(
                c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)
            )
    return classes


def read_graph_facts(graph: Graph, *, base_iri: str = DEFAULT_BASE_IRI) -> GraphFacts:
    """The facts of one document graph; `base_iri` tells a cited release's own address from a minted IRI."""
    document = min(graph.subjects(RDF.type, CKG.SourceDocument), key=str, default=None)
    organisations = sorted(
        {s for t in _ORGANISATION_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}
    )
    people = sorted(s for s in set(graph.subjects(RDF.type, FOAF.Person)) if isinstance(s, URIRef))
    return GraphFacts(
        title=_text(graph, document, DCTERMS.title) if document is not None else None,
        issued=_date(graph.value(document, DCTERMS.issued)) if document is not None else None,
        organisations=tuple(_organisation(graph, org) for org in organisations),
        people=tuple(FoundPerson(str(p), _text(graph, p, FOAF.name, RDFS.label) or str(p)) for p in people),
        posts=_posts(graph),
        agreements=_agreements(graph),
        speakers=tuple(
            sorted(
                str(graph.value(s, PROV.wasAttributedTo))
                for s in set(graph.subjects(RDF.type, CKG.Statement))
            )
        ),
        references=_references(graph, document, base_iri) if document is not None else (),
        programmes=tuple(
            FoundProgramme(str(p), _names(graph, p))
            for p in sorted(s for s in set(graph.subjects(RDF.type, CKG.Programme)) if isinstance(s, URIRef))
        ),
        milestones=_milestones(graph),
    )


def _text(graph: Graph, subject: Node, *predicates: URIRef) -> str | None:
    """The first predicate's value, preferring a Japanese or untagged literal, in a stable order."""
    for predicate in predicates:
        values = sorted(
            (v for v in graph.objects(subject, predicate) if isinstance(v, Literal)), key=_literal_order
        )
        if values:
            return str(values[0])
    return None


def _literal_order(value: Literal) -> tuple[int, str]:
    return (0 if value.language in (None, "ja") else 1, str(value))


def _texts(graph: Graph, subjects: Iterable[Node], predicate: URIRef) -> tuple[str, ...]:
    return tuple(
        sorted({str(v) for s in subjects for v in graph.objects(s, predicate) if isinstance(v, Literal)})
    )


def _names(graph: Graph, subject: Node) -> tuple[str, ...]:
    preferred = _text(graph, subject, RDFS.label)
    others = [n for n in _texts(graph, [subject], SKOS.altLabel) if n != preferred]
    return tuple([preferred] if preferred else []) + tuple(others)


def _milestones(graph: Graph) -> tuple[FoundMilestone, ...]:
    found = []
    for node in sorted(s for s in set(graph.subjects(RDF.type, CKG.Milestone)) if isinstance(s, URIRef)):
        interval = graph.value(node, TIME.hasTime)
        years = [_year(graph, graph.value(interval, p)) if interval is not None else None
                 for p in (TIME.hasBeginning, TIME.hasEnd)]
        involves = frozenset(str(o) for o in graph.objects(node, CKG.involves))
        found.append(FoundMilestone(years[0], years[1], involves))
    return tuple(sorted(found, key=lambda m: (m.begins or 0, m.ends or 0, sorted(m.involves))))


def _year(graph: Graph, instant: Node | None) -> int | None:
    value = graph.value(instant, TIME.inXSDgYear) if instant is not None else None
    return int(str(value)[:4]) if isinstance(value, Literal) else None


def _date(value: Node | None) -> dt.date | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, dt.datetime):
            return python.date()
        if isinstance(python, dt.date):
            return python
    return None


def _organisation(graph: Graph, org: URIRef) -> FoundOrganisation:
    sites = set(graph.objects(org, ORG.hasPrimarySite))
    return FoundOrganisation(
        str(org),
        _text(graph, org, SKOS.prefLabel, RDFS.label) or str(org),
        _texts(graph, [org], SKOS.altLabel),
        _texts(graph, sites, RDFS.label),
        _texts(graph, [org], CKG.countryCode),
    )


def _posts(graph: Graph) -> tuple[FoundPost, ...]:
    posts = set()
    for membership in set(graph.subjects(RDF.type, ORG.Membership)):
        person, organisation = graph.value(membership, ORG.member), graph.value(membership, ORG.organization)
        role = graph.value(membership, ORG.role)
        title = _text(graph, role, RDFS.label) if role is not None else None
        if person is not None and organisation is not None and title is not None:
            posts.add(FoundPost(str(person), str(organisation), title))
    return tuple(sorted(posts, key=lambda p: (p.person, p.organisation, p.title)))


def _agreements(graph: Graph) -> tuple[FoundAgreement, ...]:
    classes = _agreement_classes()
    found = []
    for subject in sorted(
        {s for cls in classes for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    ):
        types = {t for t in graph.objects(subject, RDF.type) if isinstance(t, URIRef) and t in classes}
        # The most specific: a type of the node that no other of its types specialises.
        specific = sorted(t for t in types if not any(t != o and t in classes[o] for o in types))
        kind = "+".join(str(t).rsplit("#", 1)[-1] for t in specific)
        parties = frozenset(str(p) for p in graph.objects(subject, CKG.hasParty))
        found.append(FoundAgreement(str(subject), kind, parties, _date(graph.value(subject, CKG.signedOn))))
    return tuple(found)


def _references(graph: Graph, document: Node, base_iri: str) -> tuple[FoundReference, ...]:
    cited = sorted(
        {c for p in (CKG.references, DCTERMS.references) for c in graph.objects(document, p)}, key=str
    )
    return tuple(
        FoundReference(None if str(c).startswith(base_iri) else str(c), _date(graph.value(c, DCTERMS.issued)))
        for c in cited
    )
