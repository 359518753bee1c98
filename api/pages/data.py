"""The HTML pages' data, read through `api.lookups` — the same data functions the REST API and `/id/…` use.

    home(…)      counts by class, the source documents, the organisations, people and agreements
    timeline(…)  the milestones and the agreements' signing days → `timeline.draw`
    network(…)   organisations, people, agreements and their relations → `network.draw`
    entity(…)    what an `/id/…` page shows beyond its triples: the kind's lookup (posts, parties …),
                 labels in ja and en, each source span inside its sentence of the release, and on a
                 document's page the sentences the loader read no fact from
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..lookups.agreements import AGREEMENTS
from ..lookups.describe import Description
from ..lookups.index import Index
from ..lookups.kinds import Item, Kind, Links, one, page
from ..lookups.milestones import MILESTONES, year_bounds
from ..lookups.organisations import ORGANISATIONS
from ..lookups.overview import ClassCount, Document, class_counts, documents
from ..lookups.paths import local_path
from ..lookups.people import PEOPLE
from ..lookups.reader import Reader
from ..lookups.shape import lang_map, not_understood, sources
from ..lookups.statements import STATEMENTS
from ..lookups.terms import LABEL, NAME, PREF_LABEL, TYPE
from . import network as net
from . import timeline as tl
from .excerpt import Excerpt, excerpt, find_source
from .lang import pick

ALL = 100  # the pages draw everything; the REST API's own maximum page size


def href(base_iri: str, iri: str) -> str | None:
    return local_path(base_iri, iri)


def name(item: dict[str, Any] | None, order: tuple[str, ...], *keys: str) -> str:
    """An item's label in the preferred language, by the first of `keys` that has one, else its IRI."""
    if not item:
        return ""
    for k in keys or ("label", "name", "prefLabel"):
        found = pick(item.get(k) or {}, order)
        if found:
            return found
    return str(item.get("id", ""))


async def _all(reader: Reader, kind: Kind, links: Links, **slots: str) -> list[Item]:
    return (await page(reader, kind, links, ALL, 0, **slots)).items


@dataclass(frozen=True)
class Home:
    counts: list[ClassCount]
    documents: list[Document]
    organisations: list[Item]
    people: list[Item]
    agreements: list[Item]


async def home(reader: Reader, links: Links) -> Home:
    return Home(
        await class_counts(reader, links.base_iri),
        await documents(reader, links.base_iri),
        await _all(reader, ORGANISATIONS, links),
        await _all(reader, PEOPLE, links),
        await _all(reader, AGREEMENTS, links),
    )


async def timeline(reader: Reader, links: Links, order: tuple[str, ...]) -> tuple[str, list[Item]]:
    """The timeline's SVG and the milestones it shows (the page lists them as text too)."""
    milestones = await _all(reader, MILESTONES, links, **year_bounds(None, None))
    agreements = await _all(reader, AGREEMENTS, links)
    rows = [tl.Milestone(name(m, order), href(links.base_iri, m["id"]), m["from"], m["to"])
            for m in milestones if m["from"] is not None and m["to"] is not None]
    marks = []
    for agreement in agreements:
        if agreement["signedOn"]:
            day = date.fromisoformat(agreement["signedOn"][:10])
            marks.append(tl.Mark(f"{agreement['signedOn']} {name(agreement['kind'], order)}",
                                 href(links.base_iri, agreement["id"]), day))
    return tl.draw(rows, marks), milestones


async def network(reader: Reader, links: Links, order: tuple[str, ...]) -> str:
    organisations = await _all(reader, ORGANISATIONS, links)
    people = await _all(reader, PEOPLE, links)
    agreements = await _all(reader, AGREEMENTS, links)
    base = links.base_iri
    nodes = [net.Node(p["id"], name(p, order, "name"), "person", href(base, p["id"])) for p in people]
    nodes += [net.Node(o["id"], _short(o, order), "organization", href(base, o["id"])) for o in organisations]
    nodes += [net.Node(a["id"], f"{name(a['kind'], order)} {a['signedOn'] or ''}".strip(), "agreement",
                       href(base, a["id"])) for a in agreements]
    edges: list[net.Edge] = []
    for org in organisations:
        for post in org["posts"]:
            if post["member"]:
                edges.append(net.Edge(post["member"]["id"], org["id"], "holds post in"))
        for parent in org["subOrganizationOf"]:
            edges.append(net.Edge(org["id"], parent["id"], "subsidiary of"))
    for agreement in agreements:
        for party in agreement["hasParty"]:
            edges.append(net.Edge(party["id"], agreement["id"], "party of"))
    return net.draw(nodes, list(dict.fromkeys(edges)))


def _short(org: Item, order: tuple[str, ...]) -> str:
    shorts = [a if isinstance(a, str) else a["@value"] for a in org.get("altLabel", [])]
    return shorts[0] if shorts else name(org, order)


# -- Entity pages --

@dataclass(frozen=True)
class Quote:
    """A source span: the document (title, date, link), offsets, and the sentence around it when the file is here."""

    document: str
    document_title: str
    document_href: str | None
    issued: str | None
    start: int | None
    end: int | None
    exact: str
    context: Excerpt | None


@dataclass
class Entity:
    kind: str | None = None
    item: Item | None = None
    labels: dict[str, list[str]] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    unread: list[Quote] = field(default_factory=list)  # a document's sentences that gave no fact


_KINDS = [ORGANISATIONS, PEOPLE, AGREEMENTS, STATEMENTS]


async def entity(reader: Reader, links: Links, description: Description, sources_folder: Path) -> Entity:
    ix = Index(description.triples)
    iri = description.iri
    found = Entity()
    for predicate in (LABEL, PREF_LABEL, NAME):
        literals = ix.literals(iri, predicate)
        if literals:
            found.labels = lang_map(literals)
            break
    classes = set(ix.iris(iri, TYPE))
    for kind in _KINDS:
        if kind.cls in classes:
            found.kind, found.item = kind.name, await one(reader, kind, links, iri)
            break
    found.quotes = await _quotes(reader, links, sources(ix, iri), sources_folder)
    found.unread = await _quotes(reader, links, not_understood(ix, iri), sources_folder)
    return found


async def _quotes(reader: Reader, links: Links, spans: list[dict[str, Any]], sources_folder: Path) -> list[Quote]:
    """Each span with its document's title and date, cut from the stored file when it is there (else the quote)."""
    if not spans:
        return []
    docs = {d.iri: d for d in await documents(reader, links.base_iri)}
    quotes = []
    for span in spans:
        doc = docs.get(span["document"])
        context = None
        if doc and doc.file_name and span["start"] is not None and span["end"] is not None:
            text = await asyncio.to_thread(find_source, sources_folder, doc.file_name, doc.char_count)
            if text is not None:
                context = excerpt(text, span["start"], span["end"], span["exact"])
        quotes.append(Quote(
            span["document"], (doc.title if doc and doc.title else span["document"]),
            href(links.base_iri, span["document"]), doc.issued if doc else None,
            span["start"], span["end"], span["exact"] or "", context))
    return quotes
