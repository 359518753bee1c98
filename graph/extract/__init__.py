"""Release text → facts. Pure functions over a `SourceDocument`; every fact keeps its source span.

Each section of a release has its own reader (organisations, people, agreements, timeline, statements,
programmes, relations); this module runs them in order and joins what they found into one `Release`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from ..facts import (
    Agreement,
    Ceremony,
    HeadOffice,
    Milestone,
    Person,
    Post,
    Reference,
    Release,
    ScopeMention,
    Span,
    Statement,
    agreement_key,
    merge_posts,
)
from ..source import DATE_LINE, HEADER_CLAUSE, SourceDocument, chrome_lines
from .agreements import find_scope_areas, find_signings
from .aliases import Aliases
from .names import collapse_spaces, person_key
from .organisations import OrganisationFindings, find_organisations
from .parties import with_parties_by_count
from .people import PostPhrase, find_captions, latin_twin
from .programmes import MISSION, ProgrammeFindings, about_programmes, find_programmes, mission_key
from .relations import find_relations
from .spans import release_of, span
from .statements import find_comments
from .timeline import find_prose_history, find_timeline
from .unread import find_unread

_JOINT = re.compile(r"^\s*\(共同リリース\)\s*")
_SUBTITLE = re.compile(r"^\s*~.*~\s*$")
_FOOTNOTE = re.compile(r"^\s*\(\*(?P<n>\d+)\)\s*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日付(?P<rest>.*)$")
_THIS_MATTER = "(本件)"
# `*1 関連プレスリリース:` (or `(*1) 関連リリース`), the cited release on the same line or the next.
_RELATED = re.compile(r"^\s*\(?\*(?P<n>\d+)\)?\s*関連(?:プレス|ニュース)?リリース\s*[::]?\s*(?P<rest>.*)$")
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_CITED_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
T = TypeVar("T")
# A date the release states as its own: `…は、2025年9月30日、…を発表しました`, or `…日、` before the event's own
# `…日に` — not an event's date (`…日に締結`, `…日、覚書を締結`), a cited release's (`…日付プレスリリース`) or a note's.
_BODY_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日、(?P<rest>[^。\n]*)")
_OWN_DATE_FOLLOWS = re.compile(r"を発表|と発表|をお知らせ|\d日に")
_EVENT = re.compile(r"締結|調印|合意|開始|採択|実施|打ち上げ")


def extract_release(doc: SourceDocument) -> Release:
    """Everything the release states, each fact with the span it was read from."""
    if doc.language == "en":
        from .english import extract_english_release  # the English reader uses this package's helpers

        return extract_english_release(doc)
    orgs = find_organisations(doc)
    aliases = Aliases(orgs.frozen_organisations())
    relations = find_relations(doc, orgs, aliases)
    aliases = Aliases(orgs.frozen_organisations())  # groups and joint-venture owners found above

    title, joint = _title(doc)
    issued, issued_span = _issued(doc)
    posts = list(orgs.posts)
    captions = find_captions(doc, aliases, orgs.people)
    comments = find_comments(doc, aliases, orgs.people)
    for phrase in [p for c in captions for p in c.people] + [c.speaker for c in comments]:
        person = _person(orgs, phrase, posts)
        if phrase.organisation and phrase.title:
            posts.append(Post(person, phrase.organisation, collapse_spaces(phrase.title.exact), (phrase.title, phrase.name)))

    agreements = _agreements(doc, orgs, aliases, title, issued)
    main = agreements[0].key if agreements else None
    ceremonies = tuple(
        Ceremony(main, caption.event, tuple(_unique(orgs.add_person(p.name) for p in caption.people)), caption.span)
        for caption in captions
        if caption.event and main
    )
    programmes = find_programmes(doc)
    statements = tuple(
        Statement(
            person=_person(orgs, c.speaker, posts),
            organisation=c.speaker.organisation,
            title=collapse_spaces(c.speaker.title.exact) if c.speaker.title else None,
            text=c.text,
            span=c.span,
            heading=c.heading,
        )
        for c in comments
    )
    release = release_of(
        doc,
        title,
        issued,
        issued_span,
        joint_release=joint,
        issuers=tuple(orgs.issuers),
        organisations=orgs.frozen_organisations(),
        head_offices=tuple(_unique_by(orgs.head_offices, lambda h: (h.organisation, h.address))),
        people=tuple(Person(key, tuple(sorted(spans))) for key, spans in orgs.people.items()),
        posts=merge_posts(posts),
        relations=tuple(relations),
        agreements=tuple(about_programmes(doc, agreements, programmes.freeze())),
        ceremonies=ceremonies,
        programmes=programmes.freeze(),
        milestones=_milestones(doc, aliases, programmes, main),
        statements=statements,
        references=_references(doc),
    )
    return replace(release, unread=find_unread(doc, release))


def _person(orgs: OrganisationFindings, phrase: PostPhrase, posts: list[Post]) -> str:
    """The person a phrase names: a katakana name may transcribe a Latin-script one given in the release."""
    twin = latin_twin(person_key(phrase.name.exact), phrase.organisation, posts)
    if twin is None:
        return orgs.add_person(phrase.name)
    orgs.people[twin].append(phrase.name)
    return twin


def _title(doc: SourceDocument) -> tuple[Span | None, bool]:
    """The headline: the first line of the body above the date line, without its `(共同リリース)` label.

    When nothing but labels stands above the date line, the headline is the first line after the date and the
    issuers under it, if it reads as one: short, no full stop, no company header clause.
    """
    headline = doc.lines(doc.body_start, doc.date_line.start if doc.date_line else doc.body_start)
    joint = any(_JOINT.match(line.text) for line in headline)
    for line in headline:
        label = _JOINT.match(line.text)
        at = line.start + (label.end() if label else 0)
        if line.blank or _SUBTITLE.match(line.text) or at >= line.end:
            continue
        return span(doc, at, line.end), joint
    below = _headline_below_issuers(doc)
    return below, joint


def _headline_below_issuers(doc: SourceDocument) -> Span | None:
    if doc.date_line is None:
        return None
    lines = doc.lines(doc.date_line.end + 1, doc.body_end)
    chrome = chrome_lines(lines)
    at = 0
    while at < len(lines) and not lines[at].blank:  # the issuers under the date line
        at += 1
    while at < len(lines) and (lines[at].blank or at in chrome):
        at += 1
    if at >= len(lines):
        return None
    line = lines[at]
    text = line.text.strip()
    if len(text) > 80 or "。" in text or _SUBTITLE.match(text) or HEADER_CLAUSE.search(text):
        return None
    if at + 1 < len(lines) and not lines[at + 1].blank and not _SUBTITLE.match(lines[at + 1].text):
        return None  # a headline stands alone; this is the first line of a wrapped paragraph
    return span(doc, line.start, line.end)


def _issued(doc: SourceDocument) -> tuple[dt.date | None, Span | None]:
    """The release date: from the date line, or else a date the text gives as its own (`2025年9月30日、`)."""
    if doc.date_line is not None:
        match = DATE_LINE.fullmatch(doc.date_line.text)
        assert match is not None
        found = span(doc, doc.date_line.start + match.start("y"), doc.date_line.start + match.end("d"))
        if doc.folded[found.end : found.end + 1] == "日":
            found = span(doc, found.start, found.end + 1)
        return _date(match), found
    for match in _BODY_DATE.finditer(doc.folded, doc.body_start, doc.body_end):
        line_start = doc.folded.rfind("\n", 0, match.start()) + 1
        rest = match["rest"]
        announced = _OWN_DATE_FOLLOWS.search(rest)
        if not announced or _EVENT.search(rest[: announced.start()]):
            continue
        if re.match(r"\s*\(?\*\d", doc.folded[line_start : match.start()]):
            continue  # a note's date
        return _date(match), span(doc, match.start(), match.end("d") + 1)
    return None, None


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _agreements(
    doc: SourceDocument, orgs: OrganisationFindings, aliases: Aliases, title: Span | None, issued: dt.date | None
) -> list[Agreement]:
    """One agreement per kind and date; sentences that repeat it (the headline) add spans, not agreements.

    The sentence naming the most parties states an agreement first, so a headline naming one party and the
    agreement cannot stand in for the body's sentence that names both.
    """
    by_key: dict[str, Agreement] = {}
    signings = [
        (s, with_parties_by_count(doc, orgs, aliases, s.sentence, _parties(doc, orgs, aliases, s.sentence)))
        for s in find_signings(doc, doc.body_start, doc.body_end, issued)
    ]
    for signing, parties in sorted(signings, key=lambda sp: (sp[0].signed_on is None, -len(sp[1]), sp[0].name.start)):
        sentence = signing.sentence
        # The same agreement told again: same kind and no other date, in the headline (which may name a party by its
        # group: `ispaceとJALグループ、…基本合意書を締結`) or naming no party the first telling did not.
        headline = title is not None and title.start <= signing.name.start < title.end
        same = next(
            (
                a
                for a in by_key.values()
                if a.kind == signing.kind and (headline or len(parties) < 2 or set(parties) <= set(a.parties))
            ),
            None,
        )
        if same and (signing.signed_on is None or signing.signed_on == same.signed_on):
            by_key[same.key] = _with_span(same, signing.name)
            continue
        scopes = find_scope_areas(doc, sentence.start, sentence.end)
        if title and not scopes:
            scopes = find_scope_areas(doc, title.start, title.end)
        agreement = Agreement(
            kind=signing.kind,
            label=collapse_spaces(signing.name.exact),
            parties=tuple(sorted(set(parties))),
            spans=(signing.name,),
            signed_on=signing.signed_on,
            signed_on_span=signing.signed_on_span,
            purpose=signing.purpose.exact if signing.purpose else None,
            purpose_span=signing.purpose,
            scopes=tuple(ScopeMention(collapse_spaces(s.exact), s) for s in scopes),
            carried_out_through=_carried_out_through(doc, aliases),
        )
        by_key[agreement.key] = agreement
    return [a for a in by_key.values() if len(a.parties) >= 2]


# After an organisation's name (and its header clause), `の` makes it qualify the next noun
# (`株式会社ispace(…)の子会社である…`): it is not a party. `…の4社は` and `…の両社は` still count them.
_GENITIVE = re.compile(r"\s*(?:\([^()]*\)\s*)*の(?!\s*(?:\d+|[二三四五六七八九十両])社)")


def _parties(doc: SourceDocument, orgs: OrganisationFindings, aliases: Aliases, sentence: Span) -> list[str]:
    """The organisations a sentence states as acting: those it introduces, else those it mentions by name."""
    text = doc.folded
    introduced = [
        (start, end, key) for start, end, key in sorted(orgs.introduced_at) if sentence.start <= start < sentence.end
    ]
    parties = _unique(key for _, end, key in introduced if not _GENITIVE.match(text, end))
    if len(parties) >= 2:
        return parties
    mentioned = aliases.mentions(text[sentence.start : sentence.end])
    return _unique(key for _, end, key in mentioned if not _GENITIVE.match(text, sentence.start + end))


def _with_span(agreement: Agreement, extra: Span) -> Agreement:
    return replace(agreement, spans=tuple(sorted(set(agreement.spans) | {extra})))


def _carried_out_through(doc: SourceDocument, aliases: Aliases) -> str | None:
    """`本協業は、…ispace EUROPEを通じて実施されます`: the entity that carries the collaboration out."""
    match = re.search(r"(?P<who>[^、。]+?)を通じて実施", doc.folded[doc.body_start : doc.body_end])
    if not match:
        return None
    mentioned = aliases.mentioned(match["who"])
    return mentioned[-1] if mentioned else None


def _milestones(doc: SourceDocument, aliases: Aliases, programmes: ProgrammeFindings, main: str | None) -> tuple[Milestone, ...]:
    owners = sorted(set(programmes.named_as_programme))
    owner = owners[0] if len(owners) == 1 else None
    names = sorted(programmes.programmes, key=len, reverse=True)
    milestones = []
    for row in [*find_timeline(doc), *find_prose_history(doc, lambda text: bool(aliases.mentioned(text)))]:
        text = doc.folded[row.text.start : row.text.end]
        concerns = [n for n in names if re.search(re.escape(n) + r"(?![A-Za-z0-9\-])", text)]
        concerns = [n for n in concerns if not any(o != n and n in o and o in concerns for o in concerns)]
        concerns += [mission_key(owner, m["n"]) for m in MISSION.finditer(text)]
        if _THIS_MATTER in text and main:
            concerns.append(main)
        milestones.append(Milestone(row.begins, row.ends, collapse_spaces(row.text.exact), row.text, aliases.mentioned(text), tuple(concerns)))
    return tuple(milestones)


def _references(doc: SourceDocument) -> tuple[Reference, ...]:
    """Notes citing earlier releases: `(*1)2017年12月13日付プレスリリース … URL` or `*1 関連プレスリリース:` with the
    cited release's title and address on the lines below it (dated or not)."""
    references = []
    lines = [line for line in doc.lines(doc.body_start, doc.body_end) if not line.blank]
    for i, line in enumerate(lines):
        if note := _FOOTNOTE.match(line.text):
            issued = _date(note)
            if issued is None:
                continue
            url = _URL.search(note["rest"])
            references.append(Reference(f"*{note['n']}", issued, span(doc, line.start, line.end), url.group() if url else None))
        elif related := _RELATED.match(line.text):
            cited = [line] + ([] if _URL.search(related["rest"]) else lines[i + 1 : i + 2])
            where = "".join(c.text for c in cited)
            url, dated = _URL.search(where), _CITED_DATE.search(where)
            issued = _date(dated) if dated else None
            if url or issued:
                found = span(doc, cited[0].start, cited[-1].end)
                references.append(Reference(f"*{related['n']}", issued, found, url.group() if url else None))
    return tuple(references)



def _unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _unique_by(items: list[HeadOffice], key: Callable[[HeadOffice], Hashable]) -> list[HeadOffice]:
    seen: set[Hashable] = set()
    kept: list[HeadOffice] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept


__all__ = ["agreement_key", "extract_release"]
