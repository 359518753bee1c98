"""One resource per thing across languages: an English release's companies and people joined to the Japanese ones.

A Latin-script name keys the same resource in both languages already (`ispace`, `Telespazio`). Where the names
differ (`Japan Airlines Co., Ltd.` / `日本航空株式会社`, `Takeshi Hakamada` / `袴田武史`), an English resource is linked
to a Japanese one only on evidence both texts give, each rule requiring exactly one candidate on each side:

- a short name both releases introduce for it (`(JAL)` / `以下「JAL」`);
- the same Latin name, written with other case or punctuation (`ispace-Europe` / `ispace- EUROPE S.A.`);
- for a person: the same post in the same (linked) organisation, its title's Latin words equal (`Founder & CEO` /
  `代表取締役CEO & Founder`);
- for a company: the one party left unlinked of the same agreement (same kind, same signing date, the other
  parties linked) in two releases of the same date.

Without such evidence the two resources stay apart, and the load summary says so. Each link is recorded in the
English release's graph as a `prov:Entity` naming the resource (`dcterms:subject`), the IRI the English release
alone would give it (`dcterms:replaces`), both releases (`prov:wasDerivedFrom`) and the evidence
(`dcterms:description`): loading the English release alone undoes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from .build import agreement_iri, digest
from .facts import Release
from .namespaces import DEFAULT_BASE_IRI, IdMinter


@dataclass(frozen=True)
class Card:
    """What linking needs of one release: small, so a batch of thousands keeps every card in memory."""

    document: str
    language: str
    issued: dt.date | None
    organisations: tuple[tuple[str, str, str | None], ...]  # key, name, short name
    people: tuple[str, ...]
    posts: tuple[tuple[str, str, str], ...]  # person key, organisation key, title
    agreements: tuple[tuple[str, dt.date | None, tuple[str, ...], str | None], ...]  # kind, date, parties, instance


@dataclass(frozen=True)
class Link:
    kind: str  # "organisation" or "person"
    english: str  # the key the English release gives it
    japanese: str  # the key of the Japanese resource it joins
    english_name: str
    japanese_name: str
    evidence: str
    english_document: str
    japanese_document: str


@dataclass(frozen=True)
class Apart:
    """An English company or person no Japanese release of the batch gives evidence for (when one could)."""

    kind: str
    english_name: str
    english_document: str


def card(release: Release, document: str) -> Card:
    return Card(
        document,
        release.language,
        release.issued,
        tuple((o.key, o.name, o.short_name) for o in release.organisations),
        tuple(p.key for p in release.people),
        tuple((p.person, p.organisation, p.title) for p in release.posts),
        tuple((a.kind, a.signed_on, a.parties, a.instance) for a in release.agreements),
    )


def _latin(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _latin_name(name: str) -> str:
    core = re.sub(r"(?:[\s,]+(?:S\.A\.|S\.p\.A\.|Inc\.?|inc\.|Co\.,?\s*Ltd\.?|Ltd\.?|GmbH|Corporation))+$", "",
                  name.strip())
    return _latin(core)


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]{2,}", title) if w.lower() not in {"and", "of", "the"})


def find_links(cards: Iterable[Card]) -> tuple[list[Link], list[Apart]]:
    cards = list(cards)
    japanese = [c for c in cards if c.language == "ja"]
    links: list[Link] = []
    apart: list[Apart] = []
    if not japanese:
        return links, apart
    ja_orgs = {key: (name, short, c.document) for c in japanese for key, name, short in c.organisations}
    for english in (c for c in cards if c.language == "en"):
        mapping: dict[str, str] = {}
        for key, name, short in english.organisations:
            if key in ja_orgs:
                continue  # the same Latin name keys the same resource already
            found = _organisation_evidence(key, name, short, ja_orgs)
            if found:
                target, evidence = found
                mapping[key] = target
                links.append(Link("organisation", key, target, name, ja_orgs[target][0], evidence, english.document,
                                  ja_orgs[target][2]))
        for key, name, _short in english.organisations:
            if key in ja_orgs or key in mapping:
                continue
            by_party = _party_evidence(key, english, japanese, mapping)
            if by_party:
                target, evidence, where = by_party
                mapping[key] = target
                links.append(Link("organisation", key, target, name, ja_orgs[target][0], evidence, english.document,
                                  where))
            else:
                apart.append(Apart("organisation", name, english.document))
        ja_people = {p for c in japanese for p in c.people}
        for person in english.people:
            if person in ja_people:
                continue
            found_person = _person_evidence(person, english, japanese, mapping)
            if found_person:
                target, evidence, where = found_person
                links.append(Link("person", person, target, person, target, evidence, english.document, where))
            else:
                apart.append(Apart("person", person, english.document))
    return links, apart


def _organisation_evidence(
    key: str, name: str, short: str | None, ja_orgs: dict[str, tuple[str, str | None, str]]
) -> tuple[str, str] | None:
    if short:
        same = [k for k, (_n, s, _d) in ja_orgs.items() if s == short]
        if len(same) == 1:
            return same[0], f"both releases introduce the short name “{short}”"
    latin = _latin_name(name)
    same = [k for k, (n, _s, _d) in ja_orgs.items() if latin and _latin_name(n) == latin]
    if len(same) == 1:
        return same[0], f"the same Latin name, written “{name}” and “{ja_orgs[same[0]][0]}”"
    return None


def _party_evidence(key: str, english: Card, japanese: list[Card],
                    mapping: dict[str, str]) -> tuple[str, str, str] | None:
    """The one unlinked party of an agreement both releases of the same date state (same kind, same day)."""
    candidates: set[tuple[str, str, str]] = set()
    for kind, day, parties, _instance in english.agreements:
        if key not in parties:
            continue
        others = {mapping.get(p, p) for p in parties if p != key}
        for ja in japanese:
            if ja.issued is None or ja.issued != english.issued:
                continue
            for ja_kind, ja_day, ja_parties, _ in ja.agreements:
                rest = set(ja_parties) - others
                if (ja_kind == kind and ja_day == day and len(ja_parties) == len(parties)
                        and others <= set(ja_parties) and len(rest) == 1):
                    (target,) = rest
                    when = day.isoformat() if day else "no stated date"
                    candidates.add((target,
                                    f"the remaining party of the same {kind} ({when}) in releases of {english.issued}",
                                    ja.document))
    return candidates.pop() if len({c[0] for c in candidates}) == 1 else None


def _person_evidence(person: str, english: Card, japanese: list[Card],
                     mapping: dict[str, str]) -> tuple[str, str, str] | None:
    """The only holder of the same post (same organisation, same Latin title words) in the Japanese releases."""
    candidates: set[tuple[str, str, str]] = set()
    for holder, organisation, title in english.posts:
        if holder != person:
            continue
        words = _title_words(title)
        org = mapping.get(organisation, organisation)
        for ja in japanese:
            for ja_person, ja_org, ja_title in ja.posts:
                if ja_org == org and words and _title_words(ja_title) == words:
                    candidates.add((ja_person, f"the same post in {org}: “{title}” / “{ja_title}”", ja.document))
    holders = {c[0] for c in candidates}
    return min(candidates) if len(holders) == 1 else None


def apply_links(graph: Graph, links: list[Link], release: Release, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The English release's graph with each linked resource under the Japanese IRI, and the links recorded."""
    mint = IdMinter(base_iri)
    minted = {"organisation": "organization", "person": "person"}
    renamed: dict[Node, Node] = {mint(minted[link.kind], link.english): mint(minted[link.kind], link.japanese)
                                 for link in links}
    org_keys = {link.english: link.japanese for link in links if link.kind == "organisation"}
    for agreement in release.agreements:
        old = agreement_iri(mint, agreement.kind, agreement.signed_on, agreement.parties, agreement.instance)
        parties = tuple(org_keys.get(p, p) for p in agreement.parties)
        renamed[old] = agreement_iri(mint, agreement.kind, agreement.signed_on, parties, agreement.instance)
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace)
    for s, p, o in graph:
        result.add((renamed.get(s, s), p, renamed.get(o, o)))
    for link in links:
        node = mint("link", link.kind, digest(link.english_document, link.english, link.japanese))
        result.add((node, RDF.type, PROV.Entity))
        result.add((node, RDFS.label, Literal(f"{link.english_name} = {link.japanese_name}", lang="en")))
        result.add((node, DCTERMS.subject, mint(minted[link.kind], link.japanese)))
        result.add((node, DCTERMS.replaces, mint(minted[link.kind], link.english)))
        result.add((node, DCTERMS.description, Literal(link.evidence, lang="en")))
        result.add((node, PROV.wasDerivedFrom, URIRef(link.english_document)))
        result.add((node, PROV.wasDerivedFrom, URIRef(link.japanese_document)))
    return result
