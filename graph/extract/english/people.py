"""People and their posts in an English release, in the orders English writes them.

- `Takeshi Hakamada, Founder and CEO of ispace` / `Seamus Tuohy, principal director of space systems at Draper`
- `● Junji Oura, CEO, Sky Co., Ltd.:` (a comment heading: name, title, company)
- `ispace Founder & CEO Takeshi Hakamada` (company, title, name)
- `appointed Kyle Acierno as its U.S. CEO` (the announcing company's post)
- `At ispace, Kursten will assume the role of U.S. Lander Program Director` (a post taken from now; the given name
  refers to the person the release named in full)

A past post (`following seven years at SpaceX`, `performing as the Managing Director of …`) is not read: none of these
forms states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...facts import Span
from ...source import SourceDocument
from ..aliases import Aliases
from ..spans import span

GIVEN = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
FAMILY = r"(?:(?:de|van|von|der|da|di|du|le|la|al|bin)\s+)?(?:O[’']|Mc|Mac|D[’'])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
PERSON = rf"(?P<person>{GIVEN}(?:\s+[A-Z]\.)?\s+{FAMILY})(?![\w’'])"
# A title holds one of these words (any case): `Founder & CEO`, `principal director of space systems`, `U.S. CEO`.
TITLE_HEAD = re.compile(
    r"\b(?:CEO|CFO|CTO|COO|CIO|CMO|CSO|President|Chair(?:man|woman|person)?|Director|Officer|Founder|Co-Founder"
    r"|Manager|Head|Executive|Chief|Partner|Lead|Leader|Engineer|Scientist|Secretary|Minister|Administrator"
    r"|Commissioner|Vice|General Manager|Principal|Fellow|Professor)\b",
    re.IGNORECASE,
)
_TITLE_WORDS = r"(?:(?:[A-Z]\.){2,}|[A-Za-z&][\w&\-’']*)(?:\s+(?:(?:[A-Z]\.){2,}|[A-Za-z&][\w&\-’']*))*?"
_NOT_PERSON = frozenset({"The", "This", "These", "Our", "Their", "Its", "Each", "Both"})
# Title words written in lower case (`ispace founder and CEO Takeshi Hakamada`).
_LOWER_TITLE = r"(?:founder|co-founder|chief|executive|representative|senior|vice|general|managing|president|director)"


def is_person_name(name: str) -> bool:
    """Two capitalised words are a name unless they are a title (`Chief Executive`) or open a sentence (`The …`)."""
    words = name.split()
    return words[0] not in _NOT_PERSON and not any(TITLE_HEAD.fullmatch(w) for w in words)


@dataclass(frozen=True)
class PostPhrase:
    name: Span
    title: Span | None
    organisation: str | None


def find_posts(doc: SourceDocument, text: str, aliases: Aliases, issuer: str | None,
               alias_pattern: str) -> list[PostPhrase]:
    """Every person named with a post (or, for `said …`, the bare name); `text` has its quotations blanked."""
    start, end = doc.body_start, doc.body_end
    found: list[PostPhrase] = []
    if alias_pattern:
        org = rf"(?P<org>{alias_pattern})(?![\w-])"
        name_title_of = re.compile(
            rf"{PERSON},\s+(?:the\s+)?(?P<title>[^,;:“”\"\n()]{{2,80}}?)\s+(?:of|at)\s+(?:the\s+)?{org}"
        )
        heading = re.compile(rf"{PERSON},\s+(?P<title>[^,;:“”\"\n()]{{2,60}}?),\s+{org}\s*[:,]")
        org_title_name = re.compile(
            rf"{org}(?:[’']s)?\s+(?P<title>(?:(?:[A-Z][\w&.\-]*|&|and|of|{_LOWER_TITLE})\s+){{0,6}}?"
            rf"(?:CEO|CFO|CTO|COO|[Pp]resident|[Cc]hair(?:man|woman)?|[Dd]irector|[Oo]fficer|[Ff]ounder|[Mm]anager"
            rf"|[Hh]ead))\s+{PERSON}"
        )
        joins = re.compile(
            rf"{PERSON},\s+who\s+(?:joins|joined|will\s+join|has\s+joined)\s+{org}\s+as\s+(?:its\s+|the\s+|a\s+)?"
            rf"(?P<title>{_TITLE_WORDS})(?=\s*[.,;]|\s+(?:and|in|to|for|from|effective)\b)"
        )
        for pattern in (name_title_of, heading, org_title_name, joins):
            for match in pattern.finditer(text, start, end):
                if TITLE_HEAD.search(match["title"]) and is_person_name(match["person"]):
                    found.append(_phrase(doc, match, aliases.prefix(match["org"])))
    if issuer:
        appointed = re.compile(
            rf"\b(?:appointed|named|hired|promoted)\s+{PERSON}\s+(?:as|to)\s+(?:its|the\s+company[’']s|our)\s+(?:new\s+)?"
            rf"(?P<title>{_TITLE_WORDS})(?=\s*[.,;]|\s+(?:and|in|to|for|from|effective)\b)"
        )
        for match in appointed.finditer(text, start, end):
            if TITLE_HEAD.search(match["title"]) and is_person_name(match["person"]):
                found.append(PostPhrase(span(doc, *match.span("person")), span(doc, *match.span("title")), issuer))
    found += _roles_taken(doc, text, aliases, issuer, alias_pattern)
    return found


def _phrase(doc: SourceDocument, match: re.Match[str], org: tuple[str, int] | None) -> PostPhrase:
    return PostPhrase(span(doc, *match.span("person")), span(doc, *match.span("title")), org[0] if org else None)


def _roles_taken(
    doc: SourceDocument, text: str, aliases: Aliases, issuer: str | None, alias_pattern: str
) -> list[PostPhrase]:
    """`At ispace, Kursten will assume the role of …`: the given name of someone the release names in full."""
    at_org = rf"(?:At\s+(?P<org>{alias_pattern}),\s+)?" if alias_pattern else ""
    role = re.compile(
        rf"{at_org}(?P<who>{GIVEN}(?:\s+{FAMILY})?)\s+will\s+(?:assume|take(?:\s+on)?|serve\s+in|hold)\s+the\s+"
        rf"(?:role|position|post|title)\s+of\s+(?:the\s+)?(?P<title>{_TITLE_WORDS})(?=\s*[.,;]|\s+(?:and|in|to|for|from|effective)\b)"
    )
    full_names = [m for m in re.finditer(PERSON, text[doc.body_start : doc.body_end]) if is_person_name(m["person"])]
    found = []
    for match in role.finditer(text, doc.body_start, doc.body_end):
        who = match["who"]
        named = [m for m in full_names if m["person"] == who or m["person"].split()[0] == who]
        if len({m["person"] for m in named}) != 1 or not TITLE_HEAD.search(match["title"]):
            continue  # no one, or more than one, answers to the given name: no guess
        named_org = aliases.prefix(match["org"]) if at_org and match["org"] else None
        org = named_org[0] if named_org else issuer
        if org is None:
            continue
        whole = named[0]
        name = span(doc, doc.body_start + whole.start("person"), doc.body_start + whole.end("person"))
        found.append(PostPhrase(name, span(doc, *match.span("title")), org))
    return found
