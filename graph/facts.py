"""What a release states, as small frozen dataclasses: plain Python, no RDF.

Every fact carries the `Span`s of text it was read from, as code-point offsets into the stored file,
so the builder can point each triple back to its place in the source.
Organisations and people are referred to by their *key*: the normalised name that identifies them
across documents (see `extract.names`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of the source file: `text[start:end] == exact`."""

    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class Organisation:
    key: str  # normalised core name, e.g. "日本航空", "ispace"
    name: str  # legal name as written (full-width folded), e.g. "日本航空株式会社"
    kind: str  # "company" or "group"
    spans: tuple[Span, ...]
    short_name: str | None = None
    securities_code: str | None = None
    written: tuple[str, ...] = ()  # other forms the release writes the name in, e.g. "伊Telespazio社"
    country: str | None = None  # ISO 3166-1 alpha-2 code the release gives it (`伊Telespazio社` → "IT")


@dataclass(frozen=True)
class HeadOffice:
    organisation: str  # organisation key
    address: str
    span: Span


@dataclass(frozen=True)
class Person:
    key: str  # name without spaces or honorifics, e.g. "袴田武史"
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Post:
    """A person holds a titled post in an organisation (as the release states it on its date)."""

    person: str
    organisation: str
    title: str  # as written, inner whitespace collapsed to one space
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class OrgRelation:
    """`subject` relates to `object`: "subsidiary", "group-member", "joint-venture" or "regional-subsidiary"."""

    subject: str
    relation: str
    object: str
    span: Span
    share_percent: float | None = None


@dataclass(frozen=True)
class ScopeMention:
    """An area the agreement covers, as the release names it (`宇宙分野` gives `宇宙`)."""

    label: str
    span: Span


@dataclass(frozen=True)
class Agreement:
    kind: str  # ontology class local name, e.g. "BasicAgreement"
    label: str  # the agreement's name as written, e.g. "基本合意書"
    parties: tuple[str, ...]  # organisation keys, sorted
    spans: tuple[Span, ...]
    signed_on: dt.date | None = None
    signed_on_span: Span | None = None
    purpose: str | None = None
    purpose_span: Span | None = None
    scopes: tuple[ScopeMention, ...] = ()
    carried_out_through: str | None = None
    # What tells this agreement from another of the same kind, date and parties in the same release
    # (`two memorandums … related to payload services and strategic cooperation`); None when it is the only one.
    instance: str | None = None
    # Keys of the programmes it is about (`…プログラム「HAKUTO-R」にコーポレートパートナーとして参画`).
    programmes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return agreement_key(self.kind, self.signed_on, self.parties, self.instance)


def agreement_key(kind: str, signed_on: dt.date | None, parties: tuple[str, ...], instance: str | None = None) -> str:
    key = f"{kind}|{signed_on.isoformat() if signed_on else 'undated'}|{'|'.join(sorted(parties))}"
    return key if instance is None else f"{key}|{instance}"


@dataclass(frozen=True)
class Ceremony:
    """The signing ceremony of an agreement, with the people shown at it."""

    agreement: str  # Agreement.key
    label: str
    participants: tuple[str, ...]  # person keys, in the order shown
    span: Span


@dataclass(frozen=True)
class Programme:
    key: str  # e.g. "HAKUTO-R", or "HAKUTO-R/1" for a mission
    label: str
    kind: str  # "programme" or "mission"
    spans: tuple[Span, ...]
    part_of: str | None = None  # programme key, for missions
    also: tuple[str, ...] = ()  # other names the release gives it: the first words of its name, its short name


@dataclass(frozen=True)
class Milestone:
    begins: int  # year
    ends: int  # year
    text: str
    span: Span
    involves: tuple[str, ...] = ()  # organisation keys
    concerns: tuple[str, ...] = ()  # programme keys or agreement keys


@dataclass(frozen=True)
class Statement:
    person: str
    organisation: str | None
    title: str | None
    text: str  # lines joined, indentation removed
    span: Span  # the quoted text as it stands in the file
    heading: Span


@dataclass(frozen=True)
class Reference:
    """A note citing an earlier release by its date or its address (or both)."""

    marker: str
    issued: dt.date | None
    span: Span
    url: str | None = None


@dataclass(frozen=True)
class Release:
    """Everything one document states."""

    name: str  # the document's file stem: its identity in the graph
    file_name: str
    checksum: str
    char_count: int
    body: Span
    title: str | None = None
    title_span: Span | None = None
    issued: dt.date | None = None
    issued_span: Span | None = None
    joint_release: bool = False
    issuers: tuple[str, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    head_offices: tuple[HeadOffice, ...] = ()
    people: tuple[Person, ...] = ()
    posts: tuple[Post, ...] = ()
    relations: tuple[OrgRelation, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    ceremonies: tuple[Ceremony, ...] = ()
    programmes: tuple[Programme, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    statements: tuple[Statement, ...] = ()
    references: tuple[Reference, ...] = field(default=())
    # Sentences of the body that mention an agreement, a date, a company form or a comment heading but gave no
    # fact: where the graph may be missing something (see `extract.unread`).
    unread: tuple[Span, ...] = ()
    language: str = "ja"  # the language the release is written in: the tag of every label read from it


def merge_posts(posts: list[Post]) -> tuple[Post, ...]:
    """One post per (person, organisation, title), with the spans of every mention of it."""
    merged: dict[tuple[str, str, str], Post] = {}
    for post in posts:
        key = (post.person, post.organisation, post.title)
        known = merged.get(key)
        merged[key] = post if known is None else Post(*key, tuple(sorted(set(known.spans) | set(post.spans))))
    return tuple(merged.values())
