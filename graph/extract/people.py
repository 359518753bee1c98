"""People and their posts written as `ORG TITLE NAME`: photo captions and comment headings.

`(左から)JALEC 取締役 事業推進部長 秡川宏樹、JAL 執行役員 イノベーション本部長 鈴木隆夫、…` lists the
people at an event; `●JAL執行役員 イノベーション本部長 鈴木隆夫のコメント` heads a statement.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..facts import Post, Span
from ..source import SourceDocument
from .aliases import Aliases
from .names import is_name, person_key
from .spans import span

# `(左から)`, `(写真左から)`, `(写真右より)`, `写真左から:` open a list of the people in a photo.
CAPTION_MARK = re.compile(r"\((?:写真)?(?:左|右)(?:から|より)\)|(?:^|\s)写真(?:左|右)(?:から|より)\s*[::]")
_EVENT_BEFORE_CAPTION = re.compile(r"(?P<event>\S*締結式)")


@dataclass(frozen=True)
class PostPhrase:
    organisation: str | None
    title: Span | None
    name: Span


def read_post_phrase(
    doc: SourceDocument, start: int, end: int, aliases: Aliases, known_people: Collection[str]
) -> PostPhrase | None:
    """Split `ORG TITLE NAME` into its parts; the name is a known person's, or the last word."""
    phrase = span(doc, start, end)
    if not phrase.exact:
        return None
    folded = doc.folded[phrase.start : phrase.end]
    found = aliases.prefix(folded)
    org, body_at = (found[0], phrase.start + found[1]) if found else (None, phrase.start)
    if org and doc.folded.startswith("の", body_at):  # `HAの代表取締役社長…`
        body_at += 1
    name_at = _name_start(doc.folded, body_at, phrase.end, known_people)
    if name_at is None:
        return None
    name = span(doc, name_at, phrase.end)
    if not is_name(person_key(name.exact)):
        return None
    title_end = name_at
    while title_end > body_at and (doc.folded[title_end - 1].isspace() or doc.folded[title_end - 1] == "の"):
        title_end -= 1  # `代表取締役社長の植木義晴`: the の joins the post to the name
    title = span(doc, body_at, title_end)
    return PostPhrase(org, title if title.exact else None, name)


def _name_start(text: str, start: int, end: int, known_people: Collection[str]) -> int | None:
    """Where the person's name begins: a known name (spaced or not) at the end, else the last word."""
    for at in range(start, end):
        if not text[at].isspace() and person_key(text[at:end]) in known_people:
            return at
    words = list(re.finditer(r"\S+", text[start:end]))
    if not words:
        return None
    latin = _latin_name_start(words)
    if latin is not None:
        return start + latin
    if len(words) == 1 and (glued := _TITLE_THEN_NAME.match(words[0].group())):
        return start + words[0].start() + glued.start("name")  # `代表取締役社長兼CEOマーク・ダンカリー`
    last = words[-1]
    # "袴田 武史": two short words at the end are one name split by a space.
    if len(words) >= 3 and len(last.group()) <= 2 and len(words[-2].group()) <= 2:
        return start + words[-2].start()
    return start + last.start()


# Words of a post written in Latin script; a Latin-script name follows the last of them.
_LATIN_TITLE_WORD = re.compile(
    r"^(?:&|and|of|the|Co-?Founder|Founder|CEO|COO|CTO|CFO|CIO|CSO|Chief|Executive|Officer|President|Vice|"
    r"Chairman|Chairperson|Chair|Director|Managing|General|Manager|Head|Senior|Partner|Representative|"
    r"Board|Member|Principal|Lead|Deputy|Operating|Technology|Financial|Commercial|Business|Development)$",
    re.IGNORECASE,
)
# A post and a name written without a space: the post ends with its last post word (`…CEO`, `…社長の`).
_TITLE_THEN_NAME = re.compile(
    r"^(?P<title>.*(?:社長|会長|取締役|執行役員|役員|本部長|部長|室長|所長|学長|理事長|理事|頭取|代表|CEO|COO|CTO|CFO|"
    r"Founder|President))の?(?P<name>[^\sの]{2,})$"
)
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z.'\-]*$")


def _latin_name_start(words: list[re.Match[str]]) -> int | None:
    """`Founder & CEO Carlos Manuel Entrena Utrilla`: the name is the Latin words after the last post word."""
    if not _LATIN_WORD.match(words[-1].group()) or _LATIN_TITLE_WORD.match(words[-1].group()):
        return None
    at = len(words)
    while at > 0 and _LATIN_WORD.match(words[at - 1].group()) and not _LATIN_TITLE_WORD.match(words[at - 1].group()):
        at -= 1
    return words[at].start() if at < len(words) else None


@dataclass(frozen=True)
class Caption:
    event: str | None  # e.g. "基本合意書締結式" when the photo shows a signing ceremony
    span: Span
    people: tuple[PostPhrase, ...]


def find_captions(doc: SourceDocument, aliases: Aliases, known_people: Collection[str]) -> list[Caption]:
    captions = []
    for line in doc.lines(doc.body_start, doc.body_end):
        mark = CAPTION_MARK.search(line.text)
        if not mark:
            continue
        event = _EVENT_BEFORE_CAPTION.search(line.text[: mark.start()])
        people, at = [], line.start + mark.end()
        for piece in re.split(r"[、,]", line.text[mark.end() :]):
            phrase = read_post_phrase(doc, at, at + len(piece), aliases, known_people)
            if phrase:
                people.append(phrase)
            at += len(piece) + 1
        captions.append(Caption(event.group("event") if event else None, span(doc, line.start, line.end),
                                tuple(people)))
    return captions


def latin_twin(name: str, organisation: str | None, posts: Iterable[Post]) -> str | None:
    """The one person of `organisation` written in Latin script whom a katakana name transcribes.

    `マーク・ダンカリー` of HA is `Mark Dunkerly`, named in HA's header clause: same organisation, same number of
    words. None when no such person, or more than one, is known.
    """
    if organisation is None or not _KATAKANA_NAME.match(name):
        return None
    parts = len(re.split(r"[・=＝\s]", name))
    twins = {
        p.person
        for p in posts
        if p.organisation == organisation and _LATIN_NAME.match(p.person) and len(p.person.split()) == parts
    }
    return twins.pop() if len(twins) == 1 else None


_KATAKANA_NAME = re.compile(r"^[\u30A0-\u30FF・=＝\s]+$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z.'\- ]*$")
