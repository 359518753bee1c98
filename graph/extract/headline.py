"""A Japanese release's headline: the line above the date line, or the one below the issuers."""

from __future__ import annotations

import re

from ..facts import Span
from ..source import HEADER_CLAUSE, SourceDocument, chrome_lines
from .spans import span

_JOINT = re.compile(r"^\s*\(共同リリース\)\s*")
_SUBTITLE = re.compile(r"^\s*~.*~\s*$")


def find_title(doc: SourceDocument) -> tuple[Span | None, bool]:
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
