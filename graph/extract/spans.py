"""Spans: locating text in the source so every fact points back to where it was read."""

from __future__ import annotations

from ..facts import Span
from ..source import SourceDocument


def span(doc: SourceDocument, start: int, end: int) -> Span:
    """The span [start, end) of the stored file, trimmed of surrounding whitespace."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return Span(start, end, doc.text[start:end])
