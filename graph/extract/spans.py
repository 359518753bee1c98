"""Spans: locating text in the source so every fact points back to where it was read."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..facts import Release, Span
from ..source import SourceDocument


def span(doc: SourceDocument, start: int, end: int) -> Span:
    """The span [start, end) of the stored file, trimmed of surrounding whitespace."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return Span(start, end, doc.text[start:end])


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of Japanese text[start:end] as offsets: each ends after a `。` or a line end; blank ones are
    left out."""
    pieces, at = [], start
    for match in re.finditer(r"[。\n]", text[start:end]):
        stop = start + match.end()
        if text[at:stop].strip():
            pieces.append((at, stop))
        at = stop
    if at < end and text[at:end].strip():
        pieces.append((at, end))
    return pieces


def release_of(doc: SourceDocument, title: Span | None, issued: dt.date | None, issued_span: Span | None,
               **facts: Any) -> Release:
    """A release of `doc`: what every reader records of the file itself (its name, checksum, body, title and
    date), with the facts that reader found."""
    return Release(
        name=doc.name,
        file_name=doc.path.name,
        checksum=doc.checksum,
        char_count=len(doc.text),
        body=Span(doc.body_start, doc.body_end, doc.text[doc.body_start : doc.body_end]),
        title=title.exact if title else None,
        title_span=title,
        issued=issued,
        issued_span=issued_span,
        **facts,
    )
