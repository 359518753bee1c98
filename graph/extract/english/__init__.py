"""English release text → facts: the same `Release` the Japanese reader gives, with `language="en"`.

The English reader runs on the frame `frame.find_english_body` gave the document (headline, lead, end) and reads
each section in turn: dates, organisations, people and posts, quotations, agreements. Quotations are blanked before
companies and agreements are read, so that what a speaker says states neither; every fact keeps its span of the
stored file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ...facts import Agreement, Person, Post, Release, Span, Statement, merge_posts
from ...source import SourceDocument
from ..aliases import Aliases
from ..found import Signing
from ..names import collapse_spaces, person_key
from ..release_agreements import signed_agreement, with_span
from ..spans import release_of, span
from .agreements import find_signings
from .dates import DATELINE, SITE_DATE_LINE, parse_date
from .frame import frame
from .organisations import EnglishOrganisations, core_name, find_organisations
from .people import find_posts
from .quotes import blank_quotations
from .statements import find_quotes
from .unread import find_unread_english

_POSSESSIVE = re.compile(r"[’']s\b")


def extract_english_release(doc: SourceDocument) -> Release:
    found = frame(doc.text)
    assert found is not None, "read_source framed this document"
    text = blank_quotations(doc.folded, doc.body_start, doc.body_end)
    issued, issued_span = _issued(doc, found.lead.start, found.lead.end, found.site_date)
    if dateline := DATELINE.match(text, found.lead.start, found.lead.end):  # its place and date name no company
        text = text[: dateline.start()] + " " * (dateline.end() - dateline.start()) + text[dateline.end() :]
    orgs = find_organisations(doc, text)
    organisations = orgs.frozen()
    aliases = Aliases(organisations)
    names = _alias_names(orgs)
    alias_pattern = "|".join(re.escape(n) for n in names)
    issuers = _issuers(doc, text, aliases, found.lead.start, found.lead.end)
    people: dict[str, list[Span]] = {}
    posts: list[Post] = []
    for phrase in find_posts(doc, text, aliases, issuers[0] if issuers else None, alias_pattern):
        key = _person(people, phrase.name)
        if phrase.title and phrase.organisation:
            posts.append(
                Post(key, phrase.organisation, collapse_spaces(phrase.title.exact), (phrase.title, phrase.name))
            )
    statements = []
    for quote in find_quotes(doc):
        key = _person(people, quote.speaker)
        held = next((p for p in posts if p.person == key), None)
        statements.append(
            Statement(
                key, held.organisation if held else None, held.title if held else None,
                quote.text, quote.span, quote.heading,
            )
        )
    title = span(doc, found.title.start, found.title.end) if found.title else None
    agreements = _agreements(doc, text, aliases, orgs, title, issued)
    release = release_of(
        doc,
        title,
        issued,
        issued_span,
        issuers=tuple(issuers),
        organisations=organisations,
        head_offices=tuple({(h.organisation, h.address): h for h in orgs.head_offices}.values()),
        people=tuple(Person(key, tuple(sorted(set(spans)))) for key, spans in people.items()),
        posts=merge_posts(posts),
        relations=tuple(orgs.relations),
        agreements=tuple(agreements),
        statements=tuple(statements),
        language="en",
    )
    return replace(release, unread=find_unread_english(doc, release))


def _issued(
    doc: SourceDocument, lead_start: int, lead_end: int, site_date: object
) -> tuple[dt.date | None, Span | None]:
    """The dateline's date; else the site's own date line above the lead (the dateline may say only `Today`)."""
    text = doc.folded
    dateline = DATELINE.match(text, lead_start, lead_end)
    if dateline and dateline["date"]:
        day = parse_date(dateline["date"])
        if day:
            return day, span(doc, dateline.start("date"), dateline.end("date"))
    if site_date is not None:
        line = site_date  # a Line
        match = SITE_DATE_LINE.match(text, line.start, line.end)  # type: ignore[attr-defined]
        if match:
            group = "posted" if match["posted"] else "date"
            day = parse_date(match[group])
            if day:
                return day, span(doc, match.start(group), match.end(group))
    return None, None


def _alias_names(orgs: EnglishOrganisations) -> list[str]:
    names = {n for o in orgs.found.values() for n in (o.name, o.short_name, core_name(o.name)) if n}
    return sorted(names, key=len, reverse=True)


def _issuers(doc: SourceDocument, text: str, aliases: Aliases, start: int, end: int) -> list[str]:
    """The companies the lead sentence makes its subject: those named before its first verb of announcing or signing."""
    lead = text[start:end]
    verb = re.search(r"\b(?:announced|announces|announce|have signed|has signed|signed|unveils|unveiled|today)\b", lead)
    head = lead[: verb.start()] if verb else ""
    return list(dict.fromkeys(key for s, e, key in aliases.mentions(head) if not _POSSESSIVE.match(head, e)))


def _person(people: dict[str, list[Span]], name: Span) -> str:
    key = person_key(name.exact)
    people.setdefault(key, []).append(name)
    return key


def _parties(text: str, aliases: Aliases, sentence: Span) -> list[str]:
    """Companies a sentence names as acting: not one in a possessive (`ispace’s program`) or an appositive's owner."""
    body = text[sentence.start : sentence.end]
    masked = re.sub(r",\s+a\s+joint\s+venture\s+(?:between|of)\s+[^,]*,", lambda m: " " * len(m.group()), body)
    return list(
        dict.fromkeys(key for s, e, key in aliases.mentions(masked) if not _POSSESSIVE.match(masked, e))
    )


