"""Executives' comments: `●ORG TITLE NAMEのコメント` followed by the quoted lines."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..facts import Span
from ..source import SourceDocument
from .aliases import Aliases
from .people import PostPhrase, read_post_phrase
from .spans import span

HEADING = re.compile(r"^\s*[●■◆◎○・]\s*(?P<who>.+?)(?:氏)?の(?:コメント|談話)\s*[::]?\s*$")
_STOP = re.compile(r"^\s*(?:[●■◆◎【]|以上\s*$)")


@dataclass(frozen=True)
class Comment:
    speaker: PostPhrase
    heading: Span
    text: str
    span: Span


def find_comments(doc: SourceDocument, aliases: Aliases, known_people: Collection[str]) -> list[Comment]:
    lines = doc.lines(doc.body_start, doc.body_end)
    comments = []
    for i, line in enumerate(lines):
        heading = HEADING.match(line.text)
        if not heading:
            continue
        speaker = read_post_phrase(
            doc, line.start + heading.start("who"), line.start + heading.end("who"), aliases, known_people
        )
        quoted = []
        for following in lines[i + 1 :]:
            if following.blank or _STOP.match(following.text):
                break
            quoted.append(following)
        if speaker is None or not quoted:
            continue
        # The release wraps lines inside words: join them with no space (Japanese has none).
        text = "".join(doc.text[q.start : q.end].strip() for q in quoted)
        comments.append(Comment(speaker, span(doc, line.start, line.end), text, span(doc, quoted[0].start, quoted[-1].end)))
    return comments
