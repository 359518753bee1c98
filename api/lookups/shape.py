"""From indexed triples to JSON values, with the keys of the shipped JSON-LD context.

The JSON of every lookup uses the context's own terms (`label`, `altLabel`, `hasParty`, `statedOn` …) with its
value shapes (language maps, dates as strings), so the JSON-LD twin is that same JSON plus `@context`: one data
function, two renderings. Language maps always hold lists (`{"ja": ["日本航空株式会社"]}`), relations are lists,
and values the model allows once (`signedOn`, `start`) are single. The few keys the context does not define are
mapped (or dropped) by `jsonld.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

import ontology
from graph.namespaces import curie

from .index import Index, key
from .terms import ALT_LABEL, CKG, LABEL, NAME, OA, PREF_LABEL, TYPE

LangMap = dict[str, list[str]]
Item = dict[str, Any]


def lang_map(literals: list[ox.Literal]) -> LangMap:
    """`{"ja": [...], "en": [...]}`; a literal without a language goes under `@none` (JSON-LD 1.1)."""
    out: LangMap = {}
    for literal in literals:
        out.setdefault(literal.language or "@none", []).append(literal.value)
    return {lang: sorted(set(values)) for lang, values in sorted(out.items())}


def plain(literal: ox.Literal) -> str | dict[str, str]:
    """A string, or `{"@value", "@language"}` when the literal has a language and no language map holds it."""
    if literal.language:
        return {"@value": literal.value, "@language": literal.language}
    return literal.value


def first(literals: list[ox.Literal]) -> str | None:
    """The first value (in the index's stable order) of a property the model allows once."""
    return literals[0].value if literals else None


def one(values: Iterable[Item]) -> Item | None:
    """The first linked resource of a relation the model allows once (a membership's member, its role)."""
    return next(iter(values), None)


def labels(ix: Index, iri: str, predicate: str = LABEL) -> LangMap:
    return lang_map(ix.literals(iri, predicate))


def alt_labels(ix: Index, iri: str) -> list[str | dict[str, str]]:
    """Short names (`skos:altLabel`): plain strings in the data; a tagged one keeps its language."""
    return [plain(lit) for lit in ix.literals(iri, ALT_LABEL)]


def ref(ix: Index, iri: str) -> dict[str, Any]:
    """A linked resource: its IRI and its labels."""
    return {"id": iri, "label": labels(ix, iri)}


def org_ref(ix: Index, iri: str) -> dict[str, Any]:
    """A linked organisation: IRI, labels and short names."""
    return {"id": iri, "label": labels(ix, iri), "altLabel": alt_labels(ix, iri)}


def person_ref(ix: Index, iri: str) -> dict[str, Any]:
    return {"id": iri, "name": labels(ix, iri, NAME)}


def concept_ref(ix: Index, iri: str) -> dict[str, Any]:
    return {"id": iri, "prefLabel": labels(ix, iri, PREF_LABEL)}


def types(ix: Index, iri: str) -> list[str]:
    """The resource's classes, in the context's short form (`Company`, `foaf:Organization`)."""
    return sorted({compact(t) for t in ix.iris(iri, TYPE)})


# -- Source spans --

OWN_FACTS_TEMPLATE = "?item ?p ?o . ?o ?lp ?ol ."
OWN_FACTS = """?item ?p ?o
    OPTIONAL { ?o ?lp ?ol VALUES ?lp { rdfs:label skos:prefLabel skos:altLabel foaf:name } }"""
"""Every lookup's own facts about its items, with the names of what they point to (template, pattern)."""

SOURCES = """?annotation oa:hasBody ?item ; oa:hasTarget ?target .
    ?target oa:hasSource ?document ; oa:hasSelector ?position , ?quote .
    ?position oa:start ?start ; oa:end ?end .
    ?quote oa:exact ?exact ."""
"""Both the CONSTRUCT template and the WHERE pattern of every lookup that carries its items' source spans."""


NOT_UNDERSTOOD = """?unread a oa:Annotation ; oa:motivatedBy ckg:notUnderstood ; oa:hasTarget ?unreadTarget .
    ?unreadTarget a oa:SpecificResource ; oa:hasSource ?item ;
        oa:hasSelector ?unreadPosition , ?unreadQuote .
    ?unreadPosition a oa:TextPositionSelector ; oa:start ?unreadStart ; oa:end ?unreadEnd .
    ?unreadQuote a oa:TextQuoteSelector ; oa:exact ?unreadExact ."""
"""Template and pattern of a document's sentences the loader read no fact from: the whole annotation, since it
has no body to be found by (`ckg:notUnderstood`)."""


def sources(ix: Index, iri: str) -> list[dict[str, Any]]:
    """Where the resource was stated: one span per annotation whose `oa:hasBody` it is."""
    return _spans(ix, ix.subjects(OA + "hasBody", iri))


def not_understood(ix: Index, document: str) -> list[dict[str, Any]]:
    """The sentences of `document` that gave no fact: one span per annotation motivated by `ckg:notUnderstood`
    whose target is in it. These have no body, so `sources` never counts them as a fact's provenance."""
    notes = [n for n in ix.subjects(OA + "motivatedBy", CKG + "notUnderstood")
             if any(document in ix.iris(key(t), OA + "hasSource") for t in ix.objects(n, OA + "hasTarget"))]
    return _spans(ix, notes)


def _spans(ix: Index, annotations: Iterable[str]) -> list[dict[str, Any]]:
    """Each annotation's target read from its selectors: document, offsets and quote, in document order."""
    spans = []
    for annotation in annotations:
        for target in ix.objects(annotation, OA + "hasTarget"):
            selectors = ix.objects(key(target), OA + "hasSelector")
            starts = [lit for s in selectors for lit in ix.literals(key(s), OA + "start")]
            ends = [lit for s in selectors for lit in ix.literals(key(s), OA + "end")]
            exacts = [lit for s in selectors for lit in ix.literals(key(s), OA + "exact")]
            for document in ix.iris(key(target), OA + "hasSource"):
                spans.append({
                    "id": annotation,
                    "document": document,
                    "start": int(starts[0].value) if starts else None,
                    "end": int(ends[0].value) if ends else None,
                    "exact": exacts[0].value if exacts else None,
                })
    return sorted(spans, key=lambda s: (s["document"], s["start"] or 0, s["id"]))


# -- Compact IRIs the way the context does --

@lru_cache(maxsize=1)
def _context() -> tuple[dict[str, str], dict[str, str]]:
    """(class IRI → term) and (prefix → namespace IRI), from `ontology/context.jsonld`."""
    context = json.loads(ontology.CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    prefixes = {name: value for name, value in context.items()
                if isinstance(value, str) and value.endswith(("#", "/")) and not name.startswith("@")}
    terms: dict[str, str] = {}
    for name, value in context.items():
        if not isinstance(value, str) or value.startswith("@") or name in prefixes:
            continue
        prefix, _, local = value.partition(":")
        terms.setdefault(prefixes[prefix] + local if prefix in prefixes else value, name)
    return terms, prefixes


def compact(iri: str) -> str:
    """`https://w3id.org/cislunar-kg/ontology#Company` → `Company`; otherwise `prefix:local`, or the IRI."""
    terms, prefixes = _context()
    if iri in terms:
        return terms[iri]
    return curie(iri, prefixes)
