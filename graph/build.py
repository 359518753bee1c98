"""Facts → an rdflib graph: the only place that makes triples.

Every resource gets the types a consumer who knows only the standard vocabularies relies on (an
organisation is explicitly `org:Organization`), and every fact read from text gets a Web Annotation
pointing at its span, so each triple can be traced to its place in the source. A sentence the loader could not
read (`Release.unread`) gets an annotation too, with no body, so the document's page can list it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, TIME, XSD

from .facts import Agreement, Organisation, Release, Span
from .namespaces import CKG, DEFAULT_BASE_IRI, OA, ORG, IdMinter, bind_prefixes

CONTRACT_KINDS = {
    "CapitalAndBusinessAlliance",
    "CorporatePartnerContract",
    "BusinessAlliance",
    "CommissionContract",
    "SupportContract",
}
_RELATIONS = {
    "subsidiary": (CKG.subsidiaryOf, ORG.subOrganizationOf),
    "regional-subsidiary": (CKG.subsidiaryOf, ORG.subOrganizationOf),
    "group-member": (ORG.subOrganizationOf,),
    "joint-venture": (CKG.jointVentureOf,),
}


def ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def digest(*parts: str, length: int = 12) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


class _Builder:
    def __init__(self, release: Release, mint: IdMinter, scope_concepts: dict[str, URIRef]) -> None:
        self.release = release
        self.mint = mint
        self.scope_concepts = scope_concepts
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.document = mint("document", release.name)
        self.lang = release.language

    def text(self, value: str) -> Literal:
        """A literal read from the release, tagged with the release's language."""
        return Literal(value, lang=self.lang)

    # -- identities --------------------------------------------------------------------------------------
    def organisation(self, key: str) -> URIRef:
        return self.mint("organization", key)

    def person(self, key: str) -> URIRef:
        return self.mint("person", key)

    def agreement(self, agreement: Agreement) -> URIRef:
        return agreement_iri(self.mint, agreement.kind, agreement.signed_on, agreement.parties, agreement.instance)

    def programme(self, key: str) -> URIRef:
        if "/" in key:  # a mission: "HAKUTO-R/1"
            return self.mint("mission", *key.split("/", 1))
        return self.mint("programme", key)

    # -- helpers -----------------------------------------------------------------------------------------
    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal) -> None:
        self.graph.add((subject, predicate, obj))

    def types(self, subject: URIRef, *classes: URIRef) -> None:
        for cls in classes:
            self.add(subject, RDF.type, cls)

    def derived(self, subject: URIRef, spans: Iterable[Span]) -> None:
        """Link a resource to its document and annotate each span it was read from."""
        self.add(subject, PROV.wasDerivedFrom, self.document)
        self.add(subject, PROV.hadPrimarySource, self.document)
        for found in spans:
            self.annotate(subject, found)

    def annotate(self, body: URIRef, found: Span) -> None:
        """A fact's provenance: `body` was identified in the span `found`."""
        self.annotation(found, OA.identifying, body)

    def not_understood(self, found: Span) -> None:
        """A sentence that looks like it states something but gave no fact: an annotation with no body.

        It is motivated by `ckg:notUnderstood`, narrower than `oa:questioning`, rather than by `oa:questioning`
        itself: a reader who knows only Web Annotation sees a span put in question, and a consumer can tell the
        loader's own "not understood" marks apart from questions a person may one day add. Having no body, it is
        never taken for the source of a fact (every fact annotation names its fact as `oa:hasBody`).
        """
        self.annotation(found, CKG.notUnderstood)

    def annotation(self, found: Span, motivation: URIRef, body: URIRef | None = None) -> None:
        """One Web Annotation targeting `found` in this document, located by offsets and by quote.

        Its IRI is a digest of what it says (body or motivation, offsets), so the same release gives the same IRIs.
        """
        said = str(body if body is not None else motivation)
        note = self.mint("annotation", self.release.name, digest(said, str(found.start), str(found.end)))
        target, position, quote = (URIRef(f"{note}#{part}") for part in ("target", "position", "quote"))
        self.types(note, OA.Annotation)
        if body is not None:
            self.add(note, OA.hasBody, body)
        self.add(note, OA.motivatedBy, motivation)
        self.add(note, OA.hasTarget, target)
        self.types(target, OA.SpecificResource)
        self.add(target, OA.hasSource, self.document)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.types(position, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(found.start, datatype=XSD.nonNegativeInteger))
        self.add(position, OA.end, Literal(found.end, datatype=XSD.nonNegativeInteger))
        self.types(quote, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(found.exact))

    def stated_on(self, subject: URIRef) -> None:
        """Time-dependent facts (posts, head offices) carry the date their source states them."""
        if self.release.issued:
            self.add(subject, CKG.statedOn, Literal(self.release.issued, datatype=XSD.date))

    def year(self, year: int) -> URIRef:
        instant = self.mint("instant", f"{year:04d}")
        self.types(instant, TIME.Instant)
        self.add(instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))
        return instant

    # -- sections ----------------------------------------------------------------------------------------
    def build(self) -> Graph:
        self.source_document()
        for org in self.release.organisations:
            self.organisation_facts(org)
        self.head_offices()
        self.people_and_posts()
        self.relations()
        self.agreements()
        self.programmes()
        self.milestones()
        self.statements()
        for sentence in self.release.unread:
            self.not_understood(sentence)
        return self.graph

    def source_document(self) -> None:
        r, doc = self.release, self.document
        self.types(doc, CKG.SourceDocument, FOAF.Document, PROV.Entity)
        self.add(doc, RDFS.label, self.text(r.title or r.file_name))
        if r.title:
            self.add(doc, DCTERMS.title, self.text(r.title))
            self.annotate(doc, r.title_span)  # type: ignore[arg-type]
        if r.issued:
            self.add(doc, DCTERMS.issued, Literal(r.issued, datatype=XSD.date))
        self.add(doc, DCTERMS.language, Literal(self.lang))
        self.add(doc, CKG.fileName, Literal(r.file_name))
        self.add(doc, CKG.checksum, Literal(r.checksum))
        self.add(doc, CKG.charCount, Literal(r.char_count, datatype=XSD.nonNegativeInteger))
        self.add(doc, CKG.bodyStart, Literal(r.body.start, datatype=XSD.nonNegativeInteger))
        self.add(doc, CKG.bodyEnd, Literal(r.body.end, datatype=XSD.nonNegativeInteger))
        for issuer in r.issuers:
            self.add(doc, CKG.issuedBy, self.organisation(issuer))
            self.add(doc, DCTERMS.creator, self.organisation(issuer))
        for reference in r.references:
            if reference.url:
                cited = URIRef(reference.url)
            elif reference.issued:
                cited = self.mint("document", "cited", reference.issued.isoformat())
            else:
                continue  # neither an address nor a date: nothing to name the cited release by
            self.types(cited, FOAF.Document)
            if reference.issued:
                self.add(cited, DCTERMS.issued, Literal(reference.issued, datatype=XSD.date))
            self.add(doc, CKG.references, cited)
            self.add(doc, DCTERMS.references, cited)

    def organisation_facts(self, org: Organisation) -> None:
        node = self.organisation(org.key)
        if org.kind == "group":
            self.types(node, CKG.CorporateGroup, ORG.Organization, FOAF.Organization, PROV.Agent)
        else:
            self.types(node, CKG.Company, ORG.FormalOrganization, ORG.Organization, FOAF.Organization, PROV.Agent)
        self.add(node, RDFS.label, self.text(org.name))
        self.add(node, SKOS.prefLabel, self.text(org.name))
        if org.short_name:
            self.add(node, SKOS.altLabel, Literal(org.short_name))
        for written in org.written:
            self.add(node, SKOS.altLabel, Literal(written))
        if org.securities_code:
            self.add(node, CKG.securitiesCode, Literal(org.securities_code))
        if org.country:
            self.add(node, CKG.countryCode, Literal(org.country))
        self.derived(node, org.spans)

    def head_offices(self) -> None:
        for office in self.release.head_offices:
            site = self.mint("site", office.organisation, office.address)
            self.types(site, ORG.Site)
            self.add(site, RDFS.label, self.text(office.address))
            self.stated_on(site)
            self.add(self.organisation(office.organisation), ORG.hasPrimarySite, site)
            self.add(self.organisation(office.organisation), ORG.hasSite, site)
            self.derived(site, [office.span])

    def people_and_posts(self) -> None:
        for person in self.release.people:
            node = self.person(person.key)
            self.types(node, FOAF.Person, PROV.Agent)
            self.add(node, FOAF.name, self.text(person.key))
            self.add(node, RDFS.label, self.text(person.key))
            self.derived(node, person.spans)
        for post in self.release.posts:
            role = self.mint("role", post.title)
            self.types(role, ORG.Role, CKG.JobTitle, SKOS.Concept)
            self.add(role, RDFS.label, self.text(post.title))
            membership = self.mint("membership", post.person, post.organisation, post.title)
            self.types(membership, ORG.Membership)
            self.add(membership, ORG.member, self.person(post.person))
            self.add(membership, ORG.organization, self.organisation(post.organisation))
            self.add(membership, ORG.role, role)
            self.add(membership, RDFS.label, self.text(f"{post.person}({post.title})"))
            self.stated_on(membership)
            self.derived(membership, post.spans)
            self.derived(role, post.spans[:1])

    def relations(self) -> None:
        for relation in self.release.relations:
            for predicate in _RELATIONS[relation.relation]:
                self.add(self.organisation(relation.subject), predicate, self.organisation(relation.object))

    def agreements(self) -> None:
        for agreement in self.release.agreements:
            node = self.agreement(agreement)
            self.types(node, CKG[agreement.kind], CKG.Agreement, PROV.Entity)
            if agreement.kind in CONTRACT_KINDS:
                self.types(node, CKG.Contract)
            self.add(node, RDFS.label, self.text(agreement.label))
            for party in agreement.parties:
                self.add(node, CKG.hasParty, self.organisation(party))
            if agreement.signed_on:
                self.add(node, CKG.signedOn, Literal(agreement.signed_on, datatype=XSD.date))
                self.annotate(node, agreement.signed_on_span)  # type: ignore[arg-type]
            if agreement.purpose:
                self.add(node, CKG.purpose, self.text(agreement.purpose))
                self.annotate(node, agreement.purpose_span)  # type: ignore[arg-type]
            for scope in agreement.scopes:
                concept = self.scope_concepts.get(scope.label) or self.mint("scope", scope.label)
                self.add(node, CKG.hasScope, concept)
                if concept not in self.scope_concepts.values():
                    self.types(concept, CKG.ScopeArea, SKOS.Concept)
                    self.add(concept, SKOS.prefLabel, self.text(scope.label))
                    self.add(concept, SKOS.inScheme, CKG.ScopeAreaScheme)
                    self.derived(concept, [scope.span])
                else:
                    self.annotate(concept, scope.span)
            for programme in agreement.programmes:
                self.add(node, CKG.aboutProgramme, self.programme(programme))
            if agreement.carried_out_through:
                self.add(node, CKG.carriedOutThrough, self.organisation(agreement.carried_out_through))
            self.derived(node, agreement.spans)
        for ceremony in self.release.ceremonies:
            agreement = next(a for a in self.release.agreements if a.key == ceremony.agreement)
            node = self.agreement(agreement)
            event = URIRef(f"{node}/signing")
            self.types(event, CKG.SigningEvent, PROV.Activity)
            self.add(event, RDFS.label, self.text(ceremony.label))
            self.add(node, CKG.hasSigning, event)
            for person in ceremony.participants:
                self.add(event, CKG.participant, self.person(person))
                self.add(event, PROV.wasAssociatedWith, self.person(person))
            self.derived(event, [ceremony.span])

    def programmes(self) -> None:
        for programme in self.release.programmes:
            node = self.programme(programme.key)
            if programme.kind == "mission":
                self.types(node, CKG.Mission, PROV.Activity)
                if programme.part_of:
                    self.add(node, CKG.partOfProgramme, self.programme(programme.part_of))
            else:
                self.types(node, CKG.Programme, PROV.Activity)
            self.add(node, RDFS.label, self.text(programme.label))
            for name in programme.also:
                self.add(node, SKOS.altLabel, Literal(name))
            self.derived(node, programme.spans)

    def milestones(self) -> None:
        agreements = {a.key: self.agreement(a) for a in self.release.agreements}
        for milestone in self.release.milestones:
            period = f"{milestone.begins:04d}-{milestone.ends:04d}"
            node = self.mint("milestone", period, digest(milestone.text, length=8))
            interval = self.mint("interval", period)
            self.types(node, CKG.Milestone, PROV.Activity)
            self.add(node, RDFS.label, self.text(milestone.text))
            self.add(node, TIME.hasTime, interval)
            self.types(interval, TIME.ProperInterval)
            self.add(interval, TIME.hasBeginning, self.year(milestone.begins))
            self.add(interval, TIME.hasEnd, self.year(milestone.ends))
            for org in milestone.involves:
                self.add(node, CKG.involves, self.organisation(org))
            for concern in milestone.concerns:
                self.add(node, CKG.concerns, agreements.get(concern) or self.programme(concern))
            self.derived(node, [milestone.span])

    def statements(self) -> None:
        said: dict[str, int] = {}
        for statement in self.release.statements:
            said[statement.person] = said.get(statement.person, 0) + 1
            # A person's first statement keeps the plain IRI; a second one (a quote in prose besides a comment
            # under a heading) is numbered, in the order the release gives them.
            count = said[statement.person]
            node = self.mint("statement", self.release.name, statement.person, *([str(count)] if count > 1 else []))
            self.types(node, CKG.Statement, PROV.Entity)
            self.add(node, RDFS.label, self.text(
                f"{statement.person}のコメント" if self.lang == "ja" else f"Statement by {statement.person}"))
            self.add(node, PROV.wasAttributedTo, self.person(statement.person))
            self.add(node, CKG.text, self.text(statement.text))
            self.add(node, DCTERMS.source, self.document)
            self.derived(node, [statement.span])


def agreement_iri(
    mint: IdMinter, kind: str, signed_on: dt.date | None, parties: Iterable[str], instance: str | None = None
) -> URIRef:
    kebab = "".join("-" + c.lower() if c.isupper() else c for c in kind).lstrip("-")
    date = signed_on.isoformat() if signed_on else "undated"
    told_apart = () if instance is None else (instance,)
    return mint("agreement", f"{kebab}-{date}-{digest(*sorted(parties), *told_apart, length=6)}")


def build_graph(
    release: Release, *, base_iri: str = DEFAULT_BASE_IRI, scope_concepts: dict[str, URIRef] | None = None
) -> Graph:
    """The RDF of one release. `scope_concepts` maps a Japanese label to an ontology ScopeArea concept."""
    return _Builder(release, IdMinter(base_iri), scope_concepts or {}).build()


def document_iri(name: str, base_iri: str = DEFAULT_BASE_IRI) -> URIRef:
    return IdMinter(base_iri)("document", name)