def _agreements(
    doc: SourceDocument, text: str, aliases: Aliases, orgs: EnglishOrganisations, title: Span | None,
    issued: dt.date | None,
) -> list[Agreement]:
    """One agreement per kind, parties and date (two when the text counts two); a retelling adds its span."""
    found: list[Agreement] = []
    signings: list[tuple[Signing, list[str]]] = [
        (s, _parties(text, aliases, s.sentence))
        for s in find_signings(doc, text, issued)
        if title is None or not title.start <= s.name.start < title.end
    ]
    if title is not None:  # the headline retells the body's agreement: read last, it adds a span
        title_text = blank_quotations(doc.folded, title.start, title.end)
        signings += [
            (s, _parties(title_text, aliases, s.sentence))
            for s in find_signings(replace(doc, body_start=title.start, body_end=title.end), title_text, issued)
        ]
    def in_title(signing: Signing) -> bool:
        return title is not None and title.start <= signing.name.start < title.end

    for signing, parties in sorted(signings, key=lambda sp: (in_title(sp[0]), -len(sp[1]), sp[0].name.start)):
        headline = in_title(signing)
        same = [
            a for a in found
            if a.kind == signing.kind and (headline or len(parties) < 2 or set(parties) <= set(a.parties))
            and (signing.signed_on is None or signing.signed_on == a.signed_on)
        ]
        if same:
            found = [with_span(a, signing.name) if a in same else a for a in found]
            continue
        if len(parties) < 2:
            continue
        topics: list[Span | None] = list(signing.topics) or [None] * signing.count
        for number, topic in enumerate(topics, start=1):
            instance = None
            if signing.count > 1:
                instance = collapse_spaces(topic.exact) if topic else str(number)
            found.append(
                signed_agreement(
                    signing,
                    parties,
                    purpose=collapse_spaces(topic.exact) if topic else None,
                    purpose_span=topic,
                    carried_out_through=_carried_out_through(text, aliases, doc),
                    instance=instance,
                )
            )
    return found


def _carried_out_through(text: str, aliases: Aliases, doc: SourceDocument) -> str | None:
    """`This collaboration has been facilitated through ispace-Europe`: who carries the agreement out."""
    match = re.search(r"\b(?:facilitated|carried\s+out|conducted|implemented)\s+(?:through|via|by)\s+(?P<who>[^,.;]+)",
                      text[doc.body_start : doc.body_end])
    if not match:
        return None
    mentioned = aliases.mentioned(match["who"])
    return mentioned[0] if mentioned else None

