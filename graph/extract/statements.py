"""Executives' comments: `●ORG TITLE NAMEのコメント` followed by the quoted lines."""

from __future__ import annotations

import re
from collections.abc import Collection

from ..source import SourceDocument
from .aliases import Aliases
from .found import Quoted
from .names import person_key
from .people import PostPhrase, read_post_phrase
from .spans import span

# A heading names the speaker, with or without a bullet (`●`, `■`, none); its quote follows, maybe after a blank.
HEADING = re.compile(
    r"^\s*(?:[●■◆◎○・]\s*)?[【\[]?(?P<who>[^。「」【】]{2,80}?)\s*(?:氏)?\s*の?(?:コメント|談話)[】\]]?\s*[::]?\s*$"
)
_STOP = re.compile(r"^\s*(?:[●■◆◎【]|以上\s*$)")
# A quote in prose: `HAの代表取締役社長兼CEOマーク・ダンカリーは、「…」と述べています`.
_PROSE_QUOTE = re.compile(
    r"(?:は|も)、?\s*「(?P<quote>(?:[^「」]|「[^「」]*」)+)」\s*と(?:述べ|語|話し|コメント|強調|説明)"
)
_SPEAKER_BOUNDARY = re.compile(r"[、。「」\n]")


def find_comments(doc: SourceDocument, aliases: Aliases, known_people: Collection[str]) -> list[Quoted[PostPhrase]]:
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
        rest = lines[i + 1 :]
        gap = next((j for j, following in enumerate(rest) if not following.blank), len(rest))
        if gap == len(rest) or (gap and not rest[gap].text.lstrip().startswith("「")):
            continue  # after a blank line only a quotation mark opens the quote
        for following in rest[gap:]:
            if following.blank or _STOP.match(following.text) or HEADING.match(following.text):
                break
            quoted.append(following)
        if speaker is None or not quoted:
            continue
        # The release wraps lines inside words: join them with no space (Japanese has none).
        text = "".join(doc.text[q.start : q.end].strip() for q in quoted)
        comments.append(Quoted(speaker, span(doc, line.start, line.end), text,
                               span(doc, quoted[0].start, quoted[-1].end)))
    return sorted(comments + _prose_quotes(doc, aliases, known_people, comments), key=lambda c: c.span.start)


def _prose_quotes(
    doc: SourceDocument, aliases: Aliases, known_people: Collection[str], comments: list[Quoted[PostPhrase]]
) -> list[Quoted[PostPhrase]]:
    """Quotes the prose attributes (`…は、「…」と述べています`), outside the comments found under headings."""
    taken = [(c.span.start, c.span.end) for c in comments]
    found = []
    for match in _PROSE_QUOTE.finditer(doc.folded, doc.body_start, doc.body_end):
        if any(a <= match.start() < b for a, b in taken):
            continue
        who_end = match.start()
        before = doc.folded[max(doc.body_start, who_end - 60) : who_end]
        boundaries = list(_SPEAKER_BOUNDARY.finditer(before))
        who_start = who_end - len(before) + (boundaries[-1].end() if boundaries else 0)
        if who_end - who_start < 2:
            continue
        speaker = read_post_phrase(doc, who_start, who_end, aliases, known_people)
        if speaker is None or (speaker.title is None and person_key(speaker.name.exact) not in known_people):
            continue  # an unknown name with no post is not enough to tell a speaker from a subject
        quote = span(doc, match.start("quote") - 1, match.end("quote") + 1)
        text = "".join(piece.strip() for piece in doc.text[match.start("quote") : match.end("quote")].splitlines())
        found.append(Quoted(speaker, span(doc, who_start, who_end), text, quote))
    return found
