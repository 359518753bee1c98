"""People and their posts written as `ORG TITLE NAME`: photo captions and comment headings.

`(左から)JALEC 取締役 事業推進部長 秡川宏樹、JAL 執行役員 イノベーション本部長 鈴木隆夫、…` lists the
people at an event; `●JAL執行役員 イノベーション本部長 鈴木隆夫のコメント` heads a statement.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..facts import Span
from ..source import SourceDocument
from .aliases import Aliases
from .names import is_name, person_key
from .spans import span

CAPTION_MARK = re.compile(r"\((?:左|右)から\)")
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
    name_at = _name_start(doc.folded, body_at, phrase.end, known_people)
    if name_at is None:
        return None
    name = span(doc, name_at, phrase.end)
    if not is_name(person_key(name.exact)):
        return None
    title = span(doc, body_at, name_at)
    return PostPhrase(org, title if title.exact else None, name)


def _name_start(text: str, start: int, end: int, known_people: Collection[str]) -> int | None:
    """Where the person's name begins: a known name (spaced or not) at the end, else the last word."""
    for at in range(start, end):
        if not text[at].isspace() and person_key(text[at:end]) in known_people:
            return at
    words = list(re.finditer(r"\S+", text[start:end]))
    if not words:
        return None
    last = words[-1]
    # "袴田 武史": two short words at the end are one name split by a space.
    if len(words) >= 3 and len(last.group()) <= 2 and len(words[-2].group()) <= 2:
        return start + words[-2].start()
    return start + last.start()


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
        captions.append(Caption(event.group("event") if event else None, span(doc, line.start, line.end), tuple(people)))
    return captions
