"""The shapes of the REST answers, for the OpenAPI document (`/openapi.json`, `/docs`).

The routes send the lookups' dicts as they are; these models only describe them. The tests validate real
answers against them (extra keys forbidden), so the document cannot drift from what is sent.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

LangMap = dict[str, list[str]]
"""Language tag → values, e.g. `{"ja": ["日本航空株式会社"]}` (`@none` for a value without a language)."""

Text = str | dict[str, str]
"""A plain string, or `{"@value": …, "@language": …}` for a value with a language."""


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Ref(_Shape):
    id: str = Field(description="IRI of the linked resource")
    label: LangMap = Field(description="rdfs:label by language")


class OrgRef(Ref):
    altLabel: list[Text] = Field(description="short names, e.g. JALEC")


class PersonRef(_Shape):
    id: str
    name: LangMap


class ConceptRef(_Shape):
    id: str
    prefLabel: LangMap = Field(description="skos:prefLabel by language (ja and en for the ontology's scope areas)")


class Source(_Shape):
    id: str = Field(description="IRI of the oa:Annotation whose body is this resource")
    document: str = Field(description="IRI of the source document")
    start: int | None = Field(description="code-point offset of the span's start in the stored file")
    end: int | None = Field(description="code-point offset just after the span")
    exact: str | None = Field(description="the span's text, as in the file")


class Site(Ref):
    statedOn: list[str] = Field(description="dates (xsd:date) of the releases that state this head office")


class OrganisationPost(_Shape):
    id: str = Field(description="IRI of the org:Membership")
    member: PersonRef | None
    role: Ref | None = Field(description="the post, its title as written")
    statedOn: list[str]


class PersonPost(_Shape):
    id: str = Field(description="IRI of the org:Membership")
    organization: OrgRef | None
    role: Ref | None = Field(description="the post, its title as written")
    statedOn: list[str]


class AgreementRef(Ref):
    signedOn: str | None


class StatementRef(Ref):
    text: LangMap


class Signing(Ref):
    participant: list[PersonRef]


class Organisation(_Shape):
    id: str = Field(description="the organisation's IRI")
    href: str | None = Field(description="this item's URL in the REST API")
    type: list[str] = Field(description="classes, short names from the JSON-LD context")
    label: LangMap
    altLabel: list[Text] = Field(description="short names (以下「…」)")
    hasPrimarySite: list[Site] = Field(description="head offices")
    subOrganizationOf: list[OrgRef]
    posts: list[OrganisationPost] = Field(description="who holds which post here")
    agreements: list[AgreementRef] = Field(description="agreements it is a party to")
    sources: list[Source]


class Person(_Shape):
    id: str
    href: str | None
    type: list[str]
    name: LangMap
    posts: list[PersonPost]
    statements: list[StatementRef]
    sources: list[Source]


class Agreement(_Shape):
    id: str
    href: str | None
    type: list[str]
    label: LangMap
    kind: Ref = Field(description="the most specific agreement class, e.g. ckg:BasicAgreement, with its labels")
    hasParty: list[OrgRef]
    signedOn: str | None = Field(description="xsd:date")
    purpose: LangMap
    hasScope: list[ConceptRef]
    hasSigning: list[Signing] = Field(description="the signing event and its participants")
    sources: list[Source]


class Milestone(_Shape):
    id: str
    type: list[str]
    label: LangMap
    from_: int | None = Field(alias="from", description="first year")
    to: int | None = Field(description="last year")
    hasTime: list[str] = Field(description="IRI of the OWL-Time interval")
    involves: list[OrgRef]
    concerns: list[Ref]
    sources: list[Source]


class Statement(_Shape):
    id: str
    type: list[str]
    label: LangMap
    text: LangMap
    wasAttributedTo: PersonRef | None
    hadPrimarySource: list[Ref]
    sources: list[Source]


class SearchHit(_Shape):
    id: str
    href: str | None = Field(description="REST URL, else where the IRI dereferences on this server")
    type: list[str]
    label: LangMap
    prefLabel: LangMap
    altLabel: list[Text]
    name: LangMap
    matched: list[str] = Field(description="the names that contain q")


class _Page(_Shape):
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last")


class OrganisationPage(_Page):
    items: list[Organisation]


class PersonPage(_Page):
    items: list[Person]


class AgreementPage(_Page):
    items: list[Agreement]


class MilestonePage(_Page):
    items: list[Milestone]


class StatementPage(_Page):
    items: list[Statement]


class SearchPage(_Page):
    items: list[SearchHit]


class Problem(_Shape):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
